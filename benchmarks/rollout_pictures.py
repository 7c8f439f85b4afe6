"""Decoded pictures of the worst case of the teacher- against self-forcing experiment (notebook 15): for one training
seed of `benchmarks/rollout_training.py`, arms A and D are reloaded from their finished checkpoints, every held-out
window of the experiment is rolled out 2 s in forward mode (10 Euler steps, the experiment's noise seeds), and the
window where A's latent error at +2 s is largest, and the one where D's is, are decoded to pixels by the tiny feature
decoder trained on PushT frames: real against A against D, frame by frame. Writes OUT.png and OUT.json (the per-window
errors, the chosen windows).

    python benchmarks/rollout_pictures.py --runs outputs/rollouts/s0 --seed 0 --out benchmarks/results/rollouts_worst --threads 1
"""
from __future__ import annotations
import argparse, json, math
from pathlib import Path

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", required=True, help="an output folder of benchmarks/rollout_training.py")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="path stem: writes OUT.png and OUT.json")
    p.add_argument("--horizon", type=int, default=20, help="frames rolled out (20 = 2 s at 10 Hz)")
    p.add_argument("--decoder-steps", type=int, default=600)
    p.add_argument("--data-dir", default="outputs/data")
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    import matplotlib; matplotlib.use("Agg")
    from argos.action_stage import mode_errors
    from argos.rollouts import RolloutExperimentConfig, train_arm
    from argos.video_stage import _spread, fit_frame_decoder, plot_strips, start_stage, to_images

    runs = Path(a.runs)
    exp = RolloutExperimentConfig.from_dict(json.loads((runs / "results.json").read_text())["config"])
    for arm in ("A", "D"):
        if not (runs / f"seed_{a.seed}" / arm / "checkpoints" / "latest").is_file():
            raise FileNotFoundError(f"{runs}/seed_{a.seed}/{arm} has no finished checkpoint: run benchmarks/rollout_training.py first")
    st = start_stage(exp.stage(a.seed), runs / f"seed_{a.seed}" / "start", "cpu", cache_dir=Path(a.data_dir) / "cache")
    models = {arm: train_arm(st.wm, st.data, exp.stage(a.seed), arm, exp, runs / f"seed_{a.seed}" / arm)[0] for arm in ("A", "D")}
    idx = _spread(len(st.data.evaluation), exp.eval_windows)
    out = {arm: mode_errors(wm, st.data.evaluation, idx, a.horizon, exp.eval_steps, seed=a.seed, modes=("forward",), per_window=True)["forward"]
           for arm, wm in models.items()}                                     # the experiment's forward rollouts, kept per window
    at2 = {arm: r["window_mse"][:, a.horizon - 1] for arm, r in out.items()}
    ok = ~torch.isnan(at2["A"])                                           # windows that reach the last frame
    if not ok.any(): raise ValueError(f"no held-out window reaches +{a.horizon} frames")
    worst = {arm: int(torch.where(ok, at2[arm], torch.tensor(-1.0)).argmax()) for arm in ("A", "D")}
    image_encoder = st.encoders[0]
    decoder = fit_frame_decoder(st.data, image_encoder, exp.stage(a.seed).image_size, a.decoder_steps, runs / f"seed_{a.seed}" / "decoder",
                                seed=a.seed)
    H, grid = models["A"].cfg.n_history, st.data.grid
    import matplotlib.pyplot as plt
    figs = []
    for arm, i in worst.items():
        b = st.data.evaluation.batch([idx[i]])
        rows = {"real": to_images(b["patches"][0, H:H + a.horizon], grid, decoder),
                "A": to_images(out["A"]["patches"][i], grid, decoder), "D": to_images(out["D"]["patches"][i], grid, decoder)}
        figs.append(plot_strips(rows, 10.0, every=2, title=f"the worst held-out window for {arm} (window {idx[i]}, seed {a.seed}): latent MSE at "
                                f"+{a.horizon / 10:g} s A {at2['A'][i]:.2f}, D {at2['D'][i]:.2f} (medians A {at2['A'][ok].median():.2f}, D {at2['D'][ok].median():.2f})"))
    stem = Path(a.out); stem.parent.mkdir(parents=True, exist_ok=True)
    from PIL import Image
    paths = []
    for k, fig in enumerate(figs):
        fig.savefig(f"{stem}_{k}.tmp.png", dpi=110); plt.close(fig); paths.append(f"{stem}_{k}.tmp.png")
    ims = [Image.open(q).convert("RGB") for q in paths]
    canvas = Image.new("RGB", (max(i.width for i in ims), sum(i.height for i in ims)), "white")
    y = 0
    for im in ims: canvas.paste(im, (0, y)); y += im.height
    canvas.save(f"{stem}.png")
    for q in paths: Path(q).unlink()
    res = {"seed": a.seed, "windows": idx, "worst": {arm: idx[i] for arm, i in worst.items()},
           "latent_mse_at_horizon": {arm: [None if math.isnan(v) else float(v) for v in at2[arm]] for arm in at2},
           "median_at_horizon": {arm: float(at2[arm][ok].median()) for arm in at2}}
    Path(f"{stem}.json").write_text(json.dumps(res, indent=1))
    print(f"worst windows {res['worst']}; +{a.horizon / 10:g} s latent MSE there: A {at2['A'][worst['A']]:.2f} / D {at2['D'][worst['A']]:.2f} "
          f"(A's worst), A {at2['A'][worst['D']]:.2f} / D {at2['D'][worst['D']]:.2f} (D's worst); medians {res['median_at_horizon']}")


if __name__ == "__main__":
    main()
