"""The answer loop: show a question, read a line, save and give feedback, until the end.

The driver runs a `quiz.engine.Quiz` (the pure engine): it shows a question, reads a
line (a terminal prompt with line editing, or one line of piped stdin), feeds it to the
engine, and hands each graded answer to the recorder before its feedback is shown; a
self-rating asked after the feedback updates the answer already saved. On a terminal
the prompt runs inside a `Terminal` session, so SIGTERM, SIGHUP or Ctrl-Z at a prompt
leave the terminal's modes as they were.
"""
from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from rich.console import Console
from rich.text import Text

from hormonecli.courseware import model as m
from hormonecli.errors import HormoneError
from hormonecli.quiz.answers import InvalidAnswer
from hormonecli.quiz.engine import FEEDBACK, Quiz, Result
from hormonecli.render.commands import Commands
from hormonecli.render.quiz import feedback_view, question_view, summary_view
from hormonecli.render.text import Inline, Style, clean

if TYPE_CHECKING:
    from hormonecli.nextstep import Step
    from hormonecli.review import Recorder, Saved

QUIT_WORDS = {"q", "quit", "exit", ":q"}


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
        self._prompt = ""       # the prompt being shown ('' when none), to draw it again after Ctrl-Z/fg
        self._editing = False   # readline is loaded

    def __call__(self, prompt: str) -> str:
        if self.tty and self.prompt and self.stream is sys.stdin:
            if not self._editing:
                self._editing = _line_editing()
            self._prompt = prompt
            try:
                return input(prompt)
            finally:
                self._prompt = ""
        line = self.stream.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        if self.echo and self.console is not None:
            self.console.print(Text(prompt) + Text(clean(line[:120]) + ("…" if len(line) > 120 else "")))
        return line

    def redisplay(self) -> str:
        """What the prompt line showed (the prompt and the text typed so far), to draw it again."""
        if not self._prompt:
            return ""
        typed = ""
        if self._editing:
            import readline

            typed = readline.get_line_buffer()
        return self._prompt + typed


def _line_editing() -> bool:
    """Arrow keys, Home/End and history at the prompt (readline, where Python has it: not on Windows)."""
    try:
        import readline  # noqa: F401  (importing it is what turns editing on for input())
    except ImportError:
        return False
    return True


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
    saved: int = 0              # answers actually stored
    save_error: str = ""        # why answers were not saved, in a few words ('' when all were)

    def saved_note(self, answered: int) -> str:
        """What was stored, for the summary: 'all saved', 'none saved: disk full', '2 saved: ...'."""
        if answered == 0:
            return ""
        if self.saved >= answered:
            return "all saved"
        why = self.save_error or "progress is not being saved"
        return f"{'none' if self.saved == 0 else self.saved} saved: {why}"


def run(console: Console, quiz: Quiz, *, library: m.Library, style: Style, commands: Commands,
        read_line: Callable[[str], str], save: Recorder | None, ask_rating: bool = False,
        warn: Callable[[str], None] | None = None, unsaved: str = "") -> Outcome:
    """Drive the quiz to the end (or until EOF, Ctrl-C or quit). Every graded answer is saved before
    its feedback is shown; `unsaved` says why, when there is nowhere to save (`save` is None)."""
    out = Outcome(save_error=unsaved if save is None else "")
    warn = warn or (lambda msg: None)

    def _save(result: Result) -> Saved | None:
        nonlocal save
        if save is None:
            return None
        try:
            saved = save.save(result)
        except HormoneError as exc:
            out.save_error = getattr(exc, "reason", "") or str(exc)
            warn(f"{exc}; answers from now on are not saved")
            save = None
            return None
        out.saved += 1
        return saved

    try:
        while not quiz.done:
            pres = quiz.current
            assert pres is not None  # not done, so a question is being asked
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
                    console.print(Text(f"? {clean(str(exc))}", style="yellow"))
                    continue
                break
            if quiz.done:
                break
            saved = _save(result)  # stored before the feedback: nothing after this can lose it
            console.print(feedback_view(inline, result, style, commands))
            if ask_rating and result.correct and saved is not None and save is not None:
                rating = _ask_rating(console, read_line)
                if rating is not None:
                    try:
                        save.rate(saved, rating)
                    except HormoneError as exc:
                        warn(f"{exc}; the rating was not saved (the answer was)")
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


def play(console: Console, quiz: Quiz, *, library: m.Library, style: Style, commands: Commands,
         save: Recorder | None, due: Callable[[], int | None],
         stdin=None, json_mode: bool = False, ask_rating: bool = False, title: str = "Score",
         warn: Callable[[str], None] | None = None, next_step: Callable[[], Step] | None = None,
         unsaved: str = "") -> Outcome:
    """Run a quiz against stdin and show its end: the score and the next step (or, with json_mode,
    the JSON of it).

    `save` stores each answer (None: nothing can be stored, and `unsaved` says why)."""
    import io
    import json

    from hormonecli.escapes import json_visible
    from hormonecli.quiz.engine import to_json
    from hormonecli.render.text import make_console

    stdin = stdin or sys.stdin
    shown = make_console(file=io.StringIO(), plain=True) if json_mode else console
    reader = LineReader(stdin, shown, echo=False if json_mode else None, prompt=not json_mode)
    session: AbstractContextManager = nullcontext()
    if reader.tty and not json_mode:
        from hormonecli.render.terminal import Terminal

        term = Terminal(stdin.fileno(), sys.stdout.fileno(), screen=False, cbreak=False)
        term.on_resume = lambda: term.write("\r\x1b[K" + reader.redisplay())
        session = term
    with session:
        outcome = run(shown, quiz, library=library, style=style, commands=commands, read_line=reader, save=save,
                      ask_rating=ask_rating and reader.tty and not json_mode, warn=warn, unsaved=unsaved)
    try:
        due_now = due()
    except HormoneError:
        due_now = None
    step = next_step() if next_step is not None else None
    if json_mode:
        from hormonecli import JSON_FORMAT

        data = {"format": JSON_FORMAT, **to_json(quiz, due_now, terms=library.terms,
                                                 command=lambda q: commands.learn(*q.page_ref))}
        data["interrupted"] = outcome.interrupted
        data["ended_by"] = ("interrupt" if outcome.interrupted else "quit" if outcome.quit
                            else "end of input" if outcome.eof else "last question")
        data["saved"] = outcome.saved
        data["save_error"] = outcome.save_error or None
        data["next"] = None
        if step is not None and step.kind != "none":
            from hormonecli.render.nextstep import reason

            data["next"] = {"kind": step.kind, "command": commands.step(step), "reason": reason(step)}
        sys.stdout.write(json_visible(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
    else:
        summary = quiz.summary()
        console.print()
        console.print(summary_view(summary, style, commands, due=due_now, title=title, next_step=step,
                                   columns=console.width, saved=outcome.saved_note(summary.answered)))
    return outcome
