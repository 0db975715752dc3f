"""Seeded random JSON Schemas (the keywords spec/fastpath.py compiles) and values, text keys or not."""

from __future__ import annotations

import math
import random
from typing import Any

_SCALARS: list[Any] = [
    None, True, False, 0, 1, -1, 2, 1.0, -0.0, 2.5, 1e308, 2**63, -(2**64), math.nan, math.inf, -math.inf,
    "", "a", "ab", "abc", "A", "1", "é", "\U0001f600",
]  # fmt: skip
_KEYS: list[Any] = ["a", "b", "c", 1, True, None, 2.5]
_TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"]


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """A value: scalars (NaN, infinity, big integers among them), lists and dicts, a few keyed by non-text."""
    roll = rng.random()
    if depth > 2 or roll < 0.5:
        return rng.choice(_SCALARS)
    if roll < 0.75:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = _KEYS if rng.random() < 0.2 else _KEYS[:3]  # now and then a key that is not text
    return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def random_schema(rng: random.Random, depth: int = 0) -> Any:
    """A schema of one to three keywords, subschemas nested up to three deep."""
    if depth > 2 or rng.random() < 0.2:
        return rng.choice([True, False, {}, {"type": rng.choice(_TYPES)}])
    out: dict[str, Any] = {}
    for key in rng.sample(sorted(_WORDS), rng.randint(1, 3)):
        out[key] = _WORDS[key](rng, depth)
    return out


def _sub(rng: random.Random, depth: int) -> Any:
    return random_schema(rng, depth + 1)


def _number(rng: random.Random, depth: int) -> Any:
    return rng.choice([0, 1, 2, -1, 2.5, 1.0, 2**63])


def _count(rng: random.Random, depth: int) -> Any:
    return rng.choice([0, 1, 2, 3])


_WORDS: dict[str, Any] = {
    "type": lambda rng, d: rng.choice(_TYPES) if rng.random() < 0.7 else rng.sample(_TYPES, 2),
    "enum": lambda rng, d: rng.sample([0, 1, 2.5, 1.0, 2**63], 2) if rng.random() < 0.5 else ["a", "b"],
    "const": lambda rng, d: rng.choice([1, 0, 2.5, "a", ""]),
    "properties": lambda rng, d: {k: _sub(rng, d) for k in rng.sample(["a", "b", "1"], 2)},
    "additionalProperties": _sub,
    "propertyNames": lambda rng, d: {"pattern": "^[a-b]$"} if rng.random() < 0.5 else {"maxLength": 1},
    "required": lambda rng, d: rng.sample(["a", "b", "1"], rng.randint(0, 2)),
    "minProperties": _count,
    "items": _sub,
    "minItems": _count,
    "maxItems": _count,
    "uniqueItems": lambda rng, d: rng.random() < 0.7,
    "minLength": _count,
    "maxLength": _count,
    "pattern": lambda rng, d: rng.choice(["^a", "b$", "[0-9]", "^\\w+$"]),
    "minimum": _number,
    "maximum": _number,
    "anyOf": lambda rng, d: [_sub(rng, d) for _ in range(rng.randint(1, 3))],
    "oneOf": lambda rng, d: [_sub(rng, d) for _ in range(rng.randint(1, 3))],
    "allOf": lambda rng, d: [_sub(rng, d) for _ in range(rng.randint(1, 2))],
    "if": _sub,
    "then": _sub,
    "else": _sub,
    "format": lambda rng, d: "date-time",
    "description": lambda rng, d: "x",
}
