"""One JSON Schema compiler (generator/spec/fastpath.py) with one set of type rules for the spec, examples
and JSON column values, held against jsonschema's own validator as the referee."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import pytest
from helpers.randomschema import random_schema, random_value
from jsonschema import Draft202012Validator

from generator.api import validate_row
from generator.spec import load_spec
from generator.spec.fastpath import Unsure, compile_schema, compile_shape, fits

SHAPES: list[dict[str, Any]] = [
    {"type": "array", "items": {"type": "string"}},
    {"type": "array", "items": {"type": ["string", "null"]}},
    {"type": "array", "items": {"enum": ["a", "b"]}, "uniqueItems": True},
    {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}}, "required": ["n"]},
    {"type": "object", "additionalProperties": {"type": "number", "maximum": 10}},
    {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer"}]},
    {"oneOf": [{"type": "integer"}, {"type": "number"}]},
    {"type": "string", "pattern": "^[a-z]+$"},
    {"const": 3},
]
VALUES: list[Any] = [None, 0, 1, 1.0, 2.5, -1, 11, True, "", "ab", "abcd", "A", [], ["a"], ["a", "a"],
                     ["a", 1], [None], {}, {"n": 1}, {"n": -1}, {"n": "1"}, {"x": 3}, {"x": 30}]  # fmt: skip


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: json.dumps(s)[:40])
def test_a_column_shape_answers_as_jsonschema_does(shape: dict[str, Any]) -> None:
    accepts = compile_shape(shape)
    assert accepts is not None
    check = compile_schema(shape)
    validator = Draft202012Validator(shape)
    rng = random.Random(21)
    values = VALUES + [rng.choice(VALUES) for _ in range(50)]
    for value in values:
        try:
            exact = check(value)
        except Unsure:  # jsonschema decides: the fast accept says no
            assert accepts(value) is False
            continue
        assert exact == validator.is_valid(value) == accepts(value), value


def test_object_keys_that_are_not_strings_go_to_jsonschema() -> None:
    """A dict with an int key is not JSON's own form: whichever form is meant, jsonschema judges it."""
    shape = {"type": "object", "properties": {"1": {"type": "string"}}}
    accepts = compile_shape(shape)
    assert accepts is not None
    assert accepts({1: "x"}) is False and accepts({1: 5}) is False  # not judged here
    assert accepts({"1": "x"}) is True
    with pytest.raises(Unsure):
        compile_schema(shape)({1: 5})  # the spec (YAML data) and column values: one rule
    assert fits(shape, {1: 5}) is None


def test_object_keywords_without_a_type_do_not_accept_keys_that_are_not_strings() -> None:
    """Stored as JSON, {1: "x"} is {"1": "x"}, which `properties` refuses (it was accepted: a bug)."""
    shape = {"properties": {"1": {"type": "integer"}}}
    accepts = compile_shape(shape)
    assert accepts is not None
    assert not Draft202012Validator(shape).is_valid(json.loads(json.dumps({1: "x"})))
    assert accepts({1: "x"}) is False
    pattern = {"propertyNames": {"pattern": "^[a-z]+$"}}
    assert compile_shape(pattern) is not None and compile_shape(pattern)({1: 0}) is False  # type: ignore[misc]


def test_a_row_with_a_dict_keyed_by_numbers_is_judged_as_stored() -> None:
    """validate_row accepted {1: "x"} where key "1" must hold an integer; the row stores {"1": "x"}."""
    spec = (
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        '      doc: {type: json, not_null: true, json: {properties: {"1": {type: integer}}}}\n'
    )
    schema = load_spec(Path("keys.yaml"), text=spec)
    assert validate_row("t", {"id": 1, "doc": {"1": 2}}, schema) == []
    (problem,) = validate_row("t", {"id": 1, "doc": {1: "x"}}, schema)
    assert problem.column == "doc" and "'x' is not of type 'integer'" in problem.message.replace('"', "'")


def test_a_plain_string_is_refused_by_the_types_the_tree_reads() -> None:
    """The row check asks the type tree which JSON types a shape takes (anyOf included, not only `type`)."""
    spec = (
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      doc: {type: json, json: {anyOf: [{type: array}, {type: object}]}}\n"
    )
    schema = load_spec(Path("kinds.yaml"), text=spec)
    (problem,) = validate_row("t", {"id": 1, "doc": "bug"}, schema)
    assert problem.message == 'expected an array or an object, got the string "bug"', problem


def test_nan_passes_a_bound_as_in_jsonschema() -> None:
    """jsonschema fails `minimum` only when value < minimum: NaN passes (the compiler said no)."""
    for shape in ({"minimum": 0}, {"maximum": 0}, {"type": "number", "minimum": 0, "maximum": 1}):
        assert Draft202012Validator(shape).is_valid(math.nan)
        assert compile_schema(shape)(math.nan) is True
    assert compile_schema({"type": "integer"})(math.nan) is False
    assert compile_schema({"type": "integer"})(math.inf) is False
    assert compile_schema({"type": "number"})(True) is False


def _text_keyed(value: Any) -> bool:
    """True when every object in the value has only text keys (JSON's own form, NaN and infinity allowed)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _text_keyed(v) for k, v in value.items())
    return all(_text_keyed(v) for v in value) if isinstance(value, list) else True


def _json_form(value: Any) -> Any:
    """The value as JSON would store it (text keys), or None when JSON cannot hold it (NaN, infinity)."""
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except ValueError:
        return None


def test_seeded_random_schemas_and_values_get_jsonschemas_answer() -> None:
    """True only where jsonschema finds the value valid (as given and as stored), False only where it finds
    it invalid (for objects with text keys, NaN included); Unsure stays rare."""
    rng = random.Random(21_2026)
    counts = {"valid": 0, "invalid": 0, "unsure": 0, "unsupported": 0}
    for _ in range(1500):
        schema = random_schema(rng)
        accepts = compile_shape(schema)
        if accepts is None:
            counts["unsupported"] += 1
            continue
        check = compile_schema(schema)
        validator = Draft202012Validator(schema)
        for _ in range(8):
            value = random_value(rng)
            stored = _json_form(value)
            try:
                answer = check(value)
            except Unsure:
                counts["unsure"] += 1
                assert accepts(value) is False
                continue
            assert accepts(value) is answer
            if answer:
                assert validator.is_valid(value), (schema, value)
                if stored is not None:
                    assert validator.is_valid(stored), (schema, value)
            elif _text_keyed(value):
                assert not validator.is_valid(value), (schema, value)
            counts["valid" if answer else "invalid"] += 1
    assert counts["valid"] > 1000 and counts["invalid"] > 1000, counts
    assert counts["unsure"] < counts["valid"] // 5, counts
    assert counts["unsupported"] == 0, counts
