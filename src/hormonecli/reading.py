"""When a page counts as read, and a tracker that watches the pager to find out.

A page is *read* when it has plausibly been read, not when it was flipped past:

- it was on screen long enough for its length: its words at a brisk reading pace
  (`FAST_WPM`, about twice the usual silent reading rate for non-fiction), and never
  less than `MIN_SECONDS`; or
- it is taller than the screen, the reader scrolled to its end and stayed there
  `HOLD_SECONDS`, and it was on screen for at least half that time (scrolling through
  a page is itself a sign of reading, so a faster pace counts).

Time on a page adds up across visits and sessions (the store keeps the seconds), so a
page read in two sittings counts. Time in the help screen or the contents does not.
Pure apart from the clock, which is injected (tests never sleep).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from hormonecli.errors import HormoneError

if TYPE_CHECKING:
    from hormonecli.courseware import model as m
    from hormonecli.store import Store

FAST_WPM = 500.0
MIN_SECONDS = 5.0
HOLD_SECONDS = 3.0
SCROLL_PACE = 2.0  # scrolled to the end: read at up to twice the pace

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def words(page: m.Page) -> int:
    """How many words a page has: every text its blocks describe, without markup."""
    from hormonecli.courseware.links import page_texts
    from hormonecli.courseware.markup import plain

    return sum(len(_WORD.findall(plain(text))) for text in page_texts(page))


def seconds_needed(n_words: int) -> float:
    """The time on screen that makes a page of `n_words` read."""
    return max(MIN_SECONDS, n_words * 60.0 / FAST_WPM)


def is_read(n_words: int, seconds: float, *, scrolled_to_end: bool = False, held: float = 0.0) -> bool:
    """The rule. `seconds` on screen in all; `scrolled_to_end`: a page taller than the screen was
    scrolled to its last line; `held`: the longest stretch spent there."""
    need = seconds_needed(n_words)
    if seconds >= need:
        return True
    return scrolled_to_end and held >= HOLD_SECONDS and seconds >= need / SCROLL_PACE


@dataclass
class _Visit:
    """One page while it is on screen."""

    module: str
    level: str
    page: str
    words: int
    before: float = 0.0      # seconds from earlier visits (the store's)
    seconds: float = 0.0     # this visit
    held: float = 0.0        # longest stretch at the end of a tall page
    holding: float = 0.0     # the current stretch
    at_end: bool = False     # scrolled to the end of a page taller than the screen
    read: bool = False       # already read (before, or during this visit)


class Tracker:
    """Watches what the pager shows and records reading in the store.

    The pager calls `frame()` each time it draws (which page, whether the page itself is
    showing, how far it is scrolled) and `close()` when it ends. The time between two
    frames belongs to the earlier one. A page becomes read the moment it qualifies.
    """

    def __init__(self, store: Store | None, *, clock: Callable[[], float] = time.monotonic,
                 words_of: Callable[[m.Page], int] = words):
        self.store = store
        self.clock = clock
        self.words_of = words_of
        self.error = ""          # the first store error; reading goes on without saving
        self._visit: _Visit | None = None
        self._showing = False
        self._at_end = False     # the page on screen is scrolled to its end right now
        self._last = 0.0
        self._read: set[tuple[str, str]] = set()

    def frame(self, page: m.Page, *, showing: bool = True, top: int = 0, bottom: int = 0) -> None:
        now = self.clock()
        self._tick(now)
        v = self._visit
        if v is None or (v.module, v.page) != (page.module, page.id):
            self._leave()
            v = self._visit = self._start(page)
        self._showing = showing
        self._at_end = showing and bottom > 0 and top >= bottom
        if not self._at_end:
            v.holding = 0.0
        v.at_end = v.at_end or self._at_end
        self._last = now

    def tick(self) -> bool:
        """Count the time up to now for the page on screen, without drawing anything: the pager
        calls it before it draws (so the page being left is saved before the end of a level
        counts what was read) and while it waits for a key. True when the page became read."""
        now = self.clock()
        v = self._visit
        was = v is not None and v.read
        self._tick(now)
        self._last = now
        return v is not None and v.read and not was

    def close(self) -> None:
        """The pager is ending: count the time up to now and save it."""
        self._tick(self.clock())
        self._leave()

    def is_read(self, module: str, page: str) -> bool:
        return (module, page) in self._read

    # -- inside -------------------------------------------------------------------
    def _start(self, page: m.Page) -> _Visit:
        before, read = 0.0, False
        if self.store is not None and not self.error:
            try:
                before, read = self.store.reading(page.module, page.id)
            except HormoneError as exc:
                self.error = str(exc)
        v = _Visit(page.module, page.level, page.id, self.words_of(page), before, read=read)
        if read:
            self._read.add((v.module, v.page))
        return v

    def _tick(self, now: float) -> None:
        v = self._visit
        if v is None or not self._showing:
            return
        dt = max(0.0, now - self._last)
        v.seconds += dt
        if self._at_end:
            v.holding += dt
            v.held = max(v.held, v.holding)
        if not v.read and is_read(v.words, v.before + v.seconds, scrolled_to_end=v.at_end, held=v.held):
            v.read = True
            self._read.add((v.module, v.page))
            self._save(v, read=True)

    def _leave(self) -> None:
        v = self._visit
        if v is not None:
            self._save(v, read=v.read)
        self._visit = None

    def _save(self, v: _Visit, read: bool) -> None:
        """Add this visit's seconds so far (and the read mark) to the store."""
        if self.store is None or self.error:
            v.before, v.seconds = v.before + v.seconds, 0.0
            return
        try:
            self.store.add_reading(v.module, v.level, v.page, v.seconds, read)
        except HormoneError as exc:
            self.error = str(exc)
        v.before, v.seconds = v.before + v.seconds, 0.0
