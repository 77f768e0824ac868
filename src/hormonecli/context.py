"""The course context of one command: options, terminal facts, content and state, each made once.

The CLI builds one `Course` from the global options and hands it to every command
(Typer's `ctx.obj`); nothing else holds run-wide state. Content, the library and the
state store are opened only when a command first asks for them.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from hormonecli.courseware import model as m
    from hormonecli.courseware.content import Content
    from hormonecli.render.commands import Commands
    from hormonecli.store import Store


@dataclass
class Options:
    """The global options, as given on the command line."""

    content_dirs: list[str] = field(default_factory=list)
    plain: bool = False
    no_color: bool = False
    debug: bool = False


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    from hormonecli.escapes import clean

    print(f"hormonecli: warning: {clean(message)}", file=sys.stderr)


GLOBAL_FLAGS = ("--plain", "--no-color", "--debug")


def hoist_global_options(args: list[str]) -> list[str]:
    """Global options are accepted after the subcommand too (`learn hpg --plain`): they are moved
    in front of it. Nothing after a `--` is touched."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in GLOBAL_FLAGS or arg.startswith("--content-dir="):
            front.append(arg)
        elif arg == "--content-dir" and i + 1 < len(args):
            front.extend(args[i:i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


class Course:
    def __init__(self, options: Options | None = None, *, warn: Callable[[str], None] = warn):
        self.options = options or Options()
        self.warn = warn
        self._content: Content | None = None
        self._commands: Commands | None = None
        self._stores: dict[bool, Store | None] = {}
        self.machine = False  # --json: no progress bar, nothing but the document on stdout
        self.store_problem = ""  # why the state store cannot be used, in a few words ('' when it can)

    # -- terminal ---------------------------------------------------------------
    @property
    def plain(self) -> bool:
        return self.options.plain

    @property
    def no_color(self) -> bool:
        """Colour is off: --no-color, --plain, or NO_COLOR set to anything but the empty string."""
        from hormonecli.render.lines import colour_refused

        return self.options.no_color or self.options.plain or colour_refused()

    def interactive(self) -> bool:
        """Both ends are a terminal that can be drawn on (not TERM=dumb)."""
        return sys.stdout.isatty() and sys.stdin.isatty()

    def lines(self):
        """The Rich-free writer for screens made of lines (fast to start)."""
        from hormonecli.render.lines import Lines

        return Lines(plain=self.plain, no_color=self.no_color)

    def console(self, **kw):
        from hormonecli.render.text import make_console

        return make_console(plain=self.plain, no_color=self.no_color, **kw)

    def style(self):
        from hormonecli.render.text import Style

        return Style(plain=self.plain)

    def progress(self):
        """A progress reporter for long builds: a bar on stderr when it is a terminal, never on a pipe
        or with --plain; it appears only once a build has run for about half a second."""
        if self.plain or self.machine or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
            return None
        from hormonecli.render.lines import ProgressLine

        return ProgressLine(sys.stderr)

    @property
    def commands(self) -> Commands:
        if self._commands is None:
            from hormonecli.render.commands import Commands

            self._commands = Commands(self.options.content_dirs)
        return self._commands

    # -- content ----------------------------------------------------------------
    @property
    def content(self) -> Content:
        if self._content is None:
            from hormonecli.courseware.content import Content

            self._content = Content(self.options.content_dirs, warn=self.warn, progress=self.progress())
        return self._content

    @property
    def library(self) -> m.Library:
        return self.content.library

    @property
    def manifest(self) -> list[dict]:
        """Module summaries in course order (see courseware.content.summarise)."""
        return self.content.modules

    def module(self, name: str) -> m.Module:
        from hormonecli.courseware.names import resolve_module

        return resolve_module(self.library, name)

    def slug(self, name: str) -> str:
        """A module's slug from a name, alias or prefix, using only the manifest (no library)."""
        from hormonecli.courseware.names import resolve_slug

        return resolve_slug([(mod["slug"], mod["aliases"]) for mod in self.manifest], name)

    # -- state ------------------------------------------------------------------
    def store(self, required: bool = False, create: bool = True) -> Store | None:
        """The state store, or None (with a one-line warning) when it cannot be used.

        create=False: a reader with no state yet gets None, and no file is made for it.
        required=True: a store that cannot be used is an error, not a warning."""
        from hormonecli.errors import StateError
        from hormonecli.store import default_store

        if create in self._stores and not required:
            return self._stores[create]
        store: Store | None = default_store(self.warn)
        assert store is not None
        if not create and not store.path.exists():
            return None
        try:
            store.conn
        except StateError as exc:
            if required:
                raise
            self.warn(f"{exc}; progress will not be saved")
            self.store_problem = exc.reason
            store = None
        self._stores[create] = store
        return store

    def last_read(self) -> str:
        """The module read most recently (a bare `learn` or `quiz` opens it)."""
        from hormonecli.errors import UsageError

        store = self.store()
        positions = store.positions() if store else {}
        if not positions:
            raise UsageError(f"which module? start with '{self.commands.learn('hpg-axis')}', "
                             f"or see '{self.commands.list()}'")
        return next(iter(positions))

    def due(self, store: Store | None, known_ids: set[str] | None = None) -> int | None:
        """Reviews due now; with the content's question ids, cards of removed questions are retired first."""
        if store is None:
            return None
        from hormonecli.errors import StateError

        try:
            if known_ids is not None:
                store.retire_missing(frozenset(known_ids))
            return store.due_count()
        except StateError as exc:
            self.warn(str(exc))
            return None
