"Smoke test of benchmarks/encoders.py: the image bench runs and prints one markdown row per preset and size."
import pytest


def test_image_bench_table(load_benchmark):
    bench = load_benchmark("encoders")
    assert "image" in bench.BENCHES
    table = bench.main(["--presets", "tiny", "--size", "32", "48", "--batch", "2", "--iters", "1", "--warmup", "0", "--threads", "1"])
    rows = [l for l in table.splitlines() if l.startswith("| image")]
    assert len(rows) == 2 and "random init" in rows[0] and "32 px (4 patches)" in rows[0] and "48 px (9 patches)" in rows[1]


def test_bench_rejects_bad_size(load_benchmark):
    with pytest.raises(SystemExit):
        load_benchmark("encoders").parse_args(["--size", "30"])
