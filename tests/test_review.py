"""Scheduling with FSRS: what becomes due, ratings, cram, questions that left the content."""
from __future__ import annotations

import dataclasses
import json
import random
import time

import pytest

from conftest import FIXTURE_CONTENT
from hormonecli import review as rv
from hormonecli.courseware import model as m
from hormonecli.quiz import engine as q
from hormonecli.render.progress import describe_when
from hormonecli.store import Store


@pytest.fixture(scope="module")
def library():
    from hormonecli.courseware.library import load

    return load([FIXTURE_CONTENT])[0]


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "state.db")


def answer(library, qid, correct: bool):
    """A graded Result for question qid, right or wrong."""
    question = next(x for m in library.modules for x in m.questions if x.id == qid)
    pres = q.present(question, random.Random(0))
    if question.type == "single":
        text = next(c.label for c in pres.choices if c.correct is correct)
    elif question.type == "numeric":
        text = str(question.answer if correct else question.answer + 100)
    elif question.type == "true-false":
        text = "t" if question.answer is correct else "f"
    else:
        raise AssertionError(question.type)
    result = q.grade(pres, q.parse(pres, text))
    assert result.correct is correct
    return result


def test_rating_for():
    assert rv.rating_for(False) == rv.AGAIN
    assert rv.rating_for(False, rv.EASY) == rv.AGAIN  # a wrong answer is never rated up
    assert rv.rating_for(True) == rv.GOOD
    assert rv.rating_for(True, rv.HARD) == rv.HARD
    assert rv.rating_for(True, 9) == rv.GOOD


def test_wrong_is_due_now_and_right_is_due_in_days(library, store):
    now = time.time()
    rv.record(store, answer(library, "alpha-f01", False), now=now)
    rv.record(store, answer(library, "alpha-a01", True), now=now)
    cards = store.cards()
    assert cards["alpha-f01"][1] - now == pytest.approx(60, abs=1)          # Again: one minute
    assert cards["alpha-a01"][1] - now > 86400                             # Good: days
    assert json.loads(cards["alpha-a01"][0])["state"] == 2                  # graduated to Review
    assert [x.id for x in rv.due_questions(store, library, now=now)] == ["alpha-f01"]
    assert store.due_count(now) == 1


def test_easy_pushes_further_than_hard(library, store):
    now = time.time()
    rv.record(store, answer(library, "alpha-f01", True), rating=rv.EASY, now=now)
    rv.record(store, answer(library, "alpha-a01", True), rating=rv.HARD, now=now)
    cards = store.cards()
    assert cards["alpha-f01"][1] > cards["alpha-a01"][1]


def test_cram_records_the_answer_but_leaves_the_schedule(library, store):
    now = time.time()
    rv.record(store, answer(library, "alpha-f01", True), now=now)
    before = store.cards()["alpha-f01"]
    rv.record(store, answer(library, "alpha-f01", False), mode="cram", now=now + 5)
    assert store.cards()["alpha-f01"] == before
    assert [a["mode"] for a in store.answers("alpha-f01")] == ["quiz", "cram"]


def test_cram_picks_the_weakest_first(library, store):
    now = time.time()
    for qid, ok in [("alpha-f01", True), ("alpha-a01", True), ("alpha-a01", False), ("beta-f01", True)]:
        rv.record(store, answer(library, qid, ok), now=now)
    assert [x.id for x in rv.cram_questions(store, library, now=now)][:1] == ["alpha-a01"]
    assert len(rv.cram_questions(store, library, limit=2, now=now)) == 2
    assert [x.id for x in rv.cram_questions(store, library, module="beta-axis", now=now)] == ["beta-f01"]


def test_a_question_gone_from_the_content_is_kept_but_never_shown(library, store):
    now = time.time()
    rv.record(store, answer(library, "alpha-f01", False), now=now)
    store.record_answer("removed-q", "alpha-axis", "fundamentals", False, "{}",
                        schedule=rv.schedule_fn(rv.AGAIN, now), now=now)
    assert store.due_count(now) == 2
    shown = rv.due_questions(store, library, now=now)
    assert [x.id for x in shown] == ["alpha-f01"]
    assert store.due_count(now) == 1  # the welcome screen's count follows
    assert len(store.answers("removed-q")) == 1
    assert "removed-q" not in {x.id for x in rv.cram_questions(store, library, now=now)}


def test_editing_a_question_keeps_its_history(library, store):
    now = time.time()
    rv.record(store, answer(library, "alpha-f01", False), now=now)
    mod = library.module("alpha-axis")
    edited_q = dataclasses.replace(mod.questions[0], prompt="Which gland makes alpha? (reworded)")
    edited = m.Library((dataclasses.replace(mod, questions=(edited_q,)),), library.terms, library.references)
    due = rv.due_questions(store, edited, now=now)
    assert [x.prompt for x in due] == ["Which gland makes alpha? (reworded)"]


def test_a_damaged_card_starts_over_without_losing_history(library, store):
    now = time.time()
    rv.record(store, answer(library, "alpha-f01", True), now=now)
    with store.transaction() as c:
        c.execute("UPDATE card SET card = 'not json' WHERE question = 'alpha-f01'")
    rv.record(store, answer(library, "alpha-f01", False), now=now + 10)
    assert json.loads(store.cards()["alpha-f01"][0])["state"] == 1
    assert len(store.answers("alpha-f01")) == 2


def test_plan_says_when_the_next_review_is(library, store):
    now = time.time()
    empty = rv.plan(store, library, now=now)
    assert empty.questions == [] and empty.met == 0 and empty.next_due is None
    rv.record(store, answer(library, "alpha-f01", True), now=now)
    later = rv.plan(store, library, now=now)
    assert later.questions == [] and later.met == 1 and later.next_due > now + 86400
    assert describe_when(later.next_due, now).startswith("in ")
    assert rv.plan(store, library, now=later.next_due).questions[0].id == "alpha-f01"


@pytest.mark.parametrize("delta,words", [(30, "now"), (45 * 60, "in 45 minutes"), (5 * 3600, "in 5 hours"),
                                         (3 * 86400, "in 3 days")])
def test_describe_when(delta, words):
    now = 1_700_000_000.0
    assert describe_when(now + delta, now).startswith(words)
