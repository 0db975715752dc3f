"""generator/model/rules.py: each rule SQLite decides, checked against SQLite, and every stage agrees with it.

Name folding, nullability, the implied unique-index name, the rowid alias and JSON-path text each have one
home; these tests hold the stages that use them (spec checks, DDL, Drizzle, the ER diagram, row validation,
the audit, the generated validators and Python types) to the answer SQLite itself gives.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.data.audit import audit_database
from generator.data.rowschema import row_schema
from generator.data.validate import validate_row
from generator.db import connect
from generator.emit.codegen import drizzle, python
from generator.emit.erd import relationships
from generator.model import fold, is_rowid_alias, json_path, same_name, unique_index_name
from generator.spec import load_spec
from generator.sqlite.ddl import schema_statements


def _sqlite(statements: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys = ON")
    for sql in statements:
        conn.execute(sql)
    return conn


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Units", "units"),
        ("Ünits", "ünits"),
        ("ÜNITS", "Ünits"),
        ("straße", "STRASSE"),
        ("ǅ", "ǆ"),
        ("x", "X"),
    ],
)
def test_fold_answers_as_sqlite_resolves_names(a: str, b: str) -> None:
    conn = _sqlite([f'CREATE TABLE "{a}" (x)'])
    try:
        conn.execute(f'SELECT * FROM "{b}"')
        sqlite_same = True
    except sqlite3.OperationalError:
        sqlite_same = False
    assert same_name(a, b) == sqlite_same == (fold(a) == fold(b))


SPEC_NAMES = """
version: 1
tables:
  child:
    columns:
      id: {type: integer, primary_key: true}
      parent_id: {type: integer, references: {table: Parent}}
  parent:
    columns:
      id: {type: integer, primary_key: true}
views:
  first:
    sql: SELECT * FROM "Ünits"
  "Ünits":
    sql: SELECT id FROM parent
"""


def test_a_view_reading_a_later_view_named_with_a_non_ascii_capital_is_created_in_order() -> None:
    warnings: list[str] = []
    schema = load_spec("t.yaml", text=SPEC_NAMES, check_queries=True, warnings=warnings)
    statements = schema_statements(schema)
    views = [s.split('"')[1] for s in statements if s.startswith("CREATE VIEW")]
    assert views == ["Ünits", "first"]
    conn = _sqlite(statements)
    assert conn.execute('SELECT count(*) FROM "first"').fetchone() == (0,)


def test_a_reference_spelled_in_another_case_resolves_in_every_stage() -> None:
    warnings: list[str] = []
    schema = load_spec("t.yaml", text=SPEC_NAMES, warnings=warnings)
    assert not any("Parent" in w for w in warnings), warnings  # SQLite resolves it: nothing to warn about
    statements = schema_statements(schema)
    tables = [s.split('"')[1] for s in statements if s.startswith("CREATE TABLE")]
    assert tables == ["parent", "child"]  # the parent first
    conn = _sqlite(statements)
    conn.execute("INSERT INTO parent (id) VALUES (1)")
    conn.execute("INSERT INTO child (id, parent_id) VALUES (1, 1)")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO child (id, parent_id) VALUES (2, 2)")
    (module,) = drizzle.render(schema).values()
    assert "=> parent.id)" in module and "Parent." not in module
    (link,) = relationships(schema)
    assert link.parent == "parent"  # one ER entity, not a second `Parent`


def test_names_that_differ_only_in_ascii_case_collide_and_non_ascii_ones_do_not() -> None:
    def spec(a: str, b: str) -> str:
        return "version: 1\ntables:\n" + "".join(
            f"  {n}:\n    columns: {{id: {{type: integer}}}}\n" for n in (a, b)
        )

    with pytest.raises(Exception, match="already used"):
        load_spec("t.yaml", text=spec("Units", "units"))
    schema = load_spec("t.yaml", text=spec('"Ünits"', '"ünits"'))
    _sqlite(schema_statements(schema))  # SQLite takes both as well


# ---------------------------------------------------------------- nullability

SPEC_NULLS = """
version: 1
tables:
  text_key:
    columns:
      code: {type: text, primary_key: true, not_null: false}
      n: {type: integer}
  pair_key:
    primary_key: [a, b]
    columns:
      a: {type: text}
      b: {type: text}
  no_rowid:
    without_rowid: true
    primary_key: [code]
    columns:
      code: {type: text}
      n: {type: integer}
  alias:
    columns:
      id: {type: integer, primary_key: true, not_null: false}
      n: {type: integer}
  plain:
    columns:
      id: {type: text, primary_key: true}
      note: {type: text}
