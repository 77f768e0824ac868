"""The next step of the learning loop, from the learner's state: one path, used everywhere.

The path: reviews that are due come first; then the module being read, level by level —
read every page of the level, check yourself with the level's quiz, go on to the next
level — then a related module (the one this module links to most), then any module not
yet read. The welcome screen's "Next", the end of a level in the pager and the end of a
quiz all ask this module, so they always agree.

Works on the module manifest (plain dicts, see courseware/content.summarise) and plain
state, so the welcome screen stays fast: no content model, no Rich.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, NamedTuple

if TYPE_CHECKING:
    from hormonecli.store import Store

FIRST_LEVEL = "fundamentals"
_NONE: Mapping = MappingProxyType({})

# Named tuples rather than dataclasses: the welcome screen builds these on every start, and a
# named tuple class costs a tenth of a dataclass to define.


class State(NamedTuple):
    """What the learner has done, as the store knows it."""

    read: Mapping[tuple[str, str], set[str]] = _NONE    # (module, level) -> page ids read
    positions: Mapping[str, tuple[str, str]] = _NONE    # module -> (level, page), latest first
    met: Mapping[tuple[str, str], int] = _NONE          # (module, level) -> questions answered
    due: int = 0                                        # reviews due now


class Step(NamedTuple):
    """One suggested step.

    kind: review · read (a page of the level being read) · quiz (the level's quiz) · level (the next
    level) · module (a related or unread module) · done (everything read and quizzed) · none (no content).
    """

    kind: str
    module: str = ""
    level: str = ""
    page: str = ""          # page id (read, level, module)
    title: str = ""         # the page's title, or the module's
    number: int = 0         # the page's number in its level
    total: int = 0          # pages in the level
    questions: int = 0      # questions due for review, or in the quiz
    resume: bool = False    # read: the page is where the learner left off
    bare: bool = False      # read/module: a bare `learn MODULE` opens this page
    start: bool = False     # read/module: nothing of this module read yet
    done: bool = False      # quiz: already taken
    via: str = ""           # module: the module that links to it


class LevelEnd(NamedTuple):
    """What the end of a level offers: how much of it was read, and the steps onward."""

    module: str
    level: str
    read: int
    total: int
    unread: tuple[tuple[int, str, str], ...]  # (number, page id, title) of pages not yet read
    steps: tuple[Step, ...]                    # quiz, next level, related module (those that exist)


def state_of(store: Store | None, due: int | None = 0) -> State:
    """The learner's state from the store (an empty state when there is none, or it cannot be read)."""
    from hormonecli.errors import HormoneError

    if store is None:
        return State(due=due or 0)
    try:
        return State(store.pages_read(), store.positions(), store.met_by_level(), due or 0)
    except HormoneError:
        return State(due=due or 0)


# -- the path ---------------------------------------------------------------------

def next_step(modules: list[dict], state: State) -> Step:
    """The one step to suggest now."""
    if not modules:
        return Step("none")
    if state.due:
        return Step("review", questions=state.due)
    by_slug = {mod["slug"]: mod for mod in modules}
    current = next((slug for slug in state.positions if slug in by_slug), None)
    if current is None:
        return _open(modules[0], state)
    mod = by_slug[current]
    level, page = state.positions[current]
    step = _forward(mod, level, page, state)
    if step is not None:
        return step
    related = _related(mod, modules, state, unread_only=True)
    if related is not None:
        return related
    for other in modules:
        if _unread_any(other, state):
            return _open(other, state, kind="module")
    return Step("done")


def level_end(modules: list[dict], state: State, slug: str, level: str) -> LevelEnd | None:
    """The offer at the end of a level: its quiz, the next level, a related module."""
    by_slug = {mod["slug"]: mod for mod in modules}
    mod = by_slug.get(slug)
    if mod is None or level not in mod["levels"]:
        return None
    pages = mod["levels"][level]
    read = state.read.get((slug, level), set())
    unread = tuple((n, pid, title) for n, (pid, title) in enumerate(pages, 1) if pid not in read)
    steps: list[Step] = []
    n_questions = _questions(mod, level)
    if n_questions:
        steps.append(Step("quiz", slug, level, questions=n_questions, done=_quizzed(mod, level, state)))
    names = list(mod["levels"])
    if names.index(level) + 1 < len(names):
        nxt = names[names.index(level) + 1]
        first = mod["levels"][nxt][0] if mod["levels"][nxt] else ["", ""]
        steps.append(Step("level", slug, nxt, first[0], first[1], 1, len(mod["levels"][nxt])))
    related = _related(mod, modules, state, unread_only=True) or _related(mod, modules, state, unread_only=False)
    if related is not None:
        steps.append(related)
    return LevelEnd(slug, level, len(pages) - len(unread), len(pages), unread, tuple(steps))


