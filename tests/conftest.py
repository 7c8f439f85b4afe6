"Shared pytest helpers."
import importlib.util
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def load_benchmark():
    "A function `name -> module`: imports `benchmarks/<name>.py` by path (the benchmarks are scripts, not a package)."
    def load(name: str):
        spec = importlib.util.spec_from_file_location(f"argos_bench_{name}", BENCHMARKS / f"{name}.py")
        mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
        return mod
    return load
