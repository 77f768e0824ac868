"""The learner's progress as plain data: pages read, quiz accuracy, reviews due."""
from __future__ import annotations

import time
from dataclasses import dataclass

from hormonecli.courseware import model as m
from hormonecli.store import Store


@dataclass
class LevelProgress:
    level: str
    pages: int
    read: int
    questions: int
    answered: int = 0
    correct: int = 0


@dataclass
class ModuleProgress:
    slug: str
    title: str
    levels: list[LevelProgress]
    due: int = 0
    met: int = 0  # distinct questions answered at least once

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


@dataclass
class Progress:
    modules: list[ModuleProgress]
    due: int
    next_due: float | None
    other_answers: int = 0  # answers to modules no longer in the content (kept, not shown)

    def to_json(self) -> dict:
        return {
            "modules": [
                {
                    "slug": mp.slug,
                    "title": mp.title,
                    "answered": mp.answered,
                    "correct": mp.correct,
                    "accuracy": round(mp.correct / mp.answered, 3) if mp.answered else None,
                    "due": mp.due,
                    "questions_met": mp.met,
                    "pages": mp.pages,
                    "pages_read": mp.read,
                    "levels": {
                        lv.level: {"pages": lv.pages, "pages_read": lv.read, "questions": lv.questions,
                                   "answered": lv.answered, "correct": lv.correct}
                        for lv in mp.levels
                    },
                }
                for mp in self.modules
            ],
            "due": self.due,
            "next_due": iso_time(self.next_due),
        }


def iso_time(timestamp: float | None) -> str | None:
    """A moment as local ISO 8601 with its offset (2026-03-01T09:30:00+01:00), or None."""
    if not timestamp:
        return None
    from datetime import datetime

    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def progress(store: Store | None, library: m.Library, module: m.Module | None = None,
             now: float | None = None) -> Progress:
    """Progress for every module (or one), from the store (an unusable store reads as empty)."""
    from hormonecli.review import sync

    now = time.time() if now is None else now
    if store is not None:
        sync(store, library)
        read = store.pages_read()
        accuracy = store.accuracy()
        due = store.due_by_module(now)
        met = set(store.question_stats())
        nxt = store.next_due(now, module.slug if module else None)
    else:
        read, accuracy, due, met, nxt = {}, {}, {}, set(), None
    qmodule = {q.id: mod.slug for mod in library.modules for q in mod.questions}
    met_by_module: dict[str, int] = {}
    for qid in met:
        if qid in qmodule:
            met_by_module[qmodule[qid]] = met_by_module.get(qmodule[qid], 0) + 1
    mods = [module] if module is not None else list(library.modules)
    out = []
    for mod in mods:
        levels = []
        for lv in mod.levels:
            n, ok = accuracy.get((mod.slug, lv.name), (0, 0))
            ids = {p.id for p in lv.pages}
            levels.append(LevelProgress(lv.name, len(lv.pages), len(read.get((mod.slug, lv.name), set()) & ids),
                                        sum(1 for q in mod.questions if q.level == lv.name), n, ok or 0))
        out.append(ModuleProgress(mod.slug, mod.title, levels, due.get(mod.slug, 0), met_by_module.get(mod.slug, 0)))
    slugs = {mod.slug for mod in library.modules}
    other = sum(n for (slug, _lv), (n, _ok) in accuracy.items() if slug not in slugs)
    total_due = sum(mp.due for mp in out)
    return Progress(out, total_due, None if total_due else nxt, other)


def reset(store: Store, module: m.Module | None = None) -> dict[str, int]:
    """Forget the learner's state for one module or all of it."""
    return store.reset(module.slug if module else None)
