"""What SQLite does with an INSERT that leaves a primary-key column out: the referee for the key claims.

`insert_without` builds the table in memory and inserts one row naming only the columns it must name
(the other key columns with a value of their type, every other NOT NULL column without a default), then
reads back what happened: "refused", "skipped" (no row, no error), "null" (a NULL key stored), or
"filled" (SQLite put a value there).
"""

from __future__ import annotations

import sqlite3

from generator.model import Column, Table
from generator.sqlite import ddl
from generator.sqlite.libsql import for_sqlite

SAMPLES = {"INTEGER": 7, "REAL": 1.5, "NUMERIC": 3, "TEXT": "k", "BLOB": b"k"}


def needed(table: Table, key: str) -> list[Column]:
    """The other columns the INSERT names: the other key columns, and NOT NULL ones with no default."""
    return [
        c
        for c in table.columns
        if c.name != key and c.generated is None and (c.primary_key or (c.not_null and not c.has_sql_default))
    ]


def insertable(table: Table, key: str) -> bool:
    """True when a row can be made of sample values alone (no CHECK, enum or JSON rule on what it names)."""
    return (
        all(not c.checks and c.enum is None and not c.json and not c.app.default for c in needed(table, key))
        and not table.checks
    )


def insert_without(table: Table, key: str) -> str:
    """What an INSERT without `key` ('' for a table with no key: the rowid) does: refused, skipped, null,
    filled."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(ddl.create_table_sql(for_sqlite(table)))
        cols = needed(table, key)
        names = ", ".join(ddl.quote_identifier(c.name) for c in cols)
        values = [SAMPLES[c.affinity.value] for c in cols]
        sql = f"INSERT INTO {ddl.quote_identifier(table.name)} "
        sql += f"({names}) VALUES ({', '.join('?' * len(cols))})" if cols else "DEFAULT VALUES"
        try:
            conn.execute(sql, values)
        except sqlite3.IntegrityError:
            return "refused"
        read = "rowid" if not key else ddl.quote_identifier(key)
        rows = conn.execute(f"SELECT {read} FROM {ddl.quote_identifier(table.name)}").fetchall()
        if not rows:
            return "skipped"
        return "null" if rows[0][0] is None else "filled"
    finally:
        conn.close()
