"""Question kinds: one class per question type, looked up by name.

A kind knows everything that differs between types: the YAML fields it reads (and
checks) when content is loaded, how a question is laid out for the learner
(`present`), how to answer it (`hint`), how typed text becomes an answer (`parse`),
how an answer is graded and what its keyed answer is (`key`), what `--json` adds, the
instruction on an exported card (`card_how`), and its own lint checks. The loader, the
quiz engine, the views, the Anki export and the linter all go through `KINDS`; adding a
type is one class here and one entry in the table at the bottom.

Pure: no input, no printing, no Rich.
"""
from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING, Any, ClassVar

from hormonecli.courseware import model as m
from hormonecli.quiz.answers import (
    LETTERS,
    NUMBER,
    SEPARATORS,
    Choice,
    Graded,
    InvalidAnswer,
    Note,
    Presented,
    Response,
    choice_for,
    choices_for,
    derange,
    format_number,
    grade_choices,
    normalise_input,
    plain_number,
    split_answer,
)

if TYPE_CHECKING:
    from hormonecli.courseware.yamlread import Reader, YPath


# -- the kinds ------------------------------------------------------------------------

class Kind:
    """What every question type provides. Subclasses fill in the class variables and methods."""

    name: ClassVar[str]
    label: ClassVar[str]                    # how the quiz names it: "one answer"
    answer_title: ClassVar[str] = "Correct answer"
    key_in_letters: ClassVar[bool] = False   # feedback gives the key as letters, then spelled out
    card_how: ClassVar[str] = "Answer, then turn the card."  # the instruction on an exported card
    required: ClassVar[dict[str, Any]] = {}  # YAML fields beyond the common ones, and their types
    optional: ClassVar[dict[str, Any]] = {}

    # loading
    def build(self, r: Reader, d: dict, p: YPath) -> dict[str, Any]:
        """The Question fields this kind reads from a checked mapping, with its consistency findings."""
        raise NotImplementedError

    # asking
    def present(self, q: m.Question, rng: random.Random) -> Presented:
        return Presented(q, self)

    def hint(self, pres: Presented) -> str:
        raise NotImplementedError

    def instruction(self, pres: Presented) -> str:
        """What to do, said beside the prompt ('choose 2'); empty when the layout says it."""
        return ""

    def parse(self, pres: Presented, raw: str) -> Response:
        """Normalised, non-empty learner text as a Response, or InvalidAnswer."""
        raise NotImplementedError

    def grade(self, pres: Presented, resp: Response) -> Graded:
        raise NotImplementedError

    def key(self, pres: Presented) -> Response:
        """The keyed answer, as if typed (an exported card grades it to draw its back)."""
        if self.key_in_letters:  # order and match: the written order is the key
            return Response(tuple(range(len(pres.choices))), "")
        right = [c for c in pres.choices if c.correct]
        return Response(tuple(c.index for c in right), " ".join(c.label for c in right))

    def stored(self, resp: Response) -> Any:
        """The answer's meaning as the store keeps it (JSON), in written indices."""
        return list(resp.picks)

    def json_extra(self, pres: Presented) -> dict[str, Any]:
        return {}

    # text
    def asked(self, q: m.Question) -> list[str]:
        """What the learner reads before answering (lint and search look at it)."""
        return [q.prompt]

    def feedback(self, q: m.Question) -> list[str]:
        """Every explanation shown after an answer."""
        return [q.explanation] if q.explanation else []

    def as_question(self, q: m.Question) -> str:
        """The prompt as it reads out of the quiz (search shows it): never as a bare statement."""
        return q.prompt

    def lint(self, q: m.Question) -> list[tuple[str, str, str]]:
        """(code, sub-path, message) warnings this kind checks on top of loading."""
        return []


