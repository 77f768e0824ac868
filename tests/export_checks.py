"""What the export tests share: a content pack written to break escaping, and link checkers
for an exported folder (HTML and Markdown)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

HOSTILE_MODULE = '''format_version: 1
slug: gamma-axis
title: "The <gamma> & axis"
aliases: [gamma]
summary: "A module whose text tries <b>markup</b> & friends."
levels:
  fundamentals:
    pages:
      - id: tricky
        title: "Tricky <i>text</i>"
        blocks:
          - p: "Is <script>alert(1)</script> & \\"quoted\\" *safe*? See {gamma-term} and [[alpha-axis/overview]] [@evil2021]."
          - claim: {text: "Gamma <rises>.", evidence: mixed, cite: [evil2021]}
          - table: {caption: "A <caption>", columns: ["<th>", B], rows: [["<td>", "x | y"]]}
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
questions:
  - id: gamma-f01
    level: fundamentals
    type: single
    prompt: "Is <script>alert(1)</script> & *this* safe? [@evil2021]"
    page: tricky
    options:
      - {text: "Yes <b>", correct: true, why: "Escaped; evidence label: mixed."}
      - {text: "No &amp;", why: "It is text."}
  - id: gamma-f02
    level: fundamentals
    type: true-false
    prompt: Gamma rises.
    answer: true
    why_true: Right.
    why_false: Wrong.
    page: tricky
'''
HOSTILE_REFERENCES = '''format_version: 1
references:
  - id: evil2021
    authors: "Evil E, <Script> S"
    year: 2021
    title: "A <b>bold</b> title"
    source: "J Hack 2021;1:1"
    url: "javascript:alert(1)"
'''
HOSTILE_GLOSSARY = '''format_version: 1
terms:
  - id: gamma-term
    term: "γ <term>"
    definition: "A term with <markup> & an ampersand."
'''


def hostile_pack(root: Path) -> Path:
    """A content pack (for --content-dir) whose text is full of HTML and Markdown syntax."""
    for kind, name, text in (("modules", "gamma-axis.yaml", HOSTILE_MODULE),
                             ("references", "evil.yaml", HOSTILE_REFERENCES),
                             ("glossary", "gamma.yaml", HOSTILE_GLOSSARY)):
        (root / kind).mkdir(parents=True, exist_ok=True)
        (root / kind / name).write_text(text, encoding="utf-8")
    return root


class Page(HTMLParser):
    """What the checks need from one HTML file."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url) for a href, link href, any src
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.lang = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag in ("a", "link") and a.get("href") is not None:
            self.links.append((tag, a["href"]))
        if a.get("src") is not None:
            self.links.append((tag, a["src"]))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> list[str]:
    """Every link inside the site that points at a missing file or anchor; links off the site
    must be plain web links (references)."""
    pages = {p.resolve(): Page(p.read_text(encoding="utf-8")) for p in html_files(site)}
    bad = []
    for path, page in pages.items():
        for tag, url in page.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                if tag != "a":
                    bad.append(f"{path.name}: loads {url}")
                continue
            if parts.scheme or parts.netloc:
                bad.append(f"{path.name}: {url}")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file() or site.resolve() not in target.parents:
                bad.append(f"{path.relative_to(site.resolve())}: {url} (no such file)")
                continue
            if parts.fragment:
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    bad.append(f"{path.relative_to(site.resolve())}: {url} (no such anchor)")
    return bad


def markdown_broken_links(folder: Path) -> list[str]:
    bad = []
    anchors = {p.resolve(): set(re.findall(r'<a id="([^"]+)"></a>', p.read_text(encoding="utf-8")))
               for p in folder.rglob("*.md")}
    for path in anchors:
        for url in re.findall(r"\]\(<?([^)>\s]+)>?\)", path.read_text(encoding="utf-8")):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                continue
            target = (path.parent / parts.path).resolve() if parts.path else path
            if target not in anchors:
                bad.append(f"{path.name}: {url} (no such file)")
            elif parts.fragment and parts.fragment not in anchors[target]:
                bad.append(f"{path.name}: {url} (no such anchor)")
    return bad
