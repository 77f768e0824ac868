"""Build model objects from parsed content files, strictly.

Every mapping is checked against its schema (schema.py for blocks, the question
kinds for questions): unknown keys, missing keys and wrong types become coded
findings that name the file, the line and the YAML path.
"""
from __future__ import annotations

from typing import Any

from hormonecli.courseware import model as m
from hormonecli.courseware.schema import BLOCKS, QUESTION, QUESTION_OPTIONAL
from hormonecli.courseware.yamlread import Doc, Finding, Reader, YPath, closest, kind_of


def check_version(r: Reader, data: dict) -> bool:
    version = data.get("format_version")
    if version is None:
        r.add("HC004", (), "missing format_version (this version of hormonecli reads format_version 1)")
        return False
    if version != m.FORMAT_VERSION:
        r.add("HC004", ("format_version",), f"format_version {version!r} is not supported (expected {m.FORMAT_VERSION})")
        return False
    return True


def build_module(doc: Doc, findings: list[Finding]) -> m.Module | None:
    r = Reader(doc, findings)
    if isinstance(doc.data, dict) and not check_version(r, doc.data):
        return None
    data = r.mapping(
        doc.data, (),
        {"format_version": int, "slug": str, "title": str, "summary": str, "levels": dict},
        {"aliases": list, "questions": list, "order": int},
    )
    if data is None:
        return None
    slug = data["slug"]
    if not r.ident(slug, ("slug",), "slug"):
        return None
    if doc.path.stem != slug:
        r.add("HC024", ("slug",), f"slug '{slug}' does not match the file name '{doc.path.name}'")
    aliases = r.strings(data.get("aliases"), ("aliases",))
    for i, alias in enumerate(aliases):
        r.ident(alias, ("aliases", i), "alias")

    levels_data = data["levels"]
    levels = []
    seen_pages: set[str] = set()
    for key in levels_data:
        if key not in m.LEVELS:
            r.add("HC005", ("levels", key), f"unknown level '{key}' (levels are {', '.join(m.LEVELS)})")
    for name in m.LEVELS:
        lp: YPath = ("levels", name)
        if name not in levels_data:
            r.add("HC006", ("levels",), f"missing level '{name}'")
            continue
        ld = r.mapping(levels_data[name], lp, {"pages": list}, {})
        if ld is None:
            continue
        pages: list[m.Page] = []
        for i, pd in enumerate(ld["pages"]):
            page = _page(r, pd, lp + ("pages", i), slug, name, len(pages) + 1)
            if page is None:
                continue
            if page.id in seen_pages:
                r.add("HC009", lp + ("pages", i, "id"), f"page id '{page.id}' is used more than once in {slug}")
                continue
            seen_pages.add(page.id)
            pages.append(page)
        if not ld["pages"]:
            r.add("HC006", lp + ("pages",), f"{name} has no pages; a level needs at least one")
        levels.append(m.Level(name, tuple(pages)))

    questions = []
    for i, qd in enumerate(data.get("questions") or []):
        q = _question(r, qd, ("questions", i), slug)
        if q is not None:
            questions.append(q)
    return m.Module(
        slug=slug, title=data["title"], summary=data["summary"], aliases=aliases,
        levels=tuple(levels), questions=tuple(questions), path=str(doc.path), order=data.get("order", 100),
    )


def _page(r: Reader, pd: Any, p: YPath, slug: str, level: str, number: int) -> m.Page | None:
    d = r.mapping(pd, p, {"id": str, "title": str, "blocks": list}, {})
    if d is None:
        return None
    r.ident(d["id"], p + ("id",), "page id")
    blocks = []
    for i, bd in enumerate(d["blocks"]):
        b = _block(r, bd, p + ("blocks", i))
        if b is not None:
            blocks.append(b)
    if not d["blocks"]:
        r.add("HC006", p + ("blocks",), "a page needs at least one block")
    return m.Page(d["id"], d["title"], tuple(blocks), slug, level, number)


def _block(r: Reader, bd: Any, p: YPath) -> m.Block | None:
    if not isinstance(bd, dict) or len(bd) != 1:
        r.add("HC007", p, f"a block is a mapping with exactly one of: {', '.join(BLOCKS)}")
        return None
    (key, value), = bd.items()
    build = BLOCKS.get(key)
    if build is None:
        hint = closest(str(key), BLOCKS)
        r.add("HC005", p + (key,), f"unknown block type '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""))
        return None
    return build(r, value, p + (key,))


def _question(r: Reader, qd: Any, p: YPath, slug: str) -> m.Question | None:
    from hormonecli.quiz.kinds import KINDS

    if not isinstance(qd, dict):
        r.add("HC007", p, f"a question is a mapping, found {kind_of(qd)}")
        return None
    qtype = qd.get("type")
    kind = KINDS.get(qtype) if isinstance(qtype, str) else None
    if kind is None:
        shown = qtype if isinstance(qtype, str) else kind_of(qtype)
        hint = closest(shown, KINDS) if isinstance(qtype, str) else ""
        r.add("HC008", p + ("type",), f"question type '{shown}' must be one of {', '.join(KINDS)}"
              + (f" (did you mean '{hint}'?)" if hint else ""))
        return None
    d = r.mapping(qd, p, {**QUESTION, **kind.required}, {**QUESTION_OPTIONAL, **kind.optional})
    if d is None:
        return None
    r.ident(d["id"], p + ("id",), "question id")
    if d["level"] not in m.LEVELS:
        r.add("HC008", p + ("level",), f"level '{d['level']}' must be one of {', '.join(m.LEVELS)}")
        return None
    return m.Question(
        id=d["id"], module=slug, level=d["level"], type=kind.name, prompt=d["prompt"].strip(),
        page=d["page"], explanation=d.get("explanation", "").strip(), **kind.build(r, d, p),
    )


def build_terms(doc: Doc, findings: list[Finding]) -> list[m.Term]:
    r = Reader(doc, findings)
    if isinstance(doc.data, dict) and not check_version(r, doc.data):
        return []
    data = r.mapping(doc.data, (), {"format_version": int, "terms": list}, {})
    if data is None:
        return []
    out = []
    for i, td in enumerate(data["terms"]):
        p: YPath = ("terms", i)
        d = r.mapping(td, p, {"id": str, "term": str, "definition": str}, {"aliases": list, "status": str})
        if d is None or not r.ident(d["id"], p + ("id",), "term id"):
            continue
        out.append(m.Term(d["id"], d["term"], d["definition"].strip(), r.strings(d.get("aliases"), p + ("aliases",)),
                          d.get("status", ""), str(doc.path)))
    return out


def build_references(doc: Doc, findings: list[Finding]) -> list[m.Reference]:
    r = Reader(doc, findings)
    if isinstance(doc.data, dict) and not check_version(r, doc.data):
        return []
    data = r.mapping(doc.data, (), {"format_version": int, "references": list}, {})
    if data is None:
        return []
    out = []
    for i, rd in enumerate(data["references"]):
        p: YPath = ("references", i)
        d = r.mapping(rd, p, {"id": str, "authors": str, "year": int, "title": str, "source": str},
                      {"doi": str, "url": str})
        if d is None or not r.ident(d["id"], p + ("id",), "reference id"):
            continue
        out.append(m.Reference(d["id"], d["authors"], d["year"], d["title"], d["source"],
                               d.get("doi", ""), d.get("url", ""), str(doc.path)))
    return out
