"""Views that wrap pages and their blocks."""
from __future__ import annotations

from typing import Any, Callable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from hormonecli.courseware import evidence
from hormonecli.courseware import model as m
from hormonecli.render.text import CALLOUT_STYLE, NOTICE, Inline, Style, clean


class PageView:
    """A page as a renderable, with the numbered links it shows."""

    def __init__(self, library: m.Library, module: m.Module, page: m.Page, style: Style, *,
                 total: int | None = None, notice: bool | None = None, references: bool = True):
        self.library, self.module, self.page, self.style = library, module, page, style
        self.inline = Inline(library, module)
        self.total = total if total is not None else len(module.level(page.level).pages)
        self.notice = page.number == 1 if notice is None else notice
        self.references = references
        self.body = self._build()

    @property
    def links(self) -> list[str]:
        return self.inline.links.targets

    def _framed(self, body: RenderableType, title: str = "", border: str = "") -> RenderableType:
        """A framed block; in plain mode a labelled, indented block with no box drawing at all
        (screen readers announce every '+', '-' and '|')."""
        if self.style.plain:
            head = [Text(f"{title}:", "bold")] if title else []
            return Group(*head, Padding(body, (0, 0, 0, 2)))
        return Panel(body, title=title or None, title_align="left", box=box.ROUNDED, border_style=border,
                     padding=(0, 1))

    def _build(self) -> RenderableType:
        parts: list[RenderableType] = []
        title = Text(clean(self.page.title), style="bold")
        parts.append(title)
        parts.append(Text(f"{self.module.title} · {self.page.level} · page {self.page.number}/{self.total}", style="dim"))
        parts.append(Text(""))
        if self.notice:
            parts.append(Text(("Note: " if self.style.plain else "ⓘ ") + NOTICE, style="italic dim"))
            parts.append(Text(""))
        for block in self.page.blocks:
            parts.append(self.block(block))
            parts.append(Text(""))
        if self.links:
            parts.append(Text("Links", style="bold"))
            for i, target in enumerate(self.links, 1):
                slug, _, page_id = target.partition("/")
                line = Text(f"  [{i}] ", style="bold blue")
                line.append(slug + (" › " + self.inline.xref_label(target) if page_id else ""))
                parts.append(line)
            parts.append(Text(""))
        if self.references and self.inline.cited:
            parts.append(Text("References", style="bold"))
            for rid in self.inline.cited:
                ref = self.library.references.get(rid)
                parts.append(Padding(Text(clean(ref.full()) if ref else f"{rid} (missing)", style="dim"), (0, 0, 0, 2)))
            parts.append(Text(""))
        while parts and isinstance(parts[-1], Text) and not parts[-1].plain:
            parts.pop()
        return Group(*parts)

    def __rich__(self) -> RenderableType:
        return self.body

    # -- blocks -----------------------------------------------------------------
    def block(self, b: m.Block) -> RenderableType:
        return BLOCK_VIEWS[type(b)](self, b)

    def paragraph(self, b: m.Paragraph) -> RenderableType:
        return self.inline(b.text)

    def heading(self, b: m.Heading) -> RenderableType:
        return self.inline(b.text, "bold underline")

    def bullets(self, b: m.BulletList) -> RenderableType:
        return self._bullets(b.items, "-" if self.style.plain else "•")

    def keypoints(self, b: m.KeyPoints) -> RenderableType:
        body = self._bullets(b.items, "*" if self.style.plain else "✓")
        return self._framed(body, "Key points", "green")

    def callout(self, b: m.Callout) -> RenderableType:
        label = {"note": "Note", "caution": "Caution", "clinical": "Clinical"}[b.kind]
        body = Group(Text(clean(b.title), "bold"), self.inline(b.text)) if b.title else self.inline(b.text)
        return self._framed(body, label, CALLOUT_STYLE[b.kind])

    def _bullets(self, items: tuple[str, ...], mark: str) -> RenderableType:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for item in items:
            grid.add_row(Text(mark), self.inline(item))
        return grid

    def table(self, b: m.Table) -> RenderableType:
        caption = self.inline(b.caption, "bold")
        table = FairTable([self.inline(c) for c in b.columns], [[self.inline(c) for c in row] for row in b.rows],
                          self.style, self.inline.cite_list(b.cite) if b.cite else None)
        return Group(caption, table)

    def diagram(self, b: m.Diagram) -> RenderableType:
        """The cascade top to bottom, each step marked with the feedback it receives, then the loops in words."""
        if self.style.plain:
            return self._diagram_in_words(b)
        marks: dict[str, list[m.Feedback]] = {}
        for f in b.feedback:  # one mark per source and effect: two loops from the testes are one "⊣ from Testes"
            if not any((g.source, g.effect) == (f.source, f.effect) for g in marks.get(f.target, [])):
                marks.setdefault(f.target, []).append(f)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(ratio=3, overflow="fold")
        grid.add_column(ratio=2, overflow="fold")
        for i, step in enumerate(b.steps):
            right = Text()
            for f in marks.get(step.name, []):
                inhibits = f.effect == "inhibits"
                right.append("⊣ " if inhibits else "→ ", "bold red" if inhibits else "bold green")
                right.append("from " + clean(f.source), "italic")
                right.append("\n")
            right.rstrip()
            grid.add_row(Text(clean(step.name), "bold reverse"), right)
            if step.signal:
                grid.add_row(hanging("  │ ", Text(clean(step.signal), "cyan")), Text(""))
            if i < len(b.steps) - 1:
                grid.add_row(Text("  ▼"), Text(""))
        lines: list[RenderableType] = [grid]
        if b.feedback:
            lines += [Text(""), Text("Feedback", style="bold")]
            for f in b.feedback:
                inhibits = f.effect == "inhibits"
                line = Text()
                line.append(clean(f.source), "bold")
                line.append(f" {f.effect} ", "red" if inhibits else "green")
                line.append(clean(f.target), "bold")
                if f.label:
                    line.append(f" ({clean(f.label)})", "italic")
                lines.append(hanging("  ⊣ " if inhibits else "  → ", line))
        if b.note:
            lines += [Text(""), self.inline(b.note, "dim")]
        return self._framed(Group(Text(clean(b.title), "bold"), Text(""), *lines), "Diagram")

    def _diagram_in_words(self, b: m.Diagram) -> RenderableType:
        """The cascade as numbered steps and feedback as sentences: what a screen reader can speak."""
        lines: list[RenderableType] = [Text(clean(b.title), "bold"), *(Text(clean(s)) for s in b.in_words())]
        if b.note:
            lines.append(self.inline(b.note))
        return self._framed(Group(*lines), "Diagram")

    def chart(self, b: m.Chart) -> RenderableType:
        top = max((p.value for p in b.points), default=0) or 1
        chart = _BarChart(b, top, self.style)
        parts: list[RenderableType] = [Text(clean(b.title), "bold")]
        if len(b.unit) > 4:
            parts.append(Text(f"({clean(b.unit)})", "dim"))
        parts += [Text(""), chart]
        if b.note:
            parts.append(self.inline(b.note, "dim"))
        parts.append(self.inline.cite_list(b.cite))
        return self._framed(Group(*parts), "Chart")

    def claim(self, b: m.Claim) -> RenderableType:
        head = Text(evidence.heading(b.evidence), evidence.STYLE[b.evidence])
        body = [head, self.inline(b.text)]
        if b.note:
            body.append(self.inline(b.note, "dim"))
        body.append(self.inline.cite_list(b.cite))
        return self._framed(Group(*body), border=evidence.colour(b.evidence))


