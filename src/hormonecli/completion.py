"""The names a shell completes: modules, aliases, pages, levels, question types, glossary terms.

Completion runs the program on every Tab, so names come from the caches only (the module
manifest, the search index's terms): no Rich, no YAML, no content model once the caches are
warm. A name that has not been typed in full is matched by prefix, ignoring case; what is
offered keeps the case the learner typed (`gnr` → `gnrh`, `GnR` → `GnRH`). Nothing here
ever raises: a completion that cannot be worked out offers nothing.

Names go out bare, without descriptions: Typer renders a description through Rich for zsh
and fish, which would cost every Tab the import of Rich.
"""
from __future__ import annotations

from typing import Iterable, Optional

#: names with these characters would need shell quoting; they are not offered (they can still be typed)
SHELL_SPECIAL = frozenset(" \t\n'\"\\$`&;|<>()*?[]{}!#~=:")

def offer(names: Iterable[str], incomplete: str) -> list[str]:
    """The names that start with what was typed (any case), once each, in the given order."""
    low = incomplete.lower()
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        if not name or SHELL_SPECIAL & set(name):
            continue
        if name.startswith(incomplete):
            value = name
        elif name.lower().startswith(low):
            value = name.lower() if incomplete.islower() else incomplete + name[len(incomplete):]
        else:
            continue
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def candidates(what: str, incomplete: str, content_dirs: list[str], params: dict) -> list[str]:
    """What to offer for `what` ("module", "module-or-all", "page", "level", "level-or-all", "type", "question",
    "kind", "label", "term"), given the words already on the line (`params`, as the command would read them)."""
    try:
        return offer(_names(what, content_dirs, params, incomplete), incomplete)
    except Exception:  # a Tab must never print a traceback into the learner's command line
        return []


def _names(what: str, content_dirs: list[str], params: dict, incomplete: str) -> list[str]:
    if what in ("level", "level-or-all"):
        from hormonecli.courseware.names import LEVELS

        return list(LEVELS) + (["all"] if what == "level-or-all" else [])
    if what == "kind":
        from hormonecli.search.index import KINDS

        return list(KINDS)
    if what == "label":
        from hormonecli.courseware.evidence import LABELS

        return list(LABELS)
    if what == "term":
        return _terms(content_dirs, [str(w) for w in params.get("term") or ()])
    manifest = _manifest(content_dirs)
    if what in ("module", "module-or-all"):
        names = ["all"] if what == "module-or-all" else []
        for mod in manifest:
            names.append(mod["slug"])
            names.extend(mod["aliases"])
        return names
    chosen = _module(manifest, params.get("module"))
    if chosen is None and what == "page":  # `learn --page` opens the module read last
        chosen = _module(manifest, _last_read())
    mods = [chosen] if chosen is not None else manifest
    if what == "type":
        return [t for mod in mods for t in mod.get("types", [])]
    if what == "question":
        return [q for mod in mods for q in mod["question_ids"]]
    if what == "page":
        level = params.get("level")
        return [page_id for mod in mods
                for lv, pages in mod["levels"].items() if not level or lv.startswith(str(level).lower())
                for page_id, _title in pages]
    return []


def _manifest(content_dirs: list[str]) -> list[dict]:
    from hormonecli.courseware.content import Content

    return Content(content_dirs).modules


def _last_read() -> Optional[str]:
    from hormonecli.store import default_store

    store = default_store()
    if not store.path.exists():
        return None
    try:
        return next(iter(store.positions()), None)
    finally:
        store.close()


def _module(manifest: list[dict], name: Optional[str]) -> Optional[dict]:
    """The module named on the line (slug, alias or prefix), if any and if it resolves."""
    if not name:
        return None
    from hormonecli.courseware.names import resolve_slug
    from hormonecli.errors import HormoneError

    try:
        slug = resolve_slug([(mod["slug"], mod["aliases"]) for mod in manifest], str(name))
    except HormoneError:
        return None
    return next((mod for mod in manifest if mod["slug"] == slug), None)


def _terms(content_dirs: list[str], typed: list[str]) -> list[str]:
    """Glossary names, one word at a time: after `define free`, the next words of names that begin `free`.

    A shell inserts one word per Tab, and `define` joins its words, so multi-word names complete
    without quoting."""
    from hormonecli.courseware.content import Content
    from hormonecli.search.index import open_index

    index = open_index(Content(content_dirs))
    done = [w.lower() for w in typed]
    out: list[str] = []
    for name in index.display_names():
        words = name.split()
        if len(words) > len(done) and [w.lower() for w in words[:len(done)]] == done:
            out.append(words[len(done)])
    return out
