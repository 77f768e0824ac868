"""Consoles, styles and inline text. Content is never read as Rich markup."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from hormonecli.courseware import markup
from hormonecli.render.lines import NOTICE, clean  # noqa: F401 (NOTICE re-exported)

if TYPE_CHECKING:  # annotations only: importing the model costs start-up time
    from hormonecli.courseware import model as m

EVIDENCE_STYLE = {
    "established": "bold green",
    "mixed": "bold yellow",
    "emerging": "bold cyan",
    "not-established": "bold red",
}
CALLOUT_STYLE = {"note": "blue", "caution": "yellow", "clinical": "magenta"}



def _sentence_start(before: str) -> bool:
    """True when a word placed after `before` begins a sentence."""
    stripped = before.rstrip()
    return not stripped or stripped[-1] in ".!?:"


@dataclass
class Style:
    """How to draw: colour or not, box drawing or not."""

    plain: bool = False

    @property
    def bar(self) -> str:
        return "#" if self.plain else "█"


def make_console(*, plain: bool = False, no_color: bool = False, file=None, width: int | None = None,
                 force_terminal: bool | None = None, stderr: bool = False) -> Console:
    no_color = no_color or plain or "NO_COLOR" in os.environ
    return Console(
        file=file or (sys.stderr if stderr else None),
        width=width,
        no_color=no_color,
        color_system=None if plain else "auto",
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
    """Turns content text into Rich Text, resolving terms, links and citations."""

    library: m.Library
    module: m.Module | None = None
    links: LinkTable = field(default_factory=LinkTable)
    cited: list[str] = field(default_factory=list)
    _shorts: dict | None = None

    def __call__(self, text: str, base: str = "") -> Text:
        out = Text(style=base)
        for seg in markup.parse(clean(text)):
            if seg.kind == "text":
                out.append(seg.text)
            elif seg.kind == "em":
                out.append(seg.text, "italic")
            elif seg.kind == "strong":
                out.append(seg.text, "bold")
            elif seg.kind == "term":
                term = self.library.terms.get(seg.target)
                shown = seg.text or (term.term if term else seg.target)
                if not seg.text and _sentence_start(out.plain) and shown.split(" ")[0].islower():
                    shown = shown[:1].upper() + shown[1:]  # 'sarcopenia' -> 'Sarcopenia'; never 'mTORC1' -> 'MTORC1'
                out.append(shown, "cyan" if term else "")
            elif seg.kind == "xref":
                target = self.resolve_xref(seg.target)
                label = seg.text or self.xref_label(target)
                out.append(label, "underline")
                out.append(f" [{self.links.number(target)}]", "bold blue")
            else:
                ids = [i for i in seg.target.split(";") if i]
                names = [self.label(rid) for rid in ids]
                for rid in ids:
                    if rid not in self.cited:
                        self.cited.append(rid)
                out.rstrip()
                out.append(f" ({'; '.join(names)})", "dim")
        return out

    def resolve_xref(self, target: str) -> str:
        if target.startswith("/") and self.module is not None:
            return f"{self.module.slug}{target}"
        return target

    def xref_label(self, target: str) -> str:
        slug, _, page_id = target.partition("/")
        mod = self.library.module(slug)
        if mod is None:
            return target
        if page_id:
            page = mod.page(page_id)
            return page.title if page else target
        return mod.title

    def label(self, rid: str) -> str:
        """'Bhasin et al. 2018'; when two references would read the same, the title's lead words are added."""
        ref = self.library.references.get(rid)
        if ref is None:
            return rid
        short = ref.short()
        if self._shorts is None:
            counts: dict[str, int] = {}
            for r in self.library.references.values():
                counts[r.short()] = counts.get(r.short(), 0) + 1
            self._shorts = counts
        if self._shorts.get(short, 0) > 1:
            lead = ref.title.split(":")[0]
            lead = " ".join(lead.split()[:4])
            return f"{short}, {clean(lead)}"
        return short

    def cite_list(self, ids: tuple[str, ...]) -> Text:
        names = [self.label(rid) for rid in ids]
        for rid in ids:
            if rid not in self.cited:
                self.cited.append(rid)
        return Text(f"Source: {'; '.join(names)}", style="dim")
