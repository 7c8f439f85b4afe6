"""Encode-once versus read-the-cache throughput for `argos.captions.build_feature_cache` / `FeatureCache`.

    python benchmarks/feature_cache.py [--n 256] [--s16 32] [--threads 1]

Prints samples/s for (1) running a frozen image encoder on already-preprocessed uint8 batches, (2) building
the cache end to end (parquet stream -> decode -> encode -> safetensors), and (3) reading the cache back
through a torch DataLoader, for a tiny DINOv3 (64 px) and, with `--s16 N > 0`, a ViT-S/16 DINOv3 at 224 px
on N samples. The encoders are `argos.image_encoder.ImageEncoder.from_preset` (random weights: weights do not
change the speed). Reading must be far faster than encoding; the last column is that ratio.
"""
from __future__ import annotations
import argparse, os, tempfile, time
from pathlib import Path

os.environ.setdefault("ARGOS_QUIET", "1")
os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")

import torch

from argos.captions import (FeatureCache, ImageTextStream, ShapesConfig, StreamConfig, build_feature_cache,
                            open_image_text, write_shapes_parquet)
from argos.image_encoder import ImageEncoder

ENCODERS = {"dinov3-tiny@64": ("tiny", 64), "dinov3-S/16@224": ("S/16", 224)}  # name: (ImageEncoder preset, pixels)


def bench(name: str, n: int, tmp: Path, batch: int) -> dict[str, float]:
    preset, size = ENCODERS[name]
    data = tmp / f"shapes-{n}"
    if not data.exists(): write_shapes_parquet(data, n, ShapesConfig(image_size=64), shard_size=128)
    model = ImageEncoder.from_preset(preset)
    encoder = lambda images: model.encode(images, size=size)
    stream = lambda: ImageTextStream(open_image_text(data), StreamConfig(image_size=size, batch_size=batch))
    batches = list(stream())
    encoder(batches[0]["images"][:2])                                      # warm-up
    t = time.perf_counter()
    for b in batches: encoder(b["images"])
    encode = n / (time.perf_counter() - t)
    out = tmp / f"cache-{name.replace('/', '_')}"
    t = time.perf_counter()
    build_feature_cache(stream(), encoder, None, out, shard_size=128, batch_size=batch)
    build = n / (time.perf_counter() - t)
    cache = FeatureCache(out)
    loader = torch.utils.data.DataLoader(cache, batch_size=batch, shuffle=True)
    next(iter(loader))
    t = time.perf_counter()
    seen = sum(len(b["caption"]) for b in loader)
    read = seen / (time.perf_counter() - t)
    item = cache[0]
    return dict(encode=encode, build=build, read=read, tokens=item["patch"].shape[0], width=item["patch"].shape[1],
                mb=sum(p.stat().st_size for p in out.glob("*.safetensors")) / 2**20)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=256, help="samples for the tiny encoder")
    ap.add_argument("--s16", type=int, default=32, help="samples for ViT-S/16 at 224 px (0 skips it)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 keeps timings stable on a shared CPU)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    runs = [("dinov3-tiny@64", args.n)] + ([("dinov3-S/16@224", args.s16)] if args.s16 > 0 else [])
    print(f"| encoder | samples | N x D | cache MB | encode /s | build cache /s | read cache /s | read / encode |")
    print(f"|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, n in runs:
            r = bench(name, n, Path(tmp), args.batch)
            print(f"| {name} | {n} | {r['tokens']} x {r['width']} | {r['mb']:.1f} | {r['encode']:.0f} | {r['build']:.0f} | "
                  f"{r['read']:.0f} | {r['read'] / r['encode']:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
