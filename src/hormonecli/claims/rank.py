"""The course's claims closest to a sentence met elsewhere ("peptides restore the GH of your twenties").

The sentence is read as search reads a query (search/normalise.py: case, Greek letters,
stems; glossary names, aliases and brands through the index), its filler dropped and its
everyday words widened (claims/lexicon.py). Claims are ranked in two steps:

1. BM25 over an OR of the sentence's parts in the claim index (claim text, the glossary
   names it marks up, its note, the page's headings), so no claim needs every word;
2. those candidates rescored by coverage: how much of the sentence (each part weighed by
   how rare it is among claims) the claim holds, in its own words above its note or page.

When the best claim covers too little of the sentence, nothing is close: the caller says
so and suggests `search`. The same claim on several pages is one result ("also on").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hormonecli.claims import lexicon
from hormonecli.claims.catalog import Claim, filters, read_claims
from hormonecli.errors import UsageError
from hormonecli.search.index import Index, open_index
from hormonecli.search.normalise import tokens
from hormonecli.search.query import MAX_QUERY_CHARS, Part, parse

if TYPE_CHECKING:
    from hormonecli.courseware.library import Content

#: bm25 column weights of the claim index: text, glossary names, note, page headings
WEIGHTS = (4.0, 3.0, 1.0, 1.0)
#: how much a part found only in the note or the page's headings counts, against the claim's own words
WEAK = 0.4
#: the share of the sentence (by weight) the best claim must hold to be called close
CLOSE = 0.34
#: results shown are at least this share of the best result's score
NEAR_BEST = 0.6
CANDIDATES = 60
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
    def names(grams: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
        found = dict(index.names(grams))
        for gram, alts in lexicon.synonyms(grams).items():
            found[gram] = tuple(dict.fromkeys(found.get(gram, ()) + alts))
        return found
    return names


def _holds(toks: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(toks[i:i + n]) == phrase for i in range(len(toks) - n + 1))


def parts_of(index: Index, sentence: str) -> list[Part]:
    """The sentence as parts worth matching: filler dropped, glossary names and everyday words widened."""
    parts = parse(sentence, _names(index))
    return [p for p in parts if len(p.alternatives) > 1 or not lexicon.is_filler(p.alternatives[0])]


def closest(content: Content, sentence: str, *, label: str | None = None, module: str | None = None,
            limit: int = 3) -> Matches:
    """The claims closest to a sentence, best first: the one call `claims "SENTENCE"` makes."""
    if not sentence.strip():
        raise UsageError("empty sentence: give the claim you met, in quotes")
    if not tokens(sentence[:MAX_QUERY_CHARS]):
        raise UsageError("nothing to match: the sentence has no letters or digits")
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    index = open_index(content)
    want_label, slug = filters(index, label, module)
    res = Matches(sentence, label=want_label, module=slug)
    parts = parts_of(index, sentence)
    if not parts:
        return res
    conn = index.conn
    weight: dict[int, float] = {}
    known: list[Part] = []

    def in_claims(part: Part) -> int:
        return conn.execute("SELECT count(*) FROM claim_fts WHERE claim_fts MATCH ?", (part.fts(),)).fetchone()[0]

    # how telling a word is comes from the whole course (pages, terms, questions and claims):
    # a larger sample than the claims alone, where 'help' would look as rare as 'peptide'
    docs = conn.execute("SELECT count(*) FROM docs").fetchone()[0] or 1

    def rarity(part: Part) -> float:
        df = conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (part.fts(),)).fetchone()[0]
        return math.log(1 + (docs - df + 0.5) / (df + 0.5))

    found: list[tuple[Part, int]] = []
    for part in parts:
        df = in_claims(part)
        typed = part.alternatives[0]
        if df or len(typed) == 1 or part.quoted:
            found.append((part, df))
            continue
        # a name no claim holds ('grip strength') still has words some claims hold ('strength')
        found.extend((p, in_claims(p)) for p in (Part(((t,),), t) for t in typed) if not lexicon.is_filler(p.alternatives[0]))
    parts = [p for p, _df in found]
    for i, (part, df) in enumerate(found):
        if df:
            weight[i] = rarity(part)
            known.append(part)
            res.words.append(part.text)
        else:
            res.unknown.append(part.text)
    if not known:
        return res
    # A word no claim holds still counts against closeness, as an average word would: a word the
    # course never uses says the sentence is about something else ('vitamin C cures colds' is not
    # about vitamin D); one the course uses elsewhere counts less.
    average = sum(weight.values()) / len(known)
    for i, part in enumerate(parts):
        if i not in weight:
            weight[i] = average * (ELSEWHERE if index.has(part) else UNKNOWN)
    sql = ("SELECT c.id, bm25(claim_fts, ?, ?, ?, ?) FROM claim_fts JOIN claims c ON c.id = claim_fts.rowid "
           "WHERE claim_fts MATCH ?")
    args: list = [*WEIGHTS, " OR ".join(p.fts() for p in known)]
    if want_label:
        sql += " AND c.label = ?"
        args.append(want_label)
    if slug:
        sql += " AND c.module = ?"
        args.append(slug)
    ranked = conn.execute(sql + " ORDER BY 2 LIMIT ?", [*args, CANDIDATES]).fetchall()
    if not ranked:
        return res
    ids = [r[0] for r in ranked]
    marks = ",".join("?" * len(ids))
    claims = {c.id: c for c in read_claims(index, f"WHERE id IN ({marks})", tuple(ids))}
    columns = {rowid: [str(col or "").split() for col in cols] for rowid, *cols in conn.execute(
        f"SELECT rowid, text, names, note, heads FROM claim_fts WHERE rowid IN ({marks})", ids)}
    whole = sum(weight.values())
    top_bm25 = max(-r[1] for r in ranked) or 1.0
    scored: list[tuple[float, float, Match]] = []
    for cid, bm25 in ranked:
        claim, cols = claims.get(cid), columns.get(cid)
        if claim is None or cols is None:
            continue
        held, words, owned = 0.0, [], 0
        for i, part in enumerate(parts):
            own = any(_holds(cols[0], a) or _holds(cols[1], a) for a in part.alternatives)
            near = own or any(_holds(cols[2], a) or _holds(cols[3], a) for a in part.alternatives)
            if near:
                held += weight[i] * (1.0 if own else WEAK)
                words.append(part.text)
                owned += own
        coverage = held / whole
        if owned < min(2, len(parts)):  # one shared word does not make two claims alike
            coverage = min(coverage, CLOSE / 3)
        score = coverage + 0.25 * (-bm25 / top_bm25)
        scored.append((score, coverage, Match(claim, round(score, 3), words)))
    scored.sort(key=lambda x: (-x[0], x[2].claim.id))
    if not scored or scored[0][1] < CLOSE:
        return res
    best = scored[0][0]
    seen: dict[str, Match] = {}
    for score, coverage, match in scored:
        first = seen.get(match.claim.key)
        if first is not None:
            first.also.append(match.claim)
            continue
        if len(seen) >= limit or score < best * NEAR_BEST or coverage < CLOSE / 2:
            continue
        seen[match.claim.key] = match
        res.matches.append(match)
    return res
