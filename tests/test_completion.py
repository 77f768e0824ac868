"""Shell completion with the course's own names: through the program as a shell calls it, through
the bash script it generates, and in a real interactive bash pressing Tab."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import FIXTURE_CONTENT, invoke


def complete(runner, line: str, env: dict | None = None) -> list[str]:
    """What bash's completion function would get back for `line` (the cursor at its end)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    out = invoke(runner, env={"_HORMONECLI_COMPLETE": "complete_bash", "COMP_WORDS": line,
                              "COMP_CWORD": str(cword), **(env or {})})
    assert out.exit_code == 0 and out.stderr == "", out.stderr
    return out.stdout.split()


@pytest.mark.parametrize("line, expected", [
    ("hormonecli learn a", ["alpha-axis", "alpha"]),
    ("hormonecli learn ", ["alpha-axis", "alpha", "first", "beta-axis", "beta"]),
    ("hormonecli learn A", ["Alpha-axis", "Alpha"]),  # the case typed is kept; names are matched in any case
    ("hormonecli quiz ", ["all", "alpha-axis", "alpha", "first", "beta-axis", "beta"]),
    ("hormonecli progress b", ["beta-axis", "beta"]),
    ("hormonecli progress --reset f", ["first"]),
    ("hormonecli review --module be", ["beta-axis", "beta"]),
    ("hormonecli search gland --module al", ["alpha-axis", "alpha"]),
    ("hormonecli learn alpha --page ", ["overview", "levels-with-age", "summary", "mid-one", "mid-two", "mid-three",
                                        "deep-one", "deep-two", "deep-three"]),
    ("hormonecli learn first --level academic --page deep-t", ["deep-two", "deep-three"]),
    ("hormonecli learn alpha --level int --page ", ["mid-one", "mid-two", "mid-three"]),
    ("hormonecli learn --level ", ["fundamentals", "intermediate", "academic"]),
    ("hormonecli quiz alpha --level ", ["fundamentals", "intermediate", "academic", "all"]),
    ("hormonecli quiz alpha -l a", ["academic", "all"]),
    ("hormonecli search x --kind ", ["term", "page", "claim", "question"]),
    ("hormonecli quiz --question alpha-f0", ["alpha-f01", "alpha-f02", "alpha-f03"]),
    ("hormonecli define gl", ["gland"]),
    ("hormonecli learn zzz", []),
    ("hormonecli learn nosuchmodule --page ", ["overview", "levels-with-age", "summary", "mid-one", "mid-two",
                                               "mid-three", "deep-one", "deep-two", "deep-three", "start", "middle",
                                               "end", "bi1", "bi2", "bi3", "ba1", "ba2", "ba3"]),
])
def test_names_come_from_the_course(runner, fixture_content, line, expected):
    assert complete(runner, line) == expected


def test_quiz_types_are_those_the_module_has(runner, fixture_content):
    assert complete(runner, "hormonecli quiz alpha --type ") == ["single", "multiple", "true-false", "order",
                                                                   "match", "numeric"]
    assert complete(runner, "hormonecli quiz beta --type ") == ["single"]


def test_glossary_terms_complete_in_the_case_typed_and_word_by_word(runner):
    assert complete(runner, "hormonecli define GnR") == ["GnRH"]
    assert complete(runner, "hormonecli define gnr") == ["gnrh"]
    assert "testosterone" in complete(runner, "hormonecli define free ")  # after the word 'free', the next word
    assert all(" " not in w for w in complete(runner, "hormonecli define f"))


def test_a_content_pack_on_the_line_is_completed_too(runner, fixture_content, tmp_path):
    pack = tmp_path / "pack" / "modules"
    pack.mkdir(parents=True)
    text = (FIXTURE_CONTENT / "modules" / "beta-axis.yaml").read_text()
    text = text.replace("slug: beta-axis", "slug: gamma-axis").replace("aliases: [beta]", "aliases: [gamma]")
    (pack / "gamma-axis.yaml").write_text(text.replace("id: beta-f01", "id: gamma-f01"))
    assert complete(runner, f"hormonecli --content-dir {tmp_path / 'pack'} learn g") == ["gamma-axis", "gamma"]


def test_install_and_show_completion_are_offered(runner):
    assert "--install-completion" in invoke(runner, "--help").stdout
    out = invoke(runner, "--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert "complete -o default -F _hormonecli_completion hormonecli" in out.stdout
    for shell, marker in (("zsh", "compdef _hormonecli_completion hormonecli"), ("fish", "complete --command hormonecli")):
        assert marker in invoke(runner, env={"_HORMONECLI_COMPLETE": f"source_{shell}"}).stdout


def test_zsh_and_fish_get_the_same_names(runner, fixture_content):
    zsh = invoke(runner, env={"_HORMONECLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "hormonecli learn a"})
    assert '"alpha-axis"' in zsh.stdout and '"alpha"' in zsh.stdout and "beta" not in zsh.stdout
    fish = invoke(runner, env={"_HORMONECLI_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                               "_TYPER_COMPLETE_ARGS": "hormonecli learn a"})
    assert fish.stdout.split() == ["alpha-axis", "alpha"]


@pytest.fixture
def path_with_hormonecli(tmp_path):
    """A PATH on which `hormonecli` is this checkout's, as the installed script would be."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "hormonecli"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m hormonecli "$@"\n')
    script.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


def bash_completes(line: str, env: dict) -> list[str]:
    """Source the generated bash script and call its completion function as bash would on Tab."""
    script = ('eval "$(_HORMONECLI_COMPLETE=source_bash hormonecli)"\n'
              f'COMP_WORDS=({line}); COMP_CWORD={len(line.split()) - 1}\n'
              '_hormonecli_completion hormonecli\n'
              'printf "%s\\n" "${COMPREPLY[@]}"\n')
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    return out.stdout.split()


def test_the_generated_bash_script_completes(path_with_hormonecli):
    env = {**os.environ, "PATH": path_with_hormonecli}
    assert bash_completes("hormonecli learn h", env) == ["hpg-axis", "hpg", "hypogonadism", "hpa"]
    assert bash_completes("hormonecli define GnR", env) == ["GnRH"]


def test_tab_in_an_interactive_bash(path_with_hormonecli, tmp_path):
    import pexpect

    env = {**os.environ, "PATH": path_with_hormonecli, "PS1": "$ ", "TERM": "dumb", "INPUTRC": "/dev/null"}
    bash = pexpect.spawn("bash", ["--norc", "--noprofile"], env=env, encoding="utf-8", timeout=30,
                         dimensions=(24, 200))
    try:
        bash.sendline('eval "$(_HORMONECLI_COMPLETE=source_bash hormonecli)"; echo READY')
        bash.expect("READY")
        bash.send("hormonecli define GnR\t")
        bash.expect("GnRH ")
        bash.sendline("")  # the completed line runs
        bash.expect("gonadotropin-releasing hormone")
        bash.expect(r"\$ ")
        bash.send("hormonecli learn h\t\t")
        bash.expect("hypogonadism")
        bash.sendcontrol("c")
    finally:
        bash.close(force=True)
