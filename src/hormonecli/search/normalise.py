"""Text normalised the same way on both sides of a search (index and query).

Case, diacritics, Greek letters and their names (β = beta), dashes and hyphens,
letters glued to digits (IL6 = IL-6 = IL 6), a few British spellings, and a small
conservative suffix stemmer (plurals, -ing, -ed, final -e).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
_GREEK_TRANS = str.maketrans({k: f" {v} " for k, v in GREEK.items()})
GREEK_CHARS: dict[str, str] = {}  # "beta" -> "β"
for _ch, _name in GREEK.items():
    GREEK_CHARS.setdefault(_name, _ch)

#: Words that carry no topic in a learner's question ("why does testosterone fall with age"). They
#: are dropped from queries outside quotes (unless nothing else is left); inside quotes they stay.
STOPWORDS = frozenset(
    "a about after again all also am an and any are as at be because been before being but by can could "
    "did do does doing done during each else ever for from get gets getting go goes going got had has have "
    "having he her here hers him his how i if in into is it its just like may me might more most much must "
    "my no nor not of off on once only or other our out over own really same she should so some such than "
    "that the their them then there these they this those through to too under until up us very was we "
    "were what when where whether which while who whom whose why will with would yes you your".split()
)

_WORD = re.compile(r"[^\W\d_]+|\d+")
_GREEK = re.compile("[\u0370-\u03ff]")
# combining marks left by NFKD (é -> e + U+0301): the blocks Unicode gives them in Latin and Greek text
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _spelling(tok: str) -> str:
    if tok.startswith("oestr") or tok.startswith("oedem"):
        tok = tok[1:]
    elif tok.startswith("haem"):
        tok = "h" + tok[2:]
    if "ageing" in tok:
        tok = tok.replace("ageing", "aging")
    for brit, us in (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"), ("ises", "izes")):
        if tok.endswith(brit) and len(tok) > len(brit) + 2:
            return tok[: -len(brit)] + us
    return tok


def words(text: str) -> list[str]:
    """The raw words of a text: lower case, no diacritics, Greek letters spelled out, and runs of
    letters and of digits apart (IL6 -> il, 6), all in one regex pass."""
    text = text.lower()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        if _GREEK.search(text):
            text = text.translate(_GREEK_TRANS)
    return _WORD.findall(text)


def fold(text: str) -> list[str]:
    """Words as normalised tokens (no stemming): `17β-HSD` -> ['17', 'beta', 'hsd']."""
    return [_spelling(t) for t in words(text)]


def _undouble(w: str) -> str:
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouylsz":
        return w[:-1]
    return w


def stem(w: str) -> str:
    """A small, conservative English suffix stemmer (same on both sides, so it only has to be consistent)."""
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") or w.endswith("ied"):
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) >= 6:
        w = _undouble(w[:-3])
    elif w.endswith("ed") and not w.endswith("eed") and len(w) >= 5:
        w = _undouble(w[:-2])
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@lru_cache(maxsize=65536)
def token(word: str) -> str:
    return stem(_spelling(word))


def tokens(text: str) -> list[str]:
    """Normalised, stemmed tokens. A course holds a few thousand distinct words in hundreds of
    thousands of occurrences, so each distinct word is normalised once (`token` is cached)."""
    return [token(w) for w in words(text)]


def index_text(text: str) -> str:
    return " ".join(tokens(text))


def key(text: str) -> str:
    """A name folded to one word, for exact lookups (`IL-6`, `il6`, `IL 6` -> `il6`)."""
    return "".join(fold(text))



#: The stop words as `tokens()` spells them (queries are compared after stemming: does -> doe).
STOP_TOKENS = frozenset(stem(_spelling(w)) for w in STOPWORDS)
