"""Throughput of the argos DiT: training samples/s, sampling latency and achieved TFLOP/s.

Usage (CPU smoke test):   python benchmarks/dit.py --presets tiny --tokens 64 --batch 8 --iters 3
Usage (GPU, the lead):    python benchmarks/dit.py --presets B L --tokens 256 --batch 64 --dtype bf16 --device cuda
The whole GPU table (ceiling, compiled training, encoder, policy step, rollout): benchmarks/gpu_suite.py.

Matmul FLOPs are counted analytically from the config (one forward pass, one sample, 2 FLOPs per multiply-add),
with N state tokens, M memory tokens (conditions plus one null token each), width W, MLP ratio r, depth L:

    per block  = 2*N*W*(3W)  [q, k, v]  + 2*N*W*W [out]  + 2*N*N*W*2 [QK^T and AV]
               + 2*N*W*W [cross q] + 2*M*W*(2W) [cross k, v] + 2*N*M*W*2 [cross QK^T, AV] + 2*N*W*W [cross out]
               + 2*N*W*(rW)*2 [MLP]
    total      = L * per block + 2*N*D_in*W [embed] + 2*N*W*D_in [final]   (+ the DDT head's blocks at its width)

Training counts 3x the forward FLOPs (forward + backward). AdaLN, norms and softmax are left out (small).
"""
from __future__ import annotations
import argparse, contextlib, time

import torch

from argos.dit import DiT, DiTConfig, FlowModel, dit_config
from argos.flow import FlowConfig


def block_flops(N: int, M: int, W: int, r: float, cross: bool) -> float:
    f = 2 * N * W * 3 * W + 2 * N * W * W + 4 * N * N * W + 2 * N * W * int(r * W) * 2
    if cross: f += 2 * N * W * W + 2 * M * W * 2 * W + 4 * N * M * W + 2 * N * W * W
    return f


def forward_flops(cfg: DiTConfig, N: int, M: int) -> float:
    "Matmul FLOPs of one forward pass for one sample with N state tokens and M memory tokens."
    cross = bool(cfg.conditions)
    f = cfg.depth * block_flops(N, M, cfg.width, cfg.mlp_ratio, cross) + 2 * N * cfg.in_dim * cfg.width
    if cfg.head == "linear": return f + 2 * N * cfg.width * cfg.in_dim
    Wd = cfg.ddt_width
    f += 2 * N * cfg.in_dim * Wd + 2 * N * cfg.width * Wd
    return f + cfg.ddt_depth * block_flops(N, 0, Wd, cfg.mlp_ratio, False) + 2 * N * Wd * cfg.in_dim


def sync(device: torch.device):
    if device.type == "cuda": torch.cuda.synchronize()


def bench(preset: str, tokens: int, batch: int, dtype: str, device: torch.device, iters: int, steps: int,
          text_tokens: int, in_dim: int | None, plain: bool = False) -> dict:
    side = int(round(tokens ** 0.5))
    if side * side != tokens: raise ValueError(f"--tokens must be a square (h = w), got {tokens}")
    width = dit_config(preset).width
    cfg = dit_config(preset, in_dim=in_dim or min(width, 768), text_dim=256)
    model = FlowModel(cfg, FlowConfig()).to(device)
    model.dit.fast = not plain
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    g = torch.Generator().manual_seed(0)
    batch_d = {"latents": torch.randn(batch, tokens, cfg.in_dim, generator=g).to(device), "grid": (side, side),
               "text": torch.randn(batch, text_tokens, cfg.text_dim, generator=g).to(device)}
    M = 1 + text_tokens  # the null token and the text
    amp = torch.autocast(device.type, dtype=torch.bfloat16) if dtype == "bf16" else contextlib.nullcontext()

    def train_step():
        with amp: loss, _ = model(batch_d)
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()

    model.train()
    train_step(); sync(device)
    t0 = time.perf_counter()
    for _ in range(iters): train_step()
    sync(device)
    train_s = (time.perf_counter() - t0) / iters

    model.eval()
    def sample():
        with amp: return model.sample(batch, (side, side), text=batch_d["text"], steps=steps,
                                      guidance={"text": 3.0}, generator=g)
    sample(); sync(device)
    t0 = time.perf_counter()
    sample(); sync(device)
    sample_s = time.perf_counter() - t0
    f_fwd = forward_flops(cfg, tokens, M)
    params = sum(p.numel() for p in model.parameters())
    return {"preset": preset, "params_M": params / 1e6, "tokens": tokens, "batch": batch, "dtype": dtype,
            "train_samples_s": batch / train_s, "train_TFLOPs": 3 * f_fwd * batch / train_s / 1e12,
            # guidance on one condition: 2 evaluations per step
            "sample_ms_step": 1e3 * sample_s / steps, "sample_ms_image": 1e3 * sample_s / batch,
            "sample_TFLOPs": 2 * f_fwd * batch * steps / sample_s / 1e12, "GFLOP_fwd_sample": f_fwd / 1e9}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--presets", nargs="+", default=["tiny"])
    p.add_argument("--tokens", type=int, default=64)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--dtype", choices=["fp32", "bf16"], default="fp32")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--steps", type=int, default=10, help="sampling steps (Euler, text guidance: 2 passes each)")
    p.add_argument("--text-tokens", type=int, default=16)
    p.add_argument("--in-dim", type=int, default=None, help="token width D_in (default: min(width, 768))")
    p.add_argument("--plain", action="store_true", help="the DiT's plain reference path (DiT.fast = False) instead of its fast paths")
    a = p.parse_args()
    device = torch.device(a.device)
    if device.type == "cuda": torch.backends.cuda.matmul.allow_tf32 = True
    cols = ["preset", "params_M", "tokens", "batch", "dtype", "train_samples_s", "train_TFLOPs",
            "sample_ms_step", "sample_ms_image", "sample_TFLOPs", "GFLOP_fwd_sample"]
    print(f"device: {device} ({torch.cuda.get_device_name(device) if device.type == 'cuda' else 'cpu'})")
    print(" | ".join(f"{c:>15}" for c in cols))
    for preset in a.presets:
        r = bench(preset, a.tokens, a.batch, a.dtype, device, a.iters, a.steps, a.text_tokens, a.in_dim, a.plain)
        print(" | ".join(f"{r[c]:>15.4g}" if isinstance(r[c], float) else f"{r[c]:>15}" for c in cols), flush=True)


if __name__ == "__main__":
    main()
