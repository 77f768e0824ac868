"""`hormonecli export`: names, refusals, --force, interruptions, the progress bar, and what it imports."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import invoke, run_cli

KINDS = [("anki", "deck.apkg"), ("html", "site"), ("markdown", "md")]


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def tmp(tmp_path):
    """An empty folder to export into (tmp_path also holds the state home)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("kind,name", KINDS)
def test_unknown_modules_fail_like_learn_does(runner, tmp, fixture_content, kind, name):
    result = invoke(runner, "export", kind, "alpah", "-o", str(tmp / name))
    assert result.exit_code == 2
    assert result.stderr == "hormonecli: error: no module named 'alpah'; did you mean 'alpha-axis'? (see 'hormonecli list')\n"
    assert list(tmp.iterdir()) == []


@pytest.mark.parametrize("kind,name", KINDS)
def test_an_existing_target_is_replaced_only_with_force(runner, tmp, fixture_content, kind, name):
    out = tmp / name
    assert invoke(runner, "export", kind, "alpha", "-o", str(out)).exit_code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*")) if out.is_dir() else out.read_bytes()
    result = invoke(runner, "export", kind, "-o", str(out))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "add --force to replace it" in result.stderr
    after = sorted(p.relative_to(out) for p in out.rglob("*")) if out.is_dir() else out.read_bytes()
    assert after == before
    result = invoke(runner, "export", kind, "all", "-o", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Wrote ") and result.stdout.count("\n") == 1
    if out.is_dir():
        assert (out / "beta-axis").is_dir()  # the new export, whole
    assert leftovers(tmp) == []


@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_force_never_empties_a_folder_an_export_did_not_make(runner, tmp, fixture_content, kind):
    mine = tmp / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    result = invoke(runner, "export", kind, "-o", str(mine), "--force")
    assert result.exit_code == 2
    assert result.stderr == f"hormonecli: error: refusing to replace {mine}: it holds files that are not a hormonecli export\n"
    assert [p.name for p in mine.iterdir()] == ["thesis.txt"]


def test_an_empty_folder_is_used_without_force(runner, tmp, fixture_content):
    out = tmp / "empty"
    out.mkdir()
    assert invoke(runner, "export", "html", "-o", str(out)).exit_code == 0
    assert (out / "index.html").is_file()


def test_the_deck_file_must_be_an_apkg(runner, tmp, fixture_content):
    result = invoke(runner, "export", "anki", "-o", str(tmp / "deck.zip"))
    assert result.exit_code == 2 and "must end in .apkg" in result.stderr


def test_a_bare_export_shows_its_commands(runner):
    result = invoke(runner, "export")
    assert result.exit_code == 0
    assert all(f"  {kind} " in result.stdout for kind in ("anki", "html", "markdown"))


def _interrupt_after(n: int):
    from hormonecli.export import html

    real = html.Site.files

    def files(self):
        for i, item in enumerate(real(self)):
            if i == n:
                raise KeyboardInterrupt
            yield item

    return files


def test_an_interrupted_export_leaves_nothing_half_written(runner, tmp, fixture_content, monkeypatch):
    from hormonecli.export import anki, html

    monkeypatch.setattr(html.Site, "files", _interrupt_after(5))
    result = invoke(runner, "export", "html", "-o", str(tmp / "site"))
    assert result.exit_code == 130 and result.stderr == "hormonecli: error: interrupted\n"
    assert list(tmp.iterdir()) == []

    def half_a_deck(package, path):
        path.write_bytes(b"PK half")
        raise KeyboardInterrupt

    monkeypatch.setattr(anki, "_write_package", half_a_deck)
    result = invoke(runner, "export", "anki", "-o", str(tmp / "deck.apkg"))
    assert result.exit_code == 130 and result.stderr == "hormonecli: error: interrupted\n"
    assert list(tmp.iterdir()) == []


def test_an_interrupted_force_keeps_the_previous_export(runner, tmp, fixture_content, monkeypatch):
    from hormonecli.export import html

    out = tmp / "site"
    assert invoke(runner, "export", "html", "beta", "-o", str(out)).exit_code == 0
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    monkeypatch.setattr(html.Site, "files", _interrupt_after(12))
    result = invoke(runner, "export", "html", "-o", str(out), "--force")
    assert result.exit_code == 130
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert leftovers(tmp) == []


@pytest.mark.parametrize("kind,name,total", [("anki", "deck.apkg", 8), ("html", "site", 22), ("markdown", "md", 20)])
def test_an_export_reports_its_progress_to_the_end(runner, tmp, fixture_content, monkeypatch, kind, name, total):
    """The CLI hands the run's progress line (the one reading the course uses) to the exporter,
    which counts up to its total; the line itself is tested in test_cache."""
    from hormonecli.context import Course

    calls: list[tuple[str, int, int]] = []
    monkeypatch.setattr(Course, "progress", lambda self: lambda what, done, of: calls.append((what, done, of)))
    assert invoke(runner, "export", kind, "-o", str(tmp / name)).exit_code == 0
    mine = [c for c in calls if c[0] == f"Exporting {kind}"]
    assert [(done, of) for _, done, of in mine] == [(done, total) for done in range(1, total + 1)]


def test_no_progress_on_a_pipe(tmp, fixture_content):
    piped = run_cli("export", "html", "-o", str(tmp / "piped"))
    assert piped.returncode == 0 and piped.stderr == ""


def test_other_commands_never_load_the_exporters():
    code = ("import sys\nfrom hormonecli.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('hormonecli.export') or m.split('.')[0] == 'genanki'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("name", ["walk", "output", "svg", "html", "markdown", "anki"])
def test_exporters_import_neither_rich_nor_typer(name):
    code = (f"import sys, hormonecli.export.{name}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'typer', 'click', 'genanki')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"  # genanki too: it is imported when a deck is written, not before


def test_the_current_folder_is_never_the_target(runner, tmp, fixture_content, monkeypatch):
    monkeypatch.chdir(tmp)
    result = invoke(runner, "export", "html", "-o", ".", "--force")
    assert result.exit_code == 2 and "holds the current folder" in result.stderr
    assert list(tmp.iterdir()) == []
