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
import re
import unicodedata
from dataclasses import dataclass, field

from hormonecli import model as m

ASKING, FEEDBACK, DONE = "asking", "feedback", "done"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
MAX_INPUT = 200  # longer answers are refused (and never stored)
TYPE_ALIASES = {"tf": "true-false", "truefalse": "true-false", "true/false": "true-false", "bool": "true-false",
                "mc": "single", "multi": "multiple", "ordering": "order", "sequence": "order",
                "pairs": "match", "number": "numeric"}
TRUE_WORDS = {"t", "true", "1", "a", "yes", "y"}
FALSE_WORDS = {"f", "false", "2", "b", "no", "n"}


class InvalidAnswer(ValueError):
    """Input that is not an answer; the message is a one-line hint. Never counted."""


# -- presentation -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Choice:
    """One labelled thing the learner sees: an option, an order item or a match right-hand side."""

    label: str      # "a", "b", …
    index: int      # position in the question as written (stable across shuffles)
    text: str
    why: str = ""
    correct: bool = False


@dataclass(frozen=True, slots=True)
class Presented:
    question: m.Question
    choices: tuple[Choice, ...] = ()   # single, multiple, true-false, order; match: the shuffled rights
    lefts: tuple[str, ...] = ()        # match: the left-hand sides, numbered 1.. in the written order

    @property
    def type(self) -> str:
        return self.question.type

    def by_index(self, index: int) -> Choice:
        return next(c for c in self.choices if c.index == index)

    def hint(self) -> str:
        """How to answer this question, in one line."""
        n = len(self.choices)
        last = self.choices[-1].label if self.choices else "a"
        t = self.type
        if t == "single":
            return f"answer with one letter (a-{last}) or number (1-{n})"
        if t == "multiple":
            return f"answer with every letter that applies, e.g. 'a c', 'ac' or '1,3' (a-{last})"
        if t == "true-false":
            return "answer a (true) or b (false); t/f and 1/2 work too"
        # the examples use the order shown, which is never the answer (see _derange)
        if t == "order":
            return f"give all {n} letters, first to last, in the form '{' '.join(LETTERS[:n])}'"
        if t == "match":
            example = " ".join(f"{i + 1}{LETTERS[i]}" for i in range(n))
            return f"pair each number with a letter, in the form '{example}'"
        unit = f" (optionally with the unit, {self.question.unit})" if self.question.unit else ""
        return f"answer with a number{unit}"


def present(question: m.Question, rng: random.Random) -> Presented:
    q = question
    if q.type in ("single", "multiple"):
        order = list(range(len(q.options)))
        rng.shuffle(order)
        return Presented(q, tuple(Choice(LETTERS[i], j, q.options[j].text, q.options[j].why, q.options[j].correct)
                                  for i, j in enumerate(order)))
    if q.type == "true-false":
        return Presented(q, (Choice("a", 0, "True", q.why_true, q.answer is True),
                             Choice("b", 1, "False", q.why_false, q.answer is False)))
    if q.type == "order":
        order = _derange(len(q.items), rng)
        return Presented(q, tuple(Choice(LETTERS[i], j, q.items[j].text, q.items[j].why)
                                  for i, j in enumerate(order)))
    if q.type == "match":
        order = _derange(len(q.pairs), rng)
        return Presented(q, tuple(Choice(LETTERS[i], j, q.pairs[j].right, q.pairs[j].why)
                                  for i, j in enumerate(order)),
                         lefts=tuple(p.left for p in q.pairs))
    return Presented(q)


def _derange(n: int, rng: random.Random) -> list[int]:
    """A shuffle that is not the written (correct) order, so the answer is never shown."""
    order = list(range(n))
    if n < 2:
        return order
    for _ in range(20):
        rng.shuffle(order)
        if order != sorted(order):
            break
    return order


# -- parsing answers --------------------------------------------------------------

