"""The learner's progress as plain data: pages read, mastery by module, level and page, reviews ahead.

Mastery comes from answers: each question names the page that teaches it, so a page's
mastery is how well its questions are known (the last answer and the share right, half
each), and the weakest pages are the ones to reread.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from hormonecli.store import Store

FORECAST_DAYS = 14
WEAK_BELOW = 0.7   # a page whose mastery is below this is offered for rereading


@dataclass
class PageProgress:
    module: str
    level: str
    id: str
    title: str
    number: int
    read: bool = False
    visited: bool = False
    questions: int = 0       # questions that teach this page
    met: int = 0             # ... answered at least once
    answered: int = 0        # answers in all
    correct: int = 0
    missed_last: int = 0     # questions whose last answer was wrong
    mastery: float | None = None  # 0..1 over the questions met; None before any answer

    def to_json(self, command: Callable[[str, str], str] | None = None) -> dict:
        data = {"module": self.module, "level": self.level, "page": self.id, "title": self.title,
                "number": self.number, "read": self.read, "visited": self.visited, "questions": self.questions,
                "questions_answered": self.met, "answered": self.answered, "correct": self.correct,
                "missed_last": self.missed_last,
                "mastery": round(self.mastery, 3) if self.mastery is not None else None}
        if command is not None:
            data["command"] = command(self.module, self.id)
        return data


@dataclass
class LevelProgress:
    level: str
    pages: int
    read: int
    questions: int
    answered: int = 0
    correct: int = 0
    visited: int = 0
    met: int = 0   # distinct questions answered
    due: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass
class ModuleProgress:
    slug: str
    title: str
    levels: list[LevelProgress]
    due: int = 0
    met: int = 0  # distinct questions answered at least once
    pages_detail: list[PageProgress] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(lv.answered for lv in self.levels)

    @property
    def correct(self) -> int:
        return sum(lv.correct for lv in self.levels)

    @property
    def pages(self) -> int:
        return sum(lv.pages for lv in self.levels)

    @property
    def read(self) -> int:
        return sum(lv.read for lv in self.levels)

    @property
    def visited(self) -> int:
        return sum(lv.visited for lv in self.levels)

    @property
    def questions(self) -> int:
        return sum(lv.questions for lv in self.levels)

    @property
    def started(self) -> bool:
        return bool(self.visited or self.answered)


@dataclass
class Progress:
    modules: list[ModuleProgress]
    due: int
    next_due: float | None
    other_answers: int = 0  # answers to modules no longer in the content (kept, not shown)
    forecast: list[tuple[date, int]] = field(default_factory=list)  # reviews due per day, today first
    weakest: list[PageProgress] = field(default_factory=list)       # pages to reread, weakest first

    def to_json(self, command: Callable[[str, str], str] | None = None) -> dict:
        """Plain data for --json; `command(module, page)` gives the command that opens a page."""
        return {
            "modules": [
                {
                    "slug": mp.slug,
                    "title": mp.title,
                    "answered": mp.answered,
                    "correct": mp.correct,
                    "accuracy": round(mp.correct / mp.answered, 3) if mp.answered else None,
                    "due": mp.due,
                    "questions": mp.questions,
                    "questions_met": mp.met,
                    "pages": mp.pages,
                    "pages_read": mp.read,
                    "pages_visited": mp.visited,
                    "levels": {
                        lv.level: {"pages": lv.pages, "pages_read": lv.read, "pages_visited": lv.visited,
                                   "questions": lv.questions, "questions_answered": lv.met,
                                   "answered": lv.answered, "correct": lv.correct,
                                   "accuracy": round(lv.accuracy, 3) if lv.accuracy is not None else None,
                                   "due": lv.due}
                        for lv in mp.levels
                    },
                    "pages_detail": [p.to_json() for p in mp.pages_detail],
                }
                for mp in self.modules
            ],
            "due": self.due,
            "next_due": iso_time(self.next_due),
            "forecast": [{"date": day.isoformat(), "due": n} for day, n in self.forecast],
            "weakest": [p.to_json(command) for p in self.weakest],
        }


def iso_time(timestamp: float | None) -> str | None:
    """A moment as local ISO 8601 with its offset (2026-03-01T09:30:00+01:00), or None."""
    if not timestamp:
        return None
    from datetime import datetime

    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def forecast(due_times: list[float], now: float, days: int = FORECAST_DAYS) -> list[tuple[date, int]]:
    """Reviews due on each of the next `days` local calendar days, today first (overdue ones count today)."""
    today = date.fromtimestamp(now)
    counts = [0] * days
    for due in due_times:
        ahead = (date.fromtimestamp(max(due, now)) - today).days
        if 0 <= ahead < days:
            counts[ahead] += 1
    return [(today + timedelta(days=i), n) for i, n in enumerate(counts)]


def question_mastery(answered: int, correct: int, last_correct: int) -> float:
    """How well one question is known: its last answer and its share of right answers, half each."""
    return 0.5 * float(bool(last_correct)) + 0.5 * (correct / answered if answered else 0.0)


def progress(store: Store | None, modules: list[dict], module: str | None = None,
             now: float | None = None, weakest: int = 3) -> Progress:
    """Progress for every module (or the one named by its slug), from the store (an unusable store
    reads as empty). `modules` are the course's module summaries (courseware.content.summarise), so
    showing progress loads no lesson."""
    now = time.time() if now is None else now
    qmodule = {qid: mod["slug"] for mod in modules for qid in mod["question_ids"]}
    if store is not None:
        store.retire_missing(frozenset(qmodule))
        read, visited = store.pages_read(), store.pages_visited()
        accuracy = store.accuracy()
        due = store.due_by_module(now)
        due_lv = store.due_by_level(now)
        met_lv = store.met_by_level()
        stats = store.question_stats()
        nxt = store.next_due(now, module)
        ahead = forecast(store.due_times(module), now)
    else:
        read, visited, accuracy, due, due_lv, met_lv, stats, nxt = {}, {}, {}, {}, {}, {}, {}, None
        ahead = forecast([], now)
    met_by_module: dict[str, int] = {}
    for qid in stats:
        if qid in qmodule:
            met_by_module[qmodule[qid]] = met_by_module.get(qmodule[qid], 0) + 1
    shown = [mod for mod in modules if module is None or mod["slug"] == module]
    out = []
    for mod in shown:
        slug = mod["slug"]
        levels = []
        for level, pages in mod["levels"].items():
            n, ok = accuracy.get((slug, level), (0, 0))
            ids = {pid for pid, _title in pages}
            asked = sum(1 for where in mod["question_pages"].values() if where[2:] == [level])
            levels.append(LevelProgress(
                level, len(pages), len(read.get((slug, level), set()) & ids), asked, n, ok or 0,
                visited=len(visited.get((slug, level), set()) & ids),
                met=met_lv.get((slug, level), 0), due=due_lv.get((slug, level), 0)))
        mp = ModuleProgress(slug, mod["title"], levels, due.get(slug, 0), met_by_module.get(slug, 0))
        mp.pages_detail = _pages(mod, modules, read, visited, stats)
        out.append(mp)
    slugs = {mod["slug"] for mod in modules}
    other = sum(n for (slug, _lv), (n, _ok) in accuracy.items() if slug not in slugs)
    total_due = sum(mp.due for mp in out)
    weak = [p for mp in out for p in mp.pages_detail if p.mastery is not None and p.mastery < WEAK_BELOW]
    order = {(p.module, p.id): i for i, p in enumerate(p for mp in out for p in mp.pages_detail)}
    weak.sort(key=lambda p: (p.mastery, -p.missed_last, order[(p.module, p.id)]))
    return Progress(out, total_due, None if total_due else nxt, other, ahead, weak[:weakest])


def _pages(mod: dict, modules: list[dict], read: dict, visited: dict, stats: dict) -> list[PageProgress]:
    """Every page of a module with the questions (from any module) that teach it."""
    slug = mod["slug"]
    pages = {pid: PageProgress(slug, level, pid, title, number,
                               read=pid in read.get((slug, level), set()),
                               visited=pid in visited.get((slug, level), set()))
             for level, level_pages in mod["levels"].items()
             for number, (pid, title) in enumerate(level_pages, 1)}
    scores: dict[str, list[float]] = {}
    for other in modules:
        for qid, where in other["question_pages"].items():
            if where[0] != slug or where[1] not in pages:
                continue
            pp = pages[where[1]]
            pp.questions += 1
            if qid in stats:
                n, ok, last = stats[qid]
                pp.met += 1
                pp.answered += n
                pp.correct += ok or 0
                pp.missed_last += 0 if last else 1
                scores.setdefault(where[1], []).append(question_mastery(n, ok or 0, last))
    for page_id, values in scores.items():
        pages[page_id].mastery = sum(values) / len(values)
    return list(pages.values())


def reset(store: Store, module: str | None = None) -> dict[str, int]:
    """Forget the learner's state for one module (by slug) or all of it."""
    return store.reset(module)
