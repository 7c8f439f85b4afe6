"""Bad inputs to argos' LeRobot streaming (URLs, servers, broken datasets, configs, shards, mixtures) and the errors they must raise.

Each case is (name, zero-argument callable, exception type, fragment of the message); tests/test_bad_inputs.py runs them.
Datasets are written and served lazily (one local HTTP server over one temporary folder), so importing this file costs nothing."""
from argos.core import scratch_dir
import atexit, functools, json, shutil, socket
from pathlib import Path

from argos.lerobot import INFO_PATH, TOY_FEATURES, WindowConfig, toy_episodes, video_feature, write_lerobot_dataset
from argos.lerobot_stream import LeRobotStream, LeRobotStreamConfig, LocalServer, StreamMixture, dataset_url

TMP = scratch_dir("argos_bad_stream_")
CAM = "observation.images.top"
DATA0, VIDEO0 = "data/chunk-000/file-000.parquet", f"videos/{CAM}/chunk-000/file-000.mp4"
EPISODES0 = "meta/episodes/chunk-000/file-000.parquet"
WINDOW = WindowConfig(n_history=1, n_future=2, stride=1, stride_unit="frames")


def _cfg(**kw) -> LeRobotStreamConfig:
    return LeRobotStreamConfig(**{"cache_dir": str(TMP / "cache"), "retries": 1, "backoff_s": 0.0, "timeout_s": 5.0, **kw})


@functools.cache
def _toy() -> Path:
    "A tiny valid dataset: 2 episodes of 6 frames of 16x16 video in one data file and one video file."
    return write_lerobot_dataset(TMP / "site" / "toy", toy_episodes(2, length=6, size=16), {CAM: video_feature(16, 16, 10), **TOY_FEATURES}, fps=10)


@functools.cache
def _server() -> LocalServer:
    _toy()
    srv = LocalServer(TMP / "site")
    atexit.register(srv.close)
    return srv


def _broken(name: str, edit) -> str:
    "URL of a copy of the toy dataset changed by `edit(root)`."
    root = TMP / "site" / name
    if not root.exists():
        shutil.copytree(_toy(), root)
        edit(root)
    return _server().url + name + "/"


def _info(**changes):
    def edit(root):
        info = json.loads((root / INFO_PATH).read_text())
        (root / INFO_PATH).write_text(json.dumps({**info, **changes}))
    return edit


def _write(rel: str, data: bytes):
    return lambda root: (root / rel).write_bytes(data)


def _remove(rel: str):
    return lambda root: (root / rel).unlink()


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/data/"


def _toy_url() -> str: return _server().url + "toy/"


def _windows(url: str, **kw) -> list:
    return list(LeRobotStream(url, _cfg(**kw)).windows(WINDOW))


def _dropped_too_often():
    _server().drop_before["toy/" + INFO_PATH] = 3
    try: LeRobotStream(_toy_url(), _cfg(cache_dir=str(TMP / "cache_drop")))
    finally: _server().drop_before.clear()


def _episode_frames_outside():
    ep = next(LeRobotStream(_toy_url(), _cfg()).iter_episodes())
    return ep.frames(CAM, ep.episode_id, [0.0, 5.0])