def normalise_input(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII), lower case, trimmed."""
    return unicodedata.normalize("NFKC", text).strip().lower()


_SEP = re.compile(r"[\s,;/+&]+|\band\b")


def _tokens(text: str, size: int) -> list[str]:
    """Split 'a c', 'a,c', 'ac', '1,3', '13' into labels or numbers."""
    parts = [p for p in _SEP.split(text) if p]
    if len(parts) == 1:
        word = parts[0]
        if word.isalpha() or (word.isdigit() and size <= 9):
            return list(word)
    return parts


def _label(token: str, pres: Presented) -> Choice:
    token = token.strip("().:")
    for c in pres.choices:
        if token == c.label:
            return c
    if token.isdigit() and 1 <= int(token) <= len(pres.choices):
        return pres.choices[int(token) - 1]
    raise InvalidAnswer(f"'{token[:20]}' is not one of the choices; {pres.hint()}")


def _labels(parts: list[str], pres: Presented, raw: str) -> list[Choice]:
    """Every token as a choice; a word that is not made of labels is named whole in the hint."""
    try:
        return [_label(p, pres) for p in parts]
    except InvalidAnswer:
        if " " not in raw and len(parts) > 1:
            raise InvalidAnswer(f"'{raw[:20]}' is not one of the choices; {pres.hint()}") from None
        raise


@dataclass(frozen=True, slots=True)
class Response:
    """A parsed answer, in the question's written indices (stable across shuffles)."""

    value: object           # single: int; multiple: tuple[int, ...]; true-false: bool;
                            # order: tuple[int, ...]; match: tuple[int, ...] (right index per left); numeric: float
    labels: str             # the answer in the letters the learner saw (canonical form)


def parse(pres: Presented, text: str) -> Response:
    """The learner's text as a Response, or InvalidAnswer with a one-line hint."""
    if len(text) > MAX_INPUT:
        raise InvalidAnswer(f"that answer is too long; {pres.hint()}")
    raw = normalise_input(text)
    if not raw:
        raise InvalidAnswer(f"no answer given; {pres.hint()}")
    t = pres.type
    if t == "single":
        parts = _tokens(raw, len(pres.choices))
        if len(parts) != 1:
            _labels(parts, pres, raw)
            raise InvalidAnswer(f"choose exactly one; {pres.hint()}")
        c = _label(parts[0], pres)
        return Response(c.index, c.label)
    if t == "multiple":
        chosen = _labels(_tokens(raw, len(pres.choices)), pres, raw)
        if len({c.index for c in chosen}) != len(chosen):
            raise InvalidAnswer(f"a letter is repeated; {pres.hint()}")
        chosen.sort(key=lambda c: c.label)
        return Response(tuple(sorted(c.index for c in chosen)), " ".join(c.label for c in chosen))
    if t == "true-false":
        word = raw.strip(".!")
        if word in TRUE_WORDS:
            return Response(True, "a")
        if word in FALSE_WORDS:
            return Response(False, "b")
        raise InvalidAnswer(pres.hint())
    if t == "order":
        chosen = _labels(_tokens(raw, len(pres.choices)), pres, raw)
        if len(chosen) != len(pres.choices) or len({c.index for c in chosen}) != len(chosen):
            raise InvalidAnswer(f"use each letter exactly once; {pres.hint()}")
        return Response(tuple(c.index for c in chosen), " ".join(c.label for c in chosen))
    if t == "match":
        return _parse_match(pres, raw)
    return _parse_numeric(pres, raw)


_PAIR = re.compile(r"(\d+)\s*[-=:>.)]*\s*([a-z])")


def _parse_match(pres: Presented, raw: str) -> Response:
    n = len(pres.lefts)
    pairs = _PAIR.findall(raw)
    leftover = _PAIR.sub(" ", raw)
    if pairs and _SEP.sub("", leftover) == "":
        mapping: dict[int, Choice] = {}
        for num, letter in pairs:
            i = int(num)
            if not 1 <= i <= n:
                raise InvalidAnswer(f"there is no item {i}; {pres.hint()}")
            if i - 1 in mapping:
                raise InvalidAnswer(f"item {i} is paired twice; {pres.hint()}")
            mapping[i - 1] = _label(letter, pres)
    else:
        # the compact form without numbers: 'b a c' means 1b 2a 3c
        letters = [p for p in _tokens(raw, len(pres.choices))]
        if not all(p.isalpha() and len(p) == 1 for p in letters):
            raise InvalidAnswer(pres.hint())
        mapping = {i: _label(p, pres) for i, p in enumerate(letters)}
    if len(mapping) != n:
        raise InvalidAnswer(f"pair all {n} items; {pres.hint()}")
    if len({c.index for c in mapping.values()}) != n:
        raise InvalidAnswer(f"use each letter once; {pres.hint()}")
    value = tuple(mapping[i].index for i in range(n))
    return Response(value, " ".join(f"{i + 1}{mapping[i].label}" for i in range(n)))


