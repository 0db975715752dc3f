"""JSON Schema -> the code generators' type tree: a type is never narrower than its schema (every valid
value has it), intersections are worked out, and both languages render it as expected."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from helpers.randomschema import random_schema, random_value
from helpers.samples import conforms
from jsonschema import Draft202012Validator

from generator.emit.codegen.names import Namer
from generator.emit.codegen.python import PythonTypes
from generator.emit.codegen.typescript import ts_type
from generator.emit.docs import shape_summary
from generator.model.shape import (
    JSON,
    NEVER,
    Arr,
    Lit,
    Obj,
    Prim,
    Prop,
    Union,
    intersect,
    json_types,
    shape_of,
)
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests/data/reference"

# (schema, values it accepts): each value is first checked with jsonschema, then must have the type.
CORPUS: list[tuple[dict[str, Any] | bool, list[Any]]] = [
    ({}, [None, 1, "a", [1, {}], {"a": [True]}]),
    (True, [None, {"x": 1}]),
    ({"type": "string"}, ["", "a"]),
    ({"type": ["string", "null"]}, ["a", None]),
    ({"type": "integer"}, [0, -3, 2.0]),
    ({"type": "number", "minimum": 0}, [0, 1.5]),
    ({"enum": ["a", 1, True, None]}, ["a", 1, True, None]),
    ({"type": "string", "enum": ["a", 1]}, ["a"]),
    ({"const": {"k": [1]}}, [{"k": [1]}]),
    ({"type": "array"}, [[], [1, "a", None]]),
    ({"type": "array", "items": {"enum": ["x", "y"]}, "uniqueItems": True}, [["x", "y"]]),
    ({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}, [["a", 1], ["a", 1, {}]]),
    ({"type": "array", "prefixItems": [{"type": "string"}], "items": False}, [["a"], []]),
    ({"type": "object"}, [{}, {"a": 1}]),
    (
        {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
        [{}, {"a": "x"}],
    ),
    (
        {
            "type": "object",
            "properties": {"a": {"type": "integer"}},
            "additionalProperties": {"type": "integer"},
        },
        [{"a": 1, "b": 2}],
    ),
    ({"type": "object", "required": ["a"], "properties": {"a": {}}}, [{"a": None}, {"a": 1, "b": "c"}]),
    ({"type": "object", "required": ["error"]}, [{"error": 1}]),
    (
        {"type": "object", "patternProperties": {"^x": {"type": "string"}}, "additionalProperties": False},
        [{"x1": "v"}],
    ),
    (
        {
            "type": "object",
            "anyOf": [
                {"required": ["channel"], "properties": {"channel": {"type": "string"}}},
                {"required": ["channelId"], "properties": {"channelId": {"type": "string"}}},
            ],
        },
        [{"channel": "aws"}, {"channelId": "aws", "weight": 1}],
    ),
    (
        {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        ["a", ["a", "b"]],
    ),
    (
        {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "number"}}},
                {"properties": {"a": {"type": "integer"}, "b": {"type": "string"}}, "required": ["b"]},
            ]
        },
        [{"a": 1, "b": "x"}, {"b": "y", "c": None}],
    ),
    (
        {
            "type": "object",
            "properties": {"a": {"type": "string"}},
            "additionalProperties": False,
            "allOf": [{"properties": {"b": {"type": "string"}}}],
        },
        [{"a": "x"}],
    ),
    ({"$ref": "#/$defs/x", "$defs": {"x": {"type": "string"}}}, ["a"]),
    ({"not": {"type": "string"}, "type": ["string", "integer"]}, [1]),
    ({"if": {"type": "string"}, "then": {"minLength": 2}}, ["ab", 1]),
]


@pytest.mark.parametrize(("schema", "values"), CORPUS, ids=[json.dumps(s)[:60] for s, _ in CORPUS])
def test_every_valid_value_has_the_type(schema: dict[str, Any] | bool, values: list[Any]) -> None:
    validator = Draft202012Validator(schema)
    shape = shape_of(schema)
    for value in values:
        assert validator.is_valid(value), value  # the corpus itself is right
        assert conforms(value, shape), (value, shape)


def test_seeded_random_schemas_every_valid_value_has_the_type_and_its_notes() -> None:
    """The tree is never narrower than its schema, its notes (bounds, uniqueItems) included; every renderer
    of it (TypeScript, Python, the pages) reads every tree."""
    rng = random.Random(21_2027)
    checked = 0
    for _ in range(1500):
        schema = random_schema(rng)
        shape = shape_of(schema)
        validator = Draft202012Validator(schema)
        assert ts_type(shape) and shape_summary(shape)
        PythonTypes(Namer()).type_of(shape, "T")
        for _ in range(6):
            value = json.loads(json.dumps(random_value(rng)))  # as a JSON column holds it
            if validator.is_valid(value):
                assert conforms(value, shape), (schema, value, shape)
                checked += 1
    assert checked > 1500, checked


def test_seeded_number_bounds_under_unions_and_intersections_stay_wide_enough() -> None:
    """Bounds are the notes most easily made too narrow: unions, intersections, absorbed literals."""
    rng = random.Random(2_1021)

    def number(depth: int) -> dict[str, Any]:
        roll = rng.random()
        if depth < 2 and roll < 0.4:
            return {
                rng.choice(["anyOf", "oneOf", "allOf"]): [number(depth + 1) for _ in range(rng.randint(1, 3))]
            }
        if roll < 0.5:
            return {"enum": rng.sample([-2, 0, 1, 2.5, 7, 12], 2)}
        out: dict[str, Any] = {"type": rng.choice(["integer", "number"])}
        for key in ("minimum", "maximum"):
            if rng.random() < 0.6:
                out[key] = rng.choice([-1, 0, 2, 2.5, 5, 10])
        return out

    checked = 0
    for _ in range(600):
        schema = number(0)
        shape = shape_of(schema)
        validator = Draft202012Validator(schema)
        for value in (-3, -1, 0, 1, 2, 2.5, 3, 5, 7, 9.5, 10, 12, 20):
            if validator.is_valid(value):
                assert conforms(value, shape), (schema, value, shape)
                checked += 1
    assert checked > 500, checked


def test_json_types_of_a_shape() -> None:
    assert json_types(shape_of({"type": ["array", "object"]})) == ("array", "object")
    assert json_types(shape_of({"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}]})) == (
        "object",
    )
    assert json_types(shape_of({"enum": ["a", 1]})) == ("string", "number")
    assert json_types(shape_of({})) == () and len(json_types(shape_of({"items": {}}))) == 6


def test_notes_are_never_narrower_than_the_schema() -> None:
    assert shape_of({"type": "integer", "minimum": 1, "maximum": 5}) == Prim("integer")
    bounded = shape_of({"anyOf": [{"type": "integer", "minimum": 3}, {"type": "integer", "maximum": 9}]})
    assert isinstance(bounded, Prim) and (bounded.minimum, bounded.maximum) == (None, None)
    both = shape_of({"allOf": [{"type": "number", "minimum": 3}, {"type": "integer", "maximum": 9}]})
    assert isinstance(both, Prim) and (both.kind, both.minimum, both.maximum) == ("integer", 3, 9)
    held = shape_of({"anyOf": [{"type": "integer", "minimum": 3}, {"const": 1}]})
    assert isinstance(held, Prim) and held.minimum == 1
    unique = shape_of({"anyOf": [{"type": "array", "uniqueItems": True}, {"type": "array"}]})
    assert isinstance(unique, Arr) and not unique.unique


def test_the_real_exports_have_the_types_of_their_json_columns() -> None:
    """Every JSON value of the app's real exports that its column's schema accepts has the column's type."""
    schema = load_spec(ROOT / "spec/schema.yaml")
    exports = {
        "questions": [
            r for f in sorted((REFERENCE / "questions").glob("*.json")) for r in json.loads(f.read_text())
        ],
        "certifications": json.loads((REFERENCE / "certifications.json").read_text()),
        "learning_paths": json.loads((REFERENCE / "learning-paths.json").read_text()),
        "voice_sessions": json.loads((REFERENCE / "voice-sessions.json").read_text())["sessions"],
        "bot_runs": json.loads((REFERENCE / "bot-monitor.json").read_text())["runs"],
    }
    checked = 0
    for name, records in exports.items():
        table = schema.table(name)
        for col in table.json_columns:
            validator = Draft202012Validator(col.shape() or {})
            shape = shape_of(col.shape())
            for record in records:
                value = record.get(col.app.prop)
                if value is not None and validator.is_valid(value):
                    assert conforms(value, shape), (name, col.name, value)
                    checked += 1
    assert checked > 1000


