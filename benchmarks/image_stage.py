"""Run the image stage (text -> DINOv3 latent) once and print its caption-following table.

    python benchmarks/image_stage.py --out runs/image_stage                 # the tiny run (default config)
    python benchmarks/image_stage.py --out runs/x --set train.steps=500 --set n_train=4000

`--set key=value` overrides a field of `ImageStageConfig` (`train.` and `flow.` reach the nested configs; values
are parsed as JSON when they can be). On a shared CPU pass `--threads 1`: several torch threads on cores that
other processes hold wait on each other (a small MLP step went from 11 ms to 157 ms with 2 threads).
Writes what `run_image_stage` writes into `--out` and prints wall-clock times.
"""
from __future__ import annotations
import argparse, json, time

import torch

from argos.image_stage import ImageStageConfig, run_image_stage


def parse_sets(items: list[str]) -> dict:
    "`['train.steps=500', 'scene=pair']` -> nested dict of overrides."
    out: dict = {}
    for item in items:
        key, _, raw = item.partition("=")
        if not _: raise ValueError(f"--set expects key=value, got {item!r}")
        try: value = json.loads(raw)
        except json.JSONDecodeError: value = raw
        *parents, leaf = key.split(".")
        d = out
        for p in parents: d = d.setdefault(p, {})
        d[leaf] = value
    return out


def build_config(sets: dict) -> ImageStageConfig:
    base = ImageStageConfig().to_dict()
    for k, v in sets.items():
        if isinstance(v, dict): base[k] = {**base[k], **v}
        else: base[k] = v
    return ImageStageConfig.from_dict(base)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="runs/image_stage")
    ap.add_argument("--set", action="append", default=[], dest="sets")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--device", default=None)
    args = ap.parse_args()
    if args.threads: torch.set_num_threads(args.threads)
    cfg = build_config(parse_sets(args.sets))
    t0 = time.time()
    res = run_image_stage(cfg, args.out, device=args.device)
    wall = time.time() - t0
    names = res["scored_attributes"]
    print(f"scene={res['scene']} grid={res['grid']} steps={res['steps']} loss {res['loss_first']:.3f} -> {res['loss_last']:.3f}")
    print("timings (s): " + ", ".join(f"{k}={v:.0f}" for k, v in res["timings"].items()) + f", total={wall:.0f}")
    print("| | " + " | ".join(names) + " | mean |")
    print("|---|" + "---|" * (len(names) + 1))
    print("| chance | " + " | ".join(f"{res['chance'][n]:.3f}" for n in names) + f" | {res['chance_mean']:.3f} |")
    print("| real latents | " + " | ".join(f"{res['probe_real'][n]:.3f}" for n in names) + f" | {res['probe_real_mean']:.3f} |")
    for w, acc in res["guidance"].items():
        print(f"| w = {w} | " + " | ".join(f"{acc[n]:.3f}" for n in names) + f" | {acc['mean']:.3f} |")
    if res["dropped_attributes"]: print("dropped (probe cannot read them on real latents):", res["dropped_attributes"])


if __name__ == "__main__":
    main()
