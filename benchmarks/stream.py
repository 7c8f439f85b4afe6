"""Frames/s of a LeRobot v3 dataset streamed from a local HTTP server (argos.lerobot_stream), beside the local reader and
what tiny training consumes.

    python benchmarks/stream.py                       # generates Meta-World (6 tasks x 2 episodes), as benchmarks/loader.py does
    python benchmarks/stream.py --data DIR            # an existing LeRobot v3 dataset
    python benchmarks/stream.py --toy                 # argos' toy episodes (no simulator needed; fast)

The dataset is served by `LocalServer` (python's http.server in a thread, with byte ranges) on 127.0.0.1. Each streamed row
reads one whole epoch through `LeRobotStream.windows(...)` and a DataLoader (fetch, decode, cut, shuffle buffer, collate),
with a fresh cache folder unless it says "warm". Frames are counted as in benchmarks/loader.py: each batch delivers
batch_size x (n_history + n_future) frames ("frames/s"); "decoded/s" counts the native frames decoded (the stream decodes
each episode's frames once per epoch). "open s" is the time to fetch and read the metadata. The local-reader row is
benchmarks/loader.py's measurement (random windows, DataLoader with 0 workers). "tiny training consumes" is the figure
recorded in benchmarks/loader.py.
"""
from __future__ import annotations
import argparse, os, sys, tempfile, time
from pathlib import Path

import torch
from torch.utils.data import DataLoader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loader import TRAIN_CONSUMES_FPS, bench as local_bench  # noqa: E402

from argos.lerobot import LeRobotDataset, WindowConfig  # noqa: E402
from argos.lerobot_stream import LeRobotStream, LeRobotStreamConfig, LocalServer  # noqa: E402


def stream_bench(url: str, wcfg: WindowConfig, scfg: LeRobotStreamConfig, batch_size: int, workers: int = 0, epochs: int = 1,
                 short: str = "pad", every: int = 1) -> dict:
    "Read `epochs` whole epochs of the stream at `url`; the figures are those of the last epoch (earlier ones warm the cache)."
    t = time.perf_counter()
    stream = LeRobotStream(url, scfg)
    open_s = time.perf_counter() - t
    win = stream.windows(wcfg, short=short, every=every)
    for epoch in range(epochs):
        win.set_epoch(epoch)
        before = dict(stream.counters)
        dl = DataLoader(win, batch_size=batch_size, num_workers=workers)
        t, n, n_pad, windows = time.perf_counter(), 0, 0, 0
        for b in dl:
            windows += b["frames_history"].shape[0]
            n += b["frames_history"].shape[0] * (b["frames_history"].shape[1] + b["frames_future"].shape[1])
            n_pad += int(b["frames_history_is_pad"].sum() + b["frames_future_is_pad"].sum())
        dt = time.perf_counter() - t
    c = {k: stream.counters[k] - before.get(k, 0) for k in stream.counters}
    out = {"windows": windows, "windows_per_s": windows / dt, "frames_per_s": n / dt, "real_frames_per_s": (n - n_pad) / dt,
           "decoded_per_s": c.get("frames_decoded", 0) / dt, "mb": c.get("bytes", 0) / 2**20, "requests": c.get("requests", 0),
           "open_s": open_s, "seconds": dt}
    if workers:  # the workers count in their own processes: only what the main process sees is known
        out.update(decoded_per_s=sum(int(r["length"]) for r in stream.episodes) / dt, mb=None, requests=None)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=None, help="a LeRobot v3 dataset; default: generate Meta-World (6 tasks x 2 episodes)")
    p.add_argument("--toy", action="store_true", help="use argos' toy episodes (12 x 100 frames of 64x64 at 10 fps) instead")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--local-batches", type=int, default=40, help="batches of the local-reader row")
    p.add_argument("--n-history", type=int, default=1)
    p.add_argument("--n-future", type=int, default=4)
    p.add_argument("--stride", type=float, default=0.5, help="seconds")
    p.add_argument("--buffer-size", type=int, default=256)
    p.add_argument("--latency-ms", type=float, default=20.0, help="delay per request of the slow-server rows")
    p.add_argument("--chunk-mb", type=float, default=0.0625, help="ranged request size of video downloads")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (DataLoader workers use 1)")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    os.environ.setdefault("ARGOS_QUIET", "1")
    with tempfile.TemporaryDirectory() as tmp:
        root = a.data
        if root is None and a.toy:
            from argos.lerobot import TOY_FEATURES, toy_episodes, video_feature, write_lerobot_dataset
            root = write_lerobot_dataset(Path(tmp) / "toy", toy_episodes(12, length=100, size=64),
                                         {"observation.images.top": video_feature(64, 64, 10), **TOY_FEATURES}, fps=10)
        elif root is None:
            os.environ.setdefault("MUJOCO_GL", "egl")
            from argos.sim_data import generate_metaworld
            root = generate_metaworld(Path(tmp) / "mw", episodes=2)
        run(a, Path(root), Path(tmp))


