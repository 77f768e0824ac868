"""Every cache file hormonecli keeps: one folder, one key, one atomic write, checked reads.

Caches hold data, never code: JSON, SQLite, or text with a checksum. A file that is
missing, stale, damaged or planted reads as "no cache" and is rebuilt; nothing read
back is trusted without a check. The folder is private (0700); one owned by someone
else is never used, and an unwritable one only costs speed (callers keep going
without a cache).

Keys come from `key()`: the package version, a stamp of the package's own source
files (so a code change rebuilds), and whatever content the caller names.
"""
from __future__ import annotations

import os
import time
import zlib
from pathlib import Path
from typing import Any, Callable

TEMP_PREFIX = ".tmp-"
STALE_TEMP_S = 600  # a temporary file older than this was left by a killed process
_state: dict[str, Any] = {}


def digest(text: str) -> str:
    """A short key. Not cryptographic: it only has to change when its input does.
    (zlib instead of hashlib spares loading OpenSSL on every command.)"""
    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data) & 0xFFFFFF:06x}"


def stamp(st: os.stat_result) -> str:
    """What identifies one version of a file without reading it: size, inode, mtime and ctime
    (ctime changes on every write and cannot be set back by tools that restore mtimes)."""
    return f"{st.st_size}:{st.st_ino}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def code_stamp() -> str:
    """A stamp of the package's own source files, computed once per process: editing any of
    them changes every cache key."""
    if "code" not in _state:
        from hormonecli import __version__

        root = Path(__file__).resolve().parent
        parts = [__version__]
        stack = [str(root)]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError:
                continue
            for e in entries:
                if e.is_dir(follow_symlinks=False) and e.name not in ("content", "__pycache__", "_prebuilt"):
                    stack.append(e.path)
                elif e.name.endswith(".py"):
                    try:
                        parts.append(f"{e.path[len(str(root)):]}\0{stamp(e.stat())}")
                    except OSError:
                        continue
        _state["code"] = digest("\n".join(parts))
    return _state["code"]


def key(*parts: str) -> str:
    """A cache key for `parts`, tied to this version and build of hormonecli."""
    return digest("\0".join((code_stamp(), *parts)))


# -- the folder -----------------------------------------------------------------

def directory() -> Path | None:
    """The cache folder, private to this user; None when it cannot be used (then nothing is cached)."""
    from hormonecli.paths import cache_dir, home

    where = cache_dir()
    known = _state.setdefault("dirs", {})
    if where not in known:
        own_home = home()
        usable = (own_home is None or private_dir(own_home)) and private_dir(where)
        known[where] = where if usable else None
    return known[where]


