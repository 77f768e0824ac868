"""How a page is laid out: a readable measure on wide terminals, and tables that never break a word,
in --print and in the pager, at 80 and 40 columns."""
from __future__ import annotations

import io

import pytest

from conftest import invoke, strip_ansi
from hormonecli.courseware import model as m
from hormonecli.render.lines import MEASURE


@pytest.fixture(scope="module")
def library():
    from hormonecli.courseware.content import Content

    return Content().library


def table_words(library, module: m.Module, table: m.Table) -> set[str]:
    """Every word a table shows (its cells and headers as rendered: terms and citations resolved).
    The first column's header is left out: stacked rows use the first cell itself as their heading."""
    from hormonecli.render.text import Inline

    inline = Inline(library, module)
    cells = [*table.columns[1:], *(c for row in table.rows for c in row)]
    return {w for c in cells for w in inline(c).plain.split()}


def shown_words(text: str) -> set[str]:
    words = set(strip_ansi(text).replace("│", " ").split())
    return words | {w.rstrip(":") for w in words}


def tables(library):
    for mod in library.modules:
        for page in mod.pages:
            for block in page.blocks:
                if isinstance(block, m.Table):
                    yield mod, page, block


def test_the_shipped_course_has_tables_wide_enough_to_matter(library):
    widest = max(len(t.columns) for _, _, t in tables(library))
    assert len(list(tables(library))) > 30 and widest >= 4


@pytest.mark.parametrize("width", ["80", "40"])
def test_printed_tables_never_break_a_word(runner, library, width):
    for mod in library.modules:
        out = invoke(runner, "learn", mod.slug, "--print", env={"COLUMNS": width})
        assert out.exit_code == 0
        shown = shown_words(out.stdout)
        assert max(len(line) for line in out.stdout.splitlines()) <= int(width)
        for _, page, table in [t for t in tables(library) if t[0] is mod]:
            broken = table_words(library, mod, table) - shown
            assert not broken, f"{mod.slug}/{page.id} at {width}: {sorted(broken)[:5]}"


@pytest.mark.parametrize("columns", [80, 40])
def test_the_pager_draws_tables_without_breaking_a_word(library, monkeypatch, columns):
    import os

    from hormonecli.render.commands import Commands
    from hormonecli.render.pager import Pager
    from hormonecli.render.text import Style

    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((columns, 24)))
    for mod, page, table in tables(library):
        pager = Pager(library, mod, page, Style(), Commands([]), out=io.StringIO(), stdin_fd=0)
        lines, _ = pager._page_lines(page, pager._width())
        assert max(len(strip_ansi(line)) for line in lines) <= columns - 1
        broken = table_words(library, mod, table) - shown_words("\n".join(lines))
        assert not broken, f"{mod.slug}/{page.id} at {columns}: {sorted(broken)[:5]}"


def test_printed_prose_keeps_the_measure_on_a_wide_terminal(runner):
    out = invoke(runner, "learn", "hpg", "--level", "fundamentals", "--print", env={"COLUMNS": "200"})
    widths = [len(line) for line in out.stdout.splitlines()]
    assert max(widths) <= MEASURE <= 100
    assert max(widths) >= MEASURE - 10  # the measure is used
    narrow = invoke(runner, "learn", "hpg", "--level", "fundamentals", "--page", "1", "--print",
                    env={"COLUMNS": "200"})
    assert max(len(line.rstrip()) for line in narrow.stdout.splitlines()) <= MEASURE


def test_a_table_takes_its_natural_width_then_shares_then_stacks():
    from rich.text import Text

    from hormonecli.render.page import FairTable
    from hormonecli.render.text import Style

    table = FairTable([Text("Name"), Text("What it does")],
                      [[Text("Leydig cell"), Text("Makes testosterone when LH arrives")],
                       [Text("Supraphysiological"), Text("Above the body's own range")]], Style())
    natural = table.widths(200)
    assert natural == [len("Supraphysiological"), len("Makes testosterone when LH arrives")]
    squeezed = table.widths(40)
    assert squeezed is not None and squeezed[0] >= len("Supraphysiological")
    assert sum(squeezed) + table.overhead() <= 40
    assert table.widths(24) is None  # the longest words cannot sit side by side: rows are stacked


def test_a_table_is_laid_out_the_same_whatever_rich_does_with_column_padding():
    """FairTable draws its own columns (rich 13.8 and 15 pad a fixed-width column differently);
    rows that wrap onto several lines are set apart by a blank line, single-line rows are not."""
    from rich.console import Console
    from rich.text import Text

    from hormonecli.render.page import FairTable
    from hormonecli.render.text import Style

    def draw(rows, width, plain=False):
        console = Console(width=width, color_system=None, legacy_windows=False)
        with console.capture() as cap:
            console.print(FairTable([Text("Age"), Text("Alpha")], [[Text(a), Text(b)] for a, b in rows], Style(plain=plain)))
        return [line.rstrip() for line in cap.get().split("\n")]

    short = [("Young", "High"), ("Old", "Lower")]
    assert draw(short, 80) == ["", " Age     Alpha", " " + "─" * 13, " Young   High", " Old     Lower", "", ""]
    assert draw(short, 80, plain=True) == ["Age    Alpha", "Young  High", "Old    Lower", ""]
    tall = draw([("Young", "High in the morning and lower at night"), ("Old", "Lower")], 24)
    assert tall == ["", " Age     Alpha", " " + "─" * 22, " Young   High in the", "         morning and",
                    "         lower at night", "", " Old     Lower", "", ""]
