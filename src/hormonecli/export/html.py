"""The course as an offline static site: an index, one file per page, a glossary and references.

Every file links to the others by relative paths and loads nothing from elsewhere: one
stylesheet beside the index, diagrams as inline SVG, no scripts. Content text is always
escaped; the only markup is what this module writes.
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Optional
from urllib.parse import quote

from hormonecli import NOTICE, __version__
from hormonecli.courseware import model as m
from hormonecli.courseware.evidence import shout
from hormonecli.courseware.inline import Piece
from hormonecli.courseware.names import ID_RE
from hormonecli.errors import ContentError
from hormonecli.escapes import clean
from hormonecli.export import svg
from hormonecli.export.output import staged_dir, tree_size
from hormonecli.export.walk import Selection, Stop, count, human_size
from hormonecli.quiz.answers import format_number

if TYPE_CHECKING:
    from hormonecli.courseware.content import Progress
    from hormonecli.render.commands import Commands

CSS_FILE = "style.css"
WHAT = "Exporting html"  # what the progress line says
CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"


def e(text: str) -> str:
    return escape(text, quote=True)


def safe_url(url: str) -> Optional[str]:
    """A web address fit for an href: http(s) only, so content cannot smuggle in javascript: links."""
    url = url.strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url, re.I) else None


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi.strip(), safe="/:;()._-")


def file_name(ident: str) -> str:
    """A slug or page id as a file name (ids are validated on load; checked again, as this names files)."""
    if not ID_RE.match(ident):
        raise ContentError(f"'{ident}' cannot name a file in the exported site")
    return ident


def page_href(slug: str, page_id: str, root: str) -> str:
    return f"{root}{file_name(slug)}/{file_name(page_id)}.html"


class HtmlText:
    """Content text as HTML: the inline markup read by the course, every character of content escaped.

    root: the way back to the site's top folder ("../" from a page), or None for no links at all
    (an Anki card). cite_href: where a citation links (the page's own reference list), or None.
    `cited` collects reference ids in order of first citation."""

    def __init__(self, course: Selection, module: Optional[m.Module], *, root: Optional[str] = None,
                 cite_href: Optional[Callable[[str], str]] = None):
        self.course, self.module, self.root, self.cite_href = course, module, root, cite_href
        self.cited: list[str] = []

    def __call__(self, text: str) -> str:
        return "".join(self.piece(p) for p in self.course.pieces(text, self.module))

    def piece(self, p: Piece) -> str:
        if p.kind == "text":
            return e(p.text)
        if p.kind == "em":
            return f"<em>{e(p.text)}</em>"
        if p.kind == "strong":
            return f"<strong>{e(p.text)}</strong>"
        if p.kind == "term":
            term = self.course.library.terms.get(p.target)
            title = f' title="{e(self.course.plain(term.definition))}"' if term else ""
            if self.root is not None and p.known:
                return f'<a class="term" href="{self.root}glossary.html#term-{e(p.target)}"{title}>{e(p.text)}</a>'
            return f'<span class="term"{title}>{e(p.text)}</span>'
        if p.kind == "xref":
            if self.root is not None and p.known:
                slug, _, page_id = p.target.partition("/")
                href = page_href(slug, page_id, self.root) if page_id else f"{self.root}index.html#module-{e(slug)}"
                return f'<a class="xref" href="{href}">{e(p.text)}</a>'
            return f'<span class="xref">{e(p.text)}</span>'
        names = []
        for rid, label in p.cites:
            self.note_cited(rid)
            if self.cite_href is not None and rid in self.course.library.references:
                names.append(f'<a class="cite" href="{self.cite_href(rid)}">{e(label)}</a>')
            else:
                names.append(e(label))
        return f' <span class="cites">({"; ".join(names)})</span>'

    def note_cited(self, rid: str) -> None:
        if rid not in self.cited:
            self.cited.append(rid)

    def sources(self, ids: tuple[str, ...]) -> str:
        """'Source: Doe and Roe 2020; …' under a table, chart or claim."""
        names = []
        for rid in ids:
            self.note_cited(rid)
            label = e(self.course.cite_label(rid))
            if self.cite_href is not None and rid in self.course.library.references:
                label = f'<a class="cite" href="{self.cite_href(rid)}">{label}</a>'
            names.append(label)
        return f'<p class="source">Source: {"; ".join(names)}</p>'


def reference_html(ref: m.Reference) -> str:
    """A reference in full, with its DOI (or address) as a link."""
    text = f"{e(ref.authors)} ({ref.year}). {e(ref.title)}. {e(ref.source)}."
    if ref.doi:
        text += f' <a href="{e(doi_url(ref.doi))}">doi:{e(ref.doi)}</a>'
    elif ref.url:
        url = safe_url(ref.url)
        text += f' <a href="{e(url)}">{e(ref.url)}</a>' if url else f" {e(ref.url)}"
    return text


def document(title: str, body: str, root: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<meta name="generator" content="hormonecli {e(__version__)}">\n'
        f"<title>{title}</title>\n"
        f'<link rel="stylesheet" href="{root}{CSS_FILE}">\n'
        "</head>\n"
        "<body>\n"
        '<a class="skip" href="#main">Skip to content</a>\n'
        f"{body}\n"
        "</body>\n"
        "</html>\n"
    )


def notice() -> str:
    head, _, rest = NOTICE.partition(":")
    return f'<p class="notice" role="note"><strong>{e(head)}:</strong>{e(rest)}</p>'


def site_nav(root: str, current: str) -> str:
    items = [("index.html", "Contents"), ("glossary.html", "Glossary"), ("references.html", "References")]
    here = ' aria-current="page"'
    links = "".join(f'<li><a href="{root}{href}"{here if href == current else ""}>{label}</a></li>'
                    for href, label in items)
    return f'<nav class="site-nav" aria-label="Site"><ul>{links}</ul></nav>'


def header(root: str, inner: str = "") -> str:
    return (f'<header class="site"><div class="bar"><a class="brand" href="{root}index.html">hormonecli</a>'
            f'<span class="tagline">exercise, aging and hormones</span></div>{inner}</header>')


def footer(extra: str = "") -> str:
    """The notice's head and its last sentence, under every page."""
    head, _, rest = NOTICE.partition(":")
    last = rest.strip().split(". ")[-1]
    return (f'<footer class="site">{extra}<p><strong>{e(head)}.</strong> {e(last)}</p>'
            f"<p>hormonecli {e(__version__)}</p></footer>")


class PageWriter:
    """One lesson page as a complete HTML document."""

    def __init__(self, course: Selection, stop: Stop):
        self.course, self.stop = course, stop
        self.module, self.page = stop.module, stop.page
        self.text = HtmlText(course, self.module, root="../", cite_href=lambda rid: f"#ref-{e(rid)}")
        self.ids = 0

    def next_id(self, kind: str) -> str:
        self.ids += 1
        return f"{kind}{self.ids}"

    def render(self) -> str:
        mod, page, t = self.module, self.page, self.text
        body = [f"<h1>{t(page.title)}</h1>",
                f'<p class="where">{e(self.course.plain(mod.title))} · {e(page.level)} · '
                f"page {page.number} of {self.stop.total}</p>"]
        if page.number == 1:
            body.append(notice())
        body += [self.block(b) for b in page.blocks]
        body.append(self.references())
        title = f"{e(self.course.plain(page.title))} · {e(self.course.plain(mod.title))} · hormonecli"
        terminal = f"<p>In the terminal: <code>{e(clean(self.course.commands.learn(mod.slug, page.id)))}</code></p>"
        html = "\n".join([
            header("../", self.levels_nav()),
            '<main id="main">', *[b for b in body if b], "</main>",
            self.pager(),
            footer(terminal),
        ])
        return document(title, html, "../")

    # -- navigation -------------------------------------------------------------
    def levels_nav(self) -> str:
        mod, page = self.module, self.page
        items = []
        for level in mod.levels:
            if not level.pages:
                continue
            current = ' aria-current="true"' if level.name == page.level else ""
            items.append(f'<li><a href="{page_href(mod.slug, level.pages[0].id, "../")}"{current}>'
                         f"{e(level.name.capitalize())}</a></li>")
        items.append(f'<li><a href="../index.html#module-{e(mod.slug)}-{e(page.level)}">Contents</a></li>')
        items.append('<li><a href="../glossary.html">Glossary</a></li>')
        return (f'<nav class="levels" aria-label="Levels and contents">'
                f'<p class="module-name">{e(self.course.plain(mod.title))}</p><ul>{"".join(items)}</ul></nav>')

    def pager(self) -> str:
        mod, page = self.module, self.page

        def link(target: Optional[m.Page], rel: str, word: str) -> str:
            if target is None:
                return f'<li class="{rel}"></li>'
            where = "" if target.level == page.level else f"{e(target.level.capitalize())}: "
            return (f'<li class="{rel}"><a rel="{rel}" href="{page_href(mod.slug, target.id, "../")}">'
                    f'<span class="dir">{word}</span> <span class="to">{where}{e(self.course.plain(target.title))}'
                    "</span></a></li>")

        return ('<nav class="pager" aria-label="Pages"><ul>'
                f'{link(self.stop.prev, "prev", "← Previous")}'
                f'<li class="toc"><a href="../index.html#module-{e(mod.slug)}-{e(page.level)}">Contents</a></li>'
                f'{link(self.stop.next, "next", "Next →")}'
                "</ul></nav>")

    def references(self) -> str:
        if not self.text.cited:
            return ""
        refs = self.course.library.references
        items = []
        for rid in self.text.cited:
            ref = refs.get(rid)
            items.append(f'<li id="ref-{e(rid)}">' + (reference_html(ref) if ref else f"{e(rid)} (missing)") + "</li>")
        return ('<section class="references" aria-labelledby="references">'
                f'<h2 id="references">References</h2><ol>{"".join(items)}</ol></section>')

    # -- blocks -----------------------------------------------------------------
    def block(self, b: m.Block) -> str:
        t = self.text
        if isinstance(b, m.Paragraph):
            return f"<p>{t(b.text)}</p>"
        if isinstance(b, m.Heading):
            return f"<h2>{t(b.text)}</h2>"
        if isinstance(b, m.BulletList):
            return "<ul>" + "".join(f"<li>{t(i)}</li>" for i in b.items) + "</ul>"
        if isinstance(b, m.KeyPoints):
            ident = self.next_id("keypoints")
            return (f'<section class="keypoints" aria-labelledby="{ident}"><h2 id="{ident}">Key points</h2><ul>'
                    + "".join(f"<li>{t(i)}</li>" for i in b.items) + "</ul></section>")
        if isinstance(b, m.Table):
            return self.table(b)
        if isinstance(b, m.Diagram):
            return self.diagram(b)
        if isinstance(b, m.Chart):
            return self.chart(b)
        if isinstance(b, m.Callout):
            kind = e(b.kind.capitalize())
            title = f": {t(b.title)}" if b.title else ""
            return (f'<div class="callout callout-{e(b.kind)}" role="note" aria-label="{kind}">'
                    f'<p class="callout-title"><strong>{kind}</strong>{title}</p><p>{t(b.text)}</p></div>')
        if isinstance(b, m.Claim):
            return self.claim(b)
        return ""  # pragma: no cover - every block type is handled above

    def table(self, b: m.Table) -> str:
        t = self.text
        ident = self.next_id("table")
        labels = [self.course.plain(c) for c in b.columns]
        head = "".join(f'<th scope="col" role="columnheader">{t(c)}</th>' for c in b.columns)
        rows = []
        for row in b.rows:
            cells = []
            for i, cell in enumerate(row):
                if i == 0 and len(row) > 1:
                    cells.append(f'<th scope="row" role="rowheader">{t(cell)}</th>')
                else:
                    label = labels[i] if i < len(labels) else ""
                    cells.append(f'<td role="cell" data-label="{e(label)}">{t(cell)}</td>')
            rows.append(f'<tr role="row">{"".join(cells)}</tr>')
        source = t.sources(b.cite) if b.cite else ""
        return (f'<div class="table-wrap" role="region" aria-labelledby="{ident}" tabindex="0">'
                f'<table class="data" role="table" aria-labelledby="{ident}">'
                f'<caption id="{ident}">{t(b.caption)}</caption>'
                f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>'
                f'<tbody role="rowgroup">{"".join(rows)}</tbody></table></div>{source}')

    def diagram(self, b: m.Diagram) -> str:
        t = self.text
        ident = self.next_id("diagram")
        words = [clean(w) for w in b.in_words()]
        drawing = svg.diagram_svg(b, ident, " ".join(words))
        loops = ""
        if b.feedback:
            items = []
            for f in b.feedback:
                mark = "⊣" if f.effect == "inhibits" else "→"
                label = f": {e(clean(f.label))}" if f.label else ""
                items.append(f'<li class="loop loop-{e(f.effect)}"><strong>{e(clean(f.source))}</strong> '
                             f'<span class="effect">{mark} {e(f.effect)}</span> <strong>{e(clean(f.target))}</strong>'
                             f"{label}</li>")
            loops = f'<p class="loops-title">Feedback</p><ul class="loops">{"".join(items)}</ul>'
        note = f'<p class="note">{t(b.note)}</p>' if b.note else ""
        steps = "".join(f"<li>{e(w)}</li>" for w in words)
        return (f'<figure class="diagram" aria-labelledby="{ident}-caption">'
                f'<figcaption id="{ident}-caption"><span class="kind">Diagram</span> {e(clean(b.title))}</figcaption>'
                f'<div class="drawing">{drawing}</div>{loops}{note}'
                f"<details><summary>The diagram in words</summary><ol>{steps}</ol></details></figure>")

    def chart(self, b: m.Chart) -> str:
        t = self.text
        ident = self.next_id("chart")
        top = max((p.value for p in b.points), default=0) or 1
        short_unit = b.unit if 0 < len(b.unit) <= 4 else ""
        unit_note = f" ({e(self.course.plain(b.unit))})" if len(b.unit) > 4 else ""
        rows = []
        for p in b.points:
            value = format_number(p.value) + (f" {e(clean(short_unit))}" if short_unit else "")
            width = max(0.0, min(100.0, 100 * p.value / top))
            rows.append(f'<tr><th scope="row">{e(clean(p.label))}</th><td><span class="track">'
                        f'<span class="bar" style="width:{width:.1f}%"></span></span>'
                        f'<span class="value">{value}</span></td></tr>')
        note = f'<p class="note">{t(b.note)}</p>' if b.note else ""
        return (f'<figure class="chart"><table class="bars" aria-labelledby="{ident}">'
                f'<caption id="{ident}"><span class="kind">Chart</span> {e(clean(b.title))}{unit_note}</caption>'
                f'<thead><tr><th scope="col">Group</th><th scope="col">Value{unit_note}</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>{note}{t.sources(b.cite)}</figure>')

    def claim(self, b: m.Claim) -> str:
        t = self.text
        label = shout(b.evidence)
        note = f'<p class="note">{t(b.note)}</p>' if b.note else ""
        return (f'<div class="claim claim-{e(b.evidence)}" role="note" aria-label="Claim, evidence {label.lower()}">'
                f'<p class="evidence"><span class="label">Evidence: {label}</span></p>'
                f'<p class="claim-text">{t(b.text)}</p>{note}{t.sources(b.cite)}</div>')


class Site:
    """The whole export as (relative path, text) pairs, built one at a time."""

    def __init__(self, course: Selection):
        self.course = course
        self.cited: dict[str, None] = {}

    @property
    def steps(self) -> int:
        return self.course.page_count + 4  # pages, glossary, references, index, stylesheet

    def files(self) -> Iterator[tuple[str, str]]:
        for stop in self.course.stops():
            writer = PageWriter(self.course, stop)
            text = writer.render()
            for rid in writer.text.cited:
                self.cited.setdefault(rid)
            yield f"{file_name(stop.module.slug)}/{file_name(stop.page.id)}.html", text
        yield "glossary.html", self.glossary()
        yield "references.html", self.references()
        yield "index.html", self.index()
        yield CSS_FILE, stylesheet()

    def index(self) -> str:
        c = self.course
        sections = []
        for mod in c.modules:
            levels = []
            for level in mod.levels:
                items = "".join(f'<li><a href="{page_href(mod.slug, p.id, "")}">{e(c.plain(p.title))}</a></li>'
                                for p in level.pages)
                levels.append(f'<h3 id="module-{e(mod.slug)}-{e(level.name)}">'
                              f"{e(level.name.capitalize())}</h3><ol>{items}</ol>")
            sections.append(f'<section class="module" aria-labelledby="module-{e(mod.slug)}">'
                            f'<h2 id="module-{e(mod.slug)}">{e(c.plain(mod.title))}</h2>'
                            f'<p class="summary">{HtmlText(c, mod, root="")(mod.summary)}</p>'
                            f'<p class="counts">{count(sum(len(lv.pages) for lv in mod.levels), "page")} in three levels · '
                            f'{count(len(mod.questions), "quiz question")} in the terminal: '
                            f"<code>{e(clean(c.commands.quiz(mod.slug)))}</code></p>"
                            f'<div class="levels-list">{"".join(levels)}</div></section>')
        body = "\n".join([
            header("", site_nav("", "index.html")),
            '<main id="main">',
            "<h1>The endocrinology of exercise and aging</h1>",
            '<p class="lead">How exercise and aging shape the endocrine system, taught at three levels: '
            "fundamentals, intermediate and academic. Each page links to the glossary and to its sources.</p>",
            notice(),
            *sections,
            "</main>",
            footer(),
        ])
        return document("hormonecli: the endocrinology of exercise and aging", body, "")

    def glossary(self) -> str:
        c = self.course
        terms = sorted(c.library.terms.values(), key=lambda term: (c.plain(term.term).casefold(), term.id))
        text = HtmlText(c, None, root="", cite_href=lambda rid: f"references.html#ref-{e(rid)}")
        taught_in = c.taught()
        entries = []
        for term in terms:
            parts = [f'<dt id="term-{e(term.id)}"><dfn>{e(c.plain(term.term))}</dfn></dt>',
                     f"<dd>{text(term.definition)}</dd>"]
            if term.aliases:
                parts.append(f'<dd class="aliases">Also: {e(", ".join(c.plain(a) for a in term.aliases))}</dd>')
            if term.status:
                parts.append(f'<dd class="status"><strong>Status:</strong> {text(term.status)}</dd>')
            taught = taught_in.get(term.id, [])
            if taught:
                links = "; ".join(f'<a href="{page_href(s.module.slug, s.page.id, "")}">{e(c.plain(s.module.title))} › '
                                  f"{e(s.page.level)} › {e(c.plain(s.page.title))}</a>" for s in taught)
                parts.append(f'<dd class="taught">Taught in: {links}</dd>')
            entries.append(f'<div class="entry">{"".join(parts)}</div>')
        for rid in text.cited:
            self.cited.setdefault(rid)
        body = "\n".join([
            header("", site_nav("", "glossary.html")),
            '<main id="main">', "<h1>Glossary</h1>",
            f'<p class="lead">{count(len(terms), "term")}, in alphabetical order.</p>',
            f'<dl class="glossary">{"".join(entries)}</dl>', "</main>", footer(),
        ])
        return document("Glossary · hormonecli", body, "")

    def references(self) -> str:
        c = self.course
        refs = [c.library.references[rid] for rid in self.cited if rid in c.library.references]
        refs.sort(key=lambda r: (c.cite_label(r.id).casefold(), r.id))
        items = "".join(f'<li id="ref-{e(r.id)}">{reference_html(r)}</li>' for r in refs)
        body = "\n".join([
            header("", site_nav("", "references.html")),
            '<main id="main">', "<h1>References</h1>",
            f'<p class="lead">{count(len(refs), "source")} cited in these pages.</p>',
            f'<ul class="reference-list">{items}</ul>', "</main>", footer(),
        ])
        return document("References · hormonecli", body, "")


def stylesheet() -> str:
    return (Path(__file__).with_name("site.css")).read_text(encoding="utf-8")


def export_html(library: m.Library, modules: list[m.Module], target: Path, *, commands: Commands,
                force: bool = False, progress: Optional[Progress] = None) -> str:
    """Write the site to the folder `target`; return the one-line summary."""
    course = Selection(library, modules, commands)
    site = Site(course)
    total = site.steps
    with staged_dir(target, force=force, kind="html") as tmp:
        for done, (rel, text) in enumerate(site.files(), 1):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if progress:
                progress(WHAT, done, total)
    size = tree_size(target)
    return (f"Wrote {count(course.page_count, 'page')}, a glossary, references and an index "
            f"to {target}/ ({human_size(size)})")
