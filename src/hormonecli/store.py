"""The learner's state in SQLite: reading positions (and, via migrations, more).

- One file, `state.db`, under the data dir (HORMONECLI_HOME overrides it).
- WAL journal; every write is one transaction.
- The schema has a version (PRAGMA user_version) and ordered migrations.
- A file that is not a database is moved aside with a warning and replaced.
- A locked database is retried for a short while, then a one-line StateError.
"""
from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from hormonecli.errors import StateError

BUSY_TIMEOUT_S = 5.0

# Each migration takes the schema from version i to i+1. Append, never edit.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE position (
        module  TEXT PRIMARY KEY,
        level   TEXT NOT NULL,
        page    TEXT NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE page_read (
        module  TEXT NOT NULL,
        level   TEXT NOT NULL,
        page    TEXT NOT NULL,
        first   REAL NOT NULL,
        PRIMARY KEY (module, level, page)
    );
    """,
]


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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(f"cannot create the state directory {self.path.parent}: {exc.strerror or exc}") from None
        try:
            conn = self._connect()
            self._migrate(conn)
            return conn
        except sqlite3.DatabaseError as exc:
            if _is_locked(exc):
                raise StateError(f"the state database {self.path} is locked by another hormonecli; try again") from None
            if not _is_corrupt(exc):
                raise StateError(f"cannot use the state database {self.path}: {exc}") from None
        moved = self._move_aside()
        self.warn(f"the state database was unreadable and has been moved to {moved.name}; starting fresh")
        try:
            conn = self._connect()
            self._migrate(conn)
            return conn
        except sqlite3.DatabaseError as exc:
            raise StateError(f"cannot use the state database {self.path}: {exc}") from None

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise StateError(f"cannot open the state database {self.path}: {exc}") from None
        conn.execute("PRAGMA busy_timeout = %d" % int(BUSY_TIMEOUT_S * 1000))
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None:
            raise sqlite3.DatabaseError("file is not a database")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StateError(
                f"the state database {self.path} was written by a newer hormonecli (schema {version}); upgrade hormonecli"
            )
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
            if _is_locked(exc):
                raise StateError(f"the state database {self.path} is locked by another hormonecli; try again") from None
            raise StateError(f"cannot write the state database {self.path}: {exc}") from None

    # -- reading position -----------------------------------------------------
    def position(self, module: str) -> tuple[str, str] | None:
        row = self.conn.execute("SELECT level, page FROM position WHERE module = ?", (module,)).fetchone()
        return (row[0], row[1]) if row else None

    def positions(self) -> dict[str, tuple[str, str]]:
        rows = self.conn.execute("SELECT module, level, page FROM position").fetchall()
        return {m: (lv, p) for m, lv, p in rows}

    def set_position(self, module: str, level: str, page: str) -> None:
        now = time.time()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO position (module, level, page, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(module) DO UPDATE SET level = excluded.level, page = excluded.page, updated = excluded.updated",
                (module, level, page, now),
            )
            c.execute("INSERT OR IGNORE INTO page_read (module, level, page, first) VALUES (?, ?, ?, ?)",
                      (module, level, page, now))

    def pages_read(self) -> dict[tuple[str, str], set[str]]:
        """{(module, level): {page ids read}}"""
        out: dict[tuple[str, str], set[str]] = {}
        for mod, lv, page in self.conn.execute("SELECT module, level, page FROM page_read"):
            out.setdefault((mod, lv), set()).add(page)
        return out


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


def _is_locked(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_corrupt(exc: Exception) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text or "disk image" in text


def default_store(warn: Callable[[str], None] | None = None) -> Store:
    from hormonecli.paths import data_dir

    return Store(data_dir() / "state.db", warn)
