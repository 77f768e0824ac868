"""What every export format shares: the walk over the chosen modules, and content text
resolved into format-neutral pieces (terms named, cross-references aimed, citations labelled).

A format turns pieces into its own syntax and escapes their text; nothing here is HTML or
Markdown yet.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from hormonecli import markup
from hormonecli import model as m

# The same words the terminal uses (render/lines.py NOTICE, render/page.py EVIDENCE_NAME);
# kept here because the export package may not import the rendering layer.
NOTICE = ("Educational only, not medical advice: hormonecli explains physiology; it does not diagnose or "
          "interpret results. Don't start, stop or change any treatment without a clinician.")
EVIDENCE_NAME = {"established": "ESTABLISHED", "mixed": "MIXED", "emerging": "EMERGING",
                 "not-established": "NOT ESTABLISHED"}
LEVEL_TITLE = {"fundamentals": "Fundamentals", "intermediate": "Intermediate", "academic": "Academic"}
CALLOUT_TITLE = {"note": "Note", "caution": "Caution", "clinical": "Clinical"}
TYPE_NAME = {"single": "single answer", "multiple": "multiple answers", "true-false": "true or false",
             "order": "put in order", "match": "match pairs", "numeric": "numeric"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Called as progress(done, total) while an export works; the CLI draws it.
Progress = Callable[[int, int], None]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LABEL = re.compile(r"\b(not[ -]established|established|mixed|emerging)\b", re.I)


def clean(text: str) -> str:
    """Control characters made visible, as the terminal shows them (hormonecli.escapes.clean)."""
    return _CONTROL.sub(lambda mt: f"\\x{ord(mt.group(0)):02x}", text)


def number(value: float) -> str:
    """40.0 -> '40', 2.5 -> '2.5' (as the terminal writes chart values and numeric answers)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


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
class Piece:
    """One run of resolved inline text."""

    kind: str  # text | em | strong | term | xref | cite
    text: str = ""  # what is shown ("" for cite)
    target: str = ""  # term id; xref "slug" or "slug/page-id"
    known: bool = True  # the term exists / the xref's page is part of this export
    cites: tuple[tuple[str, str], ...] = ()  # (reference id, label) for cite


@dataclass(frozen=True, slots=True)
class Stop:
    """A page on the walk, with its neighbours inside its module (across levels)."""

    module: m.Module
    page: m.Page
    total: int  # pages in its level
    prev: Optional[m.Page]
    next: Optional[m.Page]


class Course:
    """The modules chosen for an export, read through the library that holds them."""

    def __init__(self, library: m.Library, modules: list[m.Module] | tuple[m.Module, ...]):
        self.library = library
        self.modules = tuple(modules)
        self._slugs = {mod.slug for mod in self.modules}
        self._shorts: dict[str, int] | None = None

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
            for text in page_texts(stop.page):
                for seg in markup.parse(text):
                    if seg.kind == "term":
                        pages = found.setdefault(seg.target, [])
                        if stop not in pages:
                            pages.append(stop)
        return found

    # -- inline text ------------------------------------------------------------
    def pieces(self, text: str, module: Optional[m.Module]) -> list[Piece]:
        """Content text as pieces: the terminal's reading of the markup (render/text.py Inline)."""
        out: list[Piece] = []
        for seg in markup.parse(clean(text)):
            if seg.kind in ("text", "em", "strong"):
                out.append(Piece(seg.kind, seg.text))
            elif seg.kind == "term":
                term = self.library.terms.get(seg.target)
                shown = seg.text or (term.term if term else seg.target)
                before = "".join(p.text for p in out)
                if not seg.text and _sentence_start(before) and shown.split(" ")[0].islower():
                    shown = shown[:1].upper() + shown[1:]  # 'sarcopenia' -> 'Sarcopenia'; never 'mTORC1' -> 'MTORC1'
                out.append(Piece("term", shown, seg.target, term is not None))
            elif seg.kind == "xref":
                target = f"{module.slug}{seg.target}" if seg.target.startswith("/") and module else seg.target
                out.append(Piece("xref", seg.text or self.xref_label(target), target, self.xref_known(target)))
            else:
                ids = [i for i in seg.target.split(";") if i]
                if out and out[-1].kind == "text":  # "humans [@x]." reads "humans (X 2020)."
                    out[-1] = Piece("text", out[-1].text.rstrip())
                out.append(Piece("cite", cites=tuple((rid, self.cite_label(rid)) for rid in ids)))
        return out

    def plain(self, text: str) -> str:
        """Content text with its markup read out and citations dropped (titles, attributes, captions)."""
        return clean(markup.plain(text, self.library.terms))

    def xref_label(self, target: str) -> str:
        slug, _, page_id = target.partition("/")
        mod = self.library.module(slug)
        if mod is None:
            return target
        if page_id:
            page = mod.page(page_id)
            return page.title if page else target
        return mod.title

    def xref_known(self, target: str) -> bool:
        slug, _, page_id = target.partition("/")
        mod = self.library.module(slug)
        return self.includes(slug) and mod is not None and (not page_id or mod.page(page_id) is not None)

    def cite_label(self, rid: str) -> str:
        """'Bhasin et al. 2018'; two references that would read the same get their title's lead words
        (the terminal's rule, render/text.py Inline.label)."""
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
            lead = " ".join(ref.title.split(":")[0].split()[:4])
            return clean(f"{short}, {lead}")
        return clean(short)

    # -- questions ---------------------------------------------------------------
    def evidence(self, q: m.Question) -> list[str]:
        """Evidence labels the question's feedback states; else those of its teaching page's claims."""
        found: set[str] = set()
        for text in feedback_texts(q):
            for mt in _LABEL.finditer(text):
                found.add(mt.group(1).lower().replace(" ", "-"))
        if not found:
            _, page = self.teaching_page(q)
            found = {b.evidence for b in (page.blocks if page else ()) if isinstance(b, m.Claim)}
        return [e for e in EVIDENCE_NAME if e in found]


