"""The SQLite store: migrations, answers with their cards in one transaction, faults, concurrency."""
from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import time

import pytest

from hormonecli import store as st
from hormonecli.errors import StateError


def fixed_schedule(due: float):
    def update(old):
        n = json.loads(old)["n"] + 1 if old else 1
        return json.dumps({"n": n}), due
    return update


def test_fresh_store_has_every_migration_and_wal(tmp_path):
    s = st.Store(tmp_path / "state.db")
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(st.MIGRATIONS) >= 2
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"position", "page_read", "answer", "card"} <= tables


def test_a_version_1_database_is_migrated_and_keeps_its_reading_positions(tmp_path):
    path = tmp_path / "state.db"
    old = sqlite3.connect(path)
    old.executescript(st.MIGRATIONS[0])
    old.execute("INSERT INTO position VALUES ('hpg-axis', 'fundamentals', 'p2', 1.0)")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    s = st.Store(path)
    assert s.position("hpg-axis") == ("fundamentals", "p2")
    s.record_answer("q1", "hpg-axis", "fundamentals", True, "a")
    assert s.answer_count() == 1


def test_newer_schema_is_refused_with_one_line(tmp_path):
    path = tmp_path / "state.db"
    c = sqlite3.connect(path)
    c.execute(f"PRAGMA user_version = {len(st.MIGRATIONS) + 5}")
    c.commit()
    c.close()
    with pytest.raises(StateError, match="newer hormonecli"):
        st.Store(path).conn


def test_record_answer_writes_the_answer_and_updates_the_card_together(tmp_path):
    s = st.Store(tmp_path / "state.db")
    now = 1_000_000.0
    s.record_answer("q1", "m", "fundamentals", False, '{"shown": "b"}', schedule=fixed_schedule(now + 60), now=now)
    s.record_answer("q1", "m", "fundamentals", True, '{"shown": "a"}', schedule=fixed_schedule(now + 86400), now=now)
    assert [a["correct"] for a in s.answers("q1")] == [0, 1]
    card, due = s.cards()["q1"]
    assert json.loads(card) == {"n": 2} and due == now + 86400
    assert s.due_count(now) == 0 and s.next_due(now) == now + 86400
    assert s.due_count(now + 86400) == 1


def test_a_failing_card_update_rolls_the_answer_back(tmp_path):
    s = st.Store(tmp_path / "state.db")

    def broken(_old):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        s.record_answer("q1", "m", "fundamentals", True, "a", schedule=broken)
    assert s.answer_count() == 0 and s.cards() == {}


def test_due_counts_the_learn_ahead_window(tmp_path):
    s = st.Store(tmp_path / "state.db")
    now = 5_000_000.0
    s.record_answer("soon", "m", "fundamentals", False, "x", schedule=fixed_schedule(now + 60), now=now)
    s.record_answer("later", "m", "fundamentals", True, "x", schedule=fixed_schedule(now + 3 * 86400), now=now)
    s.record_answer("other", "n", "academic", False, "x", schedule=fixed_schedule(now + 120), now=now)
    assert s.due_count(now) == 2
    assert s.due_count(now, module="m") == 1
    assert s.due_by_module(now) == {"m": 1, "n": 1}
    assert [row[0] for row in s.due_cards(now)] == ["soon", "other"]
    assert [row[0] for row in s.due_cards(now, limit=1)] == ["soon"]


def test_retired_questions_keep_history_but_are_never_due(tmp_path):
    s = st.Store(tmp_path / "state.db")
    now = time.time()
    s.record_answer("gone", "m", "fundamentals", False, "x", schedule=fixed_schedule(now), now=now)
    s.record_answer("here", "m", "fundamentals", False, "x", schedule=fixed_schedule(now), now=now)
    assert s.retire_missing({"here"}) == 1
    assert s.due_count() == 1 and set(s.cards()) == {"here"}
    assert len(s.answers("gone")) == 1  # history kept
    assert s.retire_missing({"here"}) == 0  # nothing to change, no write
    assert s.retire_missing({"here", "gone"}) == 1 and s.due_count() == 2


def test_reset_one_module_or_everything(tmp_path):
    s = st.Store(tmp_path / "state.db")
    for mod in ("m", "n"):
        s.record_answer(f"{mod}1", mod, "fundamentals", True, "x", schedule=fixed_schedule(1.0))
        s.set_position(mod, "fundamentals", "p1")
    removed = s.reset("m")
    assert removed == {"answer": 1, "card": 1, "position": 1, "page_read": 0, "page_visit": 1}
    assert set(s.cards()) == {"n1"} and s.position("m") is None and s.position("n") is not None
    s.reset()
    assert s.answer_count() == 0 and s.cards() == {} and s.positions() == {}


