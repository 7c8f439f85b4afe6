"""Bad inputs to argos' data API (LeRobot reader and writer, windows, mixtures, data cards) and the errors they must raise.

Each case is (name, zero-argument callable, exception type, fragment of the message); tests/test_bad_inputs.py runs them.
Datasets are written lazily into one temporary folder, so importing this file costs nothing."""
from argos.core import scratch_dir
import functools, json, shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from argos.data_cards import DatasetMapping, parse_data_card
from argos.lerobot import (INFO_PATH, STATS_PATH, TASKS_PATH, TOY_FEATURES, EpisodeWindows, LeRobotDataset, MixtureDataset,
                           WindowConfig, feature_stats, load_info, read_tasks, toy_episodes, video_feature, write_lerobot_dataset,
                           write_tasks)

TMP = scratch_dir("argos_bad_data_")
CAM = "observation.images.top"


@functools.cache
def _toy() -> Path:
    "A tiny valid dataset: 2 episodes of 4 frames of 16x16 video, 2-D state and action, two tasks."
    return write_lerobot_dataset(TMP / "toy", toy_episodes(2, length=4, size=16), {CAM: video_feature(16, 16, 10), **TOY_FEATURES}, fps=10)


def _copy(name: str) -> Path:
    dst = TMP / name
    if dst.exists(): shutil.rmtree(dst)
    return Path(shutil.copytree(_toy(), dst))


def _info_dir(name: str, text: str) -> Path:
    "A folder whose meta/info.json holds `text` (the reader checks info.json before anything else)."
    root = TMP / name
    (root / "meta").mkdir(parents=True, exist_ok=True)
    (root / INFO_PATH).write_text(text)
    return root


def _info(**changes) -> str:
    info = json.loads((_toy() / INFO_PATH).read_text())
    return json.dumps({k: v for k, v in {**info, **changes}.items() if v is not ...})


def _stats(name: str, key: str, **changes) -> LeRobotDataset:
    root = _copy(name)
    st = json.loads((root / STATS_PATH).read_text())
    st[key].update(changes)
    (root / STATS_PATH).write_text(json.dumps(st))
    return LeRobotDataset(root)


def _stats_text(name: str, text: str) -> Path:
    root = _copy(name)
    (root / STATS_PATH).write_text(text)
    return root


def _tasks(name: str, table: pa.Table | None = None, raw: bytes | None = None) -> Path:
    root = _copy(name)
    if raw is not None: (root / TASKS_PATH).write_bytes(raw)
    else: pq.write_table(table, root / TASKS_PATH)
    return root


def _nan_state() -> LeRobotDataset:
    root = _copy("nan_state")
    path = root / "data/chunk-000/file-000.parquet"
    t = pq.read_table(path)
    state = t.column("observation.state").to_pylist()
    state[5] = [float("nan"), 1.0]
    i = t.column_names.index("observation.state")
    pq.write_table(t.set_column(i, t.field(i), pa.array(state, t.field(i).type)), path)
    return LeRobotDataset(root)


CARD = """---
name: Toy
slug: toy
kind: robot
homepage: unknown
paper: unknown
license: MIT
format: lerobot_v3
hub_id: null
size: {episodes: 2, frames: 40, hours: null, bytes: null}
mapping:
  fps: 10
  camera: observation.images.top
  cameras: observation.images.top
  state: {key: observation.state}
  action: {key: action}
  instruction: task
  image_text: null
---
## What it is
A toy.
"""

WINDOW = WindowConfig(n_history=1, n_future=2, stride=1, stride_unit="frames")


class _Items:
    def __init__(self, n): self.n = n
    def __len__(self): return self.n
    def __getitem__(self, i): return {"i": i}


