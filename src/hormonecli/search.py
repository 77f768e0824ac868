"""Full-text search over pages, glossary terms and questions (SQLite FTS5).

The index is a small SQLite file in the cache dir, named by the content's
fingerprint (file paths, sizes and mtimes: no YAML is read to compute it). It
stores everything a hit needs for output, so a search on unchanged content
neither parses YAML nor loads the library. A missing, stale or corrupt index is
rebuilt silently; it is written to a temporary file and moved into place with
os.replace, so processes building it at the same time never see half a file.
When the cache dir is not writable the index is built in memory.

Text is normalised the same way on both sides (index and query): case,
diacritics, Greek letters and their names (β = beta), dashes and hyphens,
letters glued to digits (IL6 = IL-6 = IL 6), a few British spellings, and a
small conservative suffix stemmer (plurals, -ing, -ed, final -e). Query words
that spell a glossary term or one of its aliases also match the term's other
names (interleukin 6 = IL-6).

This module imports neither Rich nor Typer.
"""
from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from hormonecli.errors import UsageError

SCHEMA = "4"
KINDS = ("term", "page", "question")
#: bm25 column weights: title, names (glossary aliases), headings and prompts, body text.
WEIGHTS = (10.0, 6.0, 3.0, 1.0)
#: questions restate pages; they rank a little below them at the same text score.
KIND_FACTOR = {"term": 1.0, "page": 1.0, "question": 0.7}
MAX_TOKENS = 24
MAX_QUERY_CHARS = 1000
SNIPPET_CHARS = 180

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
_GREEK_TRANS = str.maketrans({k: f" {v} " for k, v in GREEK.items()})
_GREEK_CHARS = {}
for _ch, _name in GREEK.items():
    _GREEK_CHARS.setdefault(_name, _ch)

STOPWORDS = frozenset(
    "a an and are as at be by do does for from how in into is it its of on or the to was what when where "
    "which who why with".split()
)

_SPLIT = re.compile(r"[\W_]+")
_GLUE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")


class SearchError(UsageError):
    """A query that cannot be searched: a usage error (exit 2)."""


# -- normalisation ---------------------------------------------------------------

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


