"""Rolling out past the training window: held-out latent error against horizon of trained world models, rolled out as
one growing window (the default) and with a fresh window every `--restart` frames (`WorldModel.rollout(restart=...)`:
the last n_history frames so far, imagined ones included, become the history and the newest of them the anchor), in
video mode (actions marginalised) and forward mode (actions given), beside copy-last, on the held-out windows each
run's stage measured (same windows, same noise seeds). Reloads finished action-stage runs (`policy.pt` in each
`RUNS/seed_S`, or `RUNS/policy.pt` with one seed); trains nothing. Writes OUT (JSON) and prints a table.

    python benchmarks/restart_horizon.py --runs outputs/policy_modes --seeds 0 1 2 --restart 4 --out benchmarks/results/restart_metaworld.json --threads 2
"""
from __future__ import annotations
import argparse, sys, time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stage_run import load_stage_run, run_dirs  # noqa: E402


@torch.no_grad()
def sample_mean_errors(wm, windows, indices, horizon: int, steps: int, samples: int, mode: str, seed: int = 0, batch_size: int = 8) -> dict:
    "Latent MSE against horizon of the mean of `samples` rollouts per held-out window (standardised latents, as `mode_errors`)."
    H = wm.cfg.n_history
    sums, n = torch.zeros(horizon), torch.zeros(horizon)
    indices = list(indices)
    for s in range(0, len(indices), batch_size):
        b = windows.batch(indices[s:s + batch_size])
        B, N = b["patches"].shape[:2][0], b["patches"].shape[2]
        side = int(round(N ** 0.5))
        rep = lambda v: v.repeat_interleave(samples, 0)
        hist = {k: rep(b[k][:, :H]) for k in ("patches", "proprio", "action")}
        extra = {"actions": rep(b["action"][:, H:H + horizon])} if mode == "forward" else {}
        text = None if b.get("text") is None else rep(b["text"]); mask = None if b.get("text_mask") is None else rep(b["text_mask"])
        r = wm.rollout(hist, horizon, mode, text=text, text_mask=mask, steps=steps, grid=(side, side), history_valid={"action": rep(~b["action_is_pad"][:, :H])},
                       generator=torch.Generator().manual_seed(seed + s), **extra)
        mean = r["patches"].view(B, samples, *r["patches"].shape[1:]).mean(1)
        real = (~b["frame_is_pad"][:, H:H + horizon]).float()
        e = (wm.latent_norm.normalize(mean) - wm.latent_norm.normalize(b["patches"][:, H:H + horizon])).pow(2).mean((2, 3))
        sums += (e * real).sum(0); n += real.sum(0)
    return {"mse": (sums / n.clamp_min(1)).tolist(), "n": n.tolist()}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", required=True, help="an output folder of benchmarks/policy_experiment.py or benchmarks/action_stage.py")
    p.add_argument("--seeds", type=int, nargs="+", default=None, help="training seeds (folders seed_S); none: RUNS itself is one run")
    p.add_argument("--restart", type=int, default=4, help="frames per fresh window (the training windows' future length)")
    p.add_argument("--horizon", type=int, default=None, help="frames rolled out (default: the stage's horizon)")
    p.add_argument("--samples", type=int, default=0, help="also the error of the mean of this many samples per window (one growing window)")
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.action_stage import mode_errors
    from argos.core import save_json
    from argos.video_stage import _spread

    if a.restart < 1: raise ValueError(f"--restart must be >= 1 (frames per fresh window), got {a.restart}")
    dirs = run_dirs(a.runs, a.seeds)
    out = {"command": "python benchmarks/restart_horizon.py " + " ".join(f"--{k.replace('_', '-')} {' '.join(map(str, v)) if isinstance(v, list) else v}"
                                                                        for k, v in vars(a).items() if v is not None),
           "restart": a.restart, "seeds": {}}
    for name, d in dirs.items():
        cfg, wm, data = load_stage_run(d, a.data_dir)
        idx = _spread(len(data.evaluation), cfg.eval_windows)
        horizon = a.horizon or cfg.horizon
        t0 = time.time()
        grown = mode_errors(wm, data.evaluation, idx, horizon, cfg.flow.sample_steps, seed=cfg.seed, modes=("video", "forward", "copy last frame"))
        fresh = mode_errors(wm, data.evaluation, idx, horizon, cfg.flow.sample_steps, seed=cfg.seed, modes=("video", "forward"), restart=a.restart)
        means = {f"{m}, mean of {a.samples}": sample_mean_errors(wm, data.evaluation, idx, horizon, cfg.flow.sample_steps, a.samples, m, cfg.seed)
                 for m in ("video", "forward")} if a.samples > 1 else {}
        out["seeds"][name] = {"future": cfg.future, "history": cfg.history, "dataset": cfg.dataset, "windows": len(idx), "s": time.time() - t0,
                              "errors": {"video": grown["video"], f"video, restart {a.restart}": fresh["video"],
                                         "forward": grown["forward"], f"forward, restart {a.restart}": fresh["forward"],
                                         "copy last frame": grown["copy last frame"]} | means}
        print(f"seed {name}: {time.time() - t0:.0f} s", flush=True)
    names = list(next(iter(out["seeds"].values()))["errors"])
    K = min(sum(1 for n in s["errors"]["copy last frame"]["n"] if n > 0) for s in out["seeds"].values())
    mean = {k: np.mean([s["errors"][k]["mse"][:K] for s in out["seeds"].values()], 0) for k in names}
    out["mean"] = {k: v.tolist() for k, v in mean.items()}
    out["windows_per_step"] = [int(min(s["errors"]["copy last frame"]["n"][k] for s in out["seeds"].values())) for k in range(K)]
    out["below_copy_last"] = {k: [bool(all(s["errors"][k]["mse"][j] < s["errors"]["copy last frame"]["mse"][j] for s in out["seeds"].values()))
                                  for j in range(K)] for k in names if k != "copy last frame"}
    save_json(out, a.out)
    print("| rollout | " + " | ".join(f"+{(j + 1) / 10:.1f} s" for j in range(K)) + " | steps below copy-last (every seed) |")
    print("|---|" + "---|" * (K + 1))
    for k in names:
        below = "" if k == "copy last frame" else f"{sum(out['below_copy_last'][k])} of {K}"
        print(f"| {k} | " + " | ".join(f"{x:.3f}" for x in mean[k]) + f" | {below} |")
    print(f"held-out windows per step (fewest over seeds): {out['windows_per_step']}")


if __name__ == "__main__":
    main()