CASES = [
    ("info.json is not JSON", lambda: LeRobotDataset(_info_dir("info_nojson", "{'fps': 10,")), ValueError, "info.json' is not valid JSON"),
    ("info.json is a JSON list", lambda: LeRobotDataset(_info_dir("info_list", "[1, 2]")), ValueError, "expected a JSON object, got list"),
    ("info.json lacks features", lambda: LeRobotDataset(_info_dir("info_nofeat", _info(features=...))), ValueError, "lacks ['features']"),
    ("info.json features is a list", lambda: load_info(_info_dir("info_featlist", _info(features=["action"]))), ValueError,
     "'features' must be a non-empty object"),
    ("info.json feature without dtype", lambda: load_info(_info_dir("info_nodtype", _info(features={"action": {"shape": [2]}}))),
     ValueError, "feature 'action' must be an object with 'dtype' and 'shape'"),
    ("info.json fps 0", lambda: load_info(_info_dir("info_fps0", _info(fps=0))), ValueError, "'fps' must be a number > 0, got 0"),
    ("info.json fps as a string", lambda: load_info(_info_dir("info_fpsstr", _info(fps="10"))), ValueError, "'fps' must be a number > 0, got '10'"),
    ("stats.json is not JSON", lambda: LeRobotDataset(_stats_text("stats_nojson", "nan,")), ValueError, "stats.json' is not valid JSON"),
    ("tasks.parquet without task strings", lambda: read_tasks(_tasks("tasks_none", pa.table({"task_index": [0, 1], "note": ["a", "b"]})) / TASKS_PATH),
     ValueError, "no task strings"),
    ("tasks.parquet without task_index", lambda: read_tasks(_tasks("tasks_noidx", pa.table({"task": ["a", "b"]})) / TASKS_PATH),
     ValueError, "expected a 'task_index' column"),
    ("tasks.parquet that is not parquet", lambda: read_tasks(_tasks("tasks_text", raw=b"move the square\n") / TASKS_PATH),
     ValueError, "is not a parquet table"),
    ("tasks.parquet lacking a task the frames use", lambda: LeRobotDataset(_tasks("tasks_few", pa.table({"task_index": [0], "task": ["a"]}))),
     ValueError, "task_index [1] that the tasks table lacks"),
    ("repeated task strings written", lambda: write_tasks(["a", "a"], TMP / "tasks_dup.parquet"), ValueError, "tasks must be distinct"),
    ("unknown video backend", lambda: LeRobotDataset(_toy(), video_backend="opencv"), ValueError, "video_backend must be 'pyav' or 'torchcodec'"),
    ("float frames for image statistics", lambda: feature_stats(np.zeros((2, 4, 4, 3), np.float32), is_image=True), ValueError, "uint8"),
    ("stats.json std NaN for the state", lambda: EpisodeWindows(_stats("std_nan", "observation.state", std=[float("nan"), 1.0]), WINDOW),
     ValueError, "stats of 'observation.state' in meta/stats.json"),
    ("stats.json mean shorter than the state", lambda: EpisodeWindows(_stats("mean_short", "observation.state", mean=[0.0]), WINDOW),
     ValueError, "cannot normalise its 2 dims"),
    ("NaN in the state column", lambda: EpisodeWindows(_nan_state(), WINDOW), ValueError, "'observation.state' has 1 non-finite rows"),
    ("mixture weight NaN", lambda: MixtureDataset([_Items(3), _Items(3)], [float("nan"), 1.0]), ValueError, "finite and >= 0"),
    ("mixture weight inf", lambda: MixtureDataset([_Items(3), _Items(3)], [1.0, float("inf")]), ValueError, "finite and >= 0"),
    ("mixture weight a string", lambda: MixtureDataset([_Items(3)], ["a lot"]), ValueError, "weights must be numbers"),
    ("data card cameras as a string", lambda: parse_data_card(CARD, "toy.md"), ValueError, "toy.md: key 'mapping.cameras' must be"),
    ("DatasetMapping cameras as a string", lambda: DatasetMapping(fps=10, camera=CAM, cameras=CAM), ValueError, "DatasetMapping.cameras must be"),
    ("DatasetMapping state_names as a string", lambda: DatasetMapping(fps=10, camera=CAM, cameras=[CAM], state_key="observation.state",
                                                                      state_names="xy"), ValueError, "state_names must be"),
]
