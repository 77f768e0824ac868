"""The quiz in a real pseudo-terminal (80x24): typing answers, a bad one, Ctrl-C, self-rating, confirm."""
from __future__ import annotations

import json
import os
import sys

import pexpect
import pytest

from conftest import FIXTURE_CONTENT, run_cli, strip_ansi


@pytest.fixture
def env(_home):
    return {**os.environ, "HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT), "NO_COLOR": "1",
            "HORMONECLI_HOME": str(_home), "TERM": "xterm"}


def spawn(env, *args):
    return pexpect.spawn(sys.executable, ["-m", "hormonecli", *args], env=env, dimensions=(24, 80),
                         encoding="utf-8", timeout=20)


def layout(env, *args):
    proc = run_cli("quiz", *args, "--json", input="", env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["questions"]


def single_labels(item):
    right = next(c["label"] for c in item["choices"] if c["text"] in ("The gland", "Alpha"))
    wrong = next(c["label"] for c in item["choices"] if c["label"] != right)
    return right, wrong


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def answers_stored(env):
    proc = run_cli("progress", "--json", env=env)
    return {m["slug"]: m["answered"] for m in json.loads(proc.stdout)["modules"]}


def at_rating_prompt(env):
    """A review in a terminal, stopped at the rating prompt after a right answer: the numeric
    question is answered wrong in a quiz (so it is due now), then right in the review."""
    proc = run_cli("quiz", "alpha", "--type", "numeric", input="99\n", env=env)
    assert proc.returncode == 0
    child = spawn(env, "review")
    child.expect("answer> ")
    child.sendline("40")
    child.expect("Right.")
    child.expect("How well did you know it")
    child.expect("rating> ")
    return child


def test_right_wrong_and_invalid_in_a_terminal_then_review(env):
    args = ("all", "--type", "single", "--seed", "3")
    items = layout(env, *args)
    assert len(items) == 2
    child = spawn(env, "quiz", *args)
    child.expect("Question 1/2")
    child.expect("answer> ")
    child.sendline("banana")
    child.expect(r"\? 'banana' is not one of the choices; answer with one letter")
    child.expect("answer> ")
    right, _ = single_labels(items[0])
    child.sendline(right)
    child.expect("Right.")
    child.expect("Question 2/2")
    child.expect("answer> ")
    _, wrong = single_labels(items[1])
    child.sendline(wrong)
    child.expect("Wrong.")
    child.expect("Score: 1/2")
    child.expect("Reviews due now: 1")
    assert finish(child) == 0
    child = spawn(env, "review")
    child.expect("Question 1/1")
    child.expect(items[1]["prompt"])
    child.expect("answer> ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_ctrl_c_mid_quiz_keeps_answers_and_exits_130(env):
    seen = layout(env, "all", "--level", "all", "--count", "7", "--seed", "11")
    child = spawn(env, "quiz", "all", "--level", "all", "--count", "7", "--seed", "11")
    child.expect("answer> ")
    first = seen[0]
    child.sendline({"single": "a", "multiple": "a b", "true-false": "t"}.get(first["type"], "a"))
    child.expect(r"(Right|Wrong|Partly right)\.")
    child.expect("Question 2/7")
    child.expect("answer> ")
    child.sendintr()
    child.expect("ended early: 1 of 7 answered, all saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert sum(answers_stored(env).values()) == 1


def test_self_rating_after_a_right_answer_in_review(env):
    child = at_rating_prompt(env)
    child.sendline("4")
    child.expect("Review: 1/1")
    assert finish(child) == 0
    again = run_cli("review", env=env)
    assert "Nothing is due." in again.stdout and "Next review: in " in again.stdout


def test_reset_asks_first_on_a_terminal(env):
    run_cli("quiz", "alpha", "--type", "numeric", input="40\n", env=env)
    child = spawn(env, "progress", "--reset")
    child.expect(r"Forget answers, review cards and reading progress for every module\? \[y/N\]")
    child.sendline("n")
    child.expect("Nothing was reset.")
    assert finish(child) == 0
    assert answers_stored(env)["alpha-axis"] == 1
    child = spawn(env, "progress", "--reset")
    child.expect(r"\[y/N\]")
    child.sendline("y")
    child.expect("Reset every module: forgot 1 answer")
    assert finish(child) == 0
    assert answers_stored(env)["alpha-axis"] == 0


def test_the_feedback_fits_80_columns(env):
    import io

    child = spawn(env, "quiz", "alpha", "--type", "match", "--seed", "2")
    child.logfile_read = io.StringIO()
    child.expect("answer> ")
    child.sendline("1a 2b 3c")
    child.expect("Correct pairs: ")
    child.expect("Score: 0/1")
    assert finish(child) == 0
    lines = strip_ansi(child.logfile_read.getvalue()).replace("\r", "").splitlines()
    assert len(lines) > 15 and max(len(line) for line in lines) <= 80
    assert any("Read: hormonecli learn alpha-axis --page overview" in line for line in lines)


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "window closed"])
def test_a_right_answer_is_kept_when_review_ends_at_the_rating_prompt(env, how):
    import signal

    from hormonecli.store import default_store

    child = at_rating_prompt(env)
    if how == "window closed":
        child.close(force=True)  # the terminal goes away under it
    else:
        child.kill(getattr(signal, how))
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == {"SIGTERM": 143, "SIGHUP": 129}[how]
    answers = default_store().answers("alpha-a01")
    assert [(a["correct"], a["mode"], a["rating"]) for a in answers] == [(0, "quiz", None), (1, "review", None)]
    again = run_cli("review", env=env)
    assert "Nothing is due." in again.stdout  # the right answer rescheduled the card


def test_a_rating_updates_the_answer_already_saved(env):
    from hormonecli.store import default_store

    child = at_rating_prompt(env)
    child.sendline("2")
    child.expect("Review: 1/1")
    assert finish(child) == 0
    assert [a["rating"] for a in default_store().answers("alpha-a01")] == [None, 2]


def test_arrow_keys_edit_the_answer_instead_of_typing_escape_codes(env):
    child = spawn(env, "quiz", "alpha", "--type", "numeric")
    child.expect("answer> ")
    child.send("0")
    child.send("\x1b[D")  # ← moves the cursor before the 0
    child.send("4\r")
    child.expect("Right.")  # 40, not '0^[[D4'
    assert finish(child) == 0


def test_sigterm_at_the_answer_prompt_leaves_the_terminal_modes_as_they_were(env):
    import re
    import signal
    import subprocess
    import time

    cmd = f'"{sys.executable}" -m hormonecli quiz alpha --count 2; echo "exit=$?"; stty -a'
    sh = pexpect.spawn("sh", ["-c", cmd], env=env, dimensions=(24, 80), encoding="utf-8", timeout=20)
    sh.expect("answer> ")
    sh.send("ab")  # half an answer typed: the line editor has the terminal in its own mode
    time.sleep(0.2)
    pid = int(subprocess.run(["pgrep", "-P", str(sh.pid)], capture_output=True, text=True).stdout.split()[0])
    os.kill(pid, signal.SIGTERM)
    sh.expect(r"exit=(\d+)")
    assert sh.match.group(1) == "143"
    sh.expect(pexpect.EOF)
    flags = set(re.findall(r"(?<![\w-])(-?(?:icanon|echo))(?![\w-])", sh.before))
    assert {"icanon", "echo"} <= flags


def test_a_disk_that_fills_mid_quiz_is_reported_in_the_summary(env):
    """Issue 10, item 2, in a terminal: SQLite reports a full disk after the first answer is stored."""
    import io

    proc = run_cli("quiz", "alpha", "--count", "3", "--seed", "1", "--json", input="", env=env)
    layout = json.loads(proc.stdout)["questions"]
    answers = [{"order": " ".join(c["label"] for c in q["choices"]), "numeric": "1",
                "multiple": " ".join(c["label"] for c in q["choices"][:q.get("choose") or 1]),
                "match": " ".join(f"{i}{c['label']}" for i, c in enumerate(q["choices"], 1))}.get(q["type"], "a")
               for q in layout]
    code = ("import sqlite3\n"
            "from contextlib import contextmanager\n"
            "from hormonecli import store\n"
            "real, writes = store._transaction, []\n"
            "@contextmanager\n"
            "def filling(conn):\n"
            "    if writes:\n"
            "        raise sqlite3.OperationalError('database or disk is full')\n"
            "    writes.append(1)\n"
            "    with real(conn):\n"
            "        yield\n"
            "store._transaction = filling\n"
            "from hormonecli.cli import main\n"
            "main(['quiz', 'alpha', '--count', '3', '--seed', '1'])\n")
    child = pexpect.spawn(sys.executable, ["-c", code], env=env, dimensions=(24, 80), encoding="utf-8", timeout=20)
    child.logfile_read = io.StringIO()
    for answer in answers:
        child.expect("answer> ")
        child.sendline(answer)
    child.expect_exact("(3 answered, 1 saved: disk full)")
    assert finish(child) == 0
    shown = strip_ansi(child.logfile_read.getvalue())
    assert shown.count("hormonecli: warning:") == 1
    assert "the disk is full; answers from now on are not saved" in shown
    assert sum(answers_stored(env).values()) == 1
