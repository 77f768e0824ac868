"""Issue 10's reproducers, each through the command line: lost or misreported answers, escape codes
reaching the terminal, internal errors instead of one line, and a state file that is not ours.
(The terminal items, 1 and 3-6 and 14, are in test_terminal_pty.py and test_quiz_pty.py.)"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, invoke

ALPHA = FIXTURE_CONTENT / "modules" / "alpha-axis.yaml"
ONE_ERROR = re.compile(r"^hormonecli: error: [^\n]+\n$")


def one_line_error(out, status: int) -> str:
    assert out.exit_code == status, (out.exit_code, out.stderr)
    assert ONE_ERROR.match(out.stderr), out.stderr
    assert "unexpected" not in out.stderr.split(":", 2)[2][:12] and "Traceback" not in out.stderr
    return out.stderr


# -- 2: what a summary says was saved is what was saved ----------------------------------------------

@pytest.fixture
def disk_fills_after(monkeypatch):
    """SQLite reports a full disk once `n` write transactions have gone through."""
    from hormonecli import store as st

    real = st._transaction
    done = {"n": 0, "limit": 0}

    @contextmanager
    def filling(conn):
        if done["n"] >= done["limit"]:
            raise sqlite3.OperationalError("database or disk is full")
        done["n"] += 1
        with real(conn):
            yield

    def arm(n: int | None) -> None:
        """n: writes that still fit; None: room again."""
        if n is None:
            monkeypatch.setattr(st, "_transaction", real)
            return
        st.Store(st.default_store().path).conn  # the file exists (made with room to spare) ...
        done["limit"] = n                       # ... then the disk fills
        monkeypatch.setattr(st, "_transaction", filling)

    return arm


QUIZ = ("quiz", "alpha", "--count", "3", "--seed", "1")


def valid_answers(runner) -> str:
    """One well-formed answer per question of QUIZ, whatever its type (the layout comes from --json)."""
    layout = json.loads(invoke(runner, *QUIZ, "--json", input="").stdout)["questions"]
    lines = []
    for q in layout:
        labels = [c["label"] for c in q["choices"]]
        lines.append({"order": " ".join(labels), "numeric": "1", "multiple": " ".join(labels[:q.get("choose") or 1]),
                      "match": " ".join(f"{i}{lab}" for i, lab in enumerate(labels, 1))}.get(q["type"], "a"))
    return "\n".join(lines) + "\n"


def answered(runner) -> int:
    out = invoke(runner, "progress", "--json")
    return sum(m["answered"] for m in json.loads(out.stdout)["modules"])


@pytest.mark.parametrize("room,note", [(0, "3 answered, none saved: disk full"), (1, "3 answered, 1 saved: disk full")])
def test_a_full_disk_is_reported_as_it_is(runner, fixture_content, disk_fills_after, room, note):
    answers = valid_answers(runner)
    disk_fills_after(room)
    out = invoke(runner, *QUIZ, input=answers)
    assert out.exit_code == 0
    assert f"({note})" in out.stdout
    assert out.stderr.count("hormonecli: warning:") == 1 and "the disk is full" in out.stderr
    disk_fills_after(None)
    assert answered(runner) == room


def test_a_full_disk_is_in_the_json_too(runner, fixture_content, disk_fills_after):
    answers = valid_answers(runner)
    disk_fills_after(1)
    out = invoke(runner, *QUIZ, "--json", input=answers)
    data = json.loads(out.stdout)
    assert (data["saved"], data["save_error"]) == (1, "disk full")


def test_when_everything_is_saved_the_summary_says_nothing_about_it(runner, fixture_content):
    out = invoke(runner, *QUIZ, input=valid_answers(runner))
    assert "saved" not in out.stdout and answered(runner) == 3


# -- 7-10: content that tries to reach the terminal, or to break the loader ------------------------

def pack_with(tmp_path: Path, change) -> Path:
    pack = tmp_path / "pack" / "modules"
    pack.mkdir(parents=True)
    text = ALPHA.read_text(encoding="utf-8").replace("slug: alpha-axis", "slug: evil-axis").replace(
        "aliases: [alpha, first]", "aliases: [evil]").replace("id: alpha-", "id: evil-")
    (pack / "evil-axis.yaml").write_bytes(change(text).encode("utf-8", "surrogatepass"))
    return pack.parent


REPRODUCERS = {
    "7 OSC 8 link and colour in a !!binary title": (
        lambda t: t.replace("title: The alpha axis", 'title: !!binary "G10xMzs7aHR0cDovL3guaW52YWxpZC8bXEN'
                            'saWNrG10xMzs7G1wbWzMxbVJFRBtbMG0gRXZpbEFB"'), "HC034"),
    "9 !custom": (lambda t: t.replace("summary: A small", "summary: !custom A small"), "HC034"),
    "9 !!timestamp": (lambda t: t.replace("summary: A small module used by the tests, with every block and "
                                          "question type.", "summary: !!timestamp 2001-12-14"), "HC034"),
    "9 !!set": (lambda t: t.replace("aliases: [evil]", "aliases: !!set {a, b}"), "HC034"),
    "9 !!int with 5,000 digits": (lambda t: t.replace("format_version: 1", "format_version: !!int " + "9" * 5000),
                                  "HC007"),
    "9 a NUL byte": (lambda t: t.replace("summary: A small", "summary: A\x00 small"), "HC001"),
    "10 nesting 600 deep": (lambda t: t + "\nextra: " + "[" * 600 + "]" * 600 + "\n", "HC035"),
    "10 a question type that is a mapping": (lambda t: t.replace("type: single", "type: {a: 1}", 1), "HC008"),
}


@pytest.mark.parametrize("name", sorted(REPRODUCERS))
def test_hostile_content_is_one_coded_line_with_file_and_line(runner, fixture_content, tmp_path, name):
    """The broken file of a pack is skipped with one warning naming file, line and rule; the rest works."""
    change, code = REPRODUCERS[name]
    pack = pack_with(tmp_path, change)
    for args in (["list"], ["learn", "alpha", "--page", "1", "--print"], ["search", "alpha"]):
        out = invoke(runner, "--content-dir", str(pack), *args)
        assert out.exit_code == 0, out.stderr
        assert re.fullmatch(rf"hormonecli: warning: skipped \S*evil-axis\.yaml:\d+: {code}: [^\n]+\n", out.stderr), \
            out.stderr
        assert "\x1b" not in out.stdout + out.stderr and "unexpected" not in out.stderr
    lint = invoke(runner, "validate", str(pack))
    assert lint.exit_code == 1 and re.search(rf"evil-axis\.yaml:\d+: error {code}: ", lint.stdout)


def test_escape_codes_in_a_valid_pack_are_shown_not_obeyed(runner, fixture_content, tmp_path):
    pack = pack_with(tmp_path, lambda t: t.replace(
        "title: The alpha axis", 'title: "\\e]8;;http://x.invalid/\\e\\\\Click\\e]8;;\\e\\\\\\e[31mRED\\e[0m '
                                 '\\e]52;c;SGk=\\a \\u202eEvil"'))
    out = invoke(runner, "--content-dir", str(pack), "learn", "evil", "--print")
    assert out.exit_code == 0, out.stderr
    assert "\x1b" not in out.stdout and "\u202e" not in out.stdout
    assert "\\x1b]8;;http://x.invalid/" in out.stdout and "\\u202eEvil" in out.stdout


def test_8_a_typed_answer_is_echoed_cleaned(runner):
    out = invoke(runner, "quiz", "hpg", "--count", "1", "--seed", "1", "--type", "single",
                 input="\x1b]52;c;SGk=\x07\x1b[31mx\u202e\n")
    assert out.exit_code == 0
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout and "\u202e" not in out.stdout
    assert "\\x1b]52;c;sgk=\\x07\\x1b[31mx\\u202e" in out.stdout  # what was typed, made visible


# -- 11: arguments ----------------------------------------------------------------------------------

@pytest.mark.parametrize("args,expected", [
    (["learn", "hpg-axis", "--page", "²"], "no page '²' in hpg-axis"),
    (["learn", "hpg-axis", "--page", "99999999999999999999999", "--print"], "out of range"),
    (["search", "gnrh", "--limit", "99999999999999999999"], "is not in the range 1<=x<=1000"),
    (["quiz", "hpg", "--count", "99999999999999999999"], "is not in the range 1<=x<=1000"),
    (["--content-dir", "a" * 100_000, "list"], "content directory not found: aaaa"),
    (["--content-dir", "/tmp/" + "a/" * 50_000, "search", "x"], "content directory not found: /tmp/a/a"),
    (["validate", "a" * 100_000], "no such file or directory: aaaa"),
])
def test_11_odd_arguments_are_one_short_usage_line(runner, args, expected):
    err = one_line_error(invoke(runner, *args), 2)
    assert expected in err and len(err) < 400


# -- 13: a state file that is not ours --------------------------------------------------------------

FOREIGN = {
    "another program's tables": "CREATE TABLE answers (x); PRAGMA user_version = 2;",
    "a newer hormonecli": "PRAGMA user_version = 99;",
    "an unversioned database with tables": "CREATE TABLE notes (x, y); INSERT INTO notes VALUES (1, 2);",
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_13_a_state_file_that_is_not_ours_is_left_untouched_and_lessons_run(runner, _home, kind):
    _home.mkdir(parents=True, exist_ok=True)
    db = _home / "state.db"
    conn = sqlite3.connect(db)
    conn.executescript(FOREIGN[kind])
    conn.commit()
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for args, stdin in ((["list"], None), ([], None), (["learn", "hpg", "--page", "2"], None),
                        (["progress"], None), (["quiz", "hpg", "--count", "1", "--seed", "1"], "a\n")):
        out = invoke(runner, *args, input=stdin)
        assert out.exit_code == 0, (args, out.stderr)
        assert out.stderr.count("\n") == 1 and out.stderr.startswith("hormonecli: warning: ")
        assert "left untouched" in out.stderr and "progress will not be saved" in out.stderr
    assert "none saved" in out.stdout
    review = invoke(runner, "review")  # review has nothing to work with: one line, exit 1
    one_line_error(review, 1)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in _home.iterdir() if p.name.startswith("state")) == ["state.db"]


def test_json_documents_carry_bidi_and_c1_controls_as_escapes_not_raw(runner):
    out = invoke(runner, "search", "\u202eevil\u0085", "--json")
    assert out.exit_code == 0
    assert "\u202e" not in out.stdout and "\u0085" not in out.stdout and "\\u202e" in out.stdout
    assert json.loads(out.stdout)["query"] == "\u202eevil\u0085"  # the same data for a program
