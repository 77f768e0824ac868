"""Whole screens: welcome, module list, glossary entry, validation report, printed lessons."""
from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from hormonecli import model as m
from hormonecli.render.page import PageView
from hormonecli.render.text import NOTICE, Inline, Style, clean


def welcome(console: Console, library: m.Library, positions: dict, read: dict, due: int | None, style: Style,
            warning: str = "") -> None:
    console.print(Text("hormonecli", style="bold"), Text("· the endocrinology of exercise and aging", style="dim"))
    console.print(Text(NOTICE, style="italic dim"))
    console.print()
    tbl = Table(box=box.ASCII if style.plain else box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    tbl.add_column("module", no_wrap=True)
    tbl.add_column("title", ratio=1, min_width=12)
    tbl.add_column("read", justify="right", no_wrap=True)
    if positions:
        tbl.add_column("left off at", ratio=1)
    for mod in library.modules:
        total = len(mod.pages)
        seen = sum(len(read.get((mod.slug, lv.name), ())) for lv in mod.levels)
        row = [mod.slug, clean(mod.title), f"{seen}/{total}"]
        if positions:
            where = ""
            pos = positions.get(mod.slug)
            page = mod.page(pos[1]) if pos else None
            if page is not None:
                where = f"{page.level} {page.number}/{len(mod.level(page.level).pages)}"
            row.append(where)
        tbl.add_row(*row)
    console.print(tbl)
    if due is not None:
        console.print(Text(f"Reviews due: {due}" + ("   hormonecli review" if due else ""),
                           style="bold" if due else ""))
    console.print(Text("Next: ", style="bold") + Text(_next_step(library, positions)))
    console.print()
    console.print(Text("Commands: learn MODULE · quiz MODULE · review · search WORDS · define TERM", style="dim"))
    console.print(Text("          list · progress · validate · --help", style="dim"))
    if warning:
        console.print(Text(warning, style="dim"))


def _next_step(library: m.Library, positions: dict) -> str:
    if not library.modules:
        return "no modules found; add content with --content-dir"
    for mod in library.modules:
        if mod.slug in positions:
            return f"hormonecli learn {mod.slug}   (resume where you left off)"
    return f"hormonecli learn {library.modules[0].slug}   (start here)"


NARROW = 64


def module_list(console: Console, library: m.Library, read: dict, style: Style) -> None:
    if console.width < NARROW:
        for mod in library.modules:
            pages = "/".join(str(len(lv.pages)) for lv in mod.levels)
            seen = sum(len(read.get((mod.slug, lv.name), ())) for lv in mod.levels)
            console.print(Text(mod.slug, style="bold") + Text(f" · {clean(mod.title)}"))
            console.print(Padding(Text(f"pages {pages} · {len(mod.questions)} questions · read {seen}/{len(mod.pages)}",
                                       style="dim"), (0, 0, 0, 2)))
            aliases = [a for a in mod.aliases if a != mod.slug]
            if aliases:
                console.print(Padding(Text("also: " + ", ".join(aliases), style="dim"), (0, 0, 0, 2)))
        return
    tbl = Table(box=box.ASCII if style.plain else box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    tbl.add_column("module", no_wrap=True)
    tbl.add_column("title", ratio=1, min_width=12)
    tbl.add_column("pages f/i/a", justify="right", no_wrap=True)
    tbl.add_column("questions", justify="right", no_wrap=True)
    tbl.add_column("read", justify="right", no_wrap=True)
    for mod in library.modules:
        pages = "/".join(str(len(lv.pages)) for lv in mod.levels)
        seen = sum(len(read.get((mod.slug, lv.name), ())) for lv in mod.levels)
        title = Text(clean(mod.title))
        aliases = [a for a in mod.aliases if a != mod.slug]
        if aliases:
            title.append("\nalso: " + ", ".join(aliases), "dim")
        tbl.add_row(mod.slug, title, pages, str(len(mod.questions)), f"{seen}/{len(mod.pages)}")
    console.print(tbl)


def module_json(library: m.Library, read: dict) -> list[dict]:
    out = []
    for mod in library.modules:
        out.append({
            "slug": mod.slug,
            "title": mod.title,
            "aliases": list(mod.aliases),
            "summary": mod.summary,
            "order": mod.order,
            "levels": {lv.name: len(lv.pages) for lv in mod.levels},
            "pages": len(mod.pages),
            "questions": len(mod.questions),
            "pages_read": sum(len(read.get((mod.slug, lv.name), ())) for lv in mod.levels),
        })
    return out


def printed(console: Console, library: m.Library, module: m.Module, pages: list[m.Page], style: Style) -> None:
    rule = "-" if style.plain else "─"
    for i, page in enumerate(pages):
        if i:
            console.print(Text(rule * min(console.width, 80), style="dim"))
        console.print(PageView(library, module, page, style))
        console.print()


def term_entry(console: Console, library: m.Library, term: m.Term, taught: list[tuple[m.Module, m.Page]],
               style: Style) -> None:
    inline = Inline(library)
    console.print(Text(clean(term.term), style="bold cyan"))
    if term.aliases:
        console.print(Text("also: " + ", ".join(clean(a) for a in term.aliases), style="dim"))
    console.print(inline(term.definition))
    if term.status:
        console.print(Text("Status: ", style="bold yellow") + inline(term.status))
    if taught:
        console.print()
        console.print(Text("Taught in", style="bold"))
        for mod, page in taught:
            console.print(Padding(Text(f"{mod.slug} › {page.level} › {clean(page.title)}"), (0, 0, 0, 2)))
            console.print(Padding(Text(f"hormonecli learn {mod.slug} --page {page.id}", style="dim"), (0, 0, 0, 4)),
                          soft_wrap=True)


def findings(console: Console, items: list, counted: int) -> None:
    for f in items:
        text = Text(f.format(), style="red" if f.severity == "error" else "yellow")
        console.print(text, soft_wrap=True)
    errors = sum(f.severity == "error" for f in items)
    warnings = len(items) - errors
    console.print(Text(f"{errors} error(s), {warnings} warning(s) in {counted} file(s)",
                       style="bold red" if errors else "bold green"))


def rules(console: Console, table: dict[str, str]) -> None:
    for code, text in table.items():
        console.print(Text(f"{code}  {text}"), soft_wrap=True)


__all__ = ["welcome", "module_list", "module_json", "printed", "term_entry", "findings", "rules", "Group"]
