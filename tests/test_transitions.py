"""Schema transitions as data (sqldef style): before.yaml -> after.yaml, the plan pinned in expected.txt.

Each case is applied to a real SQLite file (and the cases of every newer construct to the real sqld):
the before spec is pushed, seed.sql inserts rows, the plan to the after spec must equal expected.txt,
applying it must keep every row of every surviving column, and a second plan must be empty. A case with
a violations.txt holds rows the new constraints refuse: push must refuse with exactly those lines and
change nothing.
Rewrite the expected files through the shared golden helper: UPDATE_GOLDEN=1 make test.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.golden import UPDATE, assert_golden
from helpers.sqld import SqldServer

from generator.db import Database, connect
from generator.errors import DatabaseError
from generator.migrate.apply import apply_plan, check_data
from generator.migrate.plan import Plan, plan_migration
from generator.model import Schema
from generator.spec import load_spec
from generator.sqlite.introspect import introspect
from generator.sqlite.queries import split_statements

CASES = Path(__file__).parent / "data" / "transitions"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())
SQLD_SAMPLE = [
    "add_column_unique",
    "change_type",
    "add_foreign_key",
    "drop_column",
    "autoincrement_rebuild",
    "rebuild_with_dependents",
    "view_on_view_changed",
    "change_generated_column",
    "make_strict_without_rowid",
    "add_composite_foreign_key",
    "add_check_clean",
    "add_check_violating",
    "add_expression_default",
    "add_partial_expression_index",
    "change_trigger",
    "drop_view",
    "add_virtual_table",
    "add_unique_constraint",
    "rename_column",
    "rename_table",
    "rename_table_and_column",
    "rename_indexed_column",
    "rename_view",
    "rename_trigger",
    "rename_foreign_key_parent",
    "rename_chain",
    "rename_chain_middle",
    "rename_column_and_rebuild",
    "rename_column_and_rebuild_violating",
    "rename_undeclared",
    "sqldef_rename_table_and_columns",
    "rename_with_rebuild_index_view",
    "rename_table_undeclared",
]


def render(plan: Plan) -> str:
    """expected.txt: the overall risk, then every step with its SQL."""
    return f"risk: {plan.risk}\n{plan.render()}"


def pairs(before: Schema, after: Schema) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(before table, after table, [(before column, after column)]) of every table and column that
    survives, following `renamed_from` (a rename keeps its rows)."""
    out = []
    for table in after.tables:
        old = next((n for n in (table.name, *table.renamed_from) if before.has_table(n)), None)
        if old is None:
            continue
        was = before.table(old)
        cols = []
        for col in table.columns:
            name = next((n for n in (col.name, *col.renamed_from) if was.has_column(n)), None)
            if name is not None and col.generated is None and was.column(name).generated is None:
                cols.append((was.column(name).name, col.name))
        out.append((was.name, table.name, sorted(cols)))
    return out


def snapshot(
    db: Database, kept: list[tuple[str, str, list[tuple[str, str]]]], side: int
) -> dict[str, list[tuple[object, ...]]]:
    """Rows of each surviving table (side 0: under the before names, 1: the after names), in key order."""
    out = {}
    for names in kept:
        listed = ", ".join(f'"{pair[side]}"' for pair in names[2])
        rows = db.query(f'SELECT {listed} FROM "{names[side]}"')
        # A type change may convert '42' to 42 (column affinity): compare values as text.
        out[names[1]] = sorted((tuple(None if v is None else str(v) for v in row) for row in rows), key=repr)
    return out


def run_case(name: str, db: Database) -> None:
    case = CASES / name
    before = load_spec(case / "before.yaml")
    after = load_spec(case / "after.yaml")
    apply_plan(db, plan_migration(introspect(db), before))
    seed = case / "seed.sql"
    if seed.exists():
        db.apply(split_statements(seed.read_text()))
    kept = pairs(before, after)
    rows = snapshot(db, kept, 0)
    plan = plan_migration(introspect(db), after)
    text = render(plan)
    assert_golden(case / "expected.txt", text)
    found = "".join(f"{v.message()}\n" for v in check_data(db, plan))
    refused = case / "violations.txt"
    if refused.exists() or (UPDATE and found):
        assert_golden(refused, found)
        schema_before = db.query("SELECT type, name, sql FROM sqlite_schema ORDER BY name")
        guards = [f"SELECT json('data check failed') WHERE ({c.count_sql}) > 0" for c in plan.checks]
        with pytest.raises(DatabaseError):
            apply_plan(db, plan, guard_sql=guards)
        assert db.query("SELECT type, name, sql FROM sqlite_schema ORDER BY name") == schema_before
        assert snapshot(db, kept, 0) == rows, "a refused push changes no row"
        return
    assert found == "", "the seed rows are meant to satisfy the new constraints"
    apply_plan(db, plan)
    assert snapshot(db, kept, 1) == rows, "rows changed across the migration"
    assert plan_migration(introspect(db), after).is_empty, "a second plan must be empty"


@pytest.mark.parametrize("name", NAMES)
def test_transition_on_file(name: str, tmp_path: Path) -> None:
    with connect(str(tmp_path / "t.db"), create=True) as db:
        run_case(name, db)
        assert db.query("PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("name", SQLD_SAMPLE)
def test_transition_on_sqld(name: str, sqld_fresh: SqldServer) -> None:
    with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
        run_case(name, db)


def test_corpus_is_large_and_covers_every_step_kind() -> None:
    texts = "".join((CASES / n / "expected.txt").read_text() for n in NAMES)
    assert len(NAMES) >= 20
    for word in ("[safe]", "[rebuild]", "[data-dependent]", "[destructive]", "no changes"):
        assert word in texts, word
    for kind in (
        "create table",
        "add column",
        "rebuild",
        "drop index",
        "drop table",
        "drop column",
        "create unique",
    ):
        assert kind in texts, kind


def test_pure_plan_matches_a_fresh_database(tmp_path: Path) -> None:
    """Planning spec -> spec (what `review` does) equals planning against the database built from it."""
    for name in NAMES:
        before = load_spec(CASES / name / "before.yaml")
        after = load_spec(CASES / name / "after.yaml")
        path = tmp_path / f"{name}.db"
        conn = sqlite3.connect(path)
        for sql in plan_migration(Schema(tables=()), before).statements():
            conn.execute(sql)
        conn.commit()
        conn.close()
        with connect(str(path)) as db:
            live = introspect(db)
        assert plan_migration(before, after).render() == plan_migration(live, after).render(), name
