"""Colour follows one rule in every command, Rich-drawn or line-drawn:
NO_COLOR counts only when non-empty; FORCE_COLOR and CLICOLOR_FORCE force styled output
(even into a pipe) unless empty or "0"; --no-color and NO_COLOR keep styles but drop colour;
--plain drops both."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURE_CONTENT, invoke

SGR = re.compile(r"\x1b\[([0-9;]*)m")

#: name -> (arguments, standard input, whether its screen has coloured text at all)
COMMANDS = {
    "define": (["define", "gland"], None, True),
    "search": (["search", "gland", "--limit", "2"], None, True),
    "learn": (["learn", "alpha", "--level", "fundamentals", "--page", "1", "--print"], None, True),
    "quiz": (["quiz", "alpha", "--count", "1", "--seed", "1"], "a\n", True),
    "validate": (["validate"], None, True),
    "list": (["list"], None, False),
    "progress": (["progress"], None, False),
}

# (extra arguments, environment) -> what the output must carry: "none", "styles" (no colour), "colour"
CASES = [
    ([], {}, "none"),
    ([], {"FORCE_COLOR": "1"}, "colour"),
    ([], {"CLICOLOR_FORCE": "1"}, "colour"),
    ([], {"FORCE_COLOR": "0"}, "none"),
    ([], {"FORCE_COLOR": ""}, "none"),
    ([], {"CLICOLOR_FORCE": "0"}, "none"),
    ([], {"FORCE_COLOR": "0", "CLICOLOR_FORCE": "1"}, "colour"),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": ""}, "colour"),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, "styles"),
    (["--no-color"], {"CLICOLOR_FORCE": "1"}, "styles"),
    (["--plain"], {"FORCE_COLOR": "1"}, "none"),
    ([], {"FORCE_COLOR": "1", "TERM": "dumb"}, "colour"),
]


def kind_of(text: str) -> str:
    codes = [c for found in SGR.findall(text) for c in found.split(";") if c]
    if not codes:
        return "none"
    if any(c.isdigit() and (30 <= int(c) <= 38 or 90 <= int(c) <= 97) for c in codes):
        return "colour"
    return "styles"


@pytest.fixture(scope="module")
def shared_home(tmp_path_factory):
    """One state and cache folder for the whole matrix: caches are built once, not per case."""
    return str(tmp_path_factory.mktemp("colour-home"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("extra, env, want", CASES, ids=[" ".join([*e, *(f"{k}={v}" for k, v in env.items())])
                                                         for e, env, _ in CASES])
def test_every_command_colours_by_the_same_rule(runner, shared_home, command, extra, env, want):
    argv, stdin, has_colour = COMMANDS[command]
    env = {**env, "HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT)}
    if command != "quiz":  # the quiz saves answers, which would change other screens: it keeps its own home
        env["HORMONECLI_HOME"] = shared_home
    out = invoke(runner, *extra, *argv, input=stdin, env=env)
    assert out.exit_code == 0, out.stderr
    assert kind_of(out.stdout) == (want if has_colour or want != "colour" else "styles")


@pytest.mark.parametrize("value, off", [("", False), ("1", True), ("0", True), ("false", True)])
def test_no_color_counts_only_when_set_and_not_empty(monkeypatch, value, off):
    from hormonecli.context import Course
    from hormonecli.render.lines import Lines

    monkeypatch.setenv("NO_COLOR", value)
    assert Course().no_color is off

    class Tty:
        text = ""

        def isatty(self):
            return True

        def write(self, s):
            Tty.text += s

    monkeypatch.setenv("TERM", "xterm")
    Lines(file=Tty()).line(("red words", "bold red"))  # type: ignore[arg-type]
    assert kind_of(Tty.text) == ("styles" if off else "colour")
