"""Reading that means reading: the rule, the tracker the pager feeds (with an injected clock, never
sleeping), the pager itself in a pseudo-terminal, and the store's migration of older state."""
from __future__ import annotations

import io
import json
import os
import sqlite3

import pexpect
import pytest

from conftest import FIXTURE_CONTENT, invoke, spawn_pager
from hormonecli import reading
from hormonecli import store as st
from hormonecli.migrations import READING_SCHEMA


class Clock:
    """A clock that moves only when told to (or by `step` at each reading)."""

    def __init__(self, step: float = 0.0):
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture(scope="module")
def alpha():
    from hormonecli.courseware.library import load

    lib, _ = load([FIXTURE_CONTENT])
    return lib, lib.module("alpha-axis")


# -- the rule ---------------------------------------------------------------------------

def test_time_needed_grows_with_the_page_and_has_a_floor():
    assert reading.seconds_needed(0) == reading.MIN_SECONDS
    assert reading.seconds_needed(500) == pytest.approx(60.0)
    assert reading.seconds_needed(1000) == pytest.approx(120.0)


@pytest.mark.parametrize("seconds,end,held,read", [
    (2.0, False, 0.0, False),     # flipped past
    (59.0, False, 0.0, False),    # nearly, not quite
    (60.0, False, 0.0, True),     # long enough for 500 words
    (30.0, True, 3.0, True),      # scrolled to the end and held there: twice the pace counts
    (30.0, True, 1.0, False),     # ... but not without the hold
    (20.0, True, 10.0, False),    # ... nor faster than twice the pace
    (10.0, False, 10.0, False),   # holding without having scrolled there means nothing
])
def test_the_rule(seconds, end, held, read):
    assert reading.is_read(500, seconds, scrolled_to_end=end, held=held) is read


def test_words_counts_every_block_of_a_page(alpha):
    _lib, mod = alpha
    overview = mod.page("overview")
    assert reading.words(overview) > 20  # paragraph, heading, list and the diagram's labels


# -- the tracker ------------------------------------------------------------------------

def test_skimming_marks_pages_visited_but_not_read(tmp_path, alpha):
    _lib, mod = alpha
    store = st.Store(tmp_path / "state.db")
    clock = Clock()
    tracker = reading.Tracker(store, clock=clock)
    for page in mod.level("fundamentals").pages:
        store.set_position(mod.slug, page.level, page.id)
        tracker.frame(page)
        clock.now += 0.4  # a key press later
    tracker.close()
    assert store.pages_read() == {}
    assert store.pages_visited() == {("alpha-axis", "fundamentals"): {"overview", "levels-with-age", "summary"}}


def test_staying_long_enough_marks_a_page_read_at_once(tmp_path, alpha):
    _lib, mod = alpha
    store = st.Store(tmp_path / "state.db")
    clock = Clock()
    page = mod.page("overview")
    need = reading.seconds_needed(reading.words(page))
    tracker = reading.Tracker(store, clock=clock)
    tracker.frame(page)
    clock.now += need - 1
    tracker.frame(page)  # a redraw (a scroll, a resize) on the same page
    assert not tracker.is_read("alpha-axis", "overview")
    clock.now += 2
    tracker.frame(page)
    assert tracker.is_read("alpha-axis", "overview")
    assert store.pages_read() == {("alpha-axis", "fundamentals"): {"overview"}}  # saved before leaving


def test_time_in_help_does_not_count_and_visits_add_up(tmp_path, alpha):
    _lib, mod = alpha
    store = st.Store(tmp_path / "state.db")
    page = mod.page("overview")
    need = reading.seconds_needed(reading.words(page))
    clock = Clock()
    tracker = reading.Tracker(store, clock=clock)
    tracker.frame(page, showing=False)  # the help screen over the page
    clock.now += need * 5
    tracker.frame(page)
    clock.now += need * 0.6
    tracker.close()
    assert store.pages_read() == {}
    assert store.reading("alpha-axis", "overview")[0] == pytest.approx(need * 0.6)
    again = reading.Tracker(store, clock=clock)  # another session: the time adds up
    again.frame(page)
    clock.now += need * 0.5
    again.close()
    assert store.pages_read() == {("alpha-axis", "fundamentals"): {"overview"}}


