"""Rules with one home: names and formats that several stages must agree on."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any


def camel_case(name: str) -> str:
    """`sub_channel` -> `subChannel`: the app's property naming."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def canonical_json(value: Any) -> str:
    """JSON text with sorted keys: the one way a JSON value is stored in the model."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def same_name(a: str, b: str) -> bool:
    """True when SQLite takes `a` and `b` for the same identifier (see `fold`)."""
    return fold(a) == fold(b)


def not_null(declared: bool, *, primary_key: bool, without_rowid: bool, rowid_alias: bool = False) -> bool:
    """True when a column never holds NULL: NOT NULL is declared, the column is part of the key of a
    WITHOUT ROWID table, or it is the rowid alias (SQLite turns a NULL there into a new rowid). Any other
    key column of a rowid table stores NULL unless declared NOT NULL (a quirk SQLite keeps)."""
    return declared or (primary_key and without_rowid) or rowid_alias


def is_rowid_alias(
    declared_type: str, *, key_columns: int, without_rowid: bool, desc_on_column: bool
) -> bool:
    """True when a primary-key column is the rowid itself: the one key column of a rowid table, declared
    exactly `INTEGER` (any case: `INT` is not), and not `INTEGER PRIMARY KEY DESC` written on the column."""
    if key_columns != 1 or without_rowid or desc_on_column:
        return False
    return declared_type.upper() == "INTEGER"


def unique_index_name(table: str, column: str) -> str:
    """The index a `unique: true` column gets (drizzle-kit's `<table>_<column>_unique` convention)."""
    return f"{table}_{column}_unique"


def json_path(parts: Iterable[str | int], root: str = "") -> str:
    """`["tags", 1]` -> `.tags[1]` (after `root`): where a value sits inside a JSON document, written as
    SQLite's JSON path (`$` + this text finds it with json_extract; an odd key is quoted: `."a b"`)."""
    return root + "".join(f"[{p}]" if isinstance(p, int) else _json_key(p) for p in parts)


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _json_key(key: str) -> str:
    return f".{key}" if _PLAIN_KEY.fullmatch(key) else f'."{key}"'


_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(name: str) -> str:
    """An identifier as SQLite compares it: ASCII letters without case (`Users` = `users`, `É` != `é`)."""
    # str.lower folds only ASCII letters in an ASCII string, and is several times faster than translate
    # (names are looked up this way thousands of times a run).
    return name.lower() if name.isascii() else name.translate(_ASCII_FOLD)