class _Options(Kind):
    """Single and multiple answer: options with a `why` each, some `correct`."""

    required = {"options": list}

    def build(self, r: Reader, d: dict, p: YPath) -> dict[str, Any]:
        opts = []
        for i, od in enumerate(d["options"]):
            op = p + ("options", i)
            o = r.mapping(od, op, {"text": "scalar"}, {"why": str, "correct": bool})
            if o is not None:
                if "why" not in o:
                    r.add("HC014", op, "every option needs a 'why' (why it is right or wrong)")
                opts.append(m.Option(str(o["text"]), o.get("why", ""), o.get("correct", False)))
        right = sum(o.correct for o in opts)
        if len(opts) < 2:
            r.add("HC013", p + ("options",), "a choice question needs at least two options")
        else:
            self.check_keyed(r, p, right, len(opts))
        if len({o.text.strip().lower() for o in opts}) != len(opts):
            r.add("HC009", p + ("options",), "two options have the same text")
        return {"options": tuple(opts)}

    def check_keyed(self, r: Reader, p: YPath, right: int, total: int) -> None:
        raise NotImplementedError

    def present(self, q: m.Question, rng: random.Random) -> Presented:
        order = list(range(len(q.options)))
        rng.shuffle(order)
        return Presented(q, self, tuple(Choice(LETTERS[i], j, q.options[j].text, q.options[j].why, q.options[j].correct)
                                  for i, j in enumerate(order)))

    def asked(self, q: m.Question) -> list[str]:
        return [q.prompt, *(o.text for o in q.options)]

    def feedback(self, q: m.Question) -> list[str]:
        return [*super().feedback(q), *(o.why for o in q.options if o.why)]

    def lint(self, q: m.Question) -> list[tuple[str, str, str]]:
        right = [len(o.text) for o in q.options if o.correct]
        wrong = [len(o.text) for o in q.options if not o.correct]
        if right and wrong and min(right) > GIVEAWAY_RATIO * max(wrong) and min(right) - max(wrong) >= GIVEAWAY_MIN:
            return [("HC032", "options", f"question '{q.id}': the correct option is much longer than every "
                     "distractor; balance their length and detail")]
        return []


GIVEAWAY_RATIO = 1.3  # correct option longer than this times the longest distractor
GIVEAWAY_MIN = 15  # ... and longer by at least this many characters


class Single(_Options):
    name = "single"
    label = "one answer"
    card_how = "Choose one."

    def check_keyed(self, r: Reader, p: YPath, right: int, total: int) -> None:
        if right != 1:
            r.add("HC013", p + ("options",), f"a single-answer question needs exactly one correct option, found {right}")

    def hint(self, pres: Presented) -> str:
        return f"answer with one letter (a-{pres.choices[-1].label}) or number (1-{len(pres.choices)})"

    def parse(self, pres: Presented, raw: str) -> Response:
        parts = split_answer(raw, len(pres.choices))
        if len(parts) != 1:
            choices_for(parts, pres, raw)
            raise InvalidAnswer(f"choose exactly one; {pres.hint()}")
        c = choice_for(parts[0], pres)
        return Response((c.index,), c.label)

    def stored(self, resp: Response) -> Any:
        return resp.picks[0]

    def grade(self, pres: Presented, resp: Response) -> Graded:
        return grade_choices(pres, set(resp.picks))


_ALL_THAT_APPLY = re.compile(r"\ball that (apply|are)\b", re.I)


class Multiple(_Options):
    """Several answers. The quiz says how many to choose ('choose 2'), and then takes exactly that
    many; a prompt that says 'choose all that apply' takes any number. Every option gets feedback
    (chosen or not, rightly or not) and the answer earns partial credit."""

    name = "multiple"
    label = "several answers"
    card_how = "Choose every answer that applies."

    def check_keyed(self, r: Reader, p: YPath, right: int, total: int) -> None:
        if right < 2:
            r.add("HC013", p + ("options",), f"a multiple-answer question needs at least two correct options, found {right}")

    @staticmethod
    def choose(q: m.Question) -> int:
        """How many options to choose; 0 for 'all that apply'."""
        return 0 if _ALL_THAT_APPLY.search(q.prompt) else sum(o.correct for o in q.options)

    def instruction(self, pres: Presented) -> str:
        n = self.choose(pres.question)
        return f"choose {n}" if n else "choose all that apply"

    def hint(self, pres: Presented) -> str:
        n, last = self.choose(pres.question), pres.choices[-1].label
        if n:
            return f"choose {n}: answer with {n} letters, e.g. '{' '.join(LETTERS[:n])}' or '1,3' (a-{last})"
        return f"answer with every letter that applies, e.g. 'a c', 'ac' or '1,3' (a-{last})"

    def parse(self, pres: Presented, raw: str) -> Response:
        chosen = choices_for(split_answer(raw, len(pres.choices)), pres, raw)
        if len({c.index for c in chosen}) != len(chosen):
            raise InvalidAnswer(f"a letter is repeated; {pres.hint()}")
        n = self.choose(pres.question)
        if n and len(chosen) != n:
            raise InvalidAnswer(f"you chose {len(chosen)}; {pres.hint()}")
        chosen.sort(key=lambda c: c.label)
        return Response(tuple(sorted(c.index for c in chosen)), " ".join(c.label for c in chosen))

    def grade(self, pres: Presented, resp: Response) -> Graded:
        chosen = set(resp.picks)
        notes = []
        for c in pres.choices:
            if c.index in chosen:
                tag = "chosen-right" if c.correct else "chosen-wrong"
            else:
                tag = "missed" if c.correct else "left-out"
            notes.append(Note(tag, c.label, c.text, c.why))
        right = [c for c in pres.choices if c.correct]
        hits = sum(1 for c in right if c.index in chosen)
        wrong = len(chosen) - hits
        n = self.choose(pres.question)
        # choose N: each right pick earns 1/N; all that apply: right picks less wrong ones, over the keyed
        credit = hits / n if n else max(0, hits - wrong) / len(right)
        return Graded(chosen == {c.index for c in right}, " ".join(c.label for c in right),
                      "; ".join(f"{c.label}) {c.text}" for c in right), tuple(notes), credit)

    def json_extra(self, pres: Presented) -> dict[str, Any]:
        return {"choose": self.choose(pres.question) or "all that apply"}


