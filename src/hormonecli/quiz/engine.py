"""The quiz engine: pure, no input() and no printing.

A `Quiz` is a small state machine the CLI (and the tests) drive:

    ASKING --answer(valid text)--> FEEDBACK --advance()--> ASKING ... --> DONE
    ASKING --answer(invalid text)--> ASKING  (raises InvalidAnswer with a one-line hint; nothing counted)
    any    --stop()--> DONE  (end of input, Ctrl-C, quit: every answer so far is kept)

Each question is *presented* first: its options (or order items, or the right
side of match pairs) shuffled with the quiz's random generator and labelled
a, b, c…; answers are parsed against those labels and the feedback speaks in
them too.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Callable, Collection, Mapping

from hormonecli.courseware import model as m
from hormonecli.errors import UsageError
from hormonecli.quiz.answers import MAX_INPUT, InvalidAnswer, Note, Presented, Response, normalise_input
from hormonecli.quiz.kinds import KINDS

ASKING, FEEDBACK, DONE = "asking", "feedback", "done"
TYPE_ALIASES = {"tf": "true-false", "truefalse": "true-false", "true/false": "true-false", "bool": "true-false",
                "mc": "single", "multi": "multiple", "ordering": "order", "sequence": "order",
                "pairs": "match", "number": "numeric"}


def present(question: m.Question, rng: random.Random) -> Presented:
    return KINDS[question.type].present(question, rng)


def parse(pres: Presented, text: str) -> Response:
    """The learner's text as a Response, or InvalidAnswer with a one-line hint."""
    if len(text) > MAX_INPUT:
        raise InvalidAnswer(f"that answer is too long; {pres.hint()}")
    raw = normalise_input(text)
    if not raw:
        raise InvalidAnswer(f"no answer given; {pres.hint()}")
    return pres.kind.parse(pres, raw)


# -- grading ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Result:
    presented: Presented
    response: Response
    correct: bool
    expected: str             # the correct answer in the learner's letters
    expected_text: str        # the same, spelled out
    notes: tuple[Note, ...]
    explanation: str          # the question's explanation ("" if none)
    credit: float = 0.0       # partial credit (0..1) where the kind gives it; 1.0 when right

    @property
    def question(self) -> m.Question:
        return self.presented.question

    def stored_response(self) -> str:
        """What the store keeps: the typed answer in letters plus its meaning in written indices."""
        value = self.presented.kind.stored(self.response)
        return json.dumps({"shown": self.response.labels, "value": value}, ensure_ascii=False)


def grade(pres: Presented, resp: Response) -> Result:
    g = pres.kind.grade(pres, resp)
    return Result(pres, resp, g.correct, g.expected, g.expected_text, g.notes, pres.question.explanation,
                  1.0 if g.correct else g.credit)


# -- selection ----------------------------------------------------------------------

def resolve_type(value: str) -> str:
    """A question type from its name, an alias or a unique prefix; a usage error otherwise."""
    from hormonecli.courseware.names import resolve

    table = {**{name: name for name in KINDS}, **TYPE_ALIASES}
    return resolve(value, table, what="question type", choices=", ".join(KINDS))


def select(questions: list[m.Question] | tuple[m.Question, ...], *, level: str | None = None,
           reached: Mapping[str, Collection[str]] | None = None, qtype: str | None = None,
           count: int | None = None, rng: random.Random | None = None) -> list[m.Question]:
    """Questions filtered by level (one level, or per module the levels in `reached`) and type,
    a random `count` of them, easiest level first."""
    rng = rng or random.Random()

    def wanted(q: m.Question) -> bool:
        if level is not None:
            return q.level == level
        return reached is None or q.level in reached.get(q.module, (m.LEVELS[0],))

    pool = [q for q in questions if wanted(q) and (qtype is None or q.type == qtype)]
    rng.shuffle(pool)
    if count is not None:
        pool = pool[:count]
    rank = {lv: i for i, lv in enumerate(m.LEVELS)}
    pool.sort(key=lambda q: rank.get(q.level, len(rank)))
    return pool


# -- the state machine ----------------------------------------------------------------

@dataclass
class LevelScore:
    answered: int = 0
    correct: int = 0


@dataclass
class Summary:
    total: int
    answered: int
    correct: int
    by_level: dict[str, LevelScore]
    missed: list[Result]
    ended_early: bool


