"""Row validators: the real records pass, flawed ones fail naming the column; the fast path agrees with the
generated JSON Schema (`row_schema`), which stays the reference."""

from __future__ import annotations

import copy
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.api import RowValidator, validate_row, validator_for
from generator.data.rowschema import row_schema
from generator.data.validate import (
    ENUM,
    JSON_INVALID,
    JSON_SHAPE,
    MISSING,
    NOT_NULL,
    RANGE,
    TYPE,
    UNKNOWN_COLUMN,
)
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the repository (CI copies it next to its clone)
DATA = ROOT / "tests" / "data" / "reference"  # the real exports, copied from shared/reference/data
SPEC = load_spec(ROOT / "spec" / "schema.yaml")

REAL = [
    ("questions", "questions/aws.json", None),
    ("questions", "questions/algorithms.json", None),
    ("certifications", "certifications.json", None),
    ("bot_runs", "bot-monitor.json", "runs"),
    ("work_queue", "bot-monitor.json", "queue"),
    ("bot_ledger", "bot-monitor.json", "ledger"),
    ("bot_runs", "bot-runs-row.json", None),
    ("voice_sessions", "voice-sessions.json", "sessions"),
]

MINI = """
version: 1
name: mini
categories: [{name: Core}]
tables:
  items:
    category: Core
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
      name: {type: text, not_null: true}
      score: {type: integer, minimum: 0, maximum: 100}
      kind: {type: text, default: a, enum: {values: [a, b]}}
      levels:
        type: json
        json: {type: array, items: {enum: [x, y]}, uniqueItems: true}
        example: [x]
      ratio: {type: real}
"""


def records(name: str, key: str | None) -> list[Any]:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    result: list[Any] = data[key] if key else data
    return result


def reference_verdict(table: str, row: dict[str, Any]) -> bool:
    """What the generated validators/<table>.schema.json says (JSON text parsed first, as the docs say)."""
    validator = validator_for(table, SPEC)
    data = validator.normalize(row)
    for col in validator.table.json_columns:
        if isinstance(data.get(col.name), str):
            try:
                data[col.name] = json.loads(data[col.name])
            except ValueError:
                return False
    return Draft202012Validator(row_schema(validator.table)).is_valid(data)


@pytest.mark.parametrize(("table", "name", "key"), REAL)
def test_real_records_pass(table: str, name: str, key: str | None) -> None:
    rows = records(name, key)
    assert rows
    for index, row in enumerate(rows):
        assert validate_row(table, row, SPEC) == [], f"{name} row {index}"


def test_learning_paths_export_lacks_required_columns() -> None:
    problems = validate_row("learning_paths", records("learning-paths.json", None)[0], SPEC)
    assert {(p.column, p.kind) for p in problems} == {("path_type", MISSING), ("channels", MISSING)}
    assert str(problems[0]) == "channels: is required (NOT NULL, no default) but missing"


def test_json_column_given_as_text_is_parsed() -> None:
    row = records("bot-runs-row.json", None)[0]
    assert isinstance(row["summary"], str)
    prepared = validator_for("bot_runs", SPEC).prepare(row)
    assert prepared.problems == []
    assert prepared.values["summary"] == row["summary"]  # already compact: stored as given


def test_wrong_json_shape_names_the_column() -> None:
    row = copy.deepcopy(records("questions/aws.json", None)[0])
    row["tags"] = ["ok", 5]
    (problem,) = validate_row("questions", row, SPEC)
    assert (problem.column, problem.kind) == ("tags", JSON_SHAPE)
    assert str(problem) == "tags: at [1]: 5 is not of type 'string'"


def test_wrong_enum_value_names_the_column() -> None:
    row = copy.deepcopy(records("questions/aws.json", None)[0])
    row["difficulty"] = "expert"
    (problem,) = validate_row("questions", row, SPEC)
    assert (problem.column, problem.kind) == ("difficulty", ENUM)
    assert "'expert'" in problem.message.replace('"', "'") and "beginner" in problem.message


def test_invalid_json_text_and_nulls() -> None:
    row = copy.deepcopy(records("voice-sessions.json", "sessions")[0])
    row["questionIds"] = "[1, 2"
    row["topic"] = None
    problems = {(p.column, p.kind) for p in validate_row("voice_sessions", row, SPEC)}
    assert problems == {("question_ids", JSON_INVALID), ("topic", NOT_NULL)}


def test_unknown_keys_reported_by_problems_and_kept_apart_by_prepare() -> None:
    row = {**records("certifications.json", None)[0], "popularity": 3, "stats": {}}
    validator = validator_for("certifications", SPEC)
    assert validator.prepare(row).unknown == ("popularity", "stats")
    (problem,) = validator.problems(row)
    assert problem.kind == UNKNOWN_COLUMN and "'popularity'" in problem.message


def test_inline_spec_ranges_types_and_unique_items() -> None:
    schema = load_spec(Path("mini.yaml"), text=MINI)
    validator = RowValidator(schema.table("items"))
    assert validator.problems({"name": "n", "score": 100, "levels": ["x", "y"], "ratio": 1}) == []
    found = {
        (p.column, p.kind)
        for p in validator.problems(
            {"name": 3, "score": 101, "levels": ["x", "x"], "ratio": "1.5", "kind": "c"}
        )
    }
    assert found == {
        ("name", TYPE),
        ("score", RANGE),
        ("levels", JSON_SHAPE),
        ("ratio", TYPE),
        ("kind", ENUM),
    }
    assert validator.prepare({"id": None, "name": "n"}).values == {"name": "n"}  # NULL id: assign one


