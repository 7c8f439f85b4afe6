"""One process of the two-process training checks in `tests/test_distributed.py` (CPU, gloo).

Started twice by the test with the torchrun environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT),
or by hand:  accelerate launch --multi_gpu --num_processes 2 tests/dist_train_worker.py OUT_DIR
Each process writes `OUT_DIR/rank<r>.json`; the test compares them with a single-process run of the same functions.
The scenarios are functions of (out_dir, batch_size), so the test can run the one-process reference in its own process.
"""
import time
T0 = time.perf_counter()
import json, os, sys
from pathlib import Path

import torch
from torch import nn

from argos.lerobot import TOY_FEATURES, EpisodeWindows, LeRobotDataset, WindowConfig, toy_episodes, video_feature, write_lerobot_dataset
from argos.lerobot_stream import LeRobotStream, LeRobotStreamConfig
from argos.train import DatasetBatches, Trainer, TrainConfig, read_metrics

STREAM_WINDOW = WindowConfig(n_history=2, n_future=3, stride=2, stride_unit="frames")  # 20 windows per toy episode of 20 frames


class Reg(nn.Module):
    "A deterministic MLP regressor: no dropout, no noise, so one process and two must agree to float rounding."
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 1))
    def forward(self, batch):
        loss = ((self.net(batch["x"]) - batch["y"]) ** 2).mean()
        return loss, {"mse": loss.detach()}


class NoisyFlow(nn.Module):
    "Dropout and noise drawn in the forward pass from the global RNG: an exact resume needs every process's RNG back."
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(5, 16), nn.SiLU(), nn.Dropout(0.2), nn.Linear(16, 4))
    def forward(self, batch):
        x1 = batch["x"]
        x0, t = torch.randn_like(x1), torch.rand(x1.shape[0], 1)
        loss = ((self.net(torch.cat([(1 - t) * x0 + t * x1, t], 1)) - (x1 - x0)) ** 2).mean()
        return loss, {"t_mean": t.mean()}


class Recording(torch.utils.data.Dataset):
    "Regression samples that remember which indices this process read, in order."
    def __init__(self, n=64, nan_at=None):
        g = torch.Generator().manual_seed(0)
        self.x, u = torch.randn(n, 4, generator=g), torch.randn(4, generator=g)
        self.y = torch.sin(self.x @ u).unsqueeze(1)
        if nan_at is not None: self.x[nan_at, 0] = float("nan")
        self.read = []
    def __len__(self): return len(self.x)
    def __getitem__(self, i):
        self.read.append(int(i))
        return {"x": self.x[i], "y": self.y[i]}


def params(model) -> list[float]: return torch.cat([p.detach().flatten() for p in model.parameters()]).tolist()


def run_ddp(out: Path, batch_size: int) -> dict:
    "8 updates of 2 micro-batches on 64 samples (two epochs at 2 processes x 4 or 1 process x 8): losses, weights, reads."
    cfg = TrainConfig(steps=8, batch_size=batch_size, grad_accum=2, lr=2e-2, warmup_steps=2, grad_clip=0.3, ema_decay=0.9,
                      ckpt_every=None, log_every=1, seed=3, out_dir=str(out / "ddp"))
    torch.manual_seed(int(os.environ.get("RANK", 0)))  # other initial weights on process 1: DDP must start it from process 0's
    data = Recording()
    tr = Trainer(Reg(), cfg, data, cpu=True)
    recs = tr.fit()
    return {"losses": [r["loss"] for r in recs], "grad_norms": [r["grad_norm"] for r in recs], "params": params(tr.unwrapped),
            "ema": params(tr.ema_model), "reads": data.read}


def run_nan(out: Path, batch_size: int, nan_at: int) -> dict:
    "A NaN in one sample that only one process reads: every process must skip that update."
    cfg = TrainConfig(steps=4, batch_size=batch_size, lr=2e-2, ema_decay=0.9, ckpt_every=None, log_every=1, seed=3,
                      out_dir=str(out / "nan"))
    torch.manual_seed(0)
    data = Recording(nan_at=nan_at)
    tr = Trainer(Reg(), cfg, data, cpu=True)
    recs = tr.fit()
    return {"skipped": [r["skipped"] for r in recs], "params": params(tr.unwrapped), "ema": params(tr.ema_model),
            "reads": data.read, "total": tr.skipped}


def run_stream(out: Path, batch_size: int) -> dict:
    "A streaming `datasets.IterableDataset` of 4 shards x 8 examples: which examples this process read and trained on."
    import datasets
    reads, seen = [], []
    def gen(shards):
        for s in shards:
            for i in range(8):
                reads.append(10 * s + i)
                yield {"id": 10 * s + i, "x": [float(s), float(i), 1.0, -1.0], "y": [float(i) / 8]}
    ds = datasets.IterableDataset.from_generator(gen, gen_kwargs={"shards": [0, 1, 2, 3]}).with_format("torch")

    class Seeing(Reg):
        def forward(self, batch):
            seen.extend(batch["id"].tolist())
            return super().forward({"x": batch["x"].float(), "y": batch["y"].float()})

    cfg = TrainConfig(steps=16 // batch_size, batch_size=batch_size, lr=1e-2, ema_decay=None, ckpt_every=None, log_every=1,
                      out_dir=str(out / "stream"))
    torch.manual_seed(0)
    Trainer(Seeing(), cfg, ds, cpu=True).fit()
    return {"reads": reads, "seen": seen}