def private_dir(folder: Path) -> bool:
    """Make `folder` (and missing parents) with mode 0700; tighten it if it is ours and open to others.
    False when it cannot be made, or is owned by someone else (never used then)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
    except OSError:
        return False
    if hasattr(os, "getuid"):
        if st.st_uid != os.getuid():
            warn_once(f"not using the folder {folder}: it belongs to another user")
            return False
        if st.st_mode & 0o077:
            try:
                folder.chmod(0o700)
            except OSError:
                return False
    return True


def warn_once(message: str) -> None:
    if message not in _state.setdefault("warned", set()):
        _state["warned"].add(message)
        from hormonecli.escapes import clean

        print(f"hormonecli: warning: {clean(message)}", file=__import__("sys").stderr)


def reset() -> None:
    """Forget what this process worked out (tests change HORMONECLI_HOME between runs)."""
    _state.clear()


def path(name: str) -> Path | None:
    folder = directory()
    return folder / name if folder is not None else None


# -- reading and writing -----------------------------------------------------------

def read_bytes(name: str, limit: int = 200_000_000) -> bytes | None:
    target = path(name)
    if target is None:
        return None
    try:
        with open(target, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def write_bytes(name: str, data: bytes, family: str = "") -> bool:
    """Write atomically (a temporary file moved into place), mode 0600. With `family` (a name prefix),
    older files of the family are removed. False when nothing could be written."""
    folder = directory()
    if folder is None:
        return False
    tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{name}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False
    if family:
        remove_family(family, keep=name)
    return True


def prune(prefix: str, keep: set[str], max_age_s: float = 7 * 86400) -> None:
    """Files named `prefix*` outside `keep` and older than `max_age_s` go (per-file caches of files
    that changed; another content set that still needs one rebuilds it)."""
    folder = directory()
    if folder is None:
        return
    now = time.time()
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith(prefix) and e.name not in keep:
                    try:
                        if now - e.stat().st_mtime > max_age_s:
                            os.unlink(e.path)
                    except OSError:
                        continue
    except OSError:
        return


def read_json(name: str, check: Callable[[Any], Any]) -> Any:
    """The decoded JSON of a cache file passed through `check` (which raises ValueError, KeyError or
    TypeError on a wrong shape); None when missing or wrong in any way."""
    import json

    data = read_bytes(name)
    if data is None:
        return None
    try:
        return check(json.loads(data))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def write_json(name: str, data: Any, family: str = "") -> bool:
    import json

    return write_bytes(name, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), family)


_TEXT_MAGIC = "hormonecli-text 1"


def read_text(name: str) -> str | None:
    """Text stored with write_text, if its length and checksum still match (a truncated or edited
    file is refused) and it holds no control character but newlines and tabs."""
    data = read_bytes(name)
    if data is None:
        return None
    head, sep, body = data.partition(b"\n")
    parts = head.decode("ascii", "replace").split(" ")
    if not sep or len(parts) != 4 or " ".join(parts[:2]) != _TEXT_MAGIC:
        return None
    if parts[2] != str(len(body)) or parts[3] != f"{zlib.crc32(body):08x}":
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    from hormonecli.escapes import clean

    return text if clean(text) == text else None


def write_text(name: str, text: str, family: str = "") -> bool:
    body = text.encode("utf-8")
    head = f"{_TEXT_MAGIC} {len(body)} {zlib.crc32(body):08x}\n".encode("ascii")
    return write_bytes(name, head + body, family)


# -- housekeeping ------------------------------------------------------------------

def remove_family(prefix: str, keep: str = "", newest: int = 1) -> None:
    """Remove files named `prefix*` but the `newest` most recent (and `keep`), and temporary files
    left behind by killed processes."""
    folder = directory()
    if folder is None:
        return
    now = time.time()
    mine: list[tuple[float, str]] = []
    try:
        with os.scandir(folder) as it:
            for e in it:
                try:
                    if e.name.startswith(TEMP_PREFIX):
                        if now - e.stat().st_mtime > STALE_TEMP_S:
                            os.unlink(e.path)
                    elif e.name.startswith(prefix) and e.name != keep:
                        mine.append((e.stat().st_mtime, e.name))
                except OSError:
                    continue
    except OSError:
        return
    mine.sort(reverse=True)
    for _, name in mine[max(0, newest - (1 if keep else 0)):]:
        try:
            os.unlink(folder / name)
        except OSError:
            pass


# -- the shipped course, prebuilt ------------------------------------------------------

def version() -> str:
    from hormonecli import FORMAT_VERSION, __version__

    return f"{__version__}/{FORMAT_VERSION}"


def _crc_files(root: Path, suffixes: tuple[str, ...], skip: tuple[str, ...] = ()) -> str:
    crc = 0
    for folder, dirs, files in sorted(os.walk(root)):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(files):
            if name.endswith(suffixes):
                full = os.path.join(folder, name)
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                crc = zlib.crc32(rel.encode("utf-8") + b"\0", crc)
                try:
                    with open(full, "rb") as fh:
                        crc = zlib.crc32(fh.read(), crc)
                except OSError:
                    return "unreadable"
    return f"{crc:08x}"


def code_hash() -> str:
    """A hash of the package's source files' contents (their stamps differ between machines)."""
    return _crc_files(Path(__file__).resolve().parent, (".py",), ("content", "__pycache__", "_prebuilt"))


def content_hash(root: Path) -> str:
    return _crc_files(root, (".yaml", ".yml"))


def prebuilt_dir() -> Path | None:
    """Where the wheel's prebuilt caches are (HORMONECLI_PREBUILT replaces it, for tests)."""
    override = os.environ.get("HORMONECLI_PREBUILT")
    folder = Path(override) if override else Path(__file__).resolve().parent / "_prebuilt"
    return folder if (folder / "stamp.json").is_file() else None


def shipped_name(file_path: str) -> str | None:
    """A shipped content file's name in the prebuilt folder ('modules__hpg-axis.yaml'), or None."""
    from hormonecli.paths import shipped_content

    try:
        rel = Path(file_path).resolve().relative_to(shipped_content().resolve())
    except (ValueError, OSError):
        return None
    return "__".join(rel.parts)


def prebuilt(name: str) -> bytes | None:
    """A prebuilt cache file, if the stamp it was built under still matches this installation's
    version, code and shipped content (checked once per process, only when a cache misses)."""
    folder = prebuilt_dir()
    if folder is None:
        return None
    if "prebuilt_ok" not in _state:
        import json

        from hormonecli.paths import shipped_content

        try:
            stamp_ = json.loads((folder / "stamp.json").read_text(encoding="utf-8"))
            ok = (isinstance(stamp_, dict) and stamp_.get("version") == version()
                  and stamp_.get("code") == code_hash() and stamp_.get("content") == content_hash(shipped_content()))
        except (OSError, ValueError):
            ok = False
        _state["prebuilt_ok"] = ok
    if not _state["prebuilt_ok"] or "/" in name or name.startswith("."):
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


PRINT_WIDTH = 80  # prebuilt lessons are printed at the width a pipe or a file gets when COLUMNS is unset


def printed_name(slug: str, level: str | None, plain: bool) -> str:
    """The name of a prebuilt printed lesson."""
    return f"print-{slug}-{level or 'all'}-{PRINT_WIDTH}-{'plain' if plain else 'styled'}.txt"
