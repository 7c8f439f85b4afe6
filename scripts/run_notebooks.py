"""Execute notebooks in place so that their committed outputs (plots, tables, numbers) show what the code does.

Runs each notebook in a fresh in-process kernel from the `nbs/` folder, skipping the cells that `nbdev_test`
skips (`#| slow`, `#| gpu`, `#| eval: false`), then writes the outputs back; run `nbdev_clean` afterwards.
Usage: python scripts/run_notebooks.py [nbs/01_image_encoder.ipynb ...]   (default: every notebook)
Set ARGOS_SIZE / IN_TEST as for any run: without IN_TEST the notebooks train at their tiny (CPU) budget.
"""
import os, sys, time
from pathlib import Path

from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"slow", "gpu"}


def _skip(cell) -> bool:
    if cell.cell_type != "code": return True
    lines = [l.strip() for l in cell.source.splitlines() if l.strip().startswith("#|")]
    flags = {l[2:].strip() for l in lines}
    return bool(flags & SKIP) or any(f.replace(" ", "") == "eval:false" for f in flags)


def run(path: Path) -> float:
    nb = read_nb(path)
    t0 = time.time()
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        shell = CaptureShell(path)
        shell.run_all(nb, exc_stop=True, preproc=_skip)
    finally:
        os.chdir(cwd)
    write_nb(nb, path)
    return time.time() - t0


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted((ROOT / "nbs").glob("*.ipynb"))
    for p in paths:
        print(f"{p.name}: {run(p):.0f} s", flush=True)
