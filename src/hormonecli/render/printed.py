"""A lesson written out once (`learn --print`, or any output that is not a terminal).

Uncoloured output depends only on the content, the selection, the width and --plain, so it
is cached at two grains: the whole selection (keyed by the content's fingerprint: the
common case costs one file read), and each page (keyed by what that page shows: its
blocks, titles, and the words its terms, links and citations resolve to). After an edit
to a content file only the pages that changed are drawn again, so Rich is imported only
when a page really must be rendered. Coloured output (a terminal with --print) is drawn
every time.
"""
from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, TextIO

from hormonecli import cache

if TYPE_CHECKING:
    from hormonecli.courseware import model as m
    from hormonecli.courseware.content import Content


def write(out: TextIO, content: Content, slug: str, level: str | None, *, width: int, plain: bool,
          styled: bool, no_color: bool) -> None:
    """Write the selection (a module, or one of its levels) to `out`."""
    if styled:
        from hormonecli.render.page import print_pages
        from hormonecli.render.text import Style, make_console

        library = content.library
        mod = library.module(slug)
        assert mod is not None
        console = make_console(plain=plain, no_color=no_color, width=width, file=out)
        print_pages(console, library, mod, _pages(mod, level), Style(plain=plain))
        return
    out.write(text(content, slug, level, width=width, plain=plain))


def write_page(out: TextIO, content: Content, slug: str, page_id: str, *, width: int, plain: bool,
               styled: bool, no_color: bool) -> None:
    """Write one page of a module (`learn --page P --print`), from the page cache when uncoloured."""
    library = content.library
    mod = library.module(slug)
    page = mod.page(page_id) if mod is not None else None
    assert mod is not None and page is not None
    if styled:
        from hormonecli.render.page import print_pages
        from hormonecli.render.text import Style, make_console

        console = make_console(plain=plain, no_color=no_color, width=width, file=out)
        print_pages(console, library, mod, [page], Style(plain=plain))
        return
    from hormonecli.courseware.inline import Resolver

    out.write(_page_text(Resolver(library), library, mod, page, width, plain))


def text(content: Content, slug: str, level: str | None, *, width: int, plain: bool) -> str:
    from hormonecli.courseware.content import printed_name

    name = printed_name(content, slug, level, width, plain)
    found = cache.read_text(name)
    if found is not None:
        return found
    found = (_prebuilt(slug, level, width, plain) if content.shipped_only else None) or \
        _by_page(content, slug, level, width, plain)
    cache.write_text(name, found)
    cache.remove_family("print-", keep=name, newest=48)
    return found


def _pages(mod: m.Module, level: str | None) -> list[m.Page]:
    return list(mod.level(level).pages) if level else list(mod.pages)


def _prebuilt(slug: str, level: str | None, width: int, plain: bool) -> str | None:
    """The shipped course's lesson as printed when the wheel was built (80 columns only)."""
    from hormonecli.escapes import clean

    data = cache.prebuilt(cache.printed_name(slug, level, plain)) if width == cache.PRINT_WIDTH else None
    try:
        found = data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None
    return found if found is not None and clean(found) == found else None


def _by_page(content: Content, slug: str, level: str | None, width: int, plain: bool) -> str:
    from hormonecli.courseware.inline import Resolver

    library = content.library
    mod = library.module(slug)
    assert mod is not None
    resolver = Resolver(library)
    chunks: list[str] = []
    rule = ("" if plain else "─" * min(width, 80)) + "\n"
    for i, page in enumerate(_pages(mod, level)):
        if i:
            chunks.append(rule)
        chunks.append(_page_text(resolver, library, mod, page, width, plain))
    cache.remove_family("page-", newest=400)
    return "".join(chunks)


def _page_text(resolver: object, library: m.Library, mod: m.Module, page: m.Page, width: int, plain: bool) -> str:
    name = f"page-{cache.key('page', _shown(resolver, mod, page), str(width), str(plain))}.txt"
    found = cache.read_text(name)
    if found is None:
        found = _render(library, mod, page, width, plain)
        cache.write_text(name, found)
    return found


def _shown(resolver: object, mod: m.Module, page: m.Page) -> str:
    """Everything that decides how a page prints: its content and what its markup resolves to."""
    from hormonecli.courseware import codec
    from hormonecli.courseware.inline import Resolver

    assert isinstance(resolver, Resolver)
    level_size = len(mod.level(page.level).pages)
    resolved = []
    cited: list[str] = []
    for text in (page.title, *(t for b in page.blocks for _, t in b.texts())):
        for piece in resolver.pieces(text, mod):
            if piece.kind in ("term", "xref"):
                resolved.append([piece.kind, piece.text, piece.target, piece.known])
            elif piece.kind == "cite":
                resolved.append(["cite", [list(c) for c in piece.cites]])
                cited += [rid for rid, _ in piece.cites]
    for b in page.blocks:  # tables, charts and claims cite through their own lists
        for rid in getattr(b, "cite", ()) or ():
            cited.append(rid)
            resolved.append(["cite", [[rid, resolver.cite_label(rid)]]])
    refs = [library_ref.full() for rid in dict.fromkeys(cited)
            if (library_ref := resolver.library.references.get(rid)) is not None]
    return json.dumps([codec.encode(page), mod.title, level_size, resolved, refs], ensure_ascii=False)


def _render(library: m.Library, mod: m.Module, page: m.Page, width: int, plain: bool) -> str:
    from hormonecli.render.page import PageView
    from hormonecli.render.text import Style, make_console

    buf = io.StringIO()
    console = make_console(plain=plain, no_color=True, file=buf, width=width)
    console.print(PageView(library, mod, page, Style(plain=plain)))
    console.print()
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
