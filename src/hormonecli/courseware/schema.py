"""The content schema as tables: every block type by its YAML key, with its builder.

A block in a page is a mapping with exactly one key; `BLOCKS[key]` turns its value
into a model block, adding coded findings through the Reader. Question types are
described by their kinds (quiz/kinds.py); what every question shares is `QUESTION`.
"""
from __future__ import annotations

from typing import Any, Callable

from hormonecli.courseware import model as m
from hormonecli.courseware.yamlread import Reader, YPath, is_a, kind_of

Builder = Callable[[Reader, Any, YPath], "m.Block | None"]

#: Keys every question has, whatever its type.
QUESTION: dict[str, Any] = {"id": str, "level": str, "type": str, "prompt": str, "page": str}
QUESTION_OPTIONAL: dict[str, Any] = {"explanation": str}


def _text(cls: Callable[[str], m.Block], key: str) -> Builder:
    def build(r: Reader, value: Any, p: YPath) -> m.Block | None:
        if not is_a(value, str):
            r.add("HC007", p, f"'{key}' should be non-empty text, found {kind_of(value)}")
            return None
        return cls(value.strip())
    return build


def _items(cls: Callable[[tuple[str, ...]], m.Block], key: str) -> Builder:
    def build(r: Reader, value: Any, p: YPath) -> m.Block | None:
        if not isinstance(value, list) or not value:
            r.add("HC007", p, f"'{key}' should be a non-empty list, found {kind_of(value)}")
            return None
        return cls(r.strings(value, p))
    return build


def _table(r: Reader, value: Any, p: YPath) -> m.Block | None:
    d = r.mapping(value, p, {"caption": str, "columns": list, "rows": list}, {"cite": list})
    if d is None:
        return None
    cols = r.strings(d["columns"], p + ("columns",))
    rows = []
    for i, row in enumerate(d["rows"]):
        rp = p + ("rows", i)
        if not isinstance(row, list) or not all(is_a(c, "cell") for c in row):
            r.add("HC007", rp, "a table row is a list of text cells")
            continue
        if len(row) != len(cols):
            r.add("HC029", rp, f"row has {len(row)} cells but the table has {len(cols)} columns")
            continue
        rows.append(tuple(str(c) for c in row))
    return m.Table(d["caption"], cols, tuple(rows), r.strings(d.get("cite"), p + ("cite",)))


def _diagram(r: Reader, value: Any, p: YPath) -> m.Block | None:
    d = r.mapping(value, p, {"title": str, "steps": list}, {"feedback": list, "note": str})
    if d is None:
        return None
    steps = []
    for i, sd in enumerate(d["steps"]):
        s = r.mapping(sd, p + ("steps", i), {"name": str}, {"signal": str})
        if s is not None:
            steps.append(m.Step(s["name"], s.get("signal", "")))
    names = {s.name for s in steps}
    if len(steps) < 2:
        r.add("HC028", p + ("steps",), "a diagram needs at least two steps")
    feedback = []
    for i, fd in enumerate(d.get("feedback") or []):
        fp = p + ("feedback", i)
        f = r.mapping(fd, fp, {"from": str, "to": str, "effect": str}, {"label": str})
        if f is None:
            continue
        if f["effect"] not in m.EFFECTS:
            r.add("HC008", fp + ("effect",), f"effect '{f['effect']}' must be 'inhibits' or 'stimulates'")
            continue
        bad = [x for x in (f["from"], f["to"]) if x not in names]
        if bad:
            r.add("HC028", fp, f"feedback names '{bad[0]}', which is not one of the diagram's steps")
            continue
        feedback.append(m.Feedback(f["from"], f["to"], f["effect"], f.get("label", "")))
    return m.Diagram(d["title"], tuple(steps), tuple(feedback), d.get("note", ""))


def _chart(r: Reader, value: Any, p: YPath) -> m.Block | None:
    d = r.mapping(value, p, {"title": str, "unit": str, "points": list, "cite": list}, {"note": str})
    if d is None:
        return None
    points = []
    for i, pt in enumerate(d["points"]):
        x = r.mapping(pt, p + ("points", i), {"label": "cell", "value": float}, {})
        if x is not None:
            if x["value"] < 0 or x["value"] != x["value"] or x["value"] == float("inf"):
                r.add("HC021", p + ("points", i), "chart values must be finite and not negative")
                continue
            points.append(m.ChartPoint(str(x["label"]), float(x["value"])))
    cite = r.strings(d["cite"], p + ("cite",))
    if not cite:
        r.add("HC021", p + ("cite",), "a chart must cite where its figures come from")
    if len(points) < 2:
        r.add("HC021", p + ("points",), "a chart needs at least two points")
    return m.Chart(d["title"], d["unit"], tuple(points), cite, d.get("note", ""))


def _callout(r: Reader, value: Any, p: YPath) -> m.Block | None:
    d = r.mapping(value, p, {"kind": str, "text": str}, {"title": str})
    if d is None:
        return None
    if d["kind"] not in m.CALLOUT_KINDS:
        r.add("HC008", p + ("kind",), f"callout kind '{d['kind']}' must be one of {', '.join(m.CALLOUT_KINDS)}")
        return None
    return m.Callout(d["kind"], d["text"].strip(), d.get("title", ""))


def _claim(r: Reader, value: Any, p: YPath) -> m.Block | None:
    d = r.mapping(value, p, {"text": str, "evidence": str, "cite": list}, {"note": str})
    if d is None:
        return None
    if d["evidence"] not in m.EVIDENCE:
        r.add("HC008", p + ("evidence",), f"evidence '{d['evidence']}' must be one of {', '.join(m.EVIDENCE)}")
        return None
    cite = r.strings(d["cite"], p + ("cite",))
    if not cite:
        r.add("HC022", p + ("cite",), "a claim needs at least one citation")
    return m.Claim(d["text"].strip(), d["evidence"], cite, d.get("note", ""))


#: Every block type, by the key a page's block uses.
BLOCKS: dict[str, Builder] = {
    "p": _text(m.Paragraph, "p"),
    "heading": _text(m.Heading, "heading"),
    "list": _items(m.BulletList, "list"),
    "keypoints": _items(m.KeyPoints, "keypoints"),
    "table": _table,
    "diagram": _diagram,
    "chart": _chart,
    "callout": _callout,
    "claim": _claim,
}
