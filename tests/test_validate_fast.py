"""RowValidator.prepare's inline paths (checks.FAST_*) answer exactly as the columns' checks do.

A validator built with `fast=False` sends every value to its column's check: the referee. Both prepare the
same seeded records (the real exports of tests/data/reference and copies of them with 0 to 4 mutations:
wrong types, nulls, NaN and infinities, huge integers, lone surrogates, non-ASCII text, enum misses, JSON
text for values, values nested too deep, unknown keys, property and SQL names, missing columns) and must
give the same values (keys, order, Python types, JSON texts), problems, unknown keys and filled columns.
"""

from __future__ import annotations

import json
import math
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.mutations import ODD, Items, Text, mutated
from helpers.randomschema import random_value
from helpers.reference import REAL_EXPORTS
from jsonschema import Draft202012Validator
from msgspec.structs import replace

from generator.data.checks import (
    FAST_ENUM,
    FAST_INT,
    FAST_JSON,
    FAST_NONE,
    FAST_TEXT,
    fast_input,
    input_check,
)
from generator.data.jsonvalue import JsonProblem, canonical, encode, parse_text
from generator.data.validate import PreparedRow, RowValidator
from generator.model import Schema, Table
from generator.model.constraints import Enum
from generator.model.types import value_kind
from generator.spec import load_spec
from generator.spec.fastpath import compile_shape

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "reference"
SPEC = load_spec(ROOT / "spec" / "schema.yaml")
SEED = 20261207

# The real exports of each table (file, key of the array in it).
EXPORTS: dict[str, list[tuple[str, str | None]]] = {
    **REAL_EXPORTS,
    "learning_paths": [("learning-paths.json", None)],
}

# Every kind of column and inline path the real spec lacks: NUMERIC, REAL, BLOB, no type (`loose`, made
# so below: a spec cannot say it), generated, autoincrement, fractional and huge bounds, property names that
# are other columns' SQL names.
ODD_SPEC = """
version: 1
tables:
  t:
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
      n: {type: integer, not_null: true, minimum: 0, maximum: 10}
      r: {type: real, minimum: 0.5, maximum: 1.0e+300}
      num: {type: numeric, maximum: 100}
      loose: {type: integer}
      raw: {type: blob}
      te: {type: text, not_null: true, default: a, enum: {values: [a, "é", b], open: false}}
      big: {type: integer, minimum: -99999999999999999999}
      twice: {type: integer, generated: {sql: n * 2}}
      alpha: {type: text, property: beta}
      beta: {type: text, property: alpha}
      when: {type: text, app_default: now}
      uid: {type: text, app_default: uuid, not_null: true}
      levels:
        type: json
        json: {type: array, items: {enum: [x, y]}, uniqueItems: true}
        example: [x]
      names:
        type: json
        not_null: true
        json: {type: array, items: {type: string}, minItems: 1}
      links:
        type: json
        json:
          type: object
          properties: {a: {type: [string, "null"]}, b: {type: [integer, "null"], maximum: 3}}
          additionalProperties: false
        example: {a: s, b: 1}
      anything: {type: json, json: {}, example: {k: [1, 2.5, null]}}
      odd_shape: {type: json, json: {not: {type: string}}, example: [1]}
"""
_FORMATS = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z|[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)


def odd_table() -> tuple[Schema, Table]:
    schema = load_spec(Path("odd.yaml"), text=ODD_SPEC)
    table = schema.table("t")
    columns = [replace(c, type="") if c.name == "loose" else c for c in table.columns]
    # An enum value the column's check refuses (a spec cannot hold one): the inline path must refuse it too.
    columns = [
        replace(c, enum=Enum((*c.enum.values, "\ud800"))) if c.enum is not None else c for c in columns
    ]
    return schema, replace(table, columns=tuple(columns))


