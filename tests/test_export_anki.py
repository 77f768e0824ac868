"""`export anki`, checked by importing the deck with Anki's own library into a fresh collection."""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import time
import zipfile
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from conftest import invoke
from export_checks import hostile_pack

SUMMARY = re.compile(r"^Wrote (\d+) notes? in (\d+) decks? to (.+\.apkg) \((\d+(?:\.\d)? (?:KB|MB|bytes))\)\n$")


def _library():
    from hormonecli.courseware.content import Content

    return Content().library


def export(runner, out: Path, *modules: str, pre: tuple[str, ...] = (), env: dict | None = None):
    result = invoke(runner, *pre, "export", "anki", *modules, "-o", str(out), env=env)
    assert result.exit_code == 0, result.stderr
    return result


def import_into(col: Collection, apkg: Path):
    """Import as Anki does by default: a note whose GUID is known is updated when the package's copy is newer."""
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())).log


@pytest.fixture
def collection(tmp_path):
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def guids(col: Collection) -> dict[str, str]:
    """question id -> note GUID, for every note in the collection."""
    return {col.get_note(nid)["Id"]: col.get_note(nid).guid for nid in col.find_notes("")}


def test_the_shipped_course_imports_as_one_note_per_question(runner, tmp_path, collection):
    out = tmp_path / "course.apkg"
    result = export(runner, out)
    questions = [q for mod in _library().modules for q in mod.questions]
    notes, decks, path, _ = SUMMARY.match(result.stdout).groups()
    assert int(notes) == len(questions) and int(decks) == len(_library().modules)
    assert result.stderr == ""  # no progress bar on a pipe
    log = import_into(collection, out)
    assert len(log.new) == collection.note_count() == len(questions)
    assert guids(collection) == {q.id: genanki.guid_for("hormonecli", q.id) for q in questions}


def test_a_reexport_updates_the_notes_it_made_instead_of_adding_copies(runner, tmp_path, fixture_content, collection,
                                                                       monkeypatch):
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    export(runner, first)
    log = import_into(collection, first)
    before = guids(collection)
    assert len(log.new) == collection.note_count() == 7

    # the same export again, as Anki's defaults import it: nothing new
    export(runner, second)
    log = import_into(collection, second)
    assert len(log.new) == 0 and collection.note_count() == 7 and guids(collection) == before

    # edited content: the note keeps its GUID and takes the new text
    pack = tmp_path / "content"
    shutil.copytree(fixture_content, pack)
    module = pack / "modules" / "alpha-axis.yaml"
    module.write_text(module.read_text().replace("Which organ releases alpha?", "Which organ makes alpha?"))
    third = tmp_path / "third.apkg"
    later = time.time() + 60  # Anki updates a note only from a newer copy; a real re-export is made later
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: later)
        export(runner, third, env={"HORMONECLI_BUILTIN_CONTENT": str(pack)})
    log = import_into(collection, third)
    assert len(log.new) == 0 and len(log.updated) == 7
    assert collection.note_count() == 7 and guids(collection) == before
    note = collection.get_note(collection.find_notes('"Id:alpha-f01"')[0])
    assert "Which organ makes alpha?" in note["Prompt"]


def _package_ids(apkg: Path, tmp_path: Path) -> tuple[set[int], dict[int, str]]:
    with zipfile.ZipFile(apkg) as z:
        db = tmp_path / f"{apkg.stem}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(db)
    models, decks = conn.execute("select models, decks from col").fetchone()
    conn.close()
    return {int(k) for k in json.loads(models)}, {int(k): v["name"] for k, v in json.loads(decks).items()}


def test_note_type_and_deck_ids_are_fixed_and_decks_sit_under_one_parent(runner, tmp_path, fixture_content):
    a, b = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export(runner, a)
    export(runner, b)
    models_a, decks_a = _package_ids(a, tmp_path)
    models_b, decks_b = _package_ids(b, tmp_path)
    assert models_a == models_b and decks_a == decks_b
    names = set(decks_a.values())
    assert {"hormonecli::The alpha axis", "hormonecli::The beta axis"} <= names
    assert all(1 << 30 <= i < 1 << 31 for i in models_a | (set(decks_a) - {1}))


def _card(col: Collection, qid: str):
    return col.get_card(col.find_cards(f'"Id:{qid}"')[0])


def html_of(card) -> tuple[str, str]:
    """The question and answer HTML Anki shows (without the note type's stylesheet)."""
    out = card.render_output()
    return out.question_text, out.answer_text


