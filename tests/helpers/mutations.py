"""Seeded input records for one table: plausible ones, and the same with odd mutations (wrong types, nulls,
NaN and infinities, huge integers, lone surrogates, non-ASCII text, enum misses, JSON text for values,
values nested too deep, unknown keys, property and SQL names, missing columns)."""

from __future__ import annotations

import json
import math
import random
import string
from collections.abc import Sequence
from typing import Any

from generator.model import Column, Table
from generator.model.types import value_kind


class Text(str):
    """A str subclass (app code may hand one in): never the plain `str` an inline path looks for."""


class Items(list[Any]):
    """A list subclass."""


def _deep(depth: int) -> Any:
    value: Any = "leaf"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


ODD: list[Any] = [
    None, True, False, 0, 1, -1, 2, 100, 101, -(2**63), 2**63 - 1, 2**63, -(2**63) - 1, 10**30, 1.0, 1.5,
    -0.0, 1e308, math.nan, math.inf, -math.inf, "", " ", "\x00", "\ud800", "a\udfffb", "é漢字🙂", "[1, 2",
    '{"a": NaN}', "[Infinity]", "null", "[]", "{}", '"quoted"', ' ["a"]', "1e999", " 12 ", "0x10",
    "[" * 300 + "]" * 300, b"bytes", bytearray(b"\x00"), memoryview(b"mv"), [], {}, [1, "a", None],
    ["a", "\ud83d"], ["é", "b"], [["a"]], {"a": 1}, {1: "int key"}, {None: 1}, {"nan": math.nan},
    [b"bytes"], {"s": "\ud83d"}, _deep(200), _deep(300), {1, 2}, ("a", "b"), Text("text"), Items(["a"]),
    object(), complex(1, 2), "AAEC", "not base64!",
]  # fmt: skip
_KEYS: list[Any] = ["extra", "Extra", "", "\ud800", "é", 7, None, (1,), 2.5, True, Text("id")]


def _text(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + " -_é漢\n\t"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))


def plausible(rng: random.Random, column: Column) -> Any:
    """A value that usually fits the column (the inline paths' common case)."""
    if column.closed_enum:
        return rng.choice(column.closed_enum)
    if column.json:
        example = column.example_value()
        return example if example is not None and rng.random() < 0.7 else [_text(rng) for _ in range(3)]
    kind = value_kind(column.type)
    if kind in ("integer", "real", "numeric", "any"):
        low = int(column.minimum) if column.minimum is not None else -1000
        high = int(column.maximum) if column.maximum is not None else 1000
        value = rng.randint(low, high)
        return float(value) if kind == "real" and rng.random() < 0.5 else value
    if kind == "blob":
        return rng.choice(["AAEC", b"\x00\x01"])
    return _text(rng)


def _dumps(value: Any, rng: random.Random) -> str:
    """The value as JSON text (spaced as Python writes it, escaped or not), or a text that is not JSON."""
    try:
        return json.dumps(value, ensure_ascii=rng.random() < 0.5)
    except (TypeError, ValueError):
        return "[not json"


def _near(rng: random.Random, column: Column, value: Any) -> Any:
    """A value just beside a clean one: an enum miss, a bound crossed, JSON as text, another spelling."""
    choices: list[Any] = [_dumps(value, rng), str(value), [value], None]
    if isinstance(value, str):
        choices += [value.upper(), value + " ", " " + value, value + "é", value + "\ud800", Text(value)]
    if isinstance(value, int) and not isinstance(value, bool):
        choices += [value - 1, value + 1, -value, value * 2**63, bool(value % 2)]
        if abs(value) < 2**1000:  # a float can hold it
            choices += [float(value), value + 0.5]
    if isinstance(value, list):
        choices += [[*value, 1], [*value, None], [*value, *value], Items(value), tuple(value), {"0": value}]
    if isinstance(value, dict):
        choices += [{**value, "extra": 1}, {k: None for k in value}, {k: 1 for k in value}, list(value)]
    for bound in (column.minimum, column.maximum):
        if bound is not None:
            choices += [bound, bound - 1, bound + 1, float(bound)]
    return rng.choice(choices)


def base_record(rng: random.Random, table: Table) -> dict[str, Any]:
    """A plausible record keyed by property names (SQL names where a column has none)."""
    return {c.app.prop or c.name: plausible(rng, c) for c in table.columns if rng.random() < 0.9}


def mutated(table: Table, bases: Sequence[dict[str, Any]], seed: int, count: int) -> list[Any]:
    """`count` records: copies of `bases` (or plausible records when there are none) with 0 to 4 mutations."""
    rng = random.Random(seed)
    columns = list(table.columns)
    out: list[Any] = []
    for _ in range(count):
        if rng.random() < 0.01:
            out.append(rng.choice(ODD))  # not even an object
            continue
        row: dict[Any, Any] = dict(rng.choice(bases)) if bases else base_record(rng, table)
        for _ in range(rng.choice([0, 1, 1, 2, 4])):
            column = rng.choice(columns)
            key = column.app.prop if column.app.prop and rng.random() < 0.6 else column.name
            roll = rng.random()
            if roll < 0.3:
                row[key] = rng.choice(ODD)
            elif roll < 0.6:
                current = row.get(column.app.prop, row.get(column.name))
                row[key] = _near(rng, column, current if current is not None else plausible(rng, column))
            elif roll < 0.7:
                row[key] = plausible(rng, column)  # maybe both names, one after the other
            elif roll < 0.85:
                row.pop(column.app.prop, None)  # a required column missing
                row.pop(column.name, None)
            else:
                row[rng.choice(_KEYS)] = rng.choice(ODD)
        out.append(row)
    return out
