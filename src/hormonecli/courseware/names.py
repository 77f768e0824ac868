"""Names a learner types, resolved: modules, levels, pages, and one fuzzy matcher for suggestions.

`resolve()` is the one rule for every name: the exact name or an alias, else an
unambiguous prefix, else a usage error with the closest names.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Mapping

from hormonecli.errors import UsageError
from hormonecli.escapes import shorten

if TYPE_CHECKING:
    from hormonecli.courseware import model as m

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVELS = ("fundamentals", "intermediate", "academic")


def normalise(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def suggest(word: str, choices: list[str], limit: int = 3, cutoff: float = 70) -> list[str]:
    """The closest names to a word, best first (rapidfuzz, imported only on this path)."""
    if not word or not choices:
        return []
    from rapidfuzz import fuzz, process

    found = process.extract(word, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    return [c for c, _, _ in found]


def resolve(name: str, table: Mapping[str, str], *, what: str, choices: str = "", see: str = "") -> str:
    """What `name` means in `table` (every accepted name -> its canonical name).

    Exact names and aliases first, then an unambiguous prefix. Otherwise a one-line usage
    error: with `choices`, it lists them; else it suggests the closest names."""
    want = normalise(name)
    if want in table:
        return table[want]
    hits = {value for key, value in table.items() if want and key.startswith(want)}
    if len(hits) == 1:
        return hits.pop()
    shown = shorten(name)
    if len(hits) > 1:
        raise UsageError(f"'{shown}' could mean {', '.join(sorted(hits))}; type more of the name")
    if choices:
        raise UsageError(f"unknown {what} '{shown}'; choose {choices}")
    near = list(dict.fromkeys(table[key] for key in suggest(want, list(table))))
    hint = f"; did you mean {' or '.join(repr(s) for s in near[:2])}?" if near else ""
    raise UsageError(f"no {what} named '{shown}'{hint}" + (f" (see '{see}')" if see else ""))


def module_table(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Every name of every module (slug and aliases) -> its slug, given (slug, aliases) in course order."""
    table: dict[str, str] = {}
    for slug, aliases in entries:
        table[slug] = slug
        for alias in aliases:
            table.setdefault(alias, slug)
    return table


def resolve_slug(entries: Iterable[tuple[str, Iterable[str]]], name: str) -> str:
    """The slug that a module name means (slug, alias or unambiguous prefix)."""
    return resolve(name, module_table(entries), what="module", see="hormonecli list")


def resolve_module(library: m.Library, name: str) -> m.Module:
    """A module by slug, alias or unambiguous prefix; else a usage error with suggestions."""
    mod = library.module(resolve_slug([(mod.slug, mod.aliases) for mod in library.modules], name))
    assert mod is not None
    return mod


def resolve_level(name: str) -> str:
    return resolve(name, {lv: lv for lv in LEVELS}, what="level", choices="fundamentals, intermediate or academic")


def find_page(module: m.Module, ref: str, level: str | None = None) -> m.Page:
    """A page by id or by its 1-based number within the level (fundamentals unless given)."""
    pages = module.level(level).pages if level else module.pages
    if ref.isascii() and ref.isdigit():
        n = int(ref)
        if 1 <= n <= len(pages):
            return pages[n - 1]
        where = f"{module.slug}{' · ' + level if level else ''}"
        raise UsageError(f"page {shorten(ref, 12)} is out of range: {where} has {len(pages)} pages")
    page = module.page(ref)
    if page is not None and (level is None or page.level == level):
        return page
    if page is not None:
        raise UsageError(f"page '{page.id}' is in {module.slug} · {page.level}, not {level}; "
                         f"leave out --level or use --level {page.level}")
    near = suggest(ref, [p.id for p in pages], 1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    raise UsageError(f"no page '{shorten(ref)}' in {module.slug}{hint}")


def start_page(module: m.Module, *, level: str | None = None, page: str | None = None,
               position: tuple[str, str] | None = None) -> m.Page:
    """Where `learn` opens: the page asked for; else the saved position (within the level asked
    for, if any); else the first page of the level (fundamentals by default)."""
    if page is not None:
        numbered = page.isascii() and page.isdigit()
        return find_page(module, page, level or ("fundamentals" if numbered else None))
    if position and (level is None or position[0] == level):
        saved = module.page(position[1])
        if saved is not None:
            return saved
    return module.level(level or "fundamentals").pages[0]
