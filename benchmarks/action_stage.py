"""The action stage at full tiny budget on one dataset (`argos.action_stage.run_action_stage`): the world model with
proprio and actions, optionally the BC baseline, the action decoder; prints the open-loop error against horizon per
mode (forward: actions given; video: actions marginalised; policy) and the first-action errors.

    python benchmarks/action_stage.py --dataset pusht --steps 2500 --bc-steps 0 --out outputs/exp/action_pusht --threads 1
"""
from __future__ import annotations
import argparse, dataclasses, time
from pathlib import Path

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", choices=["metaworld", "pusht"], required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--episodes", type=int, default=None)
    p.add_argument("--steps", type=int, default=2500)
    p.add_argument("--bc-steps", type=int, default=None)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--eval-windows", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--time-sampling", choices=["logit_normal", "uniform"], default=None, help="training times (default: the stage's flow)")
    p.add_argument("--shift", type=float, default=None, help="time shift alpha of training and sampling (default: the stage's flow)")
    p.add_argument("--logit-mean", type=float, default=None, help="logit-normal mean (> 0 trains more near data)")
    p.add_argument("--skip-sigma", type=float, default=None, help="x-prediction with a skip from the noisy input (FlowConfig.skip_sigma)")
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.action_stage import ActionStageConfig, run_action_stage
    from argos.train import TrainConfig
    flow = {k: v for k, v in (("time_sampling", a.time_sampling), ("shift", a.shift), ("logit_mean", a.logit_mean), ("skip_sigma", a.skip_sigma)) if v is not None}
    cfg = ActionStageConfig(dataset=a.dataset, episodes=a.episodes, data_dir=a.data_dir, eval_windows=a.eval_windows, seed=a.seed,
                            bc_steps=a.bc_steps, train=TrainConfig(steps=a.steps, batch_size=a.batch, lr=1e-3, warmup_steps=100,
                                                                   ema_decay=0.995, ckpt_every=1000, log_every=25))
    if flow: cfg = dataclasses.replace(cfg, flow=dataclasses.replace(cfg.flow, **flow))
    t0 = time.time()
    r = run_action_stage(cfg, a.out, device="cpu", cache_dir=Path(a.data_dir) / "cache")
    n = len(r["modes"]["forward"]["mse"])
    cols = [k for k in (0, 4, 9, 14, 19) if k < n]
    print(f"\n{a.dataset}: {r['episodes']}, {r['steps']} steps, loss {r['loss_first']:.3f} -> {r['loss_last']:.3f}, {time.time() - t0:.0f} s")
    print("| mode | " + " | ".join(f"latent MSE +{(k + 1) / 10:.1f}s" for k in cols) + " | " + " | ".join(f"proprio +{(k + 1) / 10:.1f}s" for k in cols) + " |")
    print("|---|" + "---|" * (2 * len(cols)))
    for m, d in r["modes"].items():
        print(f"| {m} | " + " | ".join(f"{d['mse'][k]:.4f}" for k in cols) + " | " + " | ".join(f"{d['proprio'][k]:.4f}" for k in cols) + " |")
    print("\n| first action block | MSE |\n|---|---|")
    for k, v in r["first_action"].items(): print(f"| {k} | {v:.4f} |")
    if "replay_decoded" in r: print(f"\nreplay of decoded proprio: {r['replay_decoded']['successes']}/{r['replay_decoded']['episodes']}")
    print(f"timings: { {k: round(v) for k, v in r['timings'].items()} }")


if __name__ == "__main__":
    main()
