"""Search results and glossary entries from the search index. No Rich, no SQLite.

These screens are plain lines, so they use the small line writer (render/lines.py).
User text (the query) and content text are always written as text, never interpreted.
"""
from __future__ import annotations

from hormonecli.render.lines import Lines, clean

GROUPS = (("term", "Glossary"), ("page", "Pages"), ("question", "Questions"))
HIGHLIGHT = "bold reverse"


def _shown(query: str, limit: int = 60) -> str:
    q = " ".join(clean(query).split())
    return q if len(q) <= limit else q[: limit - 1] + "…"


def _marked(text: str, spans, base: str = "") -> list:
    """The text as parts, with the matched spans highlighted."""
    text = clean(text)
    parts, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        if a > pos:
            parts.append((text[pos:a], base))
        parts.append((text[a:b], f"{base} {HIGHLIGHT}".strip()))
        pos = b
    if pos < len(text):
        parts.append((text[pos:], base))
    return parts


def results(out: Lines, res) -> None:
    """Hits grouped by kind: where (module › level › page), a highlighted snippet, the command that opens it."""
    query = _shown(res.query)
    if not res.hits:
        tail = [". Did you mean: ", (", ".join(clean(s) for s in res.suggestions), "bold"), "?"] if res.suggestions else ["."]
        out.line("No results for ", (f'"{query}"', "bold"), *tail)
        return
    if res.suggested:
        also = [(" (also: " + ", ".join(clean(s) for s in res.suggestions[1:]) + ")", "dim")] if len(res.suggestions) > 1 else []
        out.line("No results for ", (f'"{query}"', "bold"), "; showing results for ",
                 (f'"{_shown(res.suggested)}"', "bold"), *also)
    if res.fallback:
        out.line(("Nothing matches every word; showing hits for any of them.", "yellow"))
    n = len(res.hits)
    out.line(f"{n} hit{'s' if n != 1 else ''} for ", (f'"{_shown(res.suggested or res.query)}"', "bold"))
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
            elif kind == "page":
                out.line(f"{h.module}{sep}{h.level}{sep}", (clean(h.title), "bold"), indent=2, hang=4)
            else:
                out.line((f"{h.module}{sep}{h.level}{sep}{clean(h.page_title)}", "bold"), indent=2, hang=4)
            out.line(*_marked(h.snippet, h.highlights), indent=4)
            if kind == "term" and h.status:
                out.line(("Status: ", "bold yellow"), clean(h.status), indent=4, hang=6)
            out.line((clean(h.command), "green"), indent=4, hang=6)


def hits_json(res) -> list[dict]:
    return [h.as_json() for h in res.hits]


def term_entry(out: Lines, entry, program: str = "hormonecli") -> None:
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
            out.line((f"{clean(program)} learn {slug} --page {page_id}", "dim"), indent=4, hang=6)
