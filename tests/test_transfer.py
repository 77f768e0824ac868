"""progress --export / --import: the learner's state moves between machines whole, merges,
imports twice as once, and a bad file changes nothing."""
from __future__ import annotations

import json
import os
import stat

import pytest

from conftest import invoke


@pytest.fixture(autouse=True)
def _fixture(fixture_content):
    return fixture_content


def tables(home) -> dict:
    """Every row of every table of the store in `home` (as the export file carries them)."""
    from hormonecli import transfer
    from hormonecli.store import Store

    store = Store(home / "state.db")
    try:
        return transfer.export(store)["tables"]
    finally:
        store.close()


def learn_something(runner, monkeypatch, home):
    """Answers, review cards, a reading position and pages read, in `home`."""
    from hormonecli.store import Store

    monkeypatch.setenv("HORMONECLI_HOME", str(home))
    assert invoke(runner, "quiz", "alpha", "--level", "all", "--count", "4", "--seed", "5",
                  input="a b\nb\na b c\n40\n").exit_code == 0
    assert invoke(runner, "quiz", "beta", "--count", "1", input="a\n").exit_code == 0
    store = Store(home / "state.db")
    store.set_position("alpha-axis", "fundamentals", "overview")
    store.add_reading("alpha-axis", "fundamentals", "overview", 90.0, read=True)
    store.set_position("alpha-axis", "fundamentals", "levels-with-age")
    store.add_reading("alpha-axis", "fundamentals", "levels-with-age", 90.0, read=True)
    store.close()


def test_round_trip_gives_identical_progress(runner, monkeypatch, tmp_path):
    a, b, file = tmp_path / "a", tmp_path / "b", tmp_path / "progress.json"
    learn_something(runner, monkeypatch, a)
    n = len(tables(a)["answer"])
    assert n >= 3
    out = invoke(runner, "progress", "--export", str(file))
    assert out.exit_code == 0 and out.stdout.startswith(f"Exported {n} answers, ")
    assert out.stdout.endswith(f"2 pages read, 2 pages visited and 1 reading position to {file}.\n")
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    before = invoke(runner, "progress", "--json").stdout
    monkeypatch.setenv("HORMONECLI_HOME", str(b))
    out = invoke(runner, "progress", "--import", str(file))
    assert out.exit_code == 0 and out.stdout.startswith(f"Imported {file}: added {n} answers, ")
    assert invoke(runner, "progress", "--json").stdout == before
    assert tables(b) == tables(a)
    again = invoke(runner, "progress", "--import", str(file))
    assert again.exit_code == 0 and again.stdout.startswith("Nothing to import")
    assert tables(b) == tables(a)  # idempotent


def test_import_merges_and_the_newer_row_wins(runner, monkeypatch, tmp_path):
    from hormonecli.store import Store

    a, b, file = tmp_path / "a", tmp_path / "b", tmp_path / "p.json"
    learn_something(runner, monkeypatch, a)
    invoke(runner, "quiz", "alpha", "--type", "numeric", input="40\n")      # a card A and B both have
    n = len(tables(a)["answer"])
    assert invoke(runner, "progress", "--export", str(file)).exit_code == 0
    monkeypatch.setenv("HORMONECLI_HOME", str(b))
    invoke(runner, "quiz", "alpha", "--type", "numeric", input="40\n")      # B answers it later
    store = Store(b / "state.db")
    store.set_position("beta-axis", "fundamentals", "start")
    mine = store.cards()
    store.close()
    out = json.loads(invoke(runner, "progress", "--import", str(file), "--json").stdout)
    assert out["format"] == 1 and out["added"]["answer"] == n and out["added"]["position"] == 1
    merged = tables(b)
    assert len(merged["answer"]) == n + 1
    assert {p["module"] for p in merged["position"]} == {"alpha-axis", "beta-axis"}
    (numeric,) = [c for c in merged["card"] if c["question"] in mine]
    assert numeric["card"] == mine[numeric["question"]][0]  # B's later card stayed
    # the other way round, A takes B's newer card
    b_file = tmp_path / "b.json"
    assert invoke(runner, "progress", "--export", str(b_file)).exit_code == 0
    monkeypatch.setenv("HORMONECLI_HOME", str(a))
    out = json.loads(invoke(runner, "progress", "--import", str(b_file), "--json").stdout)
    assert out["updated"]["card"] == 1 and out["added"]["answer"] == 1
    assert same_rows(tables(a), tables(b))


