"""The video stage at full tiny budget on one dataset: `argos.video_stage.run_video_stage` with the given training steps,
printing the error-against-horizon table (argos one sample and mean of samples, copy-last, the deterministic
predictor) and, on shapes video, the instruction-following table. Results, checkpoint and figures go to --out.

    python benchmarks/video_stage.py --dataset metaworld --steps 3000 --out outputs/video/metaworld --threads 1
    python benchmarks/video_stage.py --dataset shapes_video --steps 3000 --init-from outputs/main/image_stage/image_stage.pt ...
    python benchmarks/video_stage.py --dataset metaworld --history-mode cross ...        (history by cross-attention)
    python benchmarks/video_stage.py --dataset shapes_video --future 10 --p-start 0.5 ...  (half the windows from still starts)
"""
from __future__ import annotations
import argparse, time
from pathlib import Path

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", choices=["metaworld", "pusht", "shapes_video"], required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--episodes", type=int, default=None, help="per task (metaworld), in all (pusht), scenes (shapes_video)")
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--baseline-steps", type=int, default=None)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--history", type=int, default=3)
    p.add_argument("--future", type=int, default=4)
    p.add_argument("--history-mode", choices=["sequence", "cross"], default="sequence")
    p.add_argument("--no-anchor", action="store_true", help="predict frames directly, not relative to the current one")
    p.add_argument("--init-from", default=None)
    p.add_argument("--eval-windows", type=int, default=64)
    p.add_argument("--sample-steps", type=int, default=10)
    p.add_argument("--restart", type=int, default=None, help="measured rollouts start a fresh window every N frames (default: one growing window)")
    p.add_argument("--p-start", type=float, default=0.0, help="share of training windows whose history reaches the episode start")
    p.add_argument("--text-adaln", action="store_true", help="the instruction also modulates every DiT block (DiTConfig.text_adaln)")
    p.add_argument("--probe-steps", type=int, default=1500, help="shapes_video: training steps of the motion probe")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--encoder-seed", type=int, default=None, help="seed of the random tiny encoders apart from --seed (default: --seed)")
    p.add_argument("--text-encoder-seed", type=int, default=None, help="seed of the random text encoder apart (default: as the image encoder's)")
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.flow import FlowConfig
    from argos.train import TrainConfig
    from argos.video_stage import VideoStageConfig, run_video_stage
    anchor = not a.no_anchor
    cfg = VideoStageConfig(dataset=a.dataset, episodes=a.episodes, data_dir=a.data_dir, history=a.history, future=a.future,
                           history_mode=a.history_mode, anchor=anchor, init_from=a.init_from, eval_windows=a.eval_windows, seed=a.seed, encoder_seed=a.encoder_seed, text_encoder_seed=a.text_encoder_seed,
                           restart=a.restart, probe_steps=a.probe_steps, p_start=a.p_start, text_adaln=a.text_adaln,
                           flow=FlowConfig(prediction="x" if anchor else "velocity", shift=2.0, sample_steps=a.sample_steps),
                           train=TrainConfig(steps=a.steps, batch_size=a.batch, lr=1e-3, warmup_steps=100, ema_decay=0.995,
                                             ckpt_every=1000, log_every=25),
                           baseline_steps=a.baseline_steps)
    t0 = time.time()
    r = run_video_stage(cfg, a.out, device="cpu", cache_dir=Path(a.data_dir) / "cache")
    h = r["horizon"]
    n = len(next(iter(h.values()))["mse"])
    cols = [k for k in (0, 4, 9, 14, 19) if k < n]
    print(f"\n{a.dataset}: {r['episodes']}, {r['steps']} steps, loss {r['loss_first']:.3f} -> {r['loss_last']:.3f}, {time.time() - t0:.0f} s")
    print("| predictor | " + " | ".join(f"MSE +{(k + 1) / 10:.1f}s" for k in cols) + " | all steps below copy-last |")
    print("|---|" + "---|" * (len(cols) + 1))
    copy = h["copy last frame"]["mse"]
    for name, d in h.items():
        below = all(m < c for m, c in zip(d["mse"], copy) if c == c)
        print(f"| {name} | " + " | ".join(f"{d['mse'][k]:.4f}" for k in cols) + f" | {below} |")
    if "instruction" in r:
        print("\n| guidance | colour | direction | colour+direction |\n|---|---|---|---|")
        for w, acc in r["instruction"].items():
            print(f"| {w} | {acc['colour']:.3f} | {acc['direction']:.3f} | {acc['colour+direction']:.3f} |")
        for k in ("instruction_deterministic", "probe_real", "probe_still", "probe_chance"):
            acc = r.get(k)
            if acc: print(f"| {k} | {acc['colour']:.3f} | {acc['direction']:.3f} | {acc['colour+direction']:.3f} |")
    print(f"timings: { {k: round(v) for k, v in r['timings'].items()} }")


if __name__ == "__main__":
    main()
