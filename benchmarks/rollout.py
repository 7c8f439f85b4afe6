"""Latency of an autoregressive rollout of the world model: a 2 s rollout (20 frames at 10 Hz) with the KV cache against
recomputing the whole context at every flow step, at several history lengths.

Usage (CPU, tiny):   python benchmarks/rollout.py --threads 1 --batches 1 20
Usage (GPU, full):   python benchmarks/rollout.py --preset L --in-dim 1024 --grid 16 --device cuda --dtype bf16

Cost model (n tokens per frame, H history frames, S flow steps, F frames): recompute runs every flow step over the
whole context, about F*S*(H+F/2)*n query tokens (the context grows as frames are added); the cache runs each flow
step over the new frame's n tokens only, plus one commit pass per frame: F*(S+1)*n query tokens. The table prints the
measured ratio beside the ratio of token-passes this model predicts. A third row per history length times the
same rollout with the history given by cross-attention (CDiT): each flow step runs the new frame's tokens only, with
the history's H*n tokens as keys of the cross-attention (recomputed at every step).

`--batches`: rollouts imagined together (the closed-loop evaluator rolls out its episodes of a task in lockstep, 20 by
default). At batch 1 and tiny size the per-call overhead (weights read from memory, Python, kernel launches) is a
large share of every pass, so the measured ratio stays well below the token model; at a larger batch the
token-proportional work dominates and the ratio approaches it.
"""
from __future__ import annotations
import argparse, contextlib, time

import torch

from argos.dit import dit_config
from argos.flow import FlowConfig
from argos.world_model import WorldModel, WorldModelConfig


def sync(device: torch.device):
    if device.type == "cuda": torch.cuda.synchronize()


def build(preset: str, in_dim: int, grid: int, text_dim: int, history: int, device, cross: bool = False) -> WorldModel:
    dit = dit_config(preset, in_dim=in_dim, text_dim=text_dim, history_dim=in_dim if cross else 0, max_history=max(16, history))
    wm = WorldModel(WorldModelConfig(dit=dit, flow=FlowConfig(shift=2.0), n_history=history,
                                     history_mode="cross" if cross else "sequence")).to(device).eval()
    return wm


def time_rollout(wm: WorldModel, history: int, frames: int, steps: int, grid: int, text_tokens: int, use_cache: bool,
                 window: int | None, device, dtype: str, repeats: int, batch: int = 1) -> float:
    g = torch.Generator().manual_seed(0)
    D, E = wm.cfg.dit.in_dim, wm.cfg.dit.text_dim
    hist = {"patches": torch.randn(batch, history, grid * grid, D, generator=g).to(device)}
    text = torch.randn(batch, text_tokens, E, generator=g).to(device)
    amp = torch.autocast(device.type, dtype=torch.bfloat16) if dtype == "bf16" else contextlib.nullcontext()
    run = lambda n=frames: wm.rollout(hist, n, "video", text=text, steps=steps, grid=(grid, grid), use_cache=use_cache,
                                      window=window, generator=torch.Generator().manual_seed(1))
    with amp: run(min(2, frames))                                     # warm-up
    sync(device)
    t0 = time.perf_counter()
    for _ in range(repeats):
        with amp: run()
    sync(device)
    return (time.perf_counter() - t0) / repeats


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", default="tiny")
    p.add_argument("--in-dim", type=int, default=64)
    p.add_argument("--grid", type=int, default=4, help="patch grid side (4: 64 px with 16 px patches)")
    p.add_argument("--text-dim", type=int, default=64)
    p.add_argument("--text-tokens", type=int, default=8)
    p.add_argument("--histories", type=int, nargs="+", default=[1, 3, 7])
    p.add_argument("--frames", type=int, default=20, help="frames imagined (20 = 2 s at 10 Hz)")
    p.add_argument("--steps", type=int, default=10, help="flow steps per frame")
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--batches", type=int, nargs="+", default=[1], help="rollouts imagined together (one table block each)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--dtype", choices=["fp32", "bf16"], default="fp32")
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if min(a.batches) < 1: raise ValueError(f"--batches must be >= 1, got {a.batches}")
    if a.threads: torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    n = a.grid * a.grid
    print(f"device: {device}, preset {a.preset}, {n} tokens per frame, {a.frames} frames, {a.steps} flow steps, dtype {a.dtype}")
    cols = ["batch", "history", "mode", "rollout_ms", "ms_per_frame", "ms_per_flow_step", "frames_per_s", "speedup", "model_speedup"]
    print("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for B, H in [(B, H) for B in a.batches for H in a.histories]:
        wm = build(a.preset, a.in_dim, a.grid, a.text_dim, H, device)
        window = H + a.frames
        res = {}
        for use_cache in (False, True):
            res[use_cache] = time_rollout(wm, H, a.frames, a.steps, a.grid, a.text_tokens, use_cache, window, device, a.dtype, a.repeats, B)
        cross = build(a.preset, a.in_dim, a.grid, a.text_dim, H, device, cross=True)
        res["cross"] = time_rollout(cross, H, a.frames, a.steps, a.grid, a.text_tokens, True, window, device, a.dtype, a.repeats, B)
        recompute_tokens = sum(a.steps * (H + f + 1) * n for f in range(a.frames))
        cached_tokens = a.frames * (a.steps + 1) * n + H * n
        cross_tokens = a.frames * a.steps * n
        for key, label, tokens in ((False, "recompute", recompute_tokens), (True, "kv cache", cached_tokens),
                                   ("cross", "history by cross-attention", cross_tokens)):
            s = res[key]
            row = [B, H, label, f"{1e3 * s:.1f}", f"{1e3 * s / a.frames:.2f}", f"{1e3 * s / (a.frames * a.steps):.3f}", f"{a.frames / s:.1f}",
                   f"{res[False] / s:.2f}x", f"{recompute_tokens / tokens:.2f}x"]
            print("| " + " | ".join(map(str, row)) + " |", flush=True)


if __name__ == "__main__":
    main()
