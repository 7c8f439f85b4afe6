"""Build the LeRobot v3 reference dataset with the real lerobot 0.4.4 (run ONCE, in a scratch venv; never by the tests).

    python tests/data/lerobot_ref/build_reference.py --out tests/data/lerobot_ref

writes `content.npz` (the raw episodes handed to lerobot), `dataset/` (what lerobot wrote) and `decoded.npz` (what
lerobot's own reader returns for every frame: state, action, task, and the decoded frame as uint8). See README.md for
the scratch venv this needs (lerobot cannot be a dependency of argos: it needs torchvision)."""
import argparse, json, shutil
from pathlib import Path

import numpy as np

FPS = 10
SIZE = 32
LENGTHS = (5, 6, 4)
TASKS = ("move the square", "slide the square", "move the square")  # two distinct tasks, the first one reused
REPO_ID = "argos/lerobot_ref"


def make_content(seed: int = 0) -> dict:
    "Episodes of a bright 8x8 square moving on a dark 32x32 frame; state = top-left (x, y), action = the next step."
    rng = np.random.default_rng(seed)
    frames, states, actions = [], [], []
    for length in LENGTHS:
        xy = np.zeros((length, 2), np.float32)
        xy[0] = rng.integers(2, SIZE // 2, 2)
        step = rng.choice([-2, 2], 2)
        for t in range(1, length): xy[t] = np.clip(xy[t - 1] + step, 0, SIZE - 8)
        img = np.full((length, SIZE, SIZE, 3), 30, np.uint8)
        for t, (x, y) in enumerate(xy.astype(int)): img[t, y:y + 8, x:x + 8] = (250, 200, 60)
        frames.append(img); states.append(xy)
        actions.append(np.diff(xy, axis=0, append=xy[-1:]).astype(np.float32))
    return {"frames": np.concatenate(frames), "state": np.concatenate(states), "action": np.concatenate(actions),
            "lengths": np.array(LENGTHS), "tasks": np.array(TASKS)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    out = Path(p.parse_args().out)
    from lerobot.datasets.lerobot_dataset import LeRobotDataset
    c = make_content()
    np.savez_compressed(out / "content.npz", **c)
    root = out / "dataset"
    if root.exists(): shutil.rmtree(root)
    features = {"observation.images.top": {"dtype": "video", "shape": (SIZE, SIZE, 3), "names": ["height", "width", "channels"]},
                "observation.state": {"dtype": "float32", "shape": (2,), "names": ["x", "y"]},
                "action": {"dtype": "float32", "shape": (2,), "names": ["dx", "dy"]}}
    ds = LeRobotDataset.create(REPO_ID, fps=FPS, features=features, root=root, robot_type="toy", use_videos=True)
    i = 0
    for length, task in zip(c["lengths"], c["tasks"]):
        for _ in range(length):
            ds.add_frame({"observation.images.top": c["frames"][i], "observation.state": c["state"][i],
                          "action": c["action"][i], "task": str(task)})
            i += 1
        ds.save_episode()
    ds.finalize()
    back = LeRobotDataset(REPO_ID, root=root, video_backend="torchcodec")
    items = [back[k] for k in range(len(back))]
    np.savez_compressed(out / "decoded.npz",
                        frames=np.stack([(it["observation.images.top"] * 255).round().byte().numpy() for it in items]),
                        state=np.stack([it["observation.state"].numpy() for it in items]),
                        action=np.stack([it["action"].numpy() for it in items]),
                        timestamp=np.array([it["timestamp"].item() for it in items], np.float32),
                        task=np.array([it["task"] for it in items]),
                        task_index=np.array([it["task_index"].item() for it in items]))
    print(json.dumps(json.loads((root / "meta/info.json").read_text()), indent=1))


if __name__ == "__main__":
    main()
