"""Exit statuses and the errors the CLI turns into one line on stderr."""
from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class HormoneError(Exception):
    """An error with a one-line message for the user."""

    exit_status = ExitStatus.ERROR


class ContentError(HormoneError):
    """Content that cannot be loaded: names the file and line."""

    def __init__(self, message: str, path: str = "", line: int = 0):
        self.path, self.line = path, line
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(f"{where}{message}")


class UsageError(HormoneError):
    exit_status = ExitStatus.USAGE


class Interrupted(HormoneError):
    """Ctrl-C inside a command: 'interrupted', exit status 130."""

    exit_status = ExitStatus.INTERRUPTED


class StateError(HormoneError):
    """The state database cannot be used (locked, unwritable, not ours).

    `reason` says why in a few words, for summaries ("none saved: disk full")."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or "the state file cannot be used"
