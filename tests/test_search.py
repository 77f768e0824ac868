"""Search: normalisation, query parsing, the cached index, the CLI and bad input."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from conftest import FIXTURE_CONTENT, invoke, run_cli, strip_ansi
from hormonecli.courseware.content import Content
from hormonecli.render.commands import Commands
from hormonecli.render.search import command
from hormonecli.search import build, normalise, query, snippet
from hormonecli.search import index as ix

# -- normalisation ---------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("17β-HSD", "17-beta HSD"), ("17β-HSD", "17 beta hsd"), ("17beta-HSD", "17 BETA-hsd"),
    ("IL-6", "IL6"), ("IL-6", "il 6"), ("Myokines", "myokine"), ("hormones", "hormone"),
    ("released", "releasing"), ("therapies", "therapy"), ("Ageing", "aging"), ("oestradiol", "estradiol"),
    ("café", "cafe"), ("5α-reductase", "5 alpha reductase"), ("µ-opioid", "mu opioid"), ("TNF–α", "tnf alpha"),
])
def test_both_spellings_give_the_same_tokens(a, b):
    assert normalise.tokens(a) == normalise.tokens(b)


@pytest.mark.parametrize("a,b", [("bone", "born"), ("muscle", "mussel"), ("cortisol", "cortisone"), ("axis", "axes")])
def test_different_words_stay_different(a, b):
    assert normalise.tokens(a) != normalise.tokens(b)


def test_fts_syntax_is_quoted_as_plain_words():
    parts = query.parse('NEAR(x y) AND "a b" OR -z ^w col:val *')
    match = " AND ".join(p.fts() for p in parts)
    assert all(p.fts().startswith(('"', "(")) for p in parts)
    assert match == '"a b" AND "near" AND "x" AND "y" AND "z" AND "w" AND "col" AND "val"'
    assert "*" not in match and ":" not in match and "^" not in match


def test_unbalanced_quote_is_a_character_not_a_phrase():
    assert [p.alternatives for p in query.parse('"gland alpha')] == [(("gland",),), (("alpha",),)]


def test_long_query_is_bounded():
    parts = query.parse("word " * 5000)
    assert 0 < len(parts) <= query.MAX_TOKENS


def test_snippet_highlights_whole_phrase_not_parts():
    text = "IL-6 rose; IL-10 and IL-1ra followed."
    spans = snippet.match_spans(text, {("il", "6")})
    assert [text[a:b] for a, b in spans] == ["IL-6"]


def test_snippet_is_bounded_and_centred_on_matches():
    text = ("filler " * 200) + "the gland releases alpha " + ("filler " * 200)
    shown, spans = snippet.make_snippet(text, {("gland",), ("alpha",)})
    assert len(shown) <= snippet.SNIPPET_CHARS + 2 and shown.startswith("…") and shown.endswith("…")
    assert sorted(shown[a:b] for a, b in spans) == ["alpha", "gland"]


# -- the index -------------------------------------------------------------------

@pytest.fixture
def index(fixture_content):
    return ix.open_index(Content())


def test_page_term_and_question_hits(index):
    res = index.search("gland")
    kinds = {h.kind for h in res.hits}
    assert kinds == {"term", "page", "question"}
    commands = Commands()
    term = next(h for h in res.hits if h.kind == "term")
    assert term.title == "Gland" and command(term, commands) == "hormonecli define Gland"
    page = next(h for h in res.hits if h.kind == "page")
    assert command(page, commands) == f"hormonecli learn {page.module} --page {page.page}"
    question = next(h for h in res.hits if h.kind == "question")
    assert command(question, commands) == f"hormonecli quiz --question {question.ref}"


def test_title_weighs_more_than_body(index):
    res = index.search("summary", kind="page")
    assert res.hits[0].page == "summary"


def test_alias_expansion_greek(index):
    res = index.search("α-gland", kind="term")
    assert res.hits and res.hits[0].title == "Gland"


def test_all_words_else_any_word(index):
    res = index.search("gland zzzqqq")
    assert res.fallback and res.hits
    res = index.search("gland alpha")
    assert not res.fallback and res.hits


def test_filters(index):
    assert {h.kind for h in index.search("alpha", kind="question").hits} == {"question"}
    assert {h.module for h in index.search("axis", module="beta-axis").hits} == {"beta-axis"}
    assert {h.module for h in index.search("axis").hits} >= {"alpha-axis", "beta-axis"}  # the filter narrowed


def test_no_hits_offers_suggestions(index):
    res = index.search("glnad")
    assert res.suggestions and res.suggestions[0] == "gland"
    assert res.suggested == "gland" and res.hits


def test_cached_index_is_reused_and_no_yaml_is_read(fixture_content):
    ix.open_index(Content())
    code = ("import sys\nfrom hormonecli.search.index import open_index\nfrom hormonecli.courseware.content import Content\n"
            "ix = open_index(Content())\n"
            "assert ix.search('gland').hits\n"
            "bad = [m for m in sys.modules if m.split('.')[0] == 'yaml' or m in "
            "('hormonecli.courseware.model', 'hormonecli.courseware.loader', 'hormonecli.courseware.links', 'rich', 'typer', 'rapidfuzz')]\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_changed_content_rebuilds(tmp_path, monkeypatch, private_cache):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(content))
    assert not ix.open_index(Content()).search("zebrafish").hits
    gl = content / "glossary" / "test.yaml"
    gl.write_text(gl.read_text() + "  - id: zebrafish\n    term: Zebrafish\n    definition: A small fish.\n")
    assert ix.open_index(Content()).search("zebrafish").hits
    assert 1 <= len(list(_index_path().parent.glob("search-*.sqlite"))) <= 4  # a few content sets stay warm


def test_a_term_id_finds_its_term_but_never_widens_a_search(tmp_path, monkeypatch, private_cache):
    """A pack repeating a term under new ids (gland-x2, gland-x3 ...) must not turn a search for
    'gland' into one phrase per id: that made a 200-fold pack's searches slow for nothing."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    gl = content / "glossary" / "test.yaml"
    gl.write_text(gl.read_text() + "".join(
        f"  - id: gland-x{k}\n    term: Gland\n    definition: The organ that releases alpha.\n" for k in range(2, 30))
        + "  - id: zeta\n    term: zeta\n    aliases: [zeta factor]\n    definition: A made-up factor.\n")
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(content))
    index = ix.open_index(Content())
    names = index.names(["gland", "gland x 7"])
    assert names["gland"] == (("gland",), ("alpha", "gland"))  # the name and its alias, no ids
    assert names["gland x 7"] == (("gland",), ("gland", "x", "7"))  # an id still reaches the term
    # a term named as its id keeps its name among its alternatives
    assert index.names(["zeta factor"])["zeta factor"] == (("zeta",), ("zeta", "factor"))
    assert index.search("gland").hits


