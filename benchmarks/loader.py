"""Frames/s of the episode-window loader (decode + window + normalise) on the embedded Meta-World data.

    python benchmarks/loader.py --data /tmp/dgen/mw            # an existing dataset
    python benchmarks/loader.py                                # generates a small one first (6 tasks x 2 episodes)

Counts frames delivered = batch_size x (n_history + n_future) per batch, for DataLoader num_workers 0, 1, 2.
"""
from __future__ import annotations
import argparse, os, tempfile, time
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from argos.lerobot import EpisodeWindows, LeRobotDataset, WindowConfig

# TODO(lead): frames/s the tiny training loop consumes (nbs/10_train); fill in to compare.
TRAIN_CONSUMES_FPS: float | None = None


def bench(ds: LeRobotDataset, cfg: WindowConfig, workers: int, batch_size: int, n_batches: int, seed: int = 0) -> dict:
    win = EpisodeWindows(ds, cfg)
    g = torch.Generator().manual_seed(seed)
    dl = DataLoader(win, batch_size=batch_size, sampler=torch.utils.data.RandomSampler(win, replacement=True, generator=g),
                    num_workers=workers, prefetch_factor=2 if workers else None)
    t = time.perf_counter()  # worker start-up is counted: a short run is a pessimistic estimate
    it, n = iter(dl), 0
    for _ in range(n_batches):
        b = next(it)
        n += b["frames_history"].shape[0] * (b["frames_history"].shape[1] + b["frames_future"].shape[1])
    dt = time.perf_counter() - t
    del it
    return {"workers": workers, "windows_per_s": batch_size * n_batches / dt, "frames_per_s": n / dt, "seconds": dt}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=None, help="a LeRobot v3 dataset; default: generate Meta-World (6 tasks x 2 episodes)")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--batches", type=int, default=40)
    p.add_argument("--workers", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--n-history", type=int, default=1)
    p.add_argument("--n-future", type=int, default=4)
    p.add_argument("--stride", type=float, default=0.5, help="seconds")
    p.add_argument("--threads", type=int, default=None, help="torch.set_num_threads in the main process (workers use 1)")
    a = p.parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    root = a.data
    if root is None:
        from argos.sim_data import generate_metaworld
        root = generate_metaworld(Path(tempfile.mkdtemp()) / "mw", episodes=2)
    ds = LeRobotDataset(root)
    cfg = WindowConfig(n_history=a.n_history, n_future=a.n_future, stride=a.stride)
    h, w = ds.features[ds.video_keys[0]]["shape"][:2]
    print(f"dataset {root}: {ds.num_episodes} episodes, {len(ds)} frames, {ds.fps:g} fps, {h}x{w}; window {cfg}; "
          f"batch {a.batch_size} x {a.batches} batches; torch threads {torch.get_num_threads()}; load avg {os.getloadavg()[0]:.1f}")
    train = "TODO (lead)" if TRAIN_CONSUMES_FPS is None else f"{TRAIN_CONSUMES_FPS:.0f}"
    print(f"{'workers':>7} | {'windows/s':>9} | {'frames/s':>8} | {'train loop consumes frames/s':>28}")
    for nw in a.workers:
        r = bench(ds, cfg, nw, a.batch_size, a.batches)
        print(f"{nw:>7} | {r['windows_per_s']:>9.1f} | {r['frames_per_s']:>8.1f} | {train:>28}")


if __name__ == "__main__":
    main()
