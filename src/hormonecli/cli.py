"""The command line: parse, call one domain function, render, map errors to exit codes.

Commands import what they need inside their bodies so that start-up stays fast.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import List, Optional

import typer
import typer.core

from hormonecli import __version__
from hormonecli.errors import ExitStatus, HormoneError, UsageError

EPILOG = ("Educational only: hormonecli explains physiology; it is not medical advice, does not diagnose and "
          "cannot interpret your results. It gives no doses; don't start, stop or change any hormone, medicine, "
          "peptide or supplement without a clinician.")

COMMAND_ORDER = ("learn", "quiz", "review", "search", "define", "list", "progress", "validate")


class _CourseOrder(typer.core.TyperGroup):
    """--help lists commands in the order a learner meets them."""

    def list_commands(self, ctx):
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER))


app = typer.Typer(
    cls=_CourseOrder,
    name="hormonecli",
    help="A terminal course on the endocrinology of exercise and aging.",
    epilog=EPILOG,
    add_completion=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Options:
    content_dirs: List[str] = field(default_factory=list)
    plain: bool = False
    no_color: bool = False
    debug: bool = False


OPTS = Options()


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
    OPTS.content_dirs = list(content_dir or [])
    OPTS.plain, OPTS.no_color, OPTS.debug = plain, no_color, debug or OPTS.debug
    if ctx.invoked_subcommand is None:
        _welcome()


# -- helpers --------------------------------------------------------------------

def _console(**kw):
    from hormonecli.render.text import make_console

    return make_console(plain=OPTS.plain, no_color=OPTS.no_color, **kw)


def _lines():
    """The Rich-free writer for screens that are plain lines (fast to start)."""
    from hormonecli.render.lines import Lines

    return Lines(plain=OPTS.plain, no_color=OPTS.no_color)


def _style():
    from hormonecli.render.text import Style

    return Style(plain=OPTS.plain)


def _library():
    from hormonecli.library import open_library

    return open_library(OPTS.content_dirs)


def warn(message: str) -> None:
    from hormonecli.escapes import clean

    print(f"hormonecli: warning: {clean(message)}", file=sys.stderr)


def _store(required: bool = False, create: bool = True):
    """The state store, or None (with a one-line warning) when it cannot be used.

    create=False: a reader with no state yet gets None, and no file is made for it."""
    from hormonecli.errors import StateError
    from hormonecli.store import default_store

    store = default_store(warn)
    if not create and not store.path.exists():
        return None
    try:
        store.conn
    except StateError as exc:
        if required:
            raise
        warn(f"{exc}; progress will not be saved")
        return None
    return store


def _read_state(store) -> tuple[dict, dict]:
    if store is None:
        return {}, {}
    return store.positions(), store.pages_read()


def _due(store, known_ids: Optional[set] = None) -> Optional[int]:
    """Reviews due now; with the content's question ids, cards of removed questions are retired first."""
    if store is None:
        return None
    from hormonecli.errors import StateError

    try:
        if known_ids is not None:
            store.retire_missing(frozenset(known_ids))
        return store.due_count()
    except StateError as exc:
        warn(str(exc))
        return None


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _welcome() -> None:
    from hormonecli.library import manifest
    from hormonecli.render import screens

    modules = manifest(OPTS.content_dirs)
    store = _store(create=False)
    positions, read = _read_state(store)
    known = {qid for mod in modules for qid in mod["question_ids"]}
    due = _due(store, known) if store is not None else 0
    screens.welcome(_lines(), modules, positions, read, due)


# -- commands -------------------------------------------------------------------