def _index_path():
    from hormonecli import cache

    return cache.path(ix.index_name(Content().fingerprint))


def test_corrupt_index_is_rebuilt_silently(fixture_content, private_cache):
    ix.open_index(Content())
    path = _index_path()
    path.write_bytes(b"this is not a database" * 100)
    assert ix.open_index(Content()).search("gland").hits
    assert sqlite3.connect(path).execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == build.SCHEMA


def test_stale_index_is_rebuilt_silently(fixture_content, private_cache):
    ix.open_index(Content())
    path = _index_path()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 'old' WHERE key = 'schema'")
    conn.execute("DELETE FROM docs")
    conn.commit()
    conn.close()
    assert ix.open_index(Content()).search("gland").hits


def test_unwritable_cache_builds_in_memory(fixture_content, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("HORMONECLI_HOME", str(blocker))
    monkeypatch.setenv("HORMONECLI_CACHE", str(blocker / "cache"))
    assert ix.open_index(Content()).search("gland").hits


def test_two_processes_build_at_once(fixture_content, private_cache):
    code = ("from hormonecli.search.index import open_index\nfrom hormonecli.courseware.content import Content\nimport sys\n"
            "print(len(open_index(Content()).search('gland').hits))")
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=os.environ.copy()) for _ in range(4)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert len({o.strip() for o, _ in outs}) == 1 and int(outs[0][0]) > 0
    path = _index_path()
    assert path.is_file() and not list(path.parent.glob(".search-*"))
    assert ix.open_index(Content()).search("gland").hits


# -- the command -----------------------------------------------------------------

def test_cli_search_output(runner, fixture_content):
    out = invoke(runner, "search", "gland")
    assert out.exit_code == 0, out.stderr
    text = strip_ansi(out.stdout)
    assert "Glossary" in text and "Pages" in text and "Questions" in text
    assert "hormonecli define Gland" in text and "hormonecli learn alpha-axis --page overview" in text
    assert "alpha-axis › fundamentals › Overview" in text
    assert "hormonecli quiz --question alpha-" in text


