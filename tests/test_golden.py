"""Rendered pages compared with golden files, so a change in how lessons look is never silent.

After an intended change: HORMONECLI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py, then
read the diff of tests/golden/ before committing it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_cli

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "alpha-fundamentals-80.txt": ([], "80"),
    "alpha-fundamentals-40.txt": ([], "40"),
    "alpha-fundamentals-plain-80.txt": (["--plain"], "80"),
    "alpha-fundamentals-200.txt": ([], "200"),  # a wide terminal: the lesson keeps its measure
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rendered_lessons_match_their_golden_files(fixture_content, name):
    flags, width = CASES[name]
    out = run_cli(*flags, "learn", "alpha", "--level", "fundamentals", "--print",
                  env={"HORMONECLI_BUILTIN_CONTENT": str(fixture_content), "COLUMNS": width})
    assert out.returncode == 0, out.stderr
    path = GOLDEN / name
    if os.environ.get("HORMONECLI_UPDATE_GOLDEN"):
        path.write_text(out.stdout, encoding="utf-8")
    assert out.stdout == path.read_text(encoding="utf-8"), f"{name} changed; see the module docstring"
