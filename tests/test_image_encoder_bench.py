"Smoke test of benchmarks/encoders.py: the image bench runs and prints one markdown row per preset and size."
import importlib.util
from pathlib import Path

import pytest


def _load_bench():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "encoders.py"
    spec = importlib.util.spec_from_file_location("argos_bench_encoders", path)
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod


def test_image_bench_table():
    bench = _load_bench()
    assert "image" in bench.BENCHES
    table = bench.main(["--presets", "tiny", "--size", "32", "48", "--batch", "2", "--iters", "1", "--warmup", "0", "--threads", "1"])
    rows = [l for l in table.splitlines() if l.startswith("| image")]
    assert len(rows) == 2 and "random init" in rows[0] and "32 px (4 patches)" in rows[0] and "48 px (9 patches)" in rows[1]


def test_bench_rejects_bad_size():
    with pytest.raises(SystemExit):
        _load_bench().parse_args(["--size", "30"])
