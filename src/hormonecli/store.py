"""The learner's state in SQLite: reading positions (and, via migrations, more).

- One file, `state.db`, under the data dir (HORMONECLI_HOME overrides it).
- WAL journal; every write is one transaction.
- The schema has a version (PRAGMA user_version) and ordered migrations.
- A file that is not a database is moved aside with a warning and replaced.
- A database that is not ours (other tables, or a newer schema) is left exactly as it is:
  opening it is a one-line StateError, and nothing is ever written to it.
- A locked database is retried for a short while, then a one-line StateError.
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from hormonecli import REVIEW_LEARN_AHEAD_S
from hormonecli.errors import StateError
from hormonecli.migrations import MIGRATIONS

BUSY_TIMEOUT_S = 5.0

# Cards due within this window count as due now (Anki's "learn ahead"): a question
# answered wrong comes back a minute later, and that should not hide it from
# the review the learner starts right after the quiz.
LEARN_AHEAD_S = REVIEW_LEARN_AHEAD_S


class Store:
    def __init__(self, path: Path, warn: Callable[[str], None] | None = None):
        self.path = path
        self.warn = warn or (lambda msg: None)
        self._conn: sqlite3.Connection | None = None

    # -- connection -----------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        from hormonecli.cache import private_dir

        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(f"cannot create the state directory {self.path.parent}: {exc.strerror or exc}") from None
        if not private_dir(self.path.parent):
            raise StateError(f"cannot use the state directory {self.path.parent}: it belongs to another user")
        try:  # private from the first byte: created 0600, and tightened if it is ours and open to others
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
            if self.path.stat().st_mode & 0o077:
                self.path.chmod(0o600)
        except OSError:
            pass  # unwritable: opening it below says so in one line
        try:
            conn = self._connect()
            self._migrate(conn)
            return conn
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                raise self._error("cannot use", exc) from None
        try:
            moved = self._move_aside()
        except OSError as exc:
            raise StateError(f"the state database {self.path} is unreadable and cannot be moved aside: "
                             f"{exc.strerror or exc}") from None
        self.warn(f"the state database was unreadable and has been moved to {moved.name}; starting fresh")
        try:
            conn = self._connect()
            self._migrate(conn)
            return conn
        except sqlite3.DatabaseError as exc:
            raise self._error("cannot use", exc) from None

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise self._error("cannot open", exc) from None
        conn.execute("PRAGMA busy_timeout = %d" % int(BUSY_TIMEOUT_S * 1000))
        try:
            self._check_ours(conn)  # before anything is written, even the journal mode
        except StateError:
            conn.close()
            raise
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None:
            raise sqlite3.DatabaseError("file is not a database")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _check_ours(self, conn: sqlite3.Connection) -> None:
        """A StateError unless the file is empty or holds exactly the tables of one of our schema versions.

        The tables and the version are read in one read transaction: another process may be
        migrating the file at this moment, and each migration commits its tables with its version."""
        conn.execute("BEGIN")
        try:
            tables = _tables(conn)  # the first read starts the snapshot
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.execute("COMMIT")
        if version > len(MIGRATIONS):
            raise StateError(f"the state database {self.path} was written by a newer hormonecli (schema {version}); "
                             "it is left untouched (upgrade hormonecli to use it)",
                             "the state file is from a newer hormonecli")
        if (version == 0 and not tables) or (version > 0 and tables == _schema(tuple(MIGRATIONS[:version]))):
            return
        names = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise StateError(f"{self.path} is not a hormonecli state file (tables: {names or 'none'}; schema {version}); "
                         "it is left untouched (move it away to start a new one)",
                         "the state file is not hormonecli's")

    def _error(self, doing: str, exc: Exception) -> StateError:
        """A one-line StateError for a failed open, read or write, with its reason in a few words."""
        text = str(exc).lower()
        if _is_locked(exc):
            return StateError(f"the state database {self.path} is locked by another hormonecli; try again",
                              "the state file is locked")
        if "full" in text or _disk_full(self.path):
            return StateError(f"cannot write the state database {self.path}: the disk is full", "disk full")
        if "readonly" in text or "read-only" in text:
            return StateError(f"{doing} the state database {self.path}: it is read-only", "the state file is read-only")
        return StateError(f"{doing} the state database {self.path}: {exc}")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        while version < len(MIGRATIONS):
            with _transaction(conn):
                # re-read inside the write lock: another process may have migrated meanwhile
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= len(MIGRATIONS):
                    break
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        self.path.replace(target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.replace(target.with_name(target.name + suffix))
        return target

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        try:
            with _transaction(conn):
                yield conn
        except sqlite3.OperationalError as exc:
            raise self._error("cannot write", exc) from None

    # -- reading position -----------------------------------------------------
    def position(self, module: str) -> tuple[str, str] | None:
        rows = self._query("SELECT level, page FROM position WHERE module = ?", (module,))
        return (rows[0][0], rows[0][1]) if rows else None

    def positions(self) -> dict[str, tuple[str, str]]:
        """{module: (level, page)}, most recently read first."""
        rows = self._query("SELECT module, level, page FROM position ORDER BY updated DESC")
        return {m: (lv, p) for m, lv, p in rows}

    def set_position(self, module: str, level: str, page: str) -> None:
        now = time.time()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO position (module, level, page, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(module) DO UPDATE SET level = excluded.level, page = excluded.page, updated = excluded.updated",
                (module, level, page, now),
            )
            c.execute("INSERT INTO page_visit (module, level, page, first, updated) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT(module, level, page) DO UPDATE SET updated = excluded.updated",
                      (module, level, page, now, now))

    # -- reading ----------------------------------------------------------------
    def reading(self, module: str, page: str) -> tuple[float, bool]:
        """(seconds spent on a page so far, whether it counts as read)."""
        seconds = self._query("SELECT coalesce(sum(seconds), 0) FROM page_visit WHERE module = ? AND page = ?",
                              (module, page))[0][0]
        read = bool(self._query("SELECT 1 FROM page_read WHERE module = ? AND page = ?", (module, page)))
        return float(seconds), read

    def add_reading(self, module: str, level: str, page: str, seconds: float, read: bool = False,
                    now: float | None = None) -> None:
        """Add time spent on a page and, when it has now been read, mark it read (once)."""
        now = time.time() if now is None else now
        with self.transaction() as c:
            c.execute("INSERT INTO page_visit (module, level, page, first, updated, seconds) VALUES (?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT(module, level, page) DO UPDATE SET updated = excluded.updated, "
                      "seconds = seconds + excluded.seconds", (module, level, page, now, now, max(0.0, seconds)))
            if read:
                c.execute("INSERT OR IGNORE INTO page_read (module, level, page, first) VALUES (?, ?, ?, ?)",
                          (module, level, page, now))

    def _query(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        """A read; a locked or broken database becomes a one-line StateError."""
        conn = self.conn
        try:
            return conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            raise self._error("cannot read", exc) from None

    # -- answers and review cards ---------------------------------------------
    def record_answer(self, question: str, module: str, level: str, correct: bool, response: str, *,
                      mode: str = "quiz", schedule: Callable[[str | None], tuple[str, float]] | None = None,
                      now: float | None = None, credit: float | None = None) -> tuple[int, str | None]:
        """Store one answer and, in the same transaction, update the question's review card.

        `schedule(old_card_json_or_None) -> (new_card_json, due_timestamp)` computes the card;
        it runs inside the write lock, so concurrent answers never lose an update.
        Returns the answer's row id and the card as it was before (for `rate_answer`).
        """
        now = time.time() if now is None else now
        previous = None
        with self.transaction() as c:
            cur = c.execute("INSERT INTO answer (question, module, level, time, correct, response, mode, credit) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (question, module, level, now, int(bool(correct)), response, mode, credit))
            answer_id = int(cur.lastrowid or 0)
            if schedule is not None:
                row = c.execute("SELECT card FROM card WHERE question = ?", (question,)).fetchone()
                previous = row[0] if row else None
                card, due = schedule(previous)
                c.execute(
                    "INSERT INTO card (question, module, level, card, due, updated, retired) VALUES (?, ?, ?, ?, ?, ?, 0) "
                    "ON CONFLICT(question) DO UPDATE SET module = excluded.module, level = excluded.level, "
                    "card = excluded.card, due = excluded.due, updated = excluded.updated, retired = 0",
                    (question, module, level, card, due, now),
                )
        return answer_id, previous

    def rate_answer(self, answer_id: int, question: str, rating: int,
                    schedule: Callable[[str | None], tuple[str, float]] | None = None,
                    previous: str | None = None) -> None:
        """The learner's own rating of an answer already stored: kept on its row, and the card
        rescheduled from `previous` (the card before that answer) with it, in one transaction."""
        with self.transaction() as c:
            c.execute("UPDATE answer SET rating = ? WHERE id = ?", (int(rating), answer_id))
            if schedule is not None:
                card, due = schedule(previous)
                c.execute("UPDATE card SET card = ?, due = ?, updated = ? WHERE question = ?",
                          (card, due, time.time(), question))

    def answer_count(self) -> int:
        return self._query("SELECT count(*) FROM answer")[0][0]

    def answers(self, question: str | None = None) -> list[dict]:
        """Answer history, oldest first (all of it, or one question's)."""
        sql = "SELECT question, module, level, time, correct, response, mode, rating FROM answer"
        args: tuple = ()
        if question is not None:
            sql, args = sql + " WHERE question = ?", (question,)
        cols = ("question", "module", "level", "time", "correct", "response", "mode", "rating")
        return [dict(zip(cols, row)) for row in self._query(sql + " ORDER BY id", args)]

    def due_count(self, now: float | None = None, module: str | None = None) -> int:
        """Review cards due now (within the learn-ahead window), not counting retired questions."""
        horizon = (time.time() if now is None else now) + LEARN_AHEAD_S
        sql = "SELECT count(*) FROM card WHERE retired = 0 AND due <= ?"
        args: tuple = (horizon,)
        if module is not None:
            sql, args = sql + " AND module = ?", (horizon, module)
        return self._query(sql, args)[0][0]

    def due_by_module(self, now: float | None = None) -> dict[str, int]:
        horizon = (time.time() if now is None else now) + LEARN_AHEAD_S
        return dict(self._query("SELECT module, count(*) FROM card WHERE retired = 0 AND due <= ? GROUP BY module",
                                (horizon,)))

    def due_cards(self, now: float | None = None, module: str | None = None,
                  limit: int | None = None) -> list[tuple[str, str, float]]:
        """(question id, card json, due) of due cards, most overdue first."""
        horizon = (time.time() if now is None else now) + LEARN_AHEAD_S
        sql = "SELECT question, card, due FROM card WHERE retired = 0 AND due <= ?"
        args: list = [horizon]
        if module is not None:
            sql += " AND module = ?"
            args.append(module)
        sql += " ORDER BY due, question"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        return [tuple(r) for r in self._query(sql, args)]

    def cards(self, module: str | None = None) -> dict[str, tuple[str, float]]:
        """{question id: (card json, due)} for every card not retired."""
        sql, args = "SELECT question, card, due FROM card WHERE retired = 0", []
        if module is not None:
            sql, args = sql + " AND module = ?", [module]
        return {q: (card, due) for q, card, due in self._query(sql, args)}

    def next_due(self, after: float | None = None, module: str | None = None) -> float | None:
        """When the next card falls due (after the learn-ahead window), or None."""
        horizon = (time.time() if after is None else after) + LEARN_AHEAD_S
        sql = "SELECT min(due) FROM card WHERE retired = 0 AND due > ?"
        args: list[float | str] = [horizon]
        if module is not None:
            sql, args = sql + " AND module = ?", [horizon, module]
        return self._query(sql, args)[0][0]

    def retire_missing(self, known: set[str] | frozenset[str]) -> int:
        """Mark cards whose question is not in the content as retired (and revive those that are back).

        Nothing is deleted: the history stays, the question is simply never shown."""
        rows = self._query("SELECT question, retired FROM card")
        changes = [(0 if q in known else 1, q) for q, retired in rows if retired != (0 if q in known else 1)]
        if changes:
            with self.transaction() as c:
                c.executemany("UPDATE card SET retired = ? WHERE question = ?", changes)
        return len(changes)

    def question_stats(self, module: str | None = None) -> dict[str, tuple[int, int, int]]:
        """{question id: (answered, correct, last answer correct 0/1)}."""
        sql = ("SELECT question, count(*), sum(correct), "
               "(SELECT a2.correct FROM answer a2 WHERE a2.question = a.question ORDER BY a2.time DESC, a2.id DESC LIMIT 1) "
               "FROM answer a")
        args: tuple = ()
        if module is not None:
            sql, args = sql + " WHERE module = ?", (module,)
        sql += " GROUP BY question"
        return {q: (n, ok, last) for q, n, ok, last in self._query(sql, args)}

    def accuracy(self) -> dict[tuple[str, str], tuple[int, int]]:
        """{(module, level): (answered, correct)} over every answer."""
        rows = self._query("SELECT module, level, count(*), sum(correct) FROM answer GROUP BY module, level")
        return {(mod, lv): (n, ok) for mod, lv, n, ok in rows}

    def reset(self, module: str | None = None) -> dict[str, int]:
        """Forget answers, review cards, reading positions and pages read (for one module, or all)."""
        tables = ("answer", "card", "position", "page_read", "page_visit")
        removed: dict[str, int] = {}
        with self.transaction() as c:
            for table in tables:
                if module is None:
                    cur = c.execute(f"DELETE FROM {table}")
                else:
                    cur = c.execute(f"DELETE FROM {table} WHERE module = ?", (module,))
                removed[table] = cur.rowcount
        return removed

    def pages_read(self) -> dict[tuple[str, str], set[str]]:
        """{(module, level): {page ids read}} (read, not merely opened: see reading.py)"""
        return self._pages("page_read")

    def pages_visited(self) -> dict[tuple[str, str], set[str]]:
        """{(module, level): {page ids opened}}"""
        return self._pages("page_visit")

    def _pages(self, table: str) -> dict[tuple[str, str], set[str]]:
        out: dict[tuple[str, str], set[str]] = {}
        for mod, lv, page in self._query(f"SELECT module, level, page FROM {table}"):
            out.setdefault((mod, lv), set()).add(page)
        return out

    def met_by_level(self) -> dict[tuple[str, str], int]:
        """{(module, level): distinct questions answered at least once}"""
        rows = self._query("SELECT module, level, count(DISTINCT question) FROM answer GROUP BY module, level")
        return {(mod, lv): n for mod, lv, n in rows}

    def due_by_level(self, now: float | None = None) -> dict[tuple[str, str], int]:
        horizon = (time.time() if now is None else now) + LEARN_AHEAD_S
        rows = self._query("SELECT module, level, count(*) FROM card WHERE retired = 0 AND due <= ? "
                           "GROUP BY module, level", (horizon,))
        return {(mod, lv): n for mod, lv, n in rows}

    def due_times(self, module: str | None = None) -> list[float]:
        """When every card not retired falls due (for a forecast)."""
        sql = "SELECT due FROM card WHERE retired = 0"
        args: tuple = ()
        if module is not None:
            sql, args = sql + " AND module = ?", (module,)
        return [due for (due,) in self._query(sql, args)]


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _tables(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """{table: its column names}, SQLite's own tables left out."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite~_%' ESCAPE '~'")]
    return {n: frozenset(r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')) for n in names}


@lru_cache(maxsize=None)
def _schema(migrations: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """The tables and columns these migrations make (built in memory, once)."""
    conn = sqlite3.connect(":memory:")
    for script in migrations:
        for statement in _statements(script):
            conn.execute(statement)
    tables = _tables(conn)
    conn.close()
    return tables


def _disk_full(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return st.f_bavail == 0


def _is_locked(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_corrupt(exc: Exception) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text or "disk image" in text


def default_store(warn: Callable[[str], None] | None = None) -> Store:
    from hormonecli.paths import data_dir

    return Store(data_dir() / "state.db", warn)
