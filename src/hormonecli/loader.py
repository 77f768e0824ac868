"""Read content files into model objects, strictly.

YAML is composed with the safe loader (libyaml's when present), aliases are
rejected, files are capped in size, and every mapping is checked against its
schema: unknown keys, missing keys and wrong types become coded findings that
name the file, the line and the YAML path.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hormonecli import model as m
from hormonecli.escapes import clean

MAX_BYTES = 1_000_000  # per file; the largest shipped module is a fraction of this
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
Path_ = tuple  # a YAML path: ("levels", "fundamentals", "pages", 0, "blocks", 2)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str  # "error" | "warning"
    path: str
    line: int
    where: str  # YAML path, e.g. levels.fundamentals.pages[0].blocks[2]
    message: str

    def format(self) -> str:
        loc = f"{self.path}:{self.line}" if self.line else self.path
        at = f" ({self.where})" if self.where else ""
        return f"{loc}: {self.severity} {self.code}: {self.message}{at}"


def yaml_path(p: Path_) -> str:
    out = ""
    for part in p:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Doc:
    """One parsed file: its data and the line of every YAML path."""

    def __init__(self, path: Path, data: Any, lines: dict[Path_, int]):
        self.path, self.data, self.lines = path, data, lines

    def line(self, p: Path_) -> int:
        p = tuple(p)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


class Reader:
    """Collects findings for one file while building model objects."""

    def __init__(self, doc: Doc, findings: list[Finding]):
        self.doc, self.findings = doc, findings

    def add(self, code: str, p: Path_, message: str, severity: str = "error") -> None:
        self.findings.append(
            Finding(code, severity, str(self.doc.path), self.doc.line(p), yaml_path(p), message)
        )

    # -- typed access -------------------------------------------------------
    def mapping(self, value: Any, p: Path_, required: dict, optional: dict) -> dict | None:
        if not isinstance(value, dict):
            self.add("HC007", p, f"expected a mapping, found {_kind(value)}")
            return None
        allowed = {**required, **optional}
        for key in value:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                self.add("HC005", p + (key,), f"unknown key '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""))
        ok = True
        for key in required:
            if key not in value:
                self.add("HC006", p, f"missing required key '{key}'")
                ok = False
        for key, want in allowed.items():
            if key in value and not _is(value[key], want):
                self.add("HC007", p + (key,), f"'{key}' should be {_want(want)}, found {_kind(value[key])}")
                ok = False
        return value if ok else None

    def strings(self, value: Any, p: Path_) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add("HC007", p, f"expected a list of text, found {_kind(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                self.add("HC007", p + (i,), f"expected text, found {_kind(item)}")
        return tuple(out)

    def ident(self, value: str, p: Path_, what: str) -> bool:
        if not ID_RE.match(value):
            self.add("HC008", p, f"{what} '{value}' must be lowercase letters, digits and single hyphens")
            return False
        return True


def _is(value: Any, want: Any) -> bool:
    if want is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if want is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if want is str:
        return isinstance(value, str) and value.strip() != ""
    if want == "cell":
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if want == "scalar":
        return isinstance(value, (str, int, float, bool))
    return isinstance(value, want)


def _want(want: Any) -> str:
    return {str: "non-empty text", int: "a whole number", float: "a number", bool: "true or false",
            list: "a list", dict: "a mapping", "cell": "text or a number", "scalar": "a value"}.get(want, str(want))


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _closest(word: str, choices) -> str:
    import difflib

    hits = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return hits[0] if hits else ""


# -- YAML -------------------------------------------------------------------

def read_yaml(path: Path, findings: list[Finding]) -> Doc | None:
    """Parse one file safely; on failure add a finding and return None."""
    import yaml

    spath = str(path)

    def fail(code: str, message: str, line: int = 0) -> None:
        findings.append(Finding(code, "error", spath, line, "", message))

    try:
        size = path.stat().st_size
    except OSError as exc:
        fail("HC001", f"cannot read file: {exc.strerror or exc}")
        return None
    if size > MAX_BYTES:
        fail("HC002", f"file is {size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        fail("HC001", "file is not UTF-8 text")
        return None
    except OSError as exc:
        fail("HC001", f"cannot read file: {exc.strerror or exc}")
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        lines_ = text.splitlines()
        at = lines_[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines_) else ""
        if at == "\t" or "\\t" in problem:
            problem = "a tab character is used for indentation; YAML indents with spaces"
        fail("HC001", f"not valid YAML: {problem}", (mark.line + 1) if mark else 0)
        return None
    except yaml.YAMLError as exc:
        fail("HC001", f"not valid YAML: {exc}")
        return None
    if node is None:
        fail("HC001", "file is empty")
        return None
    lines: dict[Path_, int] = {}
    try:
        data = _convert(node, (), lines, set())
    except _AliasFound as exc:
        fail("HC003", "YAML anchors and aliases are not allowed (this anchor is reused)", exc.line)
        return None
    except _DupKey as exc:
        fail("HC005", f"key '{exc.key}' appears twice in one mapping", exc.line)
        return None
    return Doc(path, data, lines)


class _AliasFound(Exception):
    def __init__(self, line: int):
        self.line = line


class _DupKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


_SCALAR = None


def _scalar(node) -> Any:
    global _SCALAR
    if _SCALAR is None:
        import yaml

        _SCALAR = yaml.constructor.SafeConstructor()
    value = _SCALAR.construct_object(node)
    if isinstance(value, str):
        return clean(value)  # content can never send escape codes to a terminal; they show as \x1b
    if not isinstance(value, (int, float, bool)) and value is not None:
        return str(node.value)  # dates and the like stay text
    return value


def _convert(node, p: Path_, lines: dict, seen: set) -> Any:
    import yaml

    if id(node) in seen:
        raise _AliasFound(node.start_mark.line + 1)
    seen.add(id(node))
    lines[p] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for knode, vnode in node.value:
            if id(knode) in seen:
                raise _AliasFound(knode.start_mark.line + 1)
            key = _scalar(knode) if isinstance(knode, yaml.ScalarNode) else str(knode.value)
            if knode.tag == "tag:yaml.org,2002:merge":
                raise _AliasFound(knode.start_mark.line + 1)
            if key in out:
                raise _DupKey(str(key), knode.start_mark.line + 1)
            out[key] = _convert(vnode, p + (key,), lines, seen)
            lines[p + (key,)] = knode.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, p + (i,), lines, seen) for i, item in enumerate(node.value)]
    return _scalar(node)


# -- schema -----------------------------------------------------------------

BLOCK_KEYS = ("p", "heading", "list", "keypoints", "table", "diagram", "chart", "callout", "claim")


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
        lp = ("levels", name)
        if name not in levels_data:
            r.add("HC006", ("levels",), f"missing level '{name}'")
            continue
        ld = r.mapping(levels_data[name], lp, {"pages": list}, {})
        if ld is None:
            continue
        pages = []
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


def _page(r: Reader, pd: Any, p: Path_, slug: str, level: str, number: int) -> m.Page | None:
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


def _block(r: Reader, bd: Any, p: Path_):
    if not isinstance(bd, dict) or len(bd) != 1:
        r.add("HC007", p, f"a block is a mapping with exactly one of: {', '.join(BLOCK_KEYS)}")
        return None
    (kind, value), = bd.items()
    bp = p + (kind,)
    if kind not in BLOCK_KEYS:
        hint = _closest(str(kind), BLOCK_KEYS)
        r.add("HC005", bp, f"unknown block type '{kind}'" + (f" (did you mean '{hint}'?)" if hint else ""))
        return None
    if kind in ("p", "heading"):
        if not _is(value, str):
            r.add("HC007", bp, f"'{kind}' should be non-empty text, found {_kind(value)}")
            return None
        return m.Paragraph(value.strip()) if kind == "p" else m.Heading(value.strip())
    if kind in ("list", "keypoints"):
        if not isinstance(value, list) or not value:
            r.add("HC007", bp, f"'{kind}' should be a non-empty list, found {_kind(value)}")
            return None
        items = r.strings(value, bp)
        return m.BulletList(items) if kind == "list" else m.KeyPoints(items)
    if kind == "table":
        d = r.mapping(value, bp, {"caption": str, "columns": list, "rows": list}, {"cite": list})
        if d is None:
            return None
        cols = r.strings(d["columns"], bp + ("columns",))
        rows = []
        for i, row in enumerate(d["rows"]):
            rp = bp + ("rows", i)
            if not isinstance(row, list) or not all(_is(c, "cell") for c in row):
                r.add("HC007", rp, "a table row is a list of text cells")
                continue
            if len(row) != len(cols):
                r.add("HC029", rp, f"row has {len(row)} cells but the table has {len(cols)} columns")
                continue
            rows.append(tuple(str(c) for c in row))
        return m.Table(d["caption"], cols, tuple(rows), r.strings(d.get("cite"), bp + ("cite",)))
    if kind == "diagram":
        d = r.mapping(value, bp, {"title": str, "steps": list}, {"feedback": list, "note": str})
        if d is None:
            return None
        steps = []
        for i, sd in enumerate(d["steps"]):
            s = r.mapping(sd, bp + ("steps", i), {"name": str}, {"signal": str})
            if s is not None:
                steps.append(m.Step(s["name"], s.get("signal", "")))
        names = {s.name for s in steps}
        if len(steps) < 2:
            r.add("HC028", bp + ("steps",), "a diagram needs at least two steps")
        feedback = []
        for i, fd in enumerate(d.get("feedback") or []):
            fp = bp + ("feedback", i)
            f = r.mapping(fd, fp, {"from": str, "to": str, "effect": str}, {"label": str})
            if f is None:
                continue
            if f["effect"] not in ("inhibits", "stimulates"):
                r.add("HC008", fp + ("effect",), f"effect '{f['effect']}' must be 'inhibits' or 'stimulates'")
                continue
            bad = [x for x in (f["from"], f["to"]) if x not in names]
            if bad:
                r.add("HC028", fp, f"feedback names '{bad[0]}', which is not one of the diagram's steps")
                continue
            feedback.append(m.Feedback(f["from"], f["to"], f["effect"], f.get("label", "")))
        return m.Diagram(d["title"], tuple(steps), tuple(feedback), d.get("note", ""))
    if kind == "chart":
        d = r.mapping(value, bp, {"title": str, "unit": str, "points": list, "cite": list}, {"note": str})
        if d is None:
            return None
        points = []
        for i, pt in enumerate(d["points"]):
            x = r.mapping(pt, bp + ("points", i), {"label": "cell", "value": float}, {})
            if x is not None:
                if x["value"] < 0:
                    r.add("HC021", bp + ("points", i), "chart values must not be negative")
                    continue
                points.append(m.ChartPoint(str(x["label"]), float(x["value"])))
        cite = r.strings(d["cite"], bp + ("cite",))
        if not cite:
            r.add("HC021", bp + ("cite",), "a chart must cite where its figures come from")
        if len(points) < 2:
            r.add("HC021", bp + ("points",), "a chart needs at least two points")
        return m.Chart(d["title"], d["unit"], tuple(points), cite, d.get("note", ""))
    if kind == "callout":
        d = r.mapping(value, bp, {"kind": str, "text": str}, {"title": str})
        if d is None:
            return None
        if d["kind"] not in m.CALLOUT_KINDS:
            r.add("HC008", bp + ("kind",), f"callout kind '{d['kind']}' must be one of {', '.join(m.CALLOUT_KINDS)}")
            return None
        return m.Callout(d["kind"], d["text"].strip(), d.get("title", ""))
    # claim
    d = r.mapping(value, bp, {"text": str, "evidence": str, "cite": list}, {"note": str})
    if d is None:
        return None
    if d["evidence"] not in m.EVIDENCE:
        r.add("HC008", bp + ("evidence",), f"evidence '{d['evidence']}' must be one of {', '.join(m.EVIDENCE)}")
        return None
    cite = r.strings(d["cite"], bp + ("cite",))
    if not cite:
        r.add("HC022", bp + ("cite",), "a claim needs at least one citation")
    return m.Claim(d["text"].strip(), d["evidence"], cite, d.get("note", ""))


_Q_COMMON = {"id": str, "level": str, "type": str, "prompt": str, "page": str}
_Q_TYPES = {
    "single": ({"options": list}, {}),
    "multiple": ({"options": list}, {}),
    "true-false": ({"answer": bool, "why_true": str, "why_false": str}, {}),
    "order": ({"items": list}, {}),
    "match": ({"pairs": list}, {}),
    "numeric": ({"answer": float, "explanation": str}, {"tolerance": float, "unit": str}),
}


def _question(r: Reader, qd: Any, p: Path_, slug: str) -> m.Question | None:
    if not isinstance(qd, dict):
        r.add("HC007", p, f"a question is a mapping, found {_kind(qd)}")
        return None
    qtype = qd.get("type")
    if qtype not in _Q_TYPES:
        hint = _closest(str(qtype), _Q_TYPES) if qtype else ""
        r.add("HC008", p + ("type",), f"question type '{qtype}' must be one of {', '.join(m.QUESTION_TYPES)}"
              + (f" (did you mean '{hint}'?)" if hint else ""))
        return None
    req, opt = _Q_TYPES[qtype]
    optional = {"explanation": str, **opt}
    d = r.mapping(qd, p, {**_Q_COMMON, **req}, optional)
    if d is None:
        return None
    r.ident(d["id"], p + ("id",), "question id")
    if d["level"] not in m.LEVELS:
        r.add("HC008", p + ("level",), f"level '{d['level']}' must be one of {', '.join(m.LEVELS)}")
        return None
    kw: dict[str, Any] = {}
    if qtype in ("single", "multiple"):
        opts = []
        for i, od in enumerate(d["options"]):
            op = p + ("options", i)
            o = r.mapping(od, op, {"text": "scalar"}, {"why": str, "correct": bool})
            if o is not None:
                if "why" not in o:
                    r.add("HC014", op, "every option needs a 'why' (why it is right or wrong)")
                opts.append(m.Option(str(o["text"]), o.get("why", ""), o.get("correct", False)))
        kw["options"] = tuple(opts)
        right = sum(o.correct for o in opts)
        if len(opts) < 2:
            r.add("HC013", p + ("options",), "a choice question needs at least two options")
        elif qtype == "single" and right != 1:
            r.add("HC013", p + ("options",), f"a single-answer question needs exactly one correct option, found {right}")
        elif qtype == "multiple" and right < 2:
            r.add("HC013", p + ("options",), f"a multiple-answer question needs at least two correct options, found {right}")
        if len({o.text.strip().lower() for o in opts}) != len(opts):
            r.add("HC009", p + ("options",), "two options have the same text")
    elif qtype == "true-false":
        kw.update(answer=d["answer"], why_true=d["why_true"], why_false=d["why_false"])
    elif qtype == "order":
        items = []
        for i, it in enumerate(d["items"]):
            ip = p + ("items", i)
            o = r.mapping(it, ip, {"text": "scalar"}, {"why": str})
            if o is not None:
                if "why" not in o:
                    r.add("HC014", ip, "every item needs a 'why' (why it stands in that place)")
                items.append(m.OrderItem(str(o["text"]), o.get("why", "")))
        if len(items) < 3:
            r.add("HC013", p + ("items",), "an order question needs at least three items")
        if len({i.text.strip().lower() for i in items}) != len(items):
            r.add("HC009", p + ("items",), "two items have the same text")
        kw["items"] = tuple(items)
    elif qtype == "match":
        pairs = []
        for i, pd in enumerate(d["pairs"]):
            pp = p + ("pairs", i)
            o = r.mapping(pd, pp, {"left": "scalar", "right": "scalar"}, {"why": str})
            if o is not None:
                if "why" not in o:
                    r.add("HC014", pp, "every pair needs a 'why'")
                pairs.append(m.MatchPair(str(o["left"]), str(o["right"]), o.get("why", "")))
        if len(pairs) < 3:
            r.add("HC013", p + ("pairs",), "a match question needs at least three pairs")
        if len({x.left.lower() for x in pairs}) != len(pairs) or len({x.right.lower() for x in pairs}) != len(pairs):
            r.add("HC009", p + ("pairs",), "two pairs share a left or a right side")
        kw["pairs"] = tuple(pairs)
    else:
        tol = float(d.get("tolerance", 0))
        if tol < 0:
            r.add("HC013", p + ("tolerance",), "tolerance must not be negative")
        kw.update(answer=float(d["answer"]), tolerance=tol, unit=d.get("unit", ""))
    return m.Question(
        id=d["id"], module=slug, level=d["level"], type=qtype, prompt=d["prompt"].strip(),
        page=d["page"], explanation=d.get("explanation", "").strip(), **kw,
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
        p = ("terms", i)
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
        p = ("references", i)
        d = r.mapping(rd, p, {"id": str, "authors": str, "year": int, "title": str, "source": str},
                      {"doi": str, "url": str})
        if d is None or not r.ident(d["id"], p + ("id",), "reference id"):
            continue
        out.append(m.Reference(d["id"], d["authors"], d["year"], d["title"], d["source"],
                               d.get("doi", ""), d.get("url", ""), str(doc.path)))
    return out
