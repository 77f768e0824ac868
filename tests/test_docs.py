"""The README stays true: its commands, its command table and CI's test command."""
from __future__ import annotations

import re

from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands():
    block = re.search(r"```sh\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert len(block) == 2
    assert block[0].endswith("hormonecli learn hpg-axis") and "pip install ." in block[0]
    assert block[1].endswith("python -m pytest") and "[test]" in block[1]
    assert README.index("```sh") < 40  # the first lines


def test_ci_runs_exactly_the_readme_test_command():
    test_cmd = re.search(r"```sh\n.*?\n(.*?)\n```", README, re.S).group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci.splitlines()


def test_every_command_in_help_is_in_the_readme_table():
    out = run_cli("--help")
    section = out.stdout.split("Commands:")[1].split("\n\n")[0]
    commands = re.findall(r"^  ([a-z]+)\s", section, re.M)
    assert {"list", "learn", "quiz", "review", "progress", "search", "define", "validate"} <= set(commands)
    for cmd in commands:
        assert f"`hormonecli {cmd}" in README, cmd


def test_readme_carries_the_safety_notice():
    assert "not medical advice" in README and "no doses" in README