_NUMBER = re.compile(r"^[~≈]?\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[-+]?\d+)?)\s*(.*)$")


def _parse_numeric(pres: Presented, raw: str) -> Response:
    mt = _NUMBER.match(raw)
    if not mt:
        raise InvalidAnswer(pres.hint())
    if re.fullmatch(r"[-+]?\d{1,3},\d{3}", mt.group(1)):  # 1,000: a thousands separator or a decimal comma?
        raise InvalidAnswer(f"'{mt.group(1)}' could be read two ways; write it without the comma (1000) "
                            "or with a decimal point (1.000)")
    number, rest = mt.group(1).replace(",", "."), mt.group(2).strip()
    unit = normalise_input(pres.question.unit)
    if rest and rest.replace(" ", "") != unit.replace(" ", ""):
        raise InvalidAnswer(f"'{rest[:20]}' is not the unit; {pres.hint()}")
    try:
        value = float(number)
    except ValueError:
        raise InvalidAnswer(pres.hint()) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidAnswer(pres.hint())
    return Response(value, format_number(value))


def format_number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


# -- grading ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Note:
    """One explanation line of the feedback: why an option (item, pair) is right or wrong."""

    tag: str    # "chosen-right" | "chosen-wrong" | "correct" | "misplaced" | "placed"
    label: str  # the label the learner saw ("b", "3", "1c", "t")
    text: str
    why: str


@dataclass(frozen=True, slots=True)
class Result:
    presented: Presented
    response: Response
    correct: bool
    expected: str             # the correct answer in the learner's letters
    expected_text: str        # the same, spelled out
    notes: tuple[Note, ...]
    explanation: str          # the question's explanation ("" if none)
    page_command: str         # the command that opens the teaching page

    @property
    def question(self) -> m.Question:
        return self.presented.question

    def stored_response(self) -> str:
        """What the store keeps: the typed answer in letters plus its meaning in written indices."""
        value = self.response.value
        if isinstance(value, tuple):
            value = list(value)
        return json.dumps({"shown": self.response.labels, "value": value}, ensure_ascii=False)


def page_command(question: m.Question) -> str:
    slug, page = question.page_ref
    return f"hormonecli learn {slug} --page {page}"


def grade(pres: Presented, resp: Response) -> Result:
    q, t = pres.question, pres.type
    notes: list[Note] = []
    if t in ("single", "multiple", "true-false"):
        right = [c for c in pres.choices if c.correct]
        if t == "multiple":
            chosen_idx = set(resp.value)
        elif t == "true-false":
            chosen_idx = {0 if resp.value else 1}
        else:
            chosen_idx = {resp.value}
        correct = chosen_idx == {c.index for c in right}
        for c in pres.choices:
            if c.index in chosen_idx:
                notes.append(Note("chosen-right" if c.correct else "chosen-wrong", c.label, c.text, c.why))
            elif c.correct:
                notes.append(Note("correct", c.label, c.text, c.why))
        if t == "true-false":
            expected = "a" if q.answer is True else "b"
            expected_text = "a) True" if q.answer is True else "b) False"
        else:
            expected = " ".join(c.label for c in right)
            expected_text = "; ".join(f"{c.label}) {c.text}" for c in right)
    elif t == "order":
        want = tuple(range(len(q.items)))
        correct = tuple(resp.value) == want
        expected = " ".join(pres.by_index(i).label for i in want)
        expected_text = " → ".join(q.items[i].text for i in want)
        for pos, i in enumerate(want):
            placed_ok = pos < len(resp.value) and resp.value[pos] == i
            notes.append(Note("placed" if placed_ok else "misplaced", pres.by_index(i).label, q.items[i].text,
                              q.items[i].why))
    elif t == "match":
        correct = tuple(resp.value) == tuple(range(len(q.pairs)))
        expected = " ".join(f"{i + 1}{pres.by_index(i).label}" for i in range(len(q.pairs)))
        expected_text = "; ".join(f"{p.left} → {p.right}" for p in q.pairs)
        for i, p in enumerate(q.pairs):
            ok = resp.value[i] == i
            notes.append(Note("placed" if ok else "misplaced", f"{i + 1}{pres.by_index(i).label}",
                              f"{p.left} → {p.right}", p.why))
    else:
        target = float(q.answer) if q.answer is not None else 0.0
        correct = abs(float(resp.value) - target) <= q.tolerance + 1e-9
        unit = f" {q.unit}" if q.unit else ""
        tol = f" (±{format_number(q.tolerance)} accepted)" if q.tolerance else ""
        expected = format_number(target)
        expected_text = f"{expected}{unit}{tol}"
    return Result(pres, resp, correct, expected, expected_text, tuple(notes), q.explanation, page_command(q))