def _letter(html: str, text: str) -> str:
    """The letter a card shows in front of a choice."""
    found = re.search(r'<span class="hc-letter">([a-z])\)</span> ' + re.escape(text) + "<", html)
    assert found, f"{text!r} is not among the choices"
    return found.group(1)


def test_every_question_type_renders_as_an_answerable_card(runner, tmp_path, fixture_content, collection):
    out = tmp_path / "deck.apkg"
    export(runner, out)
    import_into(collection, out)
    library = _library()
    questions = {q.id: q for mod in library.modules for q in mod.questions}
    seen = set()
    for qid in ("alpha-f01", "alpha-f02", "alpha-f03", "alpha-i01", "alpha-i02", "alpha-a01"):
        q = questions[qid]
        seen.add(q.type)
        card = _card(collection, qid)
        front, back = html_of(card)
        assert q.prompt in front and q.prompt in back
        assert "Answer:" not in front and "hc-answer" not in front  # the key is only on the back
        if q.type in ("single", "multiple"):
            shown = {o.text: _letter(front, o.text) for o in q.options}  # every option is on the front
            letters = [shown[o.text] for o in q.options if o.correct]
            assert f"Answer: {', '.join(sorted(letters))}</strong>" in back
            assert all(o.why in back for o in q.options)
            assert back.count("✓ right:") == len(letters) and back.count("✗ wrong:") == len(q.options) - len(letters)
        elif q.type == "true-false":
            assert _letter(front, "True") == "a" and _letter(front, "False") == "b"
            assert "Answer: b</strong>" in back and q.why_true in back and q.why_false in back
        elif q.type == "order":
            letters = [_letter(front, item.text) for item in q.items]
            assert letters != sorted(letters)  # never shown already in order
            assert f"Answer: {' '.join(letters)}</strong>" in back
        elif q.type == "match":
            assert all(p.left in front for p in q.pairs)
            key = " ".join(f"{i}{_letter(front, p.right)}" for i, p in enumerate(q.pairs, 1))
            assert f"Answer: {key}</strong>" in back and all(p.why in back for p in q.pairs)
        else:
            assert "Answer with a number (in %)" in front
            assert "Answer: 40 %</strong>" in back and "35 to 45 %" in back and q.explanation in back
        assert f"hormonecli learn alpha-axis --page {q.page}" in back
        page = library.module("alpha-axis").page(q.page)
        assert f"The alpha axis · {page.level.capitalize()} · {page.title}" in back
        assert "hc-meta" in front and "The alpha axis" in front
    assert seen == {"single", "multiple", "true-false", "order", "match", "numeric"}
    assert "hormonecli::The alpha axis" == collection.decks.name(_card(collection, "alpha-f01").did)


def test_tags_name_module_level_type_and_evidence(runner, tmp_path, fixture_content, collection):
    out = tmp_path / "deck.apkg"
    pack = hostile_pack(tmp_path / "pack")
    export(runner, out, pre=("--content-dir", str(pack)))
    import_into(collection, out)
    notes = [collection.get_note(nid) for nid in collection.find_notes("")]
    tags = {note["Id"]: note.tags for note in notes}
    assert set(tags["alpha-f01"]) == {"hormonecli", "module::alpha-axis", "level::fundamentals", "type::single"}
    assert "evidence::mixed" in tags["gamma-f01"]  # stated in its feedback
    assert "evidence::mixed" in tags["gamma-f02"]  # carried by its teaching page's claim
    assert "level::academic" in tags["alpha-a01"] and "type::numeric" in tags["alpha-a01"]


def test_content_text_is_escaped_and_its_markup_rendered(runner, tmp_path, fixture_content, collection):
    out = tmp_path / "deck.apkg"
    pack = hostile_pack(tmp_path / "pack")
    export(runner, out, "gamma", pre=("--content-dir", str(pack)))
    import_into(collection, out)
    front, back = html_of(_card(collection, "gamma-f01"))
    assert "<script" not in front + back and "<b>" not in front + back
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <em>this</em> safe? <span class=\"cites\">(Evil and &lt;Script&gt; 2021)</span>" in front
    assert "Yes &lt;b&gt;" in front and "No &amp;amp;" in front
    assert "The &lt;gamma&gt; &amp; axis · Fundamentals · Tricky &lt;i&gt;text&lt;/i&gt;" in back
