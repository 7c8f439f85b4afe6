"""Reloading finished action-stage runs (`benchmarks/action_stage.py`, `benchmarks/policy_experiment.py`) for the
benchmarks that measure them again without training: `restart_horizon.py`, `horizon_intervals.py`, `denoise_by_time.py`."""
from __future__ import annotations
from pathlib import Path


def run_dirs(runs: str | Path, seeds: list[int] | None) -> dict[str, Path]:
    "{name: folder}: RUNS/seed_S for each training seed, or RUNS itself (named '-') when no seeds are given."
    return {str(s): Path(runs) / f"seed_{s}" for s in seeds} if seeds else {"-": Path(runs)}


def load_stage_run(run_dir: str | Path, data_dir: str | Path = "outputs/data"):
    "(stage config, world model in eval mode, the stage's encoded data) of the run whose `policy.pt` is in `run_dir`."
    from argos.action_stage import ActionStageConfig
    from argos.core import load_checkpoint
    from argos.video_stage import stage_data, stage_encoders
    from argos.world_model import WorldModel, WorldModelConfig
    f = Path(run_dir) / "policy.pt"
    if not f.is_file(): raise FileNotFoundError(f"{f} not found: run benchmarks/policy_experiment.py or benchmarks/action_stage.py first")
    ck = load_checkpoint(f)
    cfg = ActionStageConfig.from_dict(ck["stage_config"])
    wm = WorldModel(WorldModelConfig.from_dict(ck["world_model_config"])); wm.load_state_dict(ck["model"]); wm.eval()
    return cfg, wm, stage_data(cfg, *stage_encoders(cfg, "cpu"), Path(data_dir) / "cache")
