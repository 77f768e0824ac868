"""The pager's keys: what each key does, the footer's hints, and the help screen that lists them."""
from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from hormonecli.render.page import hanging

KEYS = {
    b"n": "next", b" ": "space", b"\x1b[C": "next", b"\x1bOC": "next",
    b"p": "prev", b"\x1b[D": "prev", b"\x1bOD": "prev",
    b"j": "down", b"\x1b[B": "down", b"\x1bOB": "down", b"\r": "down", b"\n": "down",
    b"k": "up", b"\x1b[A": "up", b"\x1bOA": "up",
    b"\x1b[6~": "pgdn", b"f": "pgdn", b"\x06": "pgdn", b"\x1b[5~": "pgup", b"\x02": "pgup",
    b"d": "halfdn", b"\x04": "halfdn", b"u": "halfup", b"\x15": "halfup",
    b"\x1b[H": "top", b"\x1bOH": "top", b"\x1b[1~": "top", b"\x1b[7~": "top",
    b"\x1b[F": "bottom", b"\x1bOF": "bottom", b"\x1b[4~": "bottom", b"\x1b[8~": "bottom",
    b"g": "first", b"<": "first", b"G": "last", b">": "last",
    b"/": "search", b"N": "prevmatch", b":": "goto",
    b"t": "toc", b"b": "back", b"l": "level", b"q": "quit", b"Q": "quit",
    b"?": "help", b"h": "help", b"\x1b": "escape",
}
SCROLLS = {"down", "up", "pgdn", "pgup", "halfdn", "halfup", "top", "bottom", "space"}
HINTS = ("n/p page", "t contents", "l level", "/ find", "b back")  # in priority order
HINT_TAIL = "? help  q quit"
HELP: list[tuple[str, str]] = [
    ("#", "Pages"),
    ("n  space  →", "next page (space scrolls first when the page is taller than the screen)"),
    ("p  ←", "previous page"),
    ("g / G", "first / last page of this level"),
    (":3 Enter", "go to page 3 of this level"),
    ("t", "contents of this level"),
    ("l", "switch level (fundamentals, intermediate, academic)"),
    ("1-9", "follow the numbered link [1]-[9] on the page"),
    ("b", "back to where you were before a link or jump"),
    ("c / n / r", "on the last page of a level: its quiz, the next level, a related module"),
    ("#", "Scrolling"),
    ("↓ j Enter / ↑ k", "one line down / up"),
    ("d / u", "half a screen down / up"),
    ("f PgDn / PgUp", "one screen down / up"),
    ("Home / End", "top / bottom of the page"),
    ("#", "Finding"),
    ("/word Enter", "find 'word' in this module: this level first, then the others"),
    ("n / N", "while a search is on: next / previous match; Esc ends the search and n turns pages again"),
    ("#", ""),
    ("?", "this help; ↓ ↑ scroll it, any other key goes back to the page"),
    ("q", "quit; 'hormonecli learn MODULE' resumes where you were"),
]


def hint(room: int, links: int = 0, searching: bool = False, offers: tuple[str, ...] = ()) -> str:
    """As many key hints as fit, by priority, always ending with help and quit."""
    hints = list(HINTS)
    if searching:
        hints[0] = "n/N match  Esc"
    hints = [*(o for o in offers if o), *hints]
    if links:
        hints.insert(1, "1 link" if links == 1 else f"1-{min(links, 9)} links")
    if len(HINT_TAIL) > room:
        return "? help" if room >= 6 else ""
    picked: list[str] = []
    for item in hints:
        if len("  ".join(picked + [item, HINT_TAIL])) <= room:
            picked.append(item)
    return "  ".join(picked + [HINT_TAIL])


def help_view(width: int):
    """The keys, in a key column and a wrapped description; stacked on a narrow terminal."""
    lines: list[RenderableType] = [Text("Keys", style="bold")]
    keyw = max(len(k) for k, _ in HELP if k != "#")
    grid = None
    for key, what in HELP:
        if key == "#":
            grid = None
            lines.append(Text(""))
            if what:
                lines.append(Text(what, style="bold"))
            continue
        if width >= keyw + 30:
            if grid is None:
                grid = Table.grid(padding=(0, 2))
                grid.add_column(no_wrap=True, width=keyw + 2)
                grid.add_column(ratio=1)
                lines.append(grid)
            grid.add_row(Text("  " + key, style="bold"), Text(what))
        else:
            lines.append(Text("  " + key, style="bold"))
            lines.append(hanging("      ", Text(what)))
    return Group(*lines)


def scrolled(action: str, top: int, height: int, bottom: int) -> int:
    """Where a scroll key takes the top line of a view `height` lines tall whose last top is `bottom`."""
    step = {"down": 1, "up": -1, "pgdn": height - 1, "space": height - 1, "pgup": -(height - 1),
            "halfdn": max(1, height // 2), "halfup": -max(1, height // 2)}
    if action == "top":
        return 0
    if action == "bottom":
        return bottom
    return max(0, min(bottom, top + step[action]))


def shown(key: bytes) -> str:
    """A key or typed text for a message: visible, quoted, short."""
    from hormonecli.escapes import shorten

    return repr(shorten(key.decode("utf-8", "replace"), 24))
