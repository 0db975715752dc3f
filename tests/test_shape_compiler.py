"""One JSON Schema compiler (generator/spec/fastpath.py) for the spec, examples and JSON column values."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.data.shapes import compile_shape
from generator.spec.fastpath import Unsure, compile_schema

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
    check = compile_schema(shape, json_keys=True)
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
    """A Python dict with an int key is stored as JSON with a string key: only jsonschema sees that form."""
    shape = {"type": "object", "properties": {"1": {"type": "string"}}}
    accepts = compile_shape(shape)
    assert accepts is not None
    assert accepts({1: "x"}) is False and accepts({1: 5}) is False  # not judged here
    assert accepts({"1": "x"}) is True
    assert compile_schema(shape)({1: 5}) is True  # YAML spec data: jsonschema sees the dict as it is
