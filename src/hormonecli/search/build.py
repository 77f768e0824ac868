"""Building the search index: one SQLite FTS5 database over pages, claims, glossary terms and questions.

Claims (the evidence-labelled blocks) are search documents of their own and also fill the
claim index the evidence explorer reads (`claims`, `claim_fts`, and the everyday words of
search/lexicon.py, stemmed: `lexicon`, `filler`): same file, same cache, same rebuild rules."""
from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Callable

from hormonecli.search.normalise import index_text, key, token, words

if TYPE_CHECKING:
    from hormonecli.courseware.model import Library

SCHEMA = "7"

_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE modules(slug TEXT PRIMARY KEY, title TEXT, aliases TEXT, position INTEGER);
CREATE TABLE docs(id INTEGER PRIMARY KEY, kind TEXT, module TEXT, module_title TEXT, level TEXT, page TEXT,
                  page_title TEXT, title TEXT, body TEXT, ref TEXT, page_module TEXT, definition TEXT,
                  status TEXT, regions TEXT);
CREATE TABLE terms(id TEXT PRIMARY KEY, term TEXT, aliases TEXT, definition TEXT, status TEXT, taught TEXT,
                   position INTEGER);
CREATE TABLE names(phrase TEXT, key TEXT, skey TEXT, term TEXT, display TEXT);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skey ON names(skey);
CREATE TABLE synonyms(phrase TEXT PRIMARY KEY, alts TEXT) WITHOUT ROWID;
CREATE TABLE vocab(word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(title, names, heads, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE claims(id INTEGER PRIMARY KEY, label TEXT, text TEXT, note TEXT, sources TEXT, module TEXT,
                    module_title TEXT, level TEXT, page TEXT, page_title TEXT, key TEXT);
CREATE VIRTUAL TABLE claim_fts USING fts5(text, names, note, heads, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE lexicon(phrase TEXT PRIMARY KEY, alts TEXT) WITHOUT ROWID;
CREATE TABLE filler(word TEXT PRIMARY KEY) WITHOUT ROWID;
"""


def build(conn: sqlite3.Connection, library: Library, fingerprint: str,
          progress: Callable[[str, int, int], None] | None = None) -> None:
    """Fill an empty database with the index of a library, one module at a time."""
    from hormonecli.courseware import markup
    from hormonecli.courseware.evidence import claim_key
    from hormonecli.courseware.inline import cite_labels
    from hormonecli.courseware.model import Claim, Heading
    from hormonecli.quiz.kinds import KINDS
    from hormonecli.search import lexicon

    terms = library.terms
    cited = cite_labels(library.references)

    def plain(text: str) -> str:
        return markup.plain(text, terms)

    conn.executescript(_DDL)
    docs: list[tuple] = []
    fts: list[tuple] = []
    claims: list[tuple] = []
    claim_fts: list[tuple] = []
    vocab: set[str] = set()

    def add(kind: str, module: tuple[str, str], level: str, page: str, page_title: str, title: str, names: str, heads: str,
            body: str, ref: str, page_module: str = "", definition: str = "", status: str = "",
            shown: str | None = None, regions: list | None = None, titled: bool = True) -> None:
        """One document; `shown` is the text its snippets are cut from (the body unless given),
        `regions` the stretches of it that keep a marker (see search/snippet.py); `titled`: the
        title is indexed in the title column."""
        doc_id = len(docs) + 1
        docs.append((doc_id, kind, module[0], module[1], level, page,
                     page_title, title, body if shown is None else shown, ref, page_module, definition, status,
                     json.dumps(regions) if regions else ""))
        body_words = words(body)
        fts.append((doc_id, index_text(title) if titled else "", index_text(names), index_text(heads),
                    " ".join([token(w) for w in body_words])))
        vocab.update(body_words)  # filtered once at the end: a set update runs in C
        vocab.update(words(title))

    def term_names(text: str) -> str:
        """Every name of the glossary terms a text marks up, so a brand or alias finds it."""
        found: list[str] = []
        for seg in markup.refs(text):
            t = terms.get(seg.target) if seg.kind == "term" else None
            if t is not None:
                found.extend((t.term, *t.aliases))
        return " ; ".join(dict.fromkeys(found))

    taught: dict[str, list] = {}
    modules = []
    titles: dict[tuple[str, str], str] = {}
    questions: list[tuple] = []
    total = len(library.slugs)
    for pos, mod in enumerate(library.each()):
        if progress is not None:
            progress("Building the search index", pos, total)
        modules.append((mod.slug, mod.title, json.dumps(list(mod.aliases)), pos))
        for page in mod.pages:
            heads: list[str] = [mod.title]
            body: list[str] = []
            regions: list[tuple[int, int, str]] = []
            where = (mod.slug, page.level, page.id, page.title)
            used = 0  # length of " ".join(body) so far
            for block in page.blocks:
                first = used + (1 if body else 0)
                for role, text in block.texts():
                    segs = markup.parse(text)
                    flat = markup.plain_of(segs, terms)
                    if role == "head":
                        heads.append(flat)
                    else:
                        used += (1 if body else 0) + len(flat)
                        body.append(flat)
                    for seg in segs:
                        if seg.kind == "term" and where not in taught.setdefault(seg.target, []):
                            taught[seg.target].append(where)
                if isinstance(block, Claim):
                    regions.append((first, used, block.evidence))
            add("page", (mod.slug, mod.title), page.level, page.id, page.title, page.title, "", " ".join(heads), " ".join(body),
                page.id, mod.slug, regions=regions)
            titles[(mod.slug, page.id)] = page.title
            headings = [page.title, *(plain(b.text) for b in page.blocks if isinstance(b, Heading)), mod.title]
            for block in page.blocks:
                if not isinstance(block, Claim):
                    continue
                text, note = plain(block.text), plain(block.note)
                names = term_names(block.text + " " + block.note)
                # In the shared index a claim weighs like a page's headings: claims are short, and with
                # their text in the title column they would crowd the pages that teach them out of a search.
                add("claim", (mod.slug, mod.title), page.level, page.id, page.title, text, "", text, note, page.id,
                    mod.slug, status=block.evidence, shown=text, regions=[(0, len(text), block.evidence)],
                    titled=False)
                claim_id = len(claims) + 1
                claims.append((claim_id, block.evidence, text, note,
                               json.dumps([cited.get(r, r) for r in block.cite], ensure_ascii=False), mod.slug,
                               mod.title, page.level, page.id, page.title, claim_key(block.text, terms)))
                claim_fts.append((claim_id, index_text(text), index_text(names), index_text(note),
                                  index_text(" ".join(headings))))
        for q in mod.questions:
            kind = KINDS[q.type]
            prompt = plain(q.prompt)
            body_text = " ".join(plain(t) for t in (*kind.asked(q), *kind.feedback(q)) if t)
            questions.append(((mod.slug, mod.title), q, prompt, body_text, plain(kind.as_question(q))))
    for mod, q, prompt, body_text, asked in questions:  # after every module, so a page elsewhere has its title
        slug, page_id = q.page_ref
        add("question", mod, q.level, page_id, titles.get((slug, page_id), page_id), prompt, "", prompt,
            body_text, q.id, slug, shown=asked, regions=[(0, len(asked), "question")])
    term_rows, name_rows = [], []
    by_term: dict[str, list[str]] = {}  # each term's names (its term and aliases), as phrases
    named: set[str] = set()  # glossary names: in the vocabulary whatever their length or characters
    for pos, t in enumerate(terms.values()):
        definition, status = plain(t.definition), plain(t.status)
        term_rows.append((t.id, t.term, json.dumps(list(t.aliases), ensure_ascii=False), definition, status,
                          json.dumps(taught.get(t.id, []), ensure_ascii=False), pos))
        seen = set()
        own = (t.term, *t.aliases)
        for i, display in enumerate((*own, t.id)):
            phrase = index_text(display)
            if not phrase or phrase in seen:
                continue
            seen.add(phrase)
            name_rows.append((phrase, key(display), phrase.replace(" ", ""), t.id, display))
            if i < len(own):  # a name, not the id
                by_term.setdefault(t.id, []).append(phrase)
        add("term", ("", ""), "", "", "", t.term, " ; ".join(t.aliases), "", definition + (" " + status if status else ""),
            t.id, "", definition, status)
        named.update(a.lower() for a in (t.term, *t.aliases) if len(a) >= 3)
    conn.executemany("INSERT INTO modules VALUES (?,?,?,?)", modules)
    conn.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", docs)
    conn.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?,?)", claims)
    conn.executemany("INSERT INTO claim_fts(rowid, text, names, note, heads) VALUES (?,?,?,?,?)", claim_fts)
    conn.executemany("INSERT INTO fts(rowid, title, names, heads, body) VALUES (?,?,?,?,?)", fts)
    conn.executemany("INSERT INTO terms VALUES (?,?,?,?,?,?,?)", term_rows)
    conn.executemany("INSERT INTO names VALUES (?,?,?,?,?)", name_rows)
    # A query naming a term also finds its other names. A term's id finds the term (define, the
    # id's own phrase) but is not a name it is written under: thousands of terms sharing a name
    # would otherwise each add their id to every search for that name.
    synonyms: dict[str, list[str]] = {}
    for phrase, _k, _s, tid, _d in name_rows:
        alts = synonyms.setdefault(phrase, [])
        alts.extend(a for a in [*by_term.get(tid, []), phrase] if a not in alts)
    conn.executemany("INSERT INTO synonyms VALUES (?,?)", [(k, "|".join(v)) for k, v in synonyms.items()])
    vocab = {w for w in vocab if len(w) >= 4 and w.isalpha()} | named
    conn.executemany("INSERT OR IGNORE INTO vocab VALUES (?)", [(w,) for w in sorted(vocab)])
    conn.executemany("INSERT INTO lexicon VALUES (?,?)",
                     [(k, "|".join(" ".join(a) for a in alts)) for k, alts in lexicon.phrases()])
    conn.executemany("INSERT INTO filler VALUES (?)", [(w,) for w in sorted(lexicon.filler_words())])
    if progress is not None:
        progress("Building the search index", total, total)
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    conn.execute("INSERT INTO claim_fts(claim_fts) VALUES ('optimize')")
    conn.executemany("INSERT INTO meta VALUES (?,?)", [("schema", SCHEMA), ("fingerprint", fingerprint)])
    conn.commit()
