"""Rules with one home: names and formats that several stages must agree on."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def camel_case(name: str) -> str:
    """`sub_channel` -> `subChannel`: the app's property naming."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def canonical_json(value: Any) -> str:
    """JSON text with sorted keys: the one way a JSON value is stored in the model."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def unique_index_name(table: str, column: str) -> str:
    """The index a `unique: true` column gets (drizzle-kit's `<table>_<column>_unique` convention)."""
    return f"{table}_{column}_unique"


def json_path(parts: Iterable[str | int], root: str = "") -> str:
    """`["tags", 1]` -> `.tags[1]` (after `root`): where a value sits inside a JSON document."""
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(name: str) -> str:
    """An identifier as SQLite compares it: ASCII letters without case (`Users` = `users`, `É` != `é`)."""
    # str.lower folds only ASCII letters in an ASCII string, and is several times faster than translate
    # (names are looked up this way thousands of times a run).
    return name.lower() if name.isascii() else name.translate(_ASCII_FOLD)