#: How each block type is drawn: adding a block type adds a row here (a test checks none is missing).
BLOCK_VIEWS: dict[type, Callable[[PageView, Any], RenderableType]] = {
    m.Paragraph: PageView.paragraph, m.Heading: PageView.heading, m.BulletList: PageView.bullets,
    m.KeyPoints: PageView.keypoints, m.Table: PageView.table, m.Diagram: PageView.diagram,
    m.Chart: PageView.chart, m.Callout: PageView.callout, m.Claim: PageView.claim,
}


class FairTable:
    """A table laid out for the width it is given, never breaking a word.

    Columns take their natural width when it fits; otherwise each keeps at least its longest
    word and the room left is shared in proportion to what each column would still like. When
    even the longest words do not fit side by side, the rows are stacked: the first cell as a
    heading, then "column: value" lines."""

    def __init__(self, headers: list[Text], rows: list[list[Text]], style: Style, cite: Text | None = None):
        self.headers, self.rows, self.style, self.cite = headers, rows, style, cite

    def _columns(self) -> list[list[Text]]:
        return [[self.headers[i]] + [row[i] for row in self.rows if i < len(row)] for i in range(len(self.headers))]

    def overhead(self) -> int:
        """Columns the table's edges and gutters take: framed, one column kept free at each edge and
        three between columns; plain, two between (see _laid_out)."""
        n = len(self.headers)
        return 2 * (n - 1) if self.style.plain else 2 + 3 * (n - 1)

    def widths(self, room: int) -> list[int] | None:
        """Each column's width for `room` columns in all, or None when the rows must be stacked."""
        from rich.cells import cell_len

        cols = self._columns()
        least = [max((cell_len(w) for t in col for w in t.plain.split()), default=1) for col in cols]
        most = [max((cell_len(line) for t in col for line in t.plain.split("\n")), default=1) for col in cols]
        most = [max(a, b) for a, b in zip(least, most)]
        room -= self.overhead()
        if sum(most) <= room:
            return most
        if sum(least) > room:
            return None
        return _share(least, most, room)

    def __rich_console__(self, console, options):
        widths = self.widths(options.max_width)
        if widths is None:
            yield from self._stacked()
            if self.cite is not None:
                yield Text("")
        else:
            yield from self._laid_out(console, widths)
        if self.cite is not None:
            yield self.cite

    def _laid_out(self, console, widths: list[int]):
        """The rows side by side in columns of exactly `widths`, laid out here rather than by
        rich.Table, whose column widths count padding differently from one release to the next.
        Framed: a blank edge line above and below, a rule under the headers, one space at the
        left edge and three between columns (box.SIMPLE_HEAD's look); plain: two spaces between."""
        plain = self.style.plain
        gutter, edge = ("  ", "") if plain else ("   ", " ")

        def lines(cells: list[Text], bold: bool = False) -> list[Text]:
            wrapped = []
            for i, width in enumerate(widths):
                cell = cells[i].copy() if i < len(cells) else Text("")
                if bold:
                    cell.stylize("bold")
                wrapped.append(cell.wrap(console, width, overflow="fold"))
            out = []
            for k in range(max((len(w) for w in wrapped), default=0) or 1):
                line = Text(edge, no_wrap=True, end="\n")
                for i, (cell_lines, width) in enumerate(zip(wrapped, widths)):
                    part = cell_lines[k] if k < len(cell_lines) else Text("")
                    if i:
                        line.append(gutter)
                    line.append_text(part)
                    if i < len(widths) - 1:
                        line.append(" " * max(0, width - part.cell_len))
                out.append(line)
            return out

        if not plain:
            yield Text("")
        yield from lines(self.headers, bold=True)
        if not plain:
            yield Text(edge + "─" * (sum(widths) + len(gutter) * (len(widths) - 1)))
        laid = [lines(row) for row in self.rows]
        spaced = any(len(row) > 1 for row in laid)  # rows of several lines: a blank line tells them apart
        for i, row in enumerate(laid):
            if spaced and i:
                yield Text("")
            yield from row
        if not plain:
            yield Text("")

    def _stacked(self):
        for row in self.rows:
            yield Text("")
            if not row:
                continue
            first = row[0].copy()
            first.stylize("bold")
            yield first
            for header, cell in zip(self.headers[1:], row[1:]):
                line = header.copy()
                line.stylize("italic")
                line.append(": ")
                line.append_text(cell)
                yield hanging("  ", line)