def test_cli_search_json(runner, fixture_content):
    out = invoke(runner, "search", "gland", "--json", "--limit", "3")
    doc = json.loads(out.stdout)
    assert doc["format"] == 1 and doc["query"] == "gland" and doc["kind"] is None and doc["module"] is None
    hits = doc["hits"]
    assert 0 < len(hits) <= 3
    keys = set(hits[0])
    for h in hits:
        assert set(h) == keys  # every hit has every key; null where it does not apply
        assert {"kind", "module", "level", "page", "title", "snippet", "score", "command"} <= set(h)
        assert "" not in h.values()


def test_cli_kind_and_module(runner, fixture_content):
    hits = json.loads(invoke(runner, "search", "alpha", "--kind", "page", "--module", "alpha", "--json").stdout)["hits"]
    assert hits and {(h["kind"], h["module"]) for h in hits} == {("page", "alpha-axis")}
    bad = invoke(runner, "search", "alpha", "--kind", "video")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "unknown kind" in bad.stderr
    bad = invoke(runner, "search", "alpha", "--module", "nope")
    assert bad.exit_code == 2 and "no module named 'nope'" in bad.stderr


def test_cli_fallback_is_said(runner, fixture_content):
    out = invoke(runner, "search", "gland", "zzzqqq")
    assert out.exit_code == 0 and "Nothing matches every word" in out.stdout


def test_cli_no_hits_did_you_mean(runner, fixture_content):
    out = invoke(runner, "search", "glnad")
    assert out.exit_code == 0
    assert 'No results for "glnad"; showing results for "gland"' in strip_ansi(out.stdout).replace("\n", " ")
    out = invoke(runner, "search", "qqqqqqqqqq")
    assert out.exit_code == 0 and 'No results for "qqqqqqqqqq"' in out.stdout


@pytest.mark.parametrize("args", [("search", ""), ("search", "   "), ("search",)])
def test_empty_query_is_a_usage_error(runner, fixture_content, args):
    out = invoke(runner, *args)
    assert out.exit_code == 2
    assert out.stderr.startswith("hormonecli: error:") and out.stderr.count("\n") == 1


def test_only_punctuation(runner, fixture_content):
    out = invoke(runner, "search", "!!! ... ---")
    assert out.exit_code == 2 and out.stderr.count("\n") == 1 and "no letters or digits" in out.stderr


def test_ten_thousand_characters(runner, fixture_content):
    out = invoke(runner, "search", ("gland alpha " * 1000)[:10_000])
    assert out.exit_code == 0, out.stderr
    assert "hits for" in out.stdout and len(out.stdout.splitlines()[0]) < 120


@pytest.mark.parametrize("query", ['"', '*', 'NEAR', 'AND', 'OR', '(', ':', '-', '^', 'gland*', 'NEAR(gland alpha)',
                                   'gland OR', 'title:gland', '-gland', '^gland', '"gland', 'gland AND (alpha'])
def test_fts_syntax_is_plain_text(runner, fixture_content, query):
    out = invoke(runner, "search", "--", query)
    assert out.exit_code in (0, 2), out.stderr
    assert "unexpected" not in out.stderr and "fts5" not in out.stderr.lower()
    if "gland" in query:
        assert out.exit_code == 0 and "hormonecli define Gland" in out.stdout


@pytest.mark.parametrize("query", ["[bold]gland[/bold]", "[/]", "[link=http://x]gland", "\x1b[31mgland"])
def test_rich_markup_in_the_query_is_text(runner, fixture_content, query):
    out = invoke(runner, "search", query)
    assert "\x1b[31m" not in out.stdout and "\x1b[31m" not in out.stderr
    if query == "[/]":  # no words: one usage line, not a markup error
        assert out.exit_code == 2 and out.stderr == "hormonecli: error: nothing to search for: the query has no letters or digits\n"
    else:
        assert out.exit_code == 0, out.stderr
        if query.startswith("["):
            assert "hormonecli define Gland" in out.stdout
    if query.startswith("[") and query != "[/]":
        assert query[:6] in out.stdout


def test_define_uses_the_index(runner, fixture_content):
    out = invoke(runner, "define", "alpha", "gland")
    assert out.exit_code == 0, out.stderr
    text = " ".join(strip_ansi(out.stdout).split())
    assert text.startswith("Gland") and "The organ that releases alpha." in text
    assert "hormonecli learn alpha-axis --page overview" in text
    out = invoke(runner, "define", "glnd")
    assert out.exit_code == 2 and "did you mean 'Gland'" in out.stderr


def test_search_as_a_real_process(fixture_content):
    proc = run_cli("--plain", "search", "gland")
    assert proc.returncode == 0, proc.stderr
    assert "alpha-axis > fundamentals > Overview" in proc.stdout
