"""The content of one command: what is on disk, summarised, and loaded only when shown.

`Content` scans the content folders once, keeps each file's parsed form in the cache (checked
JSON, keyed by the file's stamp and hormonecli's own code, with a summary beside the model),
builds the module manifest from those summaries, and loads a module only when it is shown.
A broken file in a content pack is skipped with a one-line warning naming it; the rest of the
course still works. Many files met for the first time are parsed by a few processes at once.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from hormonecli import cache
from hormonecli.courseware.library import SourceFile, check_dirs, no_gc, parse, scan
from hormonecli.errors import ContentError

if TYPE_CHECKING:
    from hormonecli.courseware import model as m
    from hormonecli.courseware.yamlread import Finding

MANIFEST_VERSION = 6  # bump when summarise() or file_record() change shape
Progress = Callable[[str, int, int], None]  # (what is being built, done, total)


def summarise(mod: m.Module) -> dict:
    """What quick screens (and shell completion) need of a module, without the module: names,
    pages, questions, the question types it has, and the modules it links to (with how often: the
    next step after its last level is the one it links to most)."""
    from hormonecli.courseware.links import links_out
    from hormonecli.quiz.kinds import KINDS

    return {
        "slug": mod.slug, "title": mod.title, "aliases": list(mod.aliases), "summary": mod.summary,
        "order": mod.order,
        "questions": len(mod.questions), "question_ids": [q.id for q in mod.questions],
        "question_pages": {q.id: list(q.page_ref) + [q.level] for q in mod.questions},
        "types": [t for t in KINDS if any(q.type == t for q in mod.questions)],
        "levels": {lv.name: [[p.id, p.title] for p in lv.pages] for lv in mod.levels},
        "links": links_out(mod),
    }


def _check_summary(mod: Any) -> dict:
    """A module summary's shape, checked and its text cleaned (it comes from a cache file)."""
    from hormonecli.escapes import clean

    if not isinstance(mod, dict):
        raise ValueError("summary")
    for key, kind in (("slug", str), ("title", str), ("summary", str), ("aliases", list), ("question_ids", list),
                      ("levels", dict), ("questions", int), ("order", int), ("question_pages", dict), ("types", list),
                      ("links", dict)):
        if not isinstance(mod.get(key), kind):
            raise ValueError(key)
    if not all(isinstance(x, str) for x in mod["aliases"] + mod["question_ids"] + mod["types"]):
        raise ValueError("names")
    for pages in mod["levels"].values():
        if not isinstance(pages, list) or not all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pages):
            raise ValueError("levels")
    for where in mod["question_pages"].values():
        if not isinstance(where, list) or not all(isinstance(x, str) for x in where):
            raise ValueError("question_pages")
    if not all(isinstance(k, str) and isinstance(n, int) for k, n in mod["links"].items()):
        raise ValueError("links")
    mod["title"], mod["summary"] = clean(mod["title"]), clean(mod["summary"])
    mod["levels"] = {lv: [[pid, clean(title)] for pid, title in pages] for lv, pages in mod["levels"].items()}
    return mod


def _check_manifest(data: Any) -> dict:
    """The manifest's shape, checked (a damaged or planted file is refused, never trusted)."""
    from hormonecli.escapes import clean

    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        raise ValueError("not a manifest")
    for key in ("modules", "glossary", "references", "warnings"):
        if not isinstance(data.get(key), list):
            raise ValueError(key)
    for mod in data["modules"]:
        _check_summary(mod)
        if not isinstance(mod.get("path"), str) or not isinstance(mod.get("file"), str):
            raise ValueError("path")
    if not all(isinstance(w, str) for w in data["warnings"]):
        raise ValueError("warnings")
    data["warnings"] = [clean(w) for w in data["warnings"]]
    return data


