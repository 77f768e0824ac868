"""How content points at itself: the prose of a page, its references, and links between modules."""
from __future__ import annotations

from typing import Iterator

from hormonecli.courseware import markup
from hormonecli.courseware import model as m


def page_texts(page: m.Page) -> Iterator[str]:
    """Every piece of text on a page, as its blocks describe themselves."""
    yield page.title
    for b in page.blocks:
        for _role, text in b.texts():
            yield text


def page_refs(page: m.Page) -> Iterator[markup.Seg]:
    for text in page_texts(page):
        yield from markup.refs(text)


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