TRUE_WORDS = {"t", "true", "1", "a", "yes", "y"}
FALSE_WORDS = {"f", "false", "2", "b", "no", "n"}


class TrueFalse(Kind):
    name = "true-false"
    label = "true or false"
    card_how = "True or false?"
    required = {"answer": bool, "why_true": str, "why_false": str}

    def build(self, r: Reader, d: dict, p: YPath) -> dict[str, Any]:
        return {"answer": d["answer"], "why_true": d["why_true"], "why_false": d["why_false"]}

    def present(self, q: m.Question, rng: random.Random) -> Presented:
        return Presented(q, self, (Choice("a", 0, "True", q.why_true, q.answer is True),
                             Choice("b", 1, "False", q.why_false, q.answer is False)))

    def hint(self, pres: Presented) -> str:
        return "answer a (true) or b (false); t/f and 1/2 work too"

    def parse(self, pres: Presented, raw: str) -> Response:
        word = raw.strip(".!")
        if word in TRUE_WORDS:
            return Response((0,), "a")
        if word in FALSE_WORDS:
            return Response((1,), "b")
        raise InvalidAnswer(pres.hint())

    def stored(self, resp: Response) -> Any:
        return resp.picks == (0,)

    def grade(self, pres: Presented, resp: Response) -> Graded:
        g = grade_choices(pres, set(resp.picks))
        truth = pres.question.answer is True
        return Graded(g.correct, "a" if truth else "b", "a) True" if truth else "b) False", g.notes)

    def feedback(self, q: m.Question) -> list[str]:
        return [*super().feedback(q), q.why_true, q.why_false]

    def as_question(self, q: m.Question) -> str:
        return f"True or false: {q.prompt}"


