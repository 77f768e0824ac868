"""Moving progress between machines: the state store as one versioned JSON file, and back.

The file carries every table of the store, every column, generically, so a table or column
added by a later migration travels without a change here:

    {"format": 1, "kind": "hormonecli-progress", "schema": 2, "exported": "2026-…",
     "tables": {"answer": [{"question": "hpg-f01", …}, …], "card": […], …}}

A table's own key says what "the same row" is. A table keyed by a single INTEGER rowid
(answers) has a key that means nothing on another machine: it is left out, and a row is
the same when every other column is. Otherwise the primary key decides, and on a clash
the row with the later `updated` wins (when the table has one); else the row already here
stays. So an import merges, and importing the same file twice changes nothing.

Nothing read from a file is trusted: its shape, every table, column and value type are
checked before anything is written, and the merge is one transaction, so a bad file
leaves the state exactly as it was.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hormonecli.errors import HormoneError
from hormonecli.store import Store

FORMAT = 1
KIND = "hormonecli-progress"
MAX_BYTES = 256 * 1024 * 1024


class ProgressFileError(HormoneError):
    """A progress file that cannot be read or imported (exit 1); nothing was changed."""


@dataclass
class Table:
    name: str
    columns: list[str]          # exported columns, in table order
    types: dict[str, str]       # column -> declared type (TEXT, REAL, INTEGER, …)
    required: set[str]          # NOT NULL columns without a default
    key: list[str]              # primary key columns (empty: a rowid table; rows match on every column)


@dataclass
class Merged:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)


def tables(store: Store) -> dict[str, Table]:
    """The store's tables as the file carries them."""
    conn = store.conn
    out: dict[str, Table] = {}
    names = [n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for name in names:
        info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()  # cid, name, type, notnull, default, pk
        pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
        surrogate = len(pk) == 1 and next(r[2] for r in info if r[1] == pk[0]).upper() == "INTEGER"
        columns = [r[1] for r in info if not (surrogate and r[1] == pk[0])]
        out[name] = Table(name, columns, {r[1]: (r[2] or "").upper() for r in info},
                          {r[1] for r in info if r[3] and r[4] is None and r[1] in columns},
                          [] if surrogate else pk)
    return out


def schema(store: Store) -> int:
    """The store's schema version (its number of migrations)."""
    return int(store.conn.execute("PRAGMA user_version").fetchone()[0])


def export(store: Store) -> dict:
    """The whole store as a document (rows in a stable order)."""
    import time

    from hormonecli import __version__
    from hormonecli.progress import iso_time

    data: dict[str, list[dict]] = {}
    for name, t in tables(store).items():
        cols = ", ".join(f'"{c}"' for c in t.columns)
        order = ", ".join(f'"{c}"' for c in t.key) if t.key else "rowid"
        rows = store.conn.execute(f'SELECT {cols} FROM "{name}" ORDER BY {order}').fetchall()
        data[name] = [dict(zip(t.columns, row)) for row in rows]
    return {"format": FORMAT, "kind": KIND, "schema": schema(store), "hormonecli": __version__,
            "exported": iso_time(time.time()), "tables": data}


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def write(doc: dict, target: Path) -> None:
    """Write the document atomically, private to the user (0600), replacing the file if it exists."""
    from hormonecli.export.output import staged_file

    with staged_file(target, force=True, private=True) as tmp:
        tmp.write_text(dumps(doc), encoding="utf-8")


def load(path: str) -> tuple[str, str]:
    """(text, name to show) of a progress file; '-' reads standard input."""
    import sys

    if path == "-":
        return sys.stdin.read(MAX_BYTES + 1), "standard input"
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ProgressFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ProgressFileError(f"{path} is larger than {MAX_BYTES // 2**20} MiB; it is not a progress file")
    try:
        return data.decode("utf-8"), path
    except UnicodeDecodeError:
        raise ProgressFileError(f"{path} is not a progress file: not UTF-8 text") from None


def read(text: str, source: str, schema_here: int) -> dict:
    """Parse a progress file; a one-line error naming the file otherwise."""
    def bad_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        doc = json.loads(text, parse_constant=bad_constant)
    except ValueError as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ProgressFileError(f"{source} is not a progress file: not valid JSON{where}") from None
    if not isinstance(doc, dict) or doc.get("kind") != KIND:
        raise ProgressFileError(f"{source} is not a progress file (made by 'hormonecli progress --export')")
    fmt = doc.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise ProgressFileError(f"{source}: 'format' must be a positive whole number")
    if fmt > FORMAT:
        raise ProgressFileError(f"{source} was written by a newer hormonecli (format {fmt}); upgrade hormonecli")
    schema = doc.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise ProgressFileError(f"{source}: 'schema' must be a whole number")
    if schema > schema_here:
        raise ProgressFileError(f"{source} was written by a newer hormonecli (schema {schema}); upgrade hormonecli")
    if not isinstance(doc.get("tables"), dict):
        raise ProgressFileError(f"{source}: 'tables' must be an object of tables")
    return doc


def _affinity(declared: str) -> str:
    """SQLite's type affinity of a declared column type, as a word for messages."""
    if "INT" in declared:
        return "whole number"
    if any(k in declared for k in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if any(k in declared for k in ("REAL", "FLOA", "DOUB")):
        return "number"
    return "value"


def _fits(value: Any, affinity: str) -> bool:
    if value is None or affinity == "value":
        return value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool))
    if affinity == "text":
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return isinstance(value, int) if affinity == "whole number" else math.isfinite(value)


