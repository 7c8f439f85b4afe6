"""Throughput of argos' frozen encoders: a markdown table of ms per batch and items per second.

    python benchmarks/encoders.py                                   # tiny (64 and 224 px) and S/16 (224 px), CPU
    python benchmarks/encoders.py --presets L/16 --device cuda --dtype bf16 --batch 64
    python benchmarks/encoders.py --presets L/16 --device cuda --weights facebook/dinov3-vitl16-pretrain-lvd1689m

Weights are randomly initialised unless `--weights` (a hub id, a local transformers directory, or an official
`.pth` with the preset's architecture) is given: the timing of a fixed architecture does not depend on the
values of its weights, and the table says which it used.

Each encoder family is one entry of `BENCHES` (name -> function(args) -> rows); a new family adds its own
function and flags without touching the others.
"""
from __future__ import annotations
import argparse, time
from contextlib import nullcontext
from typing import Callable

import torch

from argos.image_encoder import IMAGE_ENCODER_PRESETS, ImageEncoder
from argos.text_encoder import TEXT_ENCODER_PRESETS, TextEncoder, default_caption_corpus, tiny_tokenizer

DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16}


def _sync(device: torch.device) -> None:
    if device.type == "cuda": torch.cuda.synchronize(device)


def time_call(fn: Callable[[], object], device: torch.device, warmup: int, iters: int) -> float:
    "Median seconds per call of `fn` after `warmup` untimed calls."
    for _ in range(warmup): fn()
    _sync(device)
    times = []
    for _ in range(iters):
        t0 = time.perf_counter(); fn(); _sync(device); times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def _load_image_encoder(preset: str, weights: str | None, device: torch.device, bf16: bool) -> ImageEncoder:
    if weights is None: enc = ImageEncoder.from_preset(preset, autocast=bf16)
    elif weights.endswith(".pth"): enc = ImageEncoder.from_official_checkpoint(weights, preset, autocast=bf16)
    else: enc = ImageEncoder.from_pretrained(weights, autocast=bf16)
    return enc.to(device)


def bench_image(args) -> list[dict]:
    "Image encoder: preprocessed `(B, 3, S, S)` pixels -> `ImageFeatures`, per preset and size."
    device, bf16 = torch.device(args.device), args.dtype == "bf16"
    rows = []
    for preset in args.presets:
        enc = _load_image_encoder(preset, args.weights, device, bf16)
        sizes = args.size or ([64, 224] if preset == "tiny" else [224])
        for size in sizes:
            pixels = torch.randn(args.batch, 3, size, size, device=device)
            # ImageEncoder autocasts to bf16 by itself on CUDA; on CPU the benchmark asks for it here.
            amp = torch.autocast("cpu", dtype=torch.bfloat16) if bf16 and device.type == "cpu" else nullcontext()
            def run():
                with amp: return enc(pixels)
            sec = time_call(run, device, args.warmup, args.iters)
            rows.append(dict(bench="image", model=f"DINOv3 {preset}", weights="random init" if not enc.pretrained else "pretrained",
                             input=f"{size} px ({(size // 16) ** 2} patches)", device=str(device), dtype=args.dtype,
                             batch=args.batch, ms_per_batch=1e3 * sec, per_s=args.batch / sec))
        del enc
    return rows


def bench_text(args) -> list[dict]:
    "Text encoder: token ids `(B, L)` -> (tokens, pooled), per preset; plus tokenizer captions/s (tiny vocabulary)."
    device, rows = torch.device(args.device), []
    tok = tiny_tokenizer()
    caps = (default_caption_corpus() * (args.batch // len(default_caption_corpus()) + 1))[:args.batch]
    sec = time_call(lambda: tok(caps, pad_to_context=True), torch.device("cpu"), args.warmup, args.iters)
    rows.append(dict(bench="text", model="BPE tokenizer (tiny vocab)", weights="-", input="captions", device="cpu",
                     dtype="-", batch=args.batch, ms_per_batch=1e3 * sec, per_s=args.batch / sec))
    for preset in args.text_presets:
        cfg = TEXT_ENCODER_PRESETS[preset]
        if cfg.vocab_size is None: cfg = cfg.for_tokenizer(tok)
        enc = TextEncoder(cfg).to(device=device, dtype=DTYPES[args.dtype])   # random init: speed does not depend on weights
        ids = torch.randint(0, cfg.vocab_size - 1, (args.batch, min(args.text_len, cfg.context_length)), device=device)
        ids[:, -1] = cfg.vocab_size - 1                                        # each row ends with <|endoftext|>, as the tower requires
        sec = time_call(lambda: enc(ids), device, args.warmup, args.iters)
        rows.append(dict(bench="text", model=f"dino.txt text {preset}", weights="random init", input=f"{ids.shape[1]} tokens",
                         device=str(device), dtype=args.dtype, batch=args.batch, ms_per_batch=1e3 * sec, per_s=args.batch / sec))
        del enc
    return rows


BENCHES: dict[str, Callable[[argparse.Namespace], list[dict]]] = {"image": bench_image, "text": bench_text}


def markdown_table(rows: list[dict]) -> str:
    "Rows of benchmark results as a markdown table."
    cols = ["bench", "model", "weights", "input", "device", "dtype", "batch", "ms_per_batch", "per_s"]
    head = ["bench", "model", "weights", "input", "device", "dtype", "batch", "ms / batch", "items / s"]
    fmt = lambda c, v: f"{v:.1f}" if isinstance(v, float) else str(v)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(fmt(c, r[c]) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--benches", nargs="+", default=list(BENCHES), choices=list(BENCHES), help="which encoder families")
    p.add_argument("--presets", nargs="+", default=["tiny", "S/16"], choices=list(IMAGE_ENCODER_PRESETS),
                   help="image encoder presets")
    p.add_argument("--weights", default=None, help="hub id, local directory or official .pth (default: random init)")
    p.add_argument("--text-presets", nargs="+", default=["tiny"], choices=list(TEXT_ENCODER_PRESETS), help="text encoder presets")
    p.add_argument("--text-len", type=int, default=77, help="tokens per caption for the text benchmark")
    p.add_argument("--device", default="cpu")
    p.add_argument("--dtype", default="fp32", choices=list(DTYPES))
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, nargs="+", default=None, help="image side(s) in px (default: tiny 64 and 224, others 224)")
    p.add_argument("--iters", type=int, default=10, help="timed iterations (median reported)")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)")
    args = p.parse_args(argv)
    if any(s % 16 for s in args.size or []): p.error(f"--size must be multiples of 16, got {args.size}")
    if args.batch <= 0 or args.iters <= 0 or args.warmup < 0: p.error("--batch and --iters must be > 0, --warmup >= 0")
    return args


def main(argv=None) -> str:
    args = parse_args(argv)
    torch.set_grad_enabled(False)
    if args.threads: torch.set_num_threads(args.threads)
    rows = [row for name in args.benches for row in BENCHES[name](args)]
    table = markdown_table(rows)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads"
          + (f", {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ""))
    print(table)
    return table


if __name__ == "__main__":
    main()
