"Known answers for benchmarks/policy_failures.py's measurements on hand-made trajectories (no simulator, no policy)."
import numpy as np
import pytest


def _traj(pf, hand_path, puck_path, goal, dim=39):
    """`positions` (T, 9) at each re-plan of Meta-World-like observations (puck obs[4:7], goal obs[-3:]) with the fingers'
    centre on `hand_path`; the observation's end-effector obs[0:3] is 4.5 cm above it, as in the simulator."""
    hand_path = np.asarray(hand_path, dtype=float)
    T = len(hand_path); o = np.zeros((T, dim))
    o[:, 0:3], o[:, 4:7], o[:, -3:] = hand_path + [0, 0, 0.045], puck_path, goal
    return np.stack([pf.positions(o[i], hand_path[i]) for i in range(T)])


def test_episode_stats_known_answer(load_benchmark):
    pf = load_benchmark("policy_failures")
    hand = np.array([[0.0, 0, 0], [0.06, 0, 0], [0.1, 0, 0], [0.1, 0.03, 0]])    # passes through the goal, then leaves by 3 cm
    puck = np.array([[0.2, 0, 0]] * 2 + [[0.2, 0.05, 0]] * 2)                  # moved 5 cm halfway
    s = pf.episode_stats(_traj(pf, hand, puck, [0.1, 0, 0]))
    assert s["hand_goal_start"] == pytest.approx(10) and s["hand_goal_min"] == pytest.approx(0) and s["hand_goal_final"] == pytest.approx(3)
    assert s["hand_puck_min"] == pytest.approx(np.hypot(10, 2)) and s["puck_moved"] == pytest.approx(5)
    assert s["puck_goal_min"] == pytest.approx(10) and s["hand_closest"] == pytest.approx([0.1, 0, 0])


def test_summarise_correlation_and_failures(load_benchmark):
    pf = load_benchmark("policy_failures")
    rng = np.random.default_rng(0)
    eps = []
    for i, g in enumerate(rng.uniform(-0.1, 0.1, (12, 3))):
        hand = np.array([[g[0], -g[1], 0.05]])                                  # x follows the goal, y mirrors it, z ignores it
        e = pf.episode_stats(_traj(pf, hand, np.zeros((1, 3)), g))
        eps.append({"seed": i, "success": i < 3} | e)
    s = pf.summarise(eps)
    assert s["episodes"] == 12 and s["success"] == pytest.approx(0.25) and s["puck_moved_2cm"] == 0
    assert s["corr_goal_hand"]["x"] == pytest.approx(1) and s["corr_goal_hand"]["y"] == pytest.approx(-1)
    assert abs(s["corr_goal_hand"]["z"]) < 1e-6 or np.isnan(s["corr_goal_hand"]["z"])   # a constant hand height follows nothing
    failed = [e["hand_goal_min"] for e in eps[3:]]
    assert s["hand_goal_min_failed"] == pytest.approx(np.median(failed))
