"""The evidence explorer's screens: every claim, and the claims closest to a sentence. No Rich.

Like search, these are lines (render/lines.py), so `claims` starts as fast as `search`.
A claim always shows its label as a word first ([NOT ESTABLISHED]) and colour second.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from hormonecli.courseware import evidence
from hormonecli.escapes import shorten
from hormonecli.render.lines import Lines, Part, clean

NBSP = "\u00a0"

if TYPE_CHECKING:
    from hormonecli.claims.catalog import Catalog, Claim
    from hormonecli.claims.rank import Matches
    from hormonecli.render.commands import Commands


def tag(label: str) -> Part:
    """The label as it stands in front of a claim, never broken across lines."""
    return (evidence.tag(label).replace(" ", NBSP), evidence.STYLE[label])


def _count(n: int, one: str) -> str:
    return f"{n} {one}{'' if n == 1 else 's'}"


def _by_label(claims: list[Claim]) -> str:
    counts = {label: sum(c.label == label for c in claims) for label in evidence.LABELS}
    return ", ".join(f"{n} {evidence.word(label)}" for label, n in counts.items() if n)


def claim_list(out: Lines, cat: Catalog, commands: Commands) -> None:
    """Every claim (or those filtered), grouped by module or label, then by page: where to read each."""
    sep = out.sep
    what = []
    if cat.label:
        what.append(f"labelled {evidence.word(cat.label)}")
    if cat.module:
        what.append(f"in {cat.module}")
    if not cat.claims:
        out.line(f"No claims {' '.join(what)}." if what else "The course has no evidence-labelled claims.")
        return
    if what:
        out.line((f"{len(cat.claims)} of the course's {cat.total} claims", "bold"),
                 f" {'are' if len(cat.claims) != 1 else 'is'} {' and '.join(what)}", hang=2)
    else:
        out.line((f"{_count(len(cat.claims), 'claim')} in the course", "bold"), f": {_by_label(cat.claims)}",
                 hang=2)
    titles = dict(cat.modules)
    grouped: dict[str, list[Claim]] = {key: [] for key in (evidence.LABELS if cat.by == "label" else titles)}
    for c in cat.claims:
        grouped.setdefault(c.label if cat.by == "label" else c.module, []).append(c)
    for key, claims in grouped.items():
        if not claims:
            continue
        out.blank()
        if cat.by == "label":
            out.line((evidence.shout(key), f"{evidence.STYLE[key]} underline"), f" ({_count(len(claims), 'claim')})")
            out.line((evidence.MEANING[key].capitalize() + ".", "dim"), indent=2)
        else:
            out.line((clean(titles.get(key, key)), "bold underline"), f" ({key}): {_count(len(claims), 'claim')}")
        page = None
        for c in claims:
            if (c.module, c.page) != page:
                if page is not None:
                    out.blank()
                page = (c.module, c.page)
                where = f"{c.module}{sep}" if cat.by == "label" else ""
                out.line((f"{where}{c.level}{sep}{clean(c.page_title)}", "bold"), indent=2, hang=4)
                out.line((clean(commands.learn(c.module, c.page)), "green"), indent=2, hang=4)
            out.line(tag(c.label), " ", clean(c.text), (_sources(c), "dim"), indent=4, hang=6)
    out.blank()
    _counts(out, cat)
    out.blank()
    out.line("Check a sentence you met elsewhere: ", (clean(commands.claims("what you read")), "green"), hang=2)


def _sources(c: Claim) -> str:
    """' (Wu et al. 2010; Bhasin et al. 2018)', each citation kept on one line."""
    return f" ({clean('; '.join(s.replace(' ', NBSP) for s in c.sources))})" if c.sources else ""


def _counts(out: Lines, cat: Catalog) -> None:
    """Claims shown, per module and label."""
    per: dict[str, dict[str, int]] = {}
    for c in cat.claims:
        counts = per.setdefault(c.module, {})
        counts[c.label] = counts.get(c.label, 0) + 1
    labels = [label for label in evidence.LABELS if any(label in counts for counts in per.values())]
    rows = [[slug, *(str(per[slug].get(label, 0)) for label in labels), str(sum(per[slug].values()))]
            for slug, _title in cat.modules if slug in per]
    if len(rows) > 1 or len(labels) > 1:
        rows.append(["all", *(str(sum(counts.get(label, 0) for counts in per.values())) for label in labels),
                     str(len(cat.claims))])
        out.table(["module", *(evidence.word(label) for label in labels), "total"], rows,
                  right=range(1, len(labels) + 2), flexible=0)


def matches(out: Lines, res: Matches, commands: Commands) -> None:
    """The claims closest to a sentence, best first: label, the course's wording, why, sources, where to read."""
    sentence = shorten(res.sentence, 100)
    sep = out.sep
    if not res.matches:
        out.line("No claim in the course is close to ", (f'"{sentence}"', "bold"), ".", hang=2)
        if res.unknown:
            out.line(("Words no claim uses: " + ", ".join(clean(w) for w in res.unknown[:8]), "dim"), hang=2)
        words = " ".join([*res.words, *res.unknown]) or res.sentence
        out.line("Search the whole course: ", (clean(commands.search(shorten(words, 80))), "green"), hang=2)
        return
    n = len(res.matches)
    out.line(f"The course's {'claim' if n == 1 else f'{n} claims'} closest to ", (f'"{sentence}"', "bold"),
             ", best first:" if n > 1 else ":", hang=2)
    for i, m in enumerate(res.matches, 1):
        c = m.claim
        out.blank()
        out.line(f"{i}. ", tag(c.label), " ", (clean(c.text), "bold"), hang=3)
        if c.note:
            out.line(("Why: ", "bold"), clean(c.note), indent=3, hang=5)
        if c.sources:
            out.line(("Sources: ", "bold"), clean("; ".join(c.sources)), indent=3, hang=5)
        if m.words:
            out.line(("Matched: " + ", ".join(clean(w) for w in m.words), "dim"), indent=3, hang=5)
        out.line(("Read: ", "bold"), f"{c.module}{sep}{c.level}{sep}{clean(c.page_title)}", indent=3, hang=5)
        out.line((clean(commands.learn(c.module, c.page)), "green"), indent=5, hang=7)
        for other in m.also:
            out.line(("Also on: ", "bold"), f"{other.module}{sep}{other.level}{sep}{clean(other.page_title)}",
                     indent=3, hang=5)
    out.blank()
    for label in dict.fromkeys(m.claim.label for m in res.matches):
        out.line((evidence.shout(label), evidence.STYLE[label]), (f" means {evidence.MEANING[label]}.", "dim"),
                 hang=2)


def claim_json(c: Claim, commands: Commands) -> dict:
    return {"label": c.label, "text": c.text, "module": c.module, "level": c.level, "page": c.page,
            "page_title": c.page_title, "sources": list(c.sources), "note": c.note or None,
            "command": commands.learn(c.module, c.page)}


def list_json(cat: Catalog, commands: Commands) -> dict:
    return {"claims": [claim_json(c, commands) for c in cat.claims]}


def matches_json(res: Matches, commands: Commands) -> dict:
    out = []
    for m in res.matches:
        item = claim_json(m.claim, commands)
        item.update(score=m.score, matched=m.words,
                    also=[{"module": o.module, "level": o.level, "page": o.page,
                           "command": commands.learn(o.module, o.page)} for o in m.also])
        out.append(item)
    return {"sentence": res.sentence, "matches": out}