def reached_levels(modules: list[dict] | None, state: State, slug: str) -> list[str]:
    """The levels a quiz on a module draws from by default: fundamentals, and every level with a page read."""
    names = _level_names(modules, slug)
    reached = [lv for lv in names if lv == FIRST_LEVEL or state.read.get((slug, lv))]
    return reached or names[:1]


def learner_level(state: State, levels: tuple[str, ...] = (FIRST_LEVEL, "intermediate", "academic")) -> str:
    """The level the learner is at: the highest level with a page read (fundamentals for a new learner)."""
    best = 0
    for (_slug, lv), pages in state.read.items():
        if pages and lv in levels:
            best = max(best, levels.index(lv))
    return levels[best]


# -- inside -------------------------------------------------------------------------

def _level_names(modules: list[dict] | None, slug: str) -> list[str]:
    for mod in modules or []:
        if mod["slug"] == slug:
            return list(mod["levels"])
    return [FIRST_LEVEL, "intermediate", "academic"]


def _questions(mod: dict, level: str) -> int:
    """Questions at a level (the manifest's question_pages: id -> [module, page, level])."""
    return sum(1 for where in mod.get("question_pages", {}).values() if where[-1:] == [level])


def _quizzed(mod: dict, level: str, state: State) -> bool:
    """The level's quiz counts as taken once at least half its questions have been answered."""
    n = _questions(mod, level)
    return n == 0 or state.met.get((mod["slug"], level), 0) * 2 >= n


def _unread(mod: dict, level: str, state: State, after: str = "") -> Step | None:
    """The first unread page of a level at or after page `after`, else the first unread page."""
    pages = mod["levels"].get(level, [])
    read = state.read.get((mod["slug"], level), set())
    ids = [pid for pid, _ in pages]
    start = ids.index(after) if after in ids else 0
    for i in list(range(start, len(pages))) + list(range(0, start)):
        pid, title = pages[i]
        if pid not in read:
            at = pid == after and state.positions.get(mod["slug"], ("", ""))[1] == pid
            return Step("read", mod["slug"], level, pid, title, i + 1, len(pages), resume=at, bare=at,
                        start=not any(state.read.get((mod["slug"], lv)) for lv in mod["levels"]))
    return None


def _forward(mod: dict, level: str, page: str, state: State) -> Step | None:
    """The first thing left to do in a module, from the level being read onward."""
    names = list(mod["levels"])
    if level not in names:
        level, page = names[0], ""
    for lv in names[names.index(level):]:
        step = _unread(mod, lv, state, after=page if lv == level else "")
        if step is not None:
            if lv != level and step.number == 1:
                return Step("level", mod["slug"], lv, step.page, step.title, 1, step.total)
            return step
        if not _quizzed(mod, lv, state):
            return Step("quiz", mod["slug"], lv, questions=_questions(mod, lv))
    return None


def _unread_any(mod: dict, state: State) -> bool:
    return any(pid not in state.read.get((mod["slug"], lv), set())
               for lv, pages in mod["levels"].items() for pid, _ in pages)


def _open(mod: dict, state: State, kind: str = "read", via: str = "") -> Step:
    """Where a module opens: where the learner left off in it, else its first page."""
    pos = state.positions.get(mod["slug"])
    names = list(mod["levels"])
    level, page = pos if pos and pos[0] in mod["levels"] else (names[0], "")
    step = _unread(mod, level, state, after=page) or _unread(mod, names[0], state)
    fresh = not any(state.read.get((mod["slug"], lv)) for lv in names)
    if step is None:
        pid, title = mod["levels"][names[0]][0]
        step = Step("read", mod["slug"], names[0], pid, title, 1, len(mod["levels"][names[0]]))
    bare = step.page == pos[1] if pos else (step.level == names[0] and step.number == 1)
    return Step(kind, mod["slug"], step.level, step.page, step.title if kind == "read" else mod["title"],
                step.number, step.total, resume=bool(pos) and bare, bare=bare, start=fresh, via=via)


def _related(mod: dict, modules: list[dict], state: State, unread_only: bool) -> Step | None:
    """The module this one links to most (course order breaks ties)."""
    order = {m["slug"]: i for i, m in enumerate(modules)}
    links = {slug: n for slug, n in mod.get("links", {}).items() if slug in order and slug != mod["slug"]}
    for slug in sorted(links, key=lambda s: (-links[s], order[s])):
        other = modules[order[slug]]
        if not unread_only or _unread_any(other, state):
            return _open(other, state, kind="module", via=mod["slug"])
    return None
