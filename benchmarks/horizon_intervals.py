"""Is a rollout below copy-last at a given horizon step, or is the difference noise? Per held-out window and horizon
step, the latent error (standardised latents, as notebook 12) of: copy-last; one argos sample; the mean of `--samples`
samples; and the samples' spread (their variance about that mean, unbiased). Per step, a paired bootstrap over the
held-out windows (pooled over training seeds) gives a 95% interval for (argos - copy-last) and a verdict: below, no
difference (the interval holds 0), or above.

The decomposition says why a sample can lose to copy-last while the model is right on average: for a sample s of a
model whose mean is m, E|s - y|^2 = |m - y|^2 + E|s - m|^2. A sampler that is calibrated pays the future's
uncertainty twice (once in the truth, once in its own draw), so where the future is mostly unpredictable from the
history (exploratory play, the first frames of a motion) one sample cannot beat copy-last in MSE, and the mean of
samples is the fair comparison. Reloads finished action-stage runs (`policy.pt` in each `RUNS/seed_S`, or
`RUNS/policy.pt`), rolls out on the held-out windows each run's stage measured; trains nothing.

    python benchmarks/horizon_intervals.py --runs outputs/policy_modes --seeds 0 1 2 --restart 4 --samples 8 --out benchmarks/results/horizon_intervals_metaworld.json --threads 2
    python benchmarks/horizon_intervals.py --runs outputs/exp/action_pusht --samples 8 --out benchmarks/results/horizon_intervals_pusht.json --threads 2
"""
from __future__ import annotations
import argparse, dataclasses, sys, time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stage_run import load_stage_run, run_dirs  # noqa: E402

ARMS = ("copy last frame", "argos, one sample", "argos, mean of samples", "spread of samples")


@torch.no_grad()
def window_errors(wm, windows, indices, horizon: int, steps: int, samples: int, mode: str, restart: int | None,
                  seed: int = 0, batch_size: int = 8) -> dict[str, np.ndarray]:
    """{arm: (W, horizon)} per-window latent MSE of each arm in `ARMS`, NaN where the step is padding.
    Window w's `samples` rollouts are drawn in one batch; sample 0 is 'one sample'."""
    H = wm.cfg.n_history
    out = {k: [] for k in ARMS}
    indices = list(indices)
    for s in range(0, len(indices), batch_size):
        b = windows.batch(indices[s:s + batch_size])
        B, N = b["patches"].shape[0], b["patches"].shape[2]
        side = int(round(N ** 0.5))
        rep = lambda v: v.repeat_interleave(samples, 0)
        hist = {k: rep(b[k][:, :H]) for k in ("patches", "proprio", "action")}
        extra = {"actions": rep(b["action"][:, H:H + horizon])} if mode == "forward" else {}
        text = None if b.get("text") is None else rep(b["text"]); mask = None if b.get("text_mask") is None else rep(b["text_mask"])
        r = wm.rollout(hist, horizon, mode, text=text, text_mask=mask, steps=steps, grid=(side, side), restart=restart,
                       history_valid={"action": rep(~b["action_is_pad"][:, :H])}, generator=torch.Generator().manual_seed(seed + s), **extra)
        norm = wm.latent_norm.normalize
        gen = norm(r["patches"]).view(B, samples, horizon, *r["patches"].shape[2:])      # (B, K, h, N, D)
        true = norm(b["patches"][:, H:H + horizon])                                          # (B, h, N, D)
        pad = b["frame_is_pad"][:, H:H + horizon]
        h = true.shape[1]
        mean = gen[:, :, :h].mean(1)
        err = lambda p: (p - true).pow(2).mean((2, 3))                                       # (B, h)
        last = norm(b["patches"][:, H - 1:H]).expand_as(true)
        spread = (gen[:, :, :h] - mean.unsqueeze(1)).pow(2).mean((3, 4)).sum(1) / max(samples - 1, 1)
        for k, v in zip(ARMS, (err(last), err(gen[:, 0, :h]), err(mean), spread)):
            v = v.masked_fill(pad, float("nan"))
            out[k].append(torch.cat([v, torch.full((B, horizon - h), float("nan"))], 1).numpy())
    return {k: np.concatenate(v, 0) for k, v in out.items()}


def paired_interval(a: np.ndarray, b: np.ndarray, n_boot: int = 2000, seed: int = 0) -> tuple[float, float, float]:
    "Mean of (a - b) over the pairs where both are finite, and its 95% percentile-bootstrap interval; NaNs if none."
    d = (a - b)[np.isfinite(a) & np.isfinite(b)]
    if len(d) == 0: return (float("nan"),) * 3
    boot = np.random.default_rng(seed).choice(d, (n_boot, len(d))).mean(1)
    return float(d.mean()), float(np.quantile(boot, 0.025)), float(np.quantile(boot, 0.975))


