"""Teacher forcing against self-forcing in closed loop on Meta-World (notebook 15): each training seed's policy of the
closed-loop experiment (`benchmarks/policy_experiment.py`, OUT_PE/seed_S/policy.pt) is continued as arm A (teacher forcing)
and as arm D (self-forcing over 2 s) at equal compute (`argos.rollouts.train_arm`), then both are evaluated in closed loop
on the same unseen reset seeds as the experiment. Writes OUT/seed_S/{A,D}/policy.pt and OUT/results.json.

    python benchmarks/rollout_closed_loop.py --policies outputs/policy_experiment --out outputs/rollouts/closed_loop --seeds 0 --threads 1
    python benchmarks/rollout_closed_loop.py ... --chunk 5     (then: the same policies imagining and executing 5 frames per re-plan)
    python benchmarks/rollout_closed_loop.py --policies outputs/policy_experiment --out outputs/rollouts/steps --seeds 0 --sample-steps 1 2 4
        (no training: the experiment's own policies acting with K flow steps per imagined frame instead of the model's default)
"""
from __future__ import annotations
import argparse, json, time
from pathlib import Path

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--policies", required=True, help="the closed-loop experiment's folder (seed_S/policy.pt)")
    p.add_argument("--out", required=True)
    p.add_argument("--seeds", type=int, nargs="+", default=[0])
    p.add_argument("--arms", nargs="+", default=["A", "D"])
    p.add_argument("--budget-steps", type=int, default=800)
    p.add_argument("--eval-seeds", default="0:20")
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--batch-envs", type=int, default=20)
    p.add_argument("--chunk", type=int, default=None,
                   help="evaluate the arms' existing policies imagining and executing N frames per re-plan (no training)")
    p.add_argument("--sample-steps", type=int, nargs="+", default=None,
                   help="evaluate the experiment's own policies with each of these flow-step counts (no training)")
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.action_stage import ActionStageConfig
    from argos.core import load_checkpoint, save_checkpoint
    from argos.evaluate import parse_seeds
    from argos.policy import Policy, PolicyConfig, closed_loop
    from argos.rollouts import RolloutExperimentConfig, train_arm
    from argos.video_stage import stage_data, stage_encoders
    from argos.world_model import WorldModel, WorldModelConfig

    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    res_path = out / "results.json"
    results = json.loads(res_path.read_text()) if res_path.is_file() else {"seeds": {}}
    exp = RolloutExperimentConfig(budget_steps=a.budget_steps)
    eval_seeds = parse_seeds(a.eval_seeds)
    for seed in a.seeds:
        r = results["seeds"].setdefault(str(seed), {})
        ck = load_checkpoint(Path(a.policies) / f"seed_{seed}" / "policy.pt")
        cfg = ActionStageConfig.from_dict(ck["stage_config"]).replace(data_dir=a.data_dir)
        data = stage_data(cfg, *stage_encoders(cfg, torch.device("cpu")), Path(a.data_dir) / "cache")
        wm = WorldModel(WorldModelConfig.from_dict(ck["world_model_config"]))
        wm.load_state_dict(ck["model"]); wm.eval()
        tasks = sorted(data.train_seeds)
        for k in a.sample_steps or []:                     # the policy itself, K flow steps per imagined frame
            key = f"steps {k}"
            if key in r: continue
            t1 = time.time()
            pol = Policy.from_checkpoint(Path(a.policies) / f"seed_{seed}" / "policy.pt", cfg=PolicyConfig(steps=k))
            cl = closed_loop({key: pol}, tasks, eval_seeds, train_seeds=data.train_seeds, batch_envs=a.batch_envs)[key]
            for ep in cl["episodes"]: ep.pop("frames", None)
            r[key] = {"closed_loop": cl, "eval_s": time.time() - t1}
            res_path.write_text(json.dumps(results, indent=1))
            print(f"seed {seed} {key}: success {cl['overall']['success_rate']:.3f} {cl['overall']['ci95']}, "
                  f"eval {time.time() - t1:.0f} s", flush=True)
        if a.sample_steps: continue
        for arm in a.arms:
            adir = out / f"seed_{seed}" / arm
            if a.chunk:                                   # the trained arm, acting in chunks of imagined frames
                key = f"{arm} chunk {a.chunk}"
                if key in r: continue
                t1 = time.time()
                pol = Policy.from_checkpoint(adir / "policy.pt", cfg=PolicyConfig(imagine=a.chunk, execute=a.chunk))
                cl = closed_loop({key: pol}, tasks, eval_seeds, train_seeds=data.train_seeds, batch_envs=a.batch_envs)[key]
                for ep in cl["episodes"]: ep.pop("frames", None)
                r[key] = {"closed_loop": cl, "eval_s": time.time() - t1}
                res_path.write_text(json.dumps(results, indent=1))
                print(f"seed {seed} {key}: success {cl['overall']['success_rate']:.3f} {cl['overall']['ci95']}", flush=True)
                continue
            if arm in r: continue
            wm_arm, facts = train_arm(wm, data, cfg, arm, exp, adir)
            save_checkpoint({**ck, "model": wm_arm.state_dict()}, adir / "policy.pt")
            t1 = time.time()
            cl = closed_loop({arm: Policy.from_checkpoint(adir / "policy.pt")}, tasks, eval_seeds, train_seeds=data.train_seeds,
                             batch_envs=a.batch_envs)[arm]
            for ep in cl["episodes"]: ep.pop("frames", None)
            r[arm] = {**facts, "closed_loop": cl, "eval_s": time.time() - t1}
            res_path.write_text(json.dumps(results, indent=1))
            print(f"seed {seed} {arm}: success {cl['overall']['success_rate']:.3f} {cl['overall']['ci95']}, "
                  f"train {facts['train_s']:.0f} s, eval {time.time() - t1:.0f} s", flush=True)


if __name__ == "__main__":
    main()
