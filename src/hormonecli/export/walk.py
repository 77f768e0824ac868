"""What every export format shares: the walk over the chosen modules, and content text
resolved into format-neutral pieces (courseware/inline.py, as the terminal reads it).

A format turns pieces into its own syntax and escapes their text; nothing here is HTML or
Markdown yet.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterator, Optional

from hormonecli.courseware import model as m
from hormonecli.courseware.inline import Piece, Resolver
from hormonecli.courseware.links import page_refs
from hormonecli.quiz.answers import Presented
from hormonecli.quiz.kinds import KINDS

if TYPE_CHECKING:  # the CLI hands the run's Commands in; exports never import the rendering layer
    from hormonecli.render.commands import Commands


def human_size(n: int) -> str:
    """412 KB, 1.2 MB: what the closing summary says."""
    if n < 1000:
        return f"{n} bytes"
    if n < 1_000_000:
        return f"{round(n / 1000)} KB"
    return f"{n / 1_000_000:.1f} MB"


def count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


@dataclass(frozen=True, slots=True)
class Stop:
    """A page on the walk, with its neighbours inside its module (across levels)."""

    module: m.Module
    page: m.Page
    total: int  # pages in its level
    prev: Optional[m.Page]
    next: Optional[m.Page]


class Selection:
    """The modules chosen for an export, read through the library that holds them.

    `commands` writes the command lines an export shows (the same as the terminal's, with
    the run's --content-dir packs)."""

    def __init__(self, library: m.Library, modules: list[m.Module] | tuple[m.Module, ...], commands: Commands):
        self.library = library
        self.modules = tuple(modules)
        self.commands = commands
        self.resolver = Resolver(library)
        self._slugs = {mod.slug for mod in self.modules}

    # -- the walk ---------------------------------------------------------------
    def includes(self, slug: str) -> bool:
        return slug in self._slugs

    def stops(self) -> Iterator[Stop]:
        for mod in self.modules:
            pages = mod.pages
            for i, page in enumerate(pages):
                yield Stop(mod, page, len(mod.level(page.level).pages),
                           pages[i - 1] if i else None, pages[i + 1] if i + 1 < len(pages) else None)

    @property
    def page_count(self) -> int:
        return sum(len(mod.pages) for mod in self.modules)

    @property
    def questions(self) -> list[m.Question]:
        return [q for mod in self.modules for q in mod.questions]

    def teaching_page(self, q: m.Question) -> tuple[Optional[m.Module], Optional[m.Page]]:
        slug, page_id = q.page_ref
        mod = self.library.module(slug)
        return mod, (mod.page(page_id) if mod else None)

    def taught(self) -> dict[str, list[Stop]]:
        """Glossary id -> the exported pages that use the term, in course order."""
        found: dict[str, list[Stop]] = {}
        for stop in self.stops():
            for seg in page_refs(stop.page):
                if seg.kind == "term":
                    pages = found.setdefault(seg.target, [])
                    if stop not in pages:
                        pages.append(stop)
        return found

    # -- inline text ------------------------------------------------------------
    def pieces(self, text: str, module: Optional[m.Module]) -> list[Piece]:
        """Content text as pieces; a cross-reference counts as known only when its module is exported."""
        return [replace(p, known=p.known and self.includes(p.target.partition("/")[0])) if p.kind == "xref" else p
                for p in self.resolver.pieces(text, module)]

    def plain(self, text: str) -> str:
        """Content text with its markup read out and citations dropped (titles, attributes, captions)."""
        return self.resolver.plain(text)

    def cite_label(self, rid: str) -> str:
        return self.resolver.cite_label(rid)

    # -- questions ---------------------------------------------------------------
    @staticmethod
    def present(q: m.Question) -> Presented:
        """The question laid out by its kind, shuffled by a generator seeded with its id: the same
        layout on every export (so a re-export changes no card), and an order or match question is
        never shown already solved."""
        return KINDS[q.type].present(q, random.Random(q.id))

    def evidence(self, q: m.Question) -> list[str]:
        """Evidence labels the question's feedback states; else those of its teaching page's claims."""
        from hormonecli.courseware.lint import LABEL_RE

        found = {mt.group(1).lower().replace(" ", "-")
                 for text in KINDS[q.type].feedback(q) for mt in LABEL_RE.finditer(text)}
        if not found:
            _, page = self.teaching_page(q)
            found = {b.evidence for b in (page.blocks if page else ()) if isinstance(b, m.Claim)}
        return [e for e in m.EVIDENCE if e in found]
