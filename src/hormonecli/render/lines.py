"""A small writer for screens that are lists of lines (search, define, list, welcome).

Rich takes about 20 ms to import; these screens need only styled, wrapped lines,
so they are written directly. Lessons, quizzes and anything with boxes use Rich.

Text is never interpreted: control characters are made visible by `clean()`,
and styles become SGR codes only when colour is on.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from typing import Iterable, Sequence, TextIO, Union

from hormonecli import NOTICE
from hormonecli.escapes import clean

__all__ = ["Lines", "clean", "cells", "NOTICE"]

#: The widest a lesson is laid out, in columns: prose stays readable on a wide terminal (the
#: pager and --print both use it; lines start at the left edge, as in `less` and man pages).
MEASURE = 100

SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "reverse": "7",
       "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36"}
COLOURS = {"red", "green", "yellow", "blue", "magenta", "cyan"}

Part = Union[str, tuple[str, str]]  # plain text, or (text, "bold cyan")


def cells(text: str) -> int:
    """Terminal columns a string takes (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else (2 if unicodedata.east_asian_width(ch) in "WF" else 1)
               for ch in text)


def colour_forced() -> bool:
    """FORCE_COLOR or CLICOLOR_FORCE set to anything but "" or "0": styled output even into a pipe."""
    return any(os.environ.get(name, "") not in ("", "0") for name in ("FORCE_COLOR", "CLICOLOR_FORCE"))


def colour_refused() -> bool:
    """NO_COLOR set to anything but the empty string (the no-color.org convention)."""
    return os.environ.get("NO_COLOR", "") != ""


def colour_wanted(file: TextIO, plain: bool, no_color: bool) -> tuple[bool, bool]:
    """(styles on, colours on): the one decision every screen follows, Rich-drawn or not.

    --plain turns everything off. Otherwise styles are on for a terminal (not TERM=dumb) or
    when colour is forced (FORCE_COLOR, CLICOLOR_FORCE); colours also need neither --no-color
    nor NO_COLOR, which keep bold and underline but drop colour."""
    if plain:
        return False, False
    on = colour_forced() or (_isatty(file) and os.environ.get("TERM") != "dumb")
    return on, on and not (no_color or colour_refused())


def _isatty(file: TextIO) -> bool:
    try:
        return file.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(file: TextIO) -> int:
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if file.isatty():
            return shutil.get_terminal_size((80, 24)).columns
    except (AttributeError, ValueError):
        pass
    return 80


def reading_width(file: TextIO) -> int:
    """The width a lesson is laid out at: the terminal's, up to MEASURE."""
    return min(terminal_width(file), MEASURE)