def test_scrolling_to_the_end_and_holding_counts_at_twice_the_pace(tmp_path, alpha):
    _lib, mod = alpha
    store = st.Store(tmp_path / "state.db")
    page = mod.page("overview")
    need = reading.seconds_needed(reading.words(page))
    clock = Clock()
    tracker = reading.Tracker(store, clock=clock)
    tracker.frame(page, top=0, bottom=30)
    clock.now += need / 2 - reading.HOLD_SECONDS
    tracker.frame(page, top=30, bottom=30)  # at the end
    clock.now += reading.HOLD_SECONDS - 0.5
    tracker.frame(page, top=29, bottom=30)  # scrolled back up before the hold was up
    clock.now += 0.1
    tracker.frame(page, top=30, bottom=30)
    assert not tracker.is_read("alpha-axis", "overview")
    clock.now += reading.HOLD_SECONDS
    tracker.frame(page, top=30, bottom=30)
    assert tracker.is_read("alpha-axis", "overview")


def test_a_store_that_fails_never_stops_the_reader(tmp_path, alpha):
    from hormonecli.errors import StateError

    class Broken:
        def reading(self, module, page):
            raise StateError("locked")

    _lib, mod = alpha
    tracker = reading.Tracker(Broken(), clock=Clock(step=100))  # type: ignore[arg-type]
    tracker.frame(mod.page("overview"))
    tracker.frame(mod.page("summary"))
    tracker.close()
    assert tracker.error == "locked" and tracker.is_read("alpha-axis", "overview")


# -- the pager feeds the tracker ----------------------------------------------------------

class _Screen(io.StringIO):
    """The pager's output; the keys are typed once the first frame is drawn (the terminal is in
    cbreak mode by then, so nothing typed is flushed away)."""

    def __init__(self, master: int, keys: bytes):
        super().__init__()
        self.master, self.keys = master, keys

    def write(self, data: str) -> int:
        if self.keys and "\x1b[H" in data:
            os.write(self.master, self.keys)
            self.keys = b""
        return super().write(data)


def _page_through(alpha, tmp_path, keys: bytes, step: float, offer=None):
    """Run the real pager loop on a pseudo-terminal, in-process, with a clock that moves `step`
    seconds between two frames."""
    import pty

    from hormonecli.render.commands import Commands
    from hormonecli.render.pager import Pager
    from hormonecli.render.text import Style

    lib, mod = alpha
    store = st.Store(tmp_path / "state.db")
    master, slave = pty.openpty()
    out = _Screen(master, keys)
    try:
        pager = Pager(lib, mod, mod.level("fundamentals").pages[0], Style(), Commands(), store=store,
                      stdin_fd=slave, out=out, tracker=reading.Tracker(store, clock=Clock(step=step)),
                      offer=offer and (lambda slug, level: offer(store, slug, level)))
        pager.run()
    finally:
        os.close(master)
        os.close(slave)
    return store, out.getvalue()


def test_the_pager_paging_fast_reads_nothing(alpha, tmp_path):
    store, _ = _page_through(alpha, tmp_path, b"nnq", step=0.3)
    assert store.pages_read() == {}
    assert len(store.pages_visited()[("alpha-axis", "fundamentals")]) == 3


def test_the_pager_paging_slowly_reads_every_page(alpha, tmp_path):
    store, _ = _page_through(alpha, tmp_path, b"nnq", step=600)
    assert store.pages_read() == {("alpha-axis", "fundamentals"): {"overview", "levels-with-age", "summary"}}