def _sentence_start(before: str) -> bool:
    stripped = before.rstrip()
    return not stripped or stripped[-1] in ".!?:"


def page_texts(page: m.Page) -> Iterator[str]:
    """Every piece of prose on a page (as hormonecli.links.page_texts, plus diagram steps and chart labels)."""
    yield page.title
    for b in page.blocks:
        for attr in ("text", "title", "caption", "note", "unit"):
            v = getattr(b, attr, None)
            if isinstance(v, str) and v:
                yield v
        for attr in ("items", "columns"):
            yield from getattr(b, attr, ()) or ()
        for row in getattr(b, "rows", ()) or ():
            yield from row
        for step in getattr(b, "steps", ()) or ():
            yield from (step.name, step.signal)
        for f in getattr(b, "feedback", ()) or ():
            yield f.label
        for p in getattr(b, "points", ()) or ():
            yield p.label


def feedback_texts(q: m.Question) -> Iterator[str]:
    yield from (q.explanation, q.why_true, q.why_false)
    yield from (o.why for o in q.options)
    yield from (i.why for i in q.items)
    yield from (p.why for p in q.pairs)


# -- how a question is laid out on a card ------------------------------------------

@dataclass(frozen=True, slots=True)
class Shown:
    """One lettered line the learner sees: an option, an order item, or a match right-hand side."""

    label: str  # "a", "b", …
    index: int  # position as written (the answer key for order items and match pairs)
    text: str
    why: str = ""
    correct: bool = False


def layout(q: m.Question) -> tuple[Shown, ...]:
    """The lettered choices of a question, shuffled by a generator seeded with its id: the same
    layout on every export (so a re-export changes no card), and an order or match question is
    never shown already solved. (The terminal quiz shuffles afresh each time: hormonecli.quiz.present.)"""
    rng = random.Random(f"hormonecli:{q.id}")
    if q.type in ("single", "multiple"):
        order = list(range(len(q.options)))
        rng.shuffle(order)
        return tuple(Shown(LETTERS[i], j, q.options[j].text, q.options[j].why, q.options[j].correct)
                     for i, j in enumerate(order))
    if q.type == "true-false":
        return (Shown("a", 0, "True", q.why_true, q.answer is True),
                Shown("b", 1, "False", q.why_false, q.answer is False))
    if q.type in ("order", "match"):
        n = len(q.items) if q.type == "order" else len(q.pairs)
        order = list(range(n))
        for _ in range(20):
            rng.shuffle(order)
            if n < 2 or order != sorted(order):
                break
        if q.type == "order":
            return tuple(Shown(LETTERS[i], j, q.items[j].text, q.items[j].why) for i, j in enumerate(order))
        return tuple(Shown(LETTERS[i], j, q.pairs[j].right, q.pairs[j].why) for i, j in enumerate(order))
    return ()


def page_command(q: m.Question) -> str:
    """The command that opens the teaching page (hormonecli.quiz.page_command)."""
    slug, page = q.page_ref
    return f"hormonecli learn {slug} --page {page}"
