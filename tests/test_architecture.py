"""The layers of docs/architecture.md, enforced: no import runs up a layer, there is no cycle,
the core imports neither Rich nor Typer, and rendering never touches SQLite.

One test module holds the whole layering check (ruff's banned-api rule repeats only the
Rich/Typer part, at edit time).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hormonecli"

#: Lowest first. A module may import modules of its own layer or below, never above.
LAYERS: list[tuple[str, ...]] = [
    ("hormonecli", "errors", "escapes", "paths"),
    ("courseware.model", "courseware.markup", "courseware.names", "courseware.evidence"),
    ("courseware.yamlread", "courseware.codec", "courseware.inline", "quiz.answers"),
    ("courseware.schema", "quiz.kinds"),
    ("courseware.loader",),
    ("courseware.library", "courseware.links", "cache"),
    ("courseware.lint", "courseware.content", "store", "migrations", "reading", "nextstep", "quiz.engine", "search.normalise", "search.query",
     "search.snippet", "search.lexicon"),
    ("search.build", "review", "export.*"),
    ("search.index", "progress", "transfer", "completion", "claims.*"),
    ("render.*",),
    ("context",),
    ("cli", "cli.*", "__main__", "prebuild"),
]
#: The core: everything below rendering and the CLI.
CORE_LAYERS = len(LAYERS) - 3


def _name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts) or "hormonecli"


MODULES = {_name(p): p for p in SRC.rglob("*.py")}


#: Sub-packages whose __init__ is empty. `cli` is the exception: its __init__ is the entry point.
PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py" and name not in ("hormonecli", "cli")}


def layer_of(name: str) -> int:
    if name in PACKAGES:
        return 0  # empty (see test_packages_are_empty): importing one costs nothing
    for i, names in enumerate(LAYERS):
        for pattern in names:
            if name == pattern or (pattern.endswith(".*") and name.startswith(pattern[:-1])):
                return i
    raise AssertionError(f"hormonecli.{name} has no layer: add it to LAYERS and docs/architecture.md")


def _imports(path: Path) -> set[str]:
    """hormonecli modules imported at run time (imports under `if TYPE_CHECKING:` are annotations only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for full in names:
            if full == "hormonecli" or full.startswith("hormonecli."):
                short = full[len("hormonecli."):] if full != "hormonecli" else "hormonecli"
                if short in MODULES:
                    found.add(short)
    return found


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def test_packages_are_empty():
    """Sub-package __init__ files hold nothing, so importing one module never imports its siblings."""
    for name in PACKAGES:
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        body = [n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
        assert not body, f"hormonecli/{name.replace('.', '/')}/__init__.py should be empty"


def test_every_module_has_a_layer():
    for name in MODULES:
        layer_of(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_runs_up_a_layer(name):
    mine = layer_of(name)
    up = sorted(f"{other} (layer {layer_of(other)})" for other in GRAPH[name] if layer_of(other) > mine)
    assert not up, f"hormonecli.{name} (layer {mine}) imports {', '.join(up)}"


def test_there_is_no_import_cycle():
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [])


def test_core_imports_neither_rich_nor_typer():
    """Every core module in one fresh process: importing it loads no rich, typer or click."""
    core = sorted(n for n in MODULES if layer_of(n) < CORE_LAYERS and n != "hormonecli")
    code = ("import importlib, sys\nbad = {}\n"
            f"for name in {core!r}:\n"
            "    before = set(sys.modules)\n"
            "    importlib.import_module('hormonecli.' + name)\n"
            "    new = [m for m in set(sys.modules) - before if m.split('.')[0] in ('rich', 'typer', 'click')]\n"
            "    if new: bad[name] = sorted(new)[:3]\n"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "{}", out.stdout


def test_only_the_cli_names_typer_and_only_render_names_rich():
    for name, path in MODULES.items():
        roots = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots.add(node.module.split(".")[0])
        cli = name == "cli" or name.startswith("cli.")
        if not cli:
            assert not roots & {"typer", "click"}, f"{name} imports Typer or Click"
        if not name.startswith("render.") and not cli:
            assert "rich" not in roots, f"{name} imports Rich"
        if name.startswith("render."):
            assert "sqlite3" not in roots, f"{name} imports sqlite3"


def test_cli_imports_no_rich_at_start():
    code = "import sys, hormonecli.cli; print(any(m.split('.')[0] == 'rich' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_private_typer_names():
    """Only Typer's public API: its private modules (typer._click, typer._completion_*) change without notice."""
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                used = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                used = [a.name for a in node.names]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "typer":
                used = [f"typer.{node.attr}"]
            else:
                continue
            private = [u for u in used if u.startswith("typer.") and any(p.startswith("_") for p in u.split(".")[1:])]
            assert not private, f"hormonecli.{name} uses {private[0]}"