@app.command("list")
def list_modules(json_out: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List the modules, their levels and your progress.

    Shows each module's slug, title, aliases, pages per level, questions and pages read.
    """
    from hormonecli.library import manifest
    from hormonecli.render import screens

    modules = manifest(OPTS.content_dirs)
    store = _store(create=False)
    _, read = _read_state(store)
    if json_out:
        _json(screens.module_json(modules, read))
    else:
        screens.module_list(_lines(), modules, read)


@app.command()
def learn(
    module: Optional[str] = typer.Argument(
        None, help="Module slug, alias or unambiguous prefix (e.g. hpg, bone); omitted: where you left off."),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="fundamentals, intermediate or academic."),
    page: Optional[str] = typer.Option(None, "--page", "-p", help="Page id or number within the level."),
    print_: bool = typer.Option(False, "--print", help="Write the selection out once instead of paging."),
) -> None:
    """Read a module, one page at a time.

    Keys: n/space next, p previous, t contents, 1-9 follow a link, b back, l switch level,
    ? help, q quit. Resumes where you left off. When output is not a terminal, or with
    --print, the selection is written out once.
    """
    from hormonecli import library as lib

    if level is not None:
        level = _level_name(level)
    if module is None:
        module = _last_read()
    interactive = not print_ and sys.stdout.isatty() and sys.stdin.isatty()
    if not interactive and page is None:
        modules = lib.manifest(OPTS.content_dirs)
        slug = lib.resolve_slug([(m["slug"], m["aliases"]) for m in modules], module)
        _print_selection(slug, level)
        return
    library = _library()
    mod = lib.resolve(library, module)
    store = _store()
    start = lib.start_page(mod, level=level, page=page, position=store.position(mod.slug) if store else None)
    if interactive:
        from hormonecli.render.pager import Pager

        Pager(library, mod, start, _style(), store=store, no_color=OPTS.no_color or OPTS.plain).run()
        return
    from hormonecli.render.page import print_pages

    print_pages(_console(), library, mod, [start], _style())


def _last_read() -> str:
    """The module read most recently, for a bare `learn`."""
    store = _store()
    positions = store.positions() if store else {}
    if not positions:
        raise UsageError("which module? start with 'hormonecli learn hpg-axis', or see 'hormonecli list'")
    return next(iter(positions))


def _print_selection(slug: str, level: Optional[str]) -> None:
    """Write a whole module (or one level) out once.

    Uncoloured output (a pipe, a file, --plain) is deterministic for a given content
    fingerprint, selection and width, so the rendered text is cached and reused.
    """
    import io

    from hormonecli import library as lib
    from hormonecli.render.lines import colour_wanted, terminal_width

    styled, _ = colour_wanted(sys.stdout, OPTS.plain, OPTS.no_color)
    width = terminal_width(sys.stdout)
    name = ""
    if not styled:
        name = lib.printed_name(OPTS.content_dirs, slug, level, width, OPTS.plain)
        text = lib.read_cached(name)
        if text is not None:
            sys.stdout.write(text)
            return
    from hormonecli.render.page import print_pages

    library = _library()
    mod = library.module(slug)
    pages = list(mod.level(level).pages) if level else list(mod.pages)
    if styled:
        print_pages(_console(width=width), library, mod, pages, _style())
        return
    buf = io.StringIO()
    print_pages(_console(file=buf, width=width), library, mod, pages, _style())
    text = "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))  # Rich pads lines to the width
    sys.stdout.write(text)
    lib.write_cached(name, text)


def _level_name(value: str) -> str:
    levels = ("fundamentals", "intermediate", "academic")
    want = value.strip().lower()
    hits = [lv for lv in levels if lv.startswith(want)] if want else []
    if len(hits) == 1:
        return hits[0]
    from hormonecli.escapes import clean

    raise UsageError(f"unknown level '{clean(value)}'; choose fundamentals, intermediate or academic")


@app.command()
def define(term: List[str] = typer.Argument(..., help="A glossary term or alias, e.g. GnRH or 'free testosterone'.")) -> None:
    """Look up a glossary term and where it is taught.

    Shows the definition, aliases, evidence status for therapies, and the pages that teach it.
    """
    from hormonecli.render.search import term_entry
    from hormonecli.search import define as lookup

    entry = lookup(" ".join(term), extra_dirs=OPTS.content_dirs)
    term_entry(_lines(), entry, _program())


@app.command()
def validate(
    paths: Optional[List[str]] = typer.Argument(None, help="Content directories or files (default: all content)."),
    rules: bool = typer.Option(False, "--rules", help="List the rules and their codes."),
    errors_only: bool = typer.Option(False, "--errors-only", help="Hide warnings."),
) -> None:
    """Check content files for mistakes (the linter).

    Prints coded findings with file, line and YAML path; exits 1 on any error.
    """
    from pathlib import Path

    from hormonecli import lint
    from hormonecli.library import check_dirs, content_files
    from hormonecli.paths import content_dirs
    from hormonecli.render import screens

    out = _lines()
    if rules:
        screens.rules(out, lint.RULES)
        return
    context = content_dirs(OPTS.content_dirs)
    check_dirs(context)
    targets = [Path(p) for p in paths or []]
    for t in targets:
        if not t.exists():
            raise UsageError(f"no such file or directory: {t}")
        if not content_files([t]):
            raise UsageError(f"no content files (*.yaml) in {t}")
    found = lint.validate(context, targets or None)
    counted = len(content_files(targets or context))
    shown = [f for f in found if f.severity == "error"] if errors_only else found
    screens.findings(out, shown, counted)
    if any(f.severity == "error" for f in found):
        raise typer.Exit(ExitStatus.ERROR)


@app.command()
def quiz(
    module: str = typer.Argument(..., help="Module slug, alias or unambiguous prefix, or 'all'."),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="fundamentals, intermediate or academic."),
    count: int = typer.Option(10, "--count", "-n", min=1, help="How many questions (default 10)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Pick and shuffle reproducibly."),
    qtype: Optional[str] = typer.Option(
        None, "--type", "-t", help="single, multiple, true-false, order, match or numeric."),
    json_out: bool = typer.Option(False, "--json", help="Read answers from stdin, print the result as JSON."),
) -> None:
    """Take a quiz, with feedback after every answer.

    Answer by letter or number; each answer shows why every option is right or wrong and which
    page teaches it; the score by level comes at the end. Piped input is read one answer per line.
    """
    from hormonecli import quiz as engine
    from hormonecli import review as rv
    from hormonecli.render import quiz as view

    library = _library()
    session = engine.start(library, module, level=_level_name(level) if level else None,
                           count=count, seed=seed, qtype=qtype)
    store = _store()
    save = (lambda result, rating: rv.record(store, result, mode="quiz")) if store else None
    outcome = view.play(_console(), session, library=library, style=_style(), save=save,
                        due=lambda: _due(store), json_mode=json_out, warn=warn)
    if outcome.interrupted:
        raise typer.Exit(ExitStatus.INTERRUPTED)


@app.command()
def review(
    count: Optional[int] = typer.Option(None, "--count", "-n", min=1, help="At most this many questions."),
    module: Optional[str] = typer.Option(None, "--module", "-m", help="Only this module (slug, alias or prefix)."),
    cram: bool = typer.Option(False, "--cram", help="Practise your weakest questions now; the schedule is untouched."),
    json_out: bool = typer.Option(False, "--json", help="Read answers from stdin, print the result as JSON."),
) -> None:
    """Review what you are about to forget.

    Spaced repetition (FSRS) over every question you have met, due ones first; --cram
    practises your weakest questions without touching the schedule.
    """
    from hormonecli import library as lib
    from hormonecli import review as rv
    from hormonecli.quiz import Quiz
    from hormonecli.render import quiz as view

    library = _library()
    mod = lib.resolve(library, module) if module else None
    store = _store(required=True)
    plan = rv.plan(store, library, module=mod.slug if mod else None, count=count, cram=cram)
    if not plan.questions:
        if json_out:
            _json({"due": 0, "questions": [], "met": plan.met, "next_due": plan.next_due})
        else:
            _console().print(view.nothing_due_view(plan.met, plan.next_due, mod.slug if mod else None))
        return
    mode = "cram" if cram else "review"
    outcome = view.play(_console(), Quiz(plan.questions), library=library, style=_style(),
                        save=lambda result, rating: rv.record(store, result, mode=mode, rating=rating),
                        due=lambda: _due(store), json_mode=json_out, ask_rating=not cram,
                        title="Cram" if cram else "Review", warn=warn)
    if outcome.interrupted:
        raise typer.Exit(ExitStatus.INTERRUPTED)


@app.command()
def progress(
    module: Optional[str] = typer.Argument(None, help="Only this module (and the one --reset forgets)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON: per module answered, correct, due, pages read."),
    reset: bool = typer.Option(False, "--reset", help="Forget answers, reviews and reading (of MODULE, or all)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before --reset (for scripts)."),
) -> None:
    """Show your progress: pages read, accuracy, reviews due.

    Accuracy is given by module and level; --reset forgets a module's or all progress.
    """
    from hormonecli import library as lib
    from hormonecli import progress as pg
    from hormonecli.render import quiz as view

    library = _library()
    mod = lib.resolve(library, module) if module else None
    if reset:
        what = mod.slug if mod else "every module"
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError("--reset asks before forgetting; add --yes when input is not a terminal")
            if not typer.confirm(f"Forget answers, review cards and reading progress for {what}?", default=False):
                print("Nothing was reset.")
                return
        removed = pg.reset(_store(required=True), mod)
        if json_out:
            _json({"reset": what, "removed": removed})
        else:
            counts = [_count(removed["answer"], "answer"), _count(removed["card"], "review card"),
                      _count(removed["page_read"], "page read", "pages read")]
            print(f"Reset {what}: forgot {', '.join(counts)}.")
        return
    data = pg.progress(_store(), library, mod)
    if json_out:
        _json(data.to_json())
    else:
        view.progress_view(_console(), data, _style())


def _program() -> str:
    """How to call hormonecli again with the same content packs (for the commands search prints)."""
    import shlex

    return " ".join(["hormonecli", *(f"--content-dir {shlex.quote(d)}" for d in OPTS.content_dirs)])


@app.command()
def search(
    query: List[str] = typer.Argument(..., help='Words to look for; "quoted words" must appear together.'),
    module: Optional[str] = typer.Option(None, "--module", "-m", help="Only this module (slug, alias or prefix)."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Only pages, glossary terms or questions: page, term or question."),
    limit: int = typer.Option(10, "--limit", "-n", help="At most this many hits."),
    json_out: bool = typer.Option(False, "--json", help="Print the hits as JSON."),
) -> None:
    """Search pages, glossary and questions.

    Hits are ranked and grouped, with the matched words highlighted and the command that
    opens each one.
    """
    from hormonecli.search import search as run

    res = run(" ".join(query), extra_dirs=OPTS.content_dirs, kind=kind, module=module, limit=limit,
              program=_program())
    if json_out:
        from hormonecli.render.search import hits_json

        _json(hits_json(res))
        return
    from hormonecli.render.search import results

    results(_lines(), res)


# -- error boundary -------------------------------------------------------------

def _fail(message: str, status: int) -> int:
    from hormonecli.escapes import clean

    print(f"hormonecli: error: {clean(message)}", file=sys.stderr)
    return status


def main(argv: Optional[List[str]] = None) -> None:
    from typer._click import exceptions as cx  # Typer >= 0.26 vendors Click (pinned in pyproject.toml)

    args = list(sys.argv[1:] if argv is None else argv)
    OPTS.debug = "--debug" in args
    try:
        status = app(args=args, prog_name="hormonecli", standalone_mode=False)
        code = status if isinstance(status, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        code = _fail("interrupted", ExitStatus.INTERRUPTED)
    except cx.ClickException as exc:
        hint = ""
        if isinstance(exc, cx.UsageError):
            cmd = exc.ctx.command_path if exc.ctx else "hormonecli"
            hint = f" (see '{cmd} --help')"
        code = _fail(exc.format_message().replace("\n", " ") + hint, ExitStatus.USAGE if isinstance(exc, cx.UsageError) else ExitStatus.ERROR)
    except HormoneError as exc:
        if OPTS.debug:
            raise
        code = _fail(str(exc), exc.exit_status)
    except KeyboardInterrupt:
        code = _fail("interrupted", ExitStatus.INTERRUPTED)
    except BrokenPipeError:  # the reader closed the pipe (`| head`): quietly, status 1, as Click and Rich do
        _silence_stdout()
        code = ExitStatus.ERROR
    except Exception as exc:  # the boundary: one line, unless --debug
        if OPTS.debug:
            raise
        code = _fail(f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)", ExitStatus.ERROR)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = ExitStatus.ERROR
    sys.exit(code)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
