"""Layers are enforced: the core imports neither rich nor typer; rendering imports no sqlite3."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hormonecli"
CORE = ["model", "markup", "escapes", "loader", "library", "lint", "links", "store", "paths", "errors"]
for optional in ("search", "quiz", "review", "progress"):
    if (SRC / f"{optional}.py").exists():
        CORE.append(optional)


@pytest.mark.parametrize("name", CORE)
def test_core_module_imports_neither_rich_nor_typer(name):
    code = (f"import sys, hormonecli.{name}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'typer', 'click'));"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"hormonecli.{name} pulls in {out.stdout.strip()}"


def test_core_sources_never_name_rich_or_typer():
    for name in CORE:
        tree = ast.parse((SRC / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert not roots & {"rich", "typer", "click"}, f"{name}.py imports {roots}"


@pytest.mark.parametrize("name", sorted(p.stem for p in (SRC / "render").glob("*.py") if p.stem != "__init__"))
def test_render_never_imports_sqlite(name):
    assert "sqlite3" not in (SRC / "render" / f"{name}.py").read_text()
    code = f"import sys, hormonecli.render.{name}; print('sqlite3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"hormonecli.render.{name} loads sqlite3 when imported"


def test_cli_imports_no_rich_at_start():
    code = "import sys, hormonecli.cli; print(any(m.split('.')[0] == 'rich' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
