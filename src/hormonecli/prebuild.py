"""Caches for the shipped course, built once when the wheel is built (see hatch_build.py).

A learner's first command should be as quick as their hundredth, so the wheel carries the
shipped course already parsed (one checked JSON file per content file), its search index,
and every module printed at 80 columns, with a stamp of what they were built from. At run
time `cache.prebuilt()` hands them out only while that stamp still matches the installed
code and content; a content pack added later builds its own caches as usual.

    python -m hormonecli.prebuild OUT_DIR
"""
from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path


def build(out: Path) -> list[str]:
    """Write the prebuilt caches of the shipped content into `out`; return the file names written."""
    import sqlite3

    from hormonecli import cache
    from hormonecli.courseware.content import Content, file_record
    from hormonecli.courseware.library import load, scan
    from hormonecli.paths import shipped_content
    from hormonecli.render.page import print_pages
    from hormonecli.render.text import Style, make_console
    from hormonecli.search.build import build as build_index

    out.mkdir(parents=True, exist_ok=True)
    root = shipped_content()
    library, findings = load([root])
    errors = [f.format() for f in findings if f.severity == "error"]
    if errors:
        raise SystemExit("the shipped content has errors; run 'hormonecli validate':\n" + "\n".join(errors))
    written = []
    for f in scan([root]):
        rel = cache.shipped_name(f.path)
        assert rel is not None
        objs = (library.module(Path(f.path).stem) if f.kind == "modules" else
                [t for t in (library.terms if f.kind == "glossary" else library.references).values()
                 if t.path == f.path])
        (out / f"file-{rel}.json").write_text(
            json.dumps(file_record(f.kind, objs, []), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        written.append(f"file-{rel}.json")
    index = out / "search.sqlite"
    index.unlink(missing_ok=True)
    conn = sqlite3.connect(index)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        build_index(conn, library, "prebuilt")
    finally:
        conn.close()
    written.append(index.name)
    for plain in (False, True):
        for mod in library.modules:
            for level in (None, *(lv.name for lv in mod.levels)):
                buf = io.StringIO()
                pages = list(mod.level(level).pages) if level else list(mod.pages)
                console = make_console(plain=plain, no_color=True, file=buf, width=cache.PRINT_WIDTH)
                print_pages(console, library, mod, pages, Style(plain=plain))
                text = "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
                name = cache.printed_name(mod.slug, level, plain)
                (out / name).write_text(text, encoding="utf-8")
                written.append(name)
    manifest = Content().build_manifest()
    for mod in manifest["modules"]:
        mod["path"], mod["file"] = cache.shipped_name(mod["path"]), ""
    for kind in ("glossary", "references"):
        manifest[kind] = [cache.shipped_name(path) for path in manifest[kind]]
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    written.append("manifest.json")
    stamp = {"version": cache.version(), "code": cache.code_hash(), "content": cache.content_hash(root)}
    (out / "stamp.json").write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m hormonecli.prebuild OUT_DIR", file=sys.stderr)
        return 2
    os.environ.setdefault("NO_COLOR", "1")
    names = build(Path(args[0]))
    print(f"wrote {len(names)} prebuilt cache files to {args[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