def same_rows(one: dict, other: dict) -> bool:
    """The same rows, whatever order each machine added them in."""
    def rows(t):
        return {name: sorted(json.dumps(r, sort_keys=True) for r in rs) for name, rs in t.items()}
    return rows(one) == rows(other)


def test_export_to_stdout_and_import_from_stdin(runner, monkeypatch, tmp_path):
    learn_something(runner, monkeypatch, tmp_path / "a")
    doc = invoke(runner, "progress", "--export", "-").stdout
    assert json.loads(doc)["kind"] == "hormonecli-progress"
    monkeypatch.setenv("HORMONECLI_HOME", str(tmp_path / "b"))
    assert invoke(runner, "progress", "--import", "-", input=doc).exit_code == 0
    assert tables(tmp_path / "b") == tables(tmp_path / "a")


def test_export_never_replaces_a_file_unasked(runner, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    out = invoke(runner, "progress", "--export", str(target))
    assert out.exit_code == 2 and out.stderr == f"hormonecli: error: {target} exists; add --yes to replace it\n"
    assert target.read_text() == "mine"
    assert invoke(runner, "progress", "--export", str(target), "--yes").exit_code == 0
    assert json.loads(target.read_text())["format"] == 1
    out = invoke(runner, "progress", "--export", str(target / "inside-a-file.json"))
    assert out.exit_code == 1 and out.stderr.startswith("hormonecli: error: cannot write ")
    assert out.stderr.count("\n") == 1 and target.read_text().startswith("{")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
    nested = tmp_path / "new" / "folder" / "progress.json"  # folders are made, as for every export
    assert invoke(runner, "progress", "--export", str(nested)).exit_code == 0
    assert oct(nested.stat().st_mode & 0o777) == "0o600"
    out = invoke(runner, "progress", "--export", str(target), "--import", str(target))
    assert out.exit_code == 2 and "do not go together" in out.stderr


def _good() -> dict:
    return {"format": 1, "kind": "hormonecli-progress", "schema": 2, "tables": {
        "answer": [{"question": "alpha-f01", "module": "alpha-axis", "level": "fundamentals", "time": 1.0e9,
                    "correct": 1, "response": "{}", "mode": "quiz"}],
        "position": [{"module": "alpha-axis", "level": "fundamentals", "page": "overview", "updated": 1.0e9}]}}


def _with(path, value):
    doc = _good()
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return json.dumps(doc)


BAD = [
    ("not json", "{", "is not a progress file: not valid JSON (line 1)"),
    ("a list", "[]", "is not a progress file (made by 'hormonecli progress --export')"),
    ("another kind", _with(["kind"], "anki"), "is not a progress file"),
    ("newer format", _with(["format"], 2), "was written by a newer hormonecli (format 2); upgrade hormonecli"),
    ("format as text", _with(["format"], "1"), "'format' must be a positive whole number"),
    ("newer schema", _with(["schema"], 99), "was written by a newer hormonecli (schema 99)"),
    ("no tables", _with(["tables"], KeyError), "'tables' must be an object of tables"),
    ("unknown table", _with(["tables", "passwords"], []), "unknown table 'passwords'"),
    ("rows not a list", _with(["tables", "card"], {}), "tables.card must be a list of rows"),
    ("unknown column", _with(["tables", "answer", 0, "rm -rf"], 1), "tables.answer[0]: unknown column 'rm -rf'"),
    ("missing column", _with(["tables", "answer", 0, "question"], KeyError), "tables.answer[0]: 'question' is missing"),
    ("null column", _with(["tables", "answer", 0, "module"], None), "tables.answer[0]: 'module' is missing"),
    ("text for a number", _with(["tables", "answer", 0, "time"], "yesterday"),
     'tables.answer[0].time: "yesterday" is not a number'),
    ("true for 1", _with(["tables", "answer", 0, "correct"], True), "tables.answer[0].correct: true is not a whole number"),
    ("a number for text", _with(["tables", "position", 0, "page"], 3), "tables.position[0].page: 3 is not a text"),
    ("NaN", _with(["tables", "answer", 0, "time"], 1.0).replace("1000000000.0", "NaN", 1), "not valid JSON"),
    ("broken answer JSON", _with(["tables", "answer", 0, "response"], "{oops"), "tables.answer[0].response is not valid JSON text"),
    ("a bad row after good ones", json.dumps({**_good(), "tables": {**_good()["tables"], "card": [
        {"question": "alpha-f01", "module": "alpha-axis", "level": "fundamentals", "card": "{}", "due": 1.0,
         "updated": 1.0, "retired": 0},
        {"question": "alpha-f02", "module": "alpha-axis", "level": "fundamentals", "card": "{}", "due": "soon",
         "updated": 1.0, "retired": 0}]}}), 'tables.card[1].due: "soon" is not a number'),
]


@pytest.mark.parametrize("text, message", [(t, m) for _, t, m in BAD], ids=[n for n, _, _ in BAD])
def test_a_bad_file_is_one_line_and_changes_nothing(runner, monkeypatch, tmp_path, text, message):
    learn_something(runner, monkeypatch, tmp_path / "home")
    before = tables(tmp_path / "home")
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    out = invoke(runner, "progress", "--import", str(bad))
    assert out.exit_code == 1
    assert out.stderr.startswith(f"hormonecli: error: {bad}") and out.stderr.count("\n") == 1
    assert message in out.stderr
    assert tables(tmp_path / "home") == before


def test_the_good_file_of_the_bad_cases_imports(runner, tmp_path, _home):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_good()))
    out = invoke(runner, "progress", "--import", str(good))
    assert out.exit_code == 0, out.stderr
    assert out.stdout == f"Imported {good}: added 1 answer and 1 reading position.\n"


