"""Any schema SQLite accepts survives introspection -> DDL -> a fresh database, compared by PRAGMAs; and
migrations between two such schemas keep the rows. The cases come from checking the tool against a peer
tool's transition cases and real public databases (written here, not copied)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from generator.db import connect
from generator.migrate.apply import apply_plan, check_data
from generator.migrate.plan import plan_migration
from generator.model import Schema
from generator.sqlite.ddl import schema_statements
from generator.sqlite.introspect import INTROSPECTION, build_live, introspect

ROUND_TRIP = {
    "table-level DESC key on INTEGER stays a rowid alias": (
        "CREATE TABLE t (id INTEGER, v TEXT, PRIMARY KEY (id DESC));"
    ),
    "column-level DESC key on INTEGER is no alias": "CREATE TABLE t (id INTEGER PRIMARY KEY DESC, v TEXT);",
    "bare json_valid on a nullable column": "CREATE TABLE t (data TEXT CHECK (json_valid(data)));",
    "json_valid on a NOT NULL column": "CREATE TABLE t (data TEXT NOT NULL CHECK (json_valid(data)));",
    "hex default beyond 2^63 wraps": "CREATE TABLE t (a INT DEFAULT 0xFFFFFFFFFFFFFFFF);",
    "decimal integer default beyond 64 bits is a REAL": "CREATE TABLE t (a DEFAULT 99999999999999999999);",
    "real default that overflows": "CREATE TABLE t (a REAL DEFAULT 1e400, b REAL DEFAULT -1e400);",
    "bracket and backtick defaults are strings": "CREATE TABLE t (x DEFAULT [brk], y DEFAULT `bt`);",
    "a type named like a keyword": "CREATE TABLE t (x generated, y AS_IS);",
    "keywords and unicode as names": 'CREATE TABLE "select" ("from" TEXT, naïve INT, [Order Details] TEXT);',
    "collated and descending composite key": (
        "CREATE TABLE t (a TEXT, b TEXT, PRIMARY KEY (a DESC, b COLLATE NOCASE)) WITHOUT ROWID;"
    ),
    "foreign key to the parent's primary key": (
        "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid INT REFERENCES p ON DELETE CASCADE);"
    ),
    "rtree and fts5": (
        "CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx);"
        "CREATE VIRTUAL TABLE f USING fts5(a, b, tokenize='porter');"
    ),
    "view with a column list and an INSTEAD OF trigger": (
        "CREATE TABLE t (a INT, b INT); CREATE VIEW v (x, y) AS SELECT a, b FROM t;"
        "CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN INSERT INTO t VALUES (new.x, new.y); END;"
    ),
}

TABLES_SQL = "SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main' ORDER BY lower(name)"
COLUMNS_SQL = 'SELECT lower(name), upper(type), "notnull", pk, hidden FROM pragma_table_xinfo(?)'
FKS_SQL = (
    'SELECT seq, lower("table"), lower("from"), lower("to"), on_update, on_delete '
    "FROM pragma_foreign_key_list(?)"
)
INDEXES_SQL = 'SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name'
KEYS_SQL = 'SELECT cid, lower(name), "desc", upper(coll), key FROM pragma_index_xinfo(?)'


def _live(ddl: str) -> Schema:
    conn = sqlite3.connect(":memory:")
    conn.executescript(ddl)
    results = [conn.execute(sql).fetchall() for sql in INTROSPECTION]
    conn.close()
    return build_live(results)


def _pragmas(conn: sqlite3.Connection) -> list[object]:
    """What the database itself says about its tables, columns, foreign keys and indexes."""
    out: list[object] = []
    for name, *kind in conn.execute(TABLES_SQL).fetchall():
        if name.startswith("sqlite_"):
            continue
        out += [name.lower(), kind]
        out.append(conn.execute(COLUMNS_SQL, (name,)).fetchall())
        out.append(conn.execute(FKS_SQL, (name,)).fetchall())
        for index, *facts in conn.execute(INDEXES_SQL, (name,)).fetchall():
            out += [facts, conn.execute(KEYS_SQL, (index,)).fetchall()]
    return out


@pytest.mark.parametrize("ddl", ROUND_TRIP.values(), ids=ROUND_TRIP.keys())
def test_introspected_schema_recreates_the_same_database(ddl: str) -> None:
    first = sqlite3.connect(":memory:")
    first.executescript(ddl)
    live = build_live([first.execute(sql).fetchall() for sql in INTROSPECTION])
    second = sqlite3.connect(":memory:")
    for statement in schema_statements(live):
        second.execute(statement)
    assert _pragmas(second) == _pragmas(first)
    again = build_live([second.execute(sql).fetchall() for sql in INTROSPECTION])
    assert plan_migration(again, live).is_empty and plan_migration(live, again).is_empty


def test_a_rowid_alias_is_not_confused_with_a_descending_column_key() -> None:
    alias = _live("CREATE TABLE t (id INTEGER, PRIMARY KEY (id DESC));")
    plain = _live("CREATE TABLE t (id INTEGER PRIMARY KEY DESC);")
    assert alias.table("t").rowid_alias is not None and plain.table("t").rowid_alias is None
    assert [s.kind for s in plan_migration(plain, alias).steps] == ["rebuild_table"]


def _database(path: Path, ddl: str, rows: tuple[str, ...] = ()) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(ddl)
    for row in rows:
        conn.execute(row)
    conn.commit()
    conn.close()
    return path


def _migrate(path: Path, desired: str, *, fk_on: bool = False) -> None:
    target = _live(desired)
    with connect(str(path)) as db:
        plan = plan_migration(introspect(db), target)
        assert check_data(db, plan) == []
        if fk_on:
            db.query("PRAGMA foreign_keys=ON")
        apply_plan(db, plan)
        assert plan_migration(introspect(db), target).is_empty


def test_names_that_differ_only_in_case_are_the_same_table_and_column(tmp_path: Path) -> None:
    """SQLite names ignore case: `Users` -> `users` is no change (it used to drop the table and its rows)."""
    path = _database(
        tmp_path / "c.db",
        "CREATE TABLE Users (id INTEGER PRIMARY KEY, Name TEXT);",
        ("INSERT INTO Users VALUES (1, 'ann')",),
    )
    _migrate(path, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INT);")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT id, Name, age FROM users").fetchall() == [(1, "ann", None)]


def test_a_foreign_key_to_a_table_the_plan_creates_is_checked_against_no_rows(tmp_path: Path) -> None:
    desired = (
        "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (pid INT REFERENCES parent(id));"
    )
    _migrate(_database(tmp_path / "empty.db", "CREATE TABLE child (pid INT);"), desired)
    path = _database(
        tmp_path / "rows.db", "CREATE TABLE child (pid INT);", ("INSERT INTO child VALUES (7), (NULL)",)
    )
    with connect(str(path)) as db:
        found = check_data(db, plan_migration(introspect(db), _live(desired)))
    assert [(v.count, v.samples) for v in found] == [(1, ("1",))]  # the rowid of the row naming 7


@pytest.mark.parametrize("order", ["parent first", "child first"])
def test_dropping_a_parent_and_its_child_works_with_foreign_keys_on(tmp_path: Path, order: str) -> None:
    """sqld opens its connections with foreign keys on: a DROP TABLE must neither trip nor cascade."""
    tables = [
        "CREATE TABLE p (id INTEGER PRIMARY KEY);",
        "CREATE TABLE c (pid INT REFERENCES p(id));",
    ]
    ddl = "".join(tables if order == "parent first" else reversed(tables))
    path = _database(tmp_path / "c.db", ddl, ("INSERT INTO p VALUES (1)", "INSERT INTO c VALUES (1)"))
    _migrate(path, "", fk_on=True)


def test_dropping_a_parent_keeps_the_rows_of_a_child_that_stays(tmp_path: Path) -> None:
    """With foreign keys on, DROP TABLE p would cascade into c; the plan runs with them off instead."""
    ddl = (
        "CREATE TABLE p (id INTEGER PRIMARY KEY);"
        "CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE);"
    )
    rows = ("INSERT INTO p VALUES (1)", "INSERT INTO c VALUES (1, 1)")
    path = _database(tmp_path / "c.db", ddl, rows)
    target = _live("CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE);")
    with connect(str(path)) as db:
        db.query("PRAGMA foreign_keys=ON")
        apply_plan(db, plan_migration(introspect(db), target))
        assert db.query("SELECT id, pid FROM c") == [(1, 1)]


def test_a_temp_table_does_not_shadow_the_main_one(tmp_path: Path) -> None:
    path = _database(tmp_path / "t.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);")
    with connect(str(path)) as db:
        db.query("CREATE TEMP TABLE t (other BLOB)")
        assert [c.name for c in introspect(db).table("t").columns] == ["id", "v"]


def test_a_foreign_key_to_the_parents_key_matches_one_that_names_it() -> None:
    """`REFERENCES parent` and `REFERENCES parent(id)` (what drizzle-kit writes) are the same key."""
    implicit = _live("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid INT REFERENCES p);")
    explicit = _live("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid INT REFERENCES p(id));")
    assert plan_migration(implicit, explicit).is_empty and plan_migration(explicit, implicit).is_empty


def test_a_member_of_a_composite_key_keeps_its_own_unique_index() -> None:
    """Only a column that is the whole primary key needs no `<table>_<column>_unique` index."""
    from generator.spec import load_spec

    spec = load_spec(
        "inline.yaml",
        text="version: 1\ntables:\n  t:\n    primary_key: [a, b]\n    columns:\n"
        "      a: {type: text, unique: true}\n      b: {type: text}\n",
    )
    assert [ix.name for ix in spec.table("t").all_indexes] == ["t_a_unique"]
    conn = sqlite3.connect(":memory:")
    for statement in schema_statements(spec):
        conn.execute(statement)
    live = build_live([conn.execute(sql).fetchall() for sql in INTROSPECTION])
    assert live.table("t").column("a").unique and plan_migration(live, spec).is_empty
