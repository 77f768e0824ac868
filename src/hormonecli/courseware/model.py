"""Typed, frozen content objects.

No I/O, no Rich, no Typer: these are plain values that the loader builds and
every other layer reads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Union

LEVELS: tuple[str, ...] = ("fundamentals", "intermediate", "academic")
CALLOUT_KINDS: tuple[str, ...] = ("note", "caution", "clinical")
EFFECTS: tuple[str, ...] = ("inhibits", "stimulates")
from hormonecli import FORMAT_VERSION  # noqa: E402,F401 (defined in the package root, re-exported)
from hormonecli.courseware.evidence import LABELS as EVIDENCE  # noqa: E402,F401 (its home; re-exported)

# Every block describes its own words: `texts()` yields (role, text) pairs, role "head" for
# titles, captions and headings, "body" for everything else. Search, links, lint and the
# readability measures walk blocks through it, so none of them can miss a block type.
# Texts may hold inline markup (see markup.py), except diagram and chart labels.


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str

    def texts(self) -> Iterator[tuple[str, str]]:
        yield "body", self.text


@dataclass(frozen=True, slots=True)
class Heading:
    text: str

    def texts(self) -> Iterator[tuple[str, str]]:
        yield "head", self.text


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[str, ...]

    def texts(self) -> Iterator[tuple[str, str]]:
        for item in self.items:
            yield "body", item


@dataclass(frozen=True, slots=True)
class KeyPoints:
    items: tuple[str, ...]

    def texts(self) -> Iterator[tuple[str, str]]:
        for item in self.items:
            yield "body", item


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cite: tuple[str, ...] = ()

    def texts(self) -> Iterator[tuple[str, str]]:
        yield "head", self.caption
        yield "body", " · ".join(self.columns)
        for row in self.rows:
            yield "body", " · ".join(row)


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    signal: str = ""


@dataclass(frozen=True, slots=True)
class Feedback:
    source: str
    target: str
    effect: str  # "inhibits" | "stimulates"
    label: str = ""


@dataclass(frozen=True, slots=True)
class Diagram:
    title: str
    steps: tuple[Step, ...]
    feedback: tuple[Feedback, ...] = ()
    note: str = ""

    def texts(self) -> Iterator[tuple[str, str]]:
        yield "head", self.title
        for step in self.steps:
            yield "body", f"{step.name}: {step.signal}" if step.signal else step.name
        for fb in self.feedback:
            yield "body", f"{fb.source} {fb.effect} {fb.target}" + (f" ({fb.label})" if fb.label else "")
        if self.note:
            yield "body", self.note

    def in_words(self) -> list[str]:
        """The cascade as numbered steps and the feedback as sentences: what the terminal's plain
        mode reads out and what an export writes beside its drawing (raw text, not yet cleaned)."""
        out = []
        for i, step in enumerate(self.steps, 1):
            line = f"Step {i}: {step.name}."
            if step.signal:
                # 'to step 2:' reads for a thing sent ('GnRH in pulses') and an action ('binds RANK') alike
                line += f" To step {i + 1}: {step.signal}." if i < len(self.steps) else f" Then: {step.signal}."
            out.append(line)
        for fb in self.feedback:
            out.append(f"Feedback: {fb.source} {fb.effect} {fb.target}" + (f" ({fb.label})." if fb.label else "."))
        return out


@dataclass(frozen=True, slots=True)
class ChartPoint:
    label: str
    value: float


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    unit: str
    points: tuple[ChartPoint, ...]
    cite: tuple[str, ...]
    note: str = ""

    def texts(self) -> Iterator[tuple[str, str]]:
        yield "head", self.title
        for point in self.points:
            yield "body", point.label
        if self.note:
            yield "body", self.note


@dataclass(frozen=True, slots=True)
class Callout:
    kind: str
    text: str
    title: str = ""

    def texts(self) -> Iterator[tuple[str, str]]:
        if self.title:
            yield "head", self.title
        yield "body", self.text


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    evidence: str
    cite: tuple[str, ...]
    note: str = ""

    def texts(self) -> Iterator[tuple[str, str]]:
        yield "body", self.text
        if self.note:
            yield "body", self.note


Block = Union[Paragraph, Heading, BulletList, KeyPoints, Table, Diagram, Chart, Callout, Claim]


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    title: str
    blocks: tuple[Block, ...]
    module: str = ""
    level: str = ""
    number: int = 0  # 1-based position within its level


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    pages: tuple[Page, ...]


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    why: str
    correct: bool = False


@dataclass(frozen=True, slots=True)
class OrderItem:
    text: str
    why: str


@dataclass(frozen=True, slots=True)
class MatchPair:
    left: str
    right: str
    why: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    module: str
    level: str
    type: str
    prompt: str
    page: str  # "page-id" or "slug/page-id" as written
    explanation: str = ""
    options: tuple[Option, ...] = ()
    answer: bool | float | None = None  # true-false: bool; numeric: float
    why_true: str = ""
    why_false: str = ""
    items: tuple[OrderItem, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    tolerance: float = 0.0
    unit: str = ""

    @property
    def page_ref(self) -> tuple[str, str]:
        """(module slug, page id) of the teaching page."""
        if "/" in self.page:
            slug, _, page = self.page.partition("/")
            return slug, page
        return self.module, self.page


@dataclass(frozen=True, slots=True)
class Module:
    slug: str
    title: str
    summary: str
    aliases: tuple[str, ...]
    levels: tuple[Level, ...]
    questions: tuple[Question, ...]
    path: str = ""
    order: int = 100  # position in the course; ties sort by slug

    def level(self, name: str) -> Level:
        for level in self.levels:
            if level.name == name:
                return level
        raise KeyError(name)

    @property
    def pages(self) -> tuple[Page, ...]:
        return tuple(p for level in self.levels for p in level.pages)

    def page(self, page_id: str) -> Page | None:
        for p in self.pages:
            if p.id == page_id:
                return p
        return None


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    status: str = ""
    path: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    id: str
    authors: str
    year: int
    title: str
    source: str
    doi: str = ""
    url: str = ""
    path: str = ""

    def short(self) -> str:
        """'Bhasin et al. 2018', 'Van Cauter et al. 2000', 'Møller and Jørgensen 2009', 'Frost 1987'."""
        first = self.authors.split(",")[0].strip()
        if " et al" in first:
            first = first.split(" et al")[0].strip()
        words = first.split(" ")
        while len(words) > 1 and words[-1].replace("-", "").isupper() and len(words[-1]) <= 3:
            words.pop()  # trailing initials
        surname = " ".join(words) or "?"
        names = [n.strip() for n in self.authors.split(",") if n.strip()]
        if "et al" in self.authors or len(names) > 2:
            return f"{surname} et al. {self.year}"
        if len(names) == 2:
            second = names[1].split(" ")
            while len(second) > 1 and second[-1].replace("-", "").isupper() and len(second[-1]) <= 3:
                second.pop()
            return f"{surname} and {' '.join(second)} {self.year}"
        return f"{surname} {self.year}"

    def full(self) -> str:
        tail = f" doi:{self.doi}" if self.doi else (f" {self.url}" if self.url else "")
        return f"{self.authors} ({self.year}). {self.title}. {self.source}.{tail}"


class Library:
    """Everything the content directories hold, resolved.

    Modules can be given whole, or named in course order with a `loader` that builds one
    on demand (the content layer passes one that reads its cache), so a command that shows
    one module never loads the others. The model itself does no I/O."""

    __slots__ = ("_modules", "_order", "_loader", "terms", "references")

    def __init__(self, modules: tuple[Module, ...] | list[Module] = (), terms: dict[str, Term] | None = None,
                 references: dict[str, Reference] | None = None, *, order: tuple[str, ...] = (),
                 loader: Callable[[str], Module | None] | None = None):
        self._modules: dict[str, Module] = {mod.slug: mod for mod in modules}
        self._order = tuple(order) or tuple(self._modules)
        self._loader = loader
        self.terms: dict[str, Term] = terms if terms is not None else {}
        self.references: dict[str, Reference] = references if references is not None else {}

    @property
    def slugs(self) -> tuple[str, ...]:
        """Every module's slug, in course order, without loading any module."""
        return self._order

    @property
    def modules(self) -> tuple[Module, ...]:
        """Every module, in course order (loads each one not loaded yet)."""
        found = (self.module(slug) for slug in self._order)
        return tuple(mod for mod in found if mod is not None)

    def each(self) -> Iterator[Module]:
        """Every module in course order, without keeping the ones not loaded yet (one pass over a
        large course needs only one module in memory at a time)."""
        for slug in self._order:
            mod = self._modules.get(slug)
            if mod is None and self._loader is not None:
                mod = self._loader(slug)
            if mod is not None:
                yield mod

    def module(self, slug: str) -> Module | None:
        mod = self._modules.get(slug)
        if mod is None and self._loader is not None and slug in self._order:
            mod = self._loader(slug)
            if mod is not None:
                self._modules[slug] = mod
        return mod

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Library) and self.modules == other.modules and self.terms == other.terms
                and self.references == other.references)

    __hash__ = None  # type: ignore[assignment]