def test_a_table_added_by_a_later_migration_travels_too(runner, monkeypatch, tmp_path):
    """Columns and tables another change adds (reading time, self-ratings) move without a change to the export."""
    from hormonecli import store

    later = store.MIGRATIONS + ["""
        CREATE TABLE reading (module TEXT NOT NULL, page TEXT NOT NULL, seconds REAL NOT NULL,
                              updated REAL NOT NULL, PRIMARY KEY (module, page));
        ALTER TABLE answer ADD COLUMN confidence INTEGER;
    """]
    monkeypatch.setattr(store, "MIGRATIONS", later)
    learn_something(runner, monkeypatch, tmp_path / "a")
    db = store.Store(tmp_path / "a" / "state.db")
    with db.transaction() as conn:
        conn.execute("INSERT INTO reading VALUES ('alpha-axis', 'overview', 42.5, 1.0e9)")
        conn.execute("UPDATE answer SET confidence = 3")
    db.close()
    file = tmp_path / "p.json"
    assert invoke(runner, "progress", "--export", str(file)).exit_code == 0
    doc = json.loads(file.read_text())
    assert doc["schema"] == len(later) and doc["tables"]["reading"][0]["seconds"] == 42.5
    monkeypatch.setenv("HORMONECLI_HOME", str(tmp_path / "b"))
    out = invoke(runner, "progress", "--import", str(file))
    assert out.exit_code == 0 and "1 reading row" in out.stdout
    assert tables(tmp_path / "b") == tables(tmp_path / "a")
    # a machine still on the older schema refuses the file rather than drop what it cannot hold
    monkeypatch.setattr(store, "MIGRATIONS", later[:-1])
    monkeypatch.setenv("HORMONECLI_HOME", str(tmp_path / "c"))
    out = invoke(runner, "progress", "--import", str(file))
    assert out.exit_code == 1 and f"(schema {len(later)}); upgrade hormonecli" in out.stderr
