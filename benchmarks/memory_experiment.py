"""Memory on the occluded-object probe (notebook 16): per seed, every arm (recent windows of 1, 2, 4, 8 frames; 4 recent
frames plus every earlier frame; plus a memory bank of 2 retrieved frames, full, PCA-compressed channels or learned
queries) trained from scratch at the same step budget, then the recall stretch of held-out episodes imagined from the
last covered frame (open loop, and teacher-forced). Results (resumable, one arm at a time) in OUT/results.json; the
tables are printed.

    python benchmarks/memory_experiment.py --out outputs/memory/s0 --seeds 0 --threads 1
    python benchmarks/memory_experiment.py --summary outputs/memory/s0 outputs/memory/s1 --merged benchmarks/results/memory.json
"""
from __future__ import annotations
import argparse, json, math, time
from pathlib import Path

import torch


def table(results: dict, teacher_forced: bool = False) -> str:
    from argos.memory import summarize_memory
    rows = summarize_memory(results, teacher_forced)
    def f(v):
        if v is None: return ""
        if isinstance(v, tuple): return f"{v[0]:.3f}" if math.isnan(v[1]) else f"{v[0]:.3f} [{v[1]:.3f}, {v[2]:.3f}]"
        return f"{v:.1f}" if isinstance(v, float) else str(v)
    cols = ["seeds", "object_mse", "frame_mse", "cue_acc", "cue_pooled", "object_minus_h4", "gain_recovered", "cue_gain_recovered", "recent_tokens", "memory_tokens",
            "memory_floats_per_token", "ms_per_frame"]
    lines = ["| arm | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for r in rows: lines.append(f"| {r['arm']} | " + " | ".join(f(r.get(c)) for c in cols) + " |")
    return "\n".join(lines)


def merge(paths) -> dict:
    out = {"runs": {}}
    for p in paths:
        r = json.loads((Path(p) / "results.json").read_text())
        out["baselines"] = r["baselines"]; out["runs"].update(r["runs"])
        cfg = dict(r["config"]); cfg.pop("seeds"); cfg.pop("arms")
        if out.setdefault("config", cfg) != cfg: raise ValueError(f"{p} ran another config than the folders before it")
    out["config"]["seeds"] = sorted({int(k.rsplit("/", 1)[1]) for k in out["runs"]})
    out["config"]["arms"] = sorted({k.rsplit("/", 1)[0] for k in out["runs"]})
    return out


def main():
    from argos.memory import MEMORY_ARMS
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out")
    p.add_argument("--summary", nargs="+", help="result folders to merge and print (no training)")
    p.add_argument("--merged", help="with --summary: write the merged results here")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--arms", nargs="+", default=list(MEMORY_ARMS))
    p.add_argument("--steps", type=int, default=None, help="training steps per arm (default: the config's)")
    p.add_argument("--p-recall", type=float, default=None, help="share of training windows at the reveal (default: the config's)")
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    if a.summary:
        res = merge(a.summary)
        if a.merged: Path(a.merged).write_text(json.dumps(res, indent=1))
        print("open loop\n" + table(res) + "\n\nteacher-forced\n" + table(res, True)); return
    if not a.out: p.error("--out is required unless --summary is given")
    from argos.memory import MemoryExperimentConfig, run_memory_experiment
    kw = {k: v for k, v in (("steps", a.steps), ("p_recall", a.p_recall)) if v is not None}
    exp = MemoryExperimentConfig(data_dir=str(Path(a.data_dir) / "memory_video"), seeds=tuple(a.seeds), arms=tuple(a.arms), **kw)
    t0 = time.time()
    res = run_memory_experiment(exp, a.out, cache_dir=Path(a.data_dir) / "cache")
    print("open loop\n" + table(res) + "\n\nteacher-forced\n" + table(res, True)); print(f"{time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
