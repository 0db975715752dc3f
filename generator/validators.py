"""JSON Schema (draft 2020-12) of a table row, and the validators app code and `import`/`audit` use."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from generator.errors import DataError
from generator.model import Column, Schema, Table

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def column_schema(column: Column) -> dict[str, Any]:
    """The JSON Schema of one column's value (JSON columns as their parsed value)."""
    inner: dict[str, Any]
    if column.is_json:
        inner = column.shape() or {}
    elif column.type == "integer":
        inner = {"type": "integer"}
    elif column.type == "real":
        inner = {"type": "number"}
    elif column.type == "blob":
        inner = {"type": "string", "contentEncoding": "base64"}
    else:
        inner = {"type": "string"}
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
    if column.effective_not_null:
        out = dict(inner)
    elif set(inner) <= {"type", "minimum", "maximum", "enum", "contentEncoding", "examples"} and "type" in inner:
        out = {**inner, "type": [inner["type"], "null"]}
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    else:
        out = {"anyOf": [inner, {"type": "null"}]}
    if column.description:
        out = {"description": column.description, **out}
    out["x-property"] = column.prop
    return out


def row_schema(table: Table, schema_name: str = "") -> dict[str, Any]:
    """The JSON Schema of one row keyed by SQL column names."""
    required = [
        c.name
        for c in table.columns
        if c.effective_not_null and c.default is None and c.app_default is None and not c.autoincrement
    ]
    prefix = f"{schema_name}/" if schema_name else ""
    return {
        "$schema": DRAFT,
        "$id": f"{prefix}{table.name}.schema.json",
        "title": table.name,
        "description": table.description,
        "type": "object",
        "properties": {c.name: column_schema(c) for c in table.columns},
        "required": required,
        "additionalProperties": False,
    }


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with a row: the column (or '' for the row) and why."""

    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message


class RowValidator:
    """Validates rows of one table; reuse one per table (the compiled schema is kept)."""

    def __init__(self, table: Table, schema_name: str = "") -> None:
        self.table = table
        self.schema = row_schema(table, schema_name)
        self._validator = Draft202012Validator(self.schema)
        self._json_columns = frozenset(c.name for c in table.json_columns)
        self._by_property = {c.prop: c.name for c in table.columns}

    def normalize(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """Keys as SQL names (property names accepted); JSON columns given as strings are parsed."""
        out: dict[str, Any] = {}
        for key, value in row.items():
            name = key if self.table.has_column(key) else self._by_property.get(key, key)
            out[name] = value
        return out

    def problems(self, row: Mapping[str, Any]) -> list[RowProblem]:
        """Every problem of one row (keys as SQL or property names), sorted by column."""
        data = self.normalize(row)
        found: list[RowProblem] = []
        for name in self._json_columns & data.keys():
            if isinstance(data[name], str):
                try:
                    data[name] = json.loads(data[name])
                except ValueError as exc:
                    found.append(RowProblem(name, f"not valid JSON ({exc.msg} at char {exc.pos})"))
                    data[name] = None
        for error in self._validator.iter_errors(data):
            found.append(_problem(error))
        return sorted(set(found), key=lambda p: (p.column, p.message))

    def is_valid(self, row: Mapping[str, Any]) -> bool:
        """True when the row has no problems."""
        return not self.problems(row)


def _problem(error: jsonschema.ValidationError) -> RowProblem:
    if error.validator in ("anyOf", "oneOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return _problem_at(error, best)
    return _problem_at(error, error)


def _problem_at(outer: jsonschema.ValidationError, error: jsonschema.ValidationError) -> RowProblem:
    path = list(outer.absolute_path) + (list(error.relative_path) if outer is not error else [])
    if not path:
        if error.validator == "additionalProperties":
            return RowProblem("", f"unknown column(s): {error.message.split('(')[-1].rstrip(')')}")
        if error.validator == "required":
            name = error.message.split("'")[1]
            return RowProblem(name, "is required (NOT NULL, no default) but missing")
        return RowProblem("", error.message)
    column = str(path[0])
    inner = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[1:])
    where = f"{inner}: " if inner else ""
    return RowProblem(column, f"{where}{_short(error)}")


def _short(error: jsonschema.ValidationError) -> str:
    if error.validator == "type" and error.instance is None:
        return "is NULL but the column is NOT NULL" if error.path and len(error.path) == 1 else "is null"
    text = error.message
    return text if len(text) <= 160 else text[:157] + "..."


@cache
def _default_schema() -> Schema:
    from generator.spec import load_spec

    return load_spec(Path("spec/schema.yaml"))


def validator_for(table: str, schema: Schema | None = None) -> RowValidator:
    """A RowValidator for `table` of `schema` (default: spec/schema.yaml in the working directory)."""
    schema = schema or _default_schema()
    if not schema.has_table(table):
        raise DataError(f"unknown table '{table}' (tables: {', '.join(t.name for t in schema.tables)})")
    return _cached_validator(schema, table)


@cache
def _cached_validator(schema: Schema, table: str) -> RowValidator:
    return RowValidator(schema.table(table), schema.name)


def validate_row(table: str, row: Mapping[str, Any], schema: Schema | None = None) -> list[RowProblem]:
    """Problems of one row of `table` (empty when valid); keys may be SQL or property names."""
    return validator_for(table, schema).problems(row)