def test_stored_rows_check_storage_types() -> None:
    validator = validator_for("questions", SPEC)
    names = ["id", "relevance_score", "tags", "status"]
    check = validator.stored_checker(names)
    assert check(("q-1", 80, '["a"]', "active")) == []
    problems = {(p.column, p.kind, p.message) for p in check(("q-1", "high", '["a"]', "gone"))}
    assert ("relevance_score", TYPE, 'stored as text "high", expected integer') in problems
    assert any(c == "status" and k == ENUM for c, k, _m in problems)
    (bad,) = check(("q-1", 1, 7, None))
    assert (bad.column, bad.kind) == ("tags", TYPE) and "expected JSON text" in bad.message


@pytest.mark.parametrize(("table", "name", "key"), REAL[:3])
def test_fast_path_agrees_with_the_generated_json_schema(table: str, name: str, key: str | None) -> None:
    """Corrupt each real record in several ways: our verdict must equal the JSON Schema's on every one."""
    corruptions: list[tuple[str, Any]] = [
        ("tags", [1]),
        ("tags", "not json"),
        ("videos", {"shortVideo": 3}),
        ("companies", None),
        ("domains", [{"id": "x"}]),
        ("difficulty", "expert"),
        ("relevanceScore", 101),
        ("jobTitleRelevance", {"sre": 101}),
        ("experienceLevelTags", ["mid", "mid"]),
        ("passingScore", "70"),
    ]
    compared = 0
    rows = records(name, key)[:60]
    for row in rows:
        for field, value in corruptions:
            bad = {**row, field: value}
            ours = validate_row(table, bad, SPEC) == []
            assert ours == reference_verdict(table, bad), (field, value, row.get("id"))
            compared += 1
    assert compared == len(rows) * len(corruptions) > 500


def test_a_plain_string_for_a_json_column_is_a_value_of_the_wrong_type() -> None:
    row = copy.deepcopy(records("questions/aws.json", None)[0])
    row["tags"] = "bug"
    (problem,) = validate_row("questions", row, SPEC)
    assert (problem.column, problem.kind) == ("tags", TYPE)
    assert problem.message == 'expected an array, got the string "bug"'
    row["tags"] = "[bug"  # looks like JSON text, and breaks
    (broken,) = validate_row("questions", row, SPEC)
    assert broken.kind == JSON_INVALID and broken.message.startswith("not valid JSON (Expecting value")


def test_json_text_is_stored_in_the_canonical_form_the_app_writes() -> None:
    row = {**records("bot-runs-row.json", None)[0], "summary": '{ "message" : "done",\n "count": 2 }'}
    prepared = validator_for("bot_runs", SPEC).prepare(row)
    assert prepared.problems == []
    assert prepared.values["summary"] == '{"message":"done","count":2}'  # JSON.stringify's form


def test_app_defaults_fill_missing_values_as_the_app_would() -> None:
    ledger = validator_for("bot_ledger", SPEC)
    first = records("bot-monitor.json", "ledger")[0]
    entry = {k: v for k, v in first.items() if k not in ("id", "createdAt")}
    prepared = ledger.prepare(entry)
    assert prepared.problems == [] and prepared.filled == ("created_at",)  # a nullable column too
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", prepared.values["created_at"])
    explicit = ledger.prepare({**entry, "createdAt": None})
    assert explicit.values["created_at"] is None and explicit.filled == ()  # null is a value: kept
    users = validator_for("users", SPEC).prepare({"username": "ann", "password": "x"})
    assert users.filled == ("id",) and uuid.UUID(users.values["id"]).version == 4


def test_rows_without_their_key_are_labelled_by_an_identifying_column() -> None:
    runs = validator_for("bot_runs", SPEC)
    run = {k: v for k, v in records("bot-monitor.json", "runs")[3].items() if k != "id"}
    assert runs.label(runs.prepare(run)) == f"bot_name={run['botName']}"
    assert runs.label(runs.prepare({**run, "id": 7})) == "key 7"
    mapping = validator_for("channel_mappings", SPEC)
    assert mapping.label(mapping.prepare({"channelId": "aws", "questionId": "q-1"})) == "question_id=q-1"
    users = validator_for("users", SPEC)
    assert users.label(users.prepare({"username": "ann"})) == "username=ann"  # the id is only filled


def test_odd_values_are_problems_with_json_messages() -> None:
    validator = validator_for("questions", SPEC)
    row = copy.deepcopy(records("questions/aws.json", None)[0])
    found = {
        p.column: p.message
        for p in validator.problems(
            {
                **row,
                "relevanceScore": 2**64,
                "question": "lone \ud800",
                "companies": [b"x"],
                "videos": {"a": float("nan")},
                "tags": {"k": True, "n": None},
            }
        )
    }
    assert found["relevance_score"] == "18446744073709551616 is beyond SQLite's 64-bit integer range"
    assert found["question"].startswith("holds a lone surrogate")
    assert found["companies"] == "cannot be stored as JSON (at [0]: bytes is not a JSON value)"
    assert found["videos"] == "cannot be stored as JSON (at .a: NaN is not a JSON number)"
    assert found["tags"] == '{"k": true, "n": null} is not of type \'array\''  # JSON, not {'k': True, ...}