class Order(Kind):
    name = "order"
    label = "put in order"
    card_how = "Put these in order, first to last."
    answer_title = "Correct order"
    key_in_letters = True
    required = {"items": list}

    def build(self, r: Reader, d: dict, p: YPath) -> dict[str, Any]:
        items = []
        for i, it in enumerate(d["items"]):
            ip = p + ("items", i)
            o = r.mapping(it, ip, {"text": "scalar"}, {"why": str})
            if o is not None:
                if "why" not in o:
                    r.add("HC014", ip, "every item needs a 'why' (why it stands in that place)")
                items.append(m.OrderItem(str(o["text"]), o.get("why", "")))
        if len(items) < 3:
            r.add("HC013", p + ("items",), "an order question needs at least three items")
        if len({i.text.strip().lower() for i in items}) != len(items):
            r.add("HC009", p + ("items",), "two items have the same text")
        return {"items": tuple(items)}

    def present(self, q: m.Question, rng: random.Random) -> Presented:
        order = derange(len(q.items), rng)
        return Presented(q, self, tuple(Choice(LETTERS[i], j, q.items[j].text, q.items[j].why)
                                  for i, j in enumerate(order)))

    def hint(self, pres: Presented) -> str:
        # the example uses the order shown, which is never the answer (see derange)
        n = len(pres.choices)
        return f"give all {n} letters, first to last, in the form '{' '.join(LETTERS[:n])}'"

    def parse(self, pres: Presented, raw: str) -> Response:
        chosen = choices_for(split_answer(raw, len(pres.choices)), pres, raw)
        if len(chosen) != len(pres.choices) or len({c.index for c in chosen}) != len(chosen):
            raise InvalidAnswer(f"use each letter exactly once; {pres.hint()}")
        return Response(tuple(c.index for c in chosen), " ".join(c.label for c in chosen))

    def grade(self, pres: Presented, resp: Response) -> Graded:
        q = pres.question
        want = tuple(range(len(q.items)))
        notes = []
        for pos, i in enumerate(want):
            got = resp.picks[pos] if pos < len(resp.picks) else -1
            yours = pres.by_index(got) if got >= 0 else None
            notes.append(Note("placed" if got == i else "misplaced", pres.by_index(i).label, q.items[i].text,
                              q.items[i].why, yours.label if yours else "", yours.text if yours else ""))
        placed = sum(n.tag == "placed" for n in notes)
        return Graded(resp.picks == want, " ".join(pres.by_index(i).label for i in want),
                      " → ".join(q.items[i].text for i in want), tuple(notes), placed / len(want) if want else 0.0)

    def asked(self, q: m.Question) -> list[str]:
        return [q.prompt, *(i.text for i in q.items)]

    def feedback(self, q: m.Question) -> list[str]:
        return [*super().feedback(q), *(i.why for i in q.items if i.why)]


_PAIR = re.compile(r"(\d+)\s*[-=:>.)]*\s*([a-z])")


class Match(Kind):
    name = "match"
    label = "match pairs"
    card_how = "Match each numbered item to a letter."
    answer_title = "Correct pairs"
    key_in_letters = True
    required = {"pairs": list}

    def build(self, r: Reader, d: dict, p: YPath) -> dict[str, Any]:
        pairs = []
        for i, pd in enumerate(d["pairs"]):
            pp = p + ("pairs", i)
            o = r.mapping(pd, pp, {"left": "scalar", "right": "scalar"}, {"why": str})
            if o is not None:
                if "why" not in o:
                    r.add("HC014", pp, "every pair needs a 'why'")
                pairs.append(m.MatchPair(str(o["left"]), str(o["right"]), o.get("why", "")))
        if len(pairs) < 3:
            r.add("HC013", p + ("pairs",), "a match question needs at least three pairs")
        if len({x.left.lower() for x in pairs}) != len(pairs) or len({x.right.lower() for x in pairs}) != len(pairs):
            r.add("HC009", p + ("pairs",), "two pairs share a left or a right side")
        return {"pairs": tuple(pairs)}

    def present(self, q: m.Question, rng: random.Random) -> Presented:
        order = derange(len(q.pairs), rng)
        return Presented(q, self, tuple(Choice(LETTERS[i], j, q.pairs[j].right, q.pairs[j].why)
                                  for i, j in enumerate(order)), lefts=tuple(p.left for p in q.pairs))

    def hint(self, pres: Presented) -> str:
        example = " ".join(f"{i + 1}{LETTERS[i]}" for i in range(len(pres.choices)))
        return f"pair each number with a letter, in the form '{example}'"

    def parse(self, pres: Presented, raw: str) -> Response:
        n = len(pres.lefts)
        pairs = _PAIR.findall(raw)
        leftover = _PAIR.sub(" ", raw)
        if pairs and SEPARATORS.sub("", leftover) == "":
            mapping: dict[int, Choice] = {}
            for num, letter in pairs:
                i = int(num)
                if not 1 <= i <= n:
                    raise InvalidAnswer(f"there is no item {i}; {pres.hint()}")
                if i - 1 in mapping:
                    raise InvalidAnswer(f"item {i} is paired twice; {pres.hint()}")
                mapping[i - 1] = choice_for(letter, pres)
        else:
            # the compact form without numbers: 'b a c' means 1b 2a 3c
            letters = split_answer(raw, len(pres.choices))
            if not all(p.isalpha() and len(p) == 1 for p in letters):
                raise InvalidAnswer(pres.hint())
            mapping = {i: choice_for(p, pres) for i, p in enumerate(letters)}
        if len(mapping) != n:
            raise InvalidAnswer(f"pair all {n} items; {pres.hint()}")
        if len({c.index for c in mapping.values()}) != n:
            raise InvalidAnswer(f"use each letter once; {pres.hint()}")
        return Response(tuple(mapping[i].index for i in range(n)),
                        " ".join(f"{i + 1}{mapping[i].label}" for i in range(n)))

    def grade(self, pres: Presented, resp: Response) -> Graded:
        q = pres.question
        notes = []
        for i, p in enumerate(q.pairs):
            got = resp.picks[i]
            notes.append(Note("placed" if got == i else "misplaced", f"{i + 1}{pres.by_index(i).label}",
                              f"{p.left} → {p.right}", p.why, f"{i + 1}{pres.by_index(got).label}",
                              q.pairs[got].right))
        placed = sum(n.tag == "placed" for n in notes)
        return Graded(resp.picks == tuple(range(len(q.pairs))),
                      " ".join(f"{i + 1}{pres.by_index(i).label}" for i in range(len(q.pairs))),
                      "; ".join(f"{p.left} → {p.right}" for p in q.pairs), tuple(notes),
                      placed / len(q.pairs) if q.pairs else 0.0)

    def json_extra(self, pres: Presented) -> dict[str, Any]:
        return {"items": [{"number": i + 1, "text": t} for i, t in enumerate(pres.lefts)]}

    def asked(self, q: m.Question) -> list[str]:
        return [q.prompt, *(f"{x.left} {x.right}" for x in q.pairs)]

    def feedback(self, q: m.Question) -> list[str]:
        return [*super().feedback(q), *(x.why for x in q.pairs if x.why)]


