"""Bad inputs to argos.memory (the bank, the compressors, the wrapper, the windows, the experiment config) and to the
world model's memory input, with the errors they must raise. Each case is (name, zero-argument callable, exception
type, fragment)."""
import torch

from argos.dit import DiTConfig
from argos.flow import FlowConfig
from argos.memory import (BankConfig, MemoryBank, MemoryData, MemoryExperimentConfig, MemoryWindows, MemoryWorldModel, PCAChannels,
                          QueryCompressor, recall_rollouts)
from argos.world_model import WorldModel, WorldModelConfig


def _wm(**dit) -> WorldModel:
    return WorldModel(WorldModelConfig(dit=DiTConfig(in_dim=4, width=16, depth=1, heads=2, embed_hidden=16, **dit),
                                       flow=FlowConfig(shift=1.0), n_history=2))


def _data(T: int = 12) -> MemoryData:
    return MemoryData(torch.zeros(2, T, 4, 4), torch.zeros(2, T, 2), torch.zeros(2, T, 2), torch.zeros(2, T, 4, dtype=torch.bool),
                      torch.tensor([8, 8]), torch.tensor([10, 10]), torch.tensor([0, 1]), [0, 1], (2, 2))


CASES = [
    ("BankConfig capacity=0", lambda: BankConfig(capacity=0), ValueError, "BankConfig.capacity must be an int >= 1"),
    ("BankConfig retrieve > capacity", lambda: BankConfig(capacity=2, retrieve=3), ValueError, "retrieve=3 exceeds capacity=2"),
    ("BankConfig write_threshold=2", lambda: BankConfig(write_threshold=2.0), ValueError, "write_threshold must be in (-1, 1]"),
    ("MemoryBank.offer frame of another shape",
     lambda: (lambda b: (b.offer(0, torch.zeros(4, 4), [0.0, 0.0]), b.offer(1, torch.zeros(5, 4), [0.0, 0.0])))(MemoryBank()),
     ValueError, "held frames"),
    ("MemoryBank.retrieve poses of another width",
     lambda: (lambda b: (b.offer(0, torch.zeros(4, 4), [0.0, 0.0]), b.retrieve(torch.zeros(1, 3))))(MemoryBank()), ValueError, "target poses"),
    ("PCAChannels.fit d=0", lambda: PCAChannels.fit(torch.randn(10, 4), 0), ValueError, "d must be an int in [1, 4]"),
    ("PCAChannels.fit tokens (N,)", lambda: PCAChannels.fit(torch.randn(10), 2), ValueError, "tokens"),
    ("QueryCompressor D not divisible by heads", lambda: QueryCompressor(4, 6, 2, heads=4), ValueError, "D % heads == 0"),
    ("QueryCompressor wrong token count", lambda: QueryCompressor(4, 8, 2, heads=2)(torch.zeros(1, 2, 5, 8)), ValueError, "memory frames"),
    ("MemoryWorldModel placement='side'", lambda: MemoryWorldModel(_wm(), None, "side"), ValueError, "placement must be one of"),
    ("MemoryWorldModel queries in the sequence", lambda: MemoryWorldModel(_wm(), QueryCompressor(4, 4, 2, heads=2), "sequence"),
     ValueError, "only PCAChannels"),
    ("WorldModel memory without a history condition",
     lambda: _wm()({"patches": torch.zeros(2, 4, 4, 4), "memory": torch.zeros(2, 1, 4, 4)}), ValueError, "takes no memory"),
    ("MemoryWindows kind='cache'", lambda: MemoryWindows(_data(), 2, 2, "cache"), ValueError, "kind must be one of"),
    ("MemoryWindows first_target past the end", lambda: MemoryWindows(_data(), 2, 6, "none"), ValueError, "first_target=8 must be in"),
    ("MemoryWindows p_recall=1.5", lambda: MemoryWindows(_data(), 2, 2, "none", p_recall=1.5), ValueError, "p_recall must be in [0, 1]"),
    ("recall_rollouts kind='all'", lambda: recall_rollouts(None, _data(), 2, 2, "all"), ValueError, "kind must be one of"),
    ("recall_rollouts history longer than the lead-in", lambda: recall_rollouts(None, _data(), 9, 2), ValueError, "before a full history of 9"),
    ("MemoryExperimentConfig arms=('h3',)", lambda: MemoryExperimentConfig(arms=("h3",)), ValueError, "arms must be a non-empty subset"),
    ("MemoryExperimentConfig seeds=()", lambda: MemoryExperimentConfig(seeds=()), ValueError, "seeds must be a non-empty tuple"),
    ("MemoryExperimentConfig steps=0", lambda: MemoryExperimentConfig(steps=0), ValueError, "steps"),
    ("MemoryExperimentConfig val_fraction=1", lambda: MemoryExperimentConfig(val_fraction=1.0), ValueError, "val_fraction must be in (0, 1)"),
]
