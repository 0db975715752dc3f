"""The spec's JSON Schema compiled into a predicate (generator/spec/fastpath.py) answers as jsonschema does.

It may say "valid" only where jsonschema finds no error, and "invalid" only where it finds one: checked
here on every spec of the repository and on thousands of seeded mutants of them (wrong types, odd values,
deleted and unknown keys, in every place of the tree). Its "unsure" (jsonschema decides) must stay rare.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.spec import spec_json_schema
from generator.spec.fastpath import Unsupported, compile_schema, spec_is_valid
from generator.spec.load import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
SPECS = [
    ROOT / "spec/schema.yaml",
    *sorted((ROOT / "tests/data/golden").glob("*/spec.yaml")),
    *sorted((ROOT / "tests/data/invalid").glob("*.yaml")),
]
ODD: list[Any] = [
    None, True, False, 0, 1, -1, 1.0, 2.5, float("nan"), "", "x", "X y", "\x00", "a-b", "text", "json",
    "integer", "cascade", "now", "1", [], {}, [1], ["a", "a"], ["a", "b"], [True, 1], {"a": 1}, {"sql": "1"},
    {"value": "x"}, {"table": "t", "column": "id"}, {"type": "string"}, {"columns": ["id"]},
]  # fmt: skip
KEYS = ["extra", "type", "sql", "name", "columns", "values", "open", "desc", "json", "docs", "on_conflict"]


def _load(path: Path) -> Any:
    try:
        return parse_yaml(path.read_text(encoding="utf-8"), path.name)[1]
    except Exception:  # the corpus of bad input holds files that are not YAML at all
        return None


def _jsonschema_valid(data: Any) -> bool:
    return not any(Draft202012Validator(spec_json_schema()).iter_errors(data))


def _spots(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found += _spots(value, (*prefix, key))
    return found


def _mutant(rng: random.Random, data: Any, spots: list[tuple[Any, ...]]) -> Any:
    tree = copy.deepcopy(data)
    for _ in range(rng.randint(1, 2)):
        *parents, last = rng.choice(spots[1:])
        node = tree
        try:
            for part in parents:
                node = node[part]
            roll = rng.random()
            if isinstance(node, dict) and roll < 0.25:
                node.pop(last, None)
            elif isinstance(node, dict) and roll < 0.4:
                node[rng.choice(KEYS)] = copy.deepcopy(rng.choice(ODD))
            else:
                node[last] = copy.deepcopy(rng.choice(ODD))
        except (KeyError, IndexError, TypeError):
            continue
    return tree


def test_the_spec_schema_compiles_whole() -> None:
    compile_schema(spec_json_schema())  # raises Unsupported for a keyword it would not answer exactly


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_every_spec_of_the_repository_gets_jsonschemas_answer(path: Path) -> None:
    data = _load(path)
    if data is not None:
        assert spec_is_valid(data) == _jsonschema_valid(data)


@pytest.mark.parametrize(
    ("spec", "mutants"), [("tests/data/golden/mini/spec.yaml", 1500), ("spec/schema.yaml", 150)]
)
def test_mutated_specs_get_jsonschemas_answer(spec: str, mutants: int) -> None:
    data = _load(ROOT / spec)
    spots = _spots(data)
    rng = random.Random(13_2026)
    answers = {True: 0, False: 0, None: 0}
    for number in range(mutants):
        tree = _mutant(rng, data, spots)
        fast = spec_is_valid(tree)
        answers[fast] += 1
        if fast is not None:
            assert fast == _jsonschema_valid(tree), (number, tree)
    assert answers[True] > mutants // 20 and answers[False] > mutants // 3, answers
    assert answers[None] <= mutants // 100, answers


def test_a_keyword_it_cannot_answer_is_refused_when_compiling() -> None:
    for schema in ({"prefixItems": [{}]}, {"$ref": "other.json"}, {"enum": [[1]]}, {"type": "decimal"}):
        with pytest.raises(Unsupported):
            compile_schema(schema)


# --- JSON column shapes: well formed (check_schema), and an example that fits (iter_errors) ----------------
KEYWORDS = [
    "type", "enum", "const", "properties", "additionalProperties", "required", "items", "prefixItems",
    "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
    "exclusiveMinimum", "multipleOf", "anyOf", "oneOf", "allOf", "not", "if", "then", "else", "format",
    "description", "title", "default", "examples", "propertyNames", "minProperties", "patternProperties",
    "$defs", "$ref", "$id", "contains", "dependentRequired", "deprecated", "unknownKeyword",
]  # fmt: skip
VALUES: list[Any] = [
    None, True, False, 0, 1, 2, -1, 1.0, 2.5, "", "a", "string", "integer", "object", "[a-z]+", "(", "^x$",
    ["string"], ["string", "null"], ["string", "string"], [], ["a", "b"], [1, True], {}, {"a": {}}, [{}],
    "#/$defs/a", "date-time",
]  # fmt: skip
INSTANCES: list[Any] = [
    None, True, 0, 1, 1.0, 2.5, -3, "", "a", "abc", "x", [], [1], ["a"], ["a", "a"], [1, True], {},
    {"a": 1}, {"a": "x", "b": None}, {"b": []},
]  # fmt: skip


def _shape(rng: random.Random, depth: int = 0) -> Any:
    if depth > 2 or rng.random() < 0.15:
        return rng.choice([True, False, {}, {"type": rng.choice(["string", "integer", "array", "object"])}])
    shape: dict[str, Any] = {}
    for key in rng.sample(KEYWORDS, rng.randint(1, 4)):
        roll = rng.random()
        if key in ("properties", "$defs", "patternProperties") and roll < 0.7:
            shape[key] = {rng.choice(["a", "b", "[a-z]"]): _shape(rng, depth + 1) for _ in range(2)}
        elif key in ("anyOf", "oneOf", "allOf", "prefixItems") and roll < 0.7:
            shape[key] = [_shape(rng, depth + 1) for _ in range(rng.randint(1, 3))]
        elif (
            key in ("items", "additionalProperties", "not", "if", "then", "else", "propertyNames")
            and roll < 0.7
        ):
            shape[key] = _shape(rng, depth + 1)
        else:
            shape[key] = copy.deepcopy(rng.choice(VALUES))
    return shape


def test_shapes_get_check_schemas_answer_and_examples_iter_errors_answer() -> None:
    from jsonschema import Draft202012Validator, SchemaError

    from generator.spec.fastpath import fits, shape_is_well_formed

    rng = random.Random(7_2026)
    counts = {"well formed": 0, "sent to check_schema": 0, "fits": 0, "does not fit": 0, "unsure": 0}
    for _ in range(2500):
        shape = _shape(rng)
        try:
            Draft202012Validator.check_schema(shape)
            valid = True
        except SchemaError:
            valid = False
        if shape_is_well_formed(shape):
            assert valid, shape
            counts["well formed"] += 1
        else:
            counts["sent to check_schema"] += 1
        if not valid:
            continue
        for value in rng.sample(INSTANCES, 4):
            answer = fits(shape, value)
            if answer is None:
                counts["unsure"] += 1
                continue
            assert answer == (not any(Draft202012Validator(shape).iter_errors(value))), (shape, value)
            counts["fits" if answer else "does not fit"] += 1
    assert min(counts.values()) > 100, counts
