"""Sample rows built from a spec (one per table, foreign keys satisfied) and a checker of values against
the code generators' type tree: the test data of the generated Drizzle module and Python row types."""

from __future__ import annotations

import json
from typing import Any

from generator.model import Column, Schema, Table
from generator.model.shape import JSON, NEVER, Arr, Lit, Obj, Prim, Shape, Union
from generator.model.types import value_kind
from generator.sqlite.ddl import dependency_order


def sample_rows(schema: Schema) -> list[tuple[Table, dict[str, Any]]]:
    """One row per table (SQL names, JSON parsed), parents first, every writable column filled."""
    rows: dict[str, dict[str, Any]] = {}
    out = []
    for table in dependency_order(schema):
        row: dict[str, Any] = {}
        for col in table.writable_columns:
            row[col.name] = _value(schema, table, col, rows)
        rows[table.name] = row
        out.append((table, row))
    return out


def _value(schema: Schema, table: Table, col: Column, rows: dict[str, dict[str, Any]]) -> Any:
    for fk in table.foreign_keys:
        if col.name in fk.columns and fk.table in rows:
            parent = schema.table(fk.table)
            to = fk.to or (parent.pk.names if parent.pk is not None else ())
            return rows[fk.table][to[fk.columns.index(col.name)]]
    if col.json:
        return col.example_value()
    if col.enum is not None:
        return col.enum.values[0]
    kind = value_kind(col.type)
    if kind == "integer":
        low = col.minimum if col.minimum is not None else 1
        return int(min(low, col.maximum) if col.maximum is not None else low)
    if kind == "real":
        return 2.5
    if kind == "numeric":
        return 3
    if kind == "blob":
        return b"\x00\x01"
    return f"{table.name}-{col.name}"


def conforms(value: Any, shape: Shape) -> bool:
    """True when a parsed JSON value has the type `shape` describes."""
    if shape == JSON:
        return True
    if shape == NEVER:
        return False
    if isinstance(shape, Prim):
        if shape.kind in ("integer", "number") and not _within(value, shape):
            return False
        return {
            "null": value is None,
            "boolean": isinstance(value, bool),
            "integer": (isinstance(value, int) and not isinstance(value, bool))
            or (isinstance(value, float) and value.is_integer()),
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "string": isinstance(value, str),
        }[shape.kind]
    if isinstance(shape, Lit):
        kinds = {"null": type(None), "boolean": bool, "string": str}
        if shape.kind == "number":
            return isinstance(value, int | float) and not isinstance(value, bool) and value == shape.value
        return isinstance(value, kinds[shape.kind]) and value == shape.value
    if isinstance(shape, Arr):
        if shape.unique and isinstance(value, list) and len(set(map(_canonical, value))) < len(value):
            return False
        return isinstance(value, list) and all(conforms(v, shape.item) for v in value)
    if isinstance(shape, Obj):
        if not isinstance(value, dict):
            return False
        declared = {p.name: p for p in shape.props}
        for name, prop in declared.items():
            if name in value and not conforms(value[name], prop.type):
                return False
            if prop.required and name not in value:
                return False
        others = [v for k, v in value.items() if k not in declared]
        return not others if shape.extra is None else all(conforms(v, shape.extra) for v in others)
    assert isinstance(shape, Union)
    return any(conforms(value, m) for m in shape.members)


def _within(value: Any, shape: Prim) -> bool:
    """The notes of a number type hold (as jsonschema: only a value below or above a bound fails)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return True
    return not (shape.minimum is not None and value < shape.minimum) and not (
        shape.maximum is not None and value > shape.maximum
    )


def _canonical(value: Any) -> str:
    """A text equal for values JSON calls equal (1 and 1.0 kept apart: a looser test than jsonschema's)."""
    return json.dumps(value, sort_keys=True)


def typed_for_python(value: Any, shape: Shape) -> Any:
    """The value with the keys a Python TypedDict cannot type dropped (what a typed literal may hold)."""
    if isinstance(shape, Arr) and isinstance(value, list):
        return [typed_for_python(v, shape.item) for v in value]
    if isinstance(shape, Union):
        for member in shape.members:
            if conforms(value, member):
                return typed_for_python(value, member)
    if isinstance(shape, Obj) and isinstance(value, dict):
        extra = shape.extra
        if extra is not None and all(not p.required and p.type == extra for p in shape.props):
            return {k: typed_for_python(v, extra) for k, v in value.items()}  # a dict[str, X]
        declared = {p.name: p.type for p in shape.props}
        return {k: typed_for_python(v, declared[k]) for k, v in value.items() if k in declared}
    return value
