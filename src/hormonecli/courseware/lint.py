"""The content linter behind `hormonecli validate`.

Each rule has a code and a one-sentence message; RULES lists them all. Loading
(YAML, schema, types) reports HC001-HC009 and a few structural codes; this
module adds the rules that need the whole library: links, citations, terms,
question consistency across files, safety and style.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

from hormonecli.courseware import markup
from hormonecli.courseware import model as m
from hormonecli.courseware.evidence import claim_key, word
from hormonecli.courseware.library import content_files, load
from hormonecli.courseware.links import page_texts
from hormonecli.courseware.yamlread import Doc, Finding, yaml_path

RULES: dict[str, str] = {
    "HC001": "The file is not readable YAML (syntax error, tab indentation, not UTF-8, empty).",
    "HC002": "The file is larger than the size cap.",
    "HC003": "The file uses YAML anchors or aliases, which are not allowed.",
    "HC004": "format_version is missing or not supported.",
    "HC005": "A key is not part of the schema (or appears twice).",
    "HC006": "A required key is missing.",
    "HC007": "A value has the wrong type.",
    "HC008": "A value is not one of the allowed values or is not a valid id.",
    "HC009": "An id is defined twice (module, page, question, term, reference, option).",
    "HC010": "A cross-reference points to a module or page that does not exist.",
    "HC011": "A glossary term is used that the glossary does not define.",
    "HC012": "A citation names a reference that the bibliography does not define.",
    "HC013": "A question's answer is inconsistent with its options, items or pairs.",
    "HC014": "An option, item or pair has no explanation.",
    "HC015": "A question's teaching page does not exist.",
    "HC016": "A level has fewer than three pages (warning).",
    "HC017": "A module links to fewer than two other modules (warning).",
    "HC018": "Text gives a dose or a dosing schedule.",
    "HC019": "Text uses a marketing phrase (warning).",
    "HC020": "The last page of a level has no key points (warning).",
    "HC021": "A chart has no citation or unusable points.",
    "HC022": "A claim has no citation.",
    "HC023": "A page about a therapy has no caution callout (warning).",
    "HC024": "A module's slug does not match its file name.",
    "HC025": "A drug, peptide or supplement term has no evidence/status tag (warning).",
    "HC026": "A module has fewer than 20 questions or fewer than four question types (warning).",
    "HC027": "Inline markup is malformed (unclosed [[, {, or [@).",
    "HC028": "A diagram is malformed (fewer than two steps, or feedback naming an unknown step).",
    "HC029": "A table row has a different number of cells than the table has columns.",
    "HC030": "A reference is never cited (warning).",
    "HC031": "A module alias is already the slug or alias of another module.",
    "HC032": "The correct option is much longer than every distractor, which gives it away (warning).",
    "HC033": "A question about a therapy gives no evidence label in its feedback (warning).",
    "HC034": "A YAML tag other than plain text, numbers, true/false, lists and mappings is used.",
    "HC035": "Lists and mappings are nested too deep, or one value is too long.",
    "HC036": "The same claim text carries two different evidence labels in the course.",
    "HC037": "Text gives an amount in spelled-out dose units (milligrams, micrograms, international units).",
    "HC038": "Too many of a module's single-answer questions have the correct option as the longest (warning).",
    "HC039": "A multiple-answer question keys three quarters or more of its options (warning).",
}
KEYED_LONGEST_MAX = 0.35  # share of a module's single-answer questions whose key is strictly the longest
KEYED_LONGEST_MIN_QUESTIONS = 6
LABEL_RE = re.compile(r"\b(established|not established|mixed|emerging)\b", re.I)

SPELLED_DOSE_RE = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*"
    r"(?:milli|micro|nano)grams?\b(?!\s*(?:/|per\b))"
    r"|\b(?:milli|micro)grams?\s+(?:base|per\s+(?:vial|dose|day|week|kilogram|kg))\b"
    r"|(?<![\w.])\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*international\s+units?\b",
    re.I,
)
DOSE_RE = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*"
    r"(?:mg|mcg|µg|μg|ug|IU|i\.u\.|units?|mL|ml)\b(?!\s*/)",
)
THERAPY_RE = re.compile(
    r"\b(testosterone|TRT|DHEA|estrogen|estradiol|progesterone|progestogen|MHT|hormone therapy|"
    r"sermorelin|ipamorelin|CJC-1295|MK-677|ibutamoren|gonadorelin|anastrozole|aromatase inhibitor|"
    r"growth hormone|GH|peptide|injection|tablet|capsule|supplement|vitamin|calcium|magnesium|zinc|"
    r"bisphosphonate|denosumab|teriparatide|abaloparatide|romosozumab)\b",
    re.I,
)
SCHEDULE_RE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:times?|x|doses?|injections?|tablets?|capsules?)\s*(?:a|per|each)\s*(?:day|week|month)\b"
    r"|\b(?:once|twice)\s+(?:a|per|each)\s+(?:day|week)\b"
    r"|\bevery\s+\d+\s+(?:days|hours|weeks)\b",
    re.I,
)
MARKETING_RE = re.compile(
    r"\boptimi[sz](?:e|es|ed|ing|ation)\b|\boptimal (?:hormone )?levels?\b|\byouthful levels?\b"
    r"|\breboot(?:s|ed|ing)?\b|\banti-?aging protocols?\b|\breclaim(?:s|ed|ing)? (?:your )?vitality\b"
    r"|\bturn(?:s|ed|ing)? back the clock\b",
    re.I,
)
THERAPY_PAGE_RE = re.compile(
    r"testosterone (?:therapy|treatment|replacement)|\bTRT\b|menopausal hormone therapy|\bMHT\b|"
    r"aromatase inhibitor|anastrozole|gonadorelin|sermorelin|ipamorelin|CJC-1295|MK-677|secretagogue|"
    r"DHEA supplement|supplementation|bisphosphonate|denosumab|teriparatide|romosozumab",
    re.I,
)
DRUG_DEF_RE = re.compile(r"\b(drug|medicine|medication|peptide|supplement|analogue|analog|mimetic|inhibitor)\b", re.I)
# Keys whose values are identifiers, not prose.
ID_KEYS = {"id", "slug", "type", "level", "page", "kind", "evidence", "format_version", "effect", "doi", "url",
           "aliases", "cite", "correct", "answer", "tolerance"}


def text_fields(data: Any, p: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every prose string in a document with its YAML path."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k in ID_KEYS:
                continue
            yield from text_fields(v, p + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from text_fields(v, p + (i,))
    elif isinstance(data, str):
        yield p, data


class Linter:
    def __init__(self, library: m.Library, docs: dict[str, Doc], findings: list[Finding],
                 only: set[str] | None = None):
        self.lib, self.docs, self.findings = library, docs, findings
        self.only = only  # the files whose findings are wanted (all when None)
        self.cited: Counter[str] = Counter()

    def wanted(self, path: str) -> bool:
        return self.only is None or path in self.only

    def add(self, code: str, path: str, p: tuple, message: str, severity: str = "error") -> None:
        doc = self.docs.get(path)
        line = doc.line(p) if doc else 0
        self.findings.append(Finding(code, severity, path, line, yaml_path(p), message))

    def run(self) -> None:
        # Findings outside the wanted files are not reported, so their checks are skipped; only
        # citations are still counted everywhere when a wanted bibliography needs them (HC030).
        count_all = any(self.wanted(ref.path) for ref in self.lib.references.values())
        module_paths = {mod.path for mod in self.lib.modules}
        for mod in self.lib.modules:
            if self.wanted(mod.path):
                self.module(mod)
            elif count_all:
                self.count_cites(self.docs[mod.path])
        for term in self.lib.terms.values():
            if self.wanted(term.path):
                self.term(term)
        for path, doc in self.docs.items():
            if path not in module_paths:
                if self.wanted(path):
                    self.prose(doc, module=None)
                elif count_all:
                    self.count_cites(doc)
        self.claim_labels()
        for ref in self.lib.references.values():
            if not self.cited[ref.id]:
                self.add("HC030", ref.path, self._ref_path(ref), f"reference '{ref.id}' is never cited", "warning")

    def _ref_path(self, ref: m.Reference) -> tuple:
        doc = self.docs.get(ref.path)
        for i, item in enumerate((doc.data.get("references") if doc else None) or []):
            if isinstance(item, dict) and item.get("id") == ref.id:
                return ("references", i)
        return ()

    # -- module ---------------------------------------------------------------
    def module(self, mod: m.Module) -> None:
        doc = self.docs[mod.path]
        for level in mod.levels:
            lp = ("levels", level.name, "pages")
            if len(level.pages) < 3:
                self.add("HC016", mod.path, lp, f"{level.name} has {len(level.pages)} page(s); a level needs at least 3", "warning")
            if level.pages and not any(isinstance(b, m.KeyPoints) for b in level.pages[-1].blocks):
                self.add("HC020", mod.path, lp + (len(level.pages) - 1,),
                         f"the last page of {level.name} ('{level.pages[-1].id}') should end with key points", "warning")
            for i, page in enumerate(level.pages):
                self.therapy_page(mod, page, lp + (i,))
        linked = self.prose(doc, module=mod)
        others = sorted(s for s in linked if s != mod.slug)
        if len(others) < 2:
            self.add("HC017", mod.path, ("slug",),
                     f"{mod.slug} links to {len(others)} other module(s); link to at least two where topics meet", "warning")
        for i, q in enumerate(mod.questions):
            self.question(mod, q, ("questions", i))
        counts = Counter(q.type for q in mod.questions)
        if len(mod.questions) < 20 or len(counts) < 4:
            self.add("HC026", mod.path, ("questions",),
                     f"{mod.slug} has {len(mod.questions)} questions of {len(counts)} types; aim for 20+ in 4+ types",
                     "warning")
        self.keying(mod)

    def keying(self, mod: m.Module) -> None:
        """Cues a test-wise learner could exploit: the key is usually the longest option, or nearly
        every option of a multiple-answer question is keyed."""
        singles = [q for q in mod.questions if q.type == "single" and any(o.correct for o in q.options)
                   and not all(o.correct for o in q.options)]
        longest = [q.id for q in singles
                   if max(len(o.text) for o in q.options if o.correct) > max(len(o.text) for o in q.options
                                                                             if not o.correct)]
        if len(singles) >= KEYED_LONGEST_MIN_QUESTIONS and len(longest) > KEYED_LONGEST_MAX * len(singles):
            self.add("HC038", mod.path, ("questions",),
                     f"{mod.slug}: the correct option is the longest in {len(longest)} of {len(singles)} "
                     f"single-answer questions (more than {KEYED_LONGEST_MAX:.0%}); a test-wise learner can guess "
                     f"by length ({', '.join(longest[:6])}{' …' if len(longest) > 6 else ''})", "warning")
        for i, q in enumerate(mod.questions):
            if q.type == "multiple" and q.options:
                keyed = sum(o.correct for o in q.options)
                if keyed >= 0.75 * len(q.options):
                    self.add("HC039", mod.path, ("questions", i, "options"),
                             f"question '{q.id}' keys {keyed} of {len(q.options)} options; key two or three of "
                             "five or six", "warning")

    def claim_labels(self) -> None:
        """HC036: one claim, one label. Texts are compared without markup, case, spacing or final
        punctuation; every place that disagrees with another is reported, naming the other."""
        places: dict[str, list[tuple[str, m.Module, tuple, str]]] = {}
        for mod in self.lib.modules:
            for level in mod.levels:
                for i, page in enumerate(level.pages):
                    for j, block in enumerate(page.blocks):
                        if isinstance(block, m.Claim):
                            p = ("levels", level.name, "pages", i, "blocks", j, "claim", "evidence")
                            places.setdefault(claim_key(block.text, self.lib.terms), []).append(
                                (block.evidence, mod, p, f"{mod.slug}/{page.id}"))
        for key, found in places.items():
            if len({label for label, *_ in found}) < 2:
                continue
            for label, mod, p, where in found:
                if not self.wanted(mod.path):  # compared with every module, reported in the files asked for
                    continue
                others = sorted({f"{word(o_label)} on {o_where}" for o_label, _m, _p, o_where in found
                                 if o_label != label})
                short = key if len(key) <= 60 else key[:59] + "…"
                self.add("HC036", mod.path, p, f"claim '{short}' is labelled {word(label)} here but "
                         f"{' and '.join(others)}; one claim takes one label")

    def therapy_page(self, mod: m.Module, page: m.Page, p: tuple) -> None:
        hits = sum(len(THERAPY_PAGE_RE.findall(text)) for text in page_texts(page))
        hits += len(THERAPY_PAGE_RE.findall(page.title))  # a therapy in the title counts double
        if hits >= 3 and not any(isinstance(b, m.Callout) and b.kind == "caution" for b in page.blocks):
            self.add("HC023", mod.path, p, f"page '{page.id}' discusses therapies but has no caution callout", "warning")

    def prose(self, doc: Doc, module: m.Module | None) -> set[str]:
        """Check every prose string in a document; return the modules it links to."""
        linked: set[str] = set()
        path = str(doc.path)
        for p, text in text_fields(doc.data):
            for bad in markup.problems(text):
                self.add("HC027", path, p, f"malformed inline markup near '{bad}'")
            for seg in markup.refs(text):
                if seg.kind == "term":
                    if seg.target not in self.lib.terms:
                        self.add("HC011", path, p, f"unknown glossary term '{{{seg.target}}}'")
                elif seg.kind == "cite":
                    for rid in seg.target.split(";"):
                        self.cite(path, p, rid)
                else:
                    target = self.xref(path, p, seg.target, module)
                    if target:
                        linked.add(target)
            spelled = SPELLED_DOSE_RE.search(text)
            if spelled:
                self.add("HC037", path, p, f"'{spelled.group(0).strip()}' reads as a dose; hormonecli gives no doses")
            m_dose = DOSE_RE.search(text)
            if m_dose:
                self.add("HC018", path, p, f"'{m_dose.group(0).strip()}' reads as a dose; hormonecli gives no doses")
            for sentence in re.split(r"(?<=[.;!?])\s+", text):
                sched = SCHEDULE_RE.search(sentence)
                if sched and THERAPY_RE.search(sentence):
                    self.add("HC018", path, p, f"'{sched.group(0)}' reads as a dosing schedule; hormonecli gives none")
            mk = MARKETING_RE.search(text)
            if mk:
                self.add("HC019", path, p, f"'{mk.group(0)}' is a marketing phrase; say what the evidence shows instead",
                         "warning")
        # citation lists in tables, charts and claims
        for p, ids in _cite_lists(doc.data):
            for rid in ids:
                self.cite(path, p, rid)
        return linked

    def count_cites(self, doc: Doc) -> None:
        for _p, text in text_fields(doc.data):
            if "[@" in text:
                for seg in markup.refs(text):
                    if seg.kind == "cite":
                        self.cited.update(seg.target.split(";"))
        for _p, ids in _cite_lists(doc.data):
            self.cited.update(ids)

    def cite(self, path: str, p: tuple, rid: str) -> None:
        self.cited[rid] += 1
        if rid not in self.lib.references:
            self.add("HC012", path, p, f"unknown reference '@{rid}'")

    def xref(self, path: str, p: tuple, target: str, module: m.Module | None) -> str:
        slug, _, page = target.partition("/")
        if not slug:
            if module is None:
                self.add("HC010", path, p, f"'[[{target}]]' names no module (only a module file can use [[/page]])")
                return ""
            slug = module.slug
        mod = self.lib.module(slug)
        if mod is None:
            self.add("HC010", path, p, f"cross-reference to unknown module '{slug}'")
            return ""
        if page and mod.page(page) is None:
            self.add("HC010", path, p, f"cross-reference to unknown page '{page}' in {slug}")
            return ""
        return slug

    # -- questions -----------------------------------------------------------
    def question(self, mod: m.Module, q: m.Question, p: tuple) -> None:
        slug, page = q.page_ref
        target = self.lib.module(slug)
        if target is None or target.page(page) is None:
            self.add("HC015", mod.path, p + ("page",), f"question '{q.id}' links to page '{q.page}', which does not exist")
        from hormonecli.quiz.kinds import KINDS

        kind = KINDS[q.type]
        if any(THERAPY_PAGE_RE.search(t) for t in kind.asked(q)) and \
                not any(LABEL_RE.search(t) for t in kind.feedback(q)):
            self.add("HC033", mod.path, p, f"question '{q.id}' is about a therapy; restate the evidence label "
                     "(established, mixed, emerging or not established) in its feedback", "warning")
        for code, sub, message in kind.lint(q):
            self.add(code, mod.path, p + (sub,), message, "warning")

    def term(self, term: m.Term) -> None:
        if not term.status and DRUG_DEF_RE.search(term.definition):
            doc = self.docs.get(term.path)
            idx = next((i for i, t in enumerate((doc.data.get("terms") if doc else None) or [])
                        if isinstance(t, dict) and t.get("id") == term.id), 0)
            self.add("HC025", term.path, ("terms", idx),
                     f"term '{term.id}' looks like a drug, peptide or supplement; add a one-line 'status'", "warning")


def _cite_lists(data: Any, p: tuple = ()) -> Iterator[tuple[tuple, list[str]]]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "cite" and isinstance(v, list):
                yield p + (k,), [x for x in v if isinstance(x, str)]
            else:
                yield from _cite_lists(v, p + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _cite_lists(v, p + (i,))


def validate(context_dirs: list[Path], targets: list[Path] | None = None, memo: dict | None = None) -> list[Finding]:
    """Lint the content; report findings for `targets` (all files when None).

    `memo` (tests pass one) keeps parsed files between calls, by path and stamp."""
    dirs = list(context_dirs)
    known = {f.resolve() for _, f in content_files(dirs)}
    for t in targets or []:
        inside = t.resolve() in known or any(_under(f, t.resolve()) for f in known)
        if not inside:
            dirs.append(t)
    findings: list[Finding] = []
    docs: dict[str, Doc] = {}
    library, load_findings = load(dirs, docs, memo)
    findings.extend(load_findings)
    only = None
    if targets:
        roots = [t.resolve() for t in targets]
        only = {path for path in docs if any(_under(Path(path).resolve(), r) for r in roots)}
    Linter(library, docs, findings, only).run()
    if targets:
        findings = [f for f in findings if any(_under(Path(f.path).resolve(), r) for r in roots)]
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (f.path, f.line, f.code))


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
