"""How content points at itself: cross-references, where terms are taught."""
from __future__ import annotations

from typing import Iterator

from hormonecli import markup
from hormonecli import model as m


def page_texts(page: m.Page) -> Iterator[str]:
    """Every piece of prose on a page."""
    yield page.title
    for b in page.blocks:
        for attr in ("text", "title", "caption", "note"):
            v = getattr(b, attr, None)
            if isinstance(v, str) and v:
                yield v
        for item in getattr(b, "items", ()) or ():
            yield item
        for row in getattr(b, "rows", ()) or ():
            yield from row
        for col in getattr(b, "columns", ()) or ():
            yield col


def page_refs(page: m.Page) -> Iterator[markup.Seg]:
    for text in page_texts(page):
        yield from markup.refs(text)


def taught_in(library: m.Library, term_id: str) -> list[tuple[m.Module, m.Page]]:
    """Pages that use a glossary term (marked up, or named by its term or an alias), in course order."""
    import re

    term = library.terms.get(term_id)
    names = [term.term, *term.aliases] if term else []
    patterns = []
    for name in names:
        flags = 0 if len(name) <= 4 else re.I  # 'GH' must not match 'gh' inside words or lower case
        patterns.append(re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", flags))
    out = []
    for mod in library.modules:
        for page in mod.pages:
            texts = list(page_texts(page))
            marked = any(s.kind == "term" and s.target == term_id for t in texts for s in markup.refs(t))
            if marked or any(p.search(t) for p in patterns for t in texts):
                out.append((mod, page))
    return out


def links_out(module: m.Module) -> dict[str, int]:
    """Other modules this one links to, with counts."""
    counts: dict[str, int] = {}
    for page in module.pages:
        for s in page_refs(page):
            if s.kind == "xref" and not s.target.startswith("/"):
                slug = s.target.partition("/")[0]
                if slug != module.slug:
                    counts[slug] = counts.get(slug, 0) + 1
    return counts


def links_in(library: m.Library, slug: str) -> dict[str, int]:
    return {mod.slug: links_out(mod)[slug] for mod in library.modules if slug in links_out(mod)}


def find_term(library: m.Library, name: str) -> m.Term | None:
    """A term by id, display name or alias, folding case, spaces and dashes."""
    key = fold(name)
    for term in library.terms.values():
        if key in {fold(term.id), fold(term.term), *(fold(a) for a in term.aliases)}:
            return term
    return None


def fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text.lower())
    greek = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "μ": "mu"}
    text = "".join(greek.get(ch, ch) for ch in text if not unicodedata.combining(ch))
    return "".join(ch for ch in text if ch.isalnum())
