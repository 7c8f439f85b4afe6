"""Can the scripted expert take over from the states a learned policy reaches? (notebook 14, expert takeovers)

For the first N push demonstrations' reset seeds of a takeover dataset, each lead policy acts for 4..10 blocks of 0.1 s
(the block count cycles with the episode), then Meta-World's scripted expert takes over for up to --steps native steps.
Per episode: whether the expert succeeds, how far the lead had moved the puck, how far the hand was from it, the gripper
opening at takeover, and how far the expert then moved the puck. Writes --out (JSON) and prints the summary.

    python benchmarks/takeover_failures.py --data outputs/data/metaworld-n50-s0-takeover \
        --leads argos=outputs/policy_modes/seed_0/policy.pt BC=outputs/policy_modes/seed_0/bc.pt \
        --out benchmarks/results/takeover_failures.json --threads 1
"""
from __future__ import annotations
import argparse, json
from pathlib import Path

import numpy as np
import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="a takeover dataset (its demonstrations' reset seeds are used)")
    p.add_argument("--leads", nargs="+", required=True, metavar="NAME=CHECKPOINT")
    p.add_argument("--task", default="push-v3")
    p.add_argument("--episodes", type=int, default=12)
    p.add_argument("--steps", type=int, default=400, help="native steps the expert gets after taking over")
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.evaluate import metaworld_instruction
    from argos.lerobot import LeRobotDataset
    from argos.policy import ChunkLead, Policy
    from argos.sim_data import OBJECT_SLICE, make_metaworld_env, metaworld_reset, record_metaworld_episode
    ds = LeRobotDataset(a.data)
    rows = [ds.episode(e) for e in range(ds.num_episodes)]
    seeds = [int(r["seed"]) for r in rows if r["env_name"] == a.task and r.get("lead", "") == ""][:a.episodes]
    leads = {n: Policy.from_checkpoint(c) for n, _, c in (s.partition("=") for s in a.leads)}
    env, runs = make_metaworld_env(a.task, 128), []
    for i, s in enumerate(seeds):
        for name, pol in leads.items():
            blocks = 4 + i % 7
            start = metaworld_reset(env, s)[OBJECT_SLICE]
            ep = record_metaworld_episode(env, a.task, s, a.steps, lead=ChunkLead(pol, metaworld_instruction(a.task)), lead_steps=8 * blocks,
                                          render=False, object_state=True)
            st = ep["observation.state"]                      # hand x, y, z, gripper, object x, y, z
            runs.append({"seed": s, "lead": name, "blocks": blocks, "success": bool(ep["meta"]["success"]),
                         "puck_moved_by_lead_cm": float(100 * np.linalg.norm(st[0, 4:6] - start[:2])),
                         "hand_to_puck_cm": float(100 * np.linalg.norm(st[0, :3] - st[0, 4:7])), "gripper": float(st[0, 3]),
                         "puck_moved_by_expert_cm": float(100 * np.linalg.norm(st[-1, 4:6] - st[0, 4:6]))})
            print(runs[-1], flush=True)
    env.close()
    ok = np.array([r["success"] for r in runs]); still = np.array([r["puck_moved_by_lead_cm"] < 1 for r in runs])
    summary = {"episodes": len(runs), "expert_success": float(ok.mean()), "puck_unmoved": int(still.sum()),
               "expert_success_puck_unmoved": float(ok[still].mean()) if still.any() else None,
               "expert_success_puck_moved": float(ok[~still].mean()) if (~still).any() else None}
    Path(a.out).write_text(json.dumps({"summary": summary, "runs": runs, "args": vars(a)}, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
