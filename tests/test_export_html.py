"""`export html` and `export markdown`: the files, their links, their structure and their escaping."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import invoke
from export_checks import Page, broken_links, hostile_pack, html_files, markdown_broken_links

SUMMARY = re.compile(r"^Wrote (\d+) pages?, a glossary, references and an index to (.+)/ \((\d+(?:\.\d)? (?:KB|MB|bytes))\)\n$")
LANDMARKS = ("header", "nav", "main", "footer")


def export(runner, kind: str, out: Path, *args: str, pre: tuple[str, ...] = ()):
    result = invoke(runner, *pre, "export", kind, *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def site(runner, tmp_path, fixture_content):
    out = tmp_path / "site"
    result = export(runner, "html", out)
    assert SUMMARY.match(result.stdout).group(1) == "18"
    assert result.stderr == ""
    return out


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_site_has_an_index_a_glossary_and_a_file_per_page(site):
    names = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    pages = {n for n in names if "/" in n}
    assert len(pages) == 18 and "alpha-axis/overview.html" in pages and "beta-axis/ba3.html" in pages
    assert {"index.html", "glossary.html", "references.html", "style.css"} <= names
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site")]  # no staging left behind


def test_every_link_resolves_and_nothing_comes_from_elsewhere(site):
    assert broken_links(site) == []
    for path in html_files(site):
        text = read(path)
        assert "<script" not in text and "src=" not in text and "@import" not in text
        assert [u for t, u in Page(text).links if t == "link"] in (["style.css"], ["../style.css"])
    assert "url(" not in read(site / "style.css") and "@import" not in read(site / "style.css")


def test_every_page_is_structured_for_assistive_technology(site):
    for path in html_files(site):
        page = Page(read(path))
        assert page.lang == "en", path
        assert page.headings.count(1) == 1 and page.headings[0] == 1, path
        assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:])), (path, page.headings)
        assert all(tag in page.tags for tag in LANDMARKS), path
        assert page.tags.count("main") == 1


def test_a_lesson_page_shows_what_the_terminal_shows(site):
    overview = read(site / "alpha-axis" / "overview.html")
    # inline markup: emphasis, strong, a glossary link, a citation and its reference, a cross-reference
    assert "<em>Alpha</em> hormone is released by the" in overview
    assert re.search(r'<a class="term" href="../glossary.html#term-gland" title="The organ that releases alpha.">Gland</a>',
                     overview)
    assert '<strong>target</strong> cells <span class="cites">(<a class="cite" href="#ref-doe2020">Doe and Roe 2020</a>)' in overview
    assert '<li id="ref-doe2020">Doe J, Roe R (2020). A study of alpha. J Test 2020;1:1-2.</li>' in overview
    assert '<a class="xref" href="../beta-axis/start.html">Start</a>' in overview
    # the diagram is drawn, with its loop labelled and dashed, and told in words
    svg = re.search(r"<svg.*?</svg>", overview, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Brain" in svg and "A-releasing hormone" in svg and ">inhibits</text>" in svg and "stroke-dasharray" in svg
    assert "▼" not in overview and "│" not in overview
    assert "Feedback: Gland inhibits Brain (alpha)." in overview
    # the notice opens the first page of each level only
    assert "Educational only, not medical advice" in overview
    for name, first in (("mid-one", True), ("deep-one", True), ("levels-with-age", False), ("summary", False)):
        assert ("Educational only, not medical advice:" in read(site / "alpha-axis" / f"{name}.html")) is first
    assert "Educational only, not medical advice:" in read(site / "index.html")


def test_tables_charts_claims_and_callouts(site):
    page = read(site / "alpha-axis" / "levels-with-age.html")
    assert '<caption id="table2">What changes</caption>' in page
    assert '<th scope="col" role="columnheader">Age</th>' in page and '<th scope="row" role="rowheader">Young</th>' in page
    assert '<td role="cell" data-label="Alpha">High</td>' in page
    assert "Alpha by age" in page and "(% of peak)" in page
    assert re.search(r'<th scope="row">20-29</th><td>.*?width:100\.0%.*?<span class="value">100</span>', page)
    assert re.search(r'<th scope="row">60-69</th><td>.*?width:40\.0%.*?<span class="value">40</span>', page)
    summary = read(site / "alpha-axis" / "summary.html")
    assert '<div class="claim claim-emerging"' in summary and "Evidence: EMERGING" in summary
    assert '<div class="callout callout-caution" role="note"' in summary and "<strong>Caution</strong>" in summary
    assert '<section class="keypoints"' in summary


def test_navigation_between_pages_levels_and_contents(site):
    page = read(site / "alpha-axis" / "summary.html")
    assert '<a rel="prev" href="../alpha-axis/levels-with-age.html">' in page
    assert '<a rel="next" href="../alpha-axis/mid-one.html">' in page and "Intermediate: " in page
    assert '<a href="../alpha-axis/overview.html" aria-current="true">Fundamentals</a>' in page
    assert '<a href="../alpha-axis/deep-one.html">Academic</a>' in page
    assert 'href="../index.html#module-alpha-axis-fundamentals">Contents</a>' in page
    assert "hormonecli learn alpha-axis --page summary" in page
    index = read(site / "index.html")
    assert '<h3 id="module-beta-axis-academic">Academic</h3>' in index and 'href="alpha-axis/overview.html"' in index
    glossary = read(site / "glossary.html")
    assert '<dt id="term-gland"><dfn>Gland</dfn></dt>' in glossary
    assert 'Taught in: <a href="alpha-axis/overview.html">' in glossary


def test_content_text_is_never_markup(runner, tmp_path, fixture_content):
    out = tmp_path / "site"
    export(runner, "html", out, pre=("--content-dir", str(hostile_pack(tmp_path / "pack"))))
    tricky = read(out / "gamma-axis" / "tricky.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; <em>safe</em>?" in tricky
    assert "<h1>Tricky &lt;i&gt;text&lt;/i&gt;</h1>" in tricky
    assert re.search(r'<caption id="table\d+">A &lt;caption&gt;</caption>', tricky) and 'data-label="B"' in tricky
    assert 'title="A term with &lt;markup&gt; &amp; an ampersand."' in tricky
    assert ">γ &lt;term&gt;</a>" in tricky
    everything = "".join(read(p) for p in html_files(out))
    assert "<script" not in everything and "<b>" not in everything and "<i>" not in everything
    assert 'href="javascript' not in everything and "javascript:alert(1)" in read(out / "references.html")
    assert broken_links(out) == []


def test_a_partial_export_links_only_to_what_it_holds(runner, tmp_path, fixture_content):
    out = tmp_path / "beta"
    result = export(runner, "html", out, "beta")
    assert SUMMARY.match(result.stdout).group(1) == "9"
    assert not (out / "alpha-axis").exists()
    assert '<span class="xref">Overview</span>' in read(out / "beta-axis" / "start.html")
    assert broken_links(out) == []


def test_markdown_has_the_same_pages_and_working_links(runner, tmp_path, fixture_content):
    out = tmp_path / "md"
    pack = hostile_pack(tmp_path / "pack")
    result = invoke(runner, "--content-dir", str(pack), "export", "markdown", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert re.match(r"^Wrote 27 pages, a glossary and an index to .+/md/ \(\d+ KB\)\n$", result.stdout)
    assert (out / "index.md").is_file() and (out / "glossary.md").is_file()
    assert len(list(out.glob("*/*.md"))) == 27
    assert markdown_broken_links(out) == []
    overview = read(out / "alpha-axis" / "overview.md")
    assert "*Alpha* hormone is released by the [Gland](../glossary.md#term-gland)" in overview
    assert "| Age | Alpha |" in read(out / "alpha-axis" / "levels-with-age.md")
    assert "1. Brain. To step 2: A-releasing hormone." in overview and "- ⊣ Gland inhibits Brain (alpha)." in overview
    tricky = read(out / "gamma-axis" / "tricky.md")
    assert r'Is \<script\>alert(1)\</script\> \& "quoted" *safe*?' in tricky
    assert r"| \<td\> | x \| y |" in tricky
    assert "<script>" not in tricky


TWIN_MODULE = '''format_version: 1
slug: twin-axis
title: The twin axis
summary: Two studies that share a first author and a year.
levels:
  fundamentals:
    pages:
      - id: twins
        title: Twins
        blocks:
          - p: "The {gland} and its {gland|twin} agree [@twin2020a; @twin2020b]."
          - diagram:
              title: The twin cascade
              steps: [{name: Upper, signal: twin-releasing hormone}, {name: Lower}]
              feedback: [{from: Lower, to: Upper, effect: inhibits, label: twin}]
      - {id: two, title: Two, blocks: [{p: Two.}]}
      - {id: three, title: Three, blocks: [{keypoints: [Three.]}]}
  intermediate:
    pages:
      - {id: i1, title: I1, blocks: [{p: One.}]}
      - {id: i2, title: I2, blocks: [{p: Two.}]}
      - {id: i3, title: I3, blocks: [{keypoints: [Three.]}]}
  academic:
    pages:
      - {id: a1, title: A1, blocks: [{p: One.}]}
      - {id: a2, title: A2, blocks: [{p: Two.}]}
      - {id: a3, title: A3, blocks: [{keypoints: [Three.]}]}
questions: []
'''
TWIN_REFERENCES = '''format_version: 1
references:
  - {id: twin2020a, authors: "Twin A, Other B, Third C", year: 2020, title: "Loading the upper gland: a trial", source: "J Test 2020;1:1"}
  - {id: twin2020b, authors: "Twin A, Fourth D, Fifth E", year: 2020, title: "Resting the lower gland", source: "J Test 2020;1:2"}
'''


def test_the_site_reads_citations_terms_and_diagrams_as_the_terminal_does(runner, tmp_path, fixture_content):
    pack = tmp_path / "pack"
    for kind, name, text in (("modules", "twin-axis.yaml", TWIN_MODULE), ("references", "twin.yaml", TWIN_REFERENCES)):
        (pack / kind).mkdir(parents=True, exist_ok=True)
        (pack / kind / name).write_text(text, encoding="utf-8")
    terminal = invoke(runner, "--content-dir", str(pack), "--plain", "learn", "twin", "--page", "twins", "--print",
                      env={"COLUMNS": "300"})
    assert terminal.exit_code == 0, terminal.stderr
    out = tmp_path / "site"
    export(runner, "html", out, "twin", pre=("--content-dir", str(pack)))
    page = read(out / "twin-axis" / "twins.html")
    shared = ["The Gland and its twin agree (Twin et al. 2020, Loading the upper gland; Twin et al. 2020, Resting the lower gland).",
              "Step 1: Upper. To step 2: twin-releasing hormone.", "Step 2: Lower.",
              "Feedback: Lower inhibits Upper (twin)."]
    text = re.sub(r"<[^>]+>", "", page)
    said = " ".join(terminal.stdout.split())  # the terminal wraps at its measure (100 columns at most)
    for line in shared:
        assert line in said, line
        assert line in text, line
