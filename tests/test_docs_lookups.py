"""Index claims: "served by X" / "no index" for each foreign key comes from SQLite's own plan, on both pages.

The claim is decided once (generator/emit/docs/lookups.py, EXPLAIN QUERY PLAN of the child lookup); the
referee here is SQLite's foreign-key code itself (tests/helpers/fkscan.py reads the bytecode of a DELETE
of the parent), so a claim that agrees with the first but not with what SQLite does still fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.fkscan import sought

from generator.emit import erd
from generator.emit.docs import build_view
from generator.emit.docs.lookups import INDEX, NONE, PRIMARY_KEY, ROWID, UNIQUE
from generator.spec import load_spec

TASKS = """\
version: 1
name: tasks
tables:
  users:
    columns:
      id: {type: integer, primary_key: true}
      handle: {type: text, not_null: true, unique: true}
  teams:
    columns:
      id: {type: text, primary_key: true}
      code: {type: text, not_null: true, unique: true, collate: NOCASE}
  tasks:
    columns:
      id: {type: integer, primary_key: true}
      status: {type: text, not_null: true, default: open}
      archived_at: {type: text}
      assignee_id: {type: integer, references: {table: users, column: id}}
      reviewer_id: {type: integer, references: {table: users, column: id}}
      owner_id: {type: integer, references: {table: users, column: id}}
      team_id: {type: text, references: {table: teams, column: id}}
      team_code: {type: text, references: {table: teams, column: code}}
      creator: {type: text, references: {table: users, column: id}}
      parent_id: {type: integer, references: {table: tasks, column: id}}
      handle: {type: text, references: {table: users, column: handle}}
    indexes:
      idx_tasks_assignee: {columns: [assignee_id], where: "status NOT IN ('done', 'archived')"}
      idx_tasks_reviewer: {columns: [reviewer_id], where: archived_at IS NULL}
      idx_tasks_owner: {columns: [owner_id, status]}
      idx_tasks_team: {columns: [{column: team_id, collate: NOCASE}]}
      idx_tasks_team_code: {columns: [{column: team_code, collate: NOCASE}]}
      idx_tasks_creator: {columns: [creator]}
      idx_tasks_parent: {columns: [parent_id], where: parent_id IS NOT NULL}
  notes:
    without_rowid: true
    primary_key: [task_id, n]
    columns:
      task_id: {type: integer, not_null: true, references: {table: tasks, column: id}}
      n: {type: integer, not_null: true}
      user_id: {type: integer, not_null: true, references: {table: users, column: id}}
    unique: [{columns: [user_id, n]}]
"""

# What SQLite does for each lookup, written out by hand for this spec (the referee checks it too).
EXPECTED = {
    "assignee_id": (NONE, ""),  # the partial index's WHERE is not implied by assignee_id = ?
    "reviewer_id": (NONE, ""),
    "owner_id": (INDEX, "idx_tasks_owner"),
    "team_id": (NONE, ""),  # a NOCASE index does not serve a BINARY parent key
    "team_code": (INDEX, "idx_tasks_team_code"),  # ... and does serve a NOCASE one
    "creator": (NONE, ""),  # a TEXT index does not serve an INTEGER parent key
    "parent_id": (INDEX, "idx_tasks_parent"),  # parent_id = ? implies parent_id IS NOT NULL
    "handle": (NONE, ""),
    "task_id": (PRIMARY_KEY, ""),
    "user_id": (UNIQUE, "sqlite_autoindex_notes_2"),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    project = tmp_path_factory.mktemp("tasks")
    (project / "spec").mkdir()
    (project / "spec" / "schema.yaml").write_text(TASKS)
    result = cli("generate", "--output", "pages", cwd=project)
    assert result.exit_code == 0, result.stderr
    return {p.name: p.read_text() for p in (project / "generated").glob("*.md")}


def test_each_lookup_is_what_sqlite_plans_and_does() -> None:
    schema = load_spec("tasks.yaml", text=TASKS)
    rows = build_view(schema).relationships
    assert {r.rel.column: (r.lookup.kind, r.lookup.index) for r in rows if r.lookup} == EXPECTED
    for row in rows:
        lookup = row.lookup
        assert lookup is not None
        tree = sought(schema, row.rel.child, lookup.columns)
        if lookup.kind == NONE:
            assert tree == "", (row.source, lookup.plan, tree)
        elif lookup.kind == ROWID or (lookup.kind == PRIMARY_KEY and not lookup.index):
            assert tree == lookup.table, (row.source, lookup.plan, tree)
        else:
            assert tree == lookup.index, (row.source, lookup.plan, tree)


def test_both_pages_say_the_same_as_sqlite(pages: dict[str, str]) -> None:
    reference, diagram = pages["SCHEMA.md"], pages["DIAGRAM.md"]
    for column, (kind, index) in EXPECTED.items():
        table = "notes" if column in ("task_id", "user_id") else "tasks"
        (line,) = [x for x in reference.splitlines() if x.startswith(f"| `{table}.{column}` |")]
        cell = line.rstrip(" |").rsplit(" | ", 1)[1]
        assert (cell == "none") == (kind == NONE), line
        if kind == INDEX:
            assert cell == f"`{index}`", line
            # the diagram's index table names the same foreign key on the same index, and no other
            (row,) = [x for x in diagram.splitlines() if x.startswith(f"| `{index}` |")]
            assert f"`{table}.{column}` → " in row, row
    for partial in ("idx_tasks_assignee", "idx_tasks_reviewer", "idx_tasks_team", "idx_tasks_creator"):
        (row,) = [x for x in diagram.splitlines() if x.startswith(f"| `{partial}` |")]
        assert re.search(r"\| — \|", row), row  # serves no foreign key
    assert "`tasks.assignee_id`" in _unindexed(reference)
    assert "`tasks.owner_id`" not in _unindexed(reference)


def _unindexed(reference: str) -> str:
    (line,) = [x for x in reference.splitlines() if "Foreign keys are not indexed automatically" in x]
    return line.split(" it scans the child", 1)[0].rsplit("for ", 1)[-1] if " it scans" in line else ""


@pytest.mark.parametrize("case", ["every_construct", "mini", "odd_names"])
def test_golden_specs_claims_agree_with_sqlite(case: str) -> None:
    root = Path(__file__).resolve().parent / "data" / "golden" / case
    schema = load_spec(root / "spec.yaml")
    for row in build_view(schema).relationships:
        if row.rel.logical or row.lookup is None or not schema.has_table(row.rel.parent):
            continue
        tree = sought(schema, row.rel.child, row.lookup.columns)
        expected = row.lookup.index or (row.lookup.table if row.lookup.served else "")
        assert tree == expected, (row.source, row.lookup.plan)
    assert erd.relationships(schema) or case == "odd_names"
