"""Bad inputs to the memory-video dataset (argos.memory_video: config, scenes, rendering, episodes, generator, command,
dataset helpers, labels, cue probe) and the errors they must raise.

Each case is (name, zero-argument callable, exception type, fragment of the message); tests/test_bad_inputs.py runs them.
A one-scene dataset is written lazily into a temporary folder, for the cases that need one."""
from argos.core import scratch_dir
import functools
from pathlib import Path

import numpy as np
import torch

from argos.lerobot import LeRobotDataset, toy_episodes, write_lerobot_dataset, TOY_FEATURES
from argos.memory_video import (CueProbe, MemoryVideoConfig, cue_chance, cue_labels, cue_probe_accuracy, dilate_mask,
                                generate_memory_video, main, memory_episode, memory_frame, memory_frame_classes, memory_frames,
                                memory_latents, memory_mask, memory_scene, occluder_track, patch_mask, recall_frames,
                                render_memory_frame, train_cue_probe)

TMP = scratch_dir("argos_bad_memory_video_")
CFG = MemoryVideoConfig()
SCENE = {"shape": "circle", "size": "small", "radius": 6, "centre": [30, 30], "direction": "left", "cues": ["red", "green"]}


@functools.cache
def _one_scene() -> LeRobotDataset:
    return LeRobotDataset(generate_memory_video(TMP / "one", 2))


@functools.cache
def _toy() -> LeRobotDataset:  # a LeRobot dataset that is not a memory video
    return LeRobotDataset(write_lerobot_dataset(TMP / "toy", toy_episodes(1), TOY_FEATURES, 10))


class _Cache:  # never reached: memory_latents checks the dataset first
    def check_dataset(self, ds): pass
    def patches(self, e): raise AssertionError("not reached")


_P = CueProbe(4, 8)
_X = torch.zeros(5, 4, 8)
_Y = torch.zeros(5, dtype=torch.long)