def verdict(lo: float, hi: float) -> str:
    if not np.isfinite(lo): return "-"
    return "below" if hi < 0 else "above" if lo > 0 else "no difference"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", required=True, help="an output folder of benchmarks/policy_experiment.py or benchmarks/action_stage.py")
    p.add_argument("--seeds", type=int, nargs="+", default=None, help="training seeds (folders seed_S); none: RUNS itself is one run")
    p.add_argument("--mode", choices=["video", "forward"], default="video", help="video: actions marginalised; forward: the demonstration's actions given")
    p.add_argument("--restart", type=int, default=None, help="a fresh window every this many frames (default: one growing window)")
    p.add_argument("--samples", type=int, default=8, help="samples per window (>= 2: the mean and the spread need two)")
    p.add_argument("--horizon", type=int, default=None, help="frames rolled out (default: the stage's horizon)")
    p.add_argument("--steps", type=int, default=None, help="flow steps per frame (default: the stage's; 1 is the model's one-step mean)")
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.samples < 2: raise ValueError(f"--samples must be >= 2 (the mean and spread of samples need two), got {a.samples}")
    if a.restart is not None and a.restart < 1: raise ValueError(f"--restart must be >= 1 frames, got {a.restart}")
    if a.steps is not None and a.steps < 1: raise ValueError(f"--steps must be >= 1, got {a.steps}")
    if a.threads: torch.set_num_threads(a.threads)
    from argos.core import save_json
    from argos.video_stage import _spread

    dirs = run_dirs(a.runs, a.seeds)
    errs, meta = [], {}
    for name, d in dirs.items():
        cfg, wm, data = load_stage_run(d, a.data_dir)
        idx = _spread(len(data.evaluation), cfg.eval_windows)
        t0 = time.time()
        errs.append(window_errors(wm, data.evaluation, idx, a.horizon or cfg.horizon, a.steps or cfg.flow.sample_steps, a.samples, a.mode, a.restart, cfg.seed))
        meta[name] = {"flow": dataclasses.asdict(cfg.flow), "steps": a.steps or cfg.flow.sample_steps, "dataset": cfg.dataset, "future": cfg.future, "history": cfg.history, "windows": len(idx), "s": round(time.time() - t0, 1)}
        print(f"seed {name}: {len(idx)} windows, {time.time() - t0:.0f} s", flush=True)
    pooled = {k: np.concatenate([e[k] for e in errs], 0) for k in ARMS}                     # (W, h), windows of every seed
    n = np.isfinite(pooled["copy last frame"]).sum(0)
    K = int((n > 0).sum())
    rows = []
    for j in range(K):
        row = {"step": j + 1, "seconds": round((j + 1) / 10, 1), "windows": int(n[j])}
        for k in ARMS: row[k] = float(np.nanmean(pooled[k][:, j]))
        for k in ("argos, one sample", "argos, mean of samples"):
            m, lo, hi = paired_interval(pooled[k][:, j], pooled["copy last frame"][:, j], seed=j)
            row[f"{k} - copy-last"] = [m, lo, hi]; row[f"{k}: verdict"] = verdict(lo, hi)
        rows.append(row)
    out = {"command": "python benchmarks/horizon_intervals.py " + " ".join(f"--{k.replace('_', '-')} {' '.join(map(str, v)) if isinstance(v, list) else v}"
                                                                          for k, v in vars(a).items() if v is not None),
           "runs": meta, "steps": rows}
    save_json(out, a.out)
    print("| +s | windows | copy-last | one sample | mean of samples | spread | sample - copy-last [95%] | | mean - copy-last [95%] | |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        f = lambda k: "{:+.3f} [{:+.3f}, {:+.3f}]".format(*r[f"{k} - copy-last"])
        print(f"| {r['seconds']:.1f} | {r['windows']} | {r['copy last frame']:.3f} | {r['argos, one sample']:.3f} | {r['argos, mean of samples']:.3f} | "
              f"{r['spread of samples']:.3f} | {f('argos, one sample')} | {r['argos, one sample: verdict']} | {f('argos, mean of samples')} | "
              f"{r['argos, mean of samples: verdict']} |")
    for k in ("argos, one sample", "argos, mean of samples"):
        v = [r[f"{k}: verdict"] for r in rows]
        print(f"{k}: below copy-last at {v.count('below')} of {K} steps, no difference at {v.count('no difference')}, above at {v.count('above')}")


if __name__ == "__main__":
    main()
