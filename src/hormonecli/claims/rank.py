"""The course's claims closest to a sentence met elsewhere ("peptides restore the GH of your twenties").

The sentence is read as search reads a query (search/normalise.py: case, Greek letters,
stems; glossary names, aliases and brands through the index), its filler dropped and its
everyday words widened (search/lexicon.py). Claims are ranked in two steps:

1. BM25 over an OR of the sentence's parts in the claim index (claim text, the glossary
   names it marks up, its note, the page's headings), so no claim needs every word;
2. those candidates rescored by coverage: how much of the sentence (each part weighed by
   how rare it is in the course) the claim holds, in its own words above its note or page.

When the best claim covers too little of the sentence, nothing is close: the caller says
so and suggests `search`. The same claim on several pages is one result ("also on").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hormonecli.claims.catalog import Claim, filters, read_claims, with_index
from hormonecli.errors import UsageError
from hormonecli.search.index import Index
from hormonecli.search.normalise import STOPWORDS, tokens
from hormonecli.search.query import MAX_QUERY_CHARS, Part, parse

if TYPE_CHECKING:
    from hormonecli.courseware.content import Content

#: bm25 column weights of the claim index: text, glossary names, note, page headings
WEIGHTS = (4.0, 3.0, 1.0, 1.0)
#: how much a part found only in the note or the page's headings counts, against the claim's own words
WEAK = 0.4
#: the share of the sentence (by weight) the best claim must hold to be called close
CLOSE = 0.34
#: results shown are at least this share of the best result's score
NEAR_BEST = 0.6
CANDIDATES = 60
#: how much BM25 (scaled to the best candidate's) adds to coverage
BM25_SHARE = 0.25
#: the weight of a word no claim holds, against the average word the claims do hold: one the
#: course never uses, and one it uses elsewhere
UNKNOWN = 0.75
ELSEWHERE = 0.3


@dataclass
class Match:
    claim: Claim
    score: float
    words: list[str]  # what the learner typed that this claim holds
    also: list[Claim] = field(default_factory=list)  # the same claim on other pages


@dataclass
class Matches:
    sentence: str
    matches: list[Match] = field(default_factory=list)
    words: list[str] = field(default_factory=list)    # the sentence's parts that were matched on
    unknown: list[str] = field(default_factory=list)  # parts no claim holds
    label: str = ""
    module: str = ""


def _names(index: Index):
    """Glossary names and everyday phrases among a sentence's stemmed n-grams, with what each finds."""
    def names(grams: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
        found = dict(index.names(grams))
        marks = ",".join("?" * len(grams))
        for gram, alts in index.conn.execute(f"SELECT phrase, alts FROM lexicon WHERE phrase IN ({marks})", grams):
            everyday = tuple(tuple(a.split()) for a in str(alts).split("|") if a)
            found[gram] = tuple(dict.fromkeys(found.get(gram, ()) + everyday))
        return found
    return names


def _padded(phrase: tuple[str, ...]) -> str:
    """A phrase of stemmed tokens as found inside a padded indexed column (' tok tok ')."""
    return " " + " ".join(phrase) + " "


def _word(text: str) -> str:
    """A typed word as shown back: without the sentence's punctuation around it ('bones.' -> 'bones')."""
    return text.strip(".,;:!?\"'()[]…“”‘’") or text


def parts_of(index: Index, sentence: str) -> list[Part]:
    """The sentence as parts worth matching: filler dropped, glossary names and everyday words widened."""
    parts = parse(sentence, _names(index))
    words = sorted({t for p in parts for t in p.alternatives[0]})
    marks = ",".join("?" * len(words))
    filler = {w for (w,) in index.conn.execute(f"SELECT word FROM filler WHERE word IN ({marks})", words)}

    def empty(phrase: tuple[str, ...]) -> bool:
        return all(t in filler or t in STOPWORDS or t.isdigit() for t in phrase)

    return [p for p in parts if len(p.alternatives) > 1 or not empty(p.alternatives[0])]


def closest(content: Content, sentence: str, *, label: str | None = None, module: str | None = None,
            limit: int = 3) -> Matches:
    """The claims closest to a sentence, best first: the one call `claims "SENTENCE"` makes."""
    if not sentence.strip():
        raise UsageError("empty sentence: give the claim you met, in quotes")
    if not tokens(sentence[:MAX_QUERY_CHARS]):
        raise UsageError("nothing to match: the sentence has no letters or digits")
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    want_label, slug = filters(content, label, module)
    return with_index(content, lambda index: _closest(index, sentence, want_label, slug, limit))


def _closest(index: Index, sentence: str, want_label: str, slug: str, limit: int) -> Matches:
    res = Matches(sentence, label=want_label, module=slug)
    parts, weights = _weigh(index, parts_of(index, sentence), res)
    if not res.words:
        return res
    scored = _score(index, parts, weights, _candidates(index, parts, want_label, slug))
    if not scored or scored[0][1] < CLOSE:
        return res
    best = scored[0][0]
    first: dict[str, Match] = {}
    for score, coverage, match in scored:
        same = first.get(match.claim.key)
        if same is not None:  # the same claim on another page
            same.also.append(match.claim)
        elif len(first) < limit and score >= best * NEAR_BEST and coverage >= CLOSE / 2:
            first[match.claim.key] = match
            res.matches.append(match)
    return res


def _weigh(index: Index, parts: list[Part], res: Matches) -> tuple[list[Part], list[float]]:
    """Each part with its weight: how telling it is across the whole course (pages, terms, questions
    and claims: a larger sample than the claims alone, where 'help' would look as rare as 'peptide').
    Parts no claim holds are noted in `res.unknown`; a name no claim holds ('grip strength') is
    split into its words, which some claims may hold ('strength')."""
    conn = index.conn
    docs = conn.execute("SELECT max(id) FROM docs").fetchone()[0] or 1  # ids run 1..n; count(*) would scan

    def in_claims(part: Part) -> bool:
        return conn.execute("SELECT 1 FROM claim_fts WHERE claim_fts MATCH ? LIMIT 1", (part.fts(),)).fetchone() \
            is not None

    found: list[tuple[Part, bool]] = []
    parts = [Part(p.alternatives, _word(p.text), p.quoted) for p in parts]
    for part in parts:
        held = in_claims(part)
        if held or len(part.alternatives[0]) == 1 or part.quoted:
            found.append((part, held))
        else:
            found.extend((p, in_claims(p)) for t in part.alternatives[0] for p in parts_of(index, t))
    weights: list[float | None] = []
    for part, held in found:
        if held:
            df = conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (part.fts(),)).fetchone()[0]
            weights.append(math.log(1 + (docs - df + 0.5) / (df + 0.5)))
            res.words.append(part.text)
        else:
            weights.append(None)
            res.unknown.append(part.text)
    known = [w for w in weights if w is not None]
    if not known:
        return [p for p, _ in found], []
    # A word no claim holds still counts against closeness, as an average word would: a word the
    # course never uses says the sentence is about something else ('vitamin C cures colds' is not
    # about vitamin D); one the course uses elsewhere counts less.
    average = sum(known) / len(known)
    return [p for p, _ in found], [w if w is not None else average * (ELSEWHERE if index.has(p) else UNKNOWN)
                                   for (p, _), w in zip(found, weights)]