def test_objects_under_anyof_take_the_parent_type_and_keys() -> None:
    shape = shape_of(
        {
            "type": "object",
            "properties": {"kind": {"type": "string"}},
            "anyOf": [{"required": ["a"], "properties": {"a": {"type": "integer"}}}, {"required": ["b"]}],
        }
    )
    assert shape == Union(
        (
            Obj((Prop("kind", Prim("string")), Prop("a", Prim("integer"), True)), JSON),
            Obj((Prop("kind", Prim("string")), Prop("b", JSON, True)), JSON),
        )
    )


def test_intersections_are_worked_out() -> None:
    assert intersect(Prim("number"), Prim("integer")) == Prim("integer")
    assert intersect(Prim("string"), Prim("integer")) == NEVER
    assert intersect(Lit("number", 2.0), Prim("integer")) == Lit("number", 2.0)
    assert intersect(Lit("boolean", True), Lit("number", 1)) == NEVER  # True == 1 in Python, not in JSON
    closed = Obj((Prop("a", Prim("string")),), None)
    assert (
        intersect(closed, Obj((Prop("b", Prim("string"), True),), JSON)) == NEVER
    )  # b required, not allowed
    assert intersect(closed, Obj((Prop("b", Prim("string")),), JSON)) == closed  # optional b cannot occur
    assert shape_of(False) == NEVER and shape_of({"type": "string", "enum": [1]}) == NEVER
    assert shape_of({"items": {"type": "string"}}) == Union(
        (Prim("null"), Prim("boolean"), Prim("number"), Prim("string"), Arr(Prim("string")), Obj((), JSON))
    )


