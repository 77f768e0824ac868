"""The terminal as a session: whatever ends a screen or a prompt leaves the terminal as it was.

`Terminal` is entered by the pager (full screen, keys one at a time) and by the quiz prompt
(modes only). It saves the tty modes on entry and restores them, with the screen and the
cursor, on every way out: a normal exit, an exception, Ctrl-C, SIGTERM, SIGHUP and SIGQUIT
(restored, then `SystemExit(128 + signal)`), and Ctrl-Z (SIGTSTP: leave the screen and restore
the modes, then stop; on SIGCONT the modes and the screen come back and the owner is asked to
redraw).

`split_keys` turns one read into separate keys (a mouse wheel or keys typed ahead over SSH
arrive as several escape sequences in one read). `unusable()` says why the full-screen reader
cannot run here (TERM=dumb, a terminal type with no entry, no termios on Windows) so the
caller can print instead, as `less` does.
"""
from __future__ import annotations

import os
import select
import signal
from typing import Any, Callable, TextIO

ENTER_SCREEN = "\x1b[?1049h\x1b[?25l"   # the alternate screen, cursor hidden
LEAVE_SCREEN = "\x1b[?25h\x1b[?1049l"   # cursor shown, the normal screen back
REDRAW = b"\x00redraw"                  # not a key: the screen must be drawn again (resume, resize)
_WAIT_FOR_REST = 0.05                   # how long the rest of a split escape sequence may take


def split_keys(data: bytes) -> tuple[list[bytes], bytes]:
    """The keys in `data`, and what is left at its end that may be the start of an unfinished key.

    An escape sequence (CSI `ESC [ ... final`, SS3 `ESC O x`, an old mouse report `ESC [ M b x y`,
    Alt+key `ESC x`) is one key; a UTF-8 character is one key; any other byte is a key of its own."""
    keys: list[bytes] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == 0x1B:
            if i + 1 >= n:
                return keys, data[i:]
            nxt = data[i + 1]
            if nxt == ord("["):
                if i + 2 < n and data[i + 2] == ord("M"):  # X10 mouse: ESC [ M and three raw bytes
                    if i + 6 > n:
                        return keys, data[i:]
                    keys.append(data[i:i + 6])
                    i += 6
                    continue
                j = i + 2
                while j < n and 0x20 <= data[j] <= 0x3F:  # parameters and intermediates
                    j += 1
                if j >= n:
                    return keys, data[i:]
                if 0x40 <= data[j] <= 0x7E:
                    keys.append(data[i:j + 1])
                    i = j + 1
                else:  # not a sequence after all: ESC, then the rest as keys
                    keys.append(b"\x1b")
                    i += 1
                continue
            if nxt == ord("O"):
                if i + 2 >= n:
                    return keys, data[i:]
                keys.append(data[i:i + 3])
                i += 3
                continue
            if nxt == 0x1B:
                keys.append(b"\x1b")
                i += 1
                continue
            size = _utf8_size(nxt)
            if i + 1 + size > n:
                return keys, data[i:]
            keys.append(data[i:i + 1 + size])  # Alt+key
            i += 1 + size
            continue
        size = _utf8_size(b)
        if i + size > n:
            return keys, data[i:]
        keys.append(data[i:i + size])
        i += size
    return keys, b""


def _utf8_size(lead: int) -> int:
    if lead >= 0xF0 and lead < 0xF8:
        return 4
    if lead >= 0xE0 and lead < 0xF0:
        return 3
    if lead >= 0xC0 and lead < 0xE0:
        return 2
    return 1


def unusable(environ: Any = None, out_fd: int = 1) -> str:
    """Why a full-screen reader cannot run on this terminal, in words; '' when it can."""
    try:
        import termios  # noqa: F401
        import tty  # noqa: F401
    except ImportError:
        return "this console has no terminal control (termios), so pages cannot be shown one at a time"
    env = os.environ if environ is None else environ
    term = env.get("TERM", "")
    if term in ("", "dumb", "unknown"):
        return f"this terminal (TERM={term or 'unset'}) cannot show pages one at a time"
    try:
        import curses
    except ImportError:  # no terminfo to ask: trust TERM
        return ""
    try:
        curses.setupterm(term, out_fd)
        if curses.tigetstr("cup") is None or curses.tigetstr("clear") is None:
            return f"this terminal (TERM={term}) cannot move the cursor, so pages cannot be shown one at a time"
    except curses.error:
        return f"the terminal type TERM={term} is unknown here, so pages cannot be shown one at a time"
    return ""


