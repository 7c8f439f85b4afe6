"""Write README.md from nbs/index.ipynb (Quarto, which nbdev_readme needs, is not available here).

Markdown cells are copied, code cells become ```python blocks, cells marked `#| hide` are left out and
nbdev directive lines are dropped. `python scripts/make_readme.py --check` exits 1 if README.md is stale.
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]


def render(nb_path: Path) -> str:
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    parts = []
    for cell in cells:
        src = "".join(cell["source"])
        lines = src.splitlines()
        if any(l.strip() in ("#| hide", "#|hide") for l in lines): continue
        if cell["cell_type"] == "markdown":
            parts.append(src.strip())
        elif cell["cell_type"] == "code":
            code = "\n".join(l for l in lines if not l.lstrip().startswith("#|")).strip()
            if code: parts.append(f"```python\n{code}\n```")
    header = "<!-- generated from nbs/index.ipynb by scripts/make_readme.py: edit the notebook, not this file -->"
    return header + "\n\n" + "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    text = render(root / "nbs" / "index.ipynb")
    readme = root / "README.md"
    if "--check" in sys.argv:
        if readme.read_text(encoding="utf-8") != text:
            sys.exit("README.md is out of date with nbs/index.ipynb: run python scripts/make_readme.py")
    else:
        readme.write_text(text, encoding="utf-8")
