"""LeRobot v3 interoperability, pinned by a reference dataset that the real lerobot 0.4.4 (codebase v3.0) wrote.

`tests/data/lerobot_ref/` holds `dataset/` (what lerobot wrote), `content.npz` (the raw episodes it was given) and
`decoded.npz` (what lerobot's own reader returned for every frame); `build_reference.py` and README.md say how it was
built, once, in a scratch venv. lerobot is never needed here: argos must read the reference exactly, and an
argos-written dataset of the same content must match it field by field (nbs/06_lerobot.ipynb explains the layout)."""
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from argos.lerobot import (DEFAULT_FEATURES, EPISODES_PATH, INFO_PATH, STAT_NAMES, STATS_PATH, TASKS_PATH, LeRobotDataset,
                           _torchcodec_available, layout_differences, load_info, read_tasks, toy_episodes, video_feature,
                           write_lerobot_dataset, TOY_FEATURES)

REF = Path(__file__).resolve().parent / "data" / "lerobot_ref"
REF_DS = REF / "dataset"
CAMERA = "observation.images.top"
NO_TORCHCODEC = "torchcodec does not import: install torchcodec==0.13.0 and the FFmpeg 5.1 libraries that tests/data/lerobot_ref/README.md lists"


def _episodes(c) -> list[dict]:
    starts = np.cumsum([0, *c["lengths"][:-1]])
    return [{CAMERA: c["frames"][i:i + n], "observation.state": c["state"][i:i + n], "action": c["action"][i:i + n],
             "task": str(t)} for i, n, t in zip(starts, c["lengths"], c["tasks"])]


@pytest.fixture(scope="module")
def content():
    return dict(np.load(REF / "content.npz"))


@pytest.fixture(scope="module")
def decoded():
    return dict(np.load(REF / "decoded.npz"))


@pytest.fixture(scope="module")
def written(tmp_path_factory, content):
    "The reference's content written by argos, with the reference's features (names included) and fps."
    feats = {k: {kk: v for kk, v in ft.items() if kk != "info"} for k, ft in load_info(REF_DS)["features"].items()
             if k not in DEFAULT_FEATURES}
    return write_lerobot_dataset(tmp_path_factory.mktemp("argos") / "ds", _episodes(content), feats, fps=10, robot_type="toy")


def _episode_rows(root: Path) -> list[dict]:
    return pq.read_table(root / EPISODES_PATH.format(chunk_index=0, file_index=0)).to_pylist()


# ---- argos reads what lerobot wrote, exactly

def test_reads_reference_values_and_tasks_exactly(content, decoded):
    ds = LeRobotDataset(REF_DS)
    assert ds.tasks == {0: "move the square", 1: "slide the square"}
    np.testing.assert_array_equal(ds.column("observation.state"), content["state"])
    np.testing.assert_array_equal(ds.column("action"), content["action"])
    np.testing.assert_array_equal(ds.column("timestamp"), decoded["timestamp"])
    np.testing.assert_array_equal(ds.column("task_index"), decoded["task_index"])
    assert [ds[i]["task"] for i in range(len(ds))] == decoded["task"].tolist()
    assert [r["length"] for r in ds.episodes] == content["lengths"].tolist()


@pytest.mark.parametrize("backend", ["pyav", "torchcodec"])
def test_reads_reference_frames_exactly(backend, decoded):
    if backend == "torchcodec" and not _torchcodec_available(): pytest.skip(NO_TORCHCODEC)
    ds = LeRobotDataset(REF_DS, video_backend=backend)
    frames = np.stack([ds[i][CAMERA].numpy() for i in range(len(ds))])  # (N, 3, H, W) uint8
    np.testing.assert_array_equal(frames, decoded["frames"])


@pytest.mark.skipif(not _torchcodec_available(), reason=NO_TORCHCODEC)
def test_torchcodec_finds_every_frame_at_float32_timestamps(tmp_path):
    "Every frame of an argos dataset, asked for at its stored float32 timestamp: torchcodec gives what PyAV gives."
    root = write_lerobot_dataset(tmp_path / "toy", toy_episodes(3), {CAMERA: video_feature(32, 32, 10), **TOY_FEATURES}, fps=10)
    a, b = LeRobotDataset(root), LeRobotDataset(root, video_backend="torchcodec")
    for i in range(len(a)):
        np.testing.assert_array_equal(b[i][CAMERA].numpy(), a[i][CAMERA].numpy(), err_msg=f"frame {i}")


