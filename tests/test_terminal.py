"""The terminal session (render/terminal.py) on a real pseudo-terminal pair, in-process: modes and
screen restored on exit, exception and SIGTERM/SIGHUP; one read split into keys; dumb terminals."""
from __future__ import annotations

import os
import signal
import sys
import termios

import pytest

from hormonecli.render.terminal import ENTER_SCREEN, LEAVE_SCREEN, REDRAW, Terminal, split_keys, unusable


@pytest.mark.parametrize("data,keys,rest", [
    (b"\x1b[B\x1b[B\x1b[B", [b"\x1b[B"] * 3, b""),                      # a mouse wheel in the alternate screen
    (b"jjk", [b"j", b"j", b"k"], b""),                                   # typed ahead
    (b"\x1bOB\x1b[6~q", [b"\x1bOB", b"\x1b[6~", b"q"], b""),             # SS3, a CSI with a parameter
    (b"\x1b[<64;10;5M\x1b[<65;10;5M", [b"\x1b[<64;10;5M", b"\x1b[<65;10;5M"], b""),  # SGR mouse reports
    (b"\x1b[M`!!a", [b"\x1b[M`!!", b"a"], b""),                           # an X10 mouse report
    (b"\xc3\xa9\xe2\x86\x92n", ["é".encode(), "→".encode(), b"n"], b""),  # UTF-8 characters whole
    (b"\x1bx", [b"\x1bx"], b""),                                         # Alt+x
    (b"\x1b\x1b[A", [b"\x1b", b"\x1b[A"], b""),                          # Esc, then an arrow
    (b"n\x1b[", [b"n"], b"\x1b["),                                       # a sequence cut by the read
    (b"\x1b", [], b"\x1b"),                                              # a lone Esc: wait for more
    (b"\xe2\x86", [], b"\xe2\x86"),                                      # half a character
])
def test_one_read_is_split_into_keys(data, keys, rest):
    assert split_keys(data) == (keys, rest)


@pytest.mark.parametrize("term", ["dumb", "", "unknown", "no-such-terminal-type-xyz"])
def test_dumb_or_unknown_terminals_are_reported(term):
    why = unusable({"TERM": term}, out_fd=sys.__stdout__.fileno())
    assert why and "\n" not in why and "one at a time" in why


def test_a_known_terminal_is_usable():
    assert unusable({"TERM": "xterm-256color"}, out_fd=sys.__stdout__.fileno()) == ""


def test_without_termios_the_reason_is_said_not_raised(monkeypatch):
    monkeypatch.setitem(sys.modules, "termios", None)  # as on Windows: importing it fails
    assert "termios" in unusable({"TERM": "xterm"})


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    yield master, slave
    for fd in (master, slave):
        try:
            os.close(fd)
        except OSError:
            pass


def _drain(fd: int) -> bytes:
    import select

    out = b""
    while select.select([fd], [], [], 0.05)[0]:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    return out


def _cooked(fd: int) -> bool:
    lflag = termios.tcgetattr(fd)[3]
    return bool(lflag & termios.ICANON) and bool(lflag & termios.ECHO)


def test_modes_and_screen_come_back_on_exit_and_on_an_exception(pty_pair):
    master, slave = pty_pair
    assert _cooked(slave)
    with pytest.raises(RuntimeError):
        with Terminal(slave, slave):
            assert not _cooked(slave)
            raise RuntimeError("boom")
    assert _cooked(slave)
    shown = _drain(master).decode()
    assert shown.index(ENTER_SCREEN) < shown.rindex(LEAVE_SCREEN)


@pytest.mark.parametrize("signame,status", [("SIGTERM", 143), ("SIGHUP", 129), ("SIGQUIT", 131)])
def test_sigterm_and_sighup_restore_then_exit_with_the_signal_status(pty_pair, signame, status):
    master, slave = pty_pair
    before = signal.getsignal(getattr(signal, signame))
    with pytest.raises(SystemExit) as ended:
        with Terminal(slave, slave):
            os.kill(os.getpid(), getattr(signal, signame))  # the handler runs before this returns
            pytest.fail("the signal did not end the session")
    assert ended.value.code == status
    assert _cooked(slave)
    assert _drain(master).decode().endswith(LEAVE_SCREEN)
    assert signal.getsignal(getattr(signal, signame)) == before  # handlers put back


def test_keys_typed_together_come_out_one_by_one(pty_pair):
    master, slave = pty_pair
    with Terminal(slave, slave) as term:
        os.write(master, b"\x1b[B\x1b[Bj")
        keys = term.read_keys(1.0)
        assert keys == [b"\x1b[B", b"\x1b[B", b"j"]
        assert term.read_keys(0.01) is None


def test_a_resize_asks_for_a_redraw(pty_pair):
    master, slave = pty_pair
    with Terminal(slave, slave) as term:
        os.kill(os.getpid(), signal.SIGWINCH)
        assert term.read_keys(1.0) == [REDRAW]
