"""The search index: open (or build) it, and run queries and glossary lookups against it.

Claims are hits of their own (kind "claim"), and a snippet keeps its marker: the evidence
label when it is cut from a claim box, "Q:" in front of a question's prompt.

The index is a small SQLite FTS5 file in the cache dir, named by the content's
fingerprint (no YAML is read to compute it). It stores everything a hit needs for
output, so a search on unchanged content neither parses YAML nor loads the library.
A missing, stale or corrupt index is rebuilt silently; it is written to a temporary
file and moved into place, so processes building it at the same time never see half
a file. When the cache dir is not writable the index is built in memory.

Query words that spell a glossary term or one of its aliases also match the term's
other names (interleukin 6 = IL-6). This module imports neither Rich nor Typer.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from hormonecli.courseware.evidence import LABELS
from hormonecli.courseware.names import resolve, resolve_slug, suggest
from hormonecli.errors import UsageError
from hormonecli.escapes import shorten
from hormonecli.search.build import SCHEMA, build
from hormonecli.search.normalise import fold, index_text, key, tokens
from hormonecli.search.query import MAX_QUERY_CHARS, Part, natural, parse

if TYPE_CHECKING:
    from hormonecli.courseware.content import Content

T = TypeVar("T")
KINDS = ("term", "page", "claim", "question")
#: bm25 column weights: title, names (glossary aliases), headings and prompts, body text.
WEIGHTS = (10.0, 6.0, 3.0, 1.0)
#: claims and questions restate pages; they rank a little below them at the same text score.
KIND_FACTOR = {"term": 1.0, "page": 1.0, "claim": 0.8, "question": 0.7}
#: a question in plain words (see query.natural): pages that answer more of its words rank higher
#: (score × share of the query's parts found ** COVERAGE_POWER), and pages at the learner's level
#: ahead of deeper ones (× LEVEL_FACTOR[levels away]).
COVERAGE_POWER = 1.0
LEVEL_FACTOR = (1.0, 0.7, 0.5)
LEVELS = ("fundamentals", "intermediate", "academic")


class SearchError(UsageError):
    """A query that cannot be searched: a usage error (exit 2)."""


# -- hits ------------------------------------------------------------------------

@dataclass
class Hit:
    kind: str  # term | page | claim | question
    module: str
    module_title: str
    level: str
    page: str
    page_title: str
    title: str
    snippet: str
    highlights: list[tuple[int, int]]
    score: float
    ref: str = ""          # page: its id; question: its id; term: its id
    page_module: str = ""  # the module of `page` (a question may be taught in another module)
    definition: str = ""
    status: str = ""
    match: str = "all"  # all | any | suggested
    label: str = ""  # a claim's evidence label
    marks: list[tuple[int, int, str]] = field(default_factory=list)  # markers in the snippet (search/snippet.py)
    taught: list[tuple[str, str, str, str]] = field(default_factory=list)  # term: (module, level, page, title)


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    fallback: bool = False  # no hit had every word: these match any word
    suggestions: list[str] = field(default_factory=list)  # "did you mean" when nothing matched
    suggested: str = ""  # the suggestion whose hits are shown, when it was unambiguous
    kind: str = ""
    module: str = ""


@dataclass
class TermEntry:
    id: str
    term: str
    aliases: list[str]
    definition: str
    status: str
    taught: list[tuple[str, str, str, str]]  # (module, level, page id, page title)


def _regions(raw: str, size: int) -> list[tuple[int, int, str]]:
    """A document's marked regions as read back from the index; anything malformed is dropped."""
    import json

    if not raw:
        return []
    try:
        items = json.loads(raw)
    except ValueError:
        return []
    return [(a, b, n) for a, b, n in (r for r in items if isinstance(r, list) and len(r) == 3)
            if isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= size and (n in LABELS or n == "question")]


# -- the index -------------------------------------------------------------------

