"""Progress and review screens: what was read and answered, and when reviews fall due."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from hormonecli import REVIEW_LEARN_AHEAD_S
from hormonecli.render.text import Style

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


def progress_view(console: Console, prog: Progress, style: Style, commands: Commands) -> None:
    from rich import box

    tbl = Table(box=None if style.plain else box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    tbl.add_column("module", no_wrap=True)
    tbl.add_column("level")
    tbl.add_column("pages read", justify="right")
    tbl.add_column("quiz right", justify="right")
    tbl.add_column("due", justify="right")
    for mp in prog.modules:
        for i, lv in enumerate(mp.levels):
            acc = f"{lv.correct}/{lv.answered} ({round(100 * lv.correct / lv.answered)}%)" if lv.answered else "-"
            tbl.add_row(mp.slug if i == 0 else "", lv.level, f"{lv.read}/{lv.pages}", acc,
                        str(mp.due) if i == 0 else "")
    console.print(tbl)
    line = Text(f"Reviews due: {prog.due}", style="bold")
    if prog.due:
        line.append(f"  → {commands.review()}")
    elif prog.next_due:
        line.append(f"  (next {describe_when(prog.next_due)})", style="")
    console.print(line)
    if prog.other_answers:
        console.print(Text(f"({prog.other_answers} answers belong to modules not in the current content; kept)",
                           style="dim"))


