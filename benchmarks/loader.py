"""Frames/s of the episode-window loader (decode + window + normalise) on the embedded Meta-World data.

    python benchmarks/loader.py --data /tmp/dgen/mw            # an existing dataset
    python benchmarks/loader.py                                # generates a small one first (6 tasks x 2 episodes)

Counts frames delivered = batch_size x (n_history + n_future) per batch, for DataLoader num_workers 0, 1, 2,
and of those the real ones (not padding). Windows start at every frame and are padded past the episode
ends (EpisodeWindows short="pad", the default): the trimmed Meta-World episodes (57-116 frames at 80 fps)
are shorter than the default 2 s window (161 frames), so short="skip"/"error" find no window in them.
A padded frame repeats a frame already decoded for the window, so it costs a copy, not a decode.
"""
from __future__ import annotations
import argparse, os, tempfile, time
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from argos.lerobot import EpisodeWindows, LeRobotDataset, WindowConfig

# Frames/s the tiny training would consume, from `python benchmarks/dit.py --presets tiny --tokens 64 --batch 8 --iters 10`
# on this 2-core CPU (load average 6.8): 18.6 training samples/s. Assumption: one DiT training sample consumes one
# window of n_history + n_future = 5 frames (the default WindowConfig), so 18.6 x 5 = 93 frames/s. An upper bound
# if a sample predicts only part of its window; re-measure with the real training loop (nbs/10_train) and on a GPU.
TRAIN_SAMPLES_PER_S, TRAIN_FRAMES_PER_WINDOW = 18.6, 5
TRAIN_CONSUMES_FPS: float | None = TRAIN_SAMPLES_PER_S * TRAIN_FRAMES_PER_WINDOW


def bench(ds: LeRobotDataset, cfg: WindowConfig, workers: int, batch_size: int, n_batches: int, seed: int = 0,
          short: str = "pad", every: int = 1) -> dict:
    win = EpisodeWindows(ds, cfg, short=short, every=every)
    g = torch.Generator().manual_seed(seed)
    sampler = torch.utils.data.RandomSampler(win, replacement=True, num_samples=batch_size * n_batches, generator=g)
    dl = DataLoader(win, batch_size=batch_size, sampler=sampler,
                    num_workers=workers, prefetch_factor=2 if workers else None)
    t = time.perf_counter()  # worker start-up is counted: a short run is a pessimistic estimate
    it, n, n_pad = iter(dl), 0, 0
    for _ in range(n_batches):
        b = next(it)
        n += b["frames_history"].shape[0] * (b["frames_history"].shape[1] + b["frames_future"].shape[1])
        n_pad += int(b["frames_history_is_pad"].sum() + b["frames_future_is_pad"].sum())
    dt = time.perf_counter() - t
    del it
    return {"workers": workers, "windows": len(win), "windows_per_s": batch_size * n_batches / dt, "frames_per_s": n / dt,
            "real_frames_per_s": (n - n_pad) / dt, "pad_share": n_pad / n, "seconds": dt}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=None, help="a LeRobot v3 dataset; default: generate Meta-World (6 tasks x 2 episodes)")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--batches", type=int, default=40)
    p.add_argument("--workers", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--n-history", type=int, default=1)
    p.add_argument("--n-future", type=int, default=4)
    p.add_argument("--stride", type=float, default=0.5, help="seconds")
    p.add_argument("--short", choices=["pad", "skip", "error"], default="pad", help="episodes shorter than a window (EpisodeWindows)")
    p.add_argument("--every", type=int, default=1, help="a window starts at every k-th frame")
    p.add_argument("--threads", type=int, default=None, help="torch.set_num_threads in the main process (workers use 1)")
    a = p.parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    with tempfile.TemporaryDirectory() as tmp:
        root = a.data
        if root is None:
            from argos.sim_data import generate_metaworld
            root = generate_metaworld(Path(tmp) / "mw", episodes=2)
        run(a, LeRobotDataset(root), root)


def run(a: argparse.Namespace, ds: LeRobotDataset, root) -> None:
    cfg = WindowConfig(n_history=a.n_history, n_future=a.n_future, stride=a.stride)
    h, w = ds.features[ds.video_keys[0]]["shape"][:2]
    print(f"dataset {root}: {ds.num_episodes} episodes, {len(ds)} frames, {ds.fps:g} fps, {h}x{w}; window {cfg}; "
          f"short={a.short!r}, every {a.every}; batch {a.batch_size} x {a.batches} batches; torch threads {torch.get_num_threads()}; "
          f"load avg {os.getloadavg()[0]:.1f}")
    train = "TODO (lead)" if TRAIN_CONSUMES_FPS is None else f"{TRAIN_CONSUMES_FPS:.0f}"
    print(f"{'workers':>7} | {'windows':>7} | {'windows/s':>9} | {'frames/s':>8} | {'real frames/s':>13} | {'padded':>6} | "
          f"{'tiny training consumes frames/s':>31}")
    for nw in a.workers:
        r = bench(ds, cfg, nw, a.batch_size, a.batches, short=a.short, every=a.every)
        print(f"{nw:>7} | {r['windows']:>7} | {r['windows_per_s']:>9.1f} | {r['frames_per_s']:>8.1f} | {r['real_frames_per_s']:>13.1f} | "
              f"{r['pad_share']:>6.0%} | {train:>31}", flush=True)


if __name__ == "__main__":
    main()
