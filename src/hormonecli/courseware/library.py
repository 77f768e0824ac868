"""Find and load content strictly: the shipped course plus any content packs.

`scan()` lists the content files (with a stamp of each, read from the directory alone);
`load()` reads every file strictly and reports every finding (the linter and the caches'
builders use it). What a command uses day to day is `courseware/content.Content`, which
keeps each file's parsed form in the cache and loads a module only when it is shown.
"""
from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple

from hormonecli import cache
from hormonecli.errors import UsageError

if TYPE_CHECKING:  # model and loader are imported where used, so scanning stays cheap to import
    from hormonecli.courseware import model as m
    from hormonecli.courseware.yamlread import Finding

KINDS = ("modules", "glossary", "references")


class SourceFile(NamedTuple):
    kind: str    # modules | glossary | references
    path: str    # absolute
    stamp: str   # cache.stamp() of the file: changes whenever the file does


def scan(dirs: list[Path]) -> list[SourceFile]:
    """Every content file under the given content folders (or given as files), in a stable order,
    with absolute paths. A warm command scans on every run, so this is one scandir per folder and
    one stat per file (a pack of thousands of files costs little more than its stat calls)."""
    out: list[SourceFile] = []
    stamp = cache.stamp
    for d in dirs:
        d = Path(os.path.abspath(d))
        if d.is_file():
            try:
                out.append(SourceFile(classify(d), str(d), stamp(d.stat())))
            except OSError:
                pass
            continue
        kinds = [(d.name, str(d))] if d.name in KINDS and not (d / d.name).is_dir() else \
            [(kind, os.path.join(d, kind)) for kind in KINDS]
        for kind, folder in kinds:
            try:
                with os.scandir(folder) as it:
                    entries = {e.name: e for e in it if e.name.endswith((".yaml", ".yml")) and e.is_file()}
            except OSError:
                continue
            for name in sorted(entries):
                e = entries[name]
                try:
                    out.append(SourceFile(kind, e.path, stamp(e.stat())))
                except OSError:
                    continue
    return out


def content_files(dirs: list[Path]) -> list[tuple[str, Path]]:
    """(kind, path) for every content file under the given content directories."""
    return [(f.kind, Path(f.path)) for f in scan(dirs)]


def classify(path: Path) -> str:
    """The kind of a single file: by its folder, else by its top-level key."""
    if path.parent.name in KINDS:
        return path.parent.name
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return "modules"
    if re.search(r"^terms:", head, re.M):
        return "glossary"
    if re.search(r"^references:", head, re.M):
        return "references"
    return "modules"


def check_dirs(dirs: list[Path]) -> None:
    from hormonecli.escapes import shorten

    for d in dirs[1:]:
        try:
            exists = d.exists()
        except (OSError, ValueError):  # a name too long for the system, or with a NUL in it
            exists = False
        if not exists:
            raise UsageError(f"content directory not found: {shorten(str(d), 120)}")


@contextmanager
def no_gc() -> Iterator[None]:
    """Loading builds many small objects and no cycles: the cyclic collector only slows it down."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse(kind: str, path: Path, findings: list[Finding], docs: dict | None = None, memo: dict | None = None,
          stamp: str = "") -> Any:
    """One file as model objects (a Module, or a list of Terms or References); None if unreadable.

    `memo` keeps results by path and stamp, so repeated strict loads of the same files (the
    linter's tests) parse each version of a file once."""
    if memo is not None and (str(path), stamp) in memo:
        doc, got, found = memo[(str(path), stamp)]
        findings.extend(found)
        if docs is not None and doc is not None:
            docs[str(path)] = doc
        return got
    mine: list[Finding] = []
    got = _parse(kind, path, mine, docs)
    findings.extend(mine)
    if memo is not None:
        memo[(str(path), stamp)] = ((docs or {}).get(str(path)), got, mine)
    return got


def _parse(kind: str, path: Path, findings: list[Finding], docs: dict | None) -> Any:
    from hormonecli.courseware.loader import build_module, build_references, build_terms
    from hormonecli.courseware.yamlread import read_yaml

    doc = read_yaml(path, findings)
    if doc is None:
        return None
    if docs is not None:
        docs[str(path)] = doc
    if kind == "modules":
        return build_module(doc, findings)
    return build_terms(doc, findings) if kind == "glossary" else build_references(doc, findings)


def load(dirs: list[Path], docs: dict | None = None, memo: dict | None = None) -> tuple[m.Library, list[Finding]]:
    """Load every file strictly; return the library and every finding of loading it.

    `docs`, when given, collects each parsed file by path (the linter reuses them); `memo`, see parse()."""
    from hormonecli.courseware import model as m
    from hormonecli.courseware.yamlread import Finding

    findings: list[Finding] = []
    docs = {} if docs is None else docs
    modules: list[m.Module] = []
    terms: dict[str, m.Term] = {}
    refs: dict[str, m.Reference] = {}
    with no_gc():
        for f in scan(dirs):
            path = Path(f.path)
            got = parse(f.kind, path, findings, docs, memo, f.stamp)
            if got is None:
                continue
            doc = docs[f.path]
            if f.kind == "modules":
                other = next((x for x in modules if x.slug == got.slug), None)
                if other is not None:
                    findings.append(Finding("HC009", "error", f.path, doc.line(("slug",)), "slug",
                                            f"module '{got.slug}' is also defined in {other.path}"))
                    continue
                modules.append(got)
                continue
            table: dict = terms if f.kind == "glossary" else refs
            what = "glossary term" if f.kind == "glossary" else "reference"
            for item in got:
                if item.id in table:
                    findings.append(Finding("HC009", "error", f.path, _line_of(doc, "terms" if f.kind == "glossary"
                                                                             else "references", item.id),
                                            f.kind, f"{what} '{item.id}' is also defined in {table[item.id].path}"))
                    continue
                table[item.id] = item
    modules.sort(key=lambda mod: (mod.order, mod.slug))
    findings.extend(clashes(modules, docs))
    return m.Library(tuple(modules), terms, refs), findings


def clashes(modules: list, docs: dict | None) -> list[Finding]:
    """Ids that must be unique across modules: question ids (review state is keyed by them) and
    module names (a name must mean one module). Lines come from `docs` when given."""
    from hormonecli.courseware.yamlread import Finding

    out: list[Finding] = []

    def where(mod: Any, path: tuple) -> int:
        doc = (docs or {}).get(mod.path)
        return doc.line(path) if doc else 0

    seen_q: dict[str, str] = {}
    for mod in modules:
        for i, q in enumerate(mod.questions):
            if q.id in seen_q:
                out.append(Finding("HC009", "error", mod.path, where(mod, ("questions", i, "id")),
                                   f"questions[{i}].id", f"question id '{q.id}' is also used in {seen_q[q.id]}"))
            else:
                seen_q[q.id] = mod.slug
    owner = {mod.slug: mod.slug for mod in modules}
    for mod in modules:
        for i, alias in enumerate(mod.aliases):
            if owner.get(alias, mod.slug) != mod.slug:
                out.append(Finding("HC031", "error", mod.path, where(mod, ("aliases", i)), f"aliases[{i}]",
                                   f"alias '{alias}' already names module '{owner[alias]}'"))
            else:
                owner[alias] = mod.slug
    return out


def _line_of(doc: Any, key: str, ident: str) -> int:
    for i, item in enumerate(doc.data.get(key) or []):
        if isinstance(item, dict) and item.get("id") == ident:
            return doc.line((key, i, "id"))
    return 0
