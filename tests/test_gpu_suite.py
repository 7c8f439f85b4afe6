"""Smoke test of benchmarks/gpu_suite.py: the whole suite at tiny sizes on the CPU, in a Python where `datasets` and `av`
cannot be imported (the GPU machine has neither), so the one GPU command stays importable and working."""
import json, os, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "benchmarks" / "gpu_suite.py"
# None in sys.modules makes `import datasets` / `import av` raise ImportError
RUN = "import sys, runpy; sys.modules.update(datasets=None, av=None); sys.argv = {argv!r}; runpy.run_path({path!r}, run_name='__main__')"
ROWS = ("matmul ceiling", "DiT-L training, eager, plain path", "DiT-L training, eager, fast path", "DiT-B training, eager, fast path",
        "image encoder tiny at 32 px, batch 1, ImageEncoder.forward", "image encoder tiny at 32 px, batch 4",
        "image encoder tiny at 32 px, batch 1, bf16 copy", "policy-step proxy, 1 steps, eager, plain path",
        "policy-step proxy, 2 steps, static step eager", "stage-2 rollout, 3 frames", "full-model policy step (proprio + action tokens), 1 steps",
        "DiT-L training, torch.compile (regional")


def test_gpu_suite_smoke(tmp_path):
    out = tmp_path / "suite.json"
    argv = ["gpu_suite.py", "--smoke", "--threads", "1", "--out", str(out)]
    r = subprocess.run([sys.executable, "-c", RUN.format(argv=argv, path=str(SUITE))], capture_output=True, text=True,
                       timeout=900, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert r.returncode == 0, r.stderr[-4000:]
    data = json.loads(out.read_text())
    whats = [row["what"] for row in data["rows"]]
    for frag in ROWS: assert any(w.startswith(frag) for w in whats), (frag, whats)
    assert all(row["ms"] > 0 for row in data["rows"]), data["rows"]
    assert data["ceiling_TFLOPs"] > 0 and all(0 < row["of_ceiling"] for row in data["rows"] if row["of_ceiling"] is not None)
    compiled = next(row for row in data["rows"] if "torch.compile" in row["what"])
    assert "0 graph breaks" in compiled["note"], compiled
    assert "| what | ms | TFLOP/s | of ceiling | notes |" in r.stdout


def test_flops_count_a_known_case():
    "dit_flops on a one-block, one-head toy: every matrix product counted by hand."
    sys.path.insert(0, str(SUITE.parent))
    try: import gpu_suite
    finally: sys.path.remove(str(SUITE.parent))
    from argos.dit import DiTConfig
    cfg = DiTConfig(in_dim=4, width=8, depth=1, heads=1, mlp_ratio=2.0, text_dim=3)
    N, K, M, W = 5, 7, 2, 8
    hand = (2 * N * W * 3 * W + 2 * N * W * W + 4 * N * K * W + 2 * N * W * 16 * 2          # self-attention and MLP
            + 2 * N * W * W + 2 * M * W * 2 * W + 4 * N * M * W + 2 * N * W * W             # cross-attention
            + 2 * N * 4 * W * 2)                                                             # embedding and head
    assert gpu_suite.dit_flops(cfg, N, K, M) == hand
    assert gpu_suite.vit_flops("tiny", 32) > 0
