"""Quick screens made of lines: welcome, module list, validation report.

They read the module manifest (plain dicts, see library.manifest) and use the
Rich-free line writer, so they start fast. Lessons are drawn by render/page.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from hormonecli.render.lines import NOTICE, Lines, clean

if TYPE_CHECKING:
    from hormonecli.nextstep import Step
    from hormonecli.render.commands import Commands
    from hormonecli.transfer import Merged

NARROW = 64


def _read_in(mod: dict, read: Mapping, level: str) -> int:
    """Pages of a level read (pages since removed from the content do not count)."""
    return len(read.get((mod["slug"], level), set()) & {page_id for page_id, _title in mod["levels"][level]})


def _read(mod: dict, read: Mapping) -> tuple[int, int]:
    total = sum(len(pages) for pages in mod["levels"].values())
    seen = sum(_read_in(mod, read, lv) for lv in mod["levels"])
    return seen, total


def _where(mod: dict, pos: tuple[str, str] | None) -> str:
    if not pos:
        return ""
    level, page_id = pos
    pages = mod["levels"].get(level, [])
    for n, (pid, _) in enumerate(pages, 1):
        if pid == page_id:
            return f"{level} {n}/{len(pages)}"
    return ""


def welcome(out: Lines, modules: list[dict], positions: Mapping, read: Mapping, due: int | None, step: Step,
            commands: Commands) -> None:
    """The course at a glance: modules with pages read, where the learner left off, reviews due, the next step."""
    out.line(("hormonecli", "bold"), (" · the endocrinology of exercise and aging", "dim"))
    out.line((NOTICE, "italic dim"))
    out.blank()
    if out.width < NARROW:
        for mod in modules:
            seen, total = _read(mod, read)
            where = _where(mod, positions.get(mod["slug"]))
            out.line((mod["slug"], "bold"), f" · read {seen}/{total}" + (f" · at {where}" if where else ""), hang=2)
    else:
        headers = ["module", "title", "read"] + (["left off at"] if positions else [])
        rows = []
        for mod in modules:
            seen, total = _read(mod, read)
            row = [mod["slug"], clean(mod["title"]), f"{seen}/{total}"]
            if positions:
                row.append(_where(mod, positions.get(mod["slug"])))
            rows.append(row)
        out.table(headers, rows, right=(2,))
    out.blank()
    if due is not None:
        out.line((f"Reviews due: {due}", "bold" if due else ""), (f"   → {commands.review()}" if due else "", "green"))
    next_step_line(out, step, commands)
    out.blank()
    out.line(("Commands: learn MODULE · quiz MODULE · review · search WORDS · define TERM", "dim"), hang=10)
    out.line(("          list · progress · validate · --help", "dim"))


def next_step_line(out: Lines, step: Step, commands: Commands) -> None:
    """'Next: COMMAND   (reason)', or the reason and the command below it when one line is too narrow."""
    from hormonecli.render.nextstep import next_lines

    first, *more = next_lines(step, commands, out.width)
    out.line(("Next: ", "bold"), first, hang=6)
    for line in more:
        out.line(line, indent=6)


def module_list(out: Lines, modules: list[dict], read: dict) -> None:
    if out.width < NARROW:
        for mod in modules:
            seen, total = _read(mod, read)
            pages = "/".join(str(len(p)) for p in mod["levels"].values())
            out.line((mod["slug"], "bold"), f" · {clean(mod['title'])}", hang=2)
            out.line((f"pages {pages} · {mod['questions']} questions · read {seen}/{total}", "dim"), indent=2)
            aliases = [a for a in mod["aliases"] if a != mod["slug"]]
            if aliases:
                out.line(("also: " + ", ".join(aliases), "dim"), indent=2, hang=4)
        return
    rows = []
    for mod in modules:
        seen, total = _read(mod, read)
        title: list = [clean(mod["title"])]
        aliases = [a for a in mod["aliases"] if a != mod["slug"]]
        if aliases:
            title.append(("\nalso: " + ", ".join(aliases), "dim"))
        pages = "/".join(str(len(p)) for p in mod["levels"].values())
        rows.append([mod["slug"], title, pages, str(mod["questions"]), f"{seen}/{total}"])
    out.table(["module", "title", "pages", "quiz", "read"], rows, right=(2, 3, 4))
    out.line(("pages: per level (fundamentals/intermediate/academic) · quiz: questions", "dim"))


def module_json(modules: list[dict], read: dict) -> list[dict]:
    out = []
    for mod in modules:
        seen, total = _read(mod, read)
        levels = {lv: {"pages": len(pages), "pages_read": _read_in(mod, read, lv)} for lv, pages in mod["levels"].items()}
        out.append({
            "slug": mod["slug"], "title": mod["title"], "aliases": mod["aliases"], "summary": mod["summary"] or None,
            "order": mod["order"], "levels": levels, "pages": total, "pages_read": seen, "questions": mod["questions"],
        })
    return out


def findings(out: Lines, items: list, counted: int) -> None:
    for f in items:
        out.raw(f.format(), "red" if f.severity == "error" else "yellow")
    errors = sum(f.severity == "error" for f in items)
    out.line((f"{errors} error(s), {len(items) - errors} warning(s) in {counted} file(s)",
              "bold red" if errors else "bold green"))


def findings_json(items: list, counted: int) -> dict:
    errors = sum(f.severity == "error" for f in items)
    return {
        "files": counted, "errors": errors, "warnings": len(items) - errors,
        "findings": [{"code": f.code, "severity": f.severity, "file": f.path, "line": f.line or None,
                      "path": f.where or None, "message": f.message} for f in items],
    }


def rules(out: Lines, table: dict[str, str]) -> None:
    for code, text in table.items():
        out.line(f"{code}  {text}", hang=7)


# words for the store's tables in sentences; any other table is named as it is
TABLE_WORDS = {"answer": ("answer", "answers"), "card": ("review card", "review cards"),
               "position": ("reading position", "reading positions"), "page_read": ("page read", "pages read"),
               "page_visit": ("page visited", "pages visited")}


def counted(counts: dict[str, int]) -> str:
    """'3 answers, 1 review card and 2 pages read' (tables with none left out; 'nothing' if all are)."""
    parts = []
    for name, n in counts.items():
        if n:
            one, many = TABLE_WORDS.get(name, (f"{name} row", f"{name} rows"))
            parts.append(f"{n} {one if n == 1 else many}")
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def exported(counts: dict[str, int], target: str) -> str:
    return f"Exported {counted(counts)} to {clean(target)}."


def imported(merged: Merged, source: str) -> str:
    added, updated = counted(merged.added), counted(merged.updated)
    if added == updated == "nothing":
        return f"Nothing to import from {clean(source)}: {counted(merged.unchanged)}, all here already."
    return (f"Imported {clean(source)}: added {added}" + (f"; updated {updated} (newer in the file)"
                                                           if updated != "nothing" else "") + ".")
