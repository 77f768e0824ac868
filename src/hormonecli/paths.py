"""Where things live: content, state and cache, resolved on every call."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "hormonecli"


def home() -> Path | None:
    value = os.environ.get("HORMONECLI_HOME")
    return Path(value).expanduser() if value else None


#: The XDG folders platformdirs gives on Linux and the BSDs: (variable, default) per kind
_XDG = {"data": ("XDG_DATA_HOME", "~/.local/share"), "cache": ("XDG_CACHE_HOME", "~/.cache")}


def user_dir(kind: str) -> Path:
    """The platform's per-user folder for `kind` ("data" or "cache"), as platformdirs gives it.
    On Linux and the BSDs the XDG rule is applied here: importing platformdirs costs every
    command about 4 ms, and a test checks the two agree. Elsewhere platformdirs decides."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        var, default = _XDG[kind]
        base = os.environ.get(var, "").strip() or os.path.expanduser(default)
        return Path(base) / APP
    import platformdirs

    get = platformdirs.user_data_path if kind == "data" else platformdirs.user_cache_path
    return get(APP, appauthor=False)


def data_dir() -> Path:
    h = home()
    if h is not None:
        return h
    return user_dir("data")


def cache_dir() -> Path:
    """HORMONECLI_CACHE, else HORMONECLI_HOME/cache, else the platform's user cache folder."""
    own = os.environ.get("HORMONECLI_CACHE")
    if own:
        return Path(own).expanduser()
    h = home()
    if h is not None:
        return h / "cache"
    return user_dir("cache")


def shipped_content() -> Path:
    """The content that ships with the package (wheel), or the checkout's (editable).

    HORMONECLI_BUILTIN_CONTENT replaces it (tests and benchmarks use this)."""
    override = os.environ.get("HORMONECLI_BUILTIN_CONTENT")
    if override:
        return Path(override).expanduser()
    here = Path(__file__).resolve().parent
    packaged = here / "content"
    if (packaged / "modules").is_dir():
        return packaged
    return here.parent.parent / "content"


def content_dirs(extra: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """Shipped content first, then HORMONECLI_CONTENT_PATH, then --content-dir options."""
    dirs = [shipped_content()]
    env = os.environ.get("HORMONECLI_CONTENT_PATH", "")
    for part in env.split(os.pathsep):
        if part.strip():
            dirs.append(Path(part).expanduser())
    dirs.extend(Path(p).expanduser() for p in extra)
    seen, out = set(), []
    for d in dirs:
        key = str(d.resolve()) if exists(d) else str(d)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def exists(path: Path) -> bool:
    """Whether a path exists; a name the system cannot even look up (too long, a NUL) does not."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False