class Terminal:
    """One interactive session on a terminal; use it as a context manager.

    screen=True: the alternate screen with the cursor hidden (the pager). cbreak=True: keys are
    read one at a time without echo (the pager); False leaves modes to the line editor (the quiz)."""

    def __init__(self, in_fd: int, out: int | TextIO, *, screen: bool = True, cbreak: bool = True):
        self.in_fd = in_fd
        self.out: int | TextIO = out if isinstance(out, int) else _descriptor(out)
        self.screen, self.cbreak = screen, cbreak
        self.saved: list | None = None      # the tty modes before the session
        self.active = False                 # our screen and modes are in place
        self._stopped_modes: list | None = None
        self._pending: list[bytes] = []
        self._handlers: dict[int, Any] = {}
        self._wake_r = self._wake_w = -1
        self.on_resume: Callable[[], None] | None = None

    # -- entering and leaving -------------------------------------------------------
    def __enter__(self) -> Terminal:
        try:
            import termios

            self.saved = termios.tcgetattr(self.in_fd)
        except (ImportError, OSError):
            self.saved = None
        except Exception:  # termios.error: not a terminal after all
            self.saved = None
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._install()
        self._enter(None)
        return self

    def __exit__(self, *exc: object) -> None:
        self._leave()
        self._uninstall()
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass
        self._wake_r = self._wake_w = -1

    def _enter(self, modes: list | None) -> None:
        try:
            import termios
            import tty

            if modes is not None:
                termios.tcsetattr(self.in_fd, termios.TCSADRAIN, modes)
            elif self.cbreak and self.saved is not None:
                tty.setcbreak(self.in_fd, termios.TCSADRAIN)
        except Exception:  # no termios (Windows), or the terminal is gone
            pass
        if self.screen:
            self.write(ENTER_SCREEN)
        self.active = True

    def _leave(self) -> None:
        if not self.active:
            return
        self.active = False
        if self.screen:
            self.write(LEAVE_SCREEN)
        if self.saved is not None:
            try:
                import termios

                termios.tcsetattr(self.in_fd, termios.TCSADRAIN, self.saved)
            except Exception:  # the terminal is gone (SIGHUP): nothing left to restore
                pass

    def write(self, data: str) -> None:
        """Straight to the terminal, unbuffered, so a signal never finds half a frame in a buffer."""
        try:
            if not isinstance(self.out, int):
                self.out.write(data)
                self.out.flush()
                return
            raw = data.encode("utf-8", "replace")
            while raw:
                n = os.write(self.out, raw)
                raw = raw[n:]
        except (OSError, ValueError):  # the terminal is gone, or the stream closed
            pass

    # -- signals --------------------------------------------------------------------
    def _install(self) -> None:
        wanted: list[tuple[str, Callable]] = [("SIGTERM", self._terminate), ("SIGHUP", self._terminate),
                                              ("SIGQUIT", self._terminate), ("SIGTSTP", self._suspend),
                                              ("SIGCONT", self._continued), ("SIGWINCH", self._resized)]
        if not self.screen:  # a prompt: the line editor redraws itself on a resize
            wanted.pop()
        for name, handler in wanted:
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                self._handlers[signum] = signal.signal(signum, handler)
            except (ValueError, OSError):  # not the main thread, or not allowed here
                pass

    def _uninstall(self) -> None:
        for signum, old in self._handlers.items():
            try:
                signal.signal(signum, old if old is not None else signal.SIG_DFL)
            except (ValueError, OSError):
                pass
        self._handlers.clear()

    def _terminate(self, signum: int, frame: object) -> None:
        self._leave()
        raise SystemExit(128 + signum)

    def _suspend(self, signum: int, frame: object) -> None:
        try:
            import termios

            self._stopped_modes = termios.tcgetattr(self.in_fd)
        except Exception:
            self._stopped_modes = None
        self._leave()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until `fg` (SIGCONT)
        signal.signal(signal.SIGTSTP, self._suspend)
        self._resume()

    def _continued(self, signum: int, frame: object) -> None:
        self._resume()

    def _resume(self) -> None:
        if not self.active:
            modes, self._stopped_modes = self._stopped_modes, None
            self._enter(modes)
        self._wake()
        if self.on_resume is not None:
            self.on_resume()

    def _resized(self, signum: int, frame: object) -> None:
        self._wake()

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"!")
        except OSError:  # the pipe is full (a redraw is already asked for) or closed
            pass

    # -- keys -----------------------------------------------------------------------
    def read_keys(self, timeout: float | None) -> list[bytes] | None:
        """The keys typed so far (at least one), [REDRAW] when the screen must be drawn again,
        [b""] at end of input, or None when `timeout` passes with nothing."""
        if self._pending:
            keys, self._pending = self._pending, []
            return keys
        fds = [self.in_fd] + ([self._wake_r] if self._wake_r >= 0 else [])
        ready, _, _ = select.select(fds, [], [], timeout)
        if not ready:
            return None
        if self._wake_r in ready:
            try:
                while os.read(self._wake_r, 64):
                    pass
            except OSError:
                pass
            return [REDRAW]
        data = self._read()
        if not data:
            return [b""]
        keys, rest = split_keys(data)
        while rest:
            more_ready, _, _ = select.select([self.in_fd], [], [], _WAIT_FOR_REST)
            more = self._read() if more_ready else b""
            if not more:
                keys.append(rest)  # a lone ESC, or a sequence cut short: taken as it is
                break
            extra, rest = split_keys(rest + more)
            keys.extend(extra)
        return keys

    def _read(self) -> bytes:
        try:
            return os.read(self.in_fd, 1024)
        except OSError:  # the terminal is gone
            return b""


def _descriptor(out: TextIO) -> int | TextIO:
    """A stream's file descriptor, to be written to directly; the stream itself when it has none."""
    try:
        return out.fileno()
    except (AttributeError, OSError, ValueError):
        return out
