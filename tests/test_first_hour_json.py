"""--format json of validate, plan and push on one database: parsed, checked against the shipped schemas."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from jsonschema import Draft202012Validator

from generator.cli.output import FORMATS_DIR, shape_schema

SPEC = """\
version: 1
tables:
  notes:
    columns:
      id: {type: integer, primary_key: true}
      body: {type: text}
"""


def _conforms(command: str, out: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(out)
    schema = shape_schema(command)
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, errors[0].message
    assert data["format"] == f"schemagen.{command}" and data["version"] == 1
    return data


def test_the_schemas_ship_with_the_package() -> None:
    assert sorted(p.name for p in FORMATS_DIR.glob("*.json")) == [
        "plan.schema.json",
        "push.schema.json",
        "validate.schema.json",
    ]


def test_validate_json_ok_and_broken(tmp_path: Path) -> None:
    spec = tmp_path / "schema.yaml"
    spec.write_text(SPEC)
    code, out, err = cli("validate", "--spec", str(spec), "--format", "json")
    data = _conforms("validate", out)
    assert (code, err, data["ok"], data["counts"]["tables"], data["problems"]) == (0, "", True, 1, [])
    spec.write_text(SPEC.replace("type: text", "type: text, references: users.id"))
    code, out, _err = cli("validate", "--spec", str(spec), "--format", "json")
    data = _conforms("validate", out)
    assert code == 2 and data["exit_code"] == 2 and data["counts"] is None
    (problem,) = data["problems"]
    assert problem == {
        "file": str(spec),
        "line": 6,
        "column": 38,
        "path": "tables.notes.columns.body.references",
        "severity": "error",
        "stage": "schema",
        "message": "write `references: {table: users, column: id}`",
    }
    spec.write_text("version: 1\ntables: [\n")
    code, out, _err = cli("validate", "--spec", str(spec), "--format", "json")
    data = _conforms("validate", out)
    assert (
        code == 2
        and data["problems"][0]["line"] is None
        and "YAML syntax error" in data["problems"][0]["message"]
    )


@pytest.mark.parametrize("command", ["plan", "push"])
def test_plan_and_push_json(tmp_path: Path, command: str) -> None:
    spec = tmp_path / "schema.yaml"
    spec.write_text(SPEC)
    db = tmp_path / "app.db"
    code, out, err = cli(command, "--spec", str(spec), "--url", str(db), "--format", "json")
    assert code == 0, err
    data = _conforms(command, out)
    assert data["steps"][0]["kind"] == "create_table" and data["steps"][0]["risk"] == "safe"
    assert data["outcome"] == ("applied" if command == "push" else "planned")
    assert data["steps"][0]["sql"][0].startswith('CREATE TABLE IF NOT EXISTS "notes"')


def test_a_refused_push_in_json(tmp_path: Path) -> None:
    spec = tmp_path / "schema.yaml"
    db = tmp_path / "app.db"
    spec.write_text(SPEC)
    assert cli("push", "--spec", str(spec), "--url", str(db)).exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO notes (id, body) VALUES (1, 'x')")
    conn.commit()
    conn.close()
    spec.write_text(SPEC.replace("      body: {type: text}\n", ""))
    code, out, _err = cli("push", "--spec", str(spec), "--url", str(db), "--format", "json")
    data = _conforms("push", out)
    assert code == 1 and data["outcome"] == "refused" and data["risk"] == "destructive"
    assert data["needs_allow_destructive"] == [data["steps"][0]["summary"]]
    assert data["refused"].startswith("refused")
