"""Quiz views: a question as laid out, the feedback on an answer, the score at the end.

Answers are user text: they are only ever shown through `Text` / `clean()`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from hormonecli.courseware.markup import plain
from hormonecli.escapes import shorten
from hormonecli.render.page import hanging
from hormonecli.render.text import Inline, Style, clean

if TYPE_CHECKING:
    from hormonecli.nextstep import Step
    from hormonecli.quiz.answers import Presented
    from hormonecli.quiz.engine import Quiz, Result, Summary
    from hormonecli.render.commands import Commands


def scope_view(quiz: Quiz, commands: Commands) -> RenderableType:
    """Which levels the questions come from, when they were chosen from the learner's reading."""
    levels = list(quiz.levels)
    named = " and ".join([", ".join(levels[:-1]), levels[-1]] if len(levels) > 2 else levels)
    what = "the level" if len(levels) == 1 else "the levels"
    return Text(f"From {named} ({what} you have reached); --level all mixes every level.", style="dim")


def question_view(inline: Inline, pres: Presented, number: int, total: int, style: Style) -> RenderableType:
    q = pres.question
    parts: list[RenderableType] = []
    head = Text(f"Question {number}/{total}", style="bold")
    head.append(f" · {q.module} · {q.level} · {pres.kind.label}", style="dim")
    parts.append(head)
    prompt = inline(q.prompt, "bold")
    what = pres.kind.instruction(pres)
    if what:
        prompt.append(f"  ({what})", style="bold yellow")
    parts.append(prompt)
    if pres.lefts:
        for i, left in enumerate(pres.lefts, 1):
            parts.append(hanging(f"  {i}. ", inline(left)))
        parts.append(Text("  with", style="dim"))
    for c in pres.choices:
        parts.append(hanging(Text(f"  {c.label}) ", style="bold"), inline(c.text)))
    if q.unit:
        parts.append(Text(f"  (answer in {clean(q.unit)})", style="dim"))
    parts.append(Text(pres.hint(), style="dim"))
    return Group(*parts)


def _mark(style: Style, ok: bool) -> str:
    if style.plain:
        return "+" if ok else "x"
    return "✓" if ok else "✗"


#: what each feedback note says, and whether the learner's decision there was right
#: (the mark says whether the learner decided rightly; the words say what was chosen and what the option is)
TAGS = {"chosen-right": ("chosen · it is right", True), "chosen-wrong": ("chosen · it is wrong", False),
        "correct": ("the right answer", True), "missed": ("not chosen · it is right", False),
        "left-out": ("not chosen · it is wrong", True), "placed": ("in place", True), "misplaced": ("", False)}


def feedback_view(inline: Inline, result: Result, style: Style, commands: Commands) -> RenderableType:
    q = result.question
    parts: list[RenderableType] = []
    if result.correct:
        parts.append(Text(f"{_mark(style, True)} Right.", style="bold green"))
    else:
        partly = result.credit > 0
        line = Text(f"{_mark(style, False)} {'Partly right' if partly else 'Wrong'}.", style="bold yellow" if partly else "bold red")
        line.append(" You answered ", style="")
        line.append(clean(result.response.labels), style="bold")
        line.append(".")
        if partly:
            line.append(f" Credit: {round(100 * result.credit)}%.", style="bold")
        parts.append(line)
    kind = result.presented.kind
    answer = Text(f"{kind.answer_title}: ", style="bold")
    if kind.key_in_letters:
        answer.append(result.expected, style="bold")
        answer.append("  (")
        answer.append_text(inline(result.expected_text))
        answer.append(")")
    else:
        answer.append_text(inline(result.expected_text))
    parts.append(answer)
    ordered = result.presented.type == "order"
    for place, note in enumerate(result.notes, 1):
        tag, ok = TAGS[note.tag]
        body = inline(note.text)
        if note.tag == "misplaced":  # order, match: the learner's answer beside the key
            body.append("  ← you: ", style="dim")
            body.append(clean(note.yours), style="bold")
            if note.yours_text:
                body.append(") ", style="")
                body.append_text(inline(note.yours_text))
        else:
            body.append(f" [{tag}]", style="dim")
        where = f"{place}. " if ordered else ""
        parts.append(hanging(Text(f"  {_mark(style, ok)} {where}{note.label}) ", style="green" if ok else "red"), body))
        if note.why:
            parts.append(Padding(inline(note.why, "italic"), (0, 0, 0, 6), expand=False))
    if result.explanation:
        parts.append(inline(result.explanation))
    slug, page = q.page_ref
    parts.append(Text("Read: ", style="dim") + Text(commands.learn(slug, page), style="cyan"))
    return Group(*parts)


def summary_view(summary: Summary, style: Style, commands: Commands, *, due: int | None,
                 title: str = "Score", next_step: Step | None = None, columns: int = 80,
                 saved: str = "all saved") -> RenderableType:
    """`saved` says what was stored ('all saved', 'none saved: disk full'); shown when the quiz
    ended early or when not everything was saved."""
    parts: list[RenderableType] = []
    head = Text(f"{title}: {summary.correct}/{summary.answered}", style="bold")
    if summary.ended_early:
        note = f", {saved}" if saved else ""
        head.append(f"  (ended early: {summary.answered} of {summary.total} answered{note})", style="dim")
    elif saved and saved != "all saved":
        head.append(f"  ({summary.answered} answered, {saved})", style="bold yellow")
    parts.append(head)
    width = max((len(lv) for lv in summary.by_level), default=0)
    for level, sc in summary.by_level.items():
        if sc.answered:
            line = Text(f"  {level:<{width}}  {sc.correct}/{sc.answered}")
            if sc.answered:
                line.append(f"  ({round(100 * sc.correct / sc.answered)}%)", style="dim")
            parts.append(line)
    if summary.missed:
        parts.append(Text("Missed:", style="bold"))
        for r in summary.missed:
            line = Text(f"  {r.question.id}  ", style="bold")
            line.append(shorten(plain(r.question.prompt)))
            parts.append(line)
            more = Text("    you: ", style="dim")
            more.append(clean(r.response.labels))
            more.append(" · right: ", style="dim")
            more.append(r.expected)
            parts.append(more)
            slug, page = r.question.page_ref
            parts.append(Text(f"    {commands.learn(slug, page)}", style="dim"))
    if due is not None:
        arrow = due and (next_step is None or next_step.kind != "review")
        parts.append(Text(f"Reviews due now: {due}" + (f"  → {commands.review()}" if arrow else ""),
                          style="bold" if due else ""))
    if next_step is not None and next_step.kind != "none":
        from hormonecli.render.nextstep import next_lines

        first, *rest = next_lines(next_step, commands, columns)
        nxt = Text("Next: ", style="bold")
        nxt.append(clean(first))
        parts.append(nxt)
        parts.extend(Text("      " + clean(x)) for x in rest)
    return Group(*parts)


def nothing_due_view(met: int, next_due: float | None, module: str | None, commands: Commands) -> RenderableType:
    scope = f" in {module}" if module else ""
    if not met:
        return Text(f"Nothing to review{scope} yet: answer some questions first ({commands.quiz('MODULE')}).")
    line = Text(f"Nothing is due{scope}.")
    if next_due is not None:
        line.append(f" Next review: {_when(next_due)}.")
    line.append(f" To practise your weakest questions now: {commands.review(cram=True)}", style="dim")
    return line


def _when(ts: float) -> str:
    from hormonecli.render.progress import describe_when

    return describe_when(ts)
