"""A JSON column's shape as a fast accept: the one JSON Schema compiler (generator/spec/fastpath.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.spec.fastpath import Unsupported, Unsure, compile_schema


def compile_shape(schema: Any) -> Callable[[Any], bool] | None:
    """A predicate that is True exactly for values the JSON Schema accepts, or None for schemas it cannot do.

    False also stands for "jsonschema must decide" (uniqueItems over values that are not all strings, an
    object with keys that are not strings), so a caller that trusts False checks for those.
    """
    try:
        check = compile_schema(schema, json_keys=True)
    except Unsupported:
        return None

    def accepts(value: Any) -> bool:
        try:
            return check(value)
        except Unsure:
            return False

    return accepts
