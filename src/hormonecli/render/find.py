"""Finding words in rendered lines, and marking them: the pager's `/` search.

Lines are what the pager shows (with SGR colour codes); matching is done on their plain text,
case-folded, and the marks are put back into the coloured line so colours survive around them.
`Search` holds one search: its matches in the order n visits them, and where it stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from hormonecli.courseware import model as m

_SGR = re.compile(r"\x1b\[[0-9;:]*[A-Za-z]")
MARK_ON, MARK_OFF = "\x1b[7m", "\x1b[27m"


def plain(line: str) -> str:
    return _SGR.sub("", line)


def fold(text: str) -> str:
    """Case and the common look-alikes folded, keeping one character per character (positions hold)."""
    return text.casefold() if len(text.casefold()) == len(text) else "".join(
        c.casefold() if len(c.casefold()) == 1 else c.lower() for c in text)


def spans(line_plain: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in one plain line, as (start, end) character positions."""
    q = fold(query)
    if not q:
        return []
    hay = fold(line_plain)
    out, i = [], hay.find(q)
    while i >= 0:
        out.append((i, i + len(q)))
        i = hay.find(q, i + len(q))
    return out


def find(lines: list[str], query: str) -> list[int]:
    """The numbers of the lines (of rendered, coloured lines) that contain `query`."""
    return [n for n, line in enumerate(lines) if spans(plain(line), query)]


def mark(line: str, query: str, on: str = MARK_ON, off: str = MARK_OFF) -> str:
    """The coloured line with every match of `query` shown in reverse video."""
    where = spans(plain(line), query)
    if not where:
        return line
    starts = {s for s, _ in where}
    ends = {e for _, e in where}
    out: list[str] = []
    pos = 0        # position in the plain text
    inside = False
    i = 0
    while i < len(line):
        if inside and pos in ends:
            out.append(off)
            inside = False
        m = _SGR.match(line, i)
        if m:
            out.append(m.group(0))
            if inside:
                out.append(on)  # a colour change inside a match (often a reset) must not end the mark
            i = m.end()
            continue
        if pos in starts and not inside:
            out.append(on)
            inside = True
        out.append(line[i])
        pos += 1
        i += 1
    if inside:
        out.append(off)
    return "".join(out)


@dataclass
class Search:
    """One search of a module: every (page, line) that holds the query, and the one shown."""

    query: str = ""
    matches: list[tuple[m.Page, int]] = field(default_factory=list)
    index: int = -1

    def __bool__(self) -> bool:
        return bool(self.query)

    def start(self, query: str, module: m.Module, page: m.Page, top: int,
              lines_of: Callable[[m.Page], list[str]]) -> bool:
        """Search the module from `page` (at line `top`), in the order n visits the matches: this
        level from there to its end, then its start, then the other levels. False: nothing found."""
        ahead: list[tuple[m.Page, int]] = []
        behind: list[tuple[m.Page, int]] = []
        others: list[tuple[m.Page, int]] = []
        for level in module.levels:
            for each in level.pages:
                for n in find(lines_of(each), query):
                    if level.name != page.level:
                        others.append((each, n))
                    else:
                        (ahead if (each.number, n) >= (page.number, top) else behind).append((each, n))
        found = ahead + behind + others
        self.query, self.matches, self.index = (query, found, 0) if found else ("", [], -1)
        return bool(found)

    def step(self, delta: int) -> str:
        """Move to the next (+1) or previous (-1) match; says so when it goes round."""
        self.index = (self.index + delta) % len(self.matches)
        if len(self.matches) > 1 and delta > 0 and self.index == 0:
            return "round again: "
        if len(self.matches) > 1 and delta < 0 and self.index == len(self.matches) - 1:
            return "back to the last: "
        return ""

    @property
    def current(self) -> tuple[m.Page, int]:
        return self.matches[self.index]

    def counter(self) -> str:
        return f"match {self.index + 1}/{len(self.matches)} (n/N, Esc ends)"
