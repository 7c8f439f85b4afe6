"""Where the learned policies fail on reach and push (notebook 14): each training seed's argos and BC policies of a
closed-loop experiment (`benchmarks/policy_experiment.py`, DIR/seed_S/{policy,bc}.pt) and the scripted expert act on the
experiment's unseen reset seeds while the simulator's positions are read at every re-plan: the hand is the fingers'
centre (`tcp_center`, the point reach's success measures; the observation's obs[0:3] is the end-effector, 4.5 cm
above it), the puck obs[4:7], the goal obs[-3:]. Per policy and task: success, the hand's closest approach to the goal
(reach) or to the puck (push), how far the puck moved, and whether the hand goes where the goal is (correlation over
reset seeds between the goal and the hand's position at its closest approach to it). Writes OUT (json) and prints a
markdown table.

    python benchmarks/policy_failures.py --runs outputs/policy_experiment --seeds 0 1 2 --out benchmarks/results/policy_failures.json --threads 1
"""
from __future__ import annotations
import argparse, json
from pathlib import Path

import numpy as np
import torch


def positions(env_obs: np.ndarray, tcp_center: np.ndarray) -> np.ndarray:
    "One re-plan's positions (9,): the hand (fingers' centre), the puck (obs[4:7]) and the goal (obs[-3:])."
    return np.concatenate([np.asarray(tcp_center, dtype=np.float64), env_obs[4:7], env_obs[-3:]])


def episode_stats(traj: np.ndarray) -> dict:
    "One episode's `positions` (T, 9) at its re-plans -> distances in cm and the hand's point closest to the goal."
    hand, puck, goal = traj[:, 0:3], traj[:, 3:6], traj[0, 6:9]
    d_goal = np.linalg.norm(hand - goal, axis=1)
    return {"hand_goal_start": 100 * float(d_goal[0]), "hand_goal_min": 100 * float(d_goal.min()), "hand_goal_final": 100 * float(d_goal[-1]),
            "hand_puck_min": 100 * float(np.linalg.norm(hand - puck, axis=1).min()),
            "puck_moved": 100 * float(np.linalg.norm(puck - puck[0], axis=1).max()),
            "puck_goal_min": 100 * float(np.linalg.norm(puck - goal, axis=1).min()),
            "goal": goal.tolist(), "hand_closest": hand[int(d_goal.argmin())].tolist()}


def summarise(eps: list[dict]) -> dict:
    "Medians over episodes, and per axis the correlation between the goal and the hand's closest point to it."
    med = lambda k, sel=None: float(np.median([e[k] for e in eps if sel is None or sel(e)])) if any(sel is None or sel(e) for e in eps) else None
    g, h = np.array([e["goal"] for e in eps]), np.array([e["hand_closest"] for e in eps])
    corr = {ax: float(np.corrcoef(g[:, j], h[:, j])[0, 1]) for j, ax in enumerate("xyz") if g[:, j].std() > 1e-4}
    return {"episodes": len(eps), "success": float(np.mean([e["success"] for e in eps])),
            "hand_goal_min_failed": med("hand_goal_min", lambda e: not e["success"]),
            "hand_goal_final_failed": med("hand_goal_final", lambda e: not e["success"]),
            "hand_puck_min": med("hand_puck_min"), "puck_moved": med("puck_moved"),
            "puck_moved_2cm": float(np.mean([e["puck_moved"] > 2 for e in eps])),
            "corr_goal_hand": corr}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", required=True, help="a closed-loop experiment's folder (seed_S/policy.pt, seed_S/bc.pt)")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--tasks", nargs="+", default=["reach-v3", "push-v3"])
    p.add_argument("--eval-seeds", default="0:20")
    p.add_argument("--batch-envs", type=int, default=20)
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.evaluate import builtin_policy, parse_seeds
    from argos.policy import Policy, closed_loop

    eval_seeds = parse_seeds(a.eval_seeds)
    def measure(name, policy, train_seeds=None) -> dict[str, list[dict]]:
        out = {}
        for task in a.tasks:
            traj: dict[int, list] = {}
            def cb(ev):
                for i, s in enumerate(ev["seeds"]):
                    if ev["active"][i]: traj.setdefault(s, []).append(positions(ev["obs"]["env_obs"][i], ev["envs"][i].env.unwrapped.tcp_center))
            r = closed_loop({name: policy}, [task], eval_seeds, train_seeds=train_seeds, batch_envs=a.batch_envs, callback=cb)[name]
            succ = {e["seed"]: e["success"] for e in r["episodes"]}
            out[task] = [{"seed": s, "success": bool(succ[s])} | episode_stats(np.stack(v)) for s, v in sorted(traj.items())]
        return out

    episodes: dict[str, dict[str, list[dict]]] = {"scripted expert": measure("scripted expert", builtin_policy("expert", "metaworld"))}
    for seed in a.seeds:
        for name, f in (("argos", "policy.pt"), ("BC", "bc.pt")):
            res = measure(name, Policy.from_checkpoint(Path(a.runs) / f"seed_{seed}" / f))
            for task, eps in res.items(): episodes.setdefault(name, {}).setdefault(task, []).extend(eps)
    summary = {name: {task: summarise(eps) for task, eps in d.items()} for name, d in episodes.items()}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps({"summary": summary, "episodes": episodes, "args": vars(a)}, indent=1))
    fmt = lambda v: "-" if v is None else f"{v:.1f}"
    print("| policy | task | episodes | success | hand-goal min / final, failed (cm) | hand-puck min (cm) | puck moved > 2 cm | corr(goal, hand) x / y / z |")
    print("|---|---|---|---|---|---|---|---|")
    for name, d in summary.items():
        for task, s in d.items():
            print(f"| {name} | {task} | {s['episodes']} | {s['success']:.2f} | {fmt(s['hand_goal_min_failed'])} / {fmt(s['hand_goal_final_failed'])} | "
                  f"{fmt(s['hand_puck_min'])} | {s['puck_moved_2cm']:.2f} | " + " / ".join(f"{v:+.2f}" for v in s["corr_goal_hand"].values()) + " |")


if __name__ == "__main__":
    main()
