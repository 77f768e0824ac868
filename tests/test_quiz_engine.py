"""The pure quiz engine: presenting, parsing every answer form, grading, the state machine."""
from __future__ import annotations

import random

import pytest

from conftest import FIXTURE_CONTENT
from hormonecli.errors import UsageError
from hormonecli.quiz import engine as q
from hormonecli.render.commands import Commands


@pytest.fixture(scope="module")
def library():
    from hormonecli.courseware.library import load

    lib, findings = load([FIXTURE_CONTENT])
    assert not [f for f in findings if f.severity == "error"]
    return lib


@pytest.fixture(scope="module")
def by_id(library):
    return {x.id: x for mod in library.modules for x in mod.questions}


def presented(by_id, qid, seed=1):
    return q.present(by_id[qid], random.Random(seed))


def label_of(pres, index):
    return pres.by_index(index).label


# -- answer forms ---------------------------------------------------------------------

def test_single_by_letter_and_by_number(by_id):
    pres = presented(by_id, "alpha-f01")
    right = label_of(pres, 0)  # "The gland" is written first and is the correct one
    number = str(pres.choices.index(pres.by_index(0)) + 1)
    for text in (right, right.upper(), f" {right}) ", number):
        result = q.grade(pres, q.parse(pres, text))
        assert result.correct, text
    wrong = next(c.label for c in pres.choices if not c.correct)
    assert not q.grade(pres, q.parse(pres, wrong)).correct


@pytest.mark.parametrize("text", ["", "   ", "z", "9", "0", "a b", "ab", "hello world", "x" * 10_000,
                                  "\x1b[31ma", "ä", "🙂", "-1", "1.5"])
def test_single_rejects_nonsense_with_a_hint(by_id, text):
    pres = presented(by_id, "alpha-f01")
    with pytest.raises(q.InvalidAnswer) as err:
        q.parse(pres, text)
    msg = str(err.value)
    assert "\n" not in msg and len(msg) < 160
    assert "a-c" in msg or "too long" in msg


def test_fullwidth_unicode_letters_are_read_as_ascii(by_id):
    pres = presented(by_id, "alpha-f01")
    full = chr(ord("ａ") + "abc".index(label_of(pres, 0)))
    assert q.grade(pres, q.parse(pres, full)).correct


@pytest.mark.parametrize("form", ["{0} {1}", "{0}{1}", "{0},{1}", "{1} {0}", "{n0},{n1}", "{n0} {n1}", "{n0}{n1}",
                                  "{0} and {1}"])
def test_multiple_answer_forms(by_id, form):
    pres = presented(by_id, "alpha-f02")
    right = sorted((c for c in pres.choices if c.correct), key=lambda c: c.label)
    nums = [str(pres.choices.index(c) + 1) for c in right]
    text = form.format(right[0].label, right[1].label, n0=nums[0], n1=nums[1])
    result = q.grade(pres, q.parse(pres, text))
    assert result.correct, text
    assert result.expected == " ".join(c.label for c in right)


def test_multiple_partial_is_wrong_and_repeats_are_refused(by_id):
    pres = presented(by_id, "alpha-f02")
    right = [c for c in pres.choices if c.correct]
    wrong = next(c for c in pres.choices if not c.correct)
    result = q.grade(pres, q.parse(pres, f"{right[0].label} {wrong.label}"))
    assert not result.correct and result.credit == 0.5
    with pytest.raises(q.InvalidAnswer, match="repeated"):
        q.parse(pres, f"{right[0].label} {right[0].label}")


@pytest.mark.parametrize("text,correct", [("f", True), ("false", True), ("F", True), ("2", True), ("b", True),
                                          ("no", True), ("t", False), ("true", False), ("1", False), ("a", False)])
def test_true_false_forms(by_id, text, correct):
    pres = presented(by_id, "alpha-f03")  # answer: false
    result = q.grade(pres, q.parse(pres, text))
    assert result.correct is correct
    assert result.expected == "b"


@pytest.mark.parametrize("text", ["maybe", "tf", "", "3"])
def test_true_false_nonsense(by_id, text):
    with pytest.raises(q.InvalidAnswer):
        q.parse(presented(by_id, "alpha-f03"), text)


def test_order_compact_and_spaced(by_id):
    pres = presented(by_id, "alpha-i01")
    letters = [label_of(pres, i) for i in range(3)]  # the written order is the right one
    # the shown order is never the answer
    assert [c.index for c in pres.choices] != [0, 1, 2]
    for text in (" ".join(letters), "".join(letters), ",".join(letters).upper()):
        result = q.grade(pres, q.parse(pres, text))
        assert result.correct, text
        assert result.expected == " ".join(letters)
    wrong = q.grade(pres, q.parse(pres, " ".join(reversed(letters))))
    assert not wrong.correct
    assert {n.tag for n in wrong.notes} >= {"misplaced"}
    assert len(wrong.notes) == 3 and all(n.why for n in wrong.notes)


