"""A query as parts: words, quoted phrases, and glossary names with all their spellings."""
from __future__ import annotations

import re
from dataclasses import dataclass

from hormonecli.search.normalise import STOP_TOKENS, tokens

MAX_TOKENS = 24
MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class Part:
    """One thing every hit must contain: any of `alternatives`, each a phrase of stemmed tokens."""

    alternatives: tuple[tuple[str, ...], ...]
    text: str  # what the user typed for it
    quoted: bool = False

    def fts(self) -> str:
        alts = ['"' + " ".join(a) + '"' for a in self.alternatives]
        return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"


def split_query(query: str) -> list[tuple[str, bool]]:
    """(chunk, quoted) pieces: text between balanced double quotes is a phrase."""
    query = query.replace("“", '"').replace("”", '"')
    pieces = query.split('"')
    if len(pieces) % 2 == 0:  # an unbalanced quote is just a character
        pieces[-2:] = [pieces[-2] + " " + pieces[-1]]
    out = []
    for i, piece in enumerate(pieces):
        if not piece.strip():
            continue
        if i % 2:
            out.append((piece, True))
        else:
            out.extend((w, False) for w in _WORDS_SPLIT.split(piece) if w)
    return out


# inside a typed word, hyphens, dashes and glued Greek letters or digits keep its parts together as a
# phrase (IL-6, 17β-HSD); other punctuation separates words (title:gland, bone/muscle)
_WORDS_SPLIT = re.compile(r"[\s:;,/\\()\[\]{}<>|*^+=!?&~`@#$%]+")


def parse(query: str, names=None) -> list[Part]:
    """The query as parts. `names(keys)` maps stemmed n-grams to every name of their glossary term."""
    query = query[:MAX_QUERY_CHARS]
    parts: list[Part] = []
    loose: list[tuple[str, str, int]] = []  # (stemmed token, surface word, word number) outside quotes
    for n, (chunk, quoted) in enumerate(split_query(query)):
        toks = tokens(chunk)
        if not toks:
            continue
        if quoted:
            parts.append(Part((tuple(toks),), chunk, True))
        else:
            loose.extend((t, chunk, n) for t in toks)
    loose = loose[: MAX_TOKENS * 2]
    grams: dict[str, tuple[tuple[str, ...], ...]] = {}
    if names is not None and loose:
        wanted = set()
        for i in range(len(loose)):
            for j in range(i + 1, min(i + 6, len(loose)) + 1):
                wanted.add(" ".join(t for t, _, _ in loose[i:j]))
        grams = names(sorted(wanted))
    i = 0
    while i < len(loose):
        for j in range(min(i + 6, len(loose)), i, -1):
            gram = " ".join(t for t, _, _ in loose[i:j])
            if gram in grams:
                typed = tuple(gram.split())
                # one-letter aliases (testosterone's "T") would match every T-score: typed ones only
                alts = (typed,) + tuple(a for a in grams[gram] if a != typed and len("".join(a)) > 1)
                words = list(dict.fromkeys(w for _, w, _ in loose[i:j]))
                parts.append(Part(alts, " ".join(words)))
                i = j
                break
        else:
            # the tokens of one typed word (IL-6 -> il 6) stay together as a phrase
            j = i + 1
            while j < len(loose) and loose[j][2] == loose[i][2]:
                j += 1
            phrase = tuple(t for t, _, _ in loose[i:j])
            parts.append(Part((phrase,), loose[i][1]))
            i = j
    content = [p for p in parts if p.quoted or len(p.alternatives) > 1
               or not (len(p.alternatives[0]) == 1 and p.alternatives[0][0] in STOP_TOKENS)]
    parts = content or parts
    return parts[:MAX_TOKENS]



QUESTION_WORDS = frozenset("why what how when where which who whom whose is are was were do does did can could "
                           "should would will may might am".split())


_TECHNICAL = re.compile(r"\d|[^\W\d_]+[A-Z]|[α-ωΑ-Ω]")


def natural(query: str) -> bool:
    """A question or phrase in plain words, not a term: it ends with '?' or opens with a question word;
    or it has two or more words outside quotes and none of them is written as a technical term
    (an abbreviation such as GnRH or SHBG, a number, a Greek letter)."""
    loose = [chunk for chunk, quoted in split_query(query[:MAX_QUERY_CHARS]) if not quoted]
    if not loose:
        return False
    if query.rstrip().endswith("?") or loose[0].lower() in QUESTION_WORDS:
        return True
    return len(loose) >= 2 and not any(_TECHNICAL.search(word) for word in loose)
