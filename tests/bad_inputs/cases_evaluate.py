"""Bad inputs to the closed-loop evaluator (argos.evaluate, `argos-eval`) and the errors they must raise."""
import numpy as np

from argos.evaluate import (EvalConfig, RandomPolicy, builtin_policy, check_action_chunk, check_unseen_seeds, load_policy,
                            parse_seeds, register_policy_loader, run_cli, wilson_interval)
from argos.policy import generate_takeover
from argos.sim_data import metaworld_reset, record_metaworld_episode
from argos.video_stage import VideoStageConfig

OUT = "/tmp/argos_eval_bad_inputs"  # never written: every case fails before evaluating
CKPT_DATA = {"env": "metaworld", "tasks": ["reach-v3"], "train_seeds": {"reach-v3": [0, 1]}, "image_size": 64,
             "camera": "corner2", "fps": 80.0}


def cli(*args):
    return lambda: run_cli([*args, "--out", OUT])


CASES = [
    ("argos-eval: unknown env", cli("mujoco", "--policy", "expert", "--seeds", "0:2"), ValueError, "unknown env 'mujoco'"),
    ("argos-eval: unknown Meta-World task", cli("metaworld", "--policy", "expert", "--tasks", "reach-v9", "--seeds", "0:2"),
     ValueError, "unknown metaworld task(s) ['reach-v9']"),
    ("argos-eval: seeds '5:2' (empty range)", cli("metaworld", "--policy", "expert", "--seeds", "5:2"), ValueError, "'5:2'"),
    ("argos-eval: seeds 'a:b'", cli("metaworld", "--policy", "expert", "--seeds", "a:b"), ValueError, "'A:B'"),
    ("argos-eval: missing checkpoint file", cli("metaworld", "--checkpoint", "/nonexistent/policy.pt", "--seeds", "0:2"),
     FileNotFoundError, "no checkpoint at '/nonexistent/policy.pt'"),
    ("argos-eval: unknown built-in policy", cli("metaworld", "--policy", "oracle", "--seeds", "0:2"), ValueError, "'oracle'"),
    ("argos-eval: expert on PushT", cli("pusht", "--policy", "expert", "--seeds", "0:2"), ValueError, "no scripted expert for 'pusht'"),
    ("argos-eval: --tasks on PushT", cli("pusht", "--policy", "random", "--tasks", "push-v3", "--seeds", "0:2"), ValueError, "--tasks is for metaworld"),
    ("argos-eval: more episodes than seeds", cli("metaworld", "--policy", "expert", "--seeds", "0:3", "--episodes-per-task", "5"),
     ValueError, "--episodes-per-task must be in [1, 3]"),
    ("argos-eval: --mode for a built-in policy", cli("metaworld", "--policy", "random", "--mode", "actions", "--seeds", "0:2"),
     ValueError, "--mode 'actions' chooses how a checkpoint's policy acts"),
    ("parse_seeds: negative start", lambda: parse_seeds("-1:4"), ValueError, "'-1:4'"),
    ("check_unseen_seeds: a training seed", lambda: check_unseen_seeds({"push-v3": [3, 4]}, "push-v3", range(0, 10)),
     ValueError, "'push-v3': 2 evaluation seed(s) [3, 4]"),
    ("wilson_interval: no episodes", lambda: wilson_interval(0, 0), ValueError, "n >= 1"),
    ("wilson_interval: more successes than episodes", lambda: wilson_interval(4, 3), ValueError, "got 4"),
    ("EvalConfig: zero envs per batch", lambda: EvalConfig(tasks=["reach-v3"], batch_envs=0), ValueError, "batch_envs must be >= 1, got 0"),
    ("EvalConfig: repeated seeds", lambda: EvalConfig(tasks=["reach-v3"], seeds=[1, 1]), ValueError, "distinct"),
    ("EvalConfig: PushT with a Meta-World camera", lambda: EvalConfig(env="pusht", tasks=["pusht"], camera="corner2"), ValueError, "'corner2'"),
    ("load_policy: unregistered kind", lambda: load_policy({"kind": "no-such-kind", "data": CKPT_DATA}), ValueError,
     "unknown policy kind 'no-such-kind'"),
    ("load_policy: checkpoint without data keys", lambda: load_policy({"kind": "x", "data": {"env": "metaworld"}}), ValueError,
     "lacks data keys ['tasks', 'train_seeds', 'image_size', 'camera', 'fps']"),
    ("load_policy: checkpoint without kind", lambda: load_policy({"data": CKPT_DATA}), ValueError, "'kind'"),
    ("register_policy_loader: empty kind", lambda: register_policy_loader("", lambda c, d: None), ValueError, "non-empty policy kind"),
    ("builtin_policy: unknown env", lambda: builtin_policy("random", "atari"), ValueError, "unknown env 'atari'"),
    ("RandomPolicy: low above high", lambda: RandomPolicy([1.0], [0.0]), ValueError, "low < high"),
    ("policy output: wrong shape", lambda: check_action_chunk(np.zeros((2, 4)), 2, 4), ValueError, "(B=2, K>=1, A=4), got shape (2, 4)"),
    ("policy output: NaN action", lambda: check_action_chunk(np.full((2, 1, 4), np.nan), 2, 4), ValueError, "8 non-finite"),
    ("metaworld_reset: negative seed", lambda: metaworld_reset(None, -1), ValueError, "[0, 2**32), got -1"),
    ("metaworld_reset: not a Meta-World env", lambda: metaworld_reset(object(), 0), ValueError, "make_metaworld_env"),
    ("record_metaworld_episode: lead steps without a lead", lambda: record_metaworld_episode(None, "reach-v3", 0, 10, lead_steps=8),
     ValueError, "lead_steps=8, lead=None"),
    ("record_metaworld_episode: negative lead steps", lambda: record_metaworld_episode(None, "reach-v3", 0, 10, lead=print, lead_steps=-8),
     ValueError, "lead_steps >= 0"),
    ("generate_takeover: no lead policy", lambda: generate_takeover(OUT + "/takeover", {}, tasks=["reach-v3"], episodes=1), ValueError,
     "at least one lead policy"),
    ("generate_takeover: zero lead blocks", lambda: generate_takeover(OUT + "/takeover", {"x": None}, tasks=["reach-v3"], max_lead_blocks=0),
     ValueError, "max_lead_blocks, stride >= 1, got 0, 8"),
    ("VideoStageConfig: weight_action=-1", lambda: VideoStageConfig(weight_action=-1.0), ValueError, "weight_action must be >= 0"),
    ("VideoStageConfig: data_path with a generation option", lambda: VideoStageConfig(dataset="metaworld", data_path="/data/mt50", action_noise=0.1),
     ValueError, "action_noise=0.1 only say what to generate"),
]
