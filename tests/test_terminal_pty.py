"""The pager leaves the terminal as it found it, whatever ends it (issue 10, items 3-6 and 14), in a
real pseudo-terminal: SIGTERM, SIGHUP, Ctrl-Z and fg, TERM=dumb, several keys in one read, and a
system without termios."""
from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time

import pexpect
import pytest

from conftest import strip_ansi

ENTER, LEAVE = "\x1b[?1049h", "\x1b[?1049l"
SHOW_CURSOR = "\x1b[?25h"


def env(**extra) -> dict:
    out = {**os.environ, "TERM": "xterm-256color", **extra}
    out.pop("COLUMNS", None)
    out.pop("LINES", None)
    return out


def spawn_in_sh(*args: str, **extra) -> pexpect.spawn:
    """The pager under a non-interactive sh, which then reports the exit status and the tty modes:
    sh repairs nothing, so what `stty` shows is what the pager left."""
    cmd = f'"{sys.executable}" -m hormonecli {" ".join(args)}; echo "exit=$?"; stty -a'
    return logged(pexpect.spawn("sh", ["-c", cmd], env=env(**extra), dimensions=(24, 80), encoding="utf-8",
                                timeout=20))


def logged(child: pexpect.spawn) -> pexpect.spawn:
    child.logfile_read = io.StringIO()  # everything the terminal was sent
    return child


def sent(child: pexpect.spawn) -> str:
    return child.logfile_read.getvalue()


def pager_pid(sh: pexpect.spawn) -> int:
    for _ in range(100):
        out = subprocess.run(["pgrep", "-P", str(sh.pid)], capture_output=True, text=True).stdout.split()
        if out:
            return int(out[0])
        time.sleep(0.05)
    raise AssertionError("the pager did not start")


def modes(stty: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(-?(?:icanon|echo|isig))(?![\w-])", stty))


@pytest.mark.parametrize("signame,status", [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_and_sighup_restore_screen_cursor_and_modes(signame, status):
    sh = spawn_in_sh("learn", "hpg")
    sh.expect_exact("hpg-axis · ")
    os.kill(pager_pid(sh), getattr(signal, signame))
    sh.expect(r"exit=(\d+)")
    seen = sent(sh)
    assert int(sh.match.group(1)) == status
    sh.expect(pexpect.EOF)
    stty = sh.before
    assert seen.rindex(LEAVE) > seen.rindex(ENTER) and seen.rindex(SHOW_CURSOR) > seen.rindex(ENTER)
    assert {"icanon", "echo", "isig"} <= modes(stty), stty
    assert "Traceback" not in strip_ansi(seen)


def test_ctrl_z_leaves_the_screen_and_fg_redraws_it_with_keys_acting_at_once():
    bash = logged(pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], env=env(PS1="$ "), dimensions=(24, 80),
                                encoding="utf-8", timeout=20))
    bash.expect_exact("$ ")
    bash.sendline(f'"{sys.executable}" -m hormonecli learn hpg --level fundamentals --page 1')
    bash.expect_exact("hpg-axis · fundamentals · page 1/5")
    bash.sendcontrol("z")
    bash.expect("Stopped")
    stopped = sent(bash)
    assert stopped.rindex(LEAVE) > stopped.rindex(ENTER)  # the shell prompt is drawn on the normal screen
    bash.expect_exact("$ ")
    bash.sendline("stty -a; echo st''ty-done")  # the echoed command line does not match, its output does
    bash.expect_exact("stty-done")
    assert {"icanon", "echo"} <= modes(bash.before)
    bash.sendline("fg")
    bash.expect_exact(ENTER)
    bash.expect_exact("hpg-axis · fundamentals · page 1/5")  # redrawn without a key press
    bash.send("n")  # acts at once: no echo, no Enter needed
    bash.expect_exact("hpg-axis · fundamentals · page 2/5")
    bash.send("q")
    bash.expect_exact("Left off at hpg-axis · fundamentals · page 2/5")
    bash.expect_exact("$ ")
    bash.sendline("exit")
    bash.expect(pexpect.EOF)


def test_a_dumb_terminal_gets_the_lesson_printed_with_a_notice():
    child = pexpect.spawn(sys.executable, ["-m", "hormonecli", "learn", "hpg", "--level", "fundamentals"],
                          env=env(TERM="dumb"), dimensions=(24, 80), encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    out = child.before
    assert child.exitstatus == 0
    assert "hormonecli: warning: this terminal (TERM=dumb) cannot show pages one at a time; " \
           "the lesson is printed instead" in out
    assert "A chain of command from brain to gonads" in out and "page 5/5" in out  # the whole level
    assert "\x1b[" not in out  # no cursor movement, no colour


def test_several_escape_sequences_in_one_read_are_several_keys():
    child = logged(pexpect.spawn(sys.executable, ["-m", "hormonecli", "learn", "hpg", "--level", "academic",
                                                  "--page", "testosterone-therapy"], env=env(), dimensions=(24, 80),
                                 encoding="utf-8", timeout=20))
    child.expect_exact("· 0%")
    child.send("\x1b[B" * 3 + "z")  # one write: a mouse wheel turned three notches (z marks the frame after)
    child.expect(r"· (\d+)%  unknown key 'z'")
    first = int(child.match.group(1))
    child.send("\x1b[B\x1b[B\x1b[Bjjjz")  # and keys typed ahead
    child.expect(r"· (\d+)%  unknown key 'z'")
    second = int(child.match.group(1))
    assert 0 < first < second
    child.send("q")
    child.expect(pexpect.EOF)
    assert "unknown key '\\x1b" not in sent(child)


def test_without_termios_the_lesson_is_printed_with_one_line():
    code = ("import sys; sys.modules['termios'] = None; sys.modules['tty'] = None\n"
            "from hormonecli.cli import main; main(['learn', 'hpg', '--level', 'fundamentals', '--page', '2'])")
    child = pexpect.spawn(sys.executable, ["-c", code], env=env(), dimensions=(24, 80), encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    lines = strip_ansi(child.before).splitlines()
    assert child.exitstatus == 0
    assert lines[0] == ("hormonecli: warning: this console has no terminal control (termios), so pages cannot "
                        "be shown one at a time; the lesson is printed instead")
    assert "page 2/5" in child.before and "unexpected" not in child.before
