"""Bad inputs to the image encoder, proprio modules, feature decoder and caption streams, and the errors they must raise.

Each case is (name, zero-argument callable, exception type, fragment of the message); tests/test_bad_inputs.py runs them.
Models are built lazily (once), so importing this file costs nothing."""
from argos.core import scratch_dir
import functools
from pathlib import Path

import numpy as np
import torch

from argos.image_encoder import ImageEncoder, normalize_pixels, preprocess
from argos.proprio import Normalizer, ProprioConfig, ProprioDecoder, ProprioEncoder

TMP = scratch_dir("argos_bad_encoders_")


@functools.cache
def _enc() -> ImageEncoder: return ImageEncoder.from_preset("tiny")

@functools.cache
def _proprio() -> ProprioEncoder: return ProprioEncoder(ProprioConfig(P=4, D=8, hidden=16))

def _pixels(**edits) -> torch.Tensor:
    x = normalize_pixels(torch.rand(2, 3, 32, 32, generator=torch.Generator().manual_seed(0)))
    for where, v in edits.items(): x[(1, 0, 3, 4) if where == "a" else (0, 2, 0, 0)] = v
    return x

def _nan_image() -> np.ndarray:
    x = np.full((32, 32, 3), 0.5, np.float32); x[1, 2, 0] = np.nan
    return x

def _official(text: bytes) -> Path:
    (TMP / "dinov3_tiny.pth").write_bytes(text)
    return TMP / "dinov3_tiny.pth"

NORM = Normalizer(mean=[0.0] * 4, std=[1.0] * 4)
U8 = torch.randint(0, 256, (2, 3, 32, 32), dtype=torch.uint8)

CASES = [
    # image encoder
    ("preprocess(empty batch)", lambda: preprocess(np.zeros((0, 32, 32, 3), np.uint8), 32), ValueError, "empty batch of shape (0, 3, 32, 32)"),
    ("preprocess(NaN pixel)", lambda: preprocess(_nan_image(), 32), ValueError, "expected finite values in images, got 1 NaN"),
    ("preprocess(float 0..255)", lambda: preprocess(np.full((32, 32, 3), 200.0, np.float32), 32), ValueError, "expected float images in [0, 1]"),
    ("ImageEncoder.encode(empty batch)", lambda: _enc().encode(torch.zeros(0, 3, 32, 32, dtype=torch.uint8), 32), ValueError, "empty batch"),
    ("ImageEncoder.forward(empty batch)", lambda: _enc()(torch.zeros(0, 3, 32, 32)), ValueError, "empty batch of shape (0, 3, 32, 32)"),
    ("ImageEncoder.forward(uint8 frames)", lambda: _enc()(U8), ValueError, "got dtype torch.uint8: pass raw images to ImageEncoder.encode"),
    ("ImageEncoder.forward(float 0..255, unnormalised)", lambda: _enc()(U8.float()), ValueError, "unnormalised 0..255 pixels?"),
    ("ImageEncoder.forward(0..255 normalised as if [0, 1])", lambda: _enc()(normalize_pixels(U8.float())), ValueError, "values up to"),
    ("ImageEncoder.forward(NaN pixel)", lambda: _enc()(_pixels(a=float("nan"))), ValueError, "expected finite values in pixels, got 1 NaN and 0 inf"),
    ("ImageEncoder.forward(inf pixel, grad=True)", lambda: _enc()(_pixels(b=float("inf")), grad=True), ValueError, "expected finite values in pixels"),
    ("ImageEncoder.from_preset('XL/16')", lambda: ImageEncoder.from_preset("XL/16"), ValueError, "unknown image encoder preset 'XL/16'; expected one of"),
    ("ImageEncoder.from_official_checkpoint(HTML page)", lambda: ImageEncoder.from_official_checkpoint(_official(b"<html>expired</html>"), "tiny"),
     ValueError, "dinov3_tiny.pth' is corrupt or not a checkpoint"),
    # proprio
    ("ProprioEncoder(bool proprio)", lambda: _proprio()(torch.ones(3, 4, dtype=torch.bool)), ValueError, "floating or integer tensor, got dtype torch.bool"),
    ("ProprioEncoder(NaN proprio)", lambda: _proprio()(torch.tensor([[0.0, float("nan"), 0.0, 0.0]])), ValueError, "expected finite values in proprio, got 1 NaN"),
    ("ProprioEncoder(inf proprio, (B, T, P))", lambda: _proprio()(torch.full((2, 3, 4), float("inf"))), ValueError, "expected finite values in proprio, got 0 NaN and 24 inf"),
    ("ProprioEncoder(wrong P)", lambda: _proprio()(torch.zeros(3, 5)), ValueError, "P=4, got (3, 5)"),
    ("ProprioDecoder(complex tokens)", lambda: ProprioDecoder(ProprioConfig(P=4, D=8, hidden=16))(torch.zeros(2, 1, 8, dtype=torch.complex64)),
     ValueError, "tokens as a floating or integer tensor, got dtype torch.complex64"),
    ("Normalizer.normalize(NaN state)", lambda: NORM.normalize(torch.tensor([[float("nan"), 0.0, 0.0, 0.0]])), ValueError,
     "expected finite values in Normalizer input x, got 1 NaN"),
    ("Normalizer.unnormalize(inf)", lambda: NORM.unnormalize(torch.full((2, 4), float("-inf"))), ValueError, "Normalizer input y, got 0 NaN and 8 inf"),
]
