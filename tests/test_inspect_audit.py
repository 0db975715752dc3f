"""Audit fixes found while auditing live databases against their inspected specs (real SQLite files)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from generator.data.audit import audit_database
from generator.db import connect
from generator.spec import load_spec

SPEC = """\
version: 1
tables:
  parent:
    columns:
      id: {type: text, primary_key: true}
  tag:
    without_rowid: true
    primary_key: [{column: name, collate: NOCASE}, {column: kind, desc: true}]
    columns:
      name: {type: text, not_null: true}
      kind: {type: text, not_null: true, references: {table: parent, column: id}}
      n: {type: integer}
      twice: {type: integer, generated: {sql: n * 2}}
"""


def test_audit_pages_a_without_rowid_table_on_its_primary_key(tmp_path: Path) -> None:
    """A WITHOUT ROWID table has no rowid to page on: every row is read once, on the primary key, and its
    generated column is read too, not reported as drift."""
    path = tmp_path / "tags.db"
    schema = load_spec("inline.yaml", text=SPEC)
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE parent (id text PRIMARY KEY NOT NULL);"
            "CREATE TABLE tag (name text NOT NULL, kind text NOT NULL REFERENCES parent (id), n integer,"
            " twice integer AS (n * 2), PRIMARY KEY (name COLLATE NOCASE, kind DESC)) WITHOUT ROWID;"
            "INSERT INTO parent VALUES ('a'), ('b');"
        )
        rows = [(f"{'Tag' if i % 2 else 'tag'}-{i:02}", "ab"[i % 2], i) for i in range(57)]
        conn.executemany("INSERT INTO tag (name, kind, n) VALUES (?, ?, ?)", rows)
        conn.execute("INSERT INTO tag (name, kind, n) VALUES ('zz', 'a', 'not a number')")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("INSERT INTO tag (name, kind, n) VALUES ('orphan', 'c', 1)")
    with connect(str(path)) as db:
        report = audit_database(db, schema, page_size=5)
    tag = next(t for t in report.tables if t.table == "tag")
    assert tag.rows == 59
    found = {(f.column, f.check): f for f in tag.findings}
    assert set(found) == {("n", "type"), ("kind", "foreign-key")}
    assert found[("n", "type")].examples == ["zz/a"] and found[("n", "type")].count == 1
    assert found[("kind", "foreign-key")].examples == ["orphan/c -> c"]


def test_audit_pages_on_the_rowid_under_another_name_when_a_column_takes_it(tmp_path: Path) -> None:
    path = tmp_path / "shadow.db"
    schema = load_spec(
        "inline.yaml", text="version: 1\ntables:\n  t:\n    columns:\n      rowid: {type: text}\n"
    )
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (rowid text)")
        conn.executemany("INSERT INTO t VALUES (?)", [("z",), ("a",), ("m",)] * 4)
    with connect(str(path)) as db:
        report = audit_database(db, schema, page_size=5)
    assert report.tables[0].rows == 12 and report.clean