class Numeric(Kind):
    name = "numeric"
    label = "a number"
    card_how = "Answer with a number."
    required = {"answer": float, "explanation": str}
    optional = {"tolerance": float, "unit": str}

    def build(self, r: Reader, d: dict, p: YPath) -> dict[str, Any]:
        tol = float(d.get("tolerance", 0))
        if tol < 0:
            r.add("HC013", p + ("tolerance",), "tolerance must not be negative")
        return {"answer": float(d["answer"]), "tolerance": tol, "unit": d.get("unit", "")}

    def hint(self, pres: Presented) -> str:
        unit = pres.question.unit
        return "answer with a number" + (f" (optionally with the unit, {unit})" if unit else "")

    def parse(self, pres: Presented, raw: str) -> Response:
        mt = NUMBER.match(plain_number(raw))
        if not mt:
            raise InvalidAnswer(pres.hint())
        if re.fullmatch(r"[-+]?\d{1,3},\d{3}", mt.group(1)):  # 1,000: a thousands separator or a decimal comma?
            raise InvalidAnswer(f"'{mt.group(1)}' could be read two ways; write it without the comma (1000) "
                                "or with a decimal point (1.000)")
        number, rest = mt.group(1).replace(",", "."), mt.group(2).strip()
        unit = normalise_input(pres.question.unit)
        if rest in ("%", "percent", "per cent") and ("%" in unit or "percent" in unit):
            rest = ""  # '5%' for a unit of 'percentage points' or '% of peak'
        if rest and rest.replace(" ", "") != unit.replace(" ", ""):
            raise InvalidAnswer(f"'{rest[:20]}' is not the unit; {pres.hint()}")
        try:
            value = float(number)
        except ValueError:
            raise InvalidAnswer(pres.hint()) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidAnswer(pres.hint())
        return Response((), format_number(value), value)

    def key(self, pres: Presented) -> Response:
        return Response((), "", float(pres.question.answer or 0))

    def stored(self, resp: Response) -> Any:
        return resp.number

    def grade(self, pres: Presented, resp: Response) -> Graded:
        q = pres.question
        target = float(q.answer) if q.answer is not None else 0.0
        unit = f" {q.unit}" if q.unit else ""
        tol = f" (±{format_number(q.tolerance)} accepted)" if q.tolerance else ""
        expected = format_number(target)
        correct = abs(resp.number - target) <= q.tolerance + 1e-9
        return Graded(correct, expected, f"{expected}{unit}{tol}", ())

    def json_extra(self, pres: Presented) -> dict[str, Any]:
        return {"unit": pres.question.unit or None}


#: Every question type, by the name content files use.
KINDS: dict[str, Kind] = {k.name: k for k in (Single(), Multiple(), TrueFalse(), Order(), Match(), Numeric())}
