"""Content measures the content guide sets targets for, per module.

    python benchmarks/content_stats.py [CONTENT_DIR] [--pages]

- fundamentals reading grade: Flesch-Kincaid grade (textstat) over the prose of the
  fundamentals pages (paragraphs, list items, key points, callouts, claims; tables,
  diagrams and charts are not sentences and are left out); --pages adds each page's grade
- keyed-longest: share of single-answer questions whose correct option is strictly the
  longest (the guide's limit: about a third; the linter's: 35%)
- multi keyed: share of multiple-answer options that are correct, and the items keyed
  three quarters or more

textstat is a measuring tool, not a dependency: `pip install 'textstat==0.7.4'` (later releases
fetch a pronouncing dictionary from the network on first use).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def prose(page, terms) -> str:
    from hormonecli.courseware import markup
    from hormonecli.courseware import model as m

    out = []

    def add(text: str) -> None:
        text = markup.plain(text, terms).strip()
        if text and text[-1] not in ".!?:":
            text += "."
        out.append(text)

    for b in page.blocks:
        if isinstance(b, m.Paragraph):
            add(b.text)
        elif isinstance(b, (m.BulletList, m.KeyPoints)):
            for item in b.items:
                add(item)
        elif isinstance(b, m.Callout):
            add(b.text)
        elif isinstance(b, m.Claim):
            add(b.text)
            if b.note:
                add(b.note)
    return " ".join(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("content", nargs="?", default=str(ROOT / "content"))
    ap.add_argument("--pages", action="store_true")
    args = ap.parse_args()
    import textstat

    from hormonecli.courseware.library import load

    library, findings = load([Path(args.content)])
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        print(f"{len(errors)} loading error(s); first: {errors[0].format()}")
    print(f"{'module':<20} {'FK fund.':>8} {'SMOG':>5} {'keyed-longest':>14} {'multi keyed':>12}  over-keyed")
    for mod in library.modules:
        text = " ".join(prose(p, library.terms) for p in mod.level("fundamentals").pages)
        fk = textstat.flesch_kincaid_grade(text)
        smog = textstat.smog_index(text)
        singles = [q for q in mod.questions if q.type == "single"]
        longest = 0
        for q in singles:
            right = [len(o.text) for o in q.options if o.correct]
            wrong = [len(o.text) for o in q.options if not o.correct]
            if right and wrong and right[0] > max(wrong):
                longest += 1
        multis = [q for q in mod.questions if q.type == "multiple"]
        opts = sum(len(q.options) for q in multis)
        keyed = sum(o.correct for q in multis for o in q.options)
        over = [q.id for q in multis if sum(o.correct for o in q.options) >= 0.75 * len(q.options)]
        share = f"{longest}/{len(singles)} {100 * longest / max(1, len(singles)):.0f}%"
        mshare = f"{keyed}/{opts} {100 * keyed / max(1, opts):.0f}%"
        print(f"{mod.slug:<20} {fk:>8.1f} {smog:>5.1f} {share:>14} {mshare:>12}  {' '.join(over) or '-'}")
        if args.pages:
            for p in mod.level("fundamentals").pages:
                print(f"    {p.id:<36} FK {textstat.flesch_kincaid_grade(prose(p, library.terms)):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
