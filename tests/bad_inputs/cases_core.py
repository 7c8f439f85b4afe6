"""Bad inputs to argos.core (configs, presets, checkpoints, finite checks) and the errors they must raise.

Each case is (name, zero-argument callable, exception type, fragment of the message); tests/test_bad_inputs.py runs them.
Files are written lazily into one temporary folder, so importing this file costs nothing."""
from argos.core import scratch_dir
import dataclasses, pickle
from pathlib import Path

import torch

from argos.core import Config, Presets, check_finite, expect_shape, load_checkpoint, save_checkpoint, seed_everything
from argos.decoder import DECODER_PRESETS, DecoderConfig
from argos.dit import DiTConfig
from argos.image_encoder import ImageEncoderConfig
from argos.captions import IMAGE_TEXT_PRESETS, StreamConfig
from argos.proprio import ProprioConfig
from argos.train import TrainConfig

TMP = scratch_dir("argos_bad_core_")


def _file(name: str, data: bytes) -> Path:
    (TMP / name).write_bytes(data)
    return TMP / name


def _truncated() -> Path:
    "A real checkpoint cut in half, as an interrupted copy leaves it."
    save_checkpoint({"step": 3, "w": torch.arange(64.)}, TMP / "whole.pt")
    data = (TMP / "whole.pt").read_bytes()
    return _file("truncated.pt", data[:len(data) // 2])


def _objects() -> Path:
    torch.save({"w": torch.zeros(1), "where": Path("x")}, TMP / "objects.pt")
    return TMP / "objects.pt"


CASES = [
    # generic type checks of every Config, against its annotations
    ("DiTConfig(depth=2.5)", lambda: DiTConfig(depth=2.5), ValueError, "DiTConfig.depth must be an int, got 2.5"),
    ("TrainConfig(lr='1e-3') (YAML 1.1 reads 1e-3 as a string)", lambda: TrainConfig(lr="1e-3"), ValueError,
     "TrainConfig.lr must be a float, got '1e-3' (str)"),
    ("TrainConfig(steps=True)", lambda: TrainConfig(steps=True), ValueError, "TrainConfig.steps must be an int, got True"),
    ("TrainConfig(betas=0.9)", lambda: TrainConfig(betas=0.9), ValueError, "TrainConfig.betas must be a tuple[float, float], got 0.9"),
    ("TrainConfig(betas=(0.9, 'x'))", lambda: TrainConfig(betas=(0.9, "x")), ValueError, "TrainConfig.betas must be a tuple[float, float]"),
    ("TrainConfig(grad_clip='none')", lambda: TrainConfig(grad_clip="none"), ValueError, "TrainConfig.grad_clip must be a float or None, got 'none'"),
    ("TrainConfig(out_dir=3)", lambda: TrainConfig(out_dir=3), ValueError, "TrainConfig.out_dir must be a str, got 3"),
    ("ImageEncoderConfig(gated_mlp=1)", lambda: ImageEncoderConfig(gated_mlp=1), ValueError, "ImageEncoderConfig.gated_mlp must be a bool, got 1"),
    ("ImageEncoderConfig(num_layers=None)", lambda: ImageEncoderConfig(num_layers=None), ValueError, "ImageEncoderConfig.num_layers must be an int, got None"),
    ("ProprioConfig(P='7')", lambda: ProprioConfig(P="7"), ValueError, "ProprioConfig.P must be an int, got '7'"),
    ("DecoderConfig.replace(width=64.0)", lambda: DecoderConfig().replace(width=64.0), ValueError, "DecoderConfig.width must be an int, got 64.0"),
    ("StreamConfig(timeout_s='10')", lambda: StreamConfig(timeout_s="10"), ValueError, "StreamConfig.timeout_s must be a float, got '10'"),
    ("TrainConfig.from_dict(a list)", lambda: TrainConfig.from_dict([("lr", 1e-3)]), ValueError, "TrainConfig.from_dict expects a dict, got list"),
    ("TrainConfig.from_dict(unknown key)", lambda: TrainConfig.from_dict({"learning_rate": 1e-3}), ValueError, "unknown TrainConfig fields ['learning_rate']"),
    # presets
    ("DECODER_PRESETS['XL']", lambda: DECODER_PRESETS["XL"], ValueError, "unknown decoder preset 'XL'; expected one of ['tiny', 'S', 'B', 'L']"),
    ("IMAGE_TEXT_PRESETS['coco']", lambda: IMAGE_TEXT_PRESETS["coco"], ValueError, "unknown image-text preset 'coco'; expected one of ['shapes', 'laion-coco']"),
    ("Presets: unknown name", lambda: Presets("demo", {"a": 1})["b"], ValueError, "unknown demo preset 'b'; expected one of ['a']"),
    # checkpoints
    ("load_checkpoint(truncated file)", lambda: load_checkpoint(_truncated()), ValueError, "truncated.pt' is corrupt or not a checkpoint"),
    ("load_checkpoint(text file)", lambda: load_checkpoint(_file("notes.pt", b"step: 3\nnot a checkpoint\n")), ValueError,
     "notes.pt' is corrupt or not a checkpoint"),
    ("load_checkpoint(HTML page saved as .pth)", lambda: load_checkpoint(_file("page.pth", b"<html>sign in</html>")), ValueError,
     "page.pth' is corrupt or not a checkpoint"),
    ("load_checkpoint(empty file)", lambda: load_checkpoint(_file("empty.pt", b"")), ValueError, "empty.pt' is corrupt or not a checkpoint"),
    ("load_checkpoint(plain pickle)", lambda: load_checkpoint(_file("plain.pkl", pickle.dumps({"a": 1}))), ValueError,
     "plain.pkl' is corrupt or not a checkpoint"),
    ("load_checkpoint(pickled objects)", lambda: load_checkpoint(_objects()), ValueError, "holds objects other than tensors"),
    ("load_checkpoint(missing file)", lambda: load_checkpoint(TMP / "missing.pt"), FileNotFoundError, "missing.pt"),
    # shapes, finiteness, seeds
    ("expect_shape(wrong rank)", lambda: expect_shape(torch.zeros(2, 3), "B N D", "tokens"), ValueError, "expected tokens of shape (B, N, D), got (2, 3)"),
    ("check_finite(NaN)", lambda: check_finite(torch.tensor([0.0, float("nan")]), "latents"), ValueError, "expected finite values in latents, got 1 NaN"),
    ("seed_everything(-1)", lambda: seed_everything(-1), ValueError, "non-negative int, got -1"),
]
