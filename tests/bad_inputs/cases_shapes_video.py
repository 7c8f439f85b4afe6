"""Bad inputs to the shapes-video dataset (argos.shapes_video: config, scenes, episodes, generator, command, labels, motion
probe) and the errors they must raise.

Each case is (name, zero-argument callable, exception type, fragment of the message); tests/test_bad_inputs.py runs them.
A one-scene dataset is written lazily into a temporary folder, for the two cases that need one."""
from argos.core import scratch_dir
import functools
from pathlib import Path

import torch

from argos.lerobot import LeRobotDataset
from argos.shapes_video import (MotionProbe, ShapesVideoConfig, commanded_actions, generate_shapes_video, main, make_scene,
                                motion_labels, motion_pairs, motion_probe_accuracy, object_track, scene_seed,
                                shapes_video_episode, train_motion_probe)

TMP = scratch_dir("argos_bad_shapes_video_")
CFG = ShapesVideoConfig()
OBJ = {"centre": [32.0, 32.0], "radius": 6, "colour": "red", "shape": "circle", "size": "small"}


@functools.cache
def _one_scene() -> LeRobotDataset:
    return LeRobotDataset(generate_shapes_video(TMP / "one", 1))


class _Encoder:  # never reached: motion_pairs checks its arguments first
    dim = 4
    def encode(self, frames, size): raise AssertionError("not reached")


_P = MotionProbe(4, 8)
_X = torch.zeros(5, 4, 8)
_Y = torch.zeros(5, 3, dtype=torch.long)

CASES = [
    ("config: direction not in the vocabulary", lambda: ShapesVideoConfig(directions=("left", "north")), ValueError, "'north'"),
    ("config: directions as one string", lambda: ShapesVideoConfig(directions="left"), ValueError, "directions must be a"),
    ("config: repeated direction", lambda: ShapesVideoConfig(directions=("up", "up")), ValueError, "distinct values"),
    ("config: odd image size", lambda: ShapesVideoConfig(image_size=63), ValueError, "even number >= 32"),
    ("config: image size below 32", lambda: ShapesVideoConfig(image_size=16), ValueError, "got 16"),
    ("config: image size not an int", lambda: ShapesVideoConfig(image_size=64.0), ValueError, "image_size must be an int, got 64.0"),
    ("config: more objects than colours", lambda: ShapesVideoConfig(max_objects=7), ValueError, "max_objects=7 needs as many distinct colours"),
    ("config: min_objects above max_objects", lambda: ShapesVideoConfig(min_objects=3, max_objects=2), ValueError, "min_objects (3) must be <= max_objects (2)"),
    ("config: no objects", lambda: ShapesVideoConfig(min_objects=0), ValueError, "min_objects must be > 0, got 0"),
    ("config: unknown colour", lambda: ShapesVideoConfig(colours=("red", "pink")), ValueError, "'pink'"),
    ("config: unknown shape", lambda: ShapesVideoConfig(shapes=("hexagon",)), ValueError, "'hexagon'"),
    ("config: unknown size", lambda: ShapesVideoConfig(sizes=("huge",)), ValueError, "'huge'"),
    ("config: episode no longer than the still frames", lambda: ShapesVideoConfig(n_frames=3), ValueError, "n_frames (3) must exceed still_frames (3)"),
    ("config: zero speed", lambda: ShapesVideoConfig(speed=0.0), ValueError, "speed must be > 0, got 0.0"),
    ("config: no room for min_travel", lambda: ShapesVideoConfig(min_travel=0.4), ValueError, "cannot have 25.6 px of room"),
    ("config: empty verbs", lambda: ShapesVideoConfig(verbs=()), ValueError, "verbs must be a non-empty list of words"),
    ("config: negative episodes_per_scene", lambda: ShapesVideoConfig(episodes_per_scene=-1), ValueError, "episodes_per_scene must be >= 0"),
    ("config: negative seed", lambda: ShapesVideoConfig(seed=-1), ValueError, "seed must be >= 0, got -1"),
    ("scene_seed: negative scene", lambda: scene_seed(0, -1), ValueError, "scene=-1"),
    ("make_scene: objects that cannot be placed", lambda: make_scene(ShapesVideoConfig(image_size=32, min_objects=6, max_objects=6, sizes=("large",), min_travel=0.3), 0),
     RuntimeError, "could not place 6 non-overlapping objects"),
    ("object_track: unknown direction", lambda: object_track(CFG, OBJ, "north"), ValueError, "unknown direction 'north'"),
    ("commanded_actions: direction the config excludes", lambda: commanded_actions(CFG.replace(directions=("left",)), "up"), ValueError, "expected one of ['left']"),
    ("episode: target index out of range", lambda: shapes_video_episode(CFG, [OBJ, OBJ], 2, "left"), ValueError, "(0..1), got 2"),
    ("episode: more objects than max_objects", lambda: shapes_video_episode(CFG, [OBJ] * 4, 0, "left"), ValueError, "max_objects=3"),
    ("generate: zero scenes", lambda: generate_shapes_video(TMP / "zero", 0), ValueError, "scenes must be an int >= 1, got 0"),
    ("generate: cfg of the wrong type", lambda: generate_shapes_video(TMP / "cfg", 1, {"seed": 0}), ValueError, "cfg must be a ShapesVideoConfig"),
    ("command: unknown direction", lambda: main(["--directions", "north", "--out", str(TMP / "cli")]), ValueError, "'north'"),
    ("command: odd image size", lambda: main(["--image-size", "65", "--out", str(TMP / "cli")]), ValueError, "got 65"),
    ("labels: row without the target columns", lambda: motion_labels([{"direction": "left"}]), ValueError, "lacks ['target_colour', 'target_shape']"),
    ("labels: colour outside the vocabulary", lambda: motion_labels([{"target_colour": "pink", "target_shape": "circle", "direction": "left"}]),
     ValueError, "'pink'"),
    ("motion_pairs: horizon past the episode", lambda: motion_pairs(_one_scene(), _Encoder(), 2.2), ValueError, "reaches past episode 0"),
    ("motion_pairs: non-positive horizon", lambda: motion_pairs(_one_scene(), _Encoder(), 0.0), ValueError, "horizon_s must be > 0"),
    ("probe: future latents of another shape", lambda: _P(_X, _X[:, :3]), ValueError, "future latents"),
    ("probe: labels for other episodes", lambda: train_motion_probe(_P, _X, _X, _Y[:4]), ValueError, "motion labels"),
    ("probe accuracy: labels without the three columns", lambda: motion_probe_accuracy(_P, _X, _X, _Y[:, :2]), ValueError, "motion labels"),
]
