"""Spaced review with FSRS: scheduling cards, choosing what is due, recording answers.

A card is keyed by the question's stable id, so editing a question's text keeps
its history. Correct → Good (or the learner's own rating 2–4), wrong → Again.
`fsrs` is imported only when a card is actually scheduled.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Callable

from hormonecli.courseware import model as m
from hormonecli.quiz.engine import Result
from hormonecli.store import Store

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}


@lru_cache(maxsize=1)
def scheduler():
    import fsrs

    # One short learning step: a missed question comes back a minute later (and so
    # is due in the next review), a known one graduates straight to days.
    return fsrs.Scheduler(learning_steps=(timedelta(minutes=1),), relearning_steps=(timedelta(minutes=10),))


def rating_for(correct: bool, self_rating: int | None = None) -> int:
    """Wrong is always Again; right is Good unless the learner rated it Hard or Easy (or Again)."""
    if not correct:
        return AGAIN
    if self_rating in RATING_NAMES:
        return int(self_rating)
    return GOOD


def _card(card_json: str | None):
    import fsrs

    if card_json:
        try:
            return fsrs.Card.from_json(card_json)
        except Exception:  # a damaged card starts over; the answer history is untouched
            pass
    return fsrs.Card()


def schedule_fn(rating: int, now: float | None = None) -> Callable[[str | None], tuple[str, float]]:
    """The card update the store runs inside its write transaction."""
    import fsrs

    when = datetime.fromtimestamp(time.time() if now is None else now, tz=timezone.utc)

    def update(card_json: str | None) -> tuple[str, float]:
        card = _card(card_json)
        card, _ = scheduler().review_card(card, fsrs.Rating(rating), review_datetime=when)
        return card.to_json(), card.due.timestamp()

    return update


def record(store: Store, result: Result, *, mode: str = "quiz", rating: int | None = None,
           now: float | None = None) -> None:
    """Store an answer; in quiz and review mode also reschedule its card (cram leaves the schedule alone)."""
    q = result.question
    schedule = None if mode == "cram" else schedule_fn(rating_for(result.correct, rating), now)
    store.record_answer(q.id, q.module, q.level, result.correct, result.stored_response(), mode=mode,
                        schedule=schedule, now=now, credit=result.credit)


@dataclass(frozen=True)
class Saved:
    """An answer as stored: its row, and the card as it stood before it (a rating reschedules from there)."""

    answer_id: int
    result: Result
    previous_card: str | None
    time: float


class Recorder:
    """Saves the answers of one quiz or review the moment they are graded.

    A self-rating given after the feedback (review's 1-4) then updates that answer's row and
    reschedules its card from where it stood before the answer, so a rating never waits on
    anything: the answer is kept even if the session ends at the rating prompt."""

    def __init__(self, store: Store, mode: str = "quiz"):
        self.store, self.mode = store, mode

    def save(self, result: Result) -> Saved:
        now = time.time()
        q = result.question
        schedule = None if self.mode == "cram" else schedule_fn(rating_for(result.correct), now)
        answer_id, previous = self.store.record_answer(q.id, q.module, q.level, result.correct,
                                                       result.stored_response(), mode=self.mode,
                                                       schedule=schedule, now=now, credit=result.credit)
        return Saved(answer_id, result, previous, now)

    def rate(self, saved: Saved, rating: int) -> None:
        schedule = None
        if self.mode != "cram":
            schedule = schedule_fn(rating_for(saved.result.correct, rating), saved.time)
        self.store.rate_answer(saved.answer_id, saved.result.question.id, rating, schedule, saved.previous_card)


# -- what to review ----------------------------------------------------------------

def questions_by_id(library: m.Library) -> dict[str, m.Question]:
    return {q.id: q for mod in library.modules for q in mod.questions}


def sync(store: Store, library: m.Library) -> dict[str, m.Question]:
    """Retire cards of questions that are gone from the content (their history stays); revive returning ones."""
    known = questions_by_id(library)
    store.retire_missing(frozenset(known))
    return known


def due_questions(store: Store, library: m.Library, *, module: str | None = None, limit: int | None = None,
                  now: float | None = None) -> list[m.Question]:
    """Questions whose card is due, most overdue first; unknown ids are skipped, never shown."""
    known = sync(store, library)
    out = []
    for qid, _card_json, _due in store.due_cards(now, module):
        q = known.get(qid)
        if q is not None:
            out.append(q)
        if limit is not None and len(out) >= limit:
            break
    return out


def cram_questions(store: Store, library: m.Library, *, module: str | None = None, limit: int = 10,
                   now: float | None = None) -> list[m.Question]:
    """The weakest questions met so far: missed last time, then lowest accuracy and recall, then soonest due."""
    known = sync(store, library)
    stats = store.question_stats(module)
    cards = store.cards(module)
    now = time.time() if now is None else now

    def weakness(qid: str) -> tuple:
        n, ok, last = stats.get(qid, (0, 0, 1))
        due = cards[qid][1] if qid in cards else float("inf")
        return (last, (ok / n) if n else 1.0, _recall(cards.get(qid, (None,))[0], now), due, qid)

    met = [qid for qid in set(stats) | set(cards) if qid in known]
    met.sort(key=weakness)
    return [known[qid] for qid in met[:limit]]


def _recall(card_json: str | None, now: float) -> float:
    """FSRS retrievability of a card now (1.0 when there is no card)."""
    if not card_json:
        return 1.0
    try:
        card = _card(card_json)
        return float(scheduler().get_card_retrievability(card, datetime.fromtimestamp(now, tz=timezone.utc)))
    except Exception:
        return 1.0


@dataclass(frozen=True)
class Plan:
    """What `review` will do: the questions, or why there are none."""

    questions: list[m.Question]
    cram: bool
    met: int                  # questions the learner has met (cards, in scope)
    next_due: float | None    # when the next card falls due, if nothing is due now


def plan(store: Store, library: m.Library, *, module: str | None = None, count: int | None = None,
         cram: bool = False, now: float | None = None) -> Plan:
    now = time.time() if now is None else now
    if cram:
        qs = cram_questions(store, library, module=module, limit=count or 10, now=now)
        return Plan(qs, True, len(qs), None)
    qs = due_questions(store, library, module=module, limit=count, now=now)
    met = len(store.cards(module))
    nxt = None if qs else store.next_due(now, module)
    return Plan(qs, False, met, nxt)



