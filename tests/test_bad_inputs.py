"""The bad-input table: every public entry point fed a wrong value must raise a clear error.

Each `tests/bad_inputs/cases_<area>.py` holds `CASES = [(name, fn, ExceptionType, fragment), ...]`: calling `fn()`
must raise `ExceptionType` (or a subclass) whose message contains `fragment` (case-insensitive). The table grows with
the API; `python tests/test_bad_inputs.py` prints it with the count per area."""
import importlib.util, re, sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "bad_inputs"


def load_cases() -> list[tuple[str, str, object, type, str]]:
    "(area, name, fn, exception type, message fragment) for every case in every `cases_*.py`."
    out = []
    for path in sorted(HERE.glob("cases_*.py")):
        spec = importlib.util.spec_from_file_location(f"bad_inputs_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        area = path.stem.removeprefix("cases_")
        for case in mod.CASES:
            name, fn, exc, fragment = case
            out.append((area, name, fn, exc, fragment))
    return out


CASES = load_cases()


@pytest.mark.parametrize("area,name,fn,exc,fragment", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_bad_input_raises_clear_error(area, name, fn, exc, fragment):
    with pytest.raises(exc) as info:
        fn()
    msg = str(info.value)
    assert fragment.lower() in msg.lower(), f"{area}:{name}: expected {exc.__name__} mentioning {fragment!r}, got {msg!r}"


def test_table_is_not_empty():
    assert len(CASES) > 0


if __name__ == "__main__":
    areas = {}
    for area, name, _, exc, fragment in CASES: areas.setdefault(area, []).append((name, exc.__name__, fragment))
    for area, rows in areas.items():
        print(f"\n## {area} ({len(rows)})\n| input | error | message names |\n|---|---|---|")
        for name, exc, fragment in rows: print(f"| {name} | {exc} | {fragment} |")
    print(f"\n{len(CASES)} bad inputs, each with a clear error")
