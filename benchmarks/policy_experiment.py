"""The closed-loop experiment of notebook 14: argos against behaviour cloning on Meta-World, several training seeds.

For each training seed: train the stage-3 world model and the BC baseline of the same size on the same embedded
demonstrations (`argos.action_stage.run_action_stage`), then evaluate both in closed loop on reset seeds never used in
training (the evaluator refuses training seeds), with the scripted expert and random actions as references. Writes
per-seed results, the pooled table (`success.md`), a plot (`success.png`) and `summary.json` to --out. A finished seed
is not run again (delete its folder to redo it).

    python benchmarks/policy_experiment.py --out outputs/policy_experiment --seeds 0 1 2 --threads 1
"""
from __future__ import annotations
import argparse, json, time
from pathlib import Path

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--data-path", default=None, help="train on this LeRobot v3 dataset as it is (e.g. benchmarks/takeover_data.py's) instead of generating one")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="training seeds")
    p.add_argument("--episodes", type=int, default=None, help="demonstrations per task (default 50; not with --data-path)")
    p.add_argument("--tasks", nargs="+", default=None)
    p.add_argument("--eval-seeds", default="0:20", help="reset seeds A:B evaluated per task")
    p.add_argument("--steps", type=int, default=3000, help="world-model training steps")
    p.add_argument("--bc-steps", type=int, default=None, help="BC steps (default: --steps; 0: no BC, argos alone)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--image-size", type=int, default=64)
    p.add_argument("--crop", type=float, nargs=4, default=None, metavar=("TOP", "LEFT", "HEIGHT", "WIDTH"),
                   help="encode this box of each recorded frame (fractions), a zoom of the camera; the policy crops the same")
    p.add_argument("--action-noise", type=float, default=0.0,
                   help="train on DART demonstrations: this std of correlated noise on the expert's executed actions (labels stay the expert's)")
    p.add_argument("--goal-state", action="store_true",
                   help="a diagnostic: the goal's position (from the simulator) appended to the state in training and evaluation")
    p.add_argument("--object-state", action="store_true",
                   help="a diagnostic: the object's position (from the simulator) appended to the state after the goal's")
    p.add_argument("--p-state-marginal", type=float, default=0.0,
                   help="share of the world model's training windows with the future states held as noise (UWM's marginal "
                        "policy); when > 0 the world model is also evaluated acting that way, without imagining: 'argos (marginal)'")
    p.add_argument("--modes", choices=("all", "policy"), default="all",
                   help="the world model's window modes: 'all' (the default shares: forward model, video, inverse, policy) or "
                        "'policy' (every window generates future and actions together, PAD's setup; with --p-state-marginal P, every window but that share)")
    p.add_argument("--weight-action", type=float, default=1.0, help="the action token's loss weight in the world model (patches and proprio: 1)")
    p.add_argument("--history", type=int, default=3, help="real frames the models see per re-plan, the current one included")
    p.add_argument("--sample-steps", type=int, default=10)
    p.add_argument("--decoded", action="store_true", help="also evaluate actions decoded from the imagined proprio")
    p.add_argument("--batch-envs", type=int, default=20)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)

    from argos.action_stage import ActionStageConfig, run_action_stage
    from argos.evaluate import builtin_policy, parse_seeds
    from argos.flow import FlowConfig
    from argos.policy import Policy, PolicyConfig, closed_loop, plot_success, pool_seeds, success_markdown
    from argos.sim_data import METAWORLD_DEFAULT_TASKS
    from argos.train import TrainConfig
    import matplotlib; matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    tasks = tuple(a.tasks or METAWORLD_DEFAULT_TASKS)
    eval_seeds = parse_seeds(a.eval_seeds)
    runs: dict[str, list[dict]] = {}
    stages: dict[str, dict] = {}
    for seed in a.seeds:
        sdir = out / f"seed_{seed}"
        done = sdir / "closed_loop.json"
        if done.is_file():
            res = json.loads(done.read_text())
        else:
            t0 = time.time()
            cfg = ActionStageConfig(dataset="metaworld", episodes=a.episodes, tasks=tasks if a.tasks else None, data_dir=a.data_dir, data_path=a.data_path,
                                    image_size=a.image_size, crop=tuple(a.crop) if a.crop else None, action_noise=a.action_noise,
                                    goal_state=a.goal_state, object_state=a.object_state,
                                    p_state_marginal=a.p_state_marginal, weight_action=a.weight_action, history=a.history, seed=seed, eval_windows=32,
                                    **({} if a.modes == "all" else dict(p_action_given=0.0, p_action_marginal=0.0, p_future_given=0.0)),
                                    flow=FlowConfig(prediction="x", shift=2.0, sample_steps=a.sample_steps),
                                    train=TrainConfig(steps=a.steps, batch_size=a.batch, lr=1e-3, warmup_steps=100, ema_decay=0.995,
                                                      ckpt_every=1000, log_every=25),
                                    bc_steps=a.bc_steps)
            stage = run_action_stage(cfg, sdir, device="cpu", cache_dir=Path(a.data_dir) / "cache")
            train_s = time.time() - t0
            pols = {"argos": Policy.from_checkpoint(sdir / "policy.pt")} | ({"BC": Policy.from_checkpoint(sdir / "bc.pt")} if a.bc_steps != 0 else {})
            if a.p_state_marginal: pols["argos (marginal)"] = Policy.from_checkpoint(sdir / "policy.pt", mode="actions")
            if a.decoded: pols["argos (decoded proprio)"] = Policy.from_checkpoint(sdir / "policy.pt", cfg=PolicyConfig(actions="decoded"))
            t1 = time.time()
            res = closed_loop(pols, tasks, eval_seeds, train_seeds=stage["train_seeds"], batch_envs=a.batch_envs)
            res = {"closed_loop": res, "stage": {k: stage[k] for k in ("first_action", "modes", "loss_first", "loss_last", "bc_loss_first",
                                                                      "bc_loss_last", "replay_decoded", "timings", "episodes")},
                   "train_s": train_s, "eval_s": time.time() - t1}
            for r in res["closed_loop"].values():
                for ep in r["episodes"]: ep.pop("frames", None)
            done.write_text(json.dumps(res, indent=1))
        for name, r in res["closed_loop"].items(): runs.setdefault(name, []).append(r)
        st = json.loads((sdir / "results.json").read_text())                     # the stage's open-loop measurements
        stages[str(seed)] = {k: st.get(k) for k in ("modes", "first_action", "loss_first", "loss_last", "bc_loss_first", "bc_loss_last",
                                                   "episodes", "windows", "steps", "bc_steps")}
        stages[str(seed)]["replay_decoded"] = {k: st["replay_decoded"][k] for k in ("successes", "episodes")}
        stages[str(seed)]["train_s"], stages[str(seed)]["eval_s"] = res.get("train_s"), res.get("eval_s")
        print(f"seed {seed}: " + ", ".join(f"{n} {r['overall']['success_rate']:.2f}" for n, r in res["closed_loop"].items()), flush=True)

    ref_file = out / "references.json"
    if ref_file.is_file(): refs = json.loads(ref_file.read_text())
    else:
        refs = closed_loop({"scripted expert": builtin_policy("expert", "metaworld"), "random actions": builtin_policy("random", "metaworld")},
                           tasks, eval_seeds, batch_envs=a.batch_envs)
        for r in refs.values():
            for ep in r["episodes"]: ep.pop("frames", None)
        ref_file.write_text(json.dumps(refs, indent=1))
    pooled = {n: pool_seeds(rs) for n, rs in runs.items()} | {n: pool_seeds([r]) for n, r in refs.items()}
    md = success_markdown(pooled)
    (out / "success.md").write_text(md + "\n")
    fig = plot_success(pooled, f"Meta-World, {len(a.seeds)} training seeds x {len(eval_seeds)} unseen reset seeds per task")
    fig.savefig(out / "success.png", dpi=120); plt.close(fig)
    (out / "summary.json").write_text(json.dumps({"pooled": pooled, "seeds": a.seeds, "eval_seeds": eval_seeds, "args": vars(a),
                                                  "stage": stages}, indent=1))
    print(md)


if __name__ == "__main__":
    main()