def fold(text: str) -> list[str]:
    """Words as normalised tokens (no stemming): `17β-HSD` -> ['17', 'beta', 'hsd']."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_GREEK_TRANS)
    text = _GLUE.sub(" ", text)
    return [_spelling(t) for t in _SPLIT.split(text) if t]


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


def tokens(text: str) -> list[str]:
    return [stem(t) for t in fold(text)]


def index_text(text: str) -> str:
    return " ".join(tokens(text))


def key(text: str) -> str:
    """A name folded to one word, for exact lookups (`IL-6`, `il6`, `IL 6` -> `il6`)."""
    return "".join(fold(text))


# -- query parsing ---------------------------------------------------------------

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
            toks = tuple(t for t, _, _ in loose[i:j])
            parts.append(Part((toks,), loose[i][1]))
            i = j
    content = [p for p in parts if p.quoted or len(p.alternatives) > 1
               or not (len(p.alternatives[0]) == 1 and p.alternatives[0][0] in STOPWORDS)]
    parts = content or parts
    return parts[:MAX_TOKENS]


# -- hits ------------------------------------------------------------------------

@dataclass
class Hit:
    kind: str  # term | page | question
    module: str
    module_title: str
    level: str
    page: str
    page_title: str
    title: str
    snippet: str
    highlights: list[tuple[int, int]]
    score: float
    command: str
    definition: str = ""
    status: str = ""
    match: str = "all"  # all | any | suggested

    def as_json(self) -> dict:
        return {
            "kind": self.kind, "module": self.module, "level": self.level, "page": self.page,
            "title": self.title, "snippet": self.snippet, "score": self.score, "command": self.command,
            "module_title": self.module_title, "page_title": self.page_title,
            "highlights": [list(h) for h in self.highlights], "match": self.match,
            **({"definition": self.definition, "status": self.status} if self.kind == "term" else {}),
        }


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


# -- the index -------------------------------------------------------------------

class Index:
    """An open search index."""

    def __init__(self, conn: sqlite3.Connection, program: str = "hormonecli"):
        self.conn = conn
        self.program = program

    # names of glossary terms, by stemmed n-gram
    def names(self, grams: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
        if not grams:
            return {}
        marks = ",".join("?" * len(grams))
        rows = self.conn.execute(f"SELECT phrase, alts FROM synonyms WHERE phrase IN ({marks})", grams)
        return {phrase: tuple(tuple(a.split()) for a in alts.split("|")) for phrase, alts in rows}

    def modules(self) -> list[tuple[str, str, list[str]]]:
        import json

        return [(s, t, json.loads(a)) for s, t, a in
                self.conn.execute("SELECT slug, title, aliases FROM modules ORDER BY position")]

    def _run(self, parts: list[Part], joiner: str, kind: str, module: str, limit: int) -> list[tuple]:
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
        args.append(limit * 3)
        ranked = self.conn.execute(sql, args).fetchall()
        if not ranked:
            return []
        marks = ",".join("?" * len(ranked))
        details = {row[0]: row for row in self.conn.execute(
            "SELECT id, kind, module, module_title, level, page, page_title, title, body, command, definition, "
            f"status FROM docs WHERE id IN ({marks})", [r[0] for r in ranked])}
        rows = [(*details[i], rank) for i, rank in ranked]
        scored = [(-row[-1] * KIND_FACTOR.get(row[1], 1.0), row) for row in rows]
        scored.sort(key=lambda x: -x[0])
        return scored[:limit]

    def has(self, part: Part) -> bool:
        return self.conn.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (part.fts(),)).fetchone() is not None

    def search(self, query: str, *, kind: str = "", module: str = "", limit: int = 10, suggest: bool = True) -> Results:
        parts = parse(query, self.names)
        if not parts:
            raise SearchError("nothing to search for: the query has no letters or digits")
        res = Results(query=query, kind=kind, module=module)
        rows = self._run(parts, " AND ", kind, module, limit)
        how = "all"
        if not rows and len(parts) > 1:
            rows = self._run(parts, " OR ", kind, module, limit)
            how = "any"
            res.fallback = bool(rows)
        if not rows and suggest:
            res.suggestions, fixed = self._suggest(query, parts)
            if fixed:
                again = self.search(fixed, kind=kind, module=module, limit=limit, suggest=False)
                if again.hits:
                    res.suggested = fixed
                    res.fallback = again.fallback
                    for h in again.hits:
                        h.match = "suggested"
                    res.hits = again.hits
            return res
        alts = {a for p in parts for a in p.alternatives}
        res.hits = [self._hit(row, score, alts, how) for score, row in rows]
        return res

    def _hit(self, row: tuple, score: float, alts: set, how: str) -> Hit:
        (_id, kind, module, module_title, level, page, page_title, title, body, command, definition, status,
         _rank) = row
        snippet, spans = make_snippet(body, alts)
        return Hit(kind, module, module_title, level, page, page_title, title, snippet, spans, round(score, 3),
                   self.program + command, definition, status, how)

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

    def term_names(self) -> dict[str, str]:
        """Every folded name -> the term's display name (for suggestions)."""
        return {k: t for k, t in self.conn.execute(
            "SELECT n.key, t.term FROM names n JOIN terms t ON t.id = n.term ORDER BY t.position")}


# -- snippets --------------------------------------------------------------------

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
_VOCAB = re.compile(r"[^\W\d_]{4,}")


def match_spans(text: str, alts) -> list[tuple[int, int]]:
    """(start, end) of every word in text that holds one of the alternatives (a phrase may span words)."""
    alts = {tuple(a) for a in alts if a}
    if not alts or not text:
        return []
    needles = set()
    for a in alts:
        for s in a:
            needles.add(s[:4] if len(s) > 4 else s)
            if s in _GREEK_CHARS:
                needles.add(_GREEK_CHARS[s])
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
    import bisect

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


# -- building --------------------------------------------------------------------

_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE modules(slug TEXT PRIMARY KEY, title TEXT, aliases TEXT, position INTEGER);
CREATE TABLE docs(id INTEGER PRIMARY KEY, kind TEXT, module TEXT, module_title TEXT, level TEXT, page TEXT,
                  page_title TEXT, title TEXT, body TEXT, command TEXT, definition TEXT, status TEXT);
CREATE TABLE terms(id TEXT PRIMARY KEY, term TEXT, aliases TEXT, definition TEXT, status TEXT, taught TEXT,
                   position INTEGER);
