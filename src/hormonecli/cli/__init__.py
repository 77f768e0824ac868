"""The command line: parse, call one domain function, render, map errors to exit codes.

Every command gets the run's `Course` (context.py) as `ctx.obj`; the commands live in the
modules of this package by what a learner does (reading, practice, lookup, authoring) and
import what they need inside their bodies so that start-up stays fast. `main` is the error
boundary: every failure becomes one line on stderr and an exit status.

No `from __future__ import annotations` in this package: Typer reads every command's
annotations on every run, and string annotations would each be evaluated (several
milliseconds per command line).
"""
import os
import sys
from typing import List, Optional

import typer

from hormonecli.cli import authoring, lookup, practice, reading  # noqa: F401 (each registers its commands)
from hormonecli.cli.app import app
from hormonecli.errors import ExitStatus, HormoneError


def _fail(message: str, status: int) -> int:
    from hormonecli.escapes import clean

    print(f"hormonecli: error: {clean(message)}", file=sys.stderr)
    return status


def main(argv: Optional[List[str]] = None) -> None:
    from hormonecli.context import hoist_global_options

    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    debug = "--debug" in args
    try:
        status = app(args=args, prog_name="hormonecli", standalone_mode=False)
        code = status if isinstance(status, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        code = _fail("interrupted", ExitStatus.INTERRUPTED)
    except typer.TyperException as exc:  # Click's errors (public as Typer's base class): usage errors exit 2
        usage = exc.exit_code == ExitStatus.USAGE
        hint = ""
        if usage:
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path if ctx else 'hormonecli'} --help')"
        code = _fail(exc.format_message().replace("\n", " ") + hint, ExitStatus.USAGE if usage else ExitStatus.ERROR)
    except HormoneError as exc:
        if debug:
            raise
        code = _fail(str(exc), exc.exit_status)
    except KeyboardInterrupt:
        code = _fail("interrupted", ExitStatus.INTERRUPTED)
    except BrokenPipeError:  # the reader closed the pipe (`| head`): quietly, status 1, as Click and Rich do
        _silence_stdout()
        code = ExitStatus.ERROR
    except Exception as exc:  # the boundary: one line, unless --debug
        if debug:
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
