"""Bad inputs of argos.latent_data (nbs/06c_latent_windows.ipynb): feature caches, latent windows, seed splits.

The datasets the cases need (two tiny LeRobot sets written with argos.lerobot) are built once, lazily, in a temp folder."""
from argos.core import scratch_dir
import functools
from pathlib import Path

import torch

from argos.latent_data import (EpisodeFeatureCache, LatentWindowConfig, LatentWindows, TextFeatureCache, encode_episodes,
                               encoder_identity, files_fingerprint, split_by_seed)


@functools.lru_cache(maxsize=None)
def _setup():
    from argos.image_encoder import ImageEncoder
    from argos.lerobot import LeRobotDataset, toy_episodes, video_feature, write_lerobot_dataset, TOY_FEATURES
    tmp = scratch_dir("argos-bad-latent-")
    feats = {"observation.images.top": video_feature(32, 32, 10), **TOY_FEATURES}
    eps = toy_episodes(3, 12)
    for e, ep in enumerate(eps): ep["meta"] = {**ep["meta"], "seed": [7, 8, 8][e]}
    ds = LeRobotDataset(write_lerobot_dataset(tmp / "a", eps, feats, fps=10))
    noseed = LeRobotDataset(write_lerobot_dataset(tmp / "b", toy_episodes(2, 12, seed=1), feats, fps=10))
    enc = ImageEncoder.from_preset("tiny")
    cache = encode_episodes(ds, enc, 32, cache_dir=tmp / "cache")
    return {"tmp": tmp, "ds": ds, "noseed": noseed, "enc": enc, "cache": cache}


def _ds(): return _setup()["ds"]
def _cache(): return _setup()["cache"]
def _windows(**kw): return LatentWindows(_ds(), _cache(), LatentWindowConfig(history=2, future=3), **kw)


CASES = [
    ("LatentWindowConfig(history=0)", lambda: LatentWindowConfig(history=0), ValueError, "history must be an int >= 1, got 0"),
    ("LatentWindowConfig(future=-1)", lambda: LatentWindowConfig(future=-1), ValueError, "future must be an int >= 0"),
    ("LatentWindowConfig(history=2.5)", lambda: LatentWindowConfig(history=2.5), ValueError, "got 2.5"),
    ("LatentWindowConfig(every=0)", lambda: LatentWindowConfig(every=0), ValueError, "every must be an int >= 1"),
    ("LatentWindowConfig(rate_hz=0)", lambda: LatentWindowConfig(rate_hz=0), ValueError, "rate_hz must be > 0"),
    ("LatentWindowConfig(min_future > future)", lambda: LatentWindowConfig(future=2, min_future=3), ValueError, "min_future=3 exceeds future=2"),
    ("LatentWindowConfig(norm_mode='zscore')", lambda: LatentWindowConfig(norm_mode="zscore"), ValueError, "'zscore'"),
    ("rate 10 Hz at 25 fps (2.5 frames)", lambda: LatentWindowConfig(rate_hz=10).stride(25), ValueError, "2.500 native frames at 25"),
    ("rate above the fps", lambda: LatentWindowConfig(rate_hz=20).stride(10), ValueError, "expected a whole number >= 1"),
    ("stride at fps=0", lambda: LatentWindowConfig().stride(0), ValueError, "fps must be > 0"),
    ("windows at a rate not dividing the fps", lambda: LatentWindows(_ds(), _cache(), LatentWindowConfig(rate_hz=4)), ValueError, "2.500 native frames"),
    ("unknown episodes", lambda: _windows(episodes=[0, 5]), ValueError, "unknown episodes [5]"),
    ("episodes given twice", lambda: _windows(episodes=[1, 1]), ValueError, "duplicates"),
    ("empty episode list", lambda: _windows(episodes=[]), ValueError, "no episodes"),
    ("episodes as strings", lambda: _windows(episodes=["0"]), ValueError, "episodes must be ints"),
    ("cache of another dataset", lambda: LatentWindows(_setup()["noseed"], _cache()), ValueError, "cache key mismatch"),
    ("window index out of range", lambda: _windows()[10_000], IndexError, "window 10000 out of range"),
    ("batch index out of range", lambda: _windows().batch([0, -10_000]), IndexError, "out of range"),
    ("text cache without the dataset's instructions",
     lambda: _windows(text_cache=TextFeatureCache(["open the door"], torch.zeros(1, 3, 4), torch.ones(1, 3, dtype=torch.bool))),
     ValueError, "not in the text cache"),
    ("unknown instruction in a text cache",
     lambda: TextFeatureCache(["a"], torch.zeros(1, 2, 4), torch.ones(1, 2, dtype=torch.bool))["b"], KeyError, "'b' is not in the text cache"),
    ("text cache with mismatched shapes",
     lambda: TextFeatureCache(["a", "b"], torch.zeros(1, 2, 4), torch.ones(1, 2, dtype=torch.bool)), ValueError, "for K=2 instructions"),
    ("text cache of no instructions", lambda: TextFeatureCache.build(_setup()["enc"], []), ValueError, "no instructions"),
    ("encode_episodes size=0", lambda: encode_episodes(_ds(), _setup()["enc"], 0, cache_dir=_setup()["tmp"] / "x"), ValueError, "positive int or (h, w), got 0"),
    ("encode_episodes batch_size=0", lambda: encode_episodes(_ds(), _setup()["enc"], 32, batch_size=0), ValueError, "batch_size must be an int >= 1"),
    ("encode_episodes dtype=int8", lambda: encode_episodes(_ds(), _setup()["enc"], 32, dtype=torch.int8), ValueError, "dtype must be one of"),
    ("encode_episodes unknown camera", lambda: encode_episodes(_ds(), _setup()["enc"], 32, camera="wrist", cache_dir=_setup()["tmp"] / "x"),
     ValueError, "unknown camera 'wrist'"),
    ("encoder that is not a module", lambda: encoder_identity(lambda images, size: images), ValueError, "torch.nn.Module"),
    ("cache folder without index", lambda: EpisodeFeatureCache(_setup()["tmp"] / "nowhere"), FileNotFoundError, "no episode feature cache"),
    ("episode not in the cache", lambda: _cache().patches(99), KeyError, "no episode 99"),
    ("fingerprint of a folder that is not a dataset", lambda: files_fingerprint(_setup()["tmp"] / "nowhere"), ValueError, "expected a LeRobot dataset folder"),
    ("split_by_seed with neither n_val nor val_fraction", lambda: split_by_seed(_ds()), ValueError, "exactly one of n_val and val_fraction"),
    ("split_by_seed with both", lambda: split_by_seed(_ds(), n_val=1, val_fraction=0.5), ValueError, "exactly one of n_val and val_fraction"),
    ("split_by_seed n_val=0", lambda: split_by_seed(_ds(), n_val=0), ValueError, "n_val must be an int >= 1, got 0"),
    ("split_by_seed val_fraction=1.5", lambda: split_by_seed(_ds(), val_fraction=1.5), ValueError, "val_fraction must be in (0, 1), got 1.5"),
    ("split_by_seed holding out every seed", lambda: split_by_seed(_ds(), n_val=2), ValueError, "has 2 distinct seeds"),
    ("split_by_seed on episodes without seeds", lambda: split_by_seed(_setup()["noseed"], n_val=1), ValueError, "have no reset 'seed'"),
]