class Content:
    """The content of one command: its folders and files (scanned once), their fingerprint, the
    module manifest and the library, each worked out only when first needed."""

    def __init__(self, extra_dirs: list[str] | tuple[str, ...] = (), *, warn: Callable[[str], None] | None = None,
                 progress: Progress | None = None):
        from hormonecli.paths import content_dirs

        self.extra_dirs = tuple(extra_dirs)
        self.dirs = content_dirs(self.extra_dirs)
        check_dirs(self.dirs)
        self.warn = warn or (lambda message: None)
        self.progress = progress
        self._files: list[SourceFile] | None = None
        self._fingerprint: str | None = None
        self._manifest: dict | None = None
        self._library: m.Library | None = None
        self._objects: dict[str, Any] = {}  # files parsed by this command, kept so they are not read back

    @property
    def files(self) -> list[SourceFile]:
        if self._files is None:
            self._files = scan(self.dirs)
        return self._files

    @property
    def fingerprint(self) -> str:
        """A key that changes when any content file, or hormonecli itself, changes (no file is read)."""
        if self._fingerprint is None:
            from hormonecli import FORMAT_VERSION

            self._fingerprint = cache.key("content", str(FORMAT_VERSION), *(
                f"{f.kind}\0{f.path}\0{f.stamp}" for f in self.files))
        return self._fingerprint

    @property
    def shipped_only(self) -> bool:
        return len(self.dirs) == 1

    # -- one file ------------------------------------------------------------------
    def _file_cache(self, f: SourceFile) -> str:
        return f"file-{cache.key('file', f.kind, f.path, f.stamp)}.json"

    def _record(self, f: SourceFile, full: bool = True) -> dict:
        """The cached record of one file (see file_record): from the cache, the wheel's prebuilt
        files, or parsed now. The model is checked only when `full` (summaries suffice for a manifest)."""
        name = self._file_cache(f)

        def check(data: Any) -> dict:
            return _check_record(data, f.kind, full)

        hit = cache.read_json(name, check)
        if hit is not None:
            return hit
        shipped = cache.shipped_name(f.path)
        ready = cache.prebuilt(f"file-{shipped}.json") if shipped else None
        if ready is not None:
            import json

            try:
                hit = check(json.loads(ready))
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                hit = None
            if hit is not None:
                cache.write_bytes(name, ready)
                return hit
        record = parse_into_cache(f.kind, f.path, name, decode=True)
        self._objects[f.path] = record.pop("objects")
        return record

    def _parsed(self, f: SourceFile) -> Any:
        """The model objects of one file (a Module, or a tuple of Terms or References), or None."""
        from hormonecli.courseware import codec
        from hormonecli.courseware import model as m

        if f.path in self._objects:
            return self._objects[f.path]
        record = self._record(f)
        if f.path in self._objects:
            return self._objects[f.path]
        if record["model"] is None:
            return None
        want: Any = {"modules": m.Module, "glossary": tuple[m.Term, ...],
                     "references": tuple[m.Reference, ...]}[f.kind]
        try:
            return _rebase(codec.decode(record["model"], want), f.path)
        except ValueError:  # damaged since it was checked: parse the file again
            return parse_into_cache(f.kind, f.path, self._file_cache(f), decode=True)["objects"]

    # -- the manifest ----------------------------------------------------------------
    @property
    def manifest(self) -> dict:
        """Module summaries in course order (see summarise), the glossary and bibliography files, and
        the warnings of loading; built once per fingerprint and kept in the cache."""
        if self._manifest is None:
            name = f"manifest-{MANIFEST_VERSION}-{self.fingerprint}.json"
            data = cache.read_json(name, _check_manifest)
            if data is None:
                data = self._prebuilt_manifest() if self.shipped_only else None
                data = data or self.build_manifest()
                cache.write_json(name, data)
                cache.remove_family("manifest-", keep=name, newest=4)
                cache.prune("file-", {self._file_cache(f) for f in self.files})
            for warning in data["warnings"]:
                self.warn(warning)
            self._manifest = data
        return self._manifest

    @property
    def modules(self) -> list[dict]:
        return self.manifest["modules"]

    def _prebuilt_manifest(self) -> dict | None:
        """The wheel's manifest of the shipped course, its file names made this installation's."""
        import json

        ready = cache.prebuilt("manifest.json")
        if ready is None:
            return None
        by_name = {cache.shipped_name(f.path): f for f in self.files}
        try:
            data = _check_manifest(json.loads(ready))
            for mod in data["modules"]:
                f = by_name[mod["path"]]
                mod["path"], mod["file"] = f.path, self._file_cache(f)
            for kind in ("glossary", "references"):
                data[kind] = [by_name[name].path for name in data[kind]]
        except (ValueError, KeyError, TypeError):
            return None
        return data

    def _parse_in_parallel(self) -> None:
        """A large course met for the first time: files are parsed into their caches by a few
        processes at once (the loop in build_manifest then reads them back)."""
        folder = cache.directory()
        workers = min(4, os.cpu_count() or 1)
        if folder is None or workers < 2:
            return
        todo = [(f.kind, f.path, self._file_cache(f)) for f in self.files
                if not (folder / self._file_cache(f)).exists()]
        if len(todo) < PARALLEL_FROM:
            return
        import concurrent.futures
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork (Windows): one file after another is fine
            return
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            jobs = [pool.submit(_parse_job, *job) for job in todo]
            for done, _ in enumerate(concurrent.futures.as_completed(jobs)):
                if self.progress is not None:
                    self.progress("Reading the course", done, len(self.files))

    def build_manifest(self) -> dict:
        """Summaries of every loadable module, from the per-file records (no model is decoded)."""
        mods: list[dict] = []
        glossary: list[str] = []
        references: list[str] = []
        warnings: list[str] = []
        seen_ids: dict[tuple[str, str], str] = {}
        total = len(self.files)
        self._parse_in_parallel()
        with no_gc():
            for i, f in enumerate(self.files):
                if self.progress is not None:
                    self.progress("Reading the course", i, total)
                record = self._record(f, full=False)
                errors = record["errors"]
                if errors:
                    first = errors[0].replace(": error ", ": ", 1)
                    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
                    warnings.append(f"skipped {first}{more}; run 'hormonecli validate' for details")
                    continue
                if f.kind == "modules":
                    mods.append({**record["summary"], "path": f.path, "file": self._file_cache(f)})
                    continue
                (glossary if f.kind == "glossary" else references).append(f.path)
                for ident in record["ids"]:
                    where = seen_ids.setdefault((f.kind, ident), f.path)
                    if where != f.path:
                        warnings.append(f"{f.path}: '{ident}' is also defined in {where}; that one is used")
        if self.progress is not None:
            self.progress("Reading the course", total, total)
        mods.sort(key=lambda mod: (mod["order"], mod["slug"]))
        kept: list[dict] = []
        names: dict[str, str] = {}   # every module name (slug or alias) -> its slug
        questions: dict[str, str] = {}  # question id -> module slug
        for mod in mods:
            why = ""
            if mod["slug"] in names:
                other = next((k["path"] for k in kept if k["slug"] == mod["slug"]), names[mod["slug"]])
                why = f"HC009: module '{mod['slug']}' is also defined in {other}"
            elif any(questions.get(q) for q in mod["question_ids"]):
                qid = next(q for q in mod["question_ids"] if q in questions)
                why = f"HC009: question id '{qid}' is also used in {questions[qid]}"
            elif any(names.get(a, mod["slug"]) != mod["slug"] for a in mod["aliases"]):
                alias = next(a for a in mod["aliases"] if names.get(a, mod["slug"]) != mod["slug"])
                why = f"HC031: alias '{alias}' already names module '{names[alias]}'"
            if why:
                warnings.append(f"skipped {mod['path']}: {why}")
                continue
            kept.append(mod)
            names[mod["slug"]] = mod["slug"]
            for a in mod["aliases"]:
                names.setdefault(a, mod["slug"])
            questions.update((q, mod["slug"]) for q in mod["question_ids"])
        return {"version": MANIFEST_VERSION, "modules": kept, "glossary": glossary, "references": references,
                "warnings": warnings}

    # -- the library -----------------------------------------------------------------
    @property
    def library(self) -> m.Library:
        """The library; modules are loaded from their caches when first asked for."""
        if self._library is None:
            from hormonecli.courseware import model as m

            manifest = self.manifest
            by_path = {f.path: f for f in self.files}
            terms: dict[str, m.Term] = {}
            refs: dict[str, m.Reference] = {}
            for kind, table in (("glossary", terms), ("references", refs)):
                for path in manifest[kind]:
                    f = by_path.get(path)
                    got = self._parsed(f) if f is not None else None
                    for item in got or ():
                        table.setdefault(item.id, item)
            files = {mod["slug"]: by_path.get(mod["path"]) for mod in manifest["modules"]}

            def loader(slug: str) -> m.Module | None:
                f = files.get(slug)
                mod = self._parsed(f) if f is not None else None
                if mod is None:
                    raise ContentError(f"module '{slug}' changed while it was being read; run the command again")
                return mod

            self._library = m.Library(terms=terms, references=refs, loader=loader,
                                      order=tuple(mod["slug"] for mod in manifest["modules"]))
        return self._library


