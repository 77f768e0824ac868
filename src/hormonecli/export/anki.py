"""The quiz questions as an Anki deck (.apkg): one note per question, one deck per module.

Every id is derived from a fixed string, never drawn at random: the note type and decks
from their names, each note's GUID from its question id. Importing a newer export into a
collection therefore updates the cards already there (and keeps their review history)
instead of adding copies.

genanki is imported here only, when a deck is written.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
import zipfile
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from hormonecli.courseware import model as m
from hormonecli.courseware.evidence import shout
from hormonecli.escapes import clean
from hormonecli.export.html import HtmlText
from hormonecli.export.output import staged_file
from hormonecli.export.walk import Selection, count, human_size
from hormonecli.quiz.answers import Choice, format_number
from hormonecli.quiz.kinds import KINDS

if TYPE_CHECKING:
    from hormonecli.courseware.content import Progress
    from hormonecli.render.commands import Commands

PARENT_DECK = "hormonecli"
WHAT = "Exporting anki"  # what the progress line says
NOTE_TYPE = "hormonecli question"
FIELDS = ("Prompt", "Choices", "Answer", "Why", "Explanation", "Reread", "Module", "Level", "Type", "Id")

FRONT = """<div class="hc-meta">{{Module}} · {{Level}} · {{Type}}</div>
<div class="hc-prompt">{{Prompt}}</div>
{{Choices}}"""

BACK = """{{FrontSide}}
<hr id="answer">
<div class="hc-answer">{{Answer}}</div>
{{#Why}}<div class="hc-why">{{Why}}</div>{{/Why}}
{{#Explanation}}<div class="hc-explanation">{{Explanation}}</div>{{/Explanation}}
<div class="hc-reread">{{Reread}}</div>"""

def stable_id(name: str) -> int:
    """An Anki id (2**30 to 2**31) derived from a fixed name: the same on every export."""
    digest = hashlib.sha256(f"hormonecli:{name}".encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


MODEL_ID = stable_id("note-type:question:1")


def deck_id(slug: str) -> int:
    return stable_id(f"deck:{slug}")


def deck_name(module: m.Module) -> str:
    return f"{PARENT_DECK}::{module.title.replace('::', ':').strip()}"


def note_guid(question_id: str) -> str:
    import genanki

    return genanki.guid_for("hormonecli", question_id)


def css() -> str:
    return (Path(__file__).with_name("anki.css")).read_text(encoding="utf-8")


class Card:
    """The fields of one question's note, as HTML."""

    def __init__(self, course: Selection, module: m.Module, q: m.Question):
        self.course, self.module, self.q = course, module, q
        self.text = HtmlText(course, module)  # no links inside Anki; terms carry their definition as a tooltip
        self.pres = course.present(q)  # lettered as its kind lays it out, the same on every export
        self.shown = self.pres.choices
        self.key = self.pres.kind.grade(self.pres, self.pres.kind.key(self.pres))

    def fields(self) -> list[str]:
        q = self.q
        return [self.text(q.prompt), self.choices(), self.answer(), self.why(),
                self.text(q.explanation) if q.explanation else "", self.reread(),
                escape(self.course.plain(self.module.title)), escape(q.level), escape(KINDS[q.type].label),
                escape(q.id)]

    def tags(self) -> list[str]:
        q = self.q
        tags = [PARENT_DECK, f"module::{q.module}", f"level::{q.level}", f"type::{q.type}"]
        tags += [f"evidence::{label}" for label in self.course.evidence(q)]
        return [t.replace(" ", "_") for t in tags]

    # -- front --------------------------------------------------------------------
    def _line(self, s: Choice) -> str:
        return f'<li><span class="hc-letter">{s.label})</span> {self.text(s.text)}</li>'

    def choices(self) -> str:
        """The front: the kind's instruction, then what it lays out (options; numbered items beside
        lettered ones for a match; nothing for a typed answer)."""
        q, pres = self.q, self.pres
        how = escape(pres.kind.card_how)
        if q.unit:
            how = f"{how.rstrip('.')} (in {escape(self.course.plain(q.unit))})."
        how = f'<p class="hc-how">{how}</p>'
        if not self.shown:
            return how
        lines = "".join(self._line(s) for s in self.shown)
        if pres.lefts:
            lefts = "".join(f'<li><span class="hc-letter">{i})</span> {self.text(left)}</li>'
                            for i, left in enumerate(pres.lefts, 1))
            return (f'{how}<div class="hc-match"><ul class="hc-choices hc-lefts">{lefts}</ul>'
                    f'<ul class="hc-choices hc-rights">{lines}</ul></div>')
        return f'{how}<ul class="hc-choices">{lines}</ul>'

    # -- back ---------------------------------------------------------------------
    def answer(self) -> str:
        """The key, as the kind grades its own keyed answer."""
        q, key = self.q, self.key
        if not self.shown:  # a typed answer: the value, and what else is accepted
            unit = f" {escape(self.course.plain(q.unit))}" if q.unit else ""
            accepted = ""
            if q.tolerance and isinstance(q.answer, (int, float)):
                lo, hi = q.answer - q.tolerance, q.answer + q.tolerance
                accepted = (f' <span class="hc-accepted">(accepted: {format_number(lo)} to '
                            f"{format_number(hi)}{unit})</span>")
            return f'<p><strong>Answer: {escape(key.expected)}{unit}</strong>{accepted}</p>'
        if self.pres.kind.key_in_letters:
            return f"<p><strong>Answer: {escape(key.expected)}</strong></p>"
        right = [s for s in self.shown if s.correct]
        letters = ", ".join(s.label for s in right)
        return f'<p><strong>Answer: {letters}</strong> — {"; ".join(self.text(s.text) for s in right)}</p>'

    def why(self) -> str:
        """Why each option is right or wrong: a word and a mark, never colour alone."""
        pres = self.pres
        if pres.kind.key_in_letters:  # order and match: each place of the key, with its why
            by_index = {s.index: s for s in self.shown}
            if pres.lefts:
                pairs = "".join(f"<li><strong>{i + 1}) {self.text(left)} → {by_index[i].label}) "
                                f"{self.text(by_index[i].text)}</strong>{self._why(by_index[i].why)}</li>"
                                for i, left in enumerate(pres.lefts))
                return f'<p class="hc-label">The pairs, and why</p><ul class="hc-verdicts hc-pairs">{pairs}</ul>'
            steps = "".join(f"<li><strong>{n.label}) {self.text(n.text)}</strong>{self._why(n.why)}</li>"
                            for n in self.key.notes)
            return f'<p class="hc-label">The order, and why</p><ol class="hc-verdicts">{steps}</ol>'
        items = []
        for s in self.shown:
            verdict = "right" if s.correct else "wrong"
            mark = "✓" if s.correct else "✗"
            items.append(f'<li class="hc-{verdict}"><span class="hc-mark">{mark} {verdict}:</span> '
                         f"<strong>{s.label}) {self.text(s.text)}</strong>{self._why(s.why)}</li>")
        return f'<ul class="hc-verdicts">{"".join(items)}</ul>' if items else ""

    def _why(self, why: str) -> str:
        return f" — {self.text(why)}" if why else ""

    def reread(self) -> str:
        mod, page = self.course.teaching_page(self.q)
        _, page_id = self.q.page_ref
        if mod is not None and page is not None:
            where = (f"{escape(self.course.plain(mod.title))} · {escape(page.level.capitalize())} · "
                     f"{escape(self.course.plain(page.title))}")
        else:
            where = escape(self.q.page)
        labels = self.course.evidence(self.q)
        evidence = ""
        if labels:
            evidence = ('<p class="hc-evidence">Evidence: '
                        + ", ".join(shout(label) for label in labels) + "</p>")
        return (f'{evidence}<p><span class="hc-label">Reread:</span> {where}<br>'
                f"<code>{escape(clean(self.course.commands.learn(*self.q.page_ref)))}</code></p>")


def export_anki(library: m.Library, modules: list[m.Module], target: Path, *, commands: Commands,
                force: bool = False, progress: Optional[Progress] = None) -> str:
    """Write the deck to `target` (.apkg); return the one-line summary."""
    import genanki

    course = Selection(library, modules, commands)
    model = genanki.Model(
        MODEL_ID, NOTE_TYPE,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=css(),
    )
    total = len(course.questions) + 1
    done = 0
    decks = []
    for mod in course.modules:
        if not mod.questions:
            continue
        deck = genanki.Deck(deck_id(mod.slug), deck_name(mod),
                            description=escape(course.plain(mod.summary)))
        for q in mod.questions:
            card = Card(course, mod, q)
            deck.add_note(genanki.Note(model=model, fields=card.fields(), tags=card.tags(), guid=note_guid(q.id)))
            done += 1
            if progress:
                progress(WHAT, done, total)
        decks.append(deck)
    with staged_file(target, force=force) as tmp:
        _write_package(genanki.Package(decks), tmp)
    if progress:
        progress(WHAT, total, total)
    notes = sum(len(d.notes) for d in decks)
    return f"Wrote {count(notes, 'note')} in {count(len(decks), 'deck')} to {target} ({human_size(target.stat().st_size)})"


def _write_package(package, path: Path) -> None:
    """genanki's Package.write_to_file, with its scratch database in a folder that is always removed."""
    with tempfile.TemporaryDirectory(prefix="hormonecli-anki-") as scratch:
        db = os.path.join(scratch, "collection.anki2")
        conn = sqlite3.connect(db)
        try:
            now = time.time()
            id_gen = iter(range(int(now * 1000), 1 << 62))
            package.write_to_db(conn.cursor(), now, id_gen)
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
            out.write(db, "collection.anki2")
            out.writestr("media", "{}")
