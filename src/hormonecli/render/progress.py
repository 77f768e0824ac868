"""Progress and review screens: what was read and answered, and when reviews fall due."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.text import Text

from hormonecli import REVIEW_LEARN_AHEAD_S
from hormonecli.render.text import Style, clean

if TYPE_CHECKING:
    from hormonecli.progress import Progress
    from hormonecli.render.commands import Commands


def describe_when(ts: float, now: float | None = None) -> str:
    """'in 3 days (2025-05-02 09:00)': how far away a due time is, in words."""
    import time
    from datetime import datetime

    now = time.time() if now is None else now
    delta = ts - now
    stamp = datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")
    if delta <= REVIEW_LEARN_AHEAD_S:
        return f"now ({stamp})"
    minutes = delta / 60
    if minutes < 90:
        return f"in {round(minutes)} minutes ({stamp})"
    hours = minutes / 60
    if hours < 36:
        return f"in {round(hours)} hours ({stamp})"
    return f"in {round(hours / 24)} days ({stamp})"


def nothing_due_view(met: int, next_due: float | None, module: str | None, commands: Commands) -> RenderableType:
    scope = f" in {module}" if module else ""
    if not met:
        return Text(f"Nothing to review{scope} yet: answer some questions first ({commands.quiz('MODULE')}).")
    line = Text(f"Nothing is due{scope}.")
    if next_due is not None:
        line.append(f" Next review: {describe_when(next_due)}.")
    line.append(f" To practise your weakest questions now: {commands.review(cram=True)}", style="dim")
    return line


NARROW = 56
BLOCKS = " ▁▂▃▄▅▆▇█"


def _pct(correct: int, answered: int) -> str:
    return f"{round(100 * correct / answered)}%" if answered else "-"


def progress_view(console: Console, prog: Progress, style: Style, commands: Commands) -> None:
    """Per module and level: pages read, questions answered, share right, reviews due; then the
    weakest pages with the command to reread each, and the reviews ahead as a bar chart."""
    narrow = console.width < NARROW
    rows: list[tuple[Text, list[str]]] = []
    single = len(prog.modules) == 1
    for mp in prog.modules:
        rows.append((Text(mp.slug, style="bold"),
                     [f"{mp.read}/{mp.pages}", f"{mp.met}/{mp.questions}", _pct(mp.correct, mp.answered), str(mp.due)]))
        if not (mp.started or single):
            continue  # nothing done here yet: one row is enough
        for lv in mp.levels:
            rows.append((Text(f"  {lv.level}"),
                         [f"{lv.read}/{lv.pages}", f"{lv.met}/{lv.questions}", _pct(lv.correct, lv.answered),
                          str(lv.due)]))
    headers = ["read", "quiz" if narrow else "answered", "right", "due"]
    for line in _columns(Text("module · level", style="bold"), headers, rows, console.width, style):
        console.print(line, no_wrap=True, overflow="ellipsis")
    legend = ("read: pages read (not just opened) · answered: questions answered at least once · "
              "right: share of answers right")
    console.print(Text(legend.replace("answered:", "quiz:") if narrow else legend, style="dim"))
    if prog.weakest:
        console.print()
        console.print(Text("Weakest pages (reread, then review)", style="bold"))
        for p in prog.weakest:
            console.print(Padding(Text(clean(p.title), style="bold"), (0, 0, 0, 2)))
            right = f"{p.met - p.missed_last} of {p.met} question{'s' if p.met != 1 else ''} right last time"
            console.print(Padding(Text(f"{p.module} · {p.level} · {right}", style="dim"), (0, 0, 0, 4)))
            console.print(Padding(Text(commands.learn(p.module, p.id), style="cyan"), (0, 0, 0, 4)))
    console.print()
    console.print(forecast_view(prog.forecast, style, narrow))
    line = Text(f"Reviews due: {prog.due}", style="bold")
    if prog.due:
        line.append(f"  → {commands.review()}")
    elif prog.next_due:
        line.append(f"  (next {describe_when(prog.next_due)})", style="")
    console.print(line)
    if prog.other_answers:
        console.print(Text(f"({prog.other_answers} answers belong to modules not in the current content; kept)",
                           style="dim"))


def _columns(head: Text, headers: list[str], rows: list[tuple[Text, list[str]]], width: int,
             style: Style) -> list[Text]:
    """A name column and right-aligned figures: the figures keep their width, the name gives way."""
    widths = [max(len(h), *(len(r[1][i]) for r in rows)) for i, h in enumerate(headers)]
    full = max(len(head.plain), *(len(r[0].plain) for r in rows))
    gap = 2 if full + sum(widths) + 2 * len(widths) < width else 1
    name = min(full, width - sum(widths) - gap * len(widths) - 1)
    name = max(name, 8)

    def line(first: Text, cells: list[str], bold: bool = False) -> Text:
        out = first.copy()
        out.truncate(name, overflow="ellipsis", pad=True)
        for w, cell in zip(widths, cells):
            out.append(" " * gap + cell.rjust(w), style="bold" if bold else "")
        return out

    lines = [line(head, headers, bold=True)]
    total = name + sum(widths) + gap * len(widths)
    lines.append(Text(("-" if style.plain else "─") * total, style="dim"))
    lines.extend(line(first, cells) for first, cells in rows)
    return lines


def forecast_view(days: list, style: Style, narrow: bool = False, height: int = 3) -> RenderableType:
    """Reviews due per day as a small bar chart (today first), what spaced-repetition users look at first."""
    from rich.console import Group

    total = sum(n for _, n in days)
    head = Text(f"Reviews due in the next {len(days)} days: {total}", style="bold")
    if not total:
        head.append("  (none scheduled)", style="dim")
        return head
    peak_day, peak = max(days, key=lambda d: d[1])
    head.append(f"  (most on {peak_day.strftime('%a')} {peak_day.day} {peak_day.strftime('%b')}: {peak})", style="dim")
    step = 2 if narrow else 3
    label = len(str(peak))
    rows: list[RenderableType] = [head]
    eighths = [round(n * height * 8 / peak) if n else 0 for _, n in days]
    for r in range(height, 0, -1):
        cells = []
        for e in eighths:
            fill = max(0, min(8, e - (r - 1) * 8))
            if style.plain:
                ch = "#" if fill >= 4 or (r == 1 and e > 0) else " "
            else:
                ch = BLOCKS[fill] if fill or not (r == 1 and e) else BLOCKS[1]
            cells.append((ch * (step - 1)).ljust(step))
        axis = str(peak).rjust(label) if r == height else " " * label
        rows.append(Text(f"{axis} {'|' if style.plain else '│'}" + "".join(cells).rstrip(), style="cyan"))
    rule = "-" if style.plain else "─"
    rows.append(Text(f"{'0'.rjust(label)} {'+' if style.plain else '└'}" + rule * (step * len(days) - 1), style="dim"))
    initials = "".join(d.strftime("%a")[0].ljust(step) for d, _ in days)
    rows.append(Text(" " * (label + 2) + initials.rstrip(), style="dim"))
    if not narrow:
        rows.append(Text(" " * (label + 2) + "".join(str(n).ljust(step) if n else "·".ljust(step)
                                                      for _, n in days).rstrip(), style="dim"))
    return Group(*rows)
