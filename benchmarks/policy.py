"""Milliseconds per control step of `Policy.act`, re-planning amortised, on random observations.

A re-plan encodes the new frame (image encoder), extends the history in the KV cache and imagines `imagine` frames
(`steps` flow steps each, all token groups of a frame at once); it returns `execute` action blocks of `stride` native
actions, so one re-plan serves `execute * stride` environment steps. The table prints the time of one `act` call
(one re-plan), its split into encoding and imagining, and the cost per environment step.

Usage (CPU, tiny, random weights):   python benchmarks/policy.py --threads 1
A trained checkpoint:                python benchmarks/policy.py --checkpoint outputs/main/action_stage/policy.pt
On a GPU:                             python benchmarks/policy.py --device cuda --checkpoint PATH
"""
from __future__ import annotations
import argparse, time

import numpy as np
import torch


def tiny_policy(cfg, device):
    "A random-weight tiny policy of the action stage's shape (Meta-World: 4-D actions, stride 8, 4x4 grid of 64-wide tokens)."
    from argos.dit import dit_config
    from argos.flow import FlowConfig
    from argos.image_encoder import ImageEncoder
    from argos.policy import Policy
    from argos.text_encoder import TextEncoder, tiny_tokenizer
    from argos.world_model import WorldModel, WorldModelConfig
    wm = WorldModel(WorldModelConfig(dit=dit_config("tiny", in_dim=64, proprio_dim=4, action_dim=32, text_dim=64),
                                     flow=FlowConfig(prediction="x", shift=2.0, sample_steps=10), n_history=3, anchor=True))
    info = {"image_size": 64, "grid": (4, 4), "stride": 8, "action_dim": 4}
    return Policy(wm, ImageEncoder.from_preset("tiny", seed=0), TextEncoder.from_preset("tiny", tiny_tokenizer(), seed=0), info, cfg, device=device)


def sync(device):
    if torch.device(device).type == "cuda": torch.cuda.synchronize()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", default=None, help="policy.pt or bc.pt from the action stage (default: a random tiny policy)")
    p.add_argument("--device", default="cpu")
    p.add_argument("--envs", type=int, nargs="+", default=[1, 10])
    p.add_argument("--calls", type=int, default=20, help="timed act calls per row (after 3 warm-up calls)")
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.policy import Policy, PolicyConfig

    settings = [("generated, imagine 1, execute 1", PolicyConfig()),
                ("generated, imagine 4, execute 2", PolicyConfig(imagine=4, execute=2)),
                ("generated, 4 flow steps", PolicyConfig(steps=4))]
    print(f"policy: {a.checkpoint or 'random tiny'}, device {a.device}, torch threads {torch.get_num_threads()}")
    print("| setting | envs | ms per act (re-plan) | encode ms | imagine ms | env steps per re-plan | ms per env step (all envs) |")
    print("|---|---|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    for name, cfg in settings:
        pol = Policy.from_checkpoint(a.checkpoint, device=a.device, cfg=cfg) if a.checkpoint else tiny_policy(cfg, a.device)
        stride, P = pol.stride, pol.wm.cfg.dit.proprio_dim
        for B in a.envs:
            obs = lambda: {"image": rng.integers(0, 255, (B, 128, 128, 3), dtype=np.uint8),
                           "state": rng.normal(size=(B, P)).astype(np.float32), "step": 0}
            pol.reset(B, ["push the puck to the goal"] * B)
            for _ in range(3): pol.act(obs())
            enc_s = 0.0
            with torch.no_grad():                                               # the encoding part, timed alone
                o = obs()
                for _ in range(a.calls):
                    sync(a.device); t0 = time.perf_counter()
                    img = torch.as_tensor(o["image"]).to(a.device)
                    pol.image_encoder.encode(img, pol.image_size)
                    sync(a.device); enc_s += time.perf_counter() - t0
            total = 0.0
            for _ in range(a.calls):
                o = obs(); sync(a.device); t0 = time.perf_counter()
                pol.act(o); sync(a.device); total += time.perf_counter() - t0
            per_call, enc = 1e3 * total / a.calls, 1e3 * enc_s / a.calls
            steps = cfg.execute * stride
            print(f"| {name} | {B} | {per_call:.1f} | {enc:.1f} | {per_call - enc:.1f} | {steps} | {per_call / steps:.2f} |", flush=True)


if __name__ == "__main__":
    main()
