"""JSON Schema (draft 2020-12) of a table row: the generated validators and the row checks share it."""

from __future__ import annotations

from typing import Any

from generator.model import Column, Table
from generator.model.types import value_kind

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# The JSON value of each kind of column (generator.model.types.value_kind).
_VALUE_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "real": {"type": "number"},
    "blob": {"type": "string", "contentEncoding": "base64"},
    "numeric": {"type": ["number", "string"]},
    "any": {},
}


def column_schema(column: Column, *, not_null: bool) -> dict[str, Any]:
    """The JSON Schema of one column's value (JSON columns as their parsed value)."""
    inner: dict[str, Any] = (
        (column.shape() or {}) if column.json else dict(_VALUE_SCHEMAS[value_kind(column.type)])
    )
    if column.format in ("date-time", "date"):  # JSON Schema's own formats (sqlite-datetime is not one)
        inner["format"] = column.format
    if column.minimum is not None:
        inner["minimum"] = column.minimum
    if column.maximum is not None:
        inner["maximum"] = column.maximum
    values = column.closed_enum
    if values is not None:
        inner["enum"] = list(values)
    elif column.enum is not None:
        inner["examples"] = list(column.enum.values)
    out: dict[str, Any]
    if not_null:
        out = dict(inner)
    elif (
        set(inner) <= {"type", "minimum", "maximum", "enum", "contentEncoding", "examples", "format"}
        and "type" in inner
    ):
        out = {**inner, "type": [inner["type"], "null"]}
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    else:
        out = {"anyOf": [inner, {"type": "null"}]}
    if column.docs.description:
        out = {"description": column.docs.description, **out}
    out["x-property"] = column.app.prop
    return out


def required_columns(table: Table) -> list[str]:
    """The columns a row must name: NOT NULL, and nothing (SQL, the app, the rowid) fills them."""
    return [
        c.name
        for c in table.columns
        if table.not_null(c)
        and not c.has_sql_default
        and c.app.default is None
        and not c.autoincrement
        and not c.is_generated
    ]


def row_schema(table: Table, schema_name: str = "") -> dict[str, Any]:
    """The JSON Schema of one row keyed by SQL column names."""
    required = required_columns(table)
    prefix = f"{schema_name}/" if schema_name else ""
    return {
        "$schema": DRAFT,
        "$id": f"{prefix}{table.name}.schema.json",
        "title": table.name,
        "description": table.docs.description,
        "type": "object",
        "properties": {c.name: column_schema(c, not_null=table.not_null(c)) for c in table.columns},
        "required": required,
        "additionalProperties": False,
    }