CREATE TABLE names(phrase TEXT, key TEXT, skey TEXT, term TEXT, display TEXT);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skey ON names(skey);
CREATE TABLE synonyms(phrase TEXT PRIMARY KEY, alts TEXT) WITHOUT ROWID;
CREATE TABLE vocab(word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(title, names, heads, body, tokenize = 'unicode61 remove_diacritics 2');
"""


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def build(conn: sqlite3.Connection, library, fingerprint: str) -> None:
    """Fill an empty database with the index of a library."""
    import json

    from hormonecli import markup
    from hormonecli.links import page_texts

    terms = library.terms

    def plain(text: str) -> str:
        return markup.plain(text, terms)

    conn.executescript(_DDL)
    docs, fts, vocab = [], [], set()

    def words(text: str) -> None:
        vocab.update(_VOCAB.findall(text.lower()))

    def add(kind, module, level, page, page_title, title, names, heads, body, command, definition="", status=""):
        doc_id = len(docs) + 1
        docs.append((doc_id, kind, module.slug if module else "", module.title if module else "", level, page,
                     page_title, title, body, command, definition, status))
        fts.append((doc_id, index_text(title), index_text(names), index_text(heads), index_text(body)))
        words(title)
        words(body)

    taught: dict[str, list] = {}
    modules = []
    for pos, mod in enumerate(library.modules):
        modules.append((mod.slug, mod.title, json.dumps(list(mod.aliases)), pos))
        for page in mod.pages:
            heads, body = [mod.title], []
            for block in page.blocks:
                kind = type(block).__name__
                if kind == "Heading":
                    heads.append(plain(block.text))
                    continue
                for attr in ("title", "caption"):
                    v = getattr(block, attr, "")
                    if isinstance(v, str) and v:
                        heads.append(plain(v))
                for attr in ("text", "note"):
                    v = getattr(block, attr, "")
                    if isinstance(v, str) and v:
                        body.append(plain(v))
                for item in getattr(block, "items", ()) or ():
                    body.append(plain(item))
                cols = getattr(block, "columns", ()) or ()
                if cols:
                    body.append(" · ".join(plain(c) for c in cols))
                for row in getattr(block, "rows", ()) or ():
                    body.append(" · ".join(plain(c) for c in row))
                for step in getattr(block, "steps", ()) or ():
                    body.append(f"{step.name}: {step.signal}" if step.signal else step.name)
                for fb in getattr(block, "feedback", ()) or ():
                    body.append(f"{fb.source} {fb.effect} {fb.target}" + (f" ({fb.label})" if fb.label else ""))
                for pt in getattr(block, "points", ()) or ():
                    body.append(pt.label)
            for text in page_texts(page):
                for seg in markup.refs(text):
                    if seg.kind == "term":
                        where = (mod.slug, page.level, page.id, page.title)
                        lst = taught.setdefault(seg.target, [])
                        if where not in lst:
                            lst.append(where)
            add("page", mod, page.level, page.id, page.title, page.title, "", " ".join(heads), " ".join(body),
                f" learn {mod.slug} --page {page.id}")
        for q in mod.questions:
            slug, page_id = q.page_ref
            target = library.module(slug)
            tpage = target.page(page_id) if target else None
            expl = [q.explanation, q.why_true, q.why_false]
            expl += [f"{o.text}: {o.why}" for o in q.options]
            expl += [f"{i.text}: {i.why}" for i in q.items]
            expl += [f"{p.left} → {p.right}: {p.why}" for p in q.pairs]
            prompt = plain(q.prompt)
            body = " ".join([prompt] + [plain(e) for e in expl if e])
            add("question", mod, q.level, page_id if slug == mod.slug else f"{slug}/{page_id}",
                tpage.title if tpage else page_id, prompt, "", prompt, body, f" quiz {mod.slug}")
    term_rows, name_rows = [], []
    for pos, t in enumerate(terms.values()):
        definition, status = plain(t.definition), plain(t.status)
        term_rows.append((t.id, t.term, json.dumps(list(t.aliases), ensure_ascii=False), definition, status,
                          json.dumps(taught.get(t.id, []), ensure_ascii=False), pos))
        seen = set()
        for display in (t.term, *t.aliases, t.id):
            phrase = index_text(display)
            if not phrase or phrase in seen:
                continue
            seen.add(phrase)
            name_rows.append((phrase, key(display), phrase.replace(" ", ""), t.id, display))
        add("term", None, "", "", "", t.term, " ; ".join(t.aliases), "", definition + (" " + status if status else ""),
            f" define {_quote(t.term)}", definition, status)
        for a in (t.term, *t.aliases):
            vocab.add(a.lower()) if len(a) >= 3 else None
    conn.executemany("INSERT INTO modules VALUES (?,?,?,?)", modules)
    conn.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", docs)
    conn.executemany("INSERT INTO fts(rowid, title, names, heads, body) VALUES (?,?,?,?,?)", fts)
    conn.executemany("INSERT INTO terms VALUES (?,?,?,?,?,?,?)", term_rows)
    conn.executemany("INSERT INTO names VALUES (?,?,?,?,?)", name_rows)
    by_term: dict[str, list[str]] = {}
    for phrase, _k, _s, tid, _d in name_rows:
        by_term.setdefault(tid, []).append(phrase)
    synonyms: dict[str, list[str]] = {}
    for phrase, _k, _s, tid, _d in name_rows:
        alts = synonyms.setdefault(phrase, [])
        alts.extend(a for a in by_term[tid] if a not in alts)
    conn.executemany("INSERT INTO synonyms VALUES (?,?)", [(k, "|".join(v)) for k, v in synonyms.items()])
    conn.executemany("INSERT OR IGNORE INTO vocab VALUES (?)", [(w,) for w in sorted(vocab)])
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    conn.executemany("INSERT INTO meta VALUES (?,?)", [("schema", SCHEMA), ("fingerprint", fingerprint)])
    conn.commit()


def index_file(fingerprint: str) -> Path:
    from hormonecli.paths import cache_dir

    return cache_dir() / f"search-{fingerprint}.sqlite"


def _open_existing(path: Path, fingerprint: str) -> sqlite3.Connection | None:
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


def _build_file(path: Path, library, fingerprint: str) -> sqlite3.Connection | None:
    """Build the index next to `path` and move it into place; None when the cache dir is not writable."""
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".search-", suffix=".tmp")
        os.close(fd)
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            build(conn, library, fingerprint)
        finally:
            conn.close()
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob("search-*.sqlite"):
            if old.name != path.name:
                try:
                    old.unlink()
                except OSError:
                    pass
    except (OSError, sqlite3.Error):
        return None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return _open_existing(path, fingerprint)


def open_index(extra_dirs: list[str] | tuple[str, ...] = (), program: str = "hormonecli") -> Index:
    """The search index for the current content: reused when fresh, else (re)built."""
    from hormonecli.library import check_dirs, fingerprint
    from hormonecli.paths import content_dirs

    dirs = content_dirs(extra_dirs)
    check_dirs(dirs)
    fp = fingerprint(dirs)
    path = index_file(fp)
    conn = _open_existing(path, fp)
    if conn is None:
        from hormonecli.library import open_library

        library = open_library(extra_dirs)
        conn = _build_file(path, library, fp)
        if conn is None:
            conn = sqlite3.connect(":memory:")
            build(conn, library, fp)
    return Index(conn, program)


def resolve_kind(value: str | None) -> str:
    if not value:
        return ""
    want = value.strip().lower().rstrip("s")
    if want in ("glossary", "definition"):
        return "term"
    hits = [k for k in KINDS if want and k.startswith(want)]
    if len(hits) == 1:
        return hits[0]
    raise SearchError(f"unknown kind '{value[:40]}'; choose page, term or question")


def resolve_module(index: Index, name: str) -> str:
    """A module slug from a name, alias or prefix, with the library's rules and messages."""
    from hormonecli.library import resolve_slug

    return resolve_slug([(slug, aliases) for slug, _title, aliases in index.modules()], name)


def search(query: str, *, extra_dirs=(), kind: str | None = None, module: str | None = None, limit: int = 10,
           program: str = "hormonecli") -> Results:
    """Search the content: the one call the CLI makes."""
    if not query.strip():
        raise SearchError("empty query: give words to search for")
    if limit < 1:
        raise SearchError("--limit must be at least 1")
    want_kind = resolve_kind(kind)
    if not tokens(query[:MAX_QUERY_CHARS]):
        raise SearchError("nothing to search for: the query has no letters or digits")
    index = open_index(extra_dirs, program)
    slug = resolve_module(index, module) if module else ""
    return index.search(query, kind=want_kind, module=slug, limit=limit)


def define(name: str, *, extra_dirs=()) -> TermEntry:
    """A glossary entry by name or alias, from the index; a usage error with suggestions otherwise."""
    index = open_index(extra_dirs)
    entry = index.term(name)
    if entry is not None:
        return entry
    from hormonecli.library import _printable, suggest

    names = index.term_names()
    near = list(dict.fromkeys(names[k] for k in suggest(key(name), list(names), 3)))
    hint = f"; did you mean {' or '.join(repr(n) for n in near[:2])}?" if near else ""
    raise UsageError(f"no glossary entry for '{_printable(name)}'{hint}")
