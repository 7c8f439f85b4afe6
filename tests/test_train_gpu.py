"""On a CUDA device: `Trainer.train_step` asks for no host synchronisation (torch's sync debug mode raises on any).

bf16, gradient accumulation, clipping, the EMA and one skipped non-finite update are all in play. The CPU version of
this check (every tensor read on the host refused inside `train_step`) is in nbs/10_train.ipynb; this one needs a GPU
and is skipped without one.
"""
import pytest
import torch
from torch import nn

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


class _MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 1))
    def forward(self, batch):
        loss = ((self.net(batch["x"]) - batch["y"]) ** 2).mean()
        return loss, {"mse": loss.detach()}


def test_train_step_never_syncs(tmp_path):
    from argos.train import IterBatches, Trainer, TrainConfig
    g = torch.Generator().manual_seed(0)
    batches = [{"x": torch.randn(16, 32, generator=g).pin_memory(), "y": torch.randn(16, 1, generator=g).pin_memory()} for _ in range(8)]
    batches[5]["x"][0, 0] = float("nan")   # micro-batch 5 = update 3 (2 micro-batches per update)
    cfg = TrainConfig(steps=4, batch_size=16, grad_accum=2, lr=1e-3, mixed_precision="bf16", ema_decay=0.99, ckpt_every=None,
                      out_dir=str(tmp_path))
    tr = Trainer(_MLP(), cfg, IterBatches(batches))
    tr.train_step()                        # warm-up: optimiser state and lazy initialisation may sync once
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        outs = [tr.train_step() for _ in range(3)]
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert torch.stack([o["skipped"] for o in outs]).tolist() == [0.0, 1.0, 0.0]
    assert tr.skipped == 1 and tr.nonfinite_tensors() == []
