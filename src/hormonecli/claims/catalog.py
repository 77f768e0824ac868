"""Every evidence-labelled claim of the course, read from the search index.

The claim index is built with the search index (search/build.py), so listing claims
parses no YAML and loads no content model once the cache is warm. Rows read back
from the cache are checked; a malformed one is skipped, never trusted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from hormonecli.courseware.evidence import LABELS, resolve_label
from hormonecli.courseware.names import resolve, resolve_slug
from hormonecli.search.index import Index
from hormonecli.search.index import with_index as with_index  # a damaged index is rebuilt once, as for search

if TYPE_CHECKING:
    from hormonecli.courseware.content import Content

GROUPINGS = {"module": "module", "modules": "module", "label": "label", "labels": "label", "evidence": "label"}
_COLUMNS = "id, label, text, note, sources, module, module_title, level, page, page_title, key"


class Claim(NamedTuple):  # a tuple: a listing builds one per claim at start-up
    id: int  # its place in the course (module order, then level and page order)
    label: str
    text: str
    note: str
    sources: tuple[str, ...]  # short citations: 'Snyder et al. 2016'
    module: str
    module_title: str
    level: str
    page: str
    page_title: str
    key: str  # the text as compared for sameness (evidence.claim_key)


@dataclass
class Catalog:
    claims: list[Claim]
    modules: list[tuple[str, str]]  # (slug, title) of every module with claims, in course order
    label: str = ""   # the --label filter, resolved
    module: str = ""  # the --module filter, resolved
    by: str = "module"
    total: int = 0    # claims in the course before filtering


def _claim(row: tuple) -> Claim | None:
    """A claim row as read back from the cache, or None when it is not what the index writes."""
    try:
        cid, label, text, note, sources, module, module_title, level, page, page_title, key = row
        cited = json.loads(sources)
    except (ValueError, TypeError):
        return None
    strings = (text, note, module, module_title, level, page, page_title, key)
    if not (isinstance(cid, int) and label in LABELS and all(isinstance(s, str) for s in strings) and text
            and isinstance(cited, list) and all(isinstance(s, str) for s in cited)):
        return None
    return Claim(cid, label, text, note, tuple(cited), module, module_title, level, page, page_title, key)


def read_claims(index: Index, where: str = "", args: tuple = ()) -> list[Claim]:
    rows = index.conn.execute(f"SELECT {_COLUMNS} FROM claims {where} ORDER BY id", args)
    return [c for c in map(_claim, rows) if c is not None]


def filters(content: Content, label: str | None, module: str | None) -> tuple[str, str]:
    """The --label and --module filters resolved: a usage error (exit 2) for a name that means nothing."""
    want_label = resolve_label(label) if label is not None else ""
    slug = resolve_slug([(mod["slug"], mod["aliases"]) for mod in content.modules], module) if module is not None else ""
    return want_label, slug


def catalog(content: Content, *, label: str | None = None, module: str | None = None, by: str | None = None) -> Catalog:
    """Every claim, or those with one label or in one module: the one call `claims` makes to list."""
    grouping = resolve(by, GROUPINGS, what="grouping", choices="module or label") if by is not None else "module"
    want_label, slug = filters(content, label, module)
    every = with_index(content, read_claims)
    shown = [c for c in every if (not want_label or c.label == want_label) and (not slug or c.module == slug)]
    modules = list(dict.fromkeys((c.module, c.module_title) for c in every))
    return Catalog(shown, modules, want_label, slug, grouping, len(every))
