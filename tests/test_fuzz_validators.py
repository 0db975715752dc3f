"""Seeded fuzz of the row validators: 20,000 odd records, and every answer is a list of problems.

Plain `random` with a fixed seed (no new dependency, the same records on every run). Two promises:
- `validate_row` / `prepare` never raise, whatever the record holds (NaN, integers beyond 64 bits, bytes,
  lone surrogates, values nested 1,000 levels, unknown and non-string keys, JSON text that breaks);
- a record they accept is one SQLite stores as given: it inserts into the spec's own tables (CHECKs,
  NOT NULL, json_valid) and reads back clean through the audit's stored-row checks.
"""

from __future__ import annotations

import math
import random
import sqlite3
import string
from pathlib import Path
from typing import Any

from generator.data.checks import ShapeCheck
from generator.data.jsonvalue import JsonProblem, encode, parse_text
from generator.data.validate import RowProblem, RowValidator, validator_for
from generator.model import Column
from generator.model.types import value_kind
from generator.spec import load_spec
from generator.sqlite.ddl import quote_identifier, schema_statements

ROOT = Path(__file__).resolve().parent.parent
SPEC = load_spec(ROOT / "spec" / "schema.yaml")
RECORDS = 20_000
SEED = 20261126


def deep(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


ODD: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**63 - 1,
    2**63,
    -(2**63),
    -(2**63) - 1,
    10**30,
    1.5,
    -0.0,
    1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    "",
    " ",
    "\x00",
    "\ud800",
    "a\udfffb",
    "é漢字🙂",
    "[1, 2",
    '{"a": NaN}',
    "[Infinity]",
    "null",
    "[]",
    "{}",
    '"quoted"',
    "[" * 300 + "]" * 300,
    "[" * 1200 + "]" * 1200,
    b"bytes",
    bytearray(b"\x00\xff"),
    memoryview(b"mv"),
    [],
    {},
    [1, "a", None],
    {"a": 1},
    {1: "int key"},
    {(1, 2): "tuple key"},
    {None: 1},
    {"nan": float("nan")},
    [b"nested bytes"],
    {"s": "\ud83d"},
    deep(200),
    deep(300),
    deep(1100),
    {1, 2},
    (1, 2),
    object(),
    complex(1, 2),
    Path("/"),
]


def odd(rng: random.Random) -> Any:
    return rng.choice(ODD)


def text(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters + "-_ é") for _ in range(rng.randint(0, 12)))


def plausible(rng: random.Random, column: Column) -> Any:
    """A value that often fits the column, so the accepting path is exercised too."""
    if column.closed_enum and rng.random() < 0.8:
        return rng.choice(column.closed_enum)
    if column.json:
        example = column.example_value()
        choices = [example, [text(rng)], {"k": text(rng)}, rng.randint(0, 5), text(rng)]
        return rng.choice(choices) if rng.random() < 0.9 else str(example)
    kind = value_kind(column.type)
    if kind == "integer":
        low = column.minimum if column.minimum is not None else -1000
        high = column.maximum if column.maximum is not None else 1000
        return rng.randint(low, high) if rng.random() < 0.9 else float(rng.randint(low, high))
    if kind == "real":
        return rng.uniform(-1e6, 1e6)
    if kind == "blob":
        return rng.choice([b"\x00\x01", "AAEC", "not base64!"])
    return text(rng)


def record(rng: random.Random, validator: RowValidator) -> Any:
    if rng.random() < 0.02:
        return odd(rng)  # not even an object
    row: dict[Any, Any] = {}
    for column in validator.table.columns:
        roll = rng.random()
        if roll < 0.15:
            continue
        key = column.app.prop if column.app.prop and rng.random() < 0.5 else column.name
        row[key] = odd(rng) if roll > 0.8 else plausible(rng, column)
    for _ in range(rng.choice([0, 0, 0, 1, 3])):
        row[rng.choice([text(rng), 7, None, (1,), 2.5, "\ud800", True])] = odd(rng)
    return row


