"""Stand-ins for the SQL functions and collating sequences an application registers on its own connections.

SQLite knows only its built-in functions and collations (BINARY, NOCASE, RTRIM); an application adds its
own with sqlite3_create_function and sqlite3_create_collation, and its schema may use them: a view calling
`title_sort(title)`, a column declared `COLLATE unicase`. A plain SQLite refuses such a schema (`no such
function`, `no such collation sequence`), so every connection schemagen builds the schema on (the checks in
memory, a database file it pushes to or profiles) first registers a stand-in for each one the spec declares:

- a function answers NULL, or the value of the SQL expression the spec gives for it (over ?1, ?2, ...);
- a collation orders text like one of `COLLATION_STAND_INS`: binary, nocase (ASCII case folded), rtrim
  (trailing spaces ignored) or casefold (Unicode case folded).

What a stand-in computes is never the application's business logic: a check only needs the names to
resolve. Where a stand-in decides what is stored (an index on a collated column built by a push through
Python's sqlite3), the application's own ordering may differ: it should run `REINDEX <collation>` once
(docs/sqlite-dialect.md).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cmp_to_key

from generator.model import AppCollation, AppFunction, Schema
from generator.sqlite.libsql import add_stand_ins
from generator.sqlite.tokens import tokenize

# SQLite's own collations (they need no declaration; sqlite3_create_collation may not replace them here).
BUILT_IN_COLLATIONS = frozenset({"binary", "nocase", "rtrim"})

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_KEYS: dict[str, Callable[[str], str]] = {
    "binary": lambda s: s,  # UTF-8 byte order is code point order
    "nocase": lambda s: s.translate(_ASCII_LOWER),
    "rtrim": lambda s: s.rstrip(" "),
    "casefold": lambda s: s.casefold(),
}


def register(conn: sqlite3.Connection, schema: Schema, *, libsql: bool = True) -> None:
    """Register (libSQL's functions and) every function and collation `schema` declares on `conn`."""
    if libsql:
        add_stand_ins(conn)
    for function in schema.functions:
        conn.create_function(
            function.name, function.arguments, _function(function), deterministic=function.deterministic
        )
    for collation in schema.collations:
        conn.create_collation(collation.name, collation_order(collation))


def collation_order(collation: AppCollation) -> Callable[[str, str], int]:
    """The comparison standing in for `collation` (-1, 0, 1 as sqlite3.create_collation wants)."""
    key = _KEYS[collation.like]

    def compare(a: str, b: str) -> int:
        ka, kb = key(a), key(b)
        return (ka > kb) - (ka < kb)

    return compare


def sort_key(collation: AppCollation) -> Callable[[str], object]:
    """A sort key ordering text as the stand-in for `collation` does."""
    return cmp_to_key(collation_order(collation))


SqlValue = str | bytes | int | float | None


def _function(function: AppFunction) -> Callable[..., SqlValue]:
    """NULL, or the value of the declared SQL expression over the arguments (a private connection)."""
    if not function.sql:
        return _null
    expression = f"SELECT ({function.sql})"
    wanted = parameter_count(function.sql)
    scratch = sqlite3.connect(":memory:", check_same_thread=False)

    def evaluate(*args: SqlValue) -> SqlValue:
        bound = (args + (None,) * wanted)[:wanted]  # a variadic call may give more or fewer
        row = scratch.execute(expression, bound).fetchone()
        value: SqlValue = row[0] if row else None
        return value

    return evaluate


def parameter_count(sql: str) -> int:
    """How many values the expression's parameters `?` and `?N` take (as sqlite3_bind_parameter_count)."""
    count = 0
    for tok in tokenize(sql):
        if tok.kind == "param" and tok.text.startswith("?"):
            count = max(count + 1, int(tok.text[1:])) if tok.text[1:] else count + 1
    return count


def _null(*_args: object) -> None:
    return None