CASES = [
    ("URL with an unsupported scheme", lambda: dataset_url("ftp://host/data"), ValueError, "scheme 'ftp'"),
    ("URL without a host", lambda: dataset_url("https:///data"), ValueError, "a URL with a host"),
    ("neither a URL, a folder nor a Hub id", lambda: dataset_url("no/such/folder"), ValueError, "Hub id 'owner/name'"),
    ("Hub id with an empty revision", lambda: dataset_url("lerobot/pusht", ""), ValueError, "expected a revision"),
    ("server not listening", lambda: LeRobotStream(_closed_port_url(), _cfg()), ConnectionError, "meta/info.json"),
    ("connection dropped more often than retried", _dropped_too_often, ConnectionError, "after 2 attempts"),
    ("no meta/info.json at the URL", lambda: LeRobotStream(_server().url + "nothing/", _cfg()), FileNotFoundError,
     "meta/info.json: HTTP 404"),
    ("local folder without meta/info.json", lambda: LeRobotStream(TMP, _cfg()), FileNotFoundError, "meta/info.json does not exist"),
    ("info.json is not JSON", lambda: LeRobotStream(_broken("info_text", _write(INFO_PATH, b"{'fps': 10,")), _cfg()), ValueError,
     "is not valid JSON"),
    ("info.json lacks features", lambda: LeRobotStream(_broken("info_nofeat", lambda r: (r / INFO_PATH).write_text('{"codebase_version": "v3.0", "fps": 10, "data_path": "x"}')), _cfg()),
     ValueError, "lacks ['features']"),
    ("a v2.1 dataset", lambda: LeRobotStream(_broken("v21", _info(codebase_version="v2.1")), _cfg()), ValueError,
     "streaming reads LeRobot v3.0 datasets"),
    ("meta/episodes file missing", lambda: LeRobotStream(_broken("no_episodes", _remove(EPISODES0)), _cfg()), FileNotFoundError,
     "meta/episodes/chunk-000/file-000.parquet: HTTP 404"),
    ("info.json counts more episodes than meta/episodes lists", lambda: LeRobotStream(_broken("total5", _info(total_episodes=5)), _cfg()),
     ValueError, "info.json says total_episodes=5"),
    ("404 on a data file", lambda: _windows(_broken("no_data", _remove(DATA0))), FileNotFoundError, f"{DATA0}: HTTP 404"),
    ("404 on a video file", lambda: _windows(_broken("no_video", _remove(VIDEO0))), FileNotFoundError, "file-000.mp4: HTTP 404"),
    ("data file that is not parquet", lambda: _windows(_broken("data_text", _write(DATA0, b"x" * 100))), ValueError, "not a parquet file"),
    ("video file that is not a video", lambda: _windows(_broken("video_text", _write(VIDEO0, b"x" * 100))), ValueError,
     "video_text/videos/observation.images.top/chunk-000/file-000.mp4, episode"),
    ("disk cache smaller than one video file", lambda: _windows(_toy_url(), cache_mb=100 / 2**20, cache_dir=str(TMP / "cache_tiny")),
     ValueError, "does not fit the file cache"),
    ("timestamps outside a streamed episode", _episode_frames_outside, ValueError, "are not frames of episode"),
    ("unknown camera for windows", lambda: LeRobotStream(_toy_url(), _cfg()).windows(WINDOW, camera="wrist"), ValueError, "unknown camera 'wrist'"),
    ("camera not streamed", lambda: LeRobotStream(_toy_url(), _cfg(), cameras=[]).windows(WINDOW), ValueError, "no camera is streamed"),
    ("rank outside world_size", lambda: LeRobotStream(_toy_url(), _cfg(), rank=2, world_size=2), ValueError, "0 <= rank < world_size"),
    ("rank without world_size", lambda: LeRobotStream(_toy_url(), _cfg(), rank=0), ValueError, "give both rank and world_size"),
    ("more file shards than files", lambda: LeRobotStream(_toy_url(), _cfg(shard_by="file"), rank=1, world_size=2).plan(), ValueError,
     "shard 1 of 2 gets no episode"),
    ("cache_mb 0", lambda: LeRobotStreamConfig(cache_mb=0), ValueError, "cache_mb must be > 0"),
    ("unknown shard_by", lambda: LeRobotStreamConfig(shard_by="rank"), ValueError, "shard_by"),
    ("negative prefetch", lambda: LeRobotStreamConfig(prefetch=-1), ValueError, "prefetch must be an int >= 0"),
    ("unknown video backend", lambda: LeRobotStreamConfig(video_backend="opencv"), ValueError, "video_backend"),
    ("mixture weight negative", lambda: StreamMixture([[], []], [1.0, -1.0]), ValueError, "finite and >= 0"),
    ("mixture weights of the wrong count", lambda: StreamMixture([[], []], [1.0]), ValueError, "1 weights for 2 streams"),
    ("mixture length 0", lambda: StreamMixture([[]], length=0), ValueError, "length must be None (endless) or an int >= 1"),
    ("mixture of a stream that yields nothing", lambda: next(iter(StreamMixture([[]]))), ValueError, "stream 0 of the mixture yields no items"),
    ("test server over a file", lambda: LocalServer(TMP / "nothing.txt"), ValueError, "expected a folder to serve"),
]
