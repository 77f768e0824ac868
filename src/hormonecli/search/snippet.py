"""Snippets: a window of text around the densest matches, with the matched words marked."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Sequence

from hormonecli.courseware import evidence
from hormonecli.search.normalise import GREEK_CHARS, index_text, tokens

SNIPPET_CHARS = 180


Span = tuple[int, int]
#: a stretch of the text that keeps a marker wherever it is cut: (start, end, name), where the
#: name is an evidence label (a claim box) or "question" (a question's prompt)
Region = tuple[int, int, str]


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: list[Span]  # the matched words
    marks: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, region name) of each marker


def marker(name: str) -> str:
    """What stands in front of a region's text in a snippet: '[EMERGING]' or 'Q:'."""
    return "Q:" if name == "question" else evidence.tag(name)


def make_snippet(text: str, alts, width: int = SNIPPET_CHARS) -> tuple[str, list[Span]]:
    """A window of `text` around the densest matches, and the matched words' spans within it.

    `alts` holds the query's alternatives, each a tuple of stemmed tokens."""
    cut_ = cut(text, alts, width)
    return cut_.text, cut_.spans


def cut(text: str, alts, width: int = SNIPPET_CHARS, regions: Sequence[Region] = ()) -> Snippet:
    """Like make_snippet, and every region the window overlaps keeps its marker: in front of
    the region's first word, or of the window when the region began before it. A claim cut
    out of its box still says its evidence label; a question's prompt still reads as a question."""
    spans = match_spans(text, alts)
    start, end = _window(text, spans, width)
    body = text[start:end]
    start += len(body) - len(body.lstrip())
    end = start + len(body.strip())
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    inserts = sorted((max(a, start), name) for a, b, name in regions if a < end and b > start)

    def at(x: int, before: bool) -> int:
        """Where position x of `text` lands in the snippet; `before`: markers at x are in front of it."""
        shift = sum(len(marker(name)) + 1 for p, name in inserts if p < x or (before and p == x))
        return len(lead) + x - start + shift

    pieces, pos, marks = [lead], start, []
    for p, name in inserts:
        pieces.append(text[pos:p])
        here = sum(len(x) for x in pieces)
        pieces.append(marker(name) + " ")
        marks.append((here, here + len(marker(name)), name))
        pos = p
    pieces.append(text[pos:end] + tail)
    shown = "".join(pieces)
    out = [(at(a, True), at(b, False)) for a, b in spans if a >= start and b <= end]
    return Snippet(shown, [(a, b) for a, b in out if 0 <= a < b <= len(shown)], marks)


def _window(text: str, spans: list[Span], width: int) -> tuple[int, int]:
    """Where the window starts and ends: around the densest matches, on word boundaries."""
    if len(text) <= width:
        return 0, len(text)
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
    return start, end


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