def test_accuracy_and_question_stats(tmp_path):
    s = st.Store(tmp_path / "state.db")
    for ok in (True, False, True):
        s.record_answer("q1", "m", "fundamentals", ok, "x")
    s.record_answer("q2", "m", "academic", False, "x")
    assert s.accuracy() == {("m", "fundamentals"): (3, 2), ("m", "academic"): (1, 0)}
    assert s.question_stats() == {"q1": (3, 2, 1), "q2": (1, 0, 0)}


# -- faults ---------------------------------------------------------------------------------

def test_a_database_of_random_bytes_is_moved_aside_with_a_warning(tmp_path):
    path = tmp_path / "state.db"
    junk = os.urandom(8192)
    path.write_bytes(junk)
    warnings = []
    s = st.Store(path, warnings.append)
    s.record_answer("q1", "m", "fundamentals", True, "a")
    assert s.answer_count() == 1
    assert len(warnings) == 1 and "moved to state.db.corrupt-" in warnings[0] and "\n" not in warnings[0]
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("state.db.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == junk


def test_a_locked_database_is_retried_then_reported_in_one_line(tmp_path, monkeypatch):
    path = tmp_path / "state.db"
    st.Store(path).conn  # create it
    monkeypatch.setattr(st, "BUSY_TIMEOUT_S", 0.3)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        s = st.Store(path)
        start = time.monotonic()
        with pytest.raises(StateError) as err:
            s.record_answer("q1", "m", "fundamentals", True, "a")
        assert time.monotonic() - start >= 0.25  # it waited before giving up
        assert "locked" in str(err.value) and "\n" not in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    s.record_answer("q1", "m", "fundamentals", True, "a")  # free again: works
    assert s.answer_count() == 1


def test_an_unusable_directory_is_a_one_line_state_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the state directory should be")
    with pytest.raises(StateError) as err:
        st.Store(blocker / "state.db").conn
    assert "cannot create the state directory" in str(err.value) and "\n" not in str(err.value)


def test_a_read_only_database_is_a_one_line_state_error(tmp_path):
    path = tmp_path / "state.db"
    st.Store(path).conn
    uri = st.Store(path)
    uri._connect = lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(StateError) as err:
        uri.record_answer("q1", "m", "fundamentals", True, "a")
    assert "read-only" in str(err.value) and "\n" not in str(err.value)
    assert err.value.reason == "the state file is read-only"


# -- concurrency ------------------------------------------------------------------------------

def _writer(path: str, worker: int, n: int) -> None:
    from hormonecli import review
    from hormonecli.store import Store

    s = Store(__import__("pathlib").Path(path))
    for i in range(n):
        qid = f"q{i % 7}"  # every process updates the same seven cards
        s.record_answer(qid, "m", "fundamentals", (i + worker) % 3 != 0, json.dumps({"w": worker, "i": i}),
                        schedule=review.schedule_fn(review.rating_for((i + worker) % 3 != 0)))
    s.close()


def test_four_processes_answering_at_once_lose_nothing(tmp_path):
    path = tmp_path / "state.db"
    workers, per = 4, 100
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), w, per)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * workers
    s = st.Store(path)
    written, stored = workers * per, s.answer_count()
    print(f"concurrency: {written} answers written by {workers} processes, {stored} stored")
    assert stored == written == 400
    rows = s.answers()
    assert {(json.loads(r["response"])["w"], json.loads(r["response"])["i"]) for r in rows} == \
        {(w, i) for w in range(workers) for i in range(per)}
    assert len(s.cards()) == 7


def test_a_rating_updates_the_stored_answer_and_reschedules_from_the_card_before_it(tmp_path):
    s = st.Store(tmp_path / "state.db")
    s.record_answer("q1", "m", "fundamentals", True, "a", schedule=fixed_schedule(100.0), now=1.0)
    answer_id, previous = s.record_answer("q1", "m", "fundamentals", True, "a", schedule=fixed_schedule(200.0), now=2.0)
    assert json.loads(previous) == {"n": 1}
    assert json.loads(s.cards()["q1"][0]) == {"n": 2}
    s.rate_answer(answer_id, "q1", 4, schedule=fixed_schedule(900.0), previous=previous)
    assert [a["rating"] for a in s.answers("q1")] == [None, 4]
    card, due = s.cards()["q1"]
    assert (json.loads(card), due) == ({"n": 2}, 900.0)  # the rating replaced that answer's update, not added one


def test_a_database_that_is_not_ours_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "state.db"
    c = sqlite3.connect(path)
    c.executescript("CREATE TABLE answers (x); PRAGMA user_version = 2;")
    c.commit()
    c.close()
    before = path.read_bytes()
    with pytest.raises(StateError) as err:
        st.Store(path).conn
    assert err.value.reason == "the state file is not hormonecli's" and "left untouched" in str(err.value)
    assert path.read_bytes() == before and not (tmp_path / "state.db-wal").exists()
