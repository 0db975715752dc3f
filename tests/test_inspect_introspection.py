"""Introspection fixes found while round-tripping live schemas through inspect (SQLite itself the referee)."""

from __future__ import annotations

import sqlite3

from generator.migrate.plan import plan_migration
from generator.model import Schema
from generator.sqlite.ddl import create_table_sql
from generator.sqlite.introspect import INTROSPECTION, build_live


def live(ddl: str) -> Schema:
    """Run DDL in SQLite and read it back the way introspection does."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(ddl)
    results = [conn.execute(sql).fetchall() for sql in INTROSPECTION]
    conn.close()
    return build_live(results)


def test_a_column_declared_json_is_not_a_json_column() -> None:
    """`payload json` declares the type json: no CHECK exists, so none may appear when it is written back."""
    table = live("CREATE TABLE t (id integer PRIMARY KEY, payload json, doc JSON);").table("t")
    payload = table.column("payload")
    assert payload.type == "json" and not payload.json
    assert "CHECK" not in create_table_sql(table)


def test_checks_fold_into_enums_and_json_only_when_written_back_the_same() -> None:
    """An unnamed `x IN (...)` / `json_valid(x)` CHECK becomes an enum / a JSON column only when the spec can
    say it and the DDL writes the same CHECK back; otherwise it stays a CHECK, as written."""
    schema = live(
        "CREATE TABLE f (id integer PRIMARY KEY,"
        " n integer CHECK (n IN ('1', '2')),"  # an enum needs a text column
        " e text CHECK (e IN ('', 'a')),"  # enum values are non-empty
        " d text CHECK (d IN ('a', 'a')),"  # and distinct
        " j text CHECK (json_valid(j)),"  # refuses NULL on SQLite < 3.45; the spec's form allows it
        " k text NOT NULL CHECK (k IS NULL OR json_valid(k)),"  # the spec writes json_valid(k)
        " ok text CHECK (ok IN ('x', 'y')),"
        " js text CHECK (js IS NULL OR json_valid(js)),"
        " jr text CHECK (json_valid(jr) OR jr IS NULL),"  # the same test, spelt the other way round
        " jn text NOT NULL CHECK (json_valid(jn)));"
    )
    table = schema.table("f")
    kept = {c.name: [k.sql for k in c.checks] for c in table.columns if c.checks}
    assert kept == {
        "n": ["n IN ('1', '2')"],
        "e": ["e IN ('', 'a')"],
        "d": ["d IN ('a', 'a')"],
        "j": ["json_valid(j)"],
        "k": ["k IS NULL OR json_valid(k)"],
    }
    assert table.column("ok").closed_enum == ("x", "y")
    assert [c.name for c in table.json_columns] == ["js", "jr", "jn"]
    assert all(c.enum is None for c in table.columns if c.name != "ok")
    again = live(create_table_sql(table))
    assert plan_migration(again, schema).is_empty and plan_migration(schema, again).is_empty