CASES = [
    ("config: one cue colour", lambda: MemoryVideoConfig(cue_colours=("red",)), ValueError, "at least 2 colours"),
    ("config: cue colour outside the palette", lambda: MemoryVideoConfig(cue_colours=("red", "pink")), ValueError, "'pink'"),
    ("config: cue colours as one string", lambda: MemoryVideoConfig(cue_colours="red"), ValueError, "cue_colours must be a"),
    ("config: repeated cue colour", lambda: MemoryVideoConfig(cue_colours=("red", "red")), ValueError, "distinct values"),
    ("config: unknown direction", lambda: MemoryVideoConfig(directions=("left", "north")), ValueError, "'north'"),
    ("config: odd image size", lambda: MemoryVideoConfig(image_size=63), ValueError, "even number >= 32"),
    ("config: image size not an int", lambda: MemoryVideoConfig(image_size=64.0), ValueError, "image_size must be an int, got 64.0"),
    ("config: no hold", lambda: MemoryVideoConfig(hold_frames=0), ValueError, "hold_frames must be > 0, got 0"),
    ("config: negative after_frames", lambda: MemoryVideoConfig(after_frames=-1), ValueError, "after_frames must be >= 0, got -1"),
    ("config: occluder too small to keep the object covered", lambda: MemoryVideoConfig(occluder_size=0.3), ValueError,
     "half-side 9.5 px must be >= 14.0 px"),
    ("config: occluder moving too fast", lambda: MemoryVideoConfig(move_frames=2), ValueError, "raise occluder_size or move_frames"),
    ("config: resting occluder too far", lambda: MemoryVideoConfig(rest_gap=0.45, move_frames=10), ValueError, "more than 54 px"),
    ("config: occluder as grey as the background", lambda: MemoryVideoConfig(occluder_grey=110), ValueError, "must differ from background (110)"),
    ("config: grey out of range", lambda: MemoryVideoConfig(occluder_grey=300), ValueError, "occluder_grey must be in [0, 255], got 300"),
    ("config: more cues per scene than colours", lambda: MemoryVideoConfig(cues_per_scene=5), ValueError, "cues_per_scene must be in [0, 4]"),
    ("config: occluder_size of the whole image", lambda: MemoryVideoConfig(occluder_size=1.0), ValueError, "occluder_size must be in (0, 1)"),
    ("config: negative seed", lambda: MemoryVideoConfig(seed=-1), ValueError, "seed must be >= 0, got -1"),
    ("occluder_track: unknown direction", lambda: occluder_track(CFG, {**SCENE, "direction": "north"}), ValueError, "unknown direction 'north'"),
    ("render: unknown cue colour", lambda: render_memory_frame(CFG, SCENE, "pink", (30, 30)), ValueError, "unknown cue colour 'pink'"),
    ("episode: cue outside the config's colours", lambda: memory_episode(CFG, SCENE, "purple"), ValueError, "not one of the config's cue_colours"),
    ("frame classes: object never hidden", lambda: memory_frame_classes(np.ones((5, 4, 4), bool)), ValueError, "hidden for one stretch"),
    ("generate: zero episodes", lambda: generate_memory_video(TMP / "zero", 0), ValueError, "episodes must be an int >= 1, got 0"),
    ("generate: cfg of the wrong type", lambda: generate_memory_video(TMP / "cfg", 1, {"seed": 0}), ValueError, "cfg must be a MemoryVideoConfig"),
    ("command: unknown cue colour", lambda: main(["--cue-colours", "pink", "--out", str(TMP / "cli")]), ValueError, "'pink'"),
    ("command: zero episodes", lambda: main(["--episodes", "0", "--out", str(TMP / "cli")]), ValueError, "got 0"),
    ("memory_frames: not a memory-video dataset", lambda: memory_frames(_toy(), 0), ValueError, "expected a memory-video dataset"),
    ("recall_frames: unknown episode", lambda: recall_frames(_one_scene(), 7), KeyError, "no episode 7"),
    ("memory_frame: unknown name", lambda: memory_frame(_one_scene().episode(0), "later"), ValueError, "unknown frame 'later'"),
    ("memory_frame: index past the episode", lambda: memory_frame(_one_scene().episode(0), 40), ValueError, "frame 40 outside episode 0"),
    ("memory_mask: grid that does not divide the image", lambda: memory_mask(_one_scene(), 0, grid=(5, 5)), ValueError, "dividing the mask's 64x64"),
    ("memory_mask: negative margin", lambda: memory_mask(_one_scene(), 0, margin=-1), ValueError, "margin must be an int >= 0"),
    ("patch_mask: zero grid", lambda: patch_mask(torch.zeros(8, 8, dtype=torch.bool), (0, 2)), ValueError, "got (0, 2)"),
    ("dilate_mask: fractional margin", lambda: dilate_mask(torch.zeros(8, 8, dtype=torch.bool), 1.5), ValueError, "got 1.5"),
    ("memory_latents: not a memory-video dataset", lambda: memory_latents(_toy(), _Cache(), "recall"), ValueError, "expected a memory-video dataset"),
    ("memory_latents: unknown frame name", lambda: memory_latents(_one_scene(), _Cache(), "later"), ValueError, "unknown frame 'later'"),
    ("labels: row without a cue", lambda: cue_labels([{"shape": "circle"}]), ValueError, "lacks 'cue'"),
    ("labels: cue outside the vocabulary", lambda: cue_labels([{"cue": "pink"}]), ValueError, "'pink'"),
    ("chance: no labels", lambda: cue_chance(torch.zeros(0, dtype=torch.long)), ValueError, "at least one label"),
    ("probe: tokens of another shape", lambda: _P(_X[:, :3]), ValueError, "patch tokens"),
    ("probe: zero width", lambda: CueProbe(4, 8, width=0), ValueError, "got 4, 8, 0, 6"),
    ("probe training: labels for other episodes", lambda: train_cue_probe(_P, _X, _Y[:4]), ValueError, "cue labels"),
    ("probe training: zero steps", lambda: train_cue_probe(_P, _X, _Y, steps=0), ValueError, "steps and batch_size must be >= 1"),
    ("probe accuracy: labels with a class axis", lambda: cue_probe_accuracy(_P, _X, _Y[:, None]), ValueError, "cue labels"),
]
