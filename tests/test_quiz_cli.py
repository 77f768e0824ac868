"""`quiz`, `review` and `progress` through the CLI: piped answers, JSON, errors, faults."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import invoke, run_cli, strip_ansi


@pytest.fixture(autouse=True)
def _fixture_content(fixture_content):
    return fixture_content


def layout(runner, *args):
    """The questions of a quiz as --json shows them (no answers given)."""
    out = invoke(runner, "quiz", *args, "--json", input="")
    assert out.exit_code == 0, out.stderr
    return json.loads(out.stdout)["questions"]


def by_slug(data: dict) -> dict:
    """progress --json lists modules in course order; index them by slug."""
    return {m["slug"]: m for m in data["modules"]}


def progress_json(runner):
    out = invoke(runner, "progress", "--json")
    assert out.exit_code == 0, out.stderr
    return json.loads(out.stdout)


def test_piped_answers_run_to_the_end_and_are_saved(runner):
    out = invoke(runner, "quiz", "alpha", "--type", "single", "--seed", "1", input="a\n")
    assert out.exit_code == 0, out.stderr
    text = strip_ansi(out.stdout)
    assert "Question 1/1" in text and "answer> a" in text
    assert ("Right." in text) != ("Wrong." in text)
    assert "Read: hormonecli learn alpha-axis --page overview" in text
    assert "Score: " in text and "Reviews due now:" in text
    data = progress_json(runner)
    assert by_slug(data)["alpha-axis"]["answered"] == 1


def test_feedback_names_the_correct_letter_the_learner_saw(runner):
    [item] = layout(runner, "alpha", "--type", "single", "--seed", "4")
    right = next(c["label"] for c in item["choices"] if c["text"] == "The gland")
    wrong = next(c["label"] for c in item["choices"] if c["text"] == "The brain")
    out = invoke(runner, "quiz", "alpha", "--type", "single", "--seed", "4", input=f"{wrong}\n")
    text = strip_ansi(out.stdout)
    assert "Wrong. You answered " + wrong in text
    assert f"Correct answer: {right}) The gland" in text
    assert "The brain sends the releasing hormone." in text  # why the chosen one is wrong
    assert "The gland makes alpha." in text                 # why the correct one is right
    assert "Missed:" in text and "alpha-f01" in text


@pytest.mark.parametrize("bad", ["", "   ", "zzz", "ｚ", "ä", "🙂🙂", "x" * 10_000, "[bold red]boom[/]", "\x1b[2J"])
def test_invalid_input_is_asked_again_and_never_counted(runner, bad):
    out = invoke(runner, "quiz", "alpha", "--type", "tf", "--seed", "1", input=f"{bad}\nf\n")
    assert out.exit_code == 0, out.stderr
    text = strip_ansi(out.stdout)
    assert "? " in text and "answer a (true) or b (false)" in text
    assert "Right." in text and "Score: 1/1" in text
    assert "\x1b[2J" not in out.stdout
    if bad.startswith("[bold"):
        assert "[bold red]boom[/]" in text  # shown as typed, never read as markup
    assert by_slug(progress_json(runner))["alpha-axis"]["answered"] == 1


def test_end_of_input_mid_quiz_keeps_every_answer(runner):
    first = layout(runner, "alpha", "--level", "all", "--count", "6", "--seed", "2")[0]["type"]
    one = {"multiple": "a b", "order": "a b c", "match": "1a 2b 3c", "numeric": "40"}.get(first, "a")
    out = invoke(runner, "quiz", "alpha", "--level", "all", "--count", "6", "--seed", "2", input=f"{one}\nb\n")
    assert out.exit_code == 0, out.stderr
    text = strip_ansi(out.stdout)
    assert "ended early" in text
    answered = sum(1 for line in text.splitlines() if line.startswith(("✓ Right.", "✗ Wrong.", "✗ Partly right.")))
    data = by_slug(progress_json(runner))["alpha-axis"]
    assert data["answered"] == answered >= 1


def test_json_quiz_reports_every_question_and_each_answer(runner):
    questions = layout(runner, "alpha", "--level", "all", "--seed", "7", "--count", "6")
    assert len(questions) == 6 and {q["type"] for q in questions} == {
        "single", "multiple", "true-false", "order", "match", "numeric"}
    tf = next(i for i, q in enumerate(questions) if q["type"] == "true-false")
    answers = ["nonsense"]
    lines = []
    for item in questions:
        lines.append({"single": "a", "multiple": "a b", "true-false": "f", "order": "a b c",
                      "match": "1a 2b 3c", "numeric": "40"}[item["type"]])
    out = invoke(runner, "quiz", "alpha", "--level", "all", "--seed", "7", "--count", "6", "--json",
                 input="\n".join(answers + lines) + "\n")
    data = json.loads(out.stdout)
    assert out.exit_code == 0 and data["answered"] == 6 and data["invalid_inputs"] == 1
    assert data["questions"][tf]["correct"] is True and data["questions"][tf]["expected"] == "b"
    order = next(q for q in data["questions"] if q["type"] == "order")
    assert order["correct"] is False  # the shown order is never the answer
    assert by_slug(progress_json(runner))["alpha-axis"]["answered"] == 6


@pytest.mark.parametrize("args,message", [
    (["quiz", "nope"], "hormonecli: error: no module named 'nope'"),
    (["quiz", "alpha", "--type", "essay"], "hormonecli: error: unknown question type 'essay'"),
    (["quiz", "alpha", "--level", "expert"], "hormonecli: error: unknown level 'expert'"),
    (["quiz", "beta", "--type", "numeric"], "hormonecli: error: no questions match: beta-axis · numeric"),
    (["quiz", "alpha", "--count", "0"], "hormonecli: error: Invalid value for '--count'"),
    (["review", "--module", "nope"], "hormonecli: error: no module named 'nope'"),
    (["progress", "--reset"], "hormonecli: error: --reset asks before forgetting; add --yes"),
])
def test_usage_errors_are_one_line_and_exit_2(runner, args, message):
    out = invoke(runner, *args, input="")
    assert out.exit_code == 2
    assert out.stderr.startswith(message) and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr


def test_review_after_a_quiz_shows_the_missed_question(runner):
    [item] = layout(runner, "alpha", "--type", "single", "--seed", "3")
    wrong = next(c["label"] for c in item["choices"] if c["text"] != "The gland")
    invoke(runner, "quiz", "alpha", "--type", "single", "--seed", "3", input=f"{wrong}\n")
    welcome = strip_ansi(invoke(runner).stdout)
    assert "Reviews due: 1" in welcome
    out = invoke(runner, "review", input="")
    text = strip_ansi(out.stdout)
    assert out.exit_code == 0
    assert "Question 1/1 · alpha-axis" in text and "Which organ releases alpha?" in text
    right = strip_ansi(invoke(runner, "review", "--json", input="The gland\n").stdout)
    # 'The gland' is not an answer form: asked again, then EOF ends the review cleanly
    assert json.loads(right)["invalid_inputs"] == 1 and json.loads(right)["answered"] == 0


def test_review_when_nothing_is_due_says_when_the_next_one_is(runner):
    out = invoke(runner, "review")
    assert out.exit_code == 0 and "Nothing to review yet" in out.stdout
    invoke(runner, "quiz", "alpha", "--type", "numeric", input="40\n")
    out = invoke(runner, "review")
    text = strip_ansi(out.stdout)
    assert out.exit_code == 0 and "Nothing is due." in text and "Next review: in " in text
    assert "--cram" in text


def test_review_answers_move_the_card_and_cram_does_not(runner):
    invoke(runner, "quiz", "alpha", "--type", "numeric", input="99\n")  # wrong: due now
    from hormonecli.store import default_store

    before = default_store().cards()["alpha-a01"]
    out = invoke(runner, "review", "--cram", input="99\n")
    assert out.exit_code == 0 and "Cram: 0/1" in strip_ansi(out.stdout)
    assert default_store().cards()["alpha-a01"] == before
    out = invoke(runner, "review", input="40\n")
    assert "Review: 1/1" in strip_ansi(out.stdout)
    after = default_store().cards()["alpha-a01"]
    assert after[1] > before[1] + 3600
    alpha = by_slug(progress_json(runner))["alpha-axis"]
    assert (alpha["answered"], alpha["correct"]) == (3, 1)


def test_progress_text_and_json(runner):
    invoke(runner, "quiz", "alpha", "--type", "numeric", input="40\n")
    invoke(runner, "quiz", "beta", input="zzz\n")
    data = progress_json(runner)
    alpha = by_slug(data)["alpha-axis"]
    assert (alpha["answered"], alpha["correct"], alpha["due"]) == (1, 1, 0)
    assert alpha["levels"]["academic"]["answered"] == 1
    assert by_slug(data)["beta-axis"]["answered"] == 0
    assert set(alpha) >= {"answered", "correct", "due", "pages_read"}
    text = strip_ansi(invoke(runner, "progress").stdout)
    assert "alpha-axis" in text and "100%" in text and "Reviews due: 0  · next in " in text
    one = json.loads(invoke(runner, "progress", "beta", "--json").stdout)
    assert [m["slug"] for m in one["modules"]] == ["beta-axis"]


def test_progress_reset_one_module_or_all(runner):
    invoke(runner, "quiz", "alpha", "--type", "numeric", input="40\n")
    invoke(runner, "quiz", "beta", input="a\n")
    out = invoke(runner, "progress", "--reset", "alpha", "--yes")
    assert out.exit_code == 0 and out.stdout.startswith("Reset alpha-axis: forgot 1 answer, 1 review card")
    data = progress_json(runner)
    assert by_slug(data)["alpha-axis"]["answered"] == 0 and by_slug(data)["beta-axis"]["answered"] == 1
    assert invoke(runner, "progress", "--reset", "-y").exit_code == 0
    assert by_slug(progress_json(runner))["beta-axis"]["answered"] == 0


def test_a_corrupt_database_is_moved_aside_and_the_quiz_goes_on(runner, _home):
    _home.mkdir(parents=True)
    (_home / "state.db").write_bytes(b"\x00garbage" * 500)
    out = invoke(runner, "quiz", "alpha", "--type", "numeric", input="40\n")
    assert out.exit_code == 0
    assert out.stderr.startswith("hormonecli: warning: the state database was unreadable and has been moved to")
    assert out.stderr.count("\n") == 1
    assert by_slug(progress_json(runner))["alpha-axis"]["answered"] == 1


def test_an_unusable_state_directory_warns_once_and_the_quiz_still_runs(runner, _home):
    _home.parent.mkdir(parents=True, exist_ok=True)
    _home.write_text("a file, not a directory")
    out = invoke(runner, "quiz", "alpha", "--type", "numeric", input="40\n")
    assert out.exit_code == 0 and "Right." in out.stdout
    assert out.stderr.startswith("hormonecli: warning: cannot create the state directory")
    assert "progress will not be saved" in out.stderr and out.stderr.count("\n") == 1
    out = invoke(runner, "review")
    assert out.exit_code == 1 and out.stderr.startswith("hormonecli: error: cannot create the state directory")
    assert out.stderr.count("\n") == 1


def test_a_stored_question_missing_from_the_content_is_kept_and_never_shown(runner):
    from hormonecli import review as rv
    from hormonecli.store import default_store

    s = default_store()
    s.record_answer("alpha-old99", "alpha-axis", "fundamentals", False, "{}", schedule=rv.schedule_fn(rv.AGAIN))
    s.record_answer("gone-f01", "gone-module", "fundamentals", True, "{}", schedule=rv.schedule_fn(rv.AGAIN))
    s.close()
    out = invoke(runner, "review", input="")
    assert out.exit_code == 0 and out.stdout.startswith("Nothing to review") and "old99" not in out.stdout
    data = progress_json(runner)
    assert "gone-module" not in by_slug(data) and data["due"] == 0
    assert invoke(runner, "progress").exit_code == 0
    assert len(default_store().answers()) == 2  # history kept


def test_piped_quiz_as_a_real_process():
    from conftest import FIXTURE_CONTENT

    proc = run_cli("quiz", "alpha", "--count", "3", "--seed", "1", input="a\nb\nc\n",
                   env={"HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and "Score:" in proc.stdout


def test_the_core_imports_neither_rich_nor_typer_and_render_no_sqlite():
    code = ("import sys; import hormonecli.quiz, hormonecli.review, hormonecli.store, hormonecli.progress; "
            "bad = [m for m in ('rich', 'typer') if m in sys.modules]; "
            "import hormonecli.review as r; r.scheduler(); "
            "bad += [m for m in ('rich', 'typer') if m in sys.modules]; print(bad)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
    code = "import sys, hormonecli.render.quiz; print('sqlite3' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_json_says_how_the_quiz_ended(fixture_content):
    import json as _json

    from conftest import run_cli

    env = {"HORMONECLI_BUILTIN_CONTENT": str(fixture_content)}
    ends = {}
    for name, answers in (("eof", "a\n"), ("quit", "a\nq\n")):
        out = run_cli("quiz", "alpha", "--count", "3", "--seed", "1", "--json", input=answers, env=env)
        assert out.returncode == 0, out.stderr
        ends[name] = _json.loads(out.stdout)["ended_by"]
    assert ends == {"eof": "end of input", "quit": "quit"}


def test_quiz_question_asks_that_one_question_and_saves_its_answer(runner):
    """The command every search hit and missed-question line suggests: `quiz --question ID`."""
    asked = layout(runner, "--question", "alpha-f01", "--seed", "3")
    assert [q["id"] for q in asked] == ["alpha-f01"]
    right = next(c["label"] for c in asked[0]["choices"] if c["text"] == "The gland")
    out = invoke(runner, "quiz", "--question", "alpha-f01", "--seed", "3", input=f"{right}\n")
    assert out.exit_code == 0, out.stderr
    assert strip_ansi(out.stdout).count("Question 1/1") == 1 and "Score: 1/1" in strip_ansi(out.stdout)
    assert by_slug(progress_json(runner))["alpha-axis"]["answered"] == 1
    beta = layout(runner, "--question", "beta-f01")
    assert [q["id"] for q in beta] == ["beta-f01"]
    other = invoke(runner, "quiz", "beta", "--question", "alpha-f01")
    assert other.exit_code == 2 and "belongs to alpha-axis, not beta-axis" in other.stderr
    assert invoke(runner, "quiz", "alpha", "--question", "alpha-f01", input="").exit_code == 0
    wrong = invoke(runner, "quiz", "--question", "alpha-f0")
    assert wrong.exit_code == 2 and wrong.stderr.count("\n") == 1
    assert wrong.stderr.startswith("hormonecli: error: no question 'alpha-f0'; did you mean 'alpha-f0")