#: columns whose text is itself JSON, checked as such (the review card, the answer given)
JSON_COLUMNS = {("card", "card"), ("answer", "response")}


def validate(doc: dict, known: dict[str, Table], source: str) -> dict[str, list[tuple]]:
    """Every row as a tuple in its table's column order; the first problem is a one-line error."""
    out: dict[str, list[tuple]] = {}
    for name, rows in doc["tables"].items():
        if name not in known:
            raise ProgressFileError(f"{source}: unknown table '{str(name)[:40]}'")
        t = known[name]
        if not isinstance(rows, list):
            raise ProgressFileError(f"{source}: tables.{name} must be a list of rows")
        checked = []
        for i, row in enumerate(rows):
            where = f"{source}: tables.{name}[{i}]"
            if not isinstance(row, dict):
                raise ProgressFileError(f"{where} must be an object")
            extra = sorted(set(row) - set(t.columns))
            if extra:
                raise ProgressFileError(f"{where}: unknown column '{str(extra[0])[:40]}'")
            missing = sorted(c for c in t.required if row.get(c) is None)
            if missing:
                raise ProgressFileError(f"{where}: '{missing[0]}' is missing")
            for col, value in row.items():
                kind = _affinity(t.types.get(col, ""))
                if not _fits(value, kind):
                    raise ProgressFileError(f"{where}.{col}: {json.dumps(value)[:40]} is not a {kind}")
                if (name, col) in JSON_COLUMNS and value is not None:
                    try:
                        json.loads(value)
                    except ValueError:
                        raise ProgressFileError(f"{where}.{col} is not valid JSON text") from None
            checked.append(tuple(row.get(c) for c in t.columns))
        out[name] = checked
    return out


def merge(store: Store, rows: dict[str, list[tuple]], known: dict[str, Table]) -> Merged:
    """Add what is new, update what is newer, in one transaction."""
    result = Merged()
    with store.transaction() as conn:
        for name, incoming in rows.items():
            t = known[name]
            cols = ", ".join(f'"{c}"' for c in t.columns)
            marks = ", ".join("?" for _ in t.columns)
            insert = f'INSERT INTO "{name}" ({cols}) VALUES ({marks})'
            added = updated = same = 0
            if not t.key:
                have = {tuple(r) for r in conn.execute(f'SELECT {cols} FROM "{name}"')}
                for row in incoming:
                    if row in have:
                        same += 1
                        continue
                    conn.execute(insert, row)
                    have.add(row)
                    added += 1
            else:
                where = " AND ".join(f'"{c}" = ?' for c in t.key)
                key_at = [t.columns.index(c) for c in t.key]
                stamp = t.columns.index("updated") if "updated" in t.columns else None
                for row in incoming:
                    key = [row[i] for i in key_at]
                    old = conn.execute(f'SELECT {cols} FROM "{name}" WHERE {where}', key).fetchone()
                    if old is None:
                        conn.execute(insert, row)
                        added += 1
                    elif stamp is not None and tuple(old) != row and (row[stamp] or 0) > (old[stamp] or 0):
                        sets = ", ".join(f'"{c}" = ?' for c in t.columns)
                        conn.execute(f'UPDATE "{name}" SET {sets} WHERE {where}', [*row, *key])
                        updated += 1
                    else:
                        same += 1
            result.added[name], result.updated[name], result.unchanged[name] = added, updated, same
    return result


def import_text(store: Store, text: str, source: str) -> Merged:
    known = tables(store)
    doc = _upgrade(read(text, source, schema(store)))
    return merge(store, validate(doc, known, source), known)


def _upgrade(doc: dict) -> dict:
    """A file from before reading was measured: its pages 'read' were pages opened, so they arrive as
    visits, as the store's own migration treats them."""
    from hormonecli.migrations import READING_SCHEMA

    rows = doc["tables"].get("page_read")
    if doc["schema"] >= READING_SCHEMA or not isinstance(rows, list):
        return doc
    visits = [{"module": r.get("module"), "level": r.get("level"), "page": r.get("page"), "first": r.get("first"),
               "updated": r.get("first"), "seconds": 0.0} if isinstance(r, dict) else r for r in rows]
    return {**doc, "tables": {**{k: v for k, v in doc["tables"].items() if k != "page_read"}, "page_visit": visits}}
