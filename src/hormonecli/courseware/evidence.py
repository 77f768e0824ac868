"""Evidence labels: the four names, how a label reads and is coloured, and how claims compare.

One home for the label wherever it is shown (a page's claim box, search snippets, the
claims explorer): the word always comes first and colour second, so a label reads the
same with --plain, NO_COLOR or a screen reader. Styles are plain style names that both
Rich and the line writer understand.
"""
from __future__ import annotations

import re

from hormonecli.courseware.names import resolve

LABELS: tuple[str, ...] = ("established", "mixed", "emerging", "not-established")
STYLE = {
    "established": "bold green",
    "mixed": "bold yellow",
    "emerging": "bold cyan",
    "not-established": "bold red",
}
#: what each label means, in one line (shown beside claims the learner looks up)
MEANING = {
    "established": "consistent results from randomised trials or meta-analyses, or stated by a current guideline",
    "mixed": "studies disagree, or the effects are small or inconsistent",
    "emerging": "plausible and supported by mechanistic, animal or small human studies, but not confirmed",
    "not-established": "no adequate human evidence, or the evidence points the other way",
}
#: the accepted names; names.resolve folds 'not established' to 'not-established' and takes prefixes
NAMES = {label: label for label in LABELS}


def word(label: str) -> str:
    """How a label reads: 'not-established' -> 'not established'."""
    return label.replace("-", " ")


def shout(label: str) -> str:
    """The label as shown beside a claim: 'NOT ESTABLISHED'."""
    return word(label).upper()


def tag(label: str) -> str:
    """The label in front of a claim's text in lists and snippets: '[NOT ESTABLISHED]'."""
    return f"[{shout(label)}]"


def heading(label: str) -> str:
    """The first line of a claim box on a page: 'Evidence: NOT ESTABLISHED'."""
    return f"Evidence: {shout(label)}"


def colour(label: str) -> str:
    """The colour alone (for a box's border), never shown without the word."""
    return STYLE[label].split()[-1]


def resolve_label(name: str) -> str:
    """A label as typed: 'not established', 'not-established', 'Mixed', 'emerg' or 'not'."""
    return resolve(name, NAMES, what="evidence label", choices="established, mixed, emerging or not-established")


_FINAL = re.compile(r"[\s.!?;:,…\"'”’)]+$")
_LEAD = re.compile(r"^[\s\"'“‘(]+")


def claim_key(text: str, terms: dict | None = None) -> str:
    """A claim's text as compared for sameness: markup removed, case and whitespace folded,
    quotes around and punctuation at the end dropped."""
    from hormonecli.courseware import markup  # the linter and the index build need it; listing claims does not

    flat = " ".join(markup.plain(text, terms).lower().split())
    flat = flat.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return _LEAD.sub("", _FINAL.sub("", flat))
