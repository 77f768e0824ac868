"""The Typer application: its global options, the welcome screen, and what every command shares.

No `from __future__ import annotations` in this package: Typer reads every command's
annotations on every run, and string annotations would each be evaluated (several
milliseconds per command line).
"""
import sys
from typing import List, Optional

import typer
import typer.core

from hormonecli import __version__
from hormonecli.context import Course, Options
from hormonecli.errors import Interrupted

EPILOG = ("Educational only: hormonecli explains physiology; it is not medical advice, does not diagnose and "
          "cannot interpret your results. It gives no doses; don't start, stop or change any hormone, medicine, "
          "peptide or supplement without a clinician.")

COMMAND_ORDER = ("learn", "quiz", "review", "search", "define", "claims", "list", "progress", "export",
                 "validate")


class _CourseOrder(typer.core.TyperGroup):
    """--help lists commands in the order a learner meets them; Ctrl-C in any command is one error line."""

    def list_commands(self, ctx):
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Typer would end the run with a silent 130; the error boundary says why
            raise Interrupted("interrupted") from None


app = typer.Typer(
    cls=_CourseOrder,
    name="hormonecli",
    help="A terminal course on the endocrinology of exercise and aging.",
    epilog=EPILOG,
    add_completion=True,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def complete(what: str):
    """Tab completion of the course's own names (completion.py serves them from the caches)."""
    def complete(ctx: typer.Context, incomplete: str) -> list:
        from hormonecli.completion import candidates

        dirs = ctx.find_root().params.get("content_dir") or []
        # While an option waits for its value, Click leaves the words before it unparsed in ctx.args.
        params = {**dict(ctx.params), "module": ctx.params.get("module") or next(iter(ctx.args), None)}
        return candidates(what, incomplete, list(dirs), params)
    return complete


def _version(value: bool) -> None:
    if value:
        print(f"hormonecli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", metavar="PATH", help="Add a content pack (repeatable; also HORMONECLI_CONTENT_PATH)."),
    plain: bool = typer.Option(False, "--plain", help="No colour and no box drawing (screen readers, logs)."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour (NO_COLOR is honoured too)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """A terminal course on the endocrinology of exercise and aging."""
    ctx.obj = Course(Options(list(content_dir or []), plain, no_color, debug))
    if ctx.invoked_subcommand is None:
        _welcome(ctx.obj)


def count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def emit_json(data: dict) -> None:
    """A JSON document on stdout, versioned by its "format" (docs/json.md)."""
    import json

    from hormonecli import JSON_FORMAT
    from hormonecli.escapes import json_visible

    sys.stdout.write(json_visible(json.dumps({"format": JSON_FORMAT, **data}, indent=2, ensure_ascii=False)) + "\n")


def read_state(store) -> tuple[dict, dict]:
    if store is None:
        return {}, {}
    return store.positions(), store.pages_read()


def _welcome(course: Course) -> None:
    from hormonecli import nextstep
    from hormonecli.render import screens

    modules = course.manifest
    store = course.store(create=False)
    known = {qid for mod in modules for qid in mod["question_ids"]}
    due = course.due(store, known) if store is not None else 0
    state = nextstep.state_of(store, due)
    screens.welcome(course.lines(), modules, state.positions, state.read, due,
                    nextstep.next_step(modules, state), course.commands)
