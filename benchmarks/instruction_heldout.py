"""Instruction following of a finished shapes-video run, read on scenes it never saw, many of them.

A video-stage run holds out 3 scenes (about 32 episodes), so its instruction table moves by +-0.15 from one scene to
the next. This benchmark generates a second shapes-video set with another data seed (checked: none of its scene seeds
is a training seed of the run), trains the motion probe on the run's own training episodes' real futures (as the run
did), and reads the futures the run's world model (and, with --deterministic, its deterministic predictor) generates
from each fresh scene's still start under each instruction, per guidance scale. It prints accuracy with 95% Wilson
intervals and, for direction, the confusion matrix (true direction by row, read direction by column).

    python benchmarks/instruction_heldout.py --run outputs/video/shapes_f10 --scenes 24 --deterministic \\
        --out benchmarks/results/instruction_heldout_f10.json --threads 2
"""
from __future__ import annotations
import argparse, json, time
from pathlib import Path

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True, help="a benchmarks/video_stage.py --dataset shapes_video output folder (video_stage.pt)")
    p.add_argument("--scenes", type=int, default=24, help="fresh scenes; each is read under every instruction it admits")
    p.add_argument("--data-seed", type=int, default=None, help="the fresh set's data seed (default: the run's + 1)")
    p.add_argument("--scales", type=float, nargs="+", default=[0.0, 1.0, 2.0, 4.0])
    p.add_argument("--steps", type=int, default=None, help="flow sampling steps (default: the run's)")
    p.add_argument("--restart", type=int, default=None, help="a fresh window every N frames (default: the run's)")
    p.add_argument("--deterministic", action="store_true", help="also read the run's deterministic predictor")
    p.add_argument("--out", default=None)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.core import load_checkpoint, seed_everything
    from argos.evaluate import wilson_interval
    from argos.shapes_video import MotionProbe, motion_chance, motion_probe_accuracy, train_motion_probe
    from argos.video_stage import (DeterministicPredictor, VideoStageConfig, instruction_following, motion_latents, stage_data,
                                   stage_encoders, train_stage_model)
    from argos.world_model import WorldModel, WorldModelConfig

    run = Path(a.run)
    ck = load_checkpoint(run / "video_stage.pt")
    cfg = VideoStageConfig.from_dict(ck["stage_config"])
    if cfg.dataset != "shapes_video": raise ValueError(f"{run} is a {cfg.dataset!r} run; instruction following is read on shapes_video")
    wm = WorldModel(WorldModelConfig.from_dict(ck["world_model_config"])); wm.load_state_dict(ck["model"]); wm.eval()
    seed_everything(cfg.seed)
    t0 = time.time()
    encoders = stage_encoders(cfg, "cpu")
    cache = Path(cfg.data_dir) / "cache"
    data = stage_data(cfg, *encoders, cache)
    fresh_seed = cfg.data_seed + 1 if a.data_seed is None else a.data_seed
    fcfg = cfg.replace(data_seed=fresh_seed, episodes=a.scenes, n_val=a.scenes - 1)    # every fresh episode is unseen; the split only labels them
    fresh = stage_data(fcfg, *encoders, cache)
    seen = {s for ss in data.train_seeds.values() for s in ss}
    reused = sorted({int(r["seed"]) for r in fresh.ds.episodes} & seen)
    if reused: raise ValueError(f"fresh scenes {reused[:5]} (data seed {fresh_seed}) were training scenes of {run}; pick another --data-seed")
    episodes = sorted(fresh.train_episodes + fresh.val_episodes)

    k = int(round(cfg.rate_hz))                                                              # the probe reads 1 s ahead, as the run does
    real_tr, real_new = motion_latents(data, data.train_episodes, k), motion_latents(fresh, episodes, k)
    probe = MotionProbe(data.cache.n_tokens, data.dim)
    train_motion_probe(probe, real_tr["now"], real_tr["future"], real_tr["labels"], steps=cfg.probe_steps, seed=cfg.seed)
    det = None
    if a.deterministic:
        det_dir = run / "deterministic"
        tcfg = cfg.train.replace(**{k_: v for k_, v in json.loads((det_dir / "config.json").read_text()).items() if k_ in ("steps", "out_dir")})
        det, _ = train_stage_model(DeterministicPredictor(wm.cfg, wm.latent_norm), data, tcfg, det_dir, cpu=True)   # finished: loaded, not trained
    steps = a.steps or cfg.flow.sample_steps
    restart = a.restart if a.restart is not None else cfg.restart
    t1 = time.time()
    futures = {}
    acc = instruction_following(wm, fresh, probe, episodes, a.scales, k, steps, cfg.seed, restart=restart, deterministic=det, futures=futures)
    read_s = time.time() - t1

    from argos.shapes_video import MOTION_LABEL_NAMES
    n = len(episodes)
    res = {"run": str(run), "fresh_data_seed": fresh_seed, "scenes": a.scenes, "episodes": n, "flow_steps": steps, "restart": restart,
           "probe_real": motion_probe_accuracy(probe, real_new["now"], real_new["future"], real_new["labels"]),
           "probe_still": motion_probe_accuracy(probe, real_new["now"], real_new["now"], real_new["labels"]),
           "chance": motion_chance(real_new["labels"]), "accuracy": {}, "read_s": read_s, "total_s": None}
    names = ("colour", "direction", "colour+direction")
    print(f"\n{run}: {n} episodes from {a.scenes} fresh scenes (data seed {fresh_seed}), {steps} flow steps, restart {restart}")
    print("| read | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    for key, d in [("real future", res["probe_real"]), ("still frame", res["probe_still"])] + \
                  [(f"argos w={w}", v) for w, v in acc.items() if w != "deterministic"] + \
                  ([("deterministic", acc["deterministic"])] if "deterministic" in acc else []):
        row = {m: {"acc": d[m], "ci95": list(wilson_interval(round(d[m] * n), n))} for m in names}
        res["accuracy"][key] = row
        print(f"| {key} | " + " | ".join(f"{row[m]['acc']:.2f} [{row[m]['ci95'][0]:.2f}, {row[m]['ci95'][1]:.2f}]" for m in names) + " |")
    print("chance: " + ", ".join(f"{m} {res['chance'][m]:.2f}" for m in names))

    best = max((w for w in acc if w != "deterministic"), key=lambda w: acc[w]["direction"])
    j = MOTION_LABEL_NAMES.index("direction")
    with torch.no_grad(): out = probe(real_new["now"], futures[best])                     # how the best scale's futures are read
    read = out["direction"].argmax(-1)
    truth = real_new["labels"][:, j]
    D = out["direction"].shape[-1]
    conf = torch.zeros(D, D, dtype=torch.long)
    for t_, r_ in zip(truth.tolist(), read.tolist()): conf[t_, r_] += 1
    res["direction_confusion"] = {"guidance": best, "rows_true_cols_read": conf.tolist()}
    print(f"\ndirection confusion at w={best} (rows: true, columns: read):")
    for i, r_ in enumerate(conf.tolist()): print(f"  {i}: {r_}")
    res["total_s"] = time.time() - t0
    print(f"read {read_s:.0f} s, total {res['total_s']:.0f} s")
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