class Lines:
    """Writes styled lines, wrapped to the width with a hanging indent."""

    def __init__(self, *, plain: bool = False, no_color: bool = False, file: TextIO | None = None,
                 width: int | None = None):
        self.file = file or sys.stdout
        self.plain = plain
        self.styles, self.colours = colour_wanted(self.file, plain, no_color)
        self.width = max(20, width or terminal_width(self.file))

    @property
    def sep(self) -> str:
        return " > " if self.plain else " › "

    def sgr(self, text: str, style: str) -> str:
        if not self.styles or not style or not text:
            return text
        codes = [SGR[s] for s in style.split() if s in SGR and (self.colours or s not in COLOURS)]
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text

    def raw(self, text: str, style: str = "") -> None:
        """One line, never wrapped (for output that tools parse, such as file:line findings)."""
        self.file.write(self.sgr(clean(text), style) + "\n")

    def blank(self) -> None:
        self.file.write("\n")

    def line(self, *parts: Part, indent: int = 0, hang: int | None = None) -> None:
        """One logical line, wrapped: the first row indented by `indent`, the rest by `hang` (default indent)."""
        for row in self.wrap(parts, indent, indent if hang is None else hang):
            self.file.write(row + "\n")

    def wrap(self, parts: Iterable[Part], indent: int, hang: int) -> list[str]:
        """Rows of at most `width` cells. Runs of spaces are kept as written, except where a row breaks."""
        words: list[tuple[str, str, int]] = []  # (text, style, spaces before)
        space = 0
        for part in parts:
            text, style = (part, "") if isinstance(part, str) else part
            for i, chunk in enumerate(clean(text).split(" ")):  # "a  b" -> a, "", b: one more space each
                if i:
                    space += 1
                if chunk:
                    words.append((chunk, style, space))
                    space = 0
        rows: list[str] = []
        room = self.width - indent
        current, used = " " * indent, 0
        for text, style, before in words:
            w = len(text) if text.isascii() else cells(text)
            gap = before
            if used and used + gap + w > room:
                rows.append(current)
                current, used, gap = " " * hang, 0, 0
                room = self.width - hang
            elif not used and rows:
                gap = 0
            while w > room - used - gap:  # a word longer than the row is folded, never cut
                if used + gap >= room:
                    rows.append(current)
                    current, used, gap = " " * hang, 0, 0
                    room = self.width - hang
                    continue
                head, text = _split_cells(text, room - used - gap)
                current += " " * gap + self.sgr(head, style)
                rows.append(current)
                current, used, gap = " " * hang, 0, 0
                room = self.width - hang
                w = cells(text)
            current += " " * gap + (self.sgr(text, style) if style else text)
            used += gap + w
        if used or not rows:
            rows.append(current)
        return rows

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Union[str, list[Part]]]],
              right: Sequence[int] = (), flexible: int = 1) -> None:
        """Columns sized to their content; the flexible column takes what is left and wraps."""
        texts = [[c if isinstance(c, str) else "".join(p if isinstance(p, str) else p[0] for p in c)
                  for c in row] for row in rows]
        widths = [max([cells(h)] + [cells(r[i].split("\n")[0]) for r in texts]) for i, h in enumerate(headers)]
        fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(headers) - 1)
        widths[flexible] = max(12, min(widths[flexible], self.width - fixed))
        self._row([(h, "bold") for h in headers], widths, right)
        if not self.plain:  # a rule of dashes is noise to a screen reader
            self.file.write("─" * min(self.width, sum(widths) + 2 * (len(widths) - 1)) + "\n")
        for row in rows:
            self._row(row, widths, right)

    def _row(self, row, widths, right) -> None:
        columns: list[list[str]] = []
        for i, cell in enumerate(row):
            parts = [cell] if isinstance(cell, (str, tuple)) else cell
            sub = Lines(plain=self.plain, file=self.file, width=widths[i])
            sub.styles, sub.colours = self.styles, self.colours
            rows: list[str] = []
            for piece in _split_newlines(parts):
                rows.extend(sub.wrap(piece, 0, 0))
            columns.append(rows)
        height = max(len(c) for c in columns)
        for n in range(height):
            out = []
            for i, col in enumerate(columns):
                text = col[n] if n < len(col) else ""
                pad = widths[i] - cells(_ANSI.sub("", text))
                out.append(" " * pad + text if i in right else text + " " * pad)
            self.file.write("  ".join(out).rstrip() + "\n")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _split_newlines(parts: list[Part]) -> list[list[Part]]:
    out: list[list[Part]] = [[]]
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        pieces = text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                out.append([])
            if piece:
                out[-1].append((piece, style))
    return out


def _split_cells(text: str, room: int) -> tuple[str, str]:
    room = max(1, room)
    used = 0
    for i, ch in enumerate(text):
        used += cells(ch)
        if used > room:
            return text[:i] or text[:1], text[i:] if i else text[1:]
    return text, ""


class ProgressLine:
    """A one-line progress bar on a terminal (stderr) for builds that take a while.

    Nothing is drawn for the first half second, so quick builds stay silent; the line is
    erased when the work is done."""

    DELAY_S = 0.5

    def __init__(self, file: TextIO, width: int | None = None):
        import time

        self.file = file
        self.width = max(20, min(width or terminal_width(file), 80))
        self.clock = time.monotonic
        self.started = self.clock()
        self.last = 0.0
        self.shown = False

    def __call__(self, what: str, done: int, total: int) -> None:
        now = self.clock()
        if done >= total:
            if self.shown:
                self.file.write("\r\x1b[K")
                self.file.flush()
                self.shown = False
            return
        if now - self.started < self.DELAY_S or now - self.last < 0.1:
            return
        self.last = now
        count = f" {done}/{total}"
        room = max(4, self.width - cells(what) - len(count) - 4)
        filled = room * done // max(1, total)
        self.file.write(f"\r{clean(what)} [{'█' * filled}{'·' * (room - filled)}]{count}")
        self.file.flush()
        self.shown = True