def _share(least: list[int], most: list[int], room: int) -> list[int]:
    """Column widths for `room` columns: each at least `least`, at most `most`, fairly.

    Columns that fit whole in an even share of what is left get their full width (so a short
    column is never wrapped to make room for a long one); the others keep their longest word
    and share the rest in proportion to what they still want."""
    widths = list(least)
    todo = set(range(len(least)))
    left = room
    while todo:
        share = left / len(todo)
        whole = [i for i in todo if most[i] <= share]
        if not whole:
            break
        for i in whole:
            widths[i] = most[i]
            left -= most[i]
            todo.discard(i)
    if sum(least[i] for i in todo) > left:  # what fitted whole left too little: share from the least
        todo, left = set(range(len(least))), room
        widths = list(least)
    spare = left - sum(least[i] for i in todo)
    wants = {i: most[i] - least[i] for i in todo}
    total = sum(wants.values()) or 1
    for i in todo:
        widths[i] = least[i] + wants[i] * spare // total
    extra = left - sum(widths[i] for i in todo)
    for i in sorted(todo, key=lambda i: -(wants[i] * spare % total)):  # the largest remainders first
        if extra <= 0:
            break
        if widths[i] < most[i]:
            widths[i] += 1
            extra -= 1
    return widths


def hanging(prefix: str | Text, body: Text) -> RenderableType:
    """A prefix with the body wrapped beside it, so wrapped lines keep their indent."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(prefix if isinstance(prefix, Text) else Text(prefix), body)
    return grid


class _BarChart:
    """Horizontal bars sized to the width the chart is given."""

    def __init__(self, chart: m.Chart, top: float, style: Style):
        self.chart, self.top, self.style = chart, top, style

    def __rich_console__(self, console, options):
        from hormonecli.quiz.answers import format_number  # only pages with a chart pay for it

        labels = [clean(p.label) for p in self.chart.points]
        unit = clean(self.chart.unit) if 0 < len(self.chart.unit) <= 4 else ""
        values = [format_number(p.value) + (f" {unit}" if unit else "") for p in self.chart.points]
        lw = min(max(len(s) for s in labels), max(8, options.max_width // 3))
        vw = max(len(s) for s in values)
        room = max(4, options.max_width - lw - vw - 3)
        for point, label, value in zip(self.chart.points, labels, values):
            n = round(room * point.value / self.top)
            line = Text(label[:lw].ljust(lw) + " ")
            line.append(self.style.bar * n, "green")
            line.append(" " * (room - n) + " " + value.rjust(vw))
            yield line


def print_pages(console, library: m.Library, module: m.Module, pages: list[m.Page], style: Style) -> None:
    """Pages written out one after another, with a rule between them."""
    rule = "-" if style.plain else "─"
    for i, page in enumerate(pages):
        if i:
            console.print(Text(rule * min(console.width, 80), style="dim") if not style.plain else Text(""))
        console.print(PageView(library, module, page, style))
        console.print()
