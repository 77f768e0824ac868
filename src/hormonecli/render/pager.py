"""The interactive lesson pager: one page at a time, scrolling, links, levels.

Keys: n/space/→ next · p/← previous · ↓/j/Enter and ↑/k scroll · PgDn/PgUp ·
t contents · 1-9 follow a link · b back · l level · ? help · q quit.
The terminal is always restored (alternate screen, cursor, tty mode), also on Ctrl-C.
"""
from __future__ import annotations

import os
import select
import shutil
import sys
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text

from hormonecli.courseware import model as m
from hormonecli.render.commands import Commands
from hormonecli.render.page import PageView, hanging
from hormonecli.render.text import Style, clean, make_console

KEYS = {
    b"n": "next", b" ": "space", b"\x1b[C": "next", b"\x1bOC": "next",
    b"p": "prev", b"\x1b[D": "prev", b"\x1bOD": "prev",
    b"j": "down", b"\x1b[B": "down", b"\x1bOB": "down", b"\r": "down", b"\n": "down",
    b"k": "up", b"\x1b[A": "up", b"\x1bOA": "up",
    b"\x1b[6~": "pgdn", b"f": "pgdn", b"\x1b[5~": "pgup",
    b"g": "top", b"\x1b[H": "top", b"\x1b[1~": "top", b"G": "bottom", b"\x1b[F": "bottom", b"\x1b[4~": "bottom",
    b"t": "toc", b"b": "back", b"l": "level", b"q": "quit", b"Q": "quit", b"\x04": "quit",
    b"?": "help", b"h": "help", b"\x1b": "escape",
}
HINTS = ("n/p page", "t contents", "l level", "b back")  # in priority order
HINT_TAIL = "? help  q quit"
HELP = [
    ("n, space, →", "next page (space scrolls first when the page is taller than the screen)"),
    ("p, ←", "previous page"),
    ("↓ j Enter / ↑ k", "scroll one line"),
    ("PgDn f / PgUp", "scroll one screen"),
    ("g / G", "top / bottom of the page"),
    ("t", "table of contents for this level"),
    ("1-9", "follow the numbered link on the page"),
    ("b", "back to where you were before a link or jump"),
    ("l", "switch level (fundamentals, intermediate, academic)"),
    ("c / n / r", "on the last page of a level: its quiz, the next level, a related module"),
    ("q", "quit; 'hormonecli learn MODULE' resumes here"),
]


@dataclass
class Place:
    module: m.Module
    page: m.Page
    top: int = 0


