"""The pure planner and introspection (PRAGMAs and parsed SQL): no server, SQLite itself as the referee."""

from __future__ import annotations

import sqlite3

import pytest

from generator.migrate.plan import Plan, Risk, plan_migration
from generator.model import Schema
from generator.spec import load_spec
from generator.sqlite.introspect import INTROSPECTION, build_live

SPEC = """\
version: 1
tables:
  questions:
    columns:
      id: {type: text, primary_key: true}
      status: {type: text, default: pending, enum: {values: [pending, done]}}
      tags:
        type: json
        json: {type: array}
        example: [a]
      created_at: {type: text}
"""


HEAD = "version: 1\ntables:\n  t:\n    columns:\n"


def live(ddl: str) -> Schema:
    """Run DDL in SQLite and read it back the way introspection does."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(ddl)
    results = [conn.execute(sql).fetchall() for sql in INTROSPECTION]
    conn.close()
    return build_live(results)


def spec(text: str = SPEC) -> Schema:
    return load_spec("inline.yaml", text=text)


def test_risk_is_ordered_by_severity() -> None:
    assert [r.value for r in Risk] == ["safe", "rebuild", "data-dependent", "destructive"]
    assert Plan(()).risk is Risk.SAFE and Plan(()).is_empty


def test_real_world_variants_parse_to_the_spec() -> None:
    """Backticks, a double-quoted DEFAULT, columns added by ALTER TABLE, the JSON CHECK spelt the other way
    round: no difference from the spec."""
    schema = live(
        "CREATE TABLE `questions` (`id` text PRIMARY KEY NOT NULL, `tags` text CHECK (json_valid(`tags`) OR "
        "`tags` IS NULL));\n"
        'ALTER TABLE questions ADD COLUMN status TEXT DEFAULT "pending"\n'
        "  CHECK (status IN ('pending', 'done'));\n"
        "ALTER TABLE questions ADD COLUMN created_at TEXT;"
    )
    table = schema.table("questions")
    assert table.column("status").default == "pending"
    assert table.column("status").closed_enum == ("pending", "done")
    assert table.column("tags").json and table.column("created_at").checks == ()
    assert plan_migration(schema, spec()).is_empty


def test_expression_defaults_are_kept_and_seen_as_changes() -> None:
    for default in ("(datetime('now'))", "CURRENT_TIMESTAMP"):
        schema = live(
            "CREATE TABLE questions (id text PRIMARY KEY NOT NULL, status text DEFAULT 'pending'"
            " CHECK (status IN ('pending', 'done')), tags text CHECK (tags IS NULL OR json_valid(tags)),"
            f" created_at text DEFAULT {default});"
        )
        col = schema.table("questions").column("created_at")
        written = default[1:-1] if default.startswith("(") else default
        assert col.default is None and col.default_expr == written
        plan = plan_migration(schema, spec())
        assert [s.risk for s in plan.steps] == [Risk.REBUILD]
        assert f"created_at: default {default} -> none" in plan.steps[0].summary


@pytest.mark.parametrize(
    "ddl",
    [
        "CREATE TABLE t (id integer PRIMARY KEY, a text COLLATE NOCASE);",
        "CREATE TABLE t (id integer PRIMARY KEY, a text CHECK (length(a) > 2));",
        "CREATE TABLE t (id integer PRIMARY KEY, a text UNIQUE);",
        "CREATE TABLE t (id integer PRIMARY KEY, a varchar(10));",
        "CREATE TABLE t (id integer PRIMARY KEY, a text, b text, UNIQUE (a, b));",
        "CREATE TABLE t (id integer PRIMARY KEY, a text) WITHOUT ROWID;",
    ],
)
def test_constraints_the_spec_lacks_are_seen(ddl: str) -> None:
    schema = (
        live(ddl)
        if "WITHOUT" not in ddl
        else live(ddl.replace("integer PRIMARY KEY", "integer PRIMARY KEY NOT NULL"))
    )
    extra = "      b: {type: text}\n" if " b " in ddl else ""
    target = spec(f"{HEAD}      id: {{type: integer, primary_key: true}}\n      a: {{type: text}}\n{extra}")
    plan = plan_migration(schema, target)
    assert [s.kind for s in plan.steps] == ["rebuild_table"], plan.render()


def test_views_triggers_and_internal_tables() -> None:
    schema = live(
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE VIEW v AS SELECT * FROM t;"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;"
        "CREATE TABLE _litestream_seq (id integer); CREATE TABLE libsql_wasm_func_table (name text);"
        "CREATE TABLE _schemagen_new_t (id integer);"
    )
    assert [t.name for t in schema.tables] == ["t"]
    plan = plan_migration(
        schema,
        spec("version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"),
    )
    assert [(s.kind, s.risk) for s in plan.steps] == [
        ("drop_trigger", Risk.DESTRUCTIVE),
        ("drop_view", Risk.DESTRUCTIVE),
    ]


def test_indexes_compare_by_name_columns_and_uniqueness() -> None:
    base = "CREATE TABLE t (id integer PRIMARY KEY, a text, b text);"
    target = spec(
        f"{HEAD}      id: {{type: integer, primary_key: true}}\n      a: {{type: text}}\n"
        "      b: {type: text, unique: true}\n    indexes:\n      ix_a: {columns: [a]}\n"
    )
    assert plan_migration(
        live(base + "CREATE INDEX ix_a ON t(a); CREATE UNIQUE INDEX t_b_unique ON t(b);"), target
    ).is_empty
    plan = plan_migration(
        live(base + "CREATE INDEX ix_a ON t(a, b); CREATE INDEX t_b_unique ON t(b);"), target
    )
    assert [(s.kind, s.risk) for s in plan.steps] == [
        ("recreate_index", Risk.SAFE),
        ("recreate_index", Risk.DATA),
    ]
    plan = plan_migration(
        live(base + "CREATE INDEX ix_a ON t(a) WHERE a > 1; CREATE UNIQUE INDEX t_b_unique ON t(b);"), target
    )
    assert [s.kind for s in plan.steps] == ["recreate_index"]


def test_new_tables_are_created_parents_first() -> None:
    target = spec(
        "version: 1\ntables:\n  child:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      p: {type: text, references: {table: parent, column: id}}\n"
        "  parent:\n    columns:\n      id: {type: text, primary_key: true}\n"
    )
    plan = plan_migration(Schema(tables=()), target)
    assert [s.table for s in plan.steps] == ["parent", "child"]
    assert all(s.risk is Risk.SAFE for s in plan.steps)


def test_plan_is_deterministic_and_pure() -> None:
    schema = live("CREATE TABLE questions (id text PRIMARY KEY NOT NULL, extra text);")
    first = plan_migration(schema, spec()).render()
    assert first == plan_migration(schema, spec()).render()
    assert "[destructive] drop column questions.extra" in first