def test_random_records_give_problems_never_exceptions_and_accepted_rows_are_stored_as_given() -> None:
    rng = random.Random(SEED)
    conn = sqlite3.connect(":memory:")
    for statement in schema_statements(SPEC):
        conn.execute(statement)
    validators = [validator_for(table.name, SPEC) for table in SPEC.tables]
    accepted = 0
    for number in range(RECORDS):
        validator = rng.choice(validators)
        row = record(rng, validator)
        prepared = validator.prepare(row)
        problems = validator.problems(row) if isinstance(row, dict) and number % 4 == 0 else prepared.problems
        assert isinstance(problems, list), number
        for problem in problems:
            assert isinstance(problem, RowProblem) and problem.message, number
            str(problem).encode("utf-8")  # printable: no lone surrogate reaches a message
        if prepared.problems:
            continue
        accepted += 1
        store_and_audit(conn, validator, prepared.values, number)
    assert accepted > RECORDS // 20, accepted  # the accepting path was exercised, not only the refusals


def store_and_audit(
    conn: sqlite3.Connection, validator: RowValidator, values: dict[str, Any], number: int
) -> None:
    """The row goes into the spec's own table unchanged and comes back clean through the audit checks."""
    table = validator.table
    names = list(values)
    quoted = ", ".join(quote_identifier(n) for n in names)
    marks = ", ".join("?" * len(names))
    conn.execute("SAVEPOINT row")
    try:
        cursor = conn.execute(
            f"INSERT INTO {quote_identifier(table.name)} ({quoted}) VALUES ({marks}) "
            "ON CONFLICT DO NOTHING RETURNING rowid",
            [values[n] for n in names],
        )
        inserted = cursor.fetchall()
        if inserted:
            columns = [c.name for c in table.columns]
            listed = ", ".join(quote_identifier(c) for c in columns)
            stored = conn.execute(
                f"SELECT {listed} FROM {quote_identifier(table.name)} WHERE rowid = ?", inserted[0]
            ).fetchone()
            assert validator.stored_checker(columns)(stored) == [], (number, values)
            for name in names:
                sent, kept = values[name], stored[columns.index(name)]
                same = kept == sent or (isinstance(sent, float) and math.isclose(kept, sent))
                real = value_kind(table.column(name).type) == "real"
                assert same or (isinstance(sent, int) and real), (number, name)
    finally:
        conn.execute("ROLLBACK TO row")
        conn.execute("RELEASE row")


def mutations(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """`value` with one part changed: a type swapped, a key added or dropped, an item replaced."""
    if isinstance(value, dict) and value and depth < 4:
        key = rng.choice(list(value))
        roll = rng.random()
        if roll < 0.3:
            return {k: v for k, v in value.items() if k != key}
        if roll < 0.5:
            return {**value, text(rng) or "k": odd(rng) if rng.random() < 0.5 else rng.randint(-5, 200)}
        return {**value, key: mutations(rng, value[key], depth + 1)}
    if isinstance(value, list) and value and depth < 4:
        items = list(value)
        at = rng.randrange(len(items))
        items[at] = mutations(rng, items[at], depth + 1) if rng.random() < 0.7 else items[0]
        return items if rng.random() < 0.8 else items + items
    return rng.choice([None, True, 0, 5, 101, -1, 1.5, "x", "entry", [], {}, [1], {"a": 1}, value])


def test_the_compiled_shape_decides_exactly_where_it_says_so() -> None:
    """The audit trusts a compiled shape's 'no' without jsonschema when it is exact: both must agree."""
    rng = random.Random(SEED)
    compared = 0
    for table in SPEC.tables:
        for column in table.json_columns:
            check = ShapeCheck(column)
            if not check.exact:
                continue
            for _ in range(300):
                value = mutations(rng, column.example_value())
                try:
                    parsed = parse_text(encode(value))
                except JsonProblem:
                    continue  # not JSON at all: decided before any shape
                assert check.fast is not None
                assert check.fast(parsed) == check.validator.is_valid(parsed), (
                    table.name,
                    column.name,
                    parsed,
                )
                compared += 1
    assert compared > 3000
