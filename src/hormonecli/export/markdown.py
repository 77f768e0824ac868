"""The course as Markdown (CommonMark with GitHub tables): one file per page, an index and a glossary.

The same walk as the HTML site; diagrams are written in words (as the terminal's plain mode
speaks them) and charts as tables with their values. Content text is escaped so that it
reads as written, never as Markdown or HTML.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

from hormonecli import NOTICE
from hormonecli.courseware import model as m
from hormonecli.courseware.evidence import heading
from hormonecli.courseware.inline import Piece
from hormonecli.escapes import clean
from hormonecli.export.html import doi_url, file_name, safe_url
from hormonecli.export.output import staged_dir, tree_size
from hormonecli.export.walk import Selection, Stop, count, human_size
from hormonecli.quiz.answers import format_number

if TYPE_CHECKING:
    from hormonecli.courseware.content import Progress
    from hormonecli.render.commands import Commands

WHAT = "Exporting markdown"  # what the progress line says

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def md(text: str) -> str:
    """Text that Markdown shows as written."""
    return _SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def block_start(text: str) -> str:
    """Guard what would start a list or heading at the beginning of a line ('1990. A year' stays text)."""
    mt = _LINE_START.match(text)
    if not mt:
        return text
    lead, mark = mt.groups()
    return f"{lead}{mark[:-1]}\\{mark[-1]}{text[mt.end():]}"


def page_link(slug: str, page_id: str, root: str) -> str:
    return f"{root}{file_name(slug)}/{file_name(page_id)}.md"


class MdText:
    def __init__(self, course: Selection, module: Optional[m.Module], root: str):
        self.course, self.module, self.root = course, module, root
        self.cited: list[str] = []

    def __call__(self, text: str) -> str:
        return "".join(self.piece(p) for p in self.course.pieces(text, self.module))

    def piece(self, p: Piece) -> str:
        if p.kind == "text":
            return md(p.text)
        if p.kind == "em":
            return f"*{md(p.text)}*"
        if p.kind == "strong":
            return f"**{md(p.text)}**"
        if p.kind == "term":
            if p.known:
                return f"[{md(p.text)}]({self.root}glossary.md#term-{p.target})"
            return md(p.text)
        if p.kind == "xref":
            if p.known:
                slug, _, page_id = p.target.partition("/")
                href = page_link(slug, page_id, self.root) if page_id else f"{self.root}index.md#module-{slug}"
                return f"[{md(p.text)}]({href})"
            return md(p.text)
        for rid, _ in p.cites:
            if rid not in self.cited:
                self.cited.append(rid)
        return " (" + "; ".join(md(label) for _, label in p.cites) + ")"

    def sources(self, ids: tuple[str, ...]) -> str:
        for rid in ids:
            if rid not in self.cited:
                self.cited.append(rid)
        return "Source: " + "; ".join(md(self.course.cite_label(rid)) for rid in ids)


def reference_md(ref: m.Reference) -> str:
    text = f"{md(ref.authors)} ({ref.year}). {md(ref.title)}. {md(ref.source)}."
    if ref.doi:
        text += f" [doi:{md(ref.doi)}](<{doi_url(ref.doi)}>)"
    elif ref.url:
        url = safe_url(ref.url)
        text += f" <{url}>" if url else f" {md(ref.url)}"
    return text


def code(text: str) -> str:
    """Inline code that shows `text` as written, whatever backticks it holds."""
    text = clean(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _quote(lines: list[str]) -> str:
    return "\n>\n".join("> " + line for line in lines if line)


def notice() -> str:
    head, _, rest = NOTICE.partition(":")
    return f"> **{md(head)}:**{md(rest)}"


class PageWriter:
    def __init__(self, course: Selection, stop: Stop):
        self.course, self.stop = course, stop
        self.text = MdText(course, stop.module, "../")

    def render(self) -> str:
        c, stop, t = self.course, self.stop, self.text
        mod, page = stop.module, stop.page
        out = [f"# {block_start(t(page.title))}",
               f"*{md(c.plain(mod.title))} · {md(page.level)} · page {page.number} of {stop.total}*"]
        if page.number == 1:
            out.append(notice())
        out += [self.block(b) for b in page.blocks]
        if t.cited:
            refs = c.library.references
            out.append("## References")
            out.append("\n".join(f"{i}. " + (reference_md(refs[rid]) if rid in refs else f"{md(rid)} (missing)")
                                 for i, rid in enumerate(t.cited, 1)))
        nav = []
        if stop.prev:
            nav.append(f"Previous: [{md(c.plain(stop.prev.title))}]({file_name(stop.prev.id)}.md)")
        nav.append(f"[Contents](../index.md#module-{file_name(mod.slug)})")
        if stop.next:
            nav.append(f"Next: [{md(c.plain(stop.next.title))}]({file_name(stop.next.id)}.md)")
        out.append("---\n\n" + " · ".join(nav))
        out.append(f"In the terminal: {code(c.commands.learn(mod.slug, page.id))}")
        return "\n\n".join(x for x in out if x) + "\n"

    def block(self, b: m.Block) -> str:
        t, plain = self.text, self.course.plain
        if isinstance(b, m.Paragraph):
            return block_start(t(b.text))
        if isinstance(b, m.Heading):
            return f"## {t(b.text)}"
        if isinstance(b, m.BulletList):
            return "\n".join(f"- {t(i)}" for i in b.items)
        if isinstance(b, m.KeyPoints):
            return "**Key points**\n\n" + "\n".join(f"- {t(i)}" for i in b.items)
        if isinstance(b, m.Table):
            head = [t(c) for c in b.columns]
            rows = [[t(cell) for cell in row] for row in b.rows]
            source = f"\n\n{t.sources(b.cite)}" if b.cite else ""
            return f"**{t(b.caption)}**\n\n{_table(head, rows)}{source}"
        if isinstance(b, m.Diagram):
            words = [clean(w) for w in b.in_words()]
            steps = words[:len(b.steps)]
            loops = words[len(b.steps):]
            lines = [f"**Diagram: {md(clean(b.title))}**", "\n".join(f"{i}. {md(w.partition(': ')[2])}"
                                                                      for i, w in enumerate(steps, 1))]
            if loops:
                lines.append("\n".join(f"- {'⊣' if f.effect == 'inhibits' else '→'} {md(w.partition(': ')[2])}"
                                       for f, w in zip(b.feedback, loops)))
            if b.note:
                lines.append(f"*{t(b.note)}*")
            return "\n\n".join(lines)
        if isinstance(b, m.Chart):
            unit_short = b.unit if 0 < len(b.unit) <= 4 else ""
            unit_note = f" ({md(plain(b.unit))})" if len(b.unit) > 4 else ""
            rows = [[md(clean(p.label)), format_number(p.value) + (f" {md(clean(unit_short))}" if unit_short else "")]
                    for p in b.points]
            note = f"\n\n*{t(b.note)}*" if b.note else ""
            return (f"**Chart: {md(clean(b.title))}{unit_note}**\n\n{_table(['Group', 'Value' + unit_note], rows)}"
                    f"{note}\n\n{t.sources(b.cite)}")
        if isinstance(b, m.Callout):
            title = f" {t(b.title)}" if b.title else ""
            return _quote([f"**{b.kind.capitalize()}:**{title}", t(b.text)])
        if isinstance(b, m.Claim):
            return _quote([f"**{heading(b.evidence)}**", t(b.text), t(b.note) if b.note else "", t.sources(b.cite)])
        return ""  # pragma: no cover


class Book:
    def __init__(self, course: Selection):
        self.course = course

    @property
    def steps(self) -> int:
        return self.course.page_count + 2

    def files(self) -> Iterator[tuple[str, str]]:
        for stop in self.course.stops():
            yield f"{file_name(stop.module.slug)}/{file_name(stop.page.id)}.md", PageWriter(self.course, stop).render()
        yield "glossary.md", self.glossary()
        yield "index.md", self.index()

    def index(self) -> str:
        c = self.course
        out = ["# The endocrinology of exercise and aging", notice(), "[Glossary](glossary.md)"]
        for mod in c.modules:
            out.append(f'<a id="module-{file_name(mod.slug)}"></a>\n\n## {md(c.plain(mod.title))}')
            out.append(MdText(c, mod, "")(mod.summary))
            for level in mod.levels:
                out.append(f'<a id="module-{file_name(mod.slug)}-{file_name(level.name)}"></a>\n\n'
                           f"### {md(level.name.capitalize())}")
                out.append("\n".join(f"{i}. [{md(c.plain(p.title))}]({page_link(mod.slug, p.id, '')})"
                                     for i, p in enumerate(level.pages, 1)))
        return "\n\n".join(out) + "\n"

    def glossary(self) -> str:
        c = self.course
        text = MdText(c, None, "")
        out = ["# Glossary"]
        taught_in = c.taught()
        for term in sorted(c.library.terms.values(), key=lambda x: (c.plain(x.term).casefold(), x.id)):
            entry = [f'<a id="term-{file_name(term.id)}"></a>\n\n### {md(c.plain(term.term))}', text(term.definition)]
            if term.aliases:
                entry.append("Also: " + md(", ".join(c.plain(a) for a in term.aliases)))
            if term.status:
                entry.append(f"**Status:** {text(term.status)}")
            taught = taught_in.get(term.id, [])
            if taught:
                entry.append("Taught in: " + "; ".join(
                    f"[{md(c.plain(s.module.title))} › {md(s.page.level)} › {md(c.plain(s.page.title))}]"
                    f"({page_link(s.module.slug, s.page.id, '')})" for s in taught))
            out.append("\n\n".join(entry))
        return "\n\n".join(out) + "\n"


def export_markdown(library: m.Library, modules: list[m.Module], target: Path, *, commands: Commands,
                    force: bool = False, progress: Optional[Progress] = None) -> str:
    """Write the Markdown to the folder `target`; return the one-line summary."""
    course = Selection(library, modules, commands)
    book = Book(course)
    with staged_dir(target, force=force, kind="markdown") as tmp:
        for done, (rel, text) in enumerate(book.files(), 1):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if progress:
                progress(WHAT, done, book.steps)
    return (f"Wrote {count(course.page_count, 'page')}, a glossary and an index to {target}/ "
            f"({human_size(tree_size(target))})")