# -- selection ----------------------------------------------------------------------

def resolve_type(value: str) -> str:
    """A question type from its name, an alias or a unique prefix; ValueError otherwise."""
    want = normalise_input(value).replace("_", "-")
    want = TYPE_ALIASES.get(want, want)
    if want in m.QUESTION_TYPES:
        return want
    hits = [t for t in m.QUESTION_TYPES if t.startswith(want)] if want else []
    if len(hits) == 1:
        return hits[0]
    raise ValueError(f"unknown question type '{value[:40]}'; choose {', '.join(m.QUESTION_TYPES)}")


def select(questions: list[m.Question] | tuple[m.Question, ...], *, level: str | None = None,
           qtype: str | None = None, count: int | None = None, rng: random.Random | None = None) -> list[m.Question]:
    """Questions filtered by level and type, a random `count` of them, easiest level first."""
    rng = rng or random.Random()
    pool = [q for q in questions if (level is None or q.level == level) and (qtype is None or q.type == qtype)]
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


def to_json(quiz: Quiz, due: int | None = None, terms: dict | None = None) -> dict:
    """The quiz as plain data for --json: every question as laid out, and what was answered."""
    from hormonecli.markup import plain

    def markup_plain(text: str) -> str:
        return plain(text, terms)

    answered = {r.question.id: r for r in quiz.results}
    questions = []
    for pres in quiz.presented:
        q = pres.question
        item: dict = {"id": q.id, "module": q.module, "level": q.level, "type": q.type,
                      "prompt": markup_plain(q.prompt),
                      "choices": [{"label": c.label, "text": markup_plain(c.text)} for c in pres.choices]}
        if pres.lefts:
            item["items"] = [{"number": i + 1, "text": markup_plain(t)} for i, t in enumerate(pres.lefts)]
        if q.type == "numeric" and q.unit:
            item["unit"] = q.unit
        r = answered.get(q.id)
        item["answered"] = r is not None
        if r is not None:
            item.update(response=r.response.labels, correct=r.correct, expected=r.expected,
                        page=r.page_command)
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


def start(library: m.Library, target: str, *, level: str | None = None, count: int | None = 10,
          seed: int | None = None, qtype: str | None = None) -> Quiz:
    """A quiz over one module (slug, alias or prefix) or 'all', filtered and sampled reproducibly."""
    from hormonecli.errors import UsageError
    from hormonecli.library import resolve

    if normalise_input(target) == "all":
        questions: tuple[m.Question, ...] = tuple(q for mod in library.modules for q in mod.questions)
        scope = "all modules"
    else:
        mod = resolve(library, target)
        questions, scope = mod.questions, mod.slug
    if qtype is not None:
        try:
            qtype = resolve_type(qtype)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if count is not None and count < 1:
        raise UsageError("--count must be at least 1")
    if seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
    chosen = select(questions, level=level, qtype=qtype, count=count, rng=random.Random(seed))
    if not chosen:
        what = " · ".join(x for x in (scope, level, qtype) if x)
        raise UsageError(f"no questions match: {what}")
    return Quiz(chosen, seed)
