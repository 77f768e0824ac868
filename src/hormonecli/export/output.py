"""Writing an export all or nothing.

Everything is written to a temporary file or folder beside the target and renamed into
place at the end, so an interrupted export leaves the target as it was. An existing file or
a non-empty folder is replaced only when asked (`force`), and a folder only when it holds a
previous export (a marker file says so): `-o ~ --force` must never empty a home folder.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from hormonecli.errors import HormoneError, UsageError

MARKER = ".hormonecli-export"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fail(action: str, path: Path, exc: OSError) -> HormoneError:
    return HormoneError(f"cannot {action} {path}: {exc.strerror or exc}")


@contextmanager
def staged_file(target: Path, *, force: bool, private: bool = False) -> Iterator[Path]:
    """A temporary file beside `target` to write; it becomes `target` when the block ends (the
    one way hormonecli writes a file a user named). `private`: readable by the user alone (0600)."""
    shown, target = target, Path(os.path.abspath(target))
    if target.is_dir():
        raise UsageError(f"{shown} is a folder; give a file name")
    if target.exists() and not force:
        raise UsageError(f"{shown} already exists; add --force to replace it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
    except OSError as exc:
        raise _fail("write to", target.parent, exc) from exc
    tmp = Path(name)
    try:
        yield tmp
        if not private:  # mkstemp makes it private; an export is an ordinary file
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _fail("write", shown, exc) from exc
        raise


@contextmanager
def staged_dir(target: Path, *, force: bool, kind: str) -> Iterator[Path]:
    """A temporary folder beside `target` to fill; it becomes `target` when the block ends."""
    shown, target = target, Path(os.path.abspath(target))
    if target == Path.cwd() or target in Path.cwd().parents:
        raise UsageError(f"{shown} holds the current folder; give the export a folder of its own")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{shown} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise UsageError(f"{shown} is not empty; add --force to replace it")
        if not (target / MARKER).is_file():
            raise UsageError(f"refusing to replace {shown}: it holds files that are not a hormonecli export")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part"))
    except OSError as exc:
        raise _fail("write to", target.parent, exc) from exc
    try:
        yield tmp
        (tmp / MARKER).write_text(f"hormonecli {kind} export; 'hormonecli export {kind} --force' may replace "
                                  "this folder\n", encoding="utf-8")
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; a site is meant to be shared
        _swap(tmp, target)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _fail("write", shown, exc) from exc
        raise


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is; the old folder goes only once the new one is in place."""
    if not target.exists():
        os.rename(new, target)
        return
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