PARALLEL_FROM = 40  # uncached files; below this, starting processes costs more than it saves


def file_record(kind: str, got: Any, errors: list[str]) -> dict:
    """What the cache keeps of one file: its model (checked JSON), its errors, and what a manifest
    needs without the model (a module's summary; the ids a glossary or bibliography defines)."""
    from hormonecli.courseware import codec

    record: dict[str, Any] = {"model": None if got is None else codec.encode(got), "errors": errors}
    if kind == "modules":
        record["summary"] = None if got is None else summarise(got)
    else:
        record["ids"] = [] if got is None else [item.id for item in got]
    return record


def parse_into_cache(kind: str, path: str, name: str, decode: bool = False) -> dict:
    """Parse one file strictly and keep its record in the cache under `name`; the record, with the
    objects themselves under "objects" when `decode`."""
    findings: list[Finding] = []
    with no_gc():
        got = parse(kind, Path(path), findings)
    errors = [x.format() for x in findings if x.severity == "error"]
    if errors:
        got = None
    record = file_record(kind, got, errors)
    cache.write_json(name, record)
    if decode:
        record["objects"] = tuple(got) if got is not None and kind != "modules" else got
    return record


def _check_record(data: Any, kind: str, full: bool) -> dict:
    """A file record's shape (the model itself is checked when it is decoded)."""
    if not isinstance(data, dict) or not isinstance(data.get("errors"), list) or \
            not all(isinstance(e, str) for e in data["errors"]):
        raise ValueError("not a file record")
    if data["errors"]:
        return data
    if kind == "modules":
        _check_summary(data["summary"])
    elif not isinstance(data.get("ids"), list) or not all(isinstance(x, str) for x in data["ids"]):
        raise ValueError("ids")
    if full and not isinstance(data.get("model"), (dict, list)):
        raise ValueError("model")
    return data


def _parse_job(kind: str, path: str, name: str) -> None:
    parse_into_cache(kind, path, name)


def _rebase(got: Any, path: str) -> Any:
    """Objects read from a cache name the file they came from, as found now."""
    import dataclasses

    if isinstance(got, tuple):
        return tuple(dataclasses.replace(x, path=path) for x in got)
    return dataclasses.replace(got, path=path)


def open_library(content: Content) -> m.Library:
    return content.library


def printed_name(content: Content, slug: str, level: str | None, width: int, plain: bool) -> str:
    """The cache file name for a printed selection: uncoloured output depends only on these."""
    return "print-" + cache.key("print", content.fingerprint, slug, level or "", str(width), str(plain)) + ".txt"
