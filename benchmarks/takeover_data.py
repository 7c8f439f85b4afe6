"""Expert takeovers (notebook 14, last section): the default demonstrations plus one takeover episode per demonstration's
reset seed, in which learned policies act first (in turn) and the scripted expert finishes, as one LeRobot v3 dataset.

    python benchmarks/takeover_data.py --out outputs/data/metaworld-n50-s0-takeover \
        --leads argos=outputs/policy_modes/seed_0/policy.pt BC=outputs/policy_modes/seed_0/bc.pt --threads 1

Train on it with `benchmarks/policy_experiment.py --data-path` (the same demonstrations, reset seeds and split).
"""
from __future__ import annotations
import argparse, json
from pathlib import Path

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--leads", nargs="+", required=True, metavar="NAME=CHECKPOINT", help="the policies that act before the expert takes over")
    p.add_argument("--episodes", type=int, default=50, help="demonstrations per task (and as many takeovers)")
    p.add_argument("--seed", type=int, default=0, help="the demonstrations' data seed")
    p.add_argument("--max-lead-blocks", type=int, default=10, help="a lead acts for 1..this many 0.1 s blocks")
    p.add_argument("--tasks", nargs="+", default=None)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from argos.policy import Policy, generate_takeover
    leads = {}
    for spec in a.leads:
        name, sep, path = spec.partition("=")
        if not sep or not name or not Path(path).is_file(): raise SystemExit(f"--leads: expected NAME=CHECKPOINT with an existing file, got {spec!r}")
        leads[name] = Policy.from_checkpoint(path)
    out = generate_takeover(a.out, leads, tasks=a.tasks, episodes=a.episodes, seed=a.seed, max_lead_blocks=a.max_lead_blocks)
    out["root"], out["leads"] = str(out["root"]), a.leads
    Path(a.out, "takeover.json").write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
