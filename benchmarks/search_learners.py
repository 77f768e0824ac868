"""Ranking measure on plain-language learner questions: hit@1 and hit@3 of page hits.

    python benchmarks/search_learners.py [--level fundamentals] [--show]

Reads tests/fixtures/search/learner-questions.yaml (a question and the pages that answer it), searches
the shipped content for page hits as a learner at --level would, and prints the share of questions
with an answering page first (hit@1) and among the first three (hit@3). --show lists each question
with the rank of its best answering page. A measurement, never a test (tests/test_search_learners.py
holds the floor the suite enforces).
"""
from __future__ import annotations

import argparse
import inspect
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "fixtures" / "search" / "learner-questions.yaml"


def load() -> list[tuple[str, list[str]]]:
    import yaml

    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return [(item["q"], list(item["pages"])) for item in data["questions"]]


def ranks(level: str | None) -> list[tuple[str, int | None, list[str]]]:
    from hormonecli.courseware.content import Content
    from hormonecli.search import index

    idx = index.open_index(Content())
    takes_level = "level" in inspect.signature(idx.search).parameters
    out = []
    for query, pages in load():
        kw = {"level": level} if takes_level and level else {}
        hits = idx.search(query, kind="page", limit=20, **kw).hits
        got = [f"{h.module}/{h.page}" for h in hits]
        rank = next((i + 1 for i, g in enumerate(got) if g in pages), None)
        out.append((query, rank, got[:3]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--level", default="fundamentals")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("HORMONECLI_HOME", tempfile.mkdtemp(prefix="hc-rank-"))
    sys.path.insert(0, str(ROOT / "src"))
    rows = ranks(args.level)
    n = len(rows)
    hit1 = sum(1 for _, r, _ in rows if r == 1)
    hit3 = sum(1 for _, r, _ in rows if r is not None and r <= 3)
    if args.show:
        for query, rank, top in rows:
            print(f"{rank if rank else '-':>3}  {query}   [{', '.join(top)}]")
    print(f"{n} questions · hit@1 {hit1}/{n} ({100 * hit1 / n:.0f}%) · hit@3 {hit3}/{n} ({100 * hit3 / n:.0f}%)")


if __name__ == "__main__":
    main()
