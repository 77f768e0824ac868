"""The pager's `/` search, in-process: which match comes first, how n/N go round, how matches are marked."""
from __future__ import annotations

import io
import os

import pytest

from hormonecli.render import find


@pytest.fixture
def pager_at(monkeypatch):
    from hormonecli.courseware.content import Content
    from hormonecli.render.commands import Commands
    from hormonecli.render.pager import Pager
    from hormonecli.render.text import Style

    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((80, 24)))
    library = Content().library

    def make(slug: str, level: str, number: int) -> Pager:
        mod = library.module(slug)
        return Pager(library, mod, mod.level(level).pages[number - 1], Style(), Commands([]), out=io.StringIO(),
                     stdin_fd=0)

    return make


def where(pager) -> tuple[str, int]:
    return pager.place.page.level, pager.place.page.number


def test_this_level_comes_first_even_behind_the_reader_then_the_other_levels(pager_at):
    pager = pager_at("hpg-axis", "intermediate", 3)
    pager._search("carried")  # on intermediate page 2 (behind) and in fundamentals
    assert where(pager) == ("intermediate", 2) and pager.message.startswith("match 1/")
    seen = [where(pager)]
    for _ in range(len(pager.search.matches) - 1):
        pager._next_match(+1)
        seen.append(where(pager))
    assert seen[-1][0] != "intermediate" and "fundamentals" in {lv for lv, _ in seen}
    pager._next_match(+1)
    assert where(pager) == ("intermediate", 2) and pager.message.startswith("round again: match 1/")
    pager._next_match(-1)
    assert pager.message.startswith(f"back to the last: match {len(pager.search.matches)}/")


def test_the_first_match_is_at_or_after_the_reader(pager_at):
    pager = pager_at("hpg-axis", "fundamentals", 1)
    pager._search("gnrh")
    assert where(pager) == ("fundamentals", 1) and pager.search.matches[0][0].number == 1
    ahead = [(p.level, p.number) for p, _ in pager.search.matches if p.level == "fundamentals"]
    assert ahead == sorted(ahead)


def test_nothing_found_says_so_and_ends_the_search(pager_at):
    pager = pager_at("hpg-axis", "fundamentals", 1)
    pager._search("gnrh")
    pager._search("no-such-word")
    assert pager.message == "'no-such-word' is not in hpg-axis" and not pager.search and not pager.search.matches


def test_marks_keep_the_colours_around_them_and_fold_case():
    line = "a \x1b[36mGnRH\x1b[0m pulse, then \x1b[1mgn\x1b[0mrh"
    marked = find.mark(line, "GNRH")
    assert find.plain(marked) == find.plain(line)
    assert marked.count(find.MARK_ON + "GnRH") == 1 and marked.count(find.MARK_OFF) == 2
    assert find.find([line, "nothing here"], "gnrh") == [0]