@dataclass
class Quiz:
    questions: list[m.Question]
    seed: int | None = None
    state: str = ASKING
    results: list[Result] = field(default_factory=list)
    invalid: int = 0
    ended_early: bool = False
    levels: tuple[str, ...] = ()   # the levels the questions were drawn from (start() sets it)
    chosen_levels: bool = False    # ... chosen from the learner's reading, not asked for
    _index: int = 0
    _current: Presented | None = None
    _rng: random.Random = field(init=False, repr=False)
    presented: list[Presented] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        # every question is laid out up front, so a seed fixes all the letters at once
        self.presented = [present(q, self._rng) for q in self.questions]
        self._begin()

    def _begin(self) -> None:
        if self._index >= len(self.questions):
            self.state, self._current = DONE, None
        else:
            self.state = ASKING
            self._current = self.presented[self._index]

    @property
    def current(self) -> Presented | None:
        """The question being asked (or whose feedback is showing); None when done."""
        return self._current

    @property
    def position(self) -> tuple[int, int]:
        """(1-based number of the current question, total)."""
        return min(self._index + 1, len(self.questions)), len(self.questions)

    @property
    def done(self) -> bool:
        return self.state == DONE

    @property
    def last(self) -> Result | None:
        return self.results[-1] if self.results else None

    def answer(self, text: str) -> Result:
        """Grade an answer to the current question. InvalidAnswer leaves the state unchanged."""
        if self.state != ASKING or self._current is None:
            raise RuntimeError(f"cannot answer in state {self.state}")
        try:
            resp = parse(self._current, text)
        except InvalidAnswer:
            self.invalid += 1
            raise
        result = grade(self._current, resp)
        self.results.append(result)
        self.state = FEEDBACK
        return result

    def advance(self) -> None:
        """Leave the feedback and ask the next question (or finish)."""
        if self.state != FEEDBACK:
            raise RuntimeError(f"cannot advance in state {self.state}")
        self._index += 1
        self._begin()

    def stop(self) -> None:
        """End now (end of input, Ctrl-C, quit), keeping every answer given."""
        if self.state != DONE:
            unanswered = self._index + (1 if self.state == FEEDBACK else 0) < len(self.questions)
            self.ended_early = self.ended_early or unanswered
            self.state, self._current = DONE, None

    def summary(self) -> Summary:
        by_level: dict[str, LevelScore] = {}
        for q in self.questions:
            by_level.setdefault(q.level, LevelScore())
        for r in self.results:
            s = by_level.setdefault(r.question.level, LevelScore())
            s.answered += 1
            s.correct += r.correct
        ordered = {lv: by_level[lv] for lv in (*m.LEVELS, *by_level) if lv in by_level}
        return Summary(len(self.questions), len(self.results), sum(r.correct for r in self.results), ordered,
                       [r for r in self.results if not r.correct], self.ended_early)


def to_json(quiz: Quiz, due: int | None = None, terms: dict | None = None,
            command: Callable[[m.Question], str] | None = None) -> dict:
    """The quiz as plain data for --json: every question as laid out, and what was answered.

    `command(question)` gives the command that opens the question's teaching page."""
    from hormonecli.courseware.markup import plain

    def markup_plain(text: str) -> str:
        return plain(text, terms)

    answered = {r.question.id: r for r in quiz.results}
    questions = []
    for pres in quiz.presented:
        q = pres.question
        item: dict = {"id": q.id, "module": q.module, "level": q.level, "type": q.type,
                      "prompt": markup_plain(q.prompt),
                      "choices": [{"label": c.label, "text": markup_plain(c.text)} for c in pres.choices]}
        for key, value in pres.kind.json_extra(pres).items():
            item[key] = [{**v, "text": markup_plain(v["text"])} for v in value] if key == "items" else value
        slug, page_id = q.page_ref
        r = answered.get(q.id)
        item.update(response=r.response.labels if r else None, correct=r.correct if r else None,
                    credit=round(r.credit, 3) if r else None,
                    expected=r.expected if r else None, page_module=slug, page=page_id,
                    command=command(q) if command else None)
        questions.append(item)
    s = quiz.summary()
    return {
        "seed": quiz.seed,
        "total": s.total,
        "answered": s.answered,
        "correct": s.correct,
        "invalid_inputs": quiz.invalid,
        "ended_early": s.ended_early,
        "by_level": {lv: {"answered": sc.answered, "correct": sc.correct} for lv, sc in s.by_level.items()},
        "missed": [r.question.id for r in s.missed],
        "due": due,
        "questions": questions,
    }


def start(library: m.Library, target: str, *, level: str | None = None,
          reached: Mapping[str, Collection[str]] | None = None, count: int | None = 10,
          seed: int | None = None, qtype: str | None = None) -> Quiz:
    """A quiz over one module (slug, alias or prefix) or 'all', filtered and sampled reproducibly.

    `level` asks one level; else `reached` (module -> levels) limits each module to the levels
    the learner has reached; neither: every level."""
    from hormonecli.courseware.names import resolve_module

    if normalise_input(target) == "all":
        questions: tuple[m.Question, ...] = tuple(q for mod in library.modules for q in mod.questions)
        scope = "all modules"
    else:
        mod = resolve_module(library, target)
        questions, scope = mod.questions, mod.slug
    if qtype is not None:
        qtype = resolve_type(qtype)
    if count is not None and count < 1:
        raise UsageError("--count must be at least 1")
    if seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
    if reached is not None and not select(questions, reached=reached, qtype=qtype):
        reached = None  # nothing at the levels reached (e.g. with --type): every level
    chosen = select(questions, level=level, reached=reached, qtype=qtype, count=count, rng=random.Random(seed))
    if not chosen:
        what = " · ".join(x for x in (scope, level, qtype) if x)
        raise UsageError(f"no questions match: {what}")
    quiz = Quiz(chosen, seed)
    drawn = {q.level for q in select(questions, level=level, reached=reached, qtype=qtype)}
    quiz.levels = tuple(lv for lv in m.LEVELS if lv in drawn)
    quiz.chosen_levels = level is None and reached is not None
    return quiz


def single(library: m.Library, question_id: str, *, seed: int | None = None) -> Quiz:
    """A quiz of one question, by its id (search's question hits open it this way)."""
    from hormonecli.courseware.names import suggest
    from hormonecli.escapes import shorten

    by_id = {q.id: q for mod in library.modules for q in mod.questions}
    want = question_id.strip().lower()
    if want not in by_id:
        near = suggest(want, list(by_id), 2)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        raise UsageError(f"no question '{shorten(question_id, 40)}'{hint}")
    return Quiz([by_id[want]], random.SystemRandom().randrange(1, 1_000_000) if seed is None else seed)