@pytest.mark.parametrize("text", ["a b", "a a b", "a b c d", "a b z", "1 2"])
def test_order_needs_every_letter_once(by_id, text):
    with pytest.raises(q.InvalidAnswer):
        q.parse(presented(by_id, "alpha-i01"), text)


def test_match_forms(by_id):
    pres = presented(by_id, "alpha-i02")
    right = [label_of(pres, i) for i in range(3)]
    for text in (f"1{right[0]} 2{right[1]} 3{right[2]}", f"3{right[2]},1{right[0]},2{right[1]}",
                 f"1-{right[0]} 2={right[1]} 3:{right[2]}", " ".join(right), "".join(right)):
        result = q.grade(pres, q.parse(pres, text))
        assert result.correct, text
    assert result.expected == f"1{right[0]} 2{right[1]} 3{right[2]}"
    wrong = q.grade(pres, q.parse(pres, f"1{right[1]} 2{right[0]} 3{right[2]}"))
    assert not wrong.correct
    assert [n.tag for n in wrong.notes] == ["misplaced", "misplaced", "placed"]


@pytest.mark.parametrize("text", ["1a 2a 3b", "1a 2b", "1a 1b 2c 3a", "4a 1b 2c", "hello", "1a 2b 3c 9"])
def test_match_nonsense(by_id, text):
    with pytest.raises(q.InvalidAnswer):
        q.parse(presented(by_id, "alpha-i02"), text)


@pytest.mark.parametrize("text,correct", [("40", True), ("40%", True), ("40 %", True), ("44.9", True),
                                          ("35", True), ("~42", True), ("40,0", True), ("46", False),
                                          ("-40", False), ("4e1", True)])
def test_numeric_with_tolerance_and_unit(by_id, text, correct):
    pres = presented(by_id, "alpha-a01")  # 40 ± 5 %
    result = q.grade(pres, q.parse(pres, text))
    assert result.correct is correct
    assert result.expected_text == "40 % (±5 accepted)"


@pytest.mark.parametrize("text,value", [
    ("−2.8", -2.8), ("–2.8", -2.8), ("-2,8", -2.8), ("+40", 40), ("about 40", 40), ("≈ 40", 40),
    ("1 000", 1000), ("1\u202f000", 1000), ("1,000,000", 1_000_000), ("12'000", 12000), ("4 × 10^1", 40),
    ("4x10¹", 40), ("4·10^1 %", 40), ("2.8 × 10⁻³", 0.0028), ("４０", 40), ("40 percent", 40),
])
def test_numeric_reads_the_common_ways_of_writing_a_number(by_id, text, value):
    pres = presented(by_id, "alpha-a01")  # 40 ± 5 %
    assert q.parse(pres, text).number == pytest.approx(value)


@pytest.mark.parametrize("text", ["forty", "40 mg", "%", "", "nan", "inf", "1e999", "1,000", "4 × 10^x"])
def test_numeric_nonsense(by_id, text):
    with pytest.raises(q.InvalidAnswer):
        q.parse(presented(by_id, "alpha-a01"), text)


# -- feedback -----------------------------------------------------------------------------

def test_feedback_explains_chosen_and_correct_and_links_the_page(by_id):
    pres = presented(by_id, "alpha-f01")
    wrong = next(c for c in pres.choices if not c.correct)
    result = q.grade(pres, q.parse(pres, wrong.label))
    tags = {n.tag: n for n in result.notes}
    assert tags["chosen-wrong"].label == wrong.label and tags["chosen-wrong"].why == wrong.why
    assert tags["correct"].label == label_of(pres, 0) and tags["correct"].why == "The gland makes alpha."
    assert Commands().learn(*result.question.page_ref) == "hormonecli learn alpha-axis --page overview"
    assert result.expected_text == f"{label_of(pres, 0)}) The gland"


def test_page_command_follows_cross_module_pages(by_id):
    pres = presented(by_id, "beta-f01")
    result = q.grade(pres, q.parse(pres, label_of(pres, 0)))
    assert Commands().learn(*result.question.page_ref) == "hormonecli learn alpha-axis --page overview"
    assert Commands(["my pack"]).learn(*result.question.page_ref) == \
        "hormonecli --content-dir 'my pack' learn alpha-axis --page overview"


# -- the state machine ----------------------------------------------------------------------

