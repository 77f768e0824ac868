"""The command line: parse, call one domain function, render, map errors to exit codes.

Commands import what they need inside their bodies so that start-up stays fast.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import List, Optional

import typer

from hormonecli import __version__
from hormonecli.errors import ExitStatus, HormoneError, UsageError

EPILOG = ("Educational only: hormonecli explains physiology; it is not medical advice, does not diagnose and "
          "cannot interpret your results. It gives no doses; don't start, stop or change any hormone, medicine, "
          "peptide or supplement without a clinician.")

app = typer.Typer(
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


def _style():
    from hormonecli.render.text import Style

    return Style(plain=OPTS.plain)


def _library():
    from hormonecli.library import open_library

    return open_library(OPTS.content_dirs)


def warn(message: str) -> None:
    from hormonecli.render.text import clean

    print(f"hormonecli: warning: {clean(message)}", file=sys.stderr)


def _store(required: bool = False):
    """The state store, or None (with a one-line warning) when it cannot be used."""
    from hormonecli.errors import StateError
    from hormonecli.store import default_store

    store = default_store(warn)
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


def _due(store) -> Optional[int]:
    """Reviews due now, when the review schedule exists."""
    fn = getattr(store, "due_count", None) if store is not None else None
    return fn() if fn else None


def _json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _welcome() -> None:
    from hormonecli.render import screens

    library = _library()
    store = _store()
    positions, read = _read_state(store)
    screens.welcome(_console(), library, positions, read, _due(store), _style())


# -- commands -------------------------------------------------------------------

@app.command("list")
def list_modules(json_out: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List every module: slug, title, aliases, pages per level, questions, progress."""
    from hormonecli.render import screens

    library = _library()
    store = _store()
    _, read = _read_state(store)
    if json_out:
        _json(screens.module_json(library, read))
    else:
        screens.module_list(_console(), library, read, _style())


@app.command()
def learn(
    module: str = typer.Argument(..., help="Module slug, alias or unambiguous prefix (e.g. hpg, bone)."),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="fundamentals, intermediate or academic."),
    page: Optional[str] = typer.Option(None, "--page", "-p", help="Page id or number within the level."),
    print_: bool = typer.Option(False, "--print", help="Write the selection out once instead of paging."),
) -> None:
    """Read a module page by page (keys: n next, p previous, t contents, 1-9 links, b back, l level, q quit)."""
    from hormonecli import library as lib
    from hormonecli.model import LEVELS

    library = _library()
    mod = lib.resolve(library, module)
    if level is not None:
        level = _level_name(level, LEVELS)
    interactive = not print_ and sys.stdout.isatty() and sys.stdin.isatty()
    store = _store()
    if page is not None:
        start = lib.find_page(mod, page, level or (None if not page.isdigit() else "fundamentals"))
    elif level is not None:
        pos = store.position(mod.slug) if store else None
        start = (mod.page(pos[1]) if pos and pos[0] == level else None) or mod.level(level).pages[0]
    else:
        pos = store.position(mod.slug) if store else None
        start = (mod.page(pos[1]) if pos else None) or mod.level("fundamentals").pages[0]
    if interactive:
        from hormonecli.render.pager import Pager

        Pager(library, mod, start, _style(), store=store, no_color=OPTS.no_color or OPTS.plain).run()
        return
    from hormonecli.render import screens

    if page is not None:
        pages = [start]
    elif level is not None:
        pages = list(mod.level(level).pages)
    else:
        pages = list(mod.pages)
    screens.printed(_console(), library, mod, pages, _style())


def _level_name(value: str, levels: tuple[str, ...]) -> str:
    want = value.strip().lower()
    hits = [lv for lv in levels if lv.startswith(want)] if want else []
    if len(hits) == 1:
        return hits[0]
    from hormonecli.render.text import clean

    raise UsageError(f"unknown level '{clean(value)}'; choose fundamentals, intermediate or academic")


@app.command()
def define(term: List[str] = typer.Argument(..., help="A glossary term or alias, e.g. GnRH or 'free testosterone'.")) -> None:
    """Show a glossary entry: definition, aliases and the pages that teach it."""
    from hormonecli import links
    from hormonecli.library import suggest
    from hormonecli.render import screens
    from hormonecli.render.text import clean

    library = _library()
    name = " ".join(term)
    found = links.find_term(library, name)
    if found is None:
        names = {}
        for t in library.terms.values():
            for n in (t.term, *t.aliases):
                names[links.fold(n)] = t.term
        near = [names[k] for k in suggest(links.fold(name), list(names), 3)]
        near = list(dict.fromkeys(near))
        hint = f"; did you mean {' or '.join(repr(n) for n in near[:2])}?" if near else ""
        raise UsageError(f"no glossary entry for '{clean(name)}'{hint}")
    screens.term_entry(_console(), library, found, links.taught_in(library, found.id), _style())


@app.command()
def validate(
    paths: Optional[List[str]] = typer.Argument(None, help="Content directories or files (default: all content)."),
    rules: bool = typer.Option(False, "--rules", help="List the rules and their codes."),
    errors_only: bool = typer.Option(False, "--errors-only", help="Hide warnings."),
) -> None:
    """Lint content: coded findings with file and line; exit 1 on any error."""
    from pathlib import Path

    from hormonecli import lint
    from hormonecli.library import content_files
    from hormonecli.paths import content_dirs
    from hormonecli.render import screens

    console = _console()
    if rules:
        screens.rules(console, lint.RULES)
        return
    context = content_dirs(OPTS.content_dirs)
    targets = [Path(p) for p in paths or []]
    for t in targets:
        if not t.exists():
            raise UsageError(f"no such file or directory: {t}")
    found = lint.validate(context, targets or None)
    counted = len(content_files(targets or context))
    shown = [f for f in found if f.severity == "error"] if errors_only else found
    screens.findings(console, shown, counted)
    if any(f.severity == "error" for f in found):
        raise typer.Exit(ExitStatus.ERROR)


# -- error boundary -------------------------------------------------------------

def _fail(message: str, status: int) -> int:
    from hormonecli.render.text import clean

    print(f"hormonecli: error: {clean(message)}", file=sys.stderr)
    return status


def main(argv: Optional[List[str]] = None) -> None:
    cx = _click_exceptions()
    args = list(sys.argv[1:] if argv is None else argv)
    OPTS.debug = "--debug" in args
    try:
        status = app(args=args, prog_name="hormonecli", standalone_mode=False)
        code = status if isinstance(status, int) else 0
    except (typer.Exit, cx.Exit) as exc:
        code = exc.exit_code
    except (typer.Abort, cx.Abort):
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
    except BrokenPipeError:
        _silence_stdout()
        code = ExitStatus.OK
    except Exception as exc:  # the boundary: one line, unless --debug
        if OPTS.debug:
            raise
        code = _fail(f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)", ExitStatus.ERROR)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)


class _NoSuch(Exception):
    pass


def _click_exceptions():
    """Click's exceptions: vendored inside newer Typer, the click package in older ones."""
    import types

    try:
        from typer._click import exceptions as cx
    except ImportError:  # pragma: no cover - older Typer
        from click import exceptions as cx
    ns = types.SimpleNamespace(ClickException=cx.ClickException, UsageError=cx.UsageError,
                               Exit=getattr(cx, "Exit", _NoSuch), Abort=getattr(cx, "Abort", _NoSuch))
    return ns


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
