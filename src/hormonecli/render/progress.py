"""The progress screen: what was read and answered, the pages to reread, and the reviews ahead.

Plain lines of fixed-width text, so it is written with the Rich-free line writer (render/lines.py)
and starts as fast as the other quick screens.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from hormonecli import REVIEW_LEARN_AHEAD_S
from hormonecli.escapes import clean
from hormonecli.render.lines import Lines, cells

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


NARROW = 56
BLOCKS = " ▁▂▃▄▅▆▇█"


def _pct(correct: int, answered: int) -> str:
    return f"{round(100 * correct / answered)}%" if answered else "-"


def progress_view(out: Lines, prog: Progress, commands: Commands) -> None:
    """Per module and level: pages read, questions answered, share right, reviews due; then the
    weakest pages with the command to reread each, and the reviews ahead as a bar chart."""
    narrow = out.width < NARROW
    rows: list[tuple[str, bool, list[str]]] = []
    single = len(prog.modules) == 1
    for mp in prog.modules:
        rows.append((mp.slug, True,
                     [f"{mp.read}/{mp.pages}", f"{mp.met}/{mp.questions}", _pct(mp.correct, mp.answered), str(mp.due)]))
        if not (mp.started or single):
            continue  # nothing done here yet: one row is enough
        for lv in mp.levels:
            rows.append((f"  {lv.level}", False,
                         [f"{lv.read}/{lv.pages}", f"{lv.met}/{lv.questions}", _pct(lv.correct, lv.answered),
                          str(lv.due)]))
    headers = ["read", "quiz" if narrow else "answered", "right", "due"]
    _columns(out, "module · level", headers, rows)
    legend = ("read: pages read (not just opened); answered: questions answered at least once; "
              "right: share of answers right")
    out.line((legend.replace("answered:", "quiz:") if narrow else legend, "dim"))
    if prog.weakest:
        out.blank()
        out.line(("Weakest pages (reread, then review)", "bold"))
        for p in prog.weakest:
            out.line((clean(p.title), "bold"), indent=2, hang=4)
            right = f"{p.met - p.missed_last} of {p.met} question{'s' if p.met != 1 else ''} right last time"
            out.line((f"{p.module} · {p.level} · {right}", "dim"), indent=4, hang=6)
            out.line((commands.learn(p.module, p.id), "cyan"), indent=4, hang=6)
    out.blank()
    forecast_view(out, prog.forecast, narrow)
    tail: list = [(f"Reviews due: {prog.due}", "bold")]
    if prog.due:
        tail.append(f"  → {commands.review()}")
    elif prog.next_due:
        tail.append(f"  · next {describe_when(prog.next_due)}")
    out.line(*tail, hang=2)
    if prog.other_answers:
        out.line((f"({prog.other_answers} answers belong to modules not in the current content; kept)", "dim"))


def _columns(out: Lines, head: str, headers: list[str], rows: list[tuple[str, bool, list[str]]]) -> None:
    """A name column and right-aligned figures: the figures keep their width, the name gives way."""
    widths = [max([len(h), *(len(r[2][i]) for r in rows)]) for i, h in enumerate(headers)]
    full = max([cells(head), *(cells(r[0]) for r in rows)])  # (no rows when no module could be loaded)
    gap = 2 if full + sum(widths) + 2 * len(widths) < out.width else 1
    name = max(8, min(full, out.width - sum(widths) - gap * len(widths) - 1))

    def fit(text: str) -> str:
        text = clean(text)
        return text.ljust(name) if cells(text) <= name else text[: max(1, name - 1)] + "…"

    out.raw(fit(head) + "".join(" " * gap + h.rjust(w) for w, h in zip(widths, headers)), "bold")
    out.raw(("-" if out.plain else "─") * (name + sum(widths) + gap * len(widths)), "dim")
    for first, bold, figures in rows:
        out.raw(fit(first) + "".join(" " * gap + f.rjust(w) for w, f in zip(widths, figures)),
                "bold" if bold else "")


def forecast_view(out: Lines, days: list, narrow: bool = False, height: int = 3) -> None:
    """Reviews due per day as a small bar chart (today first), what spaced-repetition users look at first."""
    total = sum(n for _, n in days)
    head: list = [(f"Reviews due in the next {len(days)} days: {total}", "bold")]
    if not total:
        out.line(*head, ("  (none scheduled)", "dim"))
        return
    peak_day, peak = max(days, key=lambda d: d[1])
    out.line(*head, (f"  (most on {peak_day.strftime('%a')} {peak_day.day} {peak_day.strftime('%b')}: {peak})",
                     "dim"), hang=2)
    step = 2 if narrow else 3
    label = len(str(peak))
    eighths = [round(n * height * 8 / peak) if n else 0 for _, n in days]
    for r in range(height, 0, -1):
        row = []
        for e in eighths:
            fill = max(0, min(8, e - (r - 1) * 8))
            if out.plain:
                ch = "#" if fill >= 4 or (r == 1 and e > 0) else " "
            else:
                ch = BLOCKS[fill] if fill or not (r == 1 and e) else BLOCKS[1]
            row.append((ch * (step - 1)).ljust(step))
        axis = str(peak).rjust(label) if r == height else " " * label
        out.raw(f"{axis} {'|' if out.plain else '│'}" + "".join(row).rstrip(), "cyan")
    rule = "-" if out.plain else "─"
    out.raw(f"{'0'.rjust(label)} {'+' if out.plain else '└'}" + rule * (step * len(days) - 1), "dim")
    initials = "".join(d.strftime("%a")[0].ljust(step) for d, _ in days)
    out.raw(" " * (label + 2) + initials.rstrip(), "dim")
    if not narrow:
        out.raw(" " * (label + 2) + "".join(str(n).ljust(step) if n else "·".ljust(step)
                                          for _, n in days).rstrip(), "dim")
