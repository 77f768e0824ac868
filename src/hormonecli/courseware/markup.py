"""The small inline markup of content text, parsed into segments.

    *emphasis*  **strong**  {term-id}  {term-id|words}  [[slug/page|label]]  [@ref; @ref]

The parser never fails: text it cannot read as markup stays text, and
`problems()` reports what looks like broken markup for the linter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    \*\*(?P<strong>[^*\n]+?)\*\*
  | (?<![\w*])\*(?P<em>[^*\s](?:[^*\n]*?[^*\s])?)\*(?!\w)
  | \{(?P<term>[a-z0-9][a-z0-9-]*)(?:\|(?P<term_text>[^{}\n]+))?\}
  | \[\[(?P<xref>[a-z0-9/][a-z0-9/-]*)(?:\|(?P<xref_text>[^\[\]\n]+))?\]\]
  | \[(?P<cite>@[^\[\]\n]+)\]
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Seg:
    kind: str  # text | em | strong | term | xref | cite
    text: str
    target: str = ""  # term id, "slug/page" (or "/page"), or "id;id" for cites


def parse(text: str) -> list[Seg]:
    out: list[Seg] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.append(Seg("text", text[pos : m.start()]))
        if m.group("strong") is not None:
            out.append(Seg("strong", m.group("strong")))
        elif m.group("em") is not None:
            out.append(Seg("em", m.group("em")))
        elif m.group("term") is not None:
            out.append(Seg("term", m.group("term_text") or "", m.group("term")))
        elif m.group("xref") is not None:
            out.append(Seg("xref", m.group("xref_text") or "", m.group("xref")))
        else:
            ids = [c.strip().lstrip("@").strip() for c in m.group("cite").split(";")]
            out.append(Seg("cite", "", ";".join(i for i in ids if i)))
        pos = m.end()
    if pos < len(text):
        out.append(Seg("text", text[pos:]))
    return out


def plain(text: str, terms: dict | None = None) -> str:
    """The text with markup removed (for search and measuring)."""
    if not _MAYBE.search(text):
        return text
    return plain_of(parse(text), terms)


_MAYBE = re.compile(r"[*{\[]")  # text without these characters holds no markup


def plain_of(segs: list[Seg], terms: dict | None = None) -> str:
    """Parsed text (see parse) with markup removed."""
    parts: list[str] = []
    for seg in segs:
        if seg.kind == "term":
            t = terms.get(seg.target) if terms else None
            parts.append(seg.text or (t.term if t else seg.target))
        elif seg.kind == "xref":
            parts.append(seg.text or seg.target.strip("/"))
        elif seg.kind == "cite":
            if parts:
                parts[-1] = parts[-1].rstrip()  # "humans [@x]." reads "humans."
            continue
        else:
            parts.append(seg.text)
    return "".join(parts)


_LEFTOVER = re.compile(r"\[\[|\]\]|\{[a-z0-9-]*[|}]?|\[@")


def problems(text: str) -> list[str]:
    """Markup-looking fragments left over after parsing (unclosed or malformed)."""
    found = []
    for seg in parse(text):
        if seg.kind == "text":
            for m in _LEFTOVER.finditer(seg.text):
                found.append(m.group(0))
    return found


def refs(text: str) -> list[Seg]:
    return [s for s in parse(text) if s.kind in ("term", "xref", "cite")]
