"""Bad inputs to argos.rollouts (self-forcing configs, the wrapper, the experiment config) and `WorldModel.forward`'s
`n_context`, with the errors they must raise. Each case is (name, zero-argument callable, exception type, fragment)."""
import torch

from argos.dit import DiTConfig
from argos.flow import FlowConfig
from argos.rollouts import RolloutExperimentConfig, SelfForcing, SelfForcingConfig
from argos.world_model import WorldModel, WorldModelConfig


def _wm(**kw) -> WorldModel:
    return WorldModel(WorldModelConfig(dit=DiTConfig(in_dim=4, width=16, depth=1, heads=2, embed_hidden=16, **kw.pop("dit", {})),
                                       flow=FlowConfig(shift=1.0), n_history=2, **kw))


def _batch(T: int) -> dict:
    return {"patches": torch.randn(2, T, 4, 4), "grid": (2, 2)}


CASES = [
    ("SelfForcingConfig rollout_steps=0", lambda: SelfForcingConfig(rollout_steps=0), ValueError, "SelfForcingConfig.rollout_steps must be an int >= 1"),
    ("SelfForcingConfig sample_steps=2.5", lambda: SelfForcingConfig(sample_steps=2.5), ValueError, "sample_steps"),
    ("SelfForcingConfig future=True", lambda: SelfForcingConfig(future=True), ValueError, "SelfForcingConfig.future"),
    ("SelfForcing window shorter than history + future", lambda: SelfForcing(_wm(), SelfForcingConfig(future=3))(_batch(4)),
     ValueError, "cannot hold n_history=2 + future=3"),
    ("SelfForcing batch without patches", lambda: SelfForcing(_wm())({"proprio": torch.zeros(2, 6, 2)}), ValueError, "batch['patches']"),
    ("SelfForcing around a cross-attention world model",
     lambda: SelfForcing(_wm(dit={"history_dim": 4}, history_mode="cross")), ValueError, "needs history_mode='sequence'"),
    ("WorldModel.forward n_context below n_history", lambda: _wm()(_batch(5), n_context=1), ValueError, "n_context must be an int >= n_history=2"),
    ("WorldModel.forward n_context=2.0", lambda: _wm()(_batch(5), n_context=2.0), ValueError, "n_context must be an int"),
    ("WorldModel.rollout restart=0", lambda: _wm().rollout({"patches": torch.randn(2, 2, 4, 4)}, 5, restart=0), ValueError,
     "restart must be a positive int"),
    ("WorldModel.rollout restart=2.5", lambda: _wm().rollout({"patches": torch.randn(2, 2, 4, 4)}, 5, restart=2.5), ValueError,
     "restart must be a positive int"),
    ("RolloutExperimentConfig arms=('E',)", lambda: RolloutExperimentConfig(arms=("E",)), ValueError, "subset of ['A', 'B', 'C', 'D']"),
    ("RolloutExperimentConfig budget_steps=0", lambda: RolloutExperimentConfig(budget_steps=0), ValueError, "budget_steps must be an int >= 1"),
    ("RolloutExperimentConfig seeds=()", lambda: RolloutExperimentConfig(seeds=()), ValueError, "seeds must not be empty"),
    ("RolloutExperimentConfig sweep_steps=(0,)", lambda: RolloutExperimentConfig(sweep_steps=(0,)), ValueError, "sweep_steps must be >= 1"),
]
