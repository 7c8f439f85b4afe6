"""Camera and image size as levers, read cheaply before paying for closed-loop runs: how well a linear probe on the
frozen encoder's patch tokens places the reach and push goals (and the puck), per Meta-World camera and encoder input
size, from 50 frames (what a policy trained on 50 demonstrations per task has seen) and from 400.
`argos.policy.goal_probe` does the work (notebook 14 explains it). Prints a table and writes --out (JSON).

    python benchmarks/goal_probe.py --out benchmarks/results/goal_probe.json --threads 2
"""
from __future__ import annotations
import argparse, json, time
from pathlib import Path

import torch

CAMERAS = ("corner", "corner2", "corner3", "topview", "behindGripper")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cameras", nargs="+", default=list(CAMERAS))
    p.add_argument("--image-sizes", type=int, nargs="+", default=[64, 128], help="encoder input sizes (the frame is rendered at 128 px)")
    p.add_argument("--tasks", nargs="+", default=["reach-v3", "push-v3"])
    p.add_argument("--encoder-seed", type=int, default=0, help="seed of the random-weight tiny encoder (a policy run's training seed)")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.image_encoder import ImageEncoder
    from argos.policy import goal_probe
    enc = ImageEncoder.from_preset("tiny", seed=a.encoder_seed)
    rows, t0 = [], time.time()
    for cam in a.cameras:
        for task in a.tasks:
            for size in a.image_sizes:
                rows += goal_probe(enc, task, camera=cam, image_size=size)
                r = rows[-1]
                print(f"{task:9s} {cam:14s} {size:4d} px: goal error {rows[-2]['goal error (cm)']:.1f} cm from 50 frames, "
                      f"{r['goal error (cm)']:.1f} cm from 400 ({time.time() - t0:.0f} s)", flush=True)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps({"rows": rows, "args": vars(a), "encoder": "tiny (random weights), seed %d" % a.encoder_seed,
                                       "command": "python benchmarks/goal_probe.py " + " ".join(f"--{k.replace('_', '-')} {' '.join(map(str, v)) if isinstance(v, list) else v}"
                                                                                                 for k, v in vars(a).items() if v is not None)}, indent=1))


if __name__ == "__main__":
    main()