class Pager:
    def __init__(self, library: m.Library, module: m.Module, page: m.Page, style: Style, commands: Commands, *,
                 store=None, no_color: bool = False, stdin_fd: int | None = None, out=None,
                 tracker=None, offer=None):
        self.library, self.style, self.store, self.no_color = library, style, store, no_color
        self.commands = commands
        # the learning loop: `tracker` (reading.Tracker) is told what is on screen, so pages read are
        # known; `offer(slug, level)` (nextstep.LevelEnd) is drawn at the end of a level, and the step
        # the learner takes from it that leaves the pager (the quiz) is left in `then`
        self.tracker, self.offer = tracker, offer
        self.then = None
        self._end = None
        self.place = Place(module, page)
        self.history: list[Place] = []
        self.mode = "page"
        self.message = ""
        self.fd = sys.stdin.fileno() if stdin_fd is None else stdin_fd
        self.out = out or sys.stdout
        self._lines: list[str] = []
        self._links: list[str] = []
        self._key: tuple = ()
        self._toc_digits = ""
        self._saved_warning = False

    # -- terminal ---------------------------------------------------------------
    def run(self) -> None:
        import termios
        import tty

        saved = termios.tcgetattr(self.fd)
        self._write("\x1b[?1049h\x1b[?25l")
        try:
            tty.setcbreak(self.fd)
            self._visit()
            self._loop()
        finally:
            if self.tracker is not None:
                self.tracker.close()
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
            self._write("\x1b[?25h\x1b[?1049l")
        page = self.place.page
        total = len(self.place.module.level(page.level).pages)
        self.out.write(f"Left off at {self.place.module.slug} · {page.level} · page {page.number}/{total}.\n"
                       f"'{self.commands.learn(self.place.module.slug)}' resumes here.\n")
        self.out.flush()

    def _write(self, data: str) -> None:
        self.out.write(data)
        self.out.flush()

    def _size(self) -> tuple[int, int]:
        size = shutil.get_terminal_size((80, 24))
        return max(20, size.columns), max(5, size.lines)

    def _read_key(self) -> bytes | None:
        """One key press; None on a timeout (used to notice resizes)."""
        ready, _, _ = select.select([self.fd], [], [], 0.3)
        if not ready:
            return None
        data = os.read(self.fd, 1)
        if data == b"\x1b":
            more, _, _ = select.select([self.fd], [], [], 0.05)
            if more:
                data += os.read(self.fd, 8)
        return data

    def _loop(self) -> None:
        last_size = self._size()
        self._draw()
        while True:
            key = self._read_key()
            if key is None:
                if self._size() != last_size:
                    last_size = self._size()
                    self._draw()
                continue
            if key == b"":
                return  # end of input
            if not self._handle(key):
                return
            last_size = self._size()
            self._draw()

    # -- state ------------------------------------------------------------------
    @property
    def level_pages(self) -> tuple[m.Page, ...]:
        return self.place.module.level(self.place.page.level).pages

    def _visit(self) -> None:
        if self.store is None:
            return
        try:
            self.store.set_position(self.place.module.slug, self.place.page.level, self.place.page.id)
        except Exception as exc:  # state is a convenience; reading goes on
            if not self._saved_warning:
                self.message = f"progress not saved: {exc}"
                self._saved_warning = True

    def _go(self, module: m.Module, page: m.Page, remember: bool = False) -> None:
        if remember:
            self.history.append(Place(self.place.module, self.place.page, self.place.top))
        self.place = Place(module, page)
        self._visit()

    def _handle(self, key: bytes) -> bool:
        action = KEYS.get(key)
        self.message = ""
        if self.mode == "help":
            self.mode = "page"
            return action != "quit"
        if self.mode == "toc":
            return self._handle_toc(key, action)
        if self.mode == "level":
            return self._handle_level(key, action)
        if action == "quit":
            return False
        if key.isdigit() and len(key) == 1:
            self._follow(int(key))
            return True
        if key in (b"c", b"r") and self._end is not None:
            return self._take("quiz" if key == b"c" else "module")
        h = self._body_height()
        bottom = max(0, len(self._lines) - h)
        if action == "space" and self.place.top < bottom:
            self.place.top = min(bottom, self.place.top + h - 1)
        elif action in ("next", "space"):
            self._step(+1)
        elif action == "prev":
            self._step(-1)
        elif action == "down":
            self.place.top = min(bottom, self.place.top + 1)
        elif action == "up":
            self.place.top = max(0, self.place.top - 1)
        elif action == "pgdn":
            self.place.top = min(bottom, self.place.top + h - 1)
        elif action == "pgup":
            self.place.top = max(0, self.place.top - (h - 1))
        elif action == "top":
            self.place.top = 0
        elif action == "bottom":
            self.place.top = bottom
        elif action == "toc":
            self.mode, self._toc_digits = "toc", ""
        elif action == "level":
            self.mode = "level"
        elif action == "help":
            self.mode = "help"
        elif action == "back":
            if self.history:
                self.place = self.history.pop()
                self._visit()
            else:
                self.message = "nothing to go back to"
        elif action != "escape":
            self.message = f"unknown key {clean(key.decode('utf-8', 'replace'))!r}; press ? for help"
        return True

    def _step(self, delta: int) -> None:
        pages = self.level_pages
        i = self.place.page.number - 1 + delta
        if 0 <= i < len(pages):
            self._go(self.place.module, pages[i])
        elif delta > 0 and self._end is not None and any(st.kind == "level" for st in self._end.steps):
            self._take("level")
        elif delta > 0:
            self.message = f"last page of {self.place.page.level} · l switches level · q quits"
        else:
            self.message = f"first page of {self.place.page.level}"

    def _take(self, kind: str) -> bool:
        """Take a step offered at the end of a level: the quiz leaves the pager, the others open a page."""
        step = next((st for st in self._end.steps if st.kind == kind), None) if self._end else None
        if step is None:
            self.message = "nothing to offer here"
            return True
        if kind == "quiz":
            self.then = step
            return False
        mod = self.library.module(step.module)
        page = (mod.page(step.page) or mod.pages[0]) if mod is not None else None
        if mod is None or page is None:
            self.message = f"{step.module} is not installed"
            return True
        self._go(mod, page, remember=True)
        return True

    def _follow(self, n: int) -> None:
        if not 1 <= n <= len(self._links):
            self.message = f"no link {n} on this page" if self._links else "this page has no links"
            return
        target = self._links[n - 1]
        slug, _, page_id = target.partition("/")
        mod = self.library.module(slug)
        if mod is None:
            self.message = f"link {n} points to a module that is not installed ({slug})"
            return
        page = mod.page(page_id) if page_id else None
        if page is None:
            try:
                page = mod.level(self.place.page.level).pages[0]
            except (KeyError, IndexError):
                page = mod.pages[0]
        self._go(mod, page, remember=True)

    def _handle_toc(self, key: bytes, action: str | None) -> bool:
        pages = self.level_pages
        if key.isdigit():
            self._toc_digits += key.decode()
            n = int(self._toc_digits)
            if len(pages) < 10 or n * 10 > len(pages):
                self._toc_choose(n)
            return True
        if action == "down" and self._toc_digits:  # Enter completes a number
            self._toc_choose(int(self._toc_digits))
            return True
        if action == "quit":
            return False
        self.mode = "page"
        return True

    def _toc_choose(self, n: int) -> None:
        pages = self.level_pages
        self._toc_digits = ""
        self.mode = "page"
        if 1 <= n <= len(pages):
            if pages[n - 1] != self.place.page:
                self._go(self.place.module, pages[n - 1], remember=True)
        else:
            self.message = f"no page {n} in this level"

    def _handle_level(self, key: bytes, action: str | None) -> bool:
        choice = {b"1": "fundamentals", b"f": "fundamentals", b"2": "intermediate", b"i": "intermediate",
                  b"3": "academic", b"a": "academic"}.get(key)
        if action == "quit":
            return False
        self.mode = "page"
        if choice is None:
            return True
        if choice == self.place.page.level:
            self.message = f"already reading {choice}"
            return True
        self._go(self.place.module, self.place.module.level(choice).pages[0], remember=True)
        return True

    # -- drawing ------------------------------------------------------------------
    def _body_height(self) -> int:
        return self._size()[1] - 1

    def _render(self, width: int) -> None:
        last = self.mode == "page" and self.place.page.number == len(self.level_pages) and self.offer is not None
        read = self.tracker.is_read(self.place.module.slug, self.place.page.id) if self.tracker else False
        key = (self.place.module.slug, self.place.page.id, width, self.mode, read)
        if key == self._key:
            return
        console = make_console(plain=self.style.plain, no_color=self.no_color, width=width,
                               force_terminal=True, file=open(os.devnull, "w"))
        if self.mode == "toc":
            body = self._toc_view()
        elif self.mode == "level":
            body = self._level_view()
        elif self.mode == "help":
            body = self._help_view()
        else:
            view = PageView(self.library, self.place.module, self.place.page, self.style)
            self._links = list(view.links)
            body = view
            self._end = self.offer(self.place.module.slug, self.place.page.level) if last else None
            if self._end is not None:
                from rich.console import Group

                from hormonecli.render.nextstep import level_end_view

                body = Group(view, level_end_view(self._end, self.commands, self.style))
        with console.capture() as cap:
            console.print(body)
        self._lines = cap.get().rstrip("\n").split("\n")
        self._key = key

    def _draw(self) -> None:
        width, height = self._size()
        self._render(width - 1)
        h = height - 1
        bottom = max(0, len(self._lines) - h)
        top = self.place.top = min(self.place.top, bottom) if self.mode == "page" else 0
        shown = self._lines[top:top + h]
        if self.tracker is not None:
            self.tracker.frame(self.place.page, showing=self.mode == "page", top=top, bottom=bottom)
        frame = ["\x1b[H\x1b[2J"]
        frame.append("\r\n".join(shown))
        frame.append(f"\x1b[{height};1H")
        frame.append(self._footer(width, top, bottom))
        self._write("".join(frame))

    def _footer(self, width: int, top: int, bottom: int) -> str:
        page = self.place.page
        total = len(self.level_pages)
        pct = ""
        if self.mode == "page" and bottom > 0:
            pct = f" · {100 if top >= bottom else int(100 * top / bottom)}%"
        if self.tracker is not None and self.tracker.is_read(self.place.module.slug, page.id):
            pct += " (read)" if self.style.plain else " ✓"
        where = f"{self.place.module.slug} · {page.level} · page {page.number}/{total}{pct}"
        if len(where) + 18 > width:  # a narrow terminal: keep the page number and the way to help
            where = f"{self.place.module.slug} {page.level[:3]} {page.number}/{total}{pct.replace(' · ', ' ')}"
        if self.mode == "toc":
            tail = "type a page number"
        elif self.mode == "level":
            tail = "choose 1-3"
        elif self.mode == "help":
            tail = "any key returns"
        else:
            offers = ()
            if self._end is not None and self.mode == "page":
                from hormonecli.render.nextstep import offer_hint

                offers = (offer_hint(self._end, width - len(where) - 4 - len(HINT_TAIL) - 2),)
            tail = self.message or self._hint(width - len(where) - 4, len(self._links), offers)
        text = f" {where}  {tail}"
        if len(text) > width - 1:
            text = text[: width - 2] + "…"
        if self.no_color or self.style.plain:
            return text
        return f"\x1b[7m{text.ljust(width - 1)}\x1b[0m"

    @staticmethod
    def _hint(room: int, links: int = 0, offers: tuple[str, ...] = ()) -> str:
        """As many key hints as fit, by priority, always ending with help and quit."""
        hints = [*offers, *HINTS]
        if links:
            hints.insert(1, "1 link" if links == 1 else f"1-{min(links, 9)} links")
        if len(HINT_TAIL) > room:
            return "? help" if room >= 6 else ""
        shown: list[str] = []
        for hint in hints:
            if len("  ".join(shown + [hint, HINT_TAIL])) <= room:
                shown.append(hint)
        return "  ".join(shown + [HINT_TAIL])

    def _toc_view(self):
        lines: list[RenderableType] = [
            Text(f"{self.place.module.title} · {self.place.page.level} · contents", style="bold"), Text("")]
        for p in self.level_pages:
            mark = "▶" if p == self.place.page and not self.style.plain else (">" if p == self.place.page else " ")
            lines.append(hanging(f" {mark} {p.number:>2}  ", Text(clean(p.title))))
        lines.append(Text(""))
        others = [lv.name for lv in self.place.module.levels if lv.name != self.place.page.level]
        lines.append(Text(f"Other levels: {', '.join(others)} (press l on a page)", style="dim"))
        from rich.console import Group

        return Group(*lines)

    def _level_view(self):
        from rich.console import Group

        lines = [Text("Switch level", style="bold"), Text("")]
        for i, lv in enumerate(self.place.module.levels, 1):
            here = "  (reading)" if lv.name == self.place.page.level else ""
            lines.append(Text(f"  {i}  {lv.name} · {len(lv.pages)} pages{here}"))
        return Group(*lines)

    def _help_view(self):
        from rich.console import Group

        lines = [Text("Keys", style="bold"), Text("")]
        for key, what in HELP:
            lines.append(Text(f"  {key:<18} {what}"))
        return Group(*lines)
