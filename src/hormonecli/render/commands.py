"""Every command line hormonecli suggests to the learner, built in one place.

Suggestions carry the run's content packs (`--content-dir`), so a command copied from
a screen finds the same modules. No Rich: the quick screens use this too.
"""
from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from hormonecli.nextstep import Step


class Commands:
    def __init__(self, content_dirs: Sequence[str] = ()):
        self.program = " ".join(["hormonecli", *(f"--content-dir {shlex.quote(d)}" for d in content_dirs)])

    def _cmd(self, *words: str) -> str:
        return " ".join([self.program, *(shlex.quote(w) if w else "''" for w in words)])

    def learn(self, slug: str = "", page: str = "", level: str = "") -> str:
        return self._cmd("learn", *([slug] if slug else []), *(["--level", level] if level else []),
                         *(["--page", page] if page else []))

    def quiz(self, slug: str = "", *, question: str = "", level: str = "") -> str:
        if question:
            return self._cmd("quiz", "--question", question)
        return self._cmd("quiz", *([slug] if slug else []), *(["--level", level] if level else []))

    def define(self, term: str) -> str:
        return self._cmd("define", term)

    def review(self, cram: bool = False) -> str:
        return self._cmd("review", *(["--cram"] if cram else []))

    def search(self, query: str) -> str:
        return self._cmd("search", query)

    def claims(self, sentence: str = "", *, label: str = "", module: str = "") -> str:
        return self._cmd("claims", *([sentence] if sentence else []), *(["--label", label] if label else []),
                         *(["--module", module] if module else []))

    def list(self) -> str:
        return self._cmd("list")

    def validate(self) -> str:
        return self._cmd("validate")

    def hit(self, kind: str, module: str, page: str, ref: str, title: str, page_module: str = "") -> str:
        """The command that opens a search hit."""
        if kind == "term":
            return self.define(title)
        if kind == "question":
            return self.quiz(question=ref)
        return self.learn(page_module or module, page)

    def step(self, step: Step) -> str:
        """The command that takes a suggested next step (nextstep.py)."""
        if step.kind == "review":
            return self.review()
        if step.kind == "quiz":
            return self.quiz(step.module, level=step.level)
        if step.kind == "level":
            return self.learn(step.module, level=step.level)
        if step.kind in ("read", "module"):
            return self.learn(step.module) if step.bare else self.learn(step.module, step.page)
        if step.kind == "done":
            return self.review(cram=True)
        return self.list()
