"""Quiz, review and progress views, and the driver that reads answers.

The driver runs a `quiz.Quiz` (the pure engine): it shows a question, reads a
line (a terminal prompt, or one line of piped stdin), feeds it to the engine,
shows the hint or the feedback, and hands each graded answer to `save`.
Answers are user text: they are only ever shown through `Text` / `clean()`.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from hormonecli import REVIEW_LEARN_AHEAD_S
from hormonecli import model as m
from hormonecli.errors import HormoneError
from hormonecli.quiz import FEEDBACK, InvalidAnswer, Presented, Quiz, Result, Summary
from hormonecli.render.page import hanging
from hormonecli.render.text import Inline, Style, clean

TYPE_NAMES = {"single": "one answer", "multiple": "several answers", "true-false": "true or false",
              "order": "put in order", "match": "match pairs", "numeric": "a number"}
QUIT_WORDS = {"q", "quit", "exit", ":q"}


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


# -- views ------------------------------------------------------------------------------

def question_view(inline: Inline, pres: Presented, number: int, total: int, style: Style) -> RenderableType:
    q = pres.question
    parts: list[RenderableType] = []
    head = Text(f"Question {number}/{total}", style="bold")
    head.append(f" · {q.module} · {q.level} · {TYPE_NAMES.get(q.type, q.type)}", style="dim")
    parts.append(head)
    parts.append(inline(q.prompt, "bold"))
    if q.type == "match":
        for i, left in enumerate(pres.lefts, 1):
            parts.append(hanging(f"  {i}. ", inline(left)))
        parts.append(Text("  with", style="dim"))
    for c in pres.choices:
        parts.append(hanging(Text(f"  {c.label}) ", style="bold"), inline(c.text)))
    if q.type == "numeric" and q.unit:
        parts.append(Text(f"  (answer in {clean(q.unit)})", style="dim"))
    parts.append(Text(pres.hint(), style="dim"))
    return Group(*parts)


def _mark(style: Style, ok: bool) -> str:
    if style.plain:
        return "+" if ok else "x"
    return "✓" if ok else "✗"


TAGS = {"chosen-right": ("your answer, right", True), "chosen-wrong": ("your answer, wrong", False),
        "correct": ("the right answer", True), "placed": ("in place", True), "misplaced": ("you had this wrong", False)}


def feedback_view(inline: Inline, result: Result, style: Style) -> RenderableType:
    q = result.question
    parts: list[RenderableType] = []
    if result.correct:
        parts.append(Text(f"{_mark(style, True)} Right.", style="bold green"))
    else:
        line = Text(f"{_mark(style, False)} Wrong.", style="bold red")
        line.append(" You answered ", style="")
        line.append(clean(result.response.labels), style="bold")
        line.append(".")
        parts.append(line)
    label = {"order": "Correct order: ", "match": "Correct pairs: "}.get(q.type, "Correct answer: ")
    answer = Text(label, style="bold")
    if q.type in ("single", "multiple"):
        answer.append(result.expected_text)
    elif q.type in ("order", "match"):
        answer.append(result.expected, style="bold")
        answer.append("  (")
        answer.append_text(inline(result.expected_text))
        answer.append(")")
    else:
        answer.append(result.expected_text)
    parts.append(answer)
    for note in result.notes:
        tag, ok = TAGS[note.tag]
        body = inline(note.text)
        body.append(f" [{tag}]", style="dim")
        parts.append(hanging(Text(f"  {_mark(style, ok)} {note.label}) ", style="green" if ok else "red"), body))
        if note.why:
            parts.append(Padding(inline(note.why, "italic"), (0, 0, 0, 6), expand=False))
    if result.explanation:
        parts.append(inline(result.explanation))
    parts.append(Text("Read: ", style="dim") + Text(result.page_command, style="cyan"))
    return Group(*parts)


def summary_view(summary: Summary, style: Style, *, due: int | None, title: str = "Score") -> RenderableType:
    parts: list[RenderableType] = []
    head = Text(f"{title}: {summary.correct}/{summary.answered}", style="bold")
    if summary.ended_early:
        head.append(f"  (ended early: {summary.answered} of {summary.total} answered, all saved)", style="dim")
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
            line.append(clean(_short(r.question.prompt)))
            parts.append(line)
            more = Text("    you: ", style="dim")
            more.append(clean(r.response.labels))
            more.append(" · right: ", style="dim")
            more.append(r.expected)
            parts.append(more)
            parts.append(Text(f"    {r.page_command}", style="dim"))
    if due is not None:
        parts.append(Text(f"Reviews due now: {due}" + ("  → hormonecli review" if due else ""),
                          style="bold" if due else ""))
    return Group(*parts)


def _short(text: str, limit: int = 60) -> str:
    from hormonecli.markup import plain

    flat = " ".join(plain(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def nothing_due_view(met: int, next_due: float | None, module: str | None) -> RenderableType:

    scope = f" in {module}" if module else ""
    if not met:
        return Text(f"Nothing to review{scope} yet: answer some questions first (hormonecli quiz MODULE).")
    line = Text(f"Nothing is due{scope}.")
    if next_due is not None:
        line.append(f" Next review: {describe_when(next_due)}.")
    line.append(" To practise your weakest questions now: hormonecli review --cram", style="dim")
    return line


def progress_view(console: Console, prog, style: Style) -> None:
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
        line.append("  → hormonecli review")
    elif prog.next_due:
        line.append(f"  (next {describe_when(prog.next_due)})", style="")
    console.print(line)
    if prog.other_answers:
        console.print(Text(f"({prog.other_answers} answers belong to modules not in the current content; kept)",
                           style="dim"))


# -- the driver ----------------------------------------------------------------------------

class LineReader:
    """Reads one answer: a prompt on a terminal, one line of piped input otherwise.

    Raises EOFError at end of input and lets KeyboardInterrupt through."""

    def __init__(self, stream=None, console: Console | None = None, echo: bool | None = None,
                 prompt: bool = True):
        self.stream = stream or sys.stdin
        self.console = console
        self.tty = _isatty(self.stream)
        self.echo = (not self.tty) if echo is None else echo
        self.prompt = prompt  # False: read lines silently (--json keeps stdout for the JSON alone)

    def __call__(self, prompt: str) -> str:
        if self.tty and self.prompt and self.stream is sys.stdin:
            return input(prompt)
        line = self.stream.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        if self.echo and self.console is not None:
            self.console.print(Text(prompt) + Text(clean(line[:120]) + ("…" if len(line) > 120 else "")))
        return line


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass
class Outcome:
    interrupted: bool = False   # Ctrl-C
    eof: bool = False           # end of input before the last question
    quit: bool = False          # the learner typed q
    save_error: str = ""        # the first error that stopped saving, if any


def run(console: Console, quiz: Quiz, *, library: m.Library, style: Style, read_line: Callable[[str], str],
        save: Callable[[Result, int | None], None] | None, ask_rating: bool = False,
        warn: Callable[[str], None] | None = None) -> Outcome:
    """Drive the quiz to the end (or until EOF, Ctrl-C or quit). Every graded answer is saved at once."""
    out = Outcome()
    warn = warn or (lambda msg: None)

    def _save(result: Result, rating: int | None) -> None:
        nonlocal save
        if save is None:
            return
        try:
            save(result, rating)
        except HormoneError as exc:
            out.save_error = str(exc)
            warn(f"{exc}; answers from now on are not saved")
            save = None

    try:
        while not quiz.done:
            pres = quiz.current
            number, total = quiz.position
            inline = Inline(library, library.module(pres.question.module))
            console.print()
            console.print(question_view(inline, pres, number, total, style))
            while True:
                try:
                    text = read_line("answer> ")
                except EOFError:
                    out.eof = True
                    quiz.stop()
                    break
                if text.strip().lower() in QUIT_WORDS:
                    out.quit = True
                    quiz.stop()
                    break
                try:
                    result = quiz.answer(text)
                except InvalidAnswer as exc:
                    console.print(Text(f"? {exc}", style="yellow"))
                    continue
                break
            if quiz.done:
                break
            rating = None
            pending = True
            try:
                if not (ask_rating and result.correct):
                    _save(result, None)
                    pending = False
                console.print(feedback_view(inline, result, style))
                if pending:
                    rating = _ask_rating(console, read_line)
            finally:
                if pending:
                    _save(result, rating)
            if quiz.state == FEEDBACK:
                quiz.advance()
    except KeyboardInterrupt:
        out.interrupted = True
        quiz.stop()
        console.print()
    except EOFError:  # pragma: no cover - EOF is handled where input is read
        out.eof = True
        quiz.stop()
    return out


def _ask_rating(console: Console, read_line: Callable[[str], str]) -> int | None:
    """After a right answer on a terminal: how well was it known? Enter keeps 'good'."""
    console.print(Text("How well did you know it? 1 again · 2 hard · 3 good · 4 easy  (Enter: good)", style="dim"))
    for _ in range(3):
        try:
            text = read_line("rating> ").strip()
        except EOFError:
            return None
        if not text:
            return None
        if text in ("1", "2", "3", "4"):
            return int(text)
        console.print(Text("? type 1, 2, 3 or 4, or press Enter", style="yellow"))
    return None


def play(console: Console, quiz: Quiz, *, library: m.Library, style: Style, save, due: Callable[[], int | None],
         stdin=None, json_mode: bool = False, ask_rating: bool = False, title: str = "Score",
         warn: Callable[[str], None] | None = None) -> Outcome:
    """Run a quiz against stdin and show its end: the score (or, with json_mode, the JSON of it)."""
    import io
    import json

    from hormonecli.quiz import to_json
    from hormonecli.render.text import make_console

    stdin = stdin or sys.stdin
    shown = make_console(file=io.StringIO(), plain=True) if json_mode else console
    reader = LineReader(stdin, shown, echo=False if json_mode else None, prompt=not json_mode)
    outcome = run(shown, quiz, library=library, style=style, read_line=reader, save=save,
                  ask_rating=ask_rating and reader.tty and not json_mode, warn=warn)
    try:
        due_now = due()
    except HormoneError:
        due_now = None
    if json_mode:
        data = to_json(quiz, due_now, terms=library.terms)
        data["interrupted"] = outcome.interrupted
        data["ended_by"] = ("interrupt" if outcome.interrupted else "quit" if outcome.quit
                            else "end of input" if outcome.eof else "last question")
        if outcome.save_error:
            data["save_error"] = outcome.save_error
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        console.print()
        console.print(summary_view(quiz.summary(), style, due=due_now, title=title))
    return outcome