def test_skimming_in_a_real_terminal_reads_nothing(fixture_content, runner):
    """A learner pressing n through a level as fast as keys go: visited, not read."""
    child = spawn_pager("learn", "alpha")
    child.expect_exact("alpha-axis · fundamentals · page 1/3")
    child.send("n")
    child.expect_exact("page 2/3")
    child.send("n")
    child.expect_exact("page 3/3")
    child.send("q")
    child.expect(pexpect.EOF)
    (data,) = json.loads(invoke(runner, "progress", "alpha", "--json").stdout)["modules"]
    assert data["pages_read"] == 0 and data["pages_visited"] == 3


def test_printing_a_lesson_marks_nothing(fixture_content, runner, _home):
    assert invoke(runner, "learn", "alpha", "--print").exit_code == 0
    assert invoke(runner, "learn", "alpha", "--page", "2").exit_code == 0  # not a terminal: printed
    data = next(m for m in json.loads(invoke(runner, "progress", "--json").stdout)["modules"] if m["slug"] == "alpha-axis")
    assert data["pages_read"] == 0 and data["pages_visited"] == 0


# -- older state --------------------------------------------------------------------------

def test_pages_opened_before_reading_was_measured_become_visits(tmp_path):
    path = tmp_path / "state.db"
    old = sqlite3.connect(path)
    for script in st.MIGRATIONS[:2]:
        old.executescript(script)
    old.execute("INSERT INTO page_read VALUES ('hpg-axis', 'fundamentals', 'the-cascade', 5.0)")
    old.execute("INSERT INTO answer (question, module, level, time, correct, response) "
                "VALUES ('hpg-f01', 'hpg-axis', 'fundamentals', 6.0, 1, 'a')")
    old.execute("PRAGMA user_version = 2")
    old.commit()
    old.close()
    s = st.Store(path)
    assert s.pages_read() == {}
    assert s.pages_visited() == {("hpg-axis", "fundamentals"): {"the-cascade"}}
    assert s.reading("hpg-axis", "the-cascade") == (0.0, False)
    assert s.answer_count() == 1
    s.record_answer("hpg-f02", "hpg-axis", "fundamentals", False, "b", credit=0.5)
    assert s.conn.execute("SELECT credit FROM answer WHERE question = 'hpg-f02'").fetchone()[0] == 0.5


def test_a_progress_file_from_before_counts_its_pages_as_visits(fixture_content, runner, tmp_path):
    old = {"format": 1, "kind": "hormonecli-progress", "schema": READING_SCHEMA - 1, "tables": {
        "page_read": [{"module": "alpha-axis", "level": "fundamentals", "page": "overview", "first": 5.0}]}}
    path = tmp_path / "old-progress.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    assert invoke(runner, "progress", "--import", str(path)).exit_code == 0
    (data,) = json.loads(invoke(runner, "progress", "alpha", "--json").stdout)["modules"]
    assert data["pages_read"] == 0 and data["pages_visited"] == 1


def test_the_end_of_a_level_counts_the_page_just_left(alpha, tmp_path, fixture_content):
    """The last page's offer says what was read; the page turned from a moment ago is in it."""
    from hormonecli import nextstep
    from hormonecli.courseware.content import Content

    modules, ends = Content().modules, []

    def offer(store, slug, level):
        ends.append(nextstep.level_end(modules, nextstep.state_of(store), slug, level))
        return ends[-1]

    _page_through(alpha, tmp_path, b"nnq", step=600, offer=offer)
    assert ends and (ends[0].read, [n for n, _id, _title in ends[0].unread]) == (2, [3])


def test_tick_says_once_that_the_page_on_screen_became_read(alpha):
    lib, mod = alpha
    tracker = reading.Tracker(None, clock=Clock(step=1))
    tracker.frame(mod.page("overview"))
    became = [tracker.tick() for _ in range(40)]
    assert became.count(True) == 1 and tracker.is_read("alpha-axis", "overview")
