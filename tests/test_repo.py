"""Repository-level checks: the library is in sync with its notebooks, notebooks are clean, the README
matches the front-page notebook, and the package installs with version ranges only (never a torch pin)."""
import json, os, shutil, subprocess, sys, zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _snapshot(root: Path) -> dict:
    files = list((root / "nbs").rglob("*.ipynb")) + list((root / "argos").rglob("*.py"))
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files if ".ipynb_checkpoints" not in p.parts}


def test_export_and_clean_change_nothing(tmp_path):
    "nbdev_export and nbdev_clean on a copy of the repo leave every notebook and module byte-identical."
    work = tmp_path / "repo"
    work.mkdir()
    for name in ("settings.ini", "nbs", "argos"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, work / name)
    before = _snapshot(work)
    for cmd in ("nbdev_export", "nbdev_clean"):
        subprocess.run([str(BIN / cmd)], cwd=work, check=True, capture_output=True)
    after = _snapshot(work)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"edit the notebooks, then run nbdev_export and nbdev_clean; these differ: {changed}"


def test_no_orphan_modules():
    "Every module in argos/ is exported by a notebook (a renamed notebook must take its module with it)."
    exported = set()
    for nb in (ROOT / "nbs").glob("*.ipynb"):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("#| default_exp"): exported.add(line.split()[-1])
    modules = {p.relative_to(ROOT / "argos").with_suffix("").as_posix().replace("/", ".")
               for p in (ROOT / "argos").rglob("*.py")} - {"__init__", "_modidx"}
    modules = {m for m in modules if not m.endswith("__init__")}
    assert modules <= exported, f"modules without a notebook: {sorted(modules - exported)}"


def test_readme_matches_index():
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_readme.py"), "--check"], check=True)


def test_wheel_requires_ranges_not_a_torch_pin(tmp_path):
    "pip install argos keeps the user's torch: requirements are ranges; dev pins live in constraints-dev.txt."
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("argos-*.whl")
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith("METADATA"))
        requires = [l.split(":", 1)[1].strip() for l in z.read(meta).decode().splitlines() if l.startswith("Requires-Dist:")]
        names = z.namelist()
    runtime = [r for r in requires if "extra ==" not in r]
    torch_req = [r for r in runtime if r.split(">")[0].split("=")[0].split("<")[0].strip() == "torch"]
    assert torch_req and all("==" not in r for r in torch_req), torch_req
    assert not any("==" in r for r in runtime), f"runtime requirements must be ranges: {runtime}"
    assert "argos/core.py" in names and "argos/_modidx.py" in names


def test_built_wheel_imports_every_module(tmp_path):
    "The built wheel carries the whole library: install it into a folder and import each module from there."
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("argos-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    modules = sorted(p.stem for p in (target / "argos").glob("*.py") if not p.stem.startswith("_"))
    assert "core" in modules and "cli" in modules, modules
    code = ("import importlib, argos; assert argos.__file__.startswith(%r), argos.__file__; "
            "[importlib.import_module('argos.' + m) for m in %r]" % (str(target), modules))
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)})


def _git_url() -> str:
    import configparser
    cp = configparser.ConfigParser(); cp.read(ROOT / "settings.ini")
    return cp["DEFAULT"]["git_url"]


def test_every_notebook_installs_itself_on_colab(monkeypatch):
    """Each notebook but the front page opens with its title, then a hidden cell that pip-installs argos (with the
    simulators) from this repository on Colab and does nothing anywhere else; the front page links every notebook."""
    nbs = sorted(p for p in (ROOT / "nbs").glob("*.ipynb") if p.name != "index.ipynb")
    index = (ROOT / "nbs" / "index.ipynb").read_text()
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    for p in nbs:
        cells = json.loads(p.read_text())["cells"]
        assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# "), f"{p.name}: title first"
        src = "".join(cells[1]["source"])
        assert cells[1]["cell_type"] == "code" and src.startswith("#| hide") and "google.colab" in src, f"{p.name}: no Colab cell"
        assert f"argos[sim] @ git+{_git_url()}" in src, f"{p.name}: the Colab cell must install this repository"
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
        exec(compile(src, p.name, "exec"), {})                               # not on Colab: nothing runs
        assert not calls, f"{p.name}: the Colab cell ran pip outside Colab"
        monkeypatch.setitem(sys.modules, "google.colab", object())
        exec(compile(src, p.name, "exec"), {})                               # on Colab: exactly one pip install
        assert len(calls) == 1 and "pip" in calls[0][0], f"{p.name}: expected one pip install on Colab, got {calls}"
        calls.clear()
        colab = f"colab.research.google.com/github/{_git_url().split('github.com/')[1]}/blob/main/nbs/{p.name}"
        assert colab in index, f"index.ipynb does not link {p.name} on Colab ({colab})"