"""


def _sqlite_refuses_null(conn: sqlite3.Connection, table: str, column: str, others: list[str]) -> bool:
    """True when the stored value of `column` is never NULL after inserting one (refused or replaced)."""
    names = [column, *others]
    values = ["NULL"] + ["'7'"] * len(others)  # '7' fits every column here (an INTEGER key reads 7)
    try:
        conn.execute(f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join(values)})')
    except sqlite3.IntegrityError:
        return True
    stored = conn.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NULL').fetchone()[0]
    conn.execute(f'DELETE FROM "{table}"')
    return stored == 0


def test_nullability_is_what_sqlite_does_in_every_stage(tmp_path: Path) -> None:
    schema = load_spec("t.yaml", text=SPEC_NULLS)
    statements = schema_statements(schema)
    conn = _sqlite(statements)
    (python_module,) = python.render(schema).values()
    cases = 0
    for table in schema.tables:
        validators = Draft202012Validator(row_schema(table))
        for column in table.columns:
            others = [c.name for c in table.columns if c is not column and table.not_null(c)]
            expected = _sqlite_refuses_null(conn, table.name, column.name, others)
            assert table.not_null(column) == expected, (table.name, column.name)
            if column is table.rowid_alias:
                continue  # NULL is replaced by a new rowid: refused on input, never stored
            row = {column.name: None} | {
                c: 7 if table.column(c).affinity.value == "INTEGER" else "7" for c in others
            }
            assert (validate_row(table.name, row, schema) == []) == (not expected), (table.name, column.name)
            assert validators.is_valid(row) == (not expected), (table.name, column.name)
            cases += 1
    assert cases >= 6
    assert "code: str | None" in python_module  # text_key.code stores NULL
    url = f"file:{tmp_path / 'n.db'}"
    with connect(url, create=True) as db:
        db.apply(statements)
        db.apply(
            ["INSERT INTO text_key (code, n) VALUES (NULL, 1)", "INSERT INTO pair_key VALUES (NULL, 'b')"]
        )
        report = audit_database(db, schema)
    assert report.clean, report.as_dict()


# ---------------------------------------------------------------- the implied unique index


def test_the_implied_unique_index_is_the_one_sqlite_gets_and_the_spec_checks_claim() -> None:
    text = (
        "version: 1\ntables:\n  t:\n    columns:\n"
        "      id: {type: integer, primary_key: true}\n      email: {type: text, unique: true}\n"
    )
    schema = load_spec("t.yaml", text=text)
    conn = _sqlite(schema_statements(schema))
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
    assert names == {unique_index_name("t", "email")}
    clash = text + "    indexes:\n      T_EMAIL_UNIQUE: {columns: [id]}\n"
    with pytest.raises(Exception, match="already used"):
        load_spec("t.yaml", text=clash)


# ---------------------------------------------------------------- the rowid alias


@pytest.mark.parametrize(
    ("column", "options", "table_key"),
    [
        ("id INTEGER PRIMARY KEY", "", False),
        ("id integer PRIMARY KEY", "", False),
        ("id INT PRIMARY KEY", "", False),
        ("id BIGINT PRIMARY KEY", "", False),
        ("id INTEGER PRIMARY KEY DESC", "", False),
        ("id INTEGER, PRIMARY KEY (id DESC)", "", True),
        ("id INTEGER PRIMARY KEY", " WITHOUT ROWID", False),
    ],
)
def test_the_rowid_alias_is_the_one_sqlite_has(column: str, options: str, table_key: bool) -> None:
    conn = _sqlite([f"CREATE TABLE t (n, {column}){options}"])
    conn.execute("INSERT INTO t (id, n) VALUES (42, 1)")
    try:
        sqlite_alias = conn.execute("SELECT rowid = id FROM t").fetchone()[0] == 1
    except sqlite3.OperationalError:
        sqlite_alias = False  # WITHOUT ROWID: no rowid at all
    declared = column.split()[1].rstrip(",")
    desc_on_column = "DESC" in column and not table_key
    ours = is_rowid_alias(declared, key_columns=1, without_rowid=bool(options), desc_on_column=desc_on_column)
    assert ours == sqlite_alias


def test_the_models_rowid_alias_agrees_with_sqlite_through_inspect(tmp_path: Path) -> None:
    from generator.sqlite.introspect import introspect

    url = f"file:{tmp_path / 'r.db'}"
    ddl = {
        "a": "CREATE TABLE a (id INTEGER PRIMARY KEY, n)",
        "b": "CREATE TABLE b (id INT PRIMARY KEY, n)",
        "c": "CREATE TABLE c (id INTEGER PRIMARY KEY DESC, n)",
        "d": "CREATE TABLE d (id INTEGER, n, PRIMARY KEY (id DESC))",
    }
    with connect(url, create=True) as db:
        db.apply(list(ddl.values()))
        live = introspect(db)
    conn = sqlite3.connect(tmp_path / "r.db")
    for name in ddl:
        conn.execute(f"INSERT INTO {name} (id, n) VALUES (42, 1)")
        alias = conn.execute(f"SELECT rowid = id FROM {name}").fetchone()[0] == 1
        assert (live.table(name).rowid_alias is not None) == alias, name


# ---------------------------------------------------------------- JSON paths


@pytest.mark.parametrize(
    "parts", [["tags", 1], ["a b", 0, "c.d"], ["ключ", "x"], [0], ["_x1", "Y"], ["with-dash", "with space"]]
)
def test_json_path_text_is_a_path_sqlite_follows(parts: list[str | int]) -> None:
    document: object = "found"
    for part in reversed(parts):
        document = [document] if isinstance(part, int) else {part: document}  # index 0 only
    conn = sqlite3.connect(":memory:")
    text = json.dumps(document, ensure_ascii=False)
    path = json_path([0 if isinstance(p, int) else p for p in parts], root="$")
    assert conn.execute("SELECT json_extract(?, ?)", (text, path)).fetchone() == ("found",)