def _candidates(index: Index, parts: list[Part], label: str, slug: str) -> list[tuple]:
    """(claim id, bm25) of the claims holding any part (parts no claim holds match nothing), best first."""
    sql = ("SELECT c.id, bm25(claim_fts, ?, ?, ?, ?) FROM claim_fts JOIN claims c ON c.id = claim_fts.rowid "
           "WHERE claim_fts MATCH ?")
    args: list = [*WEIGHTS, " OR ".join(p.fts() for p in parts)]
    if label:
        sql += " AND c.label = ?"
        args.append(label)
    if slug:
        sql += " AND c.module = ?"
        args.append(slug)
    return index.conn.execute(sql + " ORDER BY 2 LIMIT ?", [*args, CANDIDATES]).fetchall()


def _score(index: Index, parts: list[Part], weights: list[float], ranked: list[tuple]
           ) -> list[tuple[float, float, Match]]:
    """(score, coverage, match) for each candidate, best first. Coverage is the share of the
    sentence's weight the claim holds (in its note or page's headings it counts WEAK); a claim
    sharing a single word is never close; BM25 adds a little, as a tie-breaker."""
    if not ranked:
        return []
    ids = [r[0] for r in ranked]
    marks = ",".join("?" * len(ids))
    claims = {c.id: c for c in read_claims(index, f"WHERE id IN ({marks})", tuple(ids))}
    # each column as ' tok tok ... ': a phrase is held when ' its tokens ' is a substring
    columns = {rowid: [" " + " ".join(str(col or "").split()) + " " for col in cols] for rowid, *cols in
               index.conn.execute(f"SELECT rowid, text, names, note, heads FROM claim_fts WHERE rowid IN ({marks})",
                                  ids)}
    phrases = [[_padded(a) for a in part.alternatives] for part in parts]
    whole = sum(weights)
    top = max(-bm25 for _id, bm25 in ranked) or 1.0
    scored = []
    for cid, bm25 in ranked:
        claim, cols = claims.get(cid), columns.get(cid)
        if claim is None or cols is None:
            continue
        held, words, own_words = 0.0, [], 0
        for part, alts, weight in zip(parts, phrases, weights):
            own = any(a in cols[0] or a in cols[1] for a in alts)
            if own or any(a in cols[2] or a in cols[3] for a in alts):
                held += weight * (1.0 if own else WEAK)
                words.append(part.text)
                own_words += own
        coverage = held / whole
        if own_words < min(2, len(parts)):  # one shared word does not make two claims alike
            coverage = min(coverage, CLOSE / 3)
        score = coverage + BM25_SHARE * (-bm25 / top)
        scored.append((score, coverage, Match(claim, round(score, 3), words)))
    scored.sort(key=lambda x: (-x[0], x[2].claim.id))
    return scored
