"""SQL value literals come from one function (escape.sql_literal); the import's rows of literals
(statements.inline_values) quote text rows in one go. SQLite is the referee: every value read back from the
literals is the value, with its storage type, whatever the text holds (quotes, NUL, newlines, surrogate-free
Unicode, `--` and `;`)."""

from __future__ import annotations

import random
import sqlite3
from typing import Any

from generator.data.statements import inline_values
from generator.emit.escape import sql_literal

SEED = 29
ATOMS = ["'", "''", '"', "\x00", "\n", "--", ";", "/*", "é", "\u2028", "𝄞", "x", " ", "\\", "%", "NULL"]


def text(rng: random.Random) -> str:
    return "".join(rng.choice(ATOMS) for _ in range(rng.randrange(0, 6)))


def value(rng: random.Random, texts_only: bool) -> Any:
    if texts_only:
        return text(rng)
    kind = rng.randrange(6)
    return [None, rng.randrange(-(2**63), 2**63), rng.uniform(-1e300, 1e300), text(rng), text(rng).encode()][
        min(kind, 4)
    ]


def test_rows_of_literals_read_back_as_the_values_they_hold() -> None:
    rng = random.Random(SEED)
    db = sqlite3.connect(":memory:")
    for case in range(300):
        width = rng.randrange(1, 5)
        texts_only = case % 2 == 0  # the one-go path, and rows mixing types (the long way)
        rows = [[value(rng, texts_only) for _ in range(width)] for _ in range(rng.randrange(1, 6))]
        params = [v for row in rows for v in row]
        literals = inline_values(params, width)
        assert literals == ", ".join("(" + ", ".join(map(sql_literal, row)) + ")" for row in rows)
        got = db.execute(f"SELECT * FROM (VALUES {literals})").fetchall()
        assert [list(r) for r in got] == rows
        types = db.execute(f"SELECT {', '.join(f'typeof(column{i + 1})' for i in range(width))} "
                           f"FROM (VALUES {literals})").fetchall()  # fmt: skip
        expected = [[_type(v) for v in row] for row in rows]
        assert [list(r) for r in types] == expected


def _type(v: Any) -> str:
    return {type(None): "null", int: "integer", float: "real", str: "text", bytes: "blob"}[type(v)]
