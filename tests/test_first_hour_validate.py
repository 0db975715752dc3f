"""The first hour, validate: every problem of every stage in one run, shorthands answered with a spelling."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.cli import cli

from generator.spec import Severity, SpecProblems, check_spec, load_spec

FIVE_MISTAKES = """\
version: 1
tables:
  organizations:
    columns:
      id: {type: integer, primary_key: true}
      plan: {type: text}
      plan: {type: text}
      tier:
        type: text
        enum: [free, team]
  memberships:
    primary_key: [org_id, user_id]
    columns:
      org_id: {type: INT, references: organizations.id}
      user_id: {type: integr, references: {table: user}}
      labels: {type: json, default: "[]", json: {type: array}}
      note: {type: text, description: Hello, world}
views:
  member_count:
    sql: SELECT org_id, count(*) AS n FROM memberships GROUP BY missing_col
"""


def test_every_stage_in_one_run(tmp_path: Path) -> None:
    spec = tmp_path / "schema.yaml"
    spec.write_text(FIVE_MISTAKES, encoding="utf-8")
    code, out, err = cli("validate", "--spec", str(spec))
    assert code == 2 and out == ""
    lines = err.splitlines()
    expected = [
        ":7:7: tables.organizations.columns.plan: duplicate key 'plan'",  # YAML
        "enum: write `enum: {values: [free, team]}`",  # JSON Schema, shorthand
        "write `references: {table: organizations, column: id}`",
        "warning: tables.memberships.columns.user_id.type: type 'integr' looks like a typo: did you mean",
        "table 'user' is not in the spec",  # semantics, an error now
        """labels.default: a JSON column's default is SQL text: write `default: {sql: "'[]'"}`""",
        "unknown key 'world': a comma inside `{...}` ends the value before it; quote the value",
        "views.member_count.sql: no such column: missing_col",  # SQL, run against SQLite
    ]
    for part in expected:
        assert sum(part in line for line in lines) == 1, (part, err)
    assert not any(re.search(r"\['|'\]|\{'", line) for line in lines), err  # never a Python repr
    marks = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert marks == sorted(marks)  # in file order


def test_problems_are_typed_values(tmp_path: Path) -> None:
    spec = tmp_path / "schema.yaml"
    spec.write_text(FIVE_MISTAKES, encoding="utf-8")
    report = check_spec(spec)
    assert report.schema is None
    stages = {p.stage for p in report.problems}
    assert stages == {"yaml", "schema", "semantics", "sql"}
    assert [p.mark for p in report.errors] == sorted(p.mark for p in report.errors)
    (typo,) = report.warnings
    assert typo.severity is Severity.WARNING and typo.path[-1] == "type" and typo.mark == (15, 23)
    with pytest.raises(SpecProblems) as info:
        load_spec(spec)
    assert info.value.found == tuple(sorted(report.problems, key=lambda p: p.sort_key()))


def test_a_stage_that_cannot_run_says_so(tmp_path: Path) -> None:
    spec = tmp_path / "schema.yaml"
    spec.write_text("version: 1\nname: x\n", encoding="utf-8")
    code, _out, err = cli("validate", "--spec", str(spec))
    assert code == 2
    assert err.splitlines()[-1].endswith(
        "note: names, references, SQL and queries not checked: fix the problems above first"
    )


def test_accepted_forms_pass_without_warnings(tmp_path: Path) -> None:
    """INT vs INTEGER (one affinity), a JSON column without example, query ids in snake_case with parameters
    of every SQLite form, a table another tool creates, a quoted value with a comma."""
    spec = Path(__file__).parent / "data/warnings/external_table.yaml"
    code, out, err = cli("validate", "--spec", str(spec))
    assert (code, err) == (0, "")
    assert out.startswith(f"{spec}: ok")


@pytest.mark.parametrize("param", ["?", "?1", ":name", "@name", "$name"])
def test_documented_queries_with_parameters_are_explained(tmp_path: Path, param: str) -> None:
    spec = tmp_path / "schema.yaml"
    spec.write_text(
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "queries:\n"
        f"  - {{id: one_t, section: essential, title: One, sql: 'SELECT id FROM t WHERE id = {param}'}}\n"
        f"  - {{id: bad-t, section: essential, title: Bad, sql: 'SELECT nope FROM t WHERE id = {param}'}}\n",
        encoding="utf-8",
    )
    code, _out, err = cli("validate", "--spec", str(spec))
    assert code == 2
    assert err.splitlines() == [
        f"{spec}:8:54: queries[1].sql: does not run on this schema: no such column: nope"
    ]


def test_a_query_id_breaking_the_rule_states_it(tmp_path: Path) -> None:
    spec = tmp_path / "schema.yaml"
    spec.write_text(
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "queries:\n  - {id: One T, section: essential, title: One, sql: SELECT id FROM t}\n",
        encoding="utf-8",
    )
    code, _out, err = cli("validate", "--spec", str(spec))
    assert code == 2 and "query id 'One T': use lower-case letters, digits, '-' and '_'" in err
