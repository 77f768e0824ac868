"""Consoles, styles and inline text. Content is never read as Rich markup."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from hormonecli.courseware.inline import Resolver
from hormonecli.render.lines import NOTICE, clean, colour_forced, colour_refused, colour_wanted  # noqa: F401 (NOTICE re-exported)

if TYPE_CHECKING:  # annotations only: importing the model costs start-up time
    from hormonecli.courseware import model as m

CALLOUT_STYLE = {"note": "blue", "caution": "yellow", "clinical": "magenta"}



@dataclass
class Style:
    """How to draw: colour or not, box drawing or not."""

    plain: bool = False

    @property
    def bar(self) -> str:
        return "#" if self.plain else "█"


def make_console(*, plain: bool = False, no_color: bool = False, file=None, width: int | None = None,
                 force_terminal: bool | None = None, stderr: bool = False) -> Console:
    """A Console that follows `colour_wanted`, so Rich-drawn screens colour exactly when line-drawn ones do.

    Rich would read FORCE_COLOR itself (treating "0" as forcing, and ignoring CLICOLOR_FORCE);
    here the decision is made once and handed to it."""
    if force_terminal is None:
        styled, coloured = colour_wanted(file or (sys.stderr if stderr else sys.stdout), plain, no_color)
        force_terminal, no_color = styled, not coloured
    else:
        no_color = no_color or plain or colour_refused()
    # A forced run into TERM=dumb (an editor's compile buffer) still gets colour: Rich would detect none.
    dumb_but_forced = force_terminal and colour_forced() and os.environ.get("TERM") == "dumb"
    return Console(
        file=file or (sys.stderr if stderr else None),
        width=width,
        no_color=no_color,
        color_system=None if plain else ("standard" if dumb_but_forced else "auto"),
        force_terminal=force_terminal,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        safe_box=True,
    )


@dataclass
class LinkTable:
    """Numbered links on a page, in order of first appearance."""

    targets: list[str] = field(default_factory=list)

    def number(self, target: str) -> int:
        if target not in self.targets:
            self.targets.append(target)
        return self.targets.index(target) + 1


@dataclass
class Inline:
    """Turns content text into Rich Text: the pieces courseware/inline.py reads, styled and numbered."""

    library: m.Library
    module: m.Module | None = None
    links: LinkTable = field(default_factory=LinkTable)
    cited: list[str] = field(default_factory=list)
    _resolver: Resolver | None = None

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self.library)
        return self._resolver

    def __call__(self, text: str, base: str = "") -> Text:
        out = Text(style=base)
        for piece in self.resolver.pieces(text, self.module):
            if piece.kind == "text":
                out.append(piece.text)
            elif piece.kind == "em":
                out.append(piece.text, "italic")
            elif piece.kind == "strong":
                out.append(piece.text, "bold")
            elif piece.kind == "term":
                out.append(piece.text, "cyan" if piece.known else "")
            elif piece.kind == "xref":
                out.append(piece.text, "underline")
                out.append(f" [{self.links.number(piece.target)}]", "bold blue")
            else:
                for rid, _ in piece.cites:
                    if rid not in self.cited:
                        self.cited.append(rid)
                out.rstrip()
                out.append(f" ({'; '.join(label for _, label in piece.cites)})", "dim")
        return out

    def xref_label(self, target: str) -> str:
        return self.resolver.xref_label(target)

    def label(self, rid: str) -> str:
        return self.resolver.cite_label(rid)

    def cite_list(self, ids: tuple[str, ...]) -> Text:
        names = [self.label(rid) for rid in ids]
        for rid in ids:
            if rid not in self.cited:
                self.cited.append(rid)
        return Text(f"Source: {'; '.join(names)}", style="dim")
