"""Teacher forcing against self-forcing at equal compute (notebook 15): per seed, a shared teacher-forced start on PushT
(proprio and actions), then each arm (A: k=1, B: k=2, C: k=4, D: k=20 imagined-context depth) continued for the compute of
--budget-steps teacher-forcing steps; forward-model latent and proprio error to 4 s on held-out episodes, and the
sampling-step sweep of arm A. Results (resumable, one arm at a time) in OUT/results.json; the table is printed.

    python benchmarks/rollout_training.py --out outputs/rollouts/s0 --seeds 0 --threads 1
    python benchmarks/rollout_training.py --summary outputs/rollouts/s0 outputs/rollouts/s12     (merge and print)
"""
from __future__ import annotations
import argparse, json, time
from pathlib import Path

import torch


def table(results: dict) -> str:
    from argos.rollouts import summarize
    rows = summarize(results)
    cols = [k for k in rows[0] if k != "predictor"]
    f = lambda v: f"{v[0]:.3f} [{v[1]:.3f}, {v[2]:.3f}]" if isinstance(v, tuple) else str(v)
    lines = ["| predictor | " + " | ".join(cols) + " | 2s minus A |", "|---|" + "---|" * (len(cols) + 1)]
    for r in rows:
        lines.append(f"| {r['predictor']} | " + " | ".join(f(r[c]) if c in r else "" for c in cols if c != "2s minus A")
                     + f" | {f(r['2s minus A']) if '2s minus A' in r else ''} |")
    return "\n".join(lines)


def merge(paths) -> dict:
    out = {"seeds": {}}
    for p in paths:
        r = json.loads((Path(p) / "results.json").read_text())
        out["config"] = r["config"]; out["seeds"].update(r["seeds"])
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out")
    p.add_argument("--summary", nargs="+", help="result folders to merge and print (no training)")
    p.add_argument("--merged", help="with --summary: write the merged results here")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--arms", nargs="+", default=["A", "B", "C", "D"])
    p.add_argument("--pretrain-steps", type=int, default=1200)
    p.add_argument("--budget-steps", type=int, default=800)
    p.add_argument("--sample-steps", type=int, default=2)
    p.add_argument("--eval-windows", type=int, default=48)
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    if a.summary:
        res = merge(a.summary)
        if a.merged: Path(a.merged).write_text(json.dumps(res, indent=1))
        print(table(res)); return
    from argos.rollouts import RolloutExperimentConfig, run_rollout_experiment
    exp = RolloutExperimentConfig(seeds=tuple(a.seeds), arms=tuple(a.arms), pretrain_steps=a.pretrain_steps, budget_steps=a.budget_steps,
                                  sample_steps=a.sample_steps, eval_windows=a.eval_windows)
    t0 = time.time()
    res = run_rollout_experiment(exp, a.out, cache_dir=Path(a.data_dir) / "cache")
    print(table(res)); print(f"{time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
