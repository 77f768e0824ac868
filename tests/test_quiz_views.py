"""The quiz views: how many to choose, feedback on every option with partial credit, and the
learner's answer beside the key for order and match (engine results, drawn at 80 columns)."""
from __future__ import annotations

import dataclasses
import io
import json
import random

import pytest

from conftest import FIXTURE_CONTENT, invoke, strip_ansi
from hormonecli.quiz import engine as q
from hormonecli.render.commands import Commands
from hormonecli.render.quiz import feedback_view, question_view
from hormonecli.render.text import Inline, Style, make_console


@pytest.fixture(scope="module")
def library():
    from hormonecli.courseware.library import load

    lib, _ = load([FIXTURE_CONTENT])
    return lib


def question(library, qid, **change):
    found = next(x for mod in library.modules for x in mod.questions if x.id == qid)
    return dataclasses.replace(found, **change) if change else found


def draw(library, renderable) -> str:
    console = make_console(file=io.StringIO(), width=80, plain=False, no_color=True)
    console.print(renderable)
    return strip_ansi(console.file.getvalue())


def answer(library, quest, text_of):
    pres = q.present(quest, random.Random(3))
    result = q.grade(pres, q.parse(pres, text_of(pres)))
    return pres, result, draw(library, feedback_view(Inline(library), result, Style(), Commands()))


def test_a_multiple_answer_question_says_how_many_and_takes_exactly_that(library):
    pres = q.present(question(library, "alpha-f02"), random.Random(3))
    shown = draw(library, question_view(Inline(library), pres, 1, 1, Style()))
    assert "Which are parts of the cascade?  (choose 2)" in shown
    assert "choose 2: answer with 2 letters" in shown
    one = next(c.label for c in pres.choices if c.correct)
    with pytest.raises(q.InvalidAnswer, match="you chose 1; choose 2"):
        q.parse(pres, one)
    with pytest.raises(q.InvalidAnswer, match="you chose 3"):
        q.parse(pres, "a b c")


def test_all_that_apply_takes_any_number_and_credits_right_less_wrong(library):
    quest = question(library, "alpha-f02", prompt="Which are parts of the cascade? Choose all that apply.")
    pres = q.present(quest, random.Random(3))
    shown = draw(library, question_view(Inline(library), pres, 1, 1, Style()))
    assert "(choose all that apply)" in shown and "every letter that applies" in shown
    right = [c.label for c in pres.choices if c.correct]
    wrong = next(c.label for c in pres.choices if not c.correct)
    assert q.grade(pres, q.parse(pres, right[0])).credit == 0.5
    assert q.grade(pres, q.parse(pres, " ".join(right + [wrong]))).credit == 0.5
    assert q.grade(pres, q.parse(pres, f"{right[0]} {wrong}")).credit == 0.0
    assert q.grade(pres, q.parse(pres, " ".join(right))).credit == 1.0


def test_every_option_gets_feedback_and_partial_credit_is_shown(library):
    def half(pres):
        return f"{next(c.label for c in pres.choices if c.correct)} {next(c.label for c in pres.choices if not c.correct)}"

    pres, result, shown = answer(library, question(library, "alpha-f02"), half)
    assert result.credit == 0.5 and not result.correct
    assert "✗ Partly right. You answered" in shown and "Credit: 50%." in shown
    assert {n.tag for n in result.notes} == {"chosen-right", "chosen-wrong", "missed"}
    for c in pres.choices:  # each option: marked, and its why
        assert f"{c.label}) {c.text}" in shown and c.why in shown
    assert "[chosen · it is right]" in shown and "[chosen · it is wrong]" in shown and "[not chosen · it is right]" in shown


def test_order_feedback_shows_the_learners_answer_beside_the_key(library):
    pres, result, shown = answer(library, question(library, "alpha-i01"),
                                 lambda p: " ".join(p.by_index(i).label for i in (1, 0, 2)))
    first, second = pres.by_index(0), pres.by_index(1)
    assert f"✗ 1. {first.label}) {first.text}  ← you: {second.label}) {second.text}" in shown
    assert f"✓ 3. {pres.by_index(2).label}) {pres.by_index(2).text} [in place]" in shown
    assert "Credit: 33%" in shown


def test_match_feedback_shows_the_learners_pair_beside_the_key(library):
    pres, result, shown = answer(library, question(library, "alpha-i02"),
                                 lambda p: " ".join(f"{n}{p.by_index(i).label}" for n, i in ((1, 1), (2, 0), (3, 2))))
    a, b = pres.by_index(0), pres.by_index(1)
    assert f"✗ 1{a.label}) Brain → Sends the releasing hormone  ← you: 1{b.label}) Makes alpha" in shown
    assert "[in place]" in shown and result.credit == pytest.approx(1 / 3)


def test_json_carries_how_many_to_choose_and_the_credit(fixture_content, runner):
    layout = json.loads(invoke(runner, "quiz", "alpha", "--type", "multiple", "--json", "--seed", "3",
                               input="").stdout)["questions"][0]
    assert layout["choose"] == 2
    labels = [c["label"] for c in layout["choices"]]
    out = invoke(runner, "quiz", "alpha", "--type", "multiple", "--json", "--seed", "3",
                 input=f"{labels[0]} {labels[1]}\n")
    item = json.loads(out.stdout)["questions"][0]
    assert item["credit"] in (0.5, 1.0) and (item["credit"] == 1.0) is item["correct"]