def run(a: argparse.Namespace, root: Path, tmp: Path) -> None:
    ds = LeRobotDataset(root)
    wcfg = WindowConfig(n_history=a.n_history, n_future=a.n_future, stride=a.stride)
    h, w = ds.features[ds.video_keys[0]]["shape"][:2]
    size_mb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20
    print(f"dataset {root}: {ds.num_episodes} episodes, {len(ds)} frames, {ds.fps:g} fps, {h}x{w}, {size_mb:.2f} MB; window {wcfg}; "
          f"batch {a.batch_size}; shuffle buffer {a.buffer_size}; torch threads {torch.get_num_threads()}; "
          f"load avg {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d')}")
    base = LeRobotStreamConfig(buffer_size=a.buffer_size, chunk_mb=a.chunk_mb, backoff_s=0.05)
    cold = lambda name, **kw: base.replace(cache_dir=str(tmp / f"cache-{name}"), **kw)
    train = f"{TRAIN_CONSUMES_FPS:.0f}"
    print(f"| {'reader':<42} | {'windows/s':>9} | {'frames/s':>8} | {'decoded/s':>9} | {'MB fetched':>10} | {'requests':>8} | "
          f"{'open s':>6} | {'tiny training consumes frames/s':>31} |")
    print(f"|{'-' * 44}|{'-' * 10}:|{'-' * 9}:|{'-' * 10}:|{'-' * 11}:|{'-' * 9}:|{'-' * 7}:|{'-' * 32}:|")

    def row(name, r):
        dec = f"{r['decoded_per_s']:.0f}" if r.get("decoded_per_s") is not None else "-"
        mb = f"{r['mb']:.2f}" if r.get("mb") is not None else "-"
        req = f"{r['requests']}" if r.get("requests") is not None else "-"
        op = f"{r['open_s']:.2f}" if r.get("open_s") is not None else "-"
        print(f"| {name:<42} | {r['windows_per_s']:>9.1f} | {r['frames_per_s']:>8.0f} | {dec:>9} | {mb:>10} | {req:>8} | {op:>6} | {train:>31} |",
              flush=True)

    row("local reader (loader.py, 0 workers)", local_bench(ds, wcfg, 0, a.batch_size, a.local_batches))
    with LocalServer(root) as srv:
        row("stream, cold cache, prefetch 0", stream_bench(srv.url, wcfg, cold("p0", prefetch=0), a.batch_size))
        row("stream, cold cache, prefetch 2", stream_bench(srv.url, wcfg, cold("p2"), a.batch_size))
        row("stream, warm cache (2nd epoch)", stream_bench(srv.url, wcfg, cold("warm"), a.batch_size, epochs=2))
        row("stream, cold cache, 2 DataLoader workers", stream_bench(srv.url, wcfg, cold("w2", shard_by="episode"), a.batch_size, workers=2))
    with LocalServer(root, ranges=False) as srv:
        row("stream, server without ranges", stream_bench(srv.url, wcfg, cold("norange"), a.batch_size))
    with LocalServer(root, latency_s=a.latency_ms / 1e3) as srv:
        row(f"stream, {a.latency_ms:g} ms per request, prefetch 0", stream_bench(srv.url, wcfg, cold("lat0", prefetch=0), a.batch_size))
        row(f"stream, {a.latency_ms:g} ms per request, prefetch 2", stream_bench(srv.url, wcfg, cold("lat2"), a.batch_size))


if __name__ == "__main__":
    main()