class Index:
    """An open search index."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # names of glossary terms, by stemmed n-gram
    def names(self, grams: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
        if not grams:
            return {}
        marks = ",".join("?" * len(grams))
        rows = self.conn.execute(f"SELECT phrase, alts FROM synonyms WHERE phrase IN ({marks})", grams)
        return {phrase: tuple(tuple(a.split()) for a in alts.split("|")) for phrase, alts in rows}

    def _run(self, parts: list[Part], joiner: str, kind: str, module: str, limit: int,
             level: str = "", plain_words: bool = False) -> list[tuple]:
        match = joiner.join(p.fts() for p in parts)
        # Rank on ids first and fetch the (large) document rows only for the winners: sorting
        # every match together with its body text is what made big content sets slow.
        if kind or module:
            sql = ("SELECT d.id, bm25(fts, ?, ?, ?, ?) AS rank "
                   "FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?")
        else:  # no filter: rank inside FTS alone, without the join
            sql = "SELECT rowid, bm25(fts, ?, ?, ?, ?) AS rank FROM fts WHERE fts MATCH ?"
        args: list = [*WEIGHTS, match]
        if kind:
            sql += " AND d.kind = ?"
            args.append(kind)
        if module:
            sql += " AND d.module = ?"
            args.append(module)
        sql += " ORDER BY rank LIMIT ?"
        args.append(limit * (20 if plain_words else 3))
        ranked = self.conn.execute(sql, args).fetchall()
        if not ranked:
            return []
        if plain_words and len(parts) > 1:
            ranked = self._covered(ranked, parts)
        marks = ",".join("?" * len(ranked))
        details = {row[0]: row for row in self.conn.execute(
            "SELECT id, kind, module, module_title, level, page, page_title, title, body, ref, page_module, "
            f"definition, status, regions FROM docs WHERE id IN ({marks})", [r[0] for r in ranked])}
        rows = [(*details[i], rank) for i, rank in ranked]
        scored = [(-row[-1] * KIND_FACTOR.get(row[1], 1.0) * (_level_factor(row[4], level) if plain_words else 1.0),
                   row) for row in rows]
        scored.sort(key=lambda x: -x[0])
        if not kind:  # claims are short and score high: in a mixed list they take at most a third
            room = max(1, -(-limit // 3))
            scored = [x for x in scored if x[1][1] != "claim" or (room := room - 1) >= 0]
        return scored[:limit]

    def _covered(self, ranked: list[tuple], parts: list[Part]) -> list[tuple]:
        """Each candidate's rank scaled by the share of the query's parts it contains."""
        ids = [r[0] for r in ranked]
        marks = ",".join("?" * len(ids))
        found = {i: 0 for i in ids}
        for part in parts:
            for (i,) in self.conn.execute(f"SELECT rowid FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
                                          [part.fts(), *ids]):
                found[i] += 1
        return [(i, rank * (found[i] / len(parts)) ** COVERAGE_POWER) for i, rank in ranked]

    def has(self, part: Part) -> bool:
        return self.conn.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (part.fts(),)).fetchone() is not None

    def search(self, query: str, *, kind: str = "", module: str = "", limit: int = 10, suggest: bool = True,
               level: str | Callable[[], str] = "") -> Results:
        """Ranked hits. A question in plain words ("why does testosterone fall with age") matches any of
        its words, ranked by how many it contains, preferring pages at `level` (the learner's); terms
        and phrases match all of their words."""
        parts = parse(query, self.names)
        if not parts:
            raise SearchError("nothing to search for: the query has no letters or digits")
        res = Results(query=query, kind=kind, module=module)
        plain_words = natural(query) and len(parts) > 1
        if plain_words:
            rows = self._run(parts, " OR ", kind, module, limit, level() if callable(level) else level,
                             plain_words=True)
            how = "all" if rows and self._all(rows[0][1], parts) else "any"
            res.fallback = bool(rows) and how == "any"
        else:
            rows = self._run(parts, " AND ", kind, module, limit)
            how = "all"
            if not rows and len(parts) > 1:
                rows = self._run(parts, " OR ", kind, module, limit)
                how = "any"
                res.fallback = bool(rows)
        if not rows and suggest:
            res.suggestions, fixed = self._suggest(query, parts)
            if fixed:
                again = self.search(fixed, kind=kind, module=module, limit=limit, suggest=False, level=level)
                if again.hits:
                    res.suggested = fixed
                    res.fallback = again.fallback
                    for h in again.hits:
                        h.match = "suggested"
                    res.hits = again.hits
            return res
        alts = {a for p in parts for a in p.alternatives}
        res.hits = [self._hit(row, score, alts, how) for score, row in rows]
        self._taught([h for h in res.hits if h.kind == "term"])
        return res

    def _taught(self, hits: list[Hit]) -> None:
        """Where each term hit is taught: (module, level, page id, page title), from the terms table."""
        import json

        if not hits:
            return
        marks = ",".join("?" * len(hits))
        taught = dict(self.conn.execute(f"SELECT id, taught FROM terms WHERE id IN ({marks})", [h.ref for h in hits]))
        for h in hits:
            h.taught = [tuple(t) for t in json.loads(taught.get(h.ref) or "[]")]

    def _all(self, row: tuple, parts: list[Part]) -> bool:
        match = " AND ".join(p.fts() for p in parts)
        return self.conn.execute("SELECT 1 FROM fts WHERE fts MATCH ? AND rowid = ?", (match, row[0])).fetchone() is not None

    def _hit(self, row: tuple, score: float, alts: set, how: str) -> Hit:
        from hormonecli.search.snippet import cut  # only hits need it (define and claims do not)

        (_id, kind, module, module_title, level, page, page_title, title, body, ref, page_module, definition, status,
         regions, _rank) = row
        snip = cut(body, alts, regions=_regions(regions, len(body)))
        label = status if kind == "claim" else ""
        return Hit(kind, module, module_title, level, page, page_title, title, snip.text, snip.spans, round(score, 3),
                   ref, page_module, definition, "" if label else status, how, label, snip.marks)

    # did you mean ...
    def _suggest(self, query: str, parts: list[Part]) -> tuple[list[str], str]:
        from rapidfuzz import fuzz, process

        vocab = [w for (w,) in self.conn.execute("SELECT word FROM vocab")]
        names = [n for (n,) in self.conn.execute("SELECT DISTINCT display FROM names")]
        suggestions: list[str] = []
        fixed_words: list[str] = []
        ambiguous = False
        whole = " ".join(fold(query))
        best_name = process.extract(whole, names, scorer=fuzz.ratio, processor=lambda s: " ".join(fold(s)),
                                    limit=2, score_cutoff=80) if names and len(whole) <= 60 else []
        if best_name and len(parts) > 1:
            return [best_name[0][0]], best_name[0][0]
        for part in parts[:6]:
            if self.has(part):
                fixed_words.append(part.text if not part.quoted else f'"{part.text}"')
                continue
            word = " ".join(fold(part.text))
            if len(word) < 3 or len(word) > 40:
                ambiguous = True
                continue
            found = process.extract(word, vocab, scorer=fuzz.ratio, limit=3, score_cutoff=75)
            found += [(n, s, i) for n, s, i in
                      process.extract(word, names, scorer=fuzz.ratio, processor=lambda s: " ".join(fold(s)),
                                      limit=2, score_cutoff=75)]
            found.sort(key=lambda f: -f[1])
            seen: list[str] = []
            for cand, sc, _ in found:
                if cand.lower() not in (s.lower() for s in seen):
                    seen.append(cand)
            if not seen:
                ambiguous = True
                continue
            suggestions.extend(seen[:3])
            top = [f for f in found if f[0] == seen[0]][0][1]
            second = next((f[1] for f in found if f[0].lower() != seen[0].lower()
                           and index_text(f[0]) != index_text(seen[0])), 0)
            if top - second < 5:
                ambiguous = True
            fixed_words.append(seen[0])
        suggestions = list(dict.fromkeys(suggestions))[:5]
        fixed = " ".join(fixed_words) if suggestions and not ambiguous else ""
        return suggestions, fixed

    # glossary lookups (define)
    def term(self, name: str) -> TermEntry | None:
        import json

        k = key(name)
        row = None
        for candidate in (k, "".join(tokens(name))):
            if not candidate:
                continue
            row = self.conn.execute(
                "SELECT t.id, t.term, t.aliases, t.definition, t.status, t.taught FROM terms t "
                "WHERE t.id IN (SELECT term FROM names WHERE key = ? OR skey = ?) ORDER BY t.position LIMIT 1",
                (candidate, candidate)).fetchone()
            if row:
                break
        if row is None:
            return None
        tid, term, aliases, definition, status, taught = row
        return TermEntry(tid, term, json.loads(aliases), definition, status, [tuple(t) for t in json.loads(taught)])

    def display_names(self) -> list[str]:
        """Every glossary term and alias as written, in glossary order (for shell completion)."""
        import json

        out: list[str] = []
        for term, aliases in self.conn.execute("SELECT term, aliases FROM terms ORDER BY position"):
            out.append(term)
            out.extend(json.loads(aliases))
        return out

    def term_names(self) -> dict[str, str]:
        """Every folded name -> the term's display name (for suggestions)."""
        return {k: t for k, t in self.conn.execute(
            "SELECT n.key, t.term FROM names n JOIN terms t ON t.id = n.term ORDER BY t.position")}


def _level_factor(level: str, preferred: str) -> float:
    if not preferred or level not in LEVELS or preferred not in LEVELS:
        return 1.0
    return LEVEL_FACTOR[abs(LEVELS.index(level) - LEVELS.index(preferred))]


def index_name(fingerprint: str) -> str:
    return f"search-{SCHEMA}-{fingerprint}.sqlite"


def _open_existing(path: Path, fingerprint: str) -> sqlite3.Connection | None:
    """The index at `path` if it is a database built for this content and schema; else None."""
    if not path.is_file():
        return None
    conn = None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema") != SCHEMA or meta.get("fingerprint") != fingerprint:
            conn.close()
            return None
        return conn
    except (sqlite3.Error, OSError, ValueError):
        if conn is not None:
            conn.close()
        return None


def _build_file(name: str, content: Content) -> sqlite3.Connection | None:
    """Build the index beside its final name and move it into place; None when the cache is not writable."""
    from hormonecli import cache

    target = cache.path(name)
    if target is None:
        return None
    tmp = target.with_name(f"{cache.TEMP_PREFIX}{os.getpid()}-{name}")
    try:
        tmp.unlink(missing_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            build(conn, content.library, content.fingerprint, content.progress)
        finally:
            conn.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error):
        try:
            tmp.unlink()
        except OSError:
            pass
        return None
    cache.remove_family("search-", keep=name, newest=3)  # a few content sets (packs on and off) stay warm
    return _open_existing(target, content.fingerprint)


def _from_prebuilt(name: str, fingerprint: str) -> sqlite3.Connection | None:
    """The wheel's prebuilt index of the shipped course, put in place under this fingerprint."""
    from hormonecli import cache

    data = cache.prebuilt("search.sqlite")
    target = cache.path(name)
    if data is None or target is None or not cache.write_bytes(f"{cache.TEMP_PREFIX}{os.getpid()}-{name}", data):
        return None
    tmp = target.with_name(f"{cache.TEMP_PREFIX}{os.getpid()}-{name}")
    try:
        conn = sqlite3.connect(tmp)
        try:
            with conn:
                schema = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if not schema or schema[0] != SCHEMA:
                    raise sqlite3.DatabaseError("prebuilt index of another schema")
                conn.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", (fingerprint,))
        finally:
            conn.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error):
        tmp.unlink(missing_ok=True)
        return None
    return _open_existing(target, fingerprint)


