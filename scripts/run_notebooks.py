"""Execute notebooks in place so that their committed outputs (plots, tables, numbers) show what the code does.

Runs each notebook in a fresh in-process kernel from the `nbs/` folder, skipping the cells that `nbdev_test`
skips (`#| slow`, `#| gpu`, `#| eval: false`), then writes the outputs back; run `nbdev_clean` afterwards.
Progress bars are stored as a terminal would show them: only the last state of each line.
Usage: python scripts/run_notebooks.py [--tidy-only] [nbs/01_image_encoder.ipynb ...]   (default: every notebook)
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


def _last_states(text: str) -> str:
    "What a terminal shows of `text`: each line's content after its last carriage return."
    lines = [line.rstrip("\r").split("\r")[-1] for line in text.split("\n")]
    return "\n".join(lines)


def tidy(nb) -> None:
    "Collapse carriage-return progress output in every stream output of `nb`."
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
                if "\r" in text: out["text"] = _last_states(text)


def run(path: Path) -> float:
    nb = read_nb(path)
    t0 = time.time()
    cwd = os.getcwd()
    os.chdir(path.parent)
    for cell in nb.cells:  # execnb only replaces the outputs of cells that print: clear them all first, so none is stale
        if cell.cell_type == "code": cell.outputs, cell.execution_count = [], None
    try:
        shell = CaptureShell(path)
        shell.run_all(nb, exc_stop=True, preproc=_skip)
    finally:
        os.chdir(cwd)
    tidy(nb)
    write_nb(nb, path)
    return time.time() - t0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--tidy-only"]
    paths = [Path(p).resolve() for p in args] or sorted((ROOT / "nbs").glob("*.ipynb"))
    for p in paths:
        if "--tidy-only" in sys.argv:
            nb = read_nb(p); tidy(nb); write_nb(nb, p)
        else:
            print(f"{p.name}: {run(p):.0f} s", flush=True)
