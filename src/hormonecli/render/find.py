"""Finding words in rendered lines, and marking them: the pager's `/` search.

Lines are what the pager shows (with SGR colour codes); matching is done on their plain text,
case-folded, and the marks are put back into the coloured line so colours survive around them.
"""
from __future__ import annotations

import re

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
