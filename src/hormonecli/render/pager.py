"""The interactive lesson pager: one page at a time, scrolling, links, levels, search.

Keys (see HELP): n/space/→ next · p/← previous · g/G first/last page · :N Enter page N ·
↓/j/Enter ↑/k d/u PgDn/PgUp Home/End scroll · / search (n/N matches) · t contents ·
1-9 follow a link · b back · l level · ? help · q quit.
The terminal is a session (render/terminal.py): it is restored on every way out.
"""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text

from hormonecli.courseware import model as m
from hormonecli.render import find
from hormonecli.render.commands import Commands
from hormonecli.render.keys import HINT_TAIL, KEYS, SCROLLS, help_view, hint, scrolled, shown
from hormonecli.render.lines import MEASURE
from hormonecli.render.page import PageView, hanging
from hormonecli.render.terminal import REDRAW, Terminal
from hormonecli.render.text import Style, clean, make_console


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
        self.mode = "page"      # page · toc · level · help · search (typing a query) · goto (typing a number)
        self.message = ""
        self.fd = sys.stdin.fileno() if stdin_fd is None else stdin_fd
        self.out = out or sys.stdout
        self.term: Terminal | None = None
        self._lines: list[str] = []
        self._links: list[str] = []
        self._key: tuple = ()
        self._rendered: dict[tuple, tuple[list[str], list[str]]] = {}
        self._toc_digits = ""
        self._typed = ""        # the query or page number being typed
        self.search = find.Search()  # the search in force (false when none)
        self._view_top = 0      # scroll position of the help and contents screens
        self._saved_warning = False

    # -- terminal ---------------------------------------------------------------
    def run(self) -> None:
        with Terminal(self.fd, self.out) as term:
            self.term = term
            try:
                self._visit()
                self._loop()
            finally:
                if self.tracker is not None:
                    self.tracker.close()
        self.term = None
        page = self.place.page
        total = len(self.place.module.level(page.level).pages)
        self.out.write(f"Left off at {self.place.module.slug} · {page.level} · page {page.number}/{total}.\n"
                       f"'{self.commands.learn(self.place.module.slug)}' resumes here.\n")
        self.out.flush()

    def _write(self, data: str) -> None:
        if self.term is not None:
            self.term.write(data)
        else:
            self.out.write(data)
            self.out.flush()

    def _size(self) -> tuple[int, int]:
        size = shutil.get_terminal_size((80, 24))
        return max(20, size.columns), max(5, size.lines)

    def _loop(self) -> None:
        assert self.term is not None
        last_size = self._size()
        self._draw()
        while True:
            keys = self.term.read_keys(1.0)
            if keys is None:  # nothing typed: a resize that sent no signal is still noticed, and a
                # page that has just become read shows its ✓ (and the end of a level its count) at once
                if self._size() != last_size or (self.tracker is not None and self.tracker.tick()):
                    last_size = self._size()
                    self._draw()
                continue
            for key in keys:  # several keys may come in one read: each acts, and is seen to act
                if key == b"":
                    return  # end of input
                if key != REDRAW and not self._handle(key):
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

    def _go(self, module: m.Module, page: m.Page, remember: bool = False, top: int = 0) -> None:
        if remember:
            self.history.append(Place(self.place.module, self.place.page, self.place.top))
        if module is not self.place.module:
            self._end_search()  # its matches are pages of the module being left
        self.place = Place(module, page, top)
        self._visit()

    def _end_search(self) -> None:
        self.search, self._key = find.Search(), ()

    def _handle(self, key: bytes) -> bool:
        action = KEYS.get(key)
        self.message = ""
        if self.mode in ("search", "goto"):
            return self._handle_typing(key)
        if action in SCROLLS and (self.mode == "help" or (self.mode == "toc" and not self._toc_digits)):
            self._scroll_view(action)
            return True
        if self.mode == "help":
            self.mode = "page"
            return True
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
        if self.search and action == "next" and key == b"n":
            self._next_match(+1)
            return True
        h = self._body_height()
        bottom = max(0, len(self._lines) - h)
        if action == "space" and self.place.top < bottom:
            self.place.top = min(bottom, self.place.top + h - 1)
        elif action in ("next", "space"):
            self._step(+1)
        elif action == "prev":
            self._step(-1)
        elif action in SCROLLS:
            self.place.top = scrolled(action, self.place.top, h, bottom)
        elif action == "first":
            self._jump(1)
        elif action == "last":
            self._jump(len(self.level_pages))
        elif action == "toc":
            self.mode, self._toc_digits, self._view_top = "toc", "", 0
        elif action == "level":
            self.mode, self._view_top = "level", 0
        elif action == "help":
            self.mode, self._view_top = "help", 0
        elif action in ("search", "goto"):
            self.mode, self._typed = action, ""
        elif action == "prevmatch":
            if self.search:
                self._next_match(-1)
            else:
                self.message = "no search yet: press / and type a word"
        elif action == "back":
            if self.history:
                back = self.history.pop()
                if back.module is not self.place.module:
                    self._end_search()
                self.place = back
                self._visit()
            else:
                self.message = "nothing to go back to"
        elif action == "escape":
            if self.search:
                self._end_search()
                self.message = "search ended; n is next page again"
        else:
            self.message = f"unknown key {shown(key)}; press ? for help"
        return True

    def _scroll_view(self, action: str) -> None:
        h = self._body_height()
        self._view_top = scrolled(action, self._view_top, h, max(0, len(self._lines) - h))

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

    def _jump(self, number: int) -> None:
        pages = self.level_pages
        if not 1 <= number <= len(pages):
            self.message = f"no page {number}: {self.place.page.level} has pages 1-{len(pages)}"
        elif pages[number - 1] == self.place.page:
            self.place.top = 0
            self.message = f"this is page {number}"
        else:
            self._go(self.place.module, pages[number - 1], remember=True)

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

    # -- typing a search or a page number ------------------------------------------
    def _handle_typing(self, key: bytes) -> bool:
        if key in (b"\r", b"\n"):
            typed, mode = self._typed.strip(), self.mode
            self.mode, self._typed = "page", ""
            if mode == "goto":
                if typed.isdigit() and typed.isascii():
                    self._jump(int(typed))
                elif typed:
                    self.message = f"type a page number after ':', e.g. :2 (not {shown(typed.encode())})"
            elif typed:
                self._search(typed)
            elif self.search:
                self._next_match(+1)
            return True
        if key in (b"\x1b", b"\x03", b"\x07"):
            self.mode, self._typed = "page", ""
        elif key in (b"\x7f", b"\x08"):
            if not self._typed:
                self.mode = "page"
            self._typed = self._typed[:-1]
        elif key == b"\x15":
            self._typed = ""
        else:
            text = key.decode("utf-8", "replace")
            if text.isprintable() and len(self._typed) < 80:
                if self.mode == "goto" and not text.isdigit():
                    self.message = "only digits: the page number, then Enter"
                else:
                    self._typed += text
        return True

    def _search(self, query: str) -> None:
        width = self._width()
        self._end_search()
        if not self.search.start(query, self.place.module, self.place.page, self.place.top,
                                 lambda page: self._page_lines(page, width)[0]):
            self.message = f"{shown(query.encode())} is not in {self.place.module.slug}"
            return
        self._show_match(remember=True)

    def _next_match(self, delta: int) -> None:
        if self.search:
            wrapped = self.search.step(delta)
            self._show_match(remember=False)
            self.message = wrapped + self.message

    def _show_match(self, remember: bool) -> None:
        page, line = self.search.current
        top = max(0, line - 2)  # the match near the top, with two lines of what comes before
        if page != self.place.page:
            self._go(self.place.module, page, remember=remember, top=top)
        elif not self.place.top <= line < self.place.top + self._body_height():
            self.place.top = top  # already on screen: the page stays still
        self.message = self.search.counter()

    # -- contents and levels -------------------------------------------------------
    def _handle_toc(self, key: bytes, action: str | None) -> bool:
        pages = self.level_pages
        if key.isdigit():
            self._toc_digits += key.decode()
            n = int(self._toc_digits)
            if len(pages) < 10 or n * 10 > len(pages):
                self._toc_choose(n)
            return True
        if action == "down" and self._toc_digits and key in (b"\r", b"\n"):  # Enter completes a number
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

    def _width(self) -> int:
        """Lessons are laid out at the terminal's width (less one column) up to a readable measure."""
        return min(self._size()[0] - 1, MEASURE)

    def _console(self, width: int):
        return make_console(plain=self.style.plain, no_color=self.no_color, width=width,
                            force_terminal=True, file=open(os.devnull, "w"))

    def _page_lines(self, page: m.Page, width: int) -> tuple[list[str], list[str]]:
        """A page of the module being read: its rendered lines and its links, at a width (kept: paging
        back and searching reuse them)."""
        key = (self.place.module.slug, page.id, width)
        if key not in self._rendered:
            view = PageView(self.library, self.place.module, page, self.style)
            console = self._console(width)
            with console.capture() as cap:
                console.print(view)
            self._rendered[key] = (cap.get().rstrip("\n").split("\n"), list(view.links))
        return self._rendered[key]

    def _render(self, width: int) -> None:
        paging = self.mode in ("page", "search", "goto")
        last = paging and self.place.page.number == len(self.level_pages) and self.offer is not None
        read = self.tracker.is_read(self.place.module.slug, self.place.page.id) if self.tracker else False
        key = (self.place.module.slug, self.place.page.id, width, self.mode, self.search.query, read)
        if key == self._key:
            return
        if paging:
            lines, links = self._page_lines(self.place.page, width)
            self._links = links
            self._lines = [find.mark(line, self.search.query) for line in lines] if self.search else lines
            self._end = self.offer(self.place.module.slug, self.place.page.level) if last else None
            if self._end is not None:  # the close of a level: what was read, and the keys onward
                from hormonecli.render.nextstep import level_end_view

                console = self._console(width)
                with console.capture() as cap:
                    console.print(level_end_view(self._end, self.commands, self.style))
                self._lines = self._lines + cap.get().rstrip("\n").split("\n")
        else:
            body = {"toc": self._toc_view, "level": self._level_view, "help": help_view}[self.mode](width)
            console = self._console(width)
            with console.capture() as cap:
                console.print(body)
            self._lines = cap.get().rstrip("\n").split("\n")
        self._key = key

    def _draw(self) -> None:
        width, height = self._size()
        if self.tracker is not None:
            self.tracker.tick()  # the page being left is counted before this frame says what was read
        self._render(self._width())
        h = height - 1
        bottom = max(0, len(self._lines) - h)
        if self.mode in ("page", "search", "goto"):
            top = self.place.top = min(self.place.top, bottom)
        else:
            top = self._view_top = min(self._view_top, bottom)
        shown = self._lines[top:top + h]
        if self.tracker is not None:
            self.tracker.frame(self.place.page, showing=self.mode in ("page", "search", "goto"), top=top, bottom=bottom)
        frame = ["\x1b[H\x1b[2J"]
        frame.append("\r\n".join(shown))
        frame.append(f"\x1b[{height};1H")
        frame.append(self._footer(width, top, bottom))
        self._write("".join(frame))

    def _footer(self, width: int, top: int, bottom: int) -> str:
        page = self.place.page
        total = len(self.level_pages)
        pct = ""
        if bottom > 0 and self.mode != "level":
            pct = f" · {100 if top >= bottom else int(100 * top / bottom)}%"
        if self.tracker is not None and self.tracker.is_read(self.place.module.slug, page.id):
            pct += " (read)" if self.style.plain else " ✓"
        where = f"{self.place.module.slug} · {page.level} · page {page.number}/{total}{pct}"
        if len(where) + 18 > width:  # a narrow terminal: keep the page number and the way to help
            where = f"{self.place.module.slug} {page.level[:3]} {page.number}/{total}{pct.replace(' · ', ' ')}"
        if self.mode == "search":
            text = f"/{clean(self._typed)}▏  Enter finds · Esc cancels"
            return self._bar(text if len(text) < width else f"/{clean(self._typed)}▏", width)
        if self.mode == "goto":
            return self._bar(f":{self._typed}▏  page number, then Enter (1-{total}) · Esc cancels", width)
        if self.mode == "toc":
            tail = "type a page number"
        elif self.mode == "level":
            tail = "choose 1-3"
        elif self.mode == "help":
            scroll = f"help{pct.replace(' · ', ' ')}  ↓↑ scroll · " if bottom > 0 else "help  "
            return self._bar(f" {scroll}other keys: back", width)
        else:
            offers = ()
            if self._end is not None and self.mode == "page":
                from hormonecli.render.nextstep import offer_hint

                offers = (offer_hint(self._end, width - len(where) - 4 - len(HINT_TAIL) - 2),)
            tail = self.message or hint(width - len(where) - 4, len(self._links), bool(self.search), offers)
        return self._bar(f" {where}  {tail}", width)

    def _bar(self, text: str, width: int) -> str:
        if len(text) > width - 1:
            text = text[: width - 2] + "…"
        if self.no_color or self.style.plain:
            return text
        return f"\x1b[7m{text.ljust(width - 1)}\x1b[0m"

    def _toc_view(self, width: int):
        from rich.console import Group

        lines: list[RenderableType] = [
            Text(f"{clean(self.place.module.title)} · {self.place.page.level} · contents", style="bold"), Text("")]
        for p in self.level_pages:
            mark = "▶" if p == self.place.page and not self.style.plain else (">" if p == self.place.page else " ")
            lines.append(hanging(f" {mark} {p.number:>2}  ", Text(clean(p.title))))
        lines.append(Text(""))
        others = [lv.name for lv in self.place.module.levels if lv.name != self.place.page.level]
        lines.append(Text(f"Other levels: {', '.join(others)} (press l on a page)", style="dim"))
        return Group(*lines)

    def _level_view(self, width: int):
        from rich.console import Group

        lines = [Text("Switch level", style="bold"), Text("")]
        for i, lv in enumerate(self.place.module.levels, 1):
            here = "  (reading)" if lv.name == self.place.page.level else ""
            lines.append(Text(f"  {i}  {lv.name} · {len(lv.pages)} pages{here}"))
        return Group(*lines)

