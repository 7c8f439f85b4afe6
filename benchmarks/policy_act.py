"""How a trained policy acts, changed without retraining: re-evaluate the checkpoints of a `policy_experiment.py` run
with other act-time settings (`PolicyConfig`: samples averaged per re-plan, flow steps, guidance) on the same reset
seeds, and compare seed for seed with that run's own closed-loop results (same checkpoints, same seeds).

Each seed's result is written to --out/seed_S/closed_loop.json and not run again; several processes may share --out
(one per seed), and a last call with every seed pools them:

    python benchmarks/policy_act.py --runs outputs/policy_modes --seeds 0 --samples 4 --out outputs/policy_act/samples4 --threads 1
    python benchmarks/policy_act.py --runs outputs/policy_modes --seeds 0 1 2 --samples 4 --out outputs/policy_act/samples4
"""
from __future__ import annotations
import argparse, json, time
from pathlib import Path

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", required=True, help="a policy_experiment.py --out folder (seed_S/policy.pt, bc.pt, closed_loop.json)")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="training seeds (the run's seed_S folders)")
    p.add_argument("--policies", nargs="+", default=["argos", "BC"], choices=("argos", "BC"))
    p.add_argument("--samples", type=int, default=None, help="futures sampled per re-plan, their actions averaged (default: the checkpoint's, 1)")
    p.add_argument("--steps", type=int, default=None, help="flow steps per frame (default: the checkpoint's)")
    p.add_argument("--guidance", type=float, default=None, help="text guidance scale (default: the checkpoint's, 1)")
    p.add_argument("--eval-seeds", default=None, help="reset seeds A:B (default: those of the run)")
    p.add_argument("--batch-envs", type=int, default=20)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    runs = Path(a.runs)
    if not runs.is_dir(): raise SystemExit(f"--runs {a.runs}: no such folder (a policy_experiment.py --out folder)")
    changes = {k: v for k, v in (("samples", a.samples), ("steps", a.steps), ("guidance", a.guidance)) if v is not None}
    if not changes: raise SystemExit("nothing to change: give --samples, --steps or --guidance")
    files = {"argos": "policy.pt", "BC": "bc.pt"}
    for s in a.seeds:
        for name in a.policies:
            if not (runs / f"seed_{s}" / files[name]).is_file(): raise SystemExit(f"{runs}/seed_{s}/{files[name]} is missing: train that seed first")
        if not (runs / f"seed_{s}" / "closed_loop.json").is_file(): raise SystemExit(f"{runs}/seed_{s}/closed_loop.json is missing: the run's own results")
    if a.threads: torch.set_num_threads(a.threads)

    from argos.evaluate import parse_seeds
    from argos.policy import Policy, PolicyConfig, closed_loop, pool_seeds, success_markdown
    from argos.rollouts import mean_interval
    from argos.core import load_checkpoint

    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    base_summary = json.loads((runs / "summary.json").read_text()) if (runs / "summary.json").is_file() else {}
    eval_seeds = parse_seeds(a.eval_seeds) if a.eval_seeds else list(base_summary.get("eval_seeds") or parse_seeds("0:20"))
    label = ", ".join(f"{k} {v:g}" for k, v in changes.items())
    new, old = {}, {}
    for s in a.seeds:
        sdir, done = runs / f"seed_{s}", out / f"seed_{s}" / "closed_loop.json"
        base = json.loads((sdir / "closed_loop.json").read_text())["closed_loop"]
        if done.is_file(): res = json.loads(done.read_text())
        else:
            t0, pols, tasks, train_seeds = time.time(), {}, None, None
            for name in a.policies:
                ck = load_checkpoint(sdir / files[name])
                cfg = PolicyConfig.from_dict(ck["policy"].get("config", {})).replace(**changes)
                pols[name] = Policy.from_checkpoint(ck, cfg=cfg)
                tasks, train_seeds = ck["data"]["tasks"], ck["data"]["train_seeds"]
            res = closed_loop(pols, tasks, eval_seeds, train_seeds=train_seeds, batch_envs=a.batch_envs)
            for r in res.values():
                for ep in r["episodes"]: ep.pop("frames", None)
            res = {"closed_loop": res, "changes": changes, "eval_s": time.time() - t0}
            done.parent.mkdir(parents=True, exist_ok=True); done.write_text(json.dumps(res, indent=1))
        for name in a.policies:
            if list(base[name]["config"]["seeds"]) != list(res["closed_loop"][name]["config"]["seeds"]):
                raise SystemExit(f"seed {s}: the run's {name} was evaluated on other reset seeds than this one: not comparable")
            new.setdefault(name, []).append(res["closed_loop"][name]); old.setdefault(name, []).append(base[name])
        print(f"seed {s} ({label}): " + ", ".join(f"{n} {r['overall']['success_rate']:.2f} (was {base[n]['overall']['success_rate']:.2f})"
                                                for n, r in res["closed_loop"].items()), flush=True)

    pooled = {f"{n} ({label})": pool_seeds(rs) for n, rs in new.items()} | {f"{n} (the run's)": pool_seeds(rs) for n, rs in old.items()}
    diffs = {}
    for n in a.policies:
        d = [x["overall"]["success_rate"] - y["overall"]["success_rate"] for x, y in zip(new[n], old[n])]
        diffs[n] = dict(zip(("mean", "lo", "hi"), mean_interval(d))) | {"per_seed": d}
    if set(a.policies) == {"argos", "BC"}:
        d = [x["overall"]["success_rate"] - y["overall"]["success_rate"] for x, y in zip(new["argos"], new["BC"])]
        diffs["argos minus BC"] = dict(zip(("mean", "lo", "hi"), mean_interval(d))) | {"per_seed": d}
    md = success_markdown(pooled)
    md += "\n\nseed-paired differences (95% t-interval over training seeds):\n\n" + "\n".join(
        f"- {n}{'' if n == 'argos minus BC' else f' ({label}) minus the run' + chr(39) + 's'}: {v['mean']:+.3f} [{v['lo']:+.3f}, {v['hi']:+.3f}]"
        for n, v in diffs.items())
    (out / "success.md").write_text(md + "\n")
    (out / "summary.json").write_text(json.dumps({"pooled": pooled, "paired": diffs, "seeds": a.seeds, "eval_seeds": eval_seeds,
                                                  "changes": changes, "runs": str(runs), "args": vars(a)}, indent=1))
    print(md)


if __name__ == "__main__":
    main()
