"""Start-up: what the CLI and the core import (checked in a fresh process, never timed)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    code = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=os.environ.copy())
    return set(out.stdout.split())


def test_importing_the_cli_imports_no_rich():
    mods = _modules_after("import hormonecli.cli")
    assert not {m for m in mods if m.split(".")[0] == "rich"}
    assert not {m for m in mods if m.split(".")[0] == "yaml"}
    assert "hormonecli.courseware.model" not in mods


def test_search_path_with_a_fresh_index_parses_no_yaml(fixture_content):
    from hormonecli.courseware.content import Content
    from hormonecli.search import index

    index.open_index(Content())  # build it
    code = ("from hormonecli.cli import main\n"
            "try:\n    main(['search', 'gland'])\nexcept SystemExit as e:\n    assert e.code == 0\n")
    mods = _modules_after(code)
    assert not {m for m in mods if m.split(".")[0] in ("yaml", "rapidfuzz")}
    assert not {"hormonecli.courseware.model", "hormonecli.courseware.loader", "hormonecli.courseware.links",
                "hormonecli.render.screens"} & mods


@pytest.mark.parametrize("argv", [["list"], ["search", "gland"], ["define", "gland"], [], ["learn", "alpha", "--print"], ["progress"],
                                  ["claims"], ["claims", "--label", "not", "--json"],
                                  ["claims", "beta tablets bring back your twenties"], ["claims", "pizza"]])
def test_quick_commands_on_warm_caches_load_no_rich_yaml_or_model(fixture_content, argv):
    """Once caches are warm, the quick commands stay off Rich, YAML and the content model entirely."""
    code = ("from hormonecli.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n")
    _modules_after(code)  # first run builds the caches
    mods = _modules_after(code)
    heavy = {m for m in mods if m.split(".")[0] in ("rich", "yaml", "rapidfuzz", "fsrs")}
    heavy |= {"hormonecli.courseware.model", "hormonecli.courseware.loader"} & mods
    assert not heavy, f"{argv}: {sorted(heavy)}"


@pytest.mark.parametrize("line", ["hormonecli learn a", "hormonecli define gl", "hormonecli learn alpha --page "])
def test_tab_completion_on_warm_caches_loads_no_rich_yaml_or_model(fixture_content, monkeypatch, line):
    """Completion runs the program on every Tab: it reads names from the caches only."""
    words = line.split()
    monkeypatch.setenv("_HORMONECLI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(words) if line.endswith(" ") else len(words) - 1))
    code = ("from hormonecli.cli import main\n"
            "try:\n    main([])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n")
    _modules_after(code)  # first run builds the caches
    mods = _modules_after(code)
    heavy = {m for m in mods if m.split(".")[0] in ("rich", "yaml", "rapidfuzz", "fsrs")}
    heavy |= {"hormonecli.courseware.model", "hormonecli.courseware.loader"} & mods
    assert not heavy, f"{line}: {sorted(heavy)}"
    assert "hormonecli.completion" in mods


@pytest.mark.parametrize("argv, stdin", [(["list"], ""), (["quiz", "alpha", "--count", "1"], "a\n"),
                                         (["progress", "--json"], ""), (["--help"], "")])
def test_no_command_imports_pydantic(fixture_content, argv, stdin):
    """Typer 0.29 validates every parameter through pydantic on each run (about +80 ms a command);
    the pin typer<0.29 keeps it out, and this fails the day an upgrade brings it back."""
    code = ("import sys, io\nsys.stdin = io.StringIO(" + repr(stdin) + ")\n"
            "from hormonecli.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n")
    mods = _modules_after(code)
    assert "typer" in mods and not {m for m in mods if m.split(".")[0] == "pydantic"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule applies on Linux")
@pytest.mark.parametrize("xdg", [None, "", "   ", "/tmp/xdg-here"])
def test_the_xdg_folders_are_the_ones_platformdirs_gives(monkeypatch, tmp_path, xdg):
    """paths.user_dir applies the XDG rule itself (platformdirs costs ~4 ms to import); it must
    give exactly what platformdirs gives, with the variables unset, blank or set."""
    import platformdirs

    from hormonecli import paths

    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME"):
        if xdg is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, xdg)
    assert paths.user_dir("data") == platformdirs.user_data_path("hormonecli", appauthor=False)
    assert paths.user_dir("cache") == platformdirs.user_cache_path("hormonecli", appauthor=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule applies on Linux")
def test_a_command_without_hormonecli_home_does_not_import_platformdirs(fixture_content, monkeypatch, tmp_path):
    for var in ("HORMONECLI_HOME", "HORMONECLI_CACHE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    code = ("from hormonecli.cli import main\n"
            "try:\n    main(['search', 'gland'])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n")
    mods = _modules_after(code)
    assert "platformdirs" not in mods
    assert (tmp_path / ".cache" / "hormonecli").is_dir()  # the caches went where platformdirs would put them
