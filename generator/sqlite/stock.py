"""Whether stock SQLite can still open a database: its stored schema prepared by Python's own SQLite.

An engine may store a statement that it reads itself but SQLite cannot (the Turso engine's ALTER TABLE
once rewrote a table's foreign-key clause so), and then every stock tool (the sqlite3 shell, backups,
Litestream, the app's other drivers) fails on the file: "malformed database schema". After a push the
`sqlite_schema` rows are read back and each statement is run by stock SQLite in an empty in-memory
database: tables first, then indexes, views (until none is left that a later one needed) and triggers.
Names SQLite reserves (`sqlite_*`) are its own business, as are a virtual table's shadow tables (its module
creates them again); a virtual table whose module stock SQLite lacks and a call to a libSQL function are not
errors (SQLite opens such a file and fails only when they are
used), so the libSQL functions are stood in for as everywhere else (generator.sqlite.libsql).
"""

from __future__ import annotations

import re
import sqlite3
import urllib.parse
from collections.abc import Sequence

from generator.db import Row
from generator.model import Schema, fold
from generator.sqlite.appdefined import register
from generator.sqlite.libsql import add_stand_ins

_ORDER = {"table": 0, "index": 1, "view": 2, "trigger": 3}


def stock_problems(rows: Sequence[Row], schema: Schema | None = None) -> list[str]:
    """`name: message` for each sqlite_schema row (type, name, tbl_name, sql) stock SQLite refuses; the
    functions and collations `schema` declares as the application's are stood in for (an application
    that registers them opens the file)."""
    pending = sorted(
        ((str(r[0]), str(r[1]), str(r[3])) for r in rows if r[3] is not None and not _internal(str(r[1]))),
        key=lambda r: _ORDER.get(r[0], 4),
    )
    conn = sqlite3.connect(":memory:")
    try:
        if schema is not None:
            register(conn, schema)
        else:
            add_stand_ins(conn)
        failed: dict[str, str] = {}
        while pending:  # views and triggers may need objects of their kind that come later
            retry = []
            for kind, name, sql in pending:
                try:
                    _prepare(conn, sql)
                except sqlite3.Error as err:
                    if "no such module" in str(err) or "already exists" in str(err):
                        continue  # a module it lacks; a virtual table's shadow table, made by the module
                    failed[name] = f"{kind} {name}: {err}"
                    retry.append((kind, name, sql))
                else:
                    failed.pop(name, None)
            if len(retry) == len(pending):
                break
            pending = retry
        return sorted(failed.values())
    finally:
        conn.close()


def file_problem(path: str) -> str:
    """The error stock SQLite gives when it opens the database file at `path` and reads its schema, or ''."""
    uri = f"file:{urllib.parse.quote(path)}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as err:
        return str(err)
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchall()
        return ""
    except sqlite3.Error as err:
        return str(err)
    finally:
        conn.close()


_RANDOM_ROWID = re.compile(r"(?i)\bRANDOM\s+ROWID\s*;?\s*$")


def _prepare(conn: sqlite3.Connection, sql: str) -> None:
    """Run one statement; libSQL's own RANDOM ROWID table option is left out, as everywhere a plain SQLite
    checks a libSQL schema (generator.sqlite.libsql.for_sqlite): a spec that asks for it targets libSQL."""
    try:
        conn.execute(sql)
    except sqlite3.Error as err:
        plain = _RANDOM_ROWID.sub("", sql.rstrip())
        if str(err) != 'near "ROWID": syntax error' or plain == sql.rstrip():
            raise
        conn.execute(plain)


def _internal(name: str) -> bool:
    return fold(name).startswith("sqlite_")