# ---- argos writes what lerobot writes

def test_layout_matches_reference(written):
    assert layout_differences(REF_DS, written) == []


def test_info_values_match_reference_but_the_codec(written):
    ref, mine = load_info(REF_DS), load_info(written)
    assert mine["features"][CAMERA]["info"].pop("video.codec") == "h264"  # argos' choice; lerobot defaults to AV1
    assert ref["features"][CAMERA]["info"].pop("video.codec") == "av1"
    assert mine == ref
    assert json.dumps(mine["features"][CAMERA]["info"]["video.fps"]) == "10" and mine["video_files_size_in_mb"] == 200


def test_tasks_table_as_lerobot_writes_it(written):
    pd = pytest.importorskip("pandas")
    ref, mine = pd.read_parquet(REF_DS / TASKS_PATH), pd.read_parquet(written / TASKS_PATH)
    pd.testing.assert_frame_equal(mine, ref)  # the task string is the index: lerobot's `tasks.loc[task].task_index`
    assert int(mine.loc["slide the square"].task_index) == 1
    assert read_tasks(written / TASKS_PATH) == read_tasks(REF_DS / TASKS_PATH) == {0: "move the square", 1: "slide the square"}


def test_episode_rows_match_reference(written):
    ref, mine = _episode_rows(REF_DS), _episode_rows(written)
    assert len(ref) == len(mine) == 3
    for r, m in zip(ref, mine):
        assert list(m) == list(r)
        assert {k: v for k, v in m.items() if not k.startswith("stats/")} == {k: v for k, v in r.items() if not k.startswith("stats/")}


def _check_stats(ref: dict, mine: dict, where: str) -> None:
    "Same statistics keys and shapes; equal values where both compute the same thing (see nbs/06_lerobot, Statistics)."
    assert list(mine) == list(STAT_NAMES) and sorted(ref) == sorted(mine), where
    for s in STAT_NAMES:
        r, m = np.asarray(ref[s]), np.asarray(mine[s])
        assert r.shape == m.shape, f"{where} {s}: {r.shape} != {m.shape}"
        if s in ("min", "max", "count"): np.testing.assert_array_equal(m, r, err_msg=f"{where} {s}")
        elif s == "mean": np.testing.assert_allclose(m, r, rtol=1e-6, atol=1e-7, err_msg=f"{where} {s}")
        elif s == "std" and CAMERA not in where:  # lerobot's image std squares uint8 pixels in uint8: it is wrong
            np.testing.assert_allclose(m, r, rtol=1e-5, atol=1e-6, err_msg=f"{where} {s}")
        elif s.startswith("q"):  # lerobot estimates quantiles from a histogram: compare ranges, not values
            lo, hi = np.asarray(mine["min"], float) - 1e-6, np.asarray(mine["max"], float) + 1e-6
            assert ((lo <= m) & (m <= hi)).all() and ((lo <= r) & (r <= hi)).all(), f"{where} {s}"


def test_episode_stats_match_reference(written):
    for e, (r, m) in enumerate(zip(_episode_rows(REF_DS), _episode_rows(written))):
        for key in [k for k in load_info(REF_DS)["features"]]:
            _check_stats({s: r[f"stats/{key}/{s}"] for s in STAT_NAMES}, {s: m[f"stats/{key}/{s}"] for s in STAT_NAMES},
                         f"episode {e} {key}")


def test_dataset_stats_match_reference(written, content):
    ref, mine = json.loads((REF_DS / STATS_PATH).read_text()), json.loads((written / STATS_PATH).read_text())
    assert sorted(ref) == sorted(mine) == sorted(load_info(REF_DS)["features"])
    for key in ref: _check_stats(ref[key], mine[key], key)
    px = content["frames"].reshape(-1, 3) / 255  # argos' image std is the true one
    np.testing.assert_allclose(np.asarray(mine[CAMERA]["std"]).reshape(3), px.std(0), atol=1e-9)
