"""Content text read against the library: terms named, cross-references aimed and labelled,
citations labelled. The terminal (render/text.py) and every export read markup through here,
so a term, a link or a citation reads the same everywhere.

Pure: it returns format-neutral pieces with control characters made visible (escapes.clean);
each view turns them into its own styles or syntax.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from hormonecli.courseware import markup
from hormonecli.escapes import clean

if TYPE_CHECKING:  # annotations only: the terminal's inline view imports this module
    from hormonecli.courseware import model as m


@dataclass(frozen=True, slots=True)
class Piece:
    """One run of resolved inline text."""

    kind: str  # text | em | strong | term | xref | cite
    text: str = ""  # what is shown ("" for cite)
    target: str = ""  # term id; xref "slug" or "slug/page-id" (made absolute)
    known: bool = True  # the term, or the xref's module and page, exists in the library
    cites: tuple[tuple[str, str], ...] = ()  # cite: (reference id, label) in the order written


def sentence_start(before: str) -> bool:
    """True when a word placed after `before` begins a sentence."""
    stripped = before.rstrip()
    return not stripped or stripped[-1] in ".!?:"


class Resolver:
    """Reads content text for one library. Citation labels are worked out once, on first use."""

    def __init__(self, library: m.Library):
        self.library = library
        self._labels: dict[str, str] | None = None

    def pieces(self, text: str, module: Optional[m.Module] = None) -> list[Piece]:
        """`text` as pieces; `module` is where the text stands (for '[[/page]]' links)."""
        out: list[Piece] = []
        for seg in markup.parse(clean(text)):
            if seg.kind in ("text", "em", "strong"):
                out.append(Piece(seg.kind, seg.text))
            elif seg.kind == "term":
                term = self.library.terms.get(seg.target)
                shown = seg.text or (clean(term.term) if term else seg.target)
                if not seg.text and sentence_start("".join(p.text for p in out)) and shown.split(" ")[0].islower():
                    shown = shown[:1].upper() + shown[1:]  # 'sarcopenia' -> 'Sarcopenia'; never 'mTORC1' -> 'MTORC1'
                out.append(Piece("term", shown, seg.target, term is not None))
            elif seg.kind == "xref":
                target = self.xref_target(seg.target, module)
                out.append(Piece("xref", seg.text or self.xref_label(target), target, self.xref_exists(target)))
            else:
                ids = [i for i in seg.target.split(";") if i]
                if out and out[-1].kind == "text":  # "humans [@x]." reads "humans (X 2020)."
                    out[-1] = Piece("text", out[-1].text.rstrip())
                out.append(Piece("cite", cites=tuple((rid, self.cite_label(rid)) for rid in ids)))
        return out

    def plain(self, text: str) -> str:
        """Text with its markup read out and citations dropped (titles, captions, attributes)."""
        return clean(markup.plain(text, self.library.terms))

    @staticmethod
    def xref_target(target: str, module: Optional[m.Module]) -> str:
        """'[[/page]]' inside a module means that module's page."""
        return f"{module.slug}{target}" if target.startswith("/") and module is not None else target

    def xref_label(self, target: str) -> str:
        """What a link without its own words shows: the page's title, or the module's."""
        slug, _, page_id = target.partition("/")
        mod = self.library.module(slug)
        if mod is None:
            return clean(target)
        if page_id:
            page = mod.page(page_id)
            return clean(page.title) if page else clean(target)
        return clean(mod.title)

    def xref_exists(self, target: str) -> bool:
        slug, _, page_id = target.partition("/")
        mod = self.library.module(slug)
        return mod is not None and (not page_id or mod.page(page_id) is not None)

    def cite_label(self, rid: str) -> str:
        """'Bhasin et al. 2018'; two references that would read the same get their title's lead words."""
        if self._labels is None:
            self._labels = cite_labels(self.library.references)
        return self._labels.get(rid, clean(rid))


def cite_labels(references: dict[str, m.Reference]) -> dict[str, str]:
    """Every reference's short label, by id: 'Surname et al. YEAR', with the title's first words
    added where two references would otherwise read the same."""
    counts: dict[str, int] = {}
    for ref in references.values():
        counts[ref.short()] = counts.get(ref.short(), 0) + 1
    labels = {}
    for rid, ref in references.items():
        short = ref.short()
        if counts[short] > 1:
            short = f"{short}, {' '.join(ref.title.split(':')[0].split()[:4])}"
        labels[rid] = clean(short)
    return labels
