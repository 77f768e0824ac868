"""Snippets: a window of text around the densest matches, with the matched words marked."""
from __future__ import annotations

import bisect
import re

from hormonecli.search.normalise import GREEK_CHARS, index_text, tokens

SNIPPET_CHARS = 180


def make_snippet(text: str, alts, width: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the densest matches, and the matched words' spans within it.

    `alts` holds the query's alternatives, each a tuple of stemmed tokens."""
    spans = match_spans(text, alts)
    if len(text) <= width:
        return text, spans
    best, best_at = (-1, -1), 0
    for i, (s, _e) in enumerate(spans):
        start = max(0, s - width // 4)
        inside = [sp for sp in spans[i:] if sp[1] <= start + width]
        distinct = len({index_text(text[a:b]) for a, b in inside})
        if (distinct, len(inside)) > best:
            best, best_at = (distinct, len(inside)), start
    start = best_at
    if start > 0:
        sp = text.find(" ", start)
        start = sp + 1 if 0 <= sp < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        sp = text.rfind(" ", start, end)
        end = sp if sp > start + width // 2 else end
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    body = text[start:end]
    snippet = lead + body.strip() + tail
    offset = start - len(lead) + (len(body) - len(body.lstrip()))
    out = [(a - offset, b - offset) for a, b in spans if a >= start and b <= end]
    return snippet, [(a, b) for a, b in out if 0 <= a < b <= len(snippet)]


_WORD = re.compile(r"[\w\u0370-\u03ff\u00b5]+(?:[-'’][\w\u0370-\u03ff]+)*")
def match_spans(text: str, alts) -> list[tuple[int, int]]:
    """(start, end) of every word in text that holds one of the alternatives (a phrase may span words)."""
    alts = {tuple(a) for a in alts if a}
    if not alts or not text:
        return []
    needles = set()
    for a in alts:
        for s in a:
            needles.add(s[:4] if len(s) > 4 else s)
            if s in GREEK_CHARS:
                needles.add(GREEK_CHARS[s])
    lowered = text.lower()
    if lowered.isascii() and not any(n in lowered for n in needles):
        return []
    singles = {a[0] for a in alts if len(a) == 1}
    multis = [a for a in alts if len(a) > 1]
    words = list(_WORD.finditer(lowered))
    cache: dict[int, list[str]] = {}

    def toks(i: int) -> list[str]:
        if i not in cache:
            cache[i] = tokens(words[i].group(0))
        return cache[i]

    # Candidate words: those holding a needle (found by one regex pass in C), and every
    # non-ASCII word (Greek letters and the like fold to other spellings, so check them all).

    starts = [w.start() for w in words]
    finder = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
    candidates = {bisect.bisect_right(starts, mt.start()) - 1 for mt in finder.finditer(lowered)}
    if not lowered.isascii():
        candidates |= {i for i, w in enumerate(words) if not w.group(0).isascii()}
    marked: set[int] = set()
    for i in sorted(c for c in candidates if c >= 0):
        here = toks(i)
        if singles.intersection(here):
            marked.add(i)
            continue
        for a in multis:
            for j, t in enumerate(here):
                if t != a[0]:
                    continue
                seq, k = list(here[j:]), i
                while len(seq) < len(a) and k + 1 < len(words) and k < i + len(a):
                    k += 1
                    seq += toks(k)
                if tuple(seq[: len(a)]) == a:
                    marked.update(range(i, k + 1))
    return [(words[i].start(), words[i].end()) for i in sorted(marked)]