def test_quiz_runs_through_states_and_never_counts_invalid_input(library):
    quiz = q.start(library, "alpha", count=3, seed=5, qtype="single")
    assert len(quiz.questions) == 1 and quiz.state == q.ASKING
    with pytest.raises(q.InvalidAnswer):
        quiz.answer("nonsense")
    assert quiz.state == q.ASKING and quiz.results == [] and quiz.invalid == 1
    with pytest.raises(RuntimeError):
        quiz.advance()
    result = quiz.answer(label_of(quiz.current, 0))
    assert result.correct and quiz.state == q.FEEDBACK
    with pytest.raises(RuntimeError):
        quiz.answer("a")
    quiz.advance()
    assert quiz.done and quiz.current is None
    s = quiz.summary()
    assert (s.total, s.answered, s.correct, s.ended_early) == (1, 1, 1, False)


def test_stop_keeps_answers_and_marks_the_quiz_ended_early(library):
    quiz = q.start(library, "all", count=10, seed=2)
    assert len(quiz.questions) == 7
    first = quiz.current
    quiz.answer(next(c.label for c in first.choices if not c.correct) if first.type == "single" else "b")
    quiz.stop()
    s = quiz.summary()
    assert quiz.done and s.answered == 1 and s.ended_early and s.total == 7
    assert sum(lv.answered for lv in s.by_level.values()) == 1


def test_summary_score_by_level_and_missed(library, by_id):
    quiz = q.Quiz([by_id["alpha-f01"], by_id["alpha-a01"]], seed=0)
    quiz.answer(label_of(quiz.current, 0))
    quiz.advance()
    quiz.answer("99")
    quiz.advance()
    s = quiz.summary()
    assert s.by_level["fundamentals"].correct == 1 and s.by_level["academic"].correct == 0
    assert [r.question.id for r in s.missed] == ["alpha-a01"]
    assert list(s.by_level) == ["fundamentals", "academic"]


def test_seed_makes_selection_and_letters_reproducible(library):
    a = q.start(library, "all", count=4, seed=42)
    b = q.start(library, "all", count=4, seed=42)
    assert [x.id for x in a.questions] == [x.id for x in b.questions]
    assert [[c.index for c in p.choices] for p in a.presented] == [[c.index for c in p.choices] for p in b.presented]
    seen = {tuple(c.index for c in q.start(library, "alpha", seed=s, qtype="single").presented[0].choices)
            for s in range(30)}
    assert len(seen) > 1  # different seeds, different shuffles


def test_selection_filters_sorts_by_level_and_resolves_names(library):
    quiz = q.start(library, "first", level="intermediate", seed=1)  # "first" is an alias of alpha-axis
    assert {x.level for x in quiz.questions} == {"intermediate"} and len(quiz.questions) == 2
    allq = q.start(library, "all", seed=9, count=7)
    ranks = [("fundamentals", "intermediate", "academic").index(x.level) for x in allq.questions]
    assert ranks == sorted(ranks)
    assert q.start(library, "all", qtype="tf", seed=1).questions[0].type == "true-false"


@pytest.mark.parametrize("kwargs,message", [
    ({"target": "nope"}, "no module named 'nope'"),
    ({"target": "alpha", "qtype": "essay"}, "unknown question type 'essay'"),
    ({"target": "beta", "qtype": "numeric"}, "no questions match: beta-axis · numeric"),
    ({"target": "alpha", "count": 0}, "--count must be at least 1"),
])
def test_start_errors_are_usage_errors(library, kwargs, message):
    target = kwargs.pop("target")
    with pytest.raises(UsageError) as err:
        q.start(library, target, **kwargs)
    assert message in str(err.value)


def test_stored_response_keeps_written_indices_not_letters(by_id):
    import json

    pres = presented(by_id, "alpha-i02")
    right = [label_of(pres, i) for i in range(3)]
    result = q.grade(pres, q.parse(pres, " ".join(right)))
    assert json.loads(result.stored_response()) == {"shown": f"1{right[0]} 2{right[1]} 3{right[2]}",
                                                    "value": [0, 1, 2]}


def test_to_json_lists_every_question_as_laid_out(library):
    quiz = q.start(library, "alpha", seed=3, count=6)
    data = q.to_json(quiz, due=0, terms=library.terms)
    assert data["total"] == 6 and data["answered"] == 0 and data["seed"] == 3
    assert all(item["response"] is None and item["correct"] is None for item in data["questions"])
    match = next(item for item in data["questions"] if item["type"] == "match")
    assert [i["number"] for i in match["items"]] == [1, 2, 3] and len(match["choices"]) == 3


def test_a_thousands_comma_is_asked_again_not_misread(by_id):
    numeric = next(qq for qq in by_id.values() if qq.type == "numeric")
    pres = q.present(numeric, random.Random(1))
    with pytest.raises(q.InvalidAnswer, match="could be read two ways"):
        q.parse(pres, "1,000")
    assert q.parse(pres, "2,5").number == 2.5  # a decimal comma is still fine