def test_typescript_types() -> None:
    assert ts_type(shape_of({"type": "array", "items": {"type": "string"}})) == "string[]"
    assert ts_type(shape_of({"enum": ["a", "b", None]})) == '"a" | "b" | null'
    assert ts_type(shape_of({"type": "object", "additionalProperties": {"type": "integer"}})) == (
        "{ [key: string]: number }"
    )
    assert ts_type(shape_of({"type": "object", "additionalProperties": False})) == "Record<string, never>"
    keyed = {
        "type": "object",
        "required": ["sre"],
        "properties": {
            "data-engineer": {"type": "integer", "description": "*/ x"},
            "sre": {"type": "integer"},
        },
        "additionalProperties": {"type": "integer"},
    }
    assert ts_type(shape_of(keyed)) == "\n".join(
        [
            "{",
            "  /** *\\/ x */",
            '  "data-engineer"?: number;',
            "  sre: number;",
            "  [key: string]: number | undefined;",
            "}",
        ]
    )
    assert (
        ts_type(shape_of({"type": "array", "items": {"type": ["string", "integer"]}}))
        == "Array<string | number>"
    )


def test_python_types() -> None:
    types = PythonTypes(Namer())
    assert types.type_of(shape_of({"enum": ["a", 1, 1.5, None]}), "T") == "Literal['a', 1, None] | float"
    assert types.type_of(shape_of({"type": "object", "additionalProperties": {"type": "integer"}}), "T") == (
        "dict[str, int]"
    )
    text = types.type_of(shape_of({"type": "object", "properties": {"class": {"type": "string"}}}), "Keyword")
    assert text == "Keyword"
    (defined,) = types.definitions
    assert not defined.class_syntax  # `class` is a keyword: the functional TypedDict form
    item = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert types.type_of(shape_of({"type": "array", "items": item}), "L") == "list[LItem]"
