"""The progress bar an export draws while it works: on stderr, and only when stderr is a terminal."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Callable, Iterator, Optional


@contextmanager
def progress_bar(label: str, *, plain: bool = False, no_color: bool = False) -> Iterator[Optional[Callable[[int, int], None]]]:
    """A callback progress(done, total) for an exporter, or None when nothing should be drawn
    (stderr piped or redirected, TERM=dumb). The bar goes away when the work is done."""
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty or os.environ.get("TERM") == "dumb":
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from hormonecli.render.text import make_console

    console = make_console(plain=plain, no_color=no_color, stderr=True)
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
