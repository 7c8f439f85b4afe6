"""Bad inputs to argos' training loop (TrainConfig, batch sources, Trainer, resume) and the errors they must raise.

Each case is (name, zero-argument callable, exception type, fragment of the message); tests/test_bad_inputs.py runs them.
Runs and checkpoints are written lazily into one temporary folder, so importing this file costs nothing. Fragments
name the field and the value, so they hold whether the type is refused by argos.core.Config's generic annotation
check or by TrainConfig.validate."""
from argos.core import scratch_dir
import functools
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader

from argos.train import DatasetBatches, IterBatches, Trainer, TrainConfig, as_batch_source

TMP = scratch_dir("argos_bad_train_")


class _Reg(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(2, 1)
    def forward(self, batch):
        loss = ((self.lin(batch["x"]) - batch["y"]) ** 2).mean()
        return loss, {"mse": loss.detach()}


class _Logs(_Reg):
    def __init__(self, logs): super().__init__(); self.logs = logs
    def forward(self, batch): return super().forward(batch)[0], self.logs


class _Pairs(torch.utils.data.Dataset):
    def __len__(self): return 8
    def __getitem__(self, i): return {"x": torch.full((2,), float(i)), "y": torch.zeros(1)}


def _cfg(name: str, **kw) -> TrainConfig:
    return TrainConfig(**{"steps": 2, "batch_size": 4, "lr": 1e-2, "ckpt_every": None, "log_every": 1, "out_dir": str(TMP / name), **kw})


@functools.cache
def _run() -> Path:
    "A finished 2-step run with a checkpoint (lr 1e-2, cosine)."
    torch.manual_seed(0)
    Trainer(_Reg(), _cfg("run"), _Pairs(), cpu=True).fit()
    return TMP / "run"


def _resume(**changes):
    torch.manual_seed(0)
    return Trainer(_Reg(), _cfg("run", **changes), _Pairs(), cpu=True).resume(_run())


def _fit(model, **kw):
    return Trainer(model, _cfg("fit", **kw), _Pairs(), cpu=True).fit()


def _nan_weights_save():
    tr = Trainer(_Reg(), _cfg("nan"), _Pairs(), cpu=True)
    with torch.no_grad(): tr.unwrapped.lin.weight.fill_(float("nan"))
    return tr.save()


CASES = [
    # TrainConfig: types (YAML 1.1 reads 1e-3 as a string), then ranges
    ("TrainConfig lr='1e-3' (YAML 1.1 string)", lambda: TrainConfig(lr="1e-3"), ValueError, "got '1e-3' (str)"),
    ("TrainConfig steps='1000'", lambda: TrainConfig(steps="1000"), ValueError, "got '1000' (str)"),
    ("TrainConfig steps=True", lambda: TrainConfig(steps=True), ValueError, "TrainConfig.steps must be"),
    ("TrainConfig batch_size=8.0", lambda: TrainConfig(batch_size=8.0), ValueError, "TrainConfig.batch_size must be"),
    ("TrainConfig grad_accum=1.5", lambda: TrainConfig(grad_accum=1.5), ValueError, "got 1.5 (float)"),
    ("TrainConfig grad_clip='1.0'", lambda: TrainConfig(grad_clip="1.0"), ValueError, "TrainConfig.grad_clip must be"),
    ("TrainConfig ckpt_every=2.5", lambda: TrainConfig(ckpt_every=2.5), ValueError, "TrainConfig.ckpt_every must be"),
    ("TrainConfig betas='0.9,0.99'", lambda: TrainConfig(betas="0.9,0.99"), ValueError, "TrainConfig.betas must be"),
    ("TrainConfig betas=(0.9, '0.99')", lambda: TrainConfig(betas=(0.9, "0.99")), ValueError, "TrainConfig.betas must be"),
    ("TrainConfig schedule=None", lambda: TrainConfig(schedule=None), ValueError, "TrainConfig.schedule must be"),
    ("TrainConfig out_dir=3", lambda: TrainConfig(out_dir=3), ValueError, "TrainConfig.out_dir must be"),
    ("TrainConfig tracker=1", lambda: TrainConfig(tracker=1), ValueError, "TrainConfig.tracker must be"),
    ("TrainConfig lr=nan", lambda: TrainConfig(lr=float("nan")), ValueError, "TrainConfig.lr must be a finite number, got nan"),
    ("TrainConfig ema_decay=inf", lambda: TrainConfig(ema_decay=float("inf")), ValueError, "TrainConfig.ema_decay must be a finite number"),
    ("TrainConfig lr=0", lambda: TrainConfig(lr=0), ValueError, "TrainConfig.lr must be > 0, got 0"),
    ("TrainConfig lr=-1e-3", lambda: TrainConfig(lr=-1e-3), ValueError, "TrainConfig.lr must be > 0, got -0.001"),
    ("TrainConfig warmup_steps > steps", lambda: TrainConfig(steps=10, warmup_steps=11), ValueError, "warmup_steps must be in [0, steps=10], got 11"),
    ("TrainConfig schedule='linear'", lambda: TrainConfig(schedule="linear"), ValueError, "schedule must be one of ['constant', 'cosine'], got 'linear'"),
    ("TrainConfig mixed_precision='fp8'", lambda: TrainConfig(mixed_precision="fp8"), ValueError, "mixed_precision must be one of"),
    ("TrainConfig ema_decay=1.0", lambda: TrainConfig(ema_decay=1.0), ValueError, "ema_decay must be in (0, 1) or None, got 1.0"),
    ("TrainConfig betas=(0.9, 1.0)", lambda: TrainConfig(betas=(0.9, 1.0)), ValueError, "betas must be two numbers in [0, 1)"),
    ("TrainConfig min_lr_ratio=2", lambda: TrainConfig(min_lr_ratio=2), ValueError, "min_lr_ratio must be in [0, 1], got 2.0"),
    ("TrainConfig ckpt_every=0", lambda: TrainConfig(ckpt_every=0), ValueError, "ckpt_every must be a positive int or None, got 0"),
    ("TrainConfig unknown field from a file", lambda: TrainConfig.from_dict({"step": 3}), ValueError, "unknown TrainConfig fields ['step']"),
    # batch sources
    ("DatasetBatches batch larger than the dataset", lambda: DatasetBatches(_Pairs(), 9), ValueError, "batch_size must be in [1, len(dataset)=8], got 9"),
    ("DatasetBatches rank outside the world", lambda: DatasetBatches(_Pairs(), 2, rank=2, world=2), ValueError, "expected a process rank in [0, world=2), got 2"),
    ("IterBatches over an empty iterable", lambda: IterBatches([]).next_batch(), ValueError, "the iterable list yielded no batches"),
    ("DataLoader batch size differs from the config", lambda: as_batch_source(DataLoader(_Pairs(), batch_size=2), 4), ValueError,
     "DataLoader batch_size=2 differs from TrainConfig.batch_size=4"),
    ("data that is no batch source", lambda: as_batch_source(3, 4), ValueError, "got int"),
    # Trainer and the model interface
    ("Trainer given a dict as config", lambda: Trainer(_Reg(), {"lr": 1e-3}, _Pairs(), cpu=True), ValueError, "expected a TrainConfig, got dict"),
    ("model returning a non-scalar loss", lambda: _fit(type("V", (_Reg,), {"forward": lambda s, b: (s.lin(b["x"]), {})})()), ValueError,
     "expected model(batch) to return (loss: scalar tensor, logs: dict[str, float]), got tuple of ['Tensor', 'dict'] with loss shape (4, 1)"),
    ("model log that is a vector", lambda: _fit(_Logs({"err": torch.ones(3)})), ValueError,
     "expected model log 'err' to be a number or a one-element tensor, got shape (3,)"),
    ("model log that is a string", lambda: _fit(_Logs({"note": "ok"})), ValueError, "expected model log 'note' to be a number or a one-element tensor, got str"),
    ("checkpoint with NaN weights", _nan_weights_save, RuntimeError, "refusing to write a checkpoint with non-finite values in ['model.lin.weight'"),
    # resume
    ("resume with a 10x learning rate", lambda: _resume(lr=1e-1), ValueError, "lr: 0.01 in the checkpoint, 0.1 now"),
    ("resume with another batch size", lambda: _resume(batch_size=2), ValueError, "batch_size: 4 in the checkpoint, 2 now"),
    ("resume with more steps under cosine", lambda: _resume(steps=4), ValueError, "steps: 2 in the checkpoint, 4 now"),
    ("resume from a folder without checkpoints", lambda: Trainer(_Reg(), _cfg("empty"), _Pairs(), cpu=True).resume(TMP), FileNotFoundError,
     "no 'latest' checkpoint pointer in"),
    ("resume from a missing file", lambda: Trainer(_Reg(), _cfg("empty"), _Pairs(), cpu=True).resume(TMP / "nowhere.pt"), FileNotFoundError,
     "no checkpoint at"),
]