def write_toy_lerobot(root: Path) -> Path:
    "4 toy episodes of 20 frames (argos.lerobot's moving square) at 10 fps, as a LeRobot v3 dataset: 80 windows in all."
    return write_lerobot_dataset(root, toy_episodes(4, length=20, size=32), {"observation.images.top": video_feature(32, 32, 10),
                                                                               **TOY_FEATURES}, fps=10)


def lerobot_windows(root: Path) -> list:
    "(episode_index, start frame) of every window of the local reader: what the streamed shards must cover."
    return [list(k) for k in EpisodeWindows(LeRobotDataset(root), STREAM_WINDOW).index]


def run_lerobot_stream(out: Path, batch_size: int) -> dict:
    """An argos.lerobot_stream.LeRobotStream that takes its rank from torch.distributed, given to `Trainer` in a plain DataLoader:
    the (episode, start frame) of every window this process trained on in one epoch of its shard."""
    seen = []

    class Extrapolate(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(4, 6)
        def forward(self, batch):
            seen.extend([int(e), round(float(t) * 10)] for e, t in zip(batch["episode_index"], batch["t0"]))
            x, y = batch["state_history"].flatten(1).float(), batch["state_future"].flatten(1).float()   # (B, 2*2), (B, 3*2)
            loss = ((self.lin(x) - y) ** 2).mean()
            return loss, {"mse": loss.detach()}

    scfg = LeRobotStreamConfig(cache_dir=str(out / f"stream_cache{os.environ.get('RANK', 0)}"), shard_by="episode", buffer_size=8, seed=1)
    stream = LeRobotStream(out / "toy_lerobot", scfg)
    windows = stream.windows(STREAM_WINDOW)
    per_epoch = -(-40 // batch_size)   # 2 episodes x 20 windows in each process's shard
    cfg = TrainConfig(steps=per_epoch, batch_size=batch_size, lr=1e-2, ema_decay=None, ckpt_every=None, log_every=1,
                      out_dir=str(out / "lerobot_stream"))
    torch.manual_seed(0)
    Trainer(Extrapolate(), cfg, torch.utils.data.DataLoader(windows, batch_size=batch_size), cpu=True).fit()
    return {"shard": list(stream.shard()), "seen": seen}


def run_resume(out: Path, batch_size: int) -> dict:
    "NoisyFlow straight for 12 updates, and crashed at 6 then resumed from the folder: weights, EMA, metrics."
    data = Recording(n=96)
    def run(name, stop=None, resume=False):
        cfg = TrainConfig(steps=12, batch_size=batch_size, grad_accum=2, lr=5e-3, warmup_steps=2, grad_clip=0.5, ema_decay=0.9,
                          ckpt_every=6, keep_last=2, log_every=1, seed=7, out_dir=str(out / name))
        torch.manual_seed(123 if resume else 0)
        tr = Trainer(NoisyFlow(), cfg, data, cpu=True)
        if resume: tr.resume()
        tr.fit(until=stop)
        return tr
    straight = run("straight")
    run("resumed", stop=6)
    resumed = run("resumed", resume=True)
    strip = lambda rs: [{k: v for k, v in r.items() if k != "samples_per_s"} for r in rs]
    main = resumed.accelerator.is_main_process
    return {"straight": params(straight.unwrapped), "resumed": params(resumed.unwrapped),
            "straight_ema": params(straight.ema_model), "resumed_ema": params(resumed.ema_model),
            "metrics_straight": strip(read_metrics(out / "straight")) if main else None,
            "metrics_resumed": strip(read_metrics(out / "resumed")) if main else None}


def main(out: Path) -> None:
    from accelerate import PartialState
    torch.set_num_threads(1)
    state = PartialState(cpu=True)
    if state.num_processes != 2: raise SystemExit(f"expected 2 processes, got {state.num_processes}: start with the torchrun environment")
    nan_at = DatasetBatches(Recording(), 4, seed=3, rank=1, world=2).indices(1)[0]  # read by process 1 only, in update 2
    result, seconds = {"rank": state.process_index}, {"start": time.perf_counter() - T0}
    if state.is_main_process: write_toy_lerobot(out / "toy_lerobot")
    state.wait_for_everyone()
    if state.is_main_process: result["lerobot_windows"] = lerobot_windows(out / "toy_lerobot")
    for name, fn in (("ddp", lambda: run_ddp(out, 4)), ("nan", lambda: {"at": nan_at, **run_nan(out, 4, nan_at)}),
                     ("stream", lambda: run_stream(out, 4)), ("lerobot_stream", lambda: run_lerobot_stream(out, 4)),
                     ("resume", lambda: run_resume(out, 4))):
        t = time.perf_counter()
        result[name] = fn()
        seconds[name] = time.perf_counter() - t
    result["seconds"] = seconds
    (out / f"rank{state.process_index}.json").write_text(json.dumps(result))
    state.wait_for_everyone()
    state.destroy_process_group()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
