"""Next steps in words: the welcome screen's "Next", the end of a level in the pager, the end of a quiz.

The steps come from hormonecli.nextstep (one path for every screen); their command lines
from Commands.step. Rich is imported only by `level_end_view`, so the welcome stays fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hormonecli.nextstep import LevelEnd, Step
    from hormonecli.render.commands import Commands
    from hormonecli.render.text import Style

#: The pager key that takes each step offered at the end of a level.
OFFER_KEYS = {"quiz": "c", "level": "n", "module": "r"}


def _plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def reason(step: Step) -> str:
    """Why this step, in a few words."""
    where = f"{step.level} {step.number}/{step.total}" if step.number else step.level
    if step.kind == "review":
        return f"{_plural(step.questions, 'question')} due"
    if step.kind == "read":
        if step.resume:
            return f"where you left off · {where}"
        if step.start and step.number == 1:
            return f"start here · {where}"
        return f"not read yet · {where}"
    if step.kind == "quiz":
        if step.done:
            return f"the {step.level} quiz again, {_plural(step.questions, 'question')}"
        return f"you have read the {step.level}; check yourself, {_plural(step.questions, 'question')}"
    if step.kind == "level":
        return f"go on to {step.level}, {_plural(step.total, 'page')}"
    if step.kind == "module":
        what = f"related: {step.via} links to it most" if step.via else "not read yet"
        return f"{what} · {step.title}" if step.title else what
    if step.kind == "done":
        return "every page read and quizzed: practise your weakest questions"
    return "no modules found; add content with --content-dir"


def next_line(step: Step, commands: Commands) -> str:
    """'COMMAND   (reason)': the one line a screen shows after "Next: "."""
    if step.kind == "none":
        return reason(step)
    return f"{commands.step(step)}   ({reason(step)})"


def next_lines(step: Step, commands: Commands, width: int) -> list[str]:
    """What follows "Next: ": one line when it fits in `width` (less the 6 columns of "Next: "),
    else the reason and, below it, the command."""
    one = next_line(step, commands)
    if len(one) + 6 <= width or step.kind == "none":
        return [one]
    return [reason(step)[:1].upper() + reason(step)[1:], commands.step(step)]


def offer_text(step: Step) -> str:
    """What a step offered at the end of a level does, after its key."""
    if step.kind == "quiz":
        again = " again" if step.done else ""
        return f"check yourself: the {step.level} quiz{again}, {_plural(step.questions, 'question')}"
    if step.kind == "level":
        return f"go on to {step.level}, {_plural(step.total, 'page')}"
    if step.kind == "module":
        return f"a related module: {step.title or step.module}"
    return reason(step)


def level_end_view(end: LevelEnd, commands: Commands, style: Style):
    """The close of a level's last page: how much of the level was read and the keys onward."""
    from rich.console import Group, RenderableType
    from rich.text import Text

    from hormonecli.escapes import clean
    from hormonecli.render.page import hanging

    parts: list[RenderableType] = [Text(""), Text(f"End of {end.level}", style="bold")]
    line = Text(f"You have read {end.read} of {_plural(end.total, 'page')}", style="dim")
    if end.unread:
        shown = ", ".join(str(n) for n, _, _ in end.unread)
        line.append(f"; not yet read: page{'s' if len(end.unread) > 1 else ''} {shown} (t for contents)")
    line.append(".")
    parts.append(line)
    for step in end.steps:
        key = OFFER_KEYS.get(step.kind, "")
        parts.append(hanging(Text(f"  {key}  ", style="bold"), Text(clean(offer_text(step)))))
        parts.append(hanging(Text("     "), Text(clean(commands.step(step)), style="dim")))
    return Group(*parts)


def offer_hint(end: LevelEnd | None, room: int = 1000) -> str:
    """The footer's key hint on the last page of a level: 'c quiz  n intermediate  r related',
    or 'c/n/r next steps' when that does not fit in `room` columns."""
    if end is None or not end.steps:
        return ""
    names = {"quiz": "quiz", "module": "related"}
    full = "  ".join(f"{OFFER_KEYS[st.kind]} {names.get(st.kind, st.level)}" for st in end.steps)
    if len(full) <= room:
        return full
    return "/".join(OFFER_KEYS[st.kind] for st in end.steps) + " next steps"
