"""The lesson commands as a user runs them: output, exit codes, one-line errors, hostile input."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import FIXTURE_CONTENT, invoke, run_cli, strip_ansi


def test_welcome_lists_modules_and_the_notice(runner):
    out = invoke(runner)
    assert out.exit_code == 0
    assert "Educational only, not medical advice" in out.stdout
    for slug in ("hpg-axis", "somatotropic-axis", "dhea-cortisol", "bone-remodeling", "sarcopenia", "myokines"):
        assert slug in out.stdout
    assert "hormonecli learn hpg-axis" in out.stdout


def test_help_carries_the_safety_epilog(runner):
    out = invoke(runner, "--help")
    assert out.exit_code == 0
    assert "not medical advice" in out.stdout and "no doses" in out.stdout


def test_version(runner):
    from hormonecli import __version__

    out = invoke(runner, "--version")
    assert out.stdout.strip() == f"hormonecli {__version__}"


def test_list_json(runner):
    out = invoke(runner, "list", "--json")
    assert out.exit_code == 0
    doc = json.loads(out.stdout)
    assert doc["format"] == 1
    data = doc["modules"]
    hpg = next(d for d in data if d["slug"] == "hpg-axis")
    assert {"hpg", "testosterone"} <= set(hpg["aliases"])
    assert set(hpg["levels"]) == {"fundamentals", "intermediate", "academic"}
    assert hpg["questions"] >= 20 and hpg["pages"] == sum(lv["pages"] for lv in hpg["levels"].values())
    assert hpg["pages_read"] == 0 == sum(lv["pages_read"] for lv in hpg["levels"].values())
    assert [d["slug"] for d in data][:2] == ["hpg-axis", "somatotropic-axis"]


def test_learn_print_writes_the_whole_module_without_escapes(runner):
    out = invoke(runner, "learn", "hpg", "--print")
    assert out.exit_code == 0
    assert "\x1b[" not in out.stdout
    assert out.stdout.count("The HPG axis · fundamentals · page") == 5
    assert "The HPG axis · academic · page 4/4" in out.stdout
    assert "Diagram" in out.stdout and "Evidence:" in out.stdout and "References" in out.stdout


def test_learn_level_and_page_selection(runner):
    out = invoke(runner, "learn", "hpg-axis", "--level", "academic", "--print")
    assert "· academic · page 1/" in out.stdout and "· fundamentals ·" not in out.stdout
    out = invoke(runner, "learn", "hpg-axis", "--page", "aromatase-and-estradiol", "--print")
    assert out.stdout.count("· page ") == 1 and "intermediate" in out.stdout
    out = invoke(runner, "learn", "hpg-axis", "--level", "int", "--page", "2", "--print")
    assert "· intermediate · page 2/" in out.stdout


def test_forced_colour_keeps_escapes(runner):
    out = run_cli("learn", "hpg", "--page", "1", "--level", "fundamentals", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert out.returncode == 0 and "\x1b[" in out.stdout


@pytest.mark.parametrize("args, message", [
    (("learn", "hpgg"), "hormonecli: error: no module named 'hpgg'; did you mean 'hpg-axis'? (see 'hormonecli list')"),
    (("learn", "osteoprosis"), "hormonecli: error: no module named 'osteoprosis'; did you mean 'bone-remodeling'? (see 'hormonecli list')"),
    (("learn", "hpg", "--level", "expert"), "hormonecli: error: unknown level 'expert'; choose fundamentals, intermediate or academic"),
    (("learn", "hpg", "--page", "99", "--level", "academic"), "hormonecli: error: page 99 is out of range: hpg-axis · academic has 4 pages"),
    (("define", "zzzzqqqq"), "hormonecli: error: no glossary entry for 'zzzzqqqq'"),
])
def test_usage_errors_are_one_line_exit_2(runner, args, message):
    out = invoke(runner, *args)
    assert out.exit_code == 2
    assert out.stderr.strip() == message
    assert out.stdout == ""


def test_ctrl_c_inside_any_command_is_one_error_line_exit_130(runner, fixture_content, monkeypatch):
    from hormonecli.courseware import lint

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(lint, "validate", interrupted)
    out = invoke(runner, "validate")
    assert out.exit_code == 130
    assert out.stderr == "hormonecli: error: interrupted\n"


def test_unknown_option_is_a_usage_error():
    out = run_cli("learn", "hpg", "--bogus")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "No such option" in out.stderr and "Traceback" not in out.stderr


def test_define_shows_aliases_and_where_taught(runner):
    out = invoke(runner, "define", "GnRH")
    assert out.exit_code == 0
    assert "gonadotropin-releasing hormone" in out.stdout.lower()
    assert "hormonecli learn hpg-axis --page the-cascade" in out.stdout
    for spelling in ("gnrh", "GNRH", "gonadotropin releasing hormone"):
        assert invoke(runner, "define", spelling).exit_code == 0, spelling


def test_define_drug_terms_show_a_status_tag(runner):
    for term in ("sermorelin", "ipamorelin", "CJC-1295", "anastrozole", "gonadorelin", "DHEA", "TRT", "MHT"):
        out = invoke(runner, "define", term)
        assert out.exit_code == 0, term
        assert "Status:" in out.stdout, term


def test_markup_and_escape_codes_in_content_are_shown_literally(tmp_path):
    pack = tmp_path / "pack" / "modules"
    pack.mkdir(parents=True)
    text = (FIXTURE_CONTENT / "modules" / "beta-axis.yaml").read_text()
    text = text.replace("slug: beta-axis", "slug: evil-axis").replace("aliases: [beta]", "aliases: [evil]")
    text = text.replace("id: beta-f01", "id: evil-f01")
    text = text.replace("blocks: [{p: Beta middle.}]", 'blocks: [{p: "[bold]not bold[/] and \\e[31mnot red\\e[0m [/]"}]')
    (pack / "evil-axis.yaml").write_text(text)
    out = run_cli("--content-dir", str(tmp_path / "pack"), "learn", "evil", "--page", "middle",
                  env={"HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT), "FORCE_COLOR": "1"})
    assert out.returncode == 0, out.stderr
    plain = strip_ansi(out.stdout)
    assert "[bold]not bold[/]" in plain
    assert "\\x1b[31mnot red\\x1b[0m [/]" in plain
    assert "\x1b[31m" not in out.stdout


def test_markup_and_escapes_in_arguments_are_shown_literally(runner):
    out = invoke(runner, "learn", "[bold]x[/]\x1b[31m")
    assert out.exit_code == 2
    assert "'[bold]x[/]\\x1b[31m'" in out.stderr
    assert "\x1b" not in out.stderr


def test_no_color_and_plain(runner):
    out = run_cli("learn", "hpg", "--page", "1", "--level", "fundamentals", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    import re

    assert not re.search(r"\x1b\[[0-9;]*(?:3[0-8]|9[0-7])[;m]", out.stdout)  # styles may stay; colours may not
    out = run_cli("--plain", "learn", "hpg", "--page", "1", "--level", "fundamentals")
    assert out.returncode == 0
    assert not any(ch in out.stdout for ch in "╭╮╰╯│─▼⊣")
    assert "Step 1: Hypothalamus. To step 2: GnRH in pulses." in out.stdout
    assert "Feedback: Testes inhibits Hypothalamus" in out.stdout
    assert not any(ch in out.stdout for ch in "+|")  # no ASCII boxes either


@pytest.mark.parametrize("module", ["hpg-axis", "somatotropic-axis", "dhea-cortisol", "bone-remodeling",
                                    "sarcopenia", "myokines"])
def test_forty_columns_cuts_nothing(module):
    out = run_cli("learn", module, "--print", env={"COLUMNS": "40"})
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert "…" not in out.stdout  # nothing truncated with an ellipsis
    from hormonecli.courseware.content import Content

    squashed = "".join(out.stdout.split())
    for page in Content().library.module(module).pages:  # every title appears whole, however it wrapped
        assert "".join(page.title.split()) in squashed, page.title


def test_unwritable_state_dir_still_teaches(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    # root ignores permission bits, so also use a place nobody can create folders in (/proc)
    home = locked / "home" if os.geteuid() != 0 else "/proc/hormonecli-cannot-exist/home"
    try:
        out = run_cli("learn", "hpg", "--page", "1", env={"HORMONECLI_HOME": str(home)})
    finally:
        locked.chmod(0o700)
    assert out.returncode == 0
    assert "Hypothalamus" in out.stdout
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("hormonecli: warning:")


def test_state_path_that_is_a_file_still_teaches(tmp_path):
    blocker = tmp_path / "home"
    blocker.write_text("not a directory")
    out = run_cli("learn", "hpg", "--page", "1", env={"HORMONECLI_HOME": str(blocker)})
    assert out.returncode == 0
    assert "Hypothalamus" in out.stdout
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("hormonecli: warning:")
    assert "progress will not be saved" in out.stderr


@pytest.mark.parametrize("args", [("learn", "hpg", "--print"), ("search", "myokines"), ("list",)])
@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_a_closed_pipe_ends_quietly(args, unbuffered):
    """`hormonecli ... | head -1`: no traceback, nothing on stderr, status 1 (as Click and Rich do)."""
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    p1 = subprocess.Popen([sys.executable, "-m", "hormonecli", *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env)
    first = p1.stdout.readline()
    p1.stdout.close()  # the reader goes away after one line
    err = p1.stderr.read().decode()
    p1.wait(timeout=60)
    assert first
    assert err == ""
    assert p1.returncode in (0, 1)  # 0 when all output fit in the pipe before it closed


def test_installed_content_is_found_from_another_directory(tmp_path):
    out = run_cli("list", cwd=str(tmp_path))
    assert out.returncode == 0 and "hpg-axis" in out.stdout


def test_welcome_suggests_review_when_due_else_the_latest_module(runner):
    from hormonecli import review
    from hormonecli.store import default_store

    store = default_store()
    store.set_position("hpg-axis", "fundamentals", "the-cascade")
    store.set_position("myokines", "fundamentals", "muscle-as-a-gland")
    out = invoke(runner)
    assert "Next: hormonecli learn myokines   (where you left off · fundamentals 1/4)" in out.stdout
    store.record_answer("hpg-f01", "hpg-axis", "fundamentals", False, "{}",
                        schedule=review.schedule_fn(review.AGAIN))
    store.close()
    out = invoke(runner)
    assert "Reviews due: 1" in out.stdout
    assert "Next: hormonecli review   (1 question due)" in out.stdout


def test_escape_codes_anywhere_in_a_pack_are_shown_never_sent(tmp_path):
    """Titles, term names, link labels, references and quiz options: all shown as text (\\x1b)."""
    import shutil

    pack = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, pack)
    mod = pack / "modules" / "alpha-axis.yaml"
    text = mod.read_text()
    text = text.replace("title: The alpha axis", 'title: "The \\e[31malpha axis"')
    text = text.replace("title: Overview", 'title: "Over\\e[2Jview"')
    text = text.replace("{text: The gland, correct: true", '{text: "The \\e[5mgland", correct: true')
    mod.write_text(text)
    (pack / "glossary" / "test.yaml").write_text((pack / "glossary" / "test.yaml").read_text().replace(
        "term: Gland", 'term: "Gl\\e]0;pwned\\aand"'))
    (pack / "references" / "test.yaml").write_text((pack / "references" / "test.yaml").read_text().replace(
        "authors: Doe J, Roe R", 'authors: "Doe J\\e[8m, Roe R"'))
    env = {"HORMONECLI_BUILTIN_CONTENT": str(pack)}
    for args, input_ in ((["learn", "alpha", "--print"], None), (["list"], None),
                         (["define", "alpha gland"], None), (["quiz", "alpha", "--type", "single"], "b\n")):
        out = run_cli(*args, env=env, input=input_)
        assert out.returncode == 0, (args, out.stderr)
        assert "\x1b" not in out.stdout + out.stderr, args
        assert "\\x1b" in out.stdout, args


def test_welcome_does_not_count_reviews_of_questions_gone_from_the_content(runner):
    from hormonecli import review
    from hormonecli.store import default_store

    store = default_store()
    store.record_answer("no-such-question", "hpg-axis", "fundamentals", False, "{}",
                        schedule=review.schedule_fn(review.AGAIN))
    store.close()
    out = invoke(runner)
    assert "Reviews due: 0" in out.stdout
    assert len(default_store().answers("no-such-question")) == 1  # the history is kept


def test_bare_learn_resumes_the_last_module_or_says_how_to_start(runner):
    out = invoke(runner, "learn")
    assert out.exit_code == 2
    assert out.stderr.strip() == ("hormonecli: error: which module? start with 'hormonecli learn hpg-axis', "
                                  "or see 'hormonecli list'")
    from hormonecli.store import default_store

    store = default_store()
    store.set_position("bone-remodeling", "intermediate", "rankl-rank-opg")
    store.close()
    out = invoke(runner, "learn", "--level", "intermediate", "--print")
    assert out.exit_code == 0 and "Bone remodelling · intermediate · page 1/" in out.stdout


def test_looking_around_creates_no_state(runner, _home):
    for args in ([], ["list"], ["list", "--json"]):
        assert invoke(runner, *args).exit_code == 0
    assert not (_home / "state.db").exists()
    out = invoke(runner)
    assert "Reviews due: 0" in out.stdout


def test_terms_are_capitalised_at_a_sentence_start_but_mixed_case_names_are_kept():
    from hormonecli.courseware.content import Content
    from hormonecli.render.text import Inline

    lib = Content().library
    inline = Inline(lib)
    assert inline("{sarcopenia} is common.").plain.startswith("Sarcopenia is")
    assert inline("{mtorc1} is a switch.").plain.startswith("mTORC1 is")
    assert inline("Older adults and {sarcopenia}.").plain == "Older adults and sarcopenia."
