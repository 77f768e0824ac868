"""The state database's schema, as the migrations that build it, oldest first.

The store (store.py) applies them in order and records the version in PRAGMA user_version;
a file with exactly the tables of one of these versions is ours and is brought up to date.
"""
from __future__ import annotations

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
    # 1 -> 2: every answer, and one review card per question (keyed by its stable id)
    """
    CREATE TABLE answer (
        id       INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        module   TEXT NOT NULL,
        level    TEXT NOT NULL,
        time     REAL NOT NULL,
        correct  INTEGER NOT NULL,
        response TEXT NOT NULL,
        mode     TEXT NOT NULL DEFAULT 'quiz'
    );
    CREATE INDEX answer_question ON answer (question);
    CREATE INDEX answer_module ON answer (module, level);
    CREATE TABLE card (
        question TEXT PRIMARY KEY,
        module   TEXT NOT NULL,
        level    TEXT NOT NULL,
        card     TEXT NOT NULL,
        due      REAL NOT NULL,
        updated  REAL NOT NULL,
        retired  INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX card_due ON card (retired, due);
    """,
    # 2 -> 3: "read" means read (reading.py decides: time on screen for the page's length, or scrolled
    # to its end and held). page_visit keeps every page opened and the seconds spent on it; the rows
    # page_read held until now were pages opened, so they become visits. Answers keep their credit.
    """
    CREATE TABLE page_visit (
        module  TEXT NOT NULL,
        level   TEXT NOT NULL,
        page    TEXT NOT NULL,
        first   REAL NOT NULL,
        updated REAL NOT NULL,
        seconds REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (module, level, page)
    );
    INSERT OR IGNORE INTO page_visit (module, level, page, first, updated)
        SELECT module, level, page, first, first FROM page_read;
    DELETE FROM page_read;
    ALTER TABLE answer ADD COLUMN credit REAL;
    """,
    # 3 -> 4: the learner's own 1-4 rating of an answer, given after its feedback (NULL: none given).
    # The answer is saved before the rating is asked, and the rating then updates its row.
    """
    ALTER TABLE answer ADD COLUMN rating INTEGER;
    """,
]

#: The schema from which page_read means read (not opened): older state and older progress files
#: hold pages opened, which count as visits (see transfer.py).
READING_SCHEMA = next(i + 1 for i, script in enumerate(MIGRATIONS) if "CREATE TABLE page_visit" in script)
