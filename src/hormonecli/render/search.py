"""Search results and glossary entries from the search index. Rich only; no SQLite.

User text (the query) and content text are always wrapped in Text, never read as markup.
"""
from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from hormonecli.render.text import Style, clean

GROUPS = (("term", "Glossary"), ("page", "Pages"), ("question", "Questions"))
HIGHLIGHT = "bold reverse"


def _sep(style: Style) -> str:
    return " > " if style.plain else " › "


def _shown(query: str, limit: int = 60) -> str:
    q = " ".join(clean(query).split())
    return q if len(q) <= limit else q[: limit - 1] + "…"


def _marked(text: str, spans, base: str = "") -> Text:
    out = Text(clean(text), style=base)
    for a, b in spans:
        out.stylize(HIGHLIGHT, a, b)
    return out


def results(console: Console, res, style: Style) -> None:
    """Hits grouped by kind: where (module › level › page), a highlighted snippet, the command that opens it."""
    query = _shown(res.query)
    if not res.hits:
        line = Text("No results for ")
        line.append(f'"{query}"', "bold")
        if res.suggestions:
            line.append(". Did you mean: ")
            line.append(", ".join(clean(s) for s in res.suggestions), "bold")
            line.append("?")
        else:
            line.append(".")
        console.print(line)
        return
    if res.suggested:
        line = Text("No results for ")
        line.append(f'"{query}"', "bold")
        line.append("; showing results for ")
        line.append(f'"{_shown(res.suggested)}"', "bold")
        if len(res.suggestions) > 1:
            line.append(" (also: " + ", ".join(clean(s) for s in res.suggestions[1:]) + ")", "dim")
        console.print(line)
    if res.fallback:
        console.print(Text("Nothing matches every word; showing hits for any of them.", style="yellow"))
    n = len(res.hits)
    head = Text(f"{n} hit{'s' if n != 1 else ''} for ")
    head.append(f'"{_shown(res.suggested or res.query)}"', "bold")
    console.print(head)
    sep = _sep(style)
    for kind, label in GROUPS:
        hits = [h for h in res.hits if h.kind == kind]
        if not hits:
            continue
        console.print()
        console.print(Text(label, style="bold underline"))
        for h in hits:
            if kind == "term":
                console.print(Padding(_marked(h.title, [], "bold cyan"), (0, 0, 0, 2), expand=False))
            elif kind == "page":
                where = Text(f"{h.module}{sep}{h.level}{sep}")
                where.append(clean(h.title), "bold")
                console.print(Padding(where, (0, 0, 0, 2), expand=False))
            else:
                console.print(Padding(Text(f"{h.module}{sep}{h.level}{sep}{clean(h.page_title)}", style="bold"),
                                      (0, 0, 0, 2), expand=False))
            console.print(Padding(_marked(h.snippet, h.highlights), (0, 0, 0, 4), expand=False))
            if kind == "term" and h.status:
                console.print(Padding(Text("Status: ", style="bold yellow") + Text(clean(h.status)), (0, 0, 0, 4), expand=False))
            console.print(Padding(Text(clean(h.command), style="green"), (0, 0, 0, 4), expand=False))


def hits_json(res) -> list[dict]:
    return [h.as_json() for h in res.hits]


def term_entry(console: Console, entry, style: Style, program: str = "hormonecli") -> None:
    """A glossary entry: name, aliases, definition, status, and the pages that teach it."""
    console.print(Text(clean(entry.term), style="bold cyan"))
    if entry.aliases:
        console.print(Text("also: " + ", ".join(clean(a) for a in entry.aliases), style="dim"))
    console.print(Text(clean(entry.definition)))
    if entry.status:
        console.print(Text("Status: ", style="bold yellow") + Text(clean(entry.status)))
    if entry.taught:
        sep = _sep(style)
        console.print()
        console.print(Text("Taught in", style="bold"))
        for slug, level, page_id, title in entry.taught:
            console.print(Padding(Text(f"{slug}{sep}{level}{sep}{clean(title)}"), (0, 0, 0, 2), expand=False))
            console.print(Padding(Text(f"{clean(program)} learn {slug} --page {page_id}", style="dim"), (0, 0, 0, 4),
                                  expand=False))
