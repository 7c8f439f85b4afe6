"""How well does a trained world model denoise the next frame, at each flow time? For held-out windows, the next frame
(+0.1 s) is noised to time t (x_t = t x1 + (1 - t) x0, history clean, future actions held as noise: video mode), and
the model's data prediction x1_hat is compared with the frame: latent MSE in standardised units, beside copy-last
(the previous frame) and beside x_t / t (what the input alone says). A sampler's last steps sit at high t, so a model
whose x1_hat there is no better than copy-last cannot end a sample near the data; its one-step prediction (t = 0) is
its estimate of the conditional mean. Reloads finished action-stage runs; trains nothing.

    python benchmarks/denoise_by_time.py --runs outputs/exp/action_pusht outputs/exp/action_pusht_uniform outputs/exp/action_pusht_skip --out benchmarks/results/denoise_pusht.json
"""
from __future__ import annotations
import argparse, sys, time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stage_run import load_stage_run  # noqa: E402

TIMES = (0.0, 0.25, 0.5, 0.67, 0.82, 0.9, 0.95)


@torch.no_grad()
def denoise_errors(wm, windows, indices, times=TIMES, seed: int = 0) -> dict:
    "{'copy': float, 'x1_hat': [per t], 'input': [per t]}: latent MSE of the next frame's estimates at each time (standardised latents)."
    H = wm.cfg.n_history
    b = windows.batch(list(indices))
    B, N = b["patches"].shape[0], b["patches"].shape[2]
    side = int(round(N ** 0.5))
    mods = [m for m in ("patches", "proprio", "action") if m in wm.cfg.dit.modalities and m in b]
    x1 = wm.to_model({m: b[m][:, :H + 1] for m in mods})
    real = ~b["frame_is_pad"][:, H]
    g = torch.Generator().manual_seed(seed)
    x0 = {m: torch.randn(v.shape, generator=g) for m, v in x1.items()}
    anchor = wm.anchor_of(x1, H - 1)
    valid = {m: torch.ones(B, H + 1, dtype=torch.bool) for m in mods}
    if "action" in mods: valid["action"][:, :H] = ~b["action_is_pad"][:, :H]
    err = lambda p: (p - x1["patches"][:, H]).pow(2).mean((1, 2))[real].mean().item()
    out = {"copy": err(x1["patches"][:, H - 1]), "x1_hat": [], "input": [], "windows": int(real.sum())}
    for tt in times:
        t = {m: torch.ones(B, H + 1) for m in mods}
        for m in mods: t[m][:, H] = 0.0 if m == "action" else tt                     # video mode: the future action is noise
        xt = {m: x0[m] + t[m].view(B, H + 1, *([1] * (x1[m].ndim - 2))) * (x1[m] - x0[m]) for m in mods}
        v = wm.flow_model.velocity(xt, t, (side, side), {}, valid=valid, anchor=anchor)
        out["x1_hat"].append(err(xt["patches"][:, H] + (1 - tt) * v["patches"][:, H]))
        out["input"].append(err(xt["patches"][:, H] / tt) if tt > 0 else float("nan"))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", nargs="+", required=True, help="action-stage output folders (each with policy.pt)")
    p.add_argument("--windows", type=int, default=64, help="held-out windows (spread over the evaluation set)")
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.core import save_json
    from argos.video_stage import _spread

    res = {}
    for run in a.runs:
        cfg, wm, data = load_stage_run(run, a.data_dir)
        t0 = time.time()
        res[run] = denoise_errors(wm, data.evaluation, _spread(len(data.evaluation), a.windows), seed=cfg.seed)
        res[run]["flow"] = {k: getattr(cfg.flow, k) for k in ("time_sampling", "shift", "skip_sigma")}
        print(f"{run}: {time.time() - t0:.0f} s", flush=True)
    save_json({"command": "python benchmarks/denoise_by_time.py --runs " + " ".join(a.runs) + f" --out {a.out}", "times": list(TIMES), "runs": res}, a.out)
    print("| run | copy-last | " + " | ".join(f"x1_hat t={t}" for t in TIMES) + " |\n|---|---|" + "---|" * len(TIMES))
    for run, r in res.items():
        print(f"| {run} | {r['copy']:.3f} | " + " | ".join(f"{e:.3f}" for e in r["x1_hat"]) + " |")
    r = next(iter(res.values()))
    print("| x_t / t (the input) | | " + " | ".join("" if t == 0 else f"{e:.3f}" for t, e in zip(TIMES, r["input"])) + " |")


if __name__ == "__main__":
    main()
