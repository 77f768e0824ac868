"""Find, load and resolve content: the shipped content plus any content packs."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from hormonecli.errors import ContentError, UsageError

if TYPE_CHECKING:  # model and loader are imported where used, so fingerprint() stays cheap to import
    from hormonecli.courseware import model as m
    from hormonecli.courseware.yamlread import Finding

KINDS = ("modules", "glossary", "references")


def content_files(dirs: list[Path]) -> list[tuple[str, Path]]:
    """(kind, path) for every content file under the given content directories."""
    return [(kind, Path(path)) for kind, path, _ in _scan(dirs)]


def _scan(dirs: list[Path]):
    """(kind, path, DirEntry or None) for every content file, in a stable order.

    os.scandir spares a stat per file (and pathlib's slow sorting), which matters when
    a large content set is fingerprinted on every command."""
    import os

    for d in dirs:
        if d.is_file():
            yield classify(d), str(d), None
            continue
        kinds = [(d.name, str(d))] if d.name in KINDS and not (d / d.name).is_dir() else \
            [(kind, os.path.join(d, kind)) for kind in KINDS]
        for kind, folder in kinds:
            try:
                with os.scandir(folder) as it:
                    entries = sorted((e for e in it if e.name.endswith((".yaml", ".yml")) and e.is_file()),
                                     key=lambda e: e.name)
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError:
                continue
            for e in entries:
                yield kind, e.path, e


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


def load(dirs: list[Path], docs: dict | None = None) -> tuple[m.Library, list[Finding]]:
    """Load every file; return the library and the findings of loading it.

    `docs`, when given, collects each parsed file by path (the linter reuses them)."""
    from hormonecli.courseware import model as m
    from hormonecli.courseware.loader import build_module, build_references, build_terms
    from hormonecli.courseware.yamlread import Finding, read_yaml

    findings: list[Finding] = []
    docs = {} if docs is None else docs
    modules: list[m.Module] = []
    terms: dict[str, m.Term] = {}
    refs: dict[str, m.Reference] = {}
    for kind, path in content_files(dirs):
        doc = read_yaml(path, findings)
        if doc is None:
            continue
        docs[str(path)] = doc
        if kind == "modules":
            mod = build_module(doc, findings)
            if mod is None:
                continue
            other = next((x for x in modules if x.slug == mod.slug), None)
            if other is not None:
                findings.append(Finding("HC009", "error", str(path), doc.line(("slug",)), "slug",
                                        f"module '{mod.slug}' is also defined in {other.path}"))
                continue
            modules.append(mod)
        elif kind == "glossary":
            for t in build_terms(doc, findings):
                if t.id in terms:
                    findings.append(Finding("HC009", "error", str(path), _line_of(doc, "terms", t.id), "terms",
                                            f"glossary term '{t.id}' is also defined in {terms[t.id].path}"))
                    continue
                terms[t.id] = t
        else:
            for ref in build_references(doc, findings):
                if ref.id in refs:
                    findings.append(Finding("HC009", "error", str(path), _line_of(doc, "references", ref.id),
                                            "references", f"reference '{ref.id}' is also defined in {refs[ref.id].path}"))
                    continue
                refs[ref.id] = ref
    modules.sort(key=lambda mod: (mod.order, mod.slug))
    findings.extend(_clashes(modules, docs))
    return m.Library(tuple(modules), terms, refs), findings


def _clashes(modules: list, docs: dict | None) -> list[Finding]:
    """Ids that must be unique across modules: question ids (review state is keyed by them) and
    module names (a name must mean one module)."""
    from hormonecli.courseware.yamlread import Finding

    out: list[Finding] = []

    def where(mod, path: tuple) -> int:
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


def _line_of(doc, key: str, ident: str) -> int:
    for i, item in enumerate(doc.data.get(key) or []):
        if isinstance(item, dict) and item.get("id") == ident:
            return doc.line((key, i, "id"))
    return 0


def digest(text: str) -> str:
    """A short key for cache files. Not cryptographic: it only has to change when its input does.
    (zlib instead of hashlib spares loading OpenSSL on every command.)"""
    import zlib

    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data) & 0xFFFFFF:06x}"


def fingerprint(dirs: list[Path]) -> str:
    """A cheap key that changes when any content file changes (paths, sizes, mtimes)."""
    import os

    from hormonecli import FORMAT_VERSION, __version__

    parts = [f"{__version__}\0{FORMAT_VERSION}"]
    for kind, path, entry in _scan(dirs):
        try:
            st = entry.stat() if entry is not None else os.stat(path)
        except OSError:
            continue
        parts.append(f"{kind}\0{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}")
    return digest("\n".join(parts))


def check_dirs(dirs: list[Path]) -> None:
    for d in dirs[1:]:
        if not d.exists():
            raise UsageError(f"content directory not found: {d}")


class Content:
    """The content of one command: its folders, their fingerprint, and the library, each worked
    out once and only when first needed."""

    def __init__(self, extra_dirs: list[str] | tuple[str, ...] = ()):
        from hormonecli.paths import content_dirs

        self.extra_dirs = tuple(extra_dirs)
        self.dirs = content_dirs(self.extra_dirs)
        check_dirs(self.dirs)
        self._fingerprint: str | None = None
        self._library: m.Library | None = None
        self._manifest: list[dict] | None = None

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self.dirs)
        return self._fingerprint

    @property
    def library(self) -> m.Library:
        if self._library is None:
            self._library = open_library(self)
        return self._library

    @property
    def manifest(self) -> list[dict]:
        if self._manifest is None:
            self._manifest = manifest(self)
        return self._manifest


def open_library(content: Content) -> m.Library:
    """The library for a command: fails on the first error that stops content loading.

    A parsed copy is kept in the cache dir under the content's fingerprint, so a
    command that runs again on unchanged content parses no YAML.
    """
    key = content.fingerprint
    cached = _read_cache(key)
    if cached is not None:
        return cached
    library, findings = load(content.dirs)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more; run 'hormonecli validate')" if len(errors) > 1 else ""
        raise ContentError(f"{first.code}: {first.message}{more}", first.path, first.line)
    _write_cache(key, library)
    return library


MANIFEST_VERSION = 2  # bump when summarise() changes shape


def manifest(content: Content) -> list[dict]:
    """Module summaries for quick screens (list, the welcome, resolving names), without
    unpickling the whole library: slug, title, aliases, summary, order, pages per level
    (id and title) and the question count, in course order."""
    import json

    from hormonecli.paths import cache_dir

    key = content.fingerprint
    try:
        with open(cache_dir() / f"manifest-{MANIFEST_VERSION}-{key}.json", encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, list):
            return data
    except (OSError, ValueError):
        pass
    data = summarise(content.library)
    _write_atomic(cache_dir() / f"manifest-{MANIFEST_VERSION}-{key}.json", json.dumps(data).encode("utf-8"), "manifest-*.json")
    return data


def summarise(library: m.Library) -> list[dict]:
    return [{
        "slug": mod.slug, "title": mod.title, "aliases": list(mod.aliases), "summary": mod.summary,
        "order": mod.order, "questions": len(mod.questions), "question_ids": [q.id for q in mod.questions],
        "levels": {lv.name: [[p.id, p.title] for p in lv.pages] for lv in mod.levels},
    } for mod in library.modules]


def _write_atomic(target: Path, data: bytes, pattern: str) -> None:
    """Write a cache file atomically, removing older versions; an unwritable cache only costs speed."""
    import os
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob(pattern) if pattern else ():
            if old != target:
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix="." + target.stem + "-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        pass


def read_cached(name: str) -> str | None:
    """A text file from the cache dir, or None."""
    from hormonecli.paths import cache_dir

    try:
        return (cache_dir() / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_cached(name: str, text: str, keep: int = 24) -> None:
    """Store a text file in the cache dir (atomically), keeping only the newest few of its kind."""
    from hormonecli.paths import cache_dir

    target = cache_dir() / name
    _write_atomic(target, text.encode("utf-8"), "")
    prefix = name.split("-")[0] + "-"
    try:
        olds = sorted(target.parent.glob(prefix + "*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _cache_file(key: str) -> Path:
    from hormonecli.paths import cache_dir

    return cache_dir() / f"library-{key}.pickle"


def _read_cache(key: str) -> m.Library | None:
    import pickle

    from hormonecli.courseware import model as m

    try:
        with open(_cache_file(key), "rb") as fh:
            library = pickle.load(fh)
    except Exception:  # missing, stale, corrupt, unreadable: parse the YAML instead
        return None
    return library if isinstance(library, m.Library) else None


def _write_cache(key: str, library: m.Library) -> None:
    import pickle

    _write_atomic(_cache_file(key), pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL), "library-*.pickle")


def printed_name(content: Content, slug: str, level: str | None, width: int, plain: bool) -> str:
    """The cache file name for a printed selection: uncoloured output depends only on these."""
    from hormonecli import __version__

    parts = [__version__, content.fingerprint, slug, level or "", str(width), str(plain)]
    return "print-" + digest("\0".join(parts)) + ".txt"