def exports(table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, key in EXPORTS.get(table, []):
        data = json.loads((DATA / name).read_text(encoding="utf-8"))
        found = data[key] if key else data
        rows += found if isinstance(found, list) else [found]
    return rows


def outcome(prepared: PreparedRow) -> tuple[Any, ...]:
    """Everything prepare answers, comparable: values as (key, type, repr), app defaults by their format."""
    values = []
    for key, value in prepared.values.items():
        if key in prepared.filled:
            assert isinstance(value, str) and _FORMATS.fullmatch(value), value
            value = "<filled>"
        values.append((key, type(value), repr(value)))
    problems = [(p.column, p.message, p.kind, type(p)) for p in prepared.problems]
    return values, problems, prepared.unknown, prepared.filled


def compare(table: Table, schema: Schema, records: list[Any]) -> dict[str, int]:
    """Prepare every record with and without the inline paths; counts of what the records held."""
    fast, referee = RowValidator(table, schema.name), RowValidator(table, schema.name, fast=False)
    counts = {"clean": 0, "problems": 0, "unknown": 0, "filled": 0}
    kinds: set[str] = set()
    for index, record in enumerate(records):
        expected = outcome(referee.prepare(record))
        assert outcome(fast.prepare(record)) == expected, (table.name, index, record)
        problems = expected[1]
        counts["clean" if not problems else "problems"] += 1
        counts["unknown"] += bool(expected[2])
        counts["filled"] += bool(expected[3])
        kinds.update(str(p[2]) for p in problems)
    counts.update(dict.fromkeys(kinds, 1))
    return counts


@pytest.mark.parametrize("table", [t.name for t in SPEC.tables])
def test_the_inline_paths_answer_as_the_checks_on_real_exports_and_their_mutations(table: str) -> None:
    spec_table = SPEC.table(table)
    bases = exports(table)
    records: list[Any] = [*bases, *mutated(spec_table, bases, SEED, 3000)]
    counts = compare(spec_table, SPEC, records)
    # (the learning paths' export lacks two required columns: test_validators.py)
    assert counts["clean"] > (300 if table != "learning_paths" else -1), counts
    assert counts["problems"] > 1000 and counts["unknown"] > 100, counts
    assert {"type", "missing", "record"} <= counts.keys(), counts


def test_every_kind_of_column_takes_its_inline_path_only_where_its_check_agrees() -> None:
    schema, table = odd_table()
    assert value_kind(table.column("loose").type) == "any"
    counts = compare(table, schema, mutated(table, [], SEED, 20_000))
    assert counts["clean"] > 200 and counts["filled"] > 3000, counts
    kinds = {"type", "enum", "range", "not-null", "missing", "json-invalid", "json-shape", "record"}
    assert kinds <= counts.keys(), counts


def test_the_inline_paths_of_the_real_questions_table() -> None:
    """The paths the import's hot loop relies on stay on (a change that turns one off fails here)."""
    table = SPEC.table("questions")
    modes = {c.name: fast_input(c, input_check(c, not_null=table.not_null(c)))[0] for c in table.columns}
    assert modes["question"] == modes["id"] == modes["created_at"] == FAST_TEXT
    assert modes["difficulty"] == modes["status"] == FAST_ENUM
    assert modes["voice_suitable"] == modes["is_new"] == modes["relevance_score"] == FAST_INT
    assert modes["tags"] == modes["videos"] == modes["companies"] == FAST_JSON
    assert FAST_NONE not in modes.values()


def test_a_remembered_json_value_is_the_same_value_only() -> None:
    """The JSON memo keys on exact str items: a str subclass, a list subclass, another item is judged anew."""
    _schema, table = odd_table()
    fast, referee = RowValidator(table), RowValidator(table, fast=False)
    for value in (
        ["x", "y"], ["x", "y"], [Text("x"), "y"], Items(["x", "y"]), ["x", "x"], ["x", "é"], ["x", "\ud800"],
        {"a": None}, {"a": None}, {"a": Text("s")}, {"b": 3}, {"b": 4}, {"a": "s", "b": None},
        {"b": None, "a": "s"}, {"a": "s" * 300}, {"a": "s" * 300}, ["s" * 300], ["s" * 300], [], {},
    ):  # fmt: skip
        for column in ("levels", "links", "names", "anything"):
            record = {"n": 1, "names": ["n"], column: value}
            assert outcome(fast.prepare(record)) == outcome(referee.prepare(record)), (column, value)


def test_canonical_is_encode_without_the_explanation() -> None:
    """canonical(v) is encode(v), and None exactly where encode refuses the value."""
    rng = random.Random(SEED)
    values = [*ODD, *(random_value(rng) for _ in range(3000)), [math.nan], {"k": "é\ud83d"}, ["a" * 600]]
    refused = 0
    for value in values:
        try:
            expected: str | None = encode(value)
        except JsonProblem:
            expected = None
            refused += 1
        assert canonical(value) == expected, value
    assert 100 < refused < len(values) // 2


_PLAIN_TYPES = ["string", "boolean", "array", "null", "number", "integer", "object"]


def test_the_shapes_compiled_into_one_closure_answer_as_jsonschema() -> None:
    """Arrays of one plain type, lists of types and objects of properties (the import's common shapes)
    compile to short closures: their answers are jsonschema's, on seeded values and subclasses."""
    shapes: list[dict[str, Any]] = [{"type": "array", "items": {"type": t}} for t in _PLAIN_TYPES]
    shapes += [{"type": [a, b]} for a in _PLAIN_TYPES for b in _PLAIN_TYPES if a < b]
    shapes += [
        {"type": "array", "items": {"type": "string", "description": "x"}, "description": "y"},
        {"type": "object", "properties": {"a": {"type": ["string", "null"]}}, "additionalProperties": False},
        {"properties": {"a": {"type": "integer"}, "b": {"type": ["array", "null"]}}, "required": ["a"]},
    ]
    rng = random.Random(SEED)
    extra = [
        Text("s"),
        Items(["s"]),
        [Text("s")],
        ["s", Text("t")],
        ("s",),
        (None,),
        True,
        1.0,
        math.nan,
        [1.0],
    ]
    values = [*extra, *ODD[:40], *(random_value(rng) for _ in range(400))]
    decided = 0
    for shape in shapes:
        accepts = compile_shape(shape)
        assert accepts is not None, shape
        validator = Draft202012Validator(shape)
        for value in values:
            if accepts(value):
                assert validator.is_valid(value), (shape, value)
            elif _text_keyed(value):
                assert not validator.is_valid(value), (shape, value)
            decided += 1
    assert decided > 10_000


def _text_keyed(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _text_keyed(v) for k, v in value.items())
    return all(_text_keyed(v) for v in value) if isinstance(value, list | tuple) else True


def test_json_text_says_what_is_not_json() -> None:
    """NaN and Infinity are named (a ValueError like Python's guard on long integers, which says its own)."""
    for text, message in [
        ("[NaN]", "NaN is not JSON"),
        ('{"a": -Infinity}', "-Infinity is not JSON"),
        ("[" + "1" * 5000 + "]", f"holds an integer of more than {sys.get_int_max_str_digits()} digits"),
        ("[1,", "Expecting value at char 3"),
    ]:
        with pytest.raises(JsonProblem) as caught:
            parse_text(text)
        assert str(caught.value) == message, text
    validator = RowValidator(SPEC.table("questions"), SPEC.name)
    problems = validator.prepare({"tags": "[Infinity]"}).problems
    assert problems[0].message == "not valid JSON (Infinity is not JSON)"
