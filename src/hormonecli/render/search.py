"""Search results and glossary entries from the search index. No Rich, no SQLite.

These screens are plain lines, so they use the small line writer (render/lines.py).
User text (the query) and content text are always written as text, never interpreted.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from hormonecli.courseware import evidence
from hormonecli.escapes import shorten
from hormonecli.render.lines import Lines, clean

if TYPE_CHECKING:
    from hormonecli.render.commands import Commands
    from hormonecli.search.index import Hit, Results, TermEntry

GROUPS = (("term", "Glossary"), ("page", "Pages"), ("claim", "Claims"), ("question", "Questions"))
HIGHLIGHT = "bold reverse"


def marker_style(name: str) -> str:
    """A snippet marker's style: an evidence label in its colour, a question's 'Q:' in bold."""
    return evidence.STYLE.get(name, "bold")


def _marked(text: str, spans, base: str = "", marks=()) -> list:
    """The text as parts, with the matched spans highlighted and the markers (evidence labels,
    'Q:') styled. Cleaning happens per part, so positions still refer to the text as given."""
    styled = sorted([(a, b, f"{base} {HIGHLIGHT}".strip()) for a, b in spans] +
                    [(a, b, marker_style(name)) for a, b, name in marks])
    markers = {(a, b) for a, b, _name in marks}  # a label is never broken across lines
    parts, pos = [], 0
    for a, b, style in styled:
        if a < pos:
            continue
        if a > pos:
            parts.append((clean(text[pos:a]), base))
        piece = clean(text[a:b])
        parts.append((piece.replace(" ", "\u00a0") if (a, b) in markers else piece, style))
        pos = b
    if pos < len(text):
        parts.append((clean(text[pos:]), base))
    return parts


def command(hit: Hit, commands: Commands) -> str:
    return commands.hit(hit.kind, hit.module, hit.page, hit.ref, hit.title, hit.page_module)


def results(out: Lines, res: Results, commands: Commands) -> None:
    """Hits grouped by kind: where (module › level › page), a highlighted snippet, the command that opens it."""
    query = shorten(res.query)
    if not res.hits:
        tail = [". Did you mean: ", (", ".join(clean(s) for s in res.suggestions), "bold"), "?"] if res.suggestions else ["."]
        out.line("No results for ", (f'"{query}"', "bold"), *tail)
        return
    if res.suggested:
        also = [(" (also: " + ", ".join(clean(s) for s in res.suggestions[1:]) + ")", "dim")] if len(res.suggestions) > 1 else []
        out.line("No results for ", (f'"{query}"', "bold"), "; showing results for ",
                 (f'"{shorten(res.suggested)}"', "bold"), *also)
    if res.fallback:
        out.line(("Nothing matches every word; showing hits for any of them.", "yellow"))
    n = len(res.hits)
    out.line(f"{n} hit{'s' if n != 1 else ''} for ", (f'"{shorten(res.suggested or res.query)}"', "bold"))
    sep = out.sep
    for kind, label in GROUPS:
        hits = [h for h in res.hits if h.kind == kind]
        if not hits:
            continue
        out.blank()
        out.line((label, "bold underline"))
        for h in hits:
            if kind == "term":
                out.line((clean(h.title), "bold cyan"), indent=2)
            elif kind in ("page", "claim"):
                out.line(f"{h.module}{sep}{h.level}{sep}", (clean(h.page_title), "bold"), indent=2, hang=4)
            else:
                out.line((f"{h.module}{sep}{h.level}{sep}{clean(h.page_title)}", "bold"), indent=2, hang=4)
            out.line(*_marked(h.snippet, h.highlights, marks=h.marks), indent=4, hang=4)
            if kind == "term" and h.status:
                out.line(("Status: ", "bold yellow"), clean(h.status), indent=4, hang=6)
            out.line((clean(command(h, commands)), "green"), indent=4, hang=6)


def hits_json(res: Results, commands: Commands) -> dict:
    """The search as data: what was asked, what was searched instead, and every hit with the same keys
    (null where a key does not apply to the hit's kind)."""
    hits = []
    for h in res.hits:
        hits.append({
            "kind": h.kind, "title": h.title, "module": h.module or None, "module_title": h.module_title or None,
            "level": h.level or None, "page": h.page or None, "page_title": h.page_title or None,
            "page_module": (h.page_module or h.module or None) if h.kind != "term" else None,
            "question": h.ref if h.kind == "question" else None, "term": h.ref if h.kind == "term" else None,
            "definition": h.definition or None, "status": h.status or None,
            "taught": [{"module": slug, "level": level, "page": page_id, "page_title": title,
                        "command": commands.learn(slug, page_id)} for slug, level, page_id, title in h.taught]
            if h.kind == "term" else None,
            "label": h.label or None if h.kind == "claim" else None,
            "markers": [{"at": a, "end": b, "name": name} for a, b, name in h.marks],
            "snippet": h.snippet, "highlights": [list(x) for x in h.highlights], "score": h.score, "match": h.match,
            "command": command(h, commands),
        })
    return {"query": res.query, "kind": res.kind or None, "module": res.module or None,
            "suggested": res.suggested or None, "suggestions": list(res.suggestions), "fallback": res.fallback,
            "hits": hits}


def term_json(entry: TermEntry, commands: Commands) -> dict:
    """A glossary entry as data: `term` is its id (as in search hits), `title` the name shown."""
    return {
        "term": entry.id, "title": entry.term, "aliases": list(entry.aliases), "definition": entry.definition,
        "status": entry.status or None,
        "taught": [{"module": slug, "level": level, "page": page_id, "page_title": title,
                    "command": commands.learn(slug, page_id)} for slug, level, page_id, title in entry.taught],
    }


def term_entry(out: Lines, entry: TermEntry, commands: Commands) -> None:
    """A glossary entry: name, aliases, definition, status, and the pages that teach it."""
    out.line((clean(entry.term), "bold cyan"))
    if entry.aliases:
        out.line(("also: " + ", ".join(clean(a) for a in entry.aliases), "dim"), hang=6)
    out.line(clean(entry.definition))
    if entry.status:
        out.line(("Status: ", "bold yellow"), clean(entry.status), hang=2)
    if entry.taught:
        sep = out.sep
        out.blank()
        out.line(("Taught in", "bold"))
        for slug, level, page_id, title in entry.taught:
            out.line(f"{slug}{sep}{level}{sep}{clean(title)}", indent=2, hang=4)
            out.line((clean(commands.learn(slug, page_id)), "dim"), indent=4, hang=6)
