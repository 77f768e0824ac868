"""What a learner sees and types: presented questions, choices, parsed answers, feedback notes.

The pieces every question kind (kinds.py) builds on, and the helpers that read typed
answers ('a c', '1,3', 'b a c', '1b 2a 3c'). Pure: no input, no printing.
"""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hormonecli.courseware import model as m

if TYPE_CHECKING:
    from hormonecli.quiz.kinds import Kind

LETTERS = "abcdefghijklmnopqrstuvwxyz"
MAX_INPUT = 200  # longer answers are refused (and never stored)


class InvalidAnswer(ValueError):
    """Input that is not an answer; the message is a one-line hint. Never counted."""


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
    kind: Kind                         # the question's kind, which laid it out
    choices: tuple[Choice, ...] = ()   # single, multiple, true-false, order; match: the shuffled rights
    lefts: tuple[str, ...] = ()        # match: the left-hand sides, numbered 1.. in the written order

    @property
    def type(self) -> str:
        return self.question.type

    def by_index(self, index: int) -> Choice:
        return next(c for c in self.choices if c.index == index)

    def hint(self) -> str:
        """How to answer this question, in one line."""
        return self.kind.hint(self)


@dataclass(frozen=True, slots=True)
class Response:
    """A parsed answer, in the question's written indices (stable across shuffles)."""

    picks: tuple[int, ...]  # single: (i,); multiple: chosen; true-false: (0,) true, (1,) false;
                            # order: indices first to last; match: the right index paired with each left
    labels: str             # the answer in the letters the learner saw (canonical form)
    number: float = 0.0     # numeric only


@dataclass(frozen=True, slots=True)
class Note:
    """One explanation line of the feedback: why an option (item, pair) is right or wrong."""

    tag: str    # options: "chosen-right" | "chosen-wrong" | "correct" (single: the key, not chosen)
                #   | "missed" (multiple: right, not chosen) | "left-out" (multiple: wrong, rightly not chosen)
                # order and match: "placed" | "misplaced"
    label: str  # the label the learner saw ("b", "3", "1c")
    text: str
    why: str
    yours: str = ""       # order and match: what the learner put in this place ("c", "1b")
    yours_text: str = ""  # ... spelled out


@dataclass(frozen=True, slots=True)
class Graded:
    correct: bool
    expected: str             # the correct answer in the learner's letters
    expected_text: str        # the same, spelled out
    notes: tuple[Note, ...]
    credit: float = 0.0       # 0..1; partial credit where the kind gives it


# -- reading answers ----------------------------------------------------------------

def normalise_input(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII), lower case, trimmed."""
    return unicodedata.normalize("NFKC", text).strip().lower()


SEPARATORS = re.compile(r"[\s,;/+&]+|\band\b")


def split_answer(text: str, size: int) -> list[str]:
    """Split 'a c', 'a,c', 'ac', '1,3', '13' into labels or numbers."""
    parts = [p for p in SEPARATORS.split(text) if p]
    if len(parts) == 1:
        word = parts[0]
        if word.isalpha() or (word.isdigit() and size <= 9):
            return list(word)
    return parts


def choice_for(token: str, pres: Presented) -> Choice:
    token = token.strip("().:")
    for c in pres.choices:
        if token == c.label:
            return c
    if token.isdigit() and 1 <= int(token) <= len(pres.choices):
        return pres.choices[int(token) - 1]
    raise InvalidAnswer(f"'{token[:20]}' is not one of the choices; {pres.hint()}")


def choices_for(parts: list[str], pres: Presented, raw: str) -> list[Choice]:
    """Every token as a choice; a word that is not made of labels is named whole in the hint."""
    try:
        return [choice_for(p, pres) for p in parts]
    except InvalidAnswer:
        if " " not in raw and len(parts) > 1:
            raise InvalidAnswer(f"'{raw[:20]}' is not one of the choices; {pres.hint()}") from None
        raise


def derange(n: int, rng: random.Random) -> list[int]:
    """A shuffle that is not the written (correct) order, so the answer is never shown."""
    order = list(range(n))
    if n < 2:
        return order
    for _ in range(20):
        rng.shuffle(order)
        if order != sorted(order):
            break
    return order


def format_number(value: float) -> str:
    """A number as a learner writes it: 40.0 -> '40', 2.5 -> '2.5', 1500000.0 -> '1500000'
    (answers, tolerances, chart values; in the terminal and in every export)."""
    if abs(value) >= 1e15:
        return repr(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


NUMBER = re.compile(r"^(?:about\s+|[~≈]\s*)?([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[-+]?\d+)?)\s*(.*)$")
# The minus sign the course prints (U+2212) and the dashes that stand in for it; NFKC has already
# made full-width and superscript forms plain (10⁻³ arrives as 10−3).
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\ufe63": "-"})
_GROUPED = re.compile(r"^([-+]?\d{1,3})((?:[ ,'’]\d{3}){1,})(?=$|[.\s%a-z])")  # 1 000 · 1,000,000 · 1'000
_TIMES_TEN = re.compile(r"^([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*[x×*·]\s*10\s*\^?\s*([-+]?\d{1,3})\b")


def plain_number(raw: str) -> str:
    """Common ways of writing a number turned into the one `NUMBER` reads: −2.8 → -2.8,
    1 000 and 1,000,000 → 1000 and 1000000, 2.8 × 10^-3 → 2.8e-3."""
    text = raw.translate(_MINUS)
    grouped = _GROUPED.match(text)
    if grouped and (grouped.group(2).count(",") != 1 or " " in grouped.group(2) or "'" in grouped.group(2)):
        digits = re.sub(r"[ ,'’]", "", grouped.group(2))
        text = grouped.group(1) + digits + text[grouped.end():]
    times = _TIMES_TEN.match(text)
    if times:
        text = f"{times.group(1)}e{times.group(2)}{text[times.end():]}"
    return text


def grade_choices(pres: Presented, chosen: set[int]) -> Graded:
    """Grade a choice of options: a note for each chosen option and for each right one left out."""
    right = [c for c in pres.choices if c.correct]
    notes = []
    for c in pres.choices:
        if c.index in chosen:
            notes.append(Note("chosen-right" if c.correct else "chosen-wrong", c.label, c.text, c.why))
        elif c.correct:
            notes.append(Note("correct", c.label, c.text, c.why))
    return Graded(chosen == {c.index for c in right}, " ".join(c.label for c in right),
                  "; ".join(f"{c.label}) {c.text}" for c in right), tuple(notes))
