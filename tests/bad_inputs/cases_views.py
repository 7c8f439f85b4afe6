"""Bad inputs to the interactive views (ipywidgets sliders of notebooks 01, 07 and 11) and the errors they must raise.

Each case is (name, zero-argument callable, exception type, fragment of the message); tests/test_bad_inputs.py runs them.
Models are built lazily (once), so importing this file costs nothing."""
import functools

import torch

from argos.decoder import DECODER_PRESETS, FeatureDecoder, noisy_reconstructions, reconstruction_slider
from argos.image_encoder import ImageEncoder, pca_slider, slider_view
from argos.image_stage import guidance_samples, guidance_slider

IMAGES = torch.randint(0, 256, (2, 64, 64, 3), dtype=torch.uint8)
PATCHES = torch.randn(2, 16, 64)
SAMPLES = {0.0: torch.rand(2, 3, 8, 8, 3), 2.0: torch.rand(2, 3, 8, 8, 3)}


@functools.cache
def _decoder(with_encoder: bool = True) -> FeatureDecoder:
    return FeatureDecoder(DECODER_PRESETS["tiny"], ImageEncoder.from_preset("tiny") if with_encoder else None)


CASES = [
    ("slider_view(no controls)", lambda: slider_view(lambda: None), ValueError, "needs at least one control"),
    ("slider_view(empty values)", lambda: slider_view(lambda i: None, i=[]), ValueError, "slider 'i' needs at least one value"),
    ("slider_view(start not among values)", lambda: slider_view(lambda i: None, start={"i": 7}, i=range(3)), ValueError,
     "start value 7 of slider 'i' is not one of its values"),
    ("slider_view(start names unknown slider)", lambda: slider_view(lambda i: None, start={"j": 0}, i=range(3)), ValueError,
     "start names sliders ['j']"),
    ("pca_slider(3 images, 2 token sets)", lambda: pca_slider(torch.cat([IMAGES, IMAGES[:1]]), PATCHES, (4, 4)), ValueError, "with B=3"),
    ("pca_slider(grid does not match N)", lambda: pca_slider(IMAGES, PATCHES, (3, 3)), ValueError, "N=9"),
    ("pca_slider(n_components=2)", lambda: pca_slider(IMAGES, PATCHES, (4, 4), n_components=2), ValueError, "3 <= n_components <= D=64 (the token width), got 2"),
    ("pca_slider(n_components > D)", lambda: pca_slider(IMAGES, PATCHES, (4, 4), n_components=65), ValueError, "got 65"),
    ("reconstruction_slider(no sigmas)", lambda: reconstruction_slider(_decoder(), IMAGES, sigmas=[]), ValueError,
     "non-empty list or tuple of finite values >= 0, got []"),
    ("reconstruction_slider(negative sigma)", lambda: reconstruction_slider(_decoder(), IMAGES, sigmas=[-0.5]), ValueError, "got [-0.5]"),
    ("reconstruction_slider(sigma as a number)", lambda: reconstruction_slider(_decoder(), IMAGES, sigmas=0.5), ValueError, "got 0.5"),
    ("reconstruction_slider(empty batch)", lambda: reconstruction_slider(_decoder(), IMAGES[:0]), ValueError, "empty batch"),
    ("reconstruction_slider(decoder without encoder)", lambda: reconstruction_slider(_decoder(False), IMAGES), ValueError, "needs an encoder"),
    ("noisy_reconstructions(NaN sigma)", lambda: noisy_reconstructions(_decoder(), IMAGES, [float("nan")]), ValueError, "got [nan]"),
    ("guidance_slider(no scales)", lambda: guidance_slider({}, ["a", "b"]), ValueError, "at least one guidance scale"),
    ("guidance_slider(captions do not match rows)", lambda: guidance_slider(SAMPLES, ["a"]), ValueError, "expected 2 captions, one per row of samples, got 1"),
    ("guidance_slider(samples without the S axis)", lambda: guidance_slider({0.0: torch.rand(2, 8, 8, 3)}, ["a", "b"]), ValueError, "(B, S, H, W, 3)"),
    ("guidance_slider(scales of different shapes)", lambda: guidance_slider({0.0: torch.rand(2, 3, 8, 8, 3), 1.0: torch.rand(2, 2, 8, 8, 3)}, ["a", "b"]),
     ValueError, "of one shape"),
    ("guidance_slider(images do not match captions)", lambda: guidance_slider(SAMPLES, ["a", "b"], images=IMAGES[:1]), ValueError, "expected 2 images"),
    ("guidance_slider(start scale not swept)", lambda: guidance_slider(SAMPLES, ["a", "b"], scale=3.0), ValueError, "start value 3.0 of slider 'scale'"),
    ("guidance_samples(no scales)", lambda: guidance_samples(None, None, None, [], 2), ValueError, "non-empty list or tuple of finite numbers, got []"),
    ("guidance_samples(inf scale)", lambda: guidance_samples(None, None, None, (1.0, float("inf")), 2), ValueError, "got (1.0, inf)"),
    ("guidance_samples(per_caption=0)", lambda: guidance_samples(None, None, None, [1.0], 2, per_caption=0), ValueError, "per_caption >= 1, got 0"),
]
