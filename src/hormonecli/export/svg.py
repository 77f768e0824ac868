"""An axis diagram as inline SVG: the cascade top to bottom, feedback loops drawn beside it.

Boxes are the steps; a down arrow carries each step's signal to the next. Every feedback
loop leaves its source box on the right, runs up (or down) its own lane and ends on its
target: inhibition as a dashed line ending in a bar (⊣), stimulation as a solid line ending
in an arrowhead, each lane labelled with the word, so colour is never the only cue.

The drawing is 360 units wide and shown at that size (shrinking only below it), so its
text stays the size of the page's on a phone.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from hormonecli.courseware import model as m
from hormonecli.escapes import clean

WIDTH = 360
PAD = 8
LANE_GAP = 30  # between feedback lanes
NAME_SIZE, NAME_LINE = 14, 18
SIGNAL_SIZE, SIGNAL_LINE = 13, 17
LABEL_SIZE = 13
INK, BOX_FILL, BOX_LINE, SIGNAL_INK = "#1a1a1a", "#eef3f8", "#3d4f66", "#1f3a5f"
LOOP = {"inhibits": ("#a4262c", "6 4"), "stimulates": ("#1b6e20", "")}


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` characters; a word longer than a line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: width - 1] + "-")
            word = word[width - 1:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


@dataclass
class _Box:
    y: float
    h: float
    lines: list[str]


def diagram_svg(d: m.Diagram, ident: str, description: str) -> str:
    """The diagram as an <svg> element; `ident` makes its ids unique on the page, `description` is
    the diagram in words (for assistive technology). Its labels are plain text, as in the terminal."""
    names = [s.name for s in d.steps]
    index = {name: i for i, name in enumerate(names)}
    loops = [(k, f) for k, f in enumerate(d.feedback)
             if f.source in index and f.target in index and f.source != f.target]
    loops.sort(key=lambda kf: abs(index[kf[1].source] - index[kf[1].target]))  # short loops run nearest the boxes
    lane = {k: i for i, (k, _) in enumerate(loops)}

    box_x = PAD
    box_right = WIDTH - PAD - (len(loops) * LANE_GAP + 14 if loops else 0)
    box_w = box_right - box_x
    name_chars = max(8, int((box_w - 16) / (NAME_SIZE * 0.6)))
    arrow_x = box_x + 22
    signal_x = arrow_x + 14
    signal_chars = max(8, int((box_right - signal_x) / (SIGNAL_SIZE * 0.55)))

    # endpoints per box: lines going up leave from low on the box, outer lanes lower still,
    # lines going down from high on it, so no two loops cross
    ends: dict[int, list[tuple[tuple, int, str]]] = {i: [] for i in range(len(names))}
    for k, f in loops:
        s, t = index[f.source], index[f.target]
        ends[s].append((((0, lane[k]) if t < s else (1, -lane[k])), k, "source"))
        ends[t].append((((0, lane[k]) if s < t else (1, -lane[k])), k, "target"))

    parts: list[str] = []
    boxes: list[_Box] = []
    y = float(PAD)
    for i, step in enumerate(d.steps):
        lines = wrap(clean(step.name), name_chars)
        h = max(NAME_LINE * len(lines) + 16, 16 * (len(ends[i]) + 1), 40)  # loop ends 16 apart
        boxes.append(_Box(y, h, lines))
        y += h
        last = i == len(d.steps) - 1
        signal = wrap(clean(step.signal), signal_chars) if step.signal else []
        least = 76 if loops else 40  # a loop between neighbours needs room for its word
        gap = max(least, SIGNAL_LINE * len(signal) + 22) if not last else (SIGNAL_LINE * len(signal) + 18 if signal else 0)
        if not last:
            parts.append(f'<line x1="{arrow_x}" y1="{y:.0f}" x2="{arrow_x}" y2="{y + gap - 3:.0f}" stroke="{INK}" '
                         f'stroke-width="2" marker-end="url(#{ident}-down)"/>')
        elif signal:
            parts.append(f'<line x1="{arrow_x}" y1="{y:.0f}" x2="{arrow_x}" y2="{y + gap - 6:.0f}" stroke="{INK}" '
                         'stroke-width="2"/>')
        top = y + (gap - SIGNAL_LINE * len(signal)) / 2 + SIGNAL_SIZE - 2
        for j, text in enumerate(signal):
            parts.append(f'<text x="{signal_x}" y="{top + j * SIGNAL_LINE:.0f}" font-size="{SIGNAL_SIZE}" '
                         f'fill="{SIGNAL_INK}">{escape(text)}</text>')
        y += gap
    height = y + PAD

    boxes_svg = []
    for b in boxes:
        boxes_svg.append(f'<rect x="{box_x}" y="{b.y:.0f}" width="{box_w}" height="{b.h:.0f}" rx="6" '
                         f'fill="{BOX_FILL}" stroke="{BOX_LINE}" stroke-width="1.5"/>')
        first = b.y + (b.h - NAME_LINE * len(b.lines)) / 2 + NAME_SIZE - 1
        for j, text in enumerate(b.lines):
            boxes_svg.append(f'<text x="{box_x + box_w / 2:.0f}" y="{first + j * NAME_LINE:.0f}" '
                             f'font-size="{NAME_SIZE}" font-weight="bold" text-anchor="middle" '
                             f'fill="{INK}">{escape(text)}</text>')

    where: dict[tuple[int, str], float] = {}
    for i, found in ends.items():
        found.sort()
        b = boxes[i]
        for j, (_, k, role) in enumerate(found):
            where[(k, role)] = b.y + b.h * (j + 1) / (len(found) + 1)

    loops_svg = []
    for k, f in loops:
        colour, dash = LOOP.get(f.effect, LOOP["stimulates"])
        x = box_right + 14 + lane[k] * LANE_GAP
        y1, y2 = where[(k, "source")], where[(k, "target")]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        marker = "bar" if f.effect == "inhibits" else "head"
        loops_svg.append(f'<polyline points="{box_right},{y1:.0f} {x},{y1:.0f} {x},{y2:.0f} {box_right + 3},{y2:.0f}" '
                         f'fill="none" stroke="{colour}" stroke-width="2.2"{dashed} stroke-linejoin="round" '
                         f'marker-end="url(#{ident}-{marker})"/>')
        word = f.effect
        size = max(9.0, min(LABEL_SIZE, (abs(y2 - y1) - 12) / (len(word) * 0.62)))
        w = round(len(word) * size * 0.62 + 6)
        loops_svg.append(f'<g transform="translate({x} {(y1 + y2) / 2:.0f}) rotate(-90)">'
                         f'<rect x="{-w / 2:.0f}" y="-8" width="{w}" height="16" fill="#ffffff"/>'
                         f'<text y="{size / 3:.1f}" font-size="{size:.1f}" font-weight="bold" text-anchor="middle" '
                         f'fill="{colour}">{escape(word)}</text></g>')

    inhibit, stimulate = LOOP["inhibits"][0], LOOP["stimulates"][0]
    defs = (f'<defs>'
            f'<marker id="{ident}-down" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>'
            f'<marker id="{ident}-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{stimulate}"/></marker>'
            f'<marker id="{ident}-bar" viewBox="0 0 4 10" refX="2" refY="5" markerWidth="2.5" markerHeight="6" '
            f'orient="auto"><rect x="0" y="0" width="4" height="10" fill="{inhibit}"/></marker>'
            f'</defs>')
    return (f'<svg class="diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{escape(clean(d.title))}</title>'
            f'<desc id="{ident}-desc">{escape(description)}</desc>'
            f'{defs}{"".join(parts)}{"".join(boxes_svg)}{"".join(loops_svg)}</svg>')