def open_index(content: Content, rebuild: bool = False) -> Index:
    """The search index for the content: reused when fresh, else (re)built; in memory when the
    cache cannot be written."""
    from hormonecli import cache

    name = index_name(content.fingerprint)
    target = cache.path(name)
    conn = None if rebuild or target is None else _open_existing(target, content.fingerprint)
    if conn is None and not rebuild and content.shipped_only:
        conn = _from_prebuilt(name, content.fingerprint)
    if conn is None:
        conn = _build_file(name, content)
        if conn is None:
            conn = sqlite3.connect(":memory:")
            build(conn, content.library, content.fingerprint, content.progress)
    return Index(conn)


KIND_NAMES = {"page": "page", "pages": "page", "term": "term", "terms": "term", "glossary": "term",
              "definition": "term", "definitions": "term", "question": "question", "questions": "question",
              "claim": "claim", "claims": "claim"}


def resolve_kind(value: str | None) -> str:
    if not value:
        return ""
    return resolve(value, KIND_NAMES, what="kind", choices="page, term, claim or question")


def search(content: Content, query: str, *, kind: str | None = None, module: str | None = None,
           limit: int = 10, level: str | Callable[[], str] = "") -> Results:
    """Search the content: the one call the CLI makes. `level`: the learner's level, preferred for
    questions in plain words."""
    if not query.strip():
        raise SearchError("empty query: give words to search for")
    if limit < 1:
        raise SearchError("--limit must be at least 1")
    want_kind = resolve_kind(kind)
    if not tokens(query[:MAX_QUERY_CHARS]):
        raise SearchError("nothing to search for: the query has no letters or digits")
    slug = resolve_slug([(mod["slug"], mod["aliases"]) for mod in content.modules], module) if module else ""
    return with_index(content, lambda index: index.search(query, kind=want_kind, module=slug, limit=limit,
                                                          level=level))


def with_index(content: Content, work: Callable[[Index], T]) -> T:
    """Run `work` on the index; an index damaged inside (it opened, but a query failed) is rebuilt once."""
    try:
        return work(open_index(content))
    except (sqlite3.DatabaseError, ValueError, TypeError, KeyError):
        return work(open_index(content, rebuild=True))


def define(content: Content, name: str) -> TermEntry:
    """A glossary entry by name or alias, from the index; a usage error with suggestions otherwise."""
    entry, names = with_index(content, lambda index: (index.term(name), index.term_names()))
    if entry is not None:
        return entry
    near = list(dict.fromkeys(names[k] for k in suggest(key(name), list(names), 3)))
    hint = f"; did you mean {' or '.join(repr(n) for n in near[:2])}?" if near else ""
    raise UsageError(f"no glossary entry for '{shorten(name)}'{hint}")
