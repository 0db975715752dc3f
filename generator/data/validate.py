"""Row validators: input records (import, app code) and stored rows (audit), checked against the spec."""

from __future__ import annotations

import base64
import json
import os
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from generator.config import load_config
from generator.data.rowschema import row_schema
from generator.data.shapes import compile_shape
from generator.errors import DataError
from generator.model import Column, Schema, Table, json_path
from generator.model.types import value_kind

_WANTED = {
    "text": "a string",
    "integer": "an integer",
    "real": "a number",
    "blob": "base64 text",
    "numeric": "a number or a string",
}


# The kinds of problem: the `check` column of audit reports and the key `import` groups its report by.
MISSING = "missing"
NOT_NULL = "not-null"
TYPE = "type"
ENUM = "enum"
RANGE = "range"
JSON_INVALID = "json-invalid"
JSON_SHAPE = "json-shape"
UNKNOWN_COLUMN = "unknown-column"
RECORD = "record"

InputCheck = Callable[[Any], tuple[Any, "RowProblem | None"]]
StoredCheck = Callable[[Any], "RowProblem | None"]

_ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")
_SQLITE_RE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?")
# JSON.stringify's compact form; one encoder, as json.dumps builds a new one per call when given options.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_STORED_TYPES = {type(None): "null", int: "integer", float: "real", str: "text", bytes: "blob"}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with a row: the column ('' for the whole row), why, and the kind of failed check."""

    column: str
    message: str
    kind: str = "invalid"

    def __str__(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message


@dataclass(frozen=True, slots=True)
class PreparedRow:
    """A record made ready for INSERT: values by SQL name (JSON as text), its problems, unknown keys."""

    values: dict[str, Any]
    problems: list[RowProblem]
    unknown: tuple[str, ...]


class RowValidator:
    """Validates rows of one table; build one per table and reuse it (every check is compiled once).

    Two kinds of row are checked against the same spec:
    - input records (`prepare`, `problems`): keys are SQL or property (camelCase) names, JSON columns may hold
      the parsed value or its text; this is what `schemagen import` and app code validate;
    - stored rows (`stored_checker`): tuples read back from the database, where JSON must be text and each
      value's storage type (SQLite `typeof`) must match the column; this is what `schemagen audit` checks.
    A fast path accepts clean values with plain type checks; jsonschema runs only to explain a failure, so the
    messages match the generated `validators/<table>.schema.json`.
    """

    def __init__(self, table: Table, schema_name: str = "") -> None:
        self.table = table
        self.schema = row_schema(table, schema_name)
        self._names = {c.prop: c.name for c in table.columns if c.prop}
        self._names.update({c.name: c.name for c in table.columns})
        self._required = tuple(self.schema["required"])
        self._input = {c.name: _input_check(c) for c in table.columns}
        self._stored = {c.name: _stored_check(c) for c in table.columns}
        self._auto_ids = frozenset(c.name for c in table.columns if c.autoincrement)
        self._json_names = frozenset(c.name for c in table.columns if c.is_json)
        self._int_names = frozenset(c.name for c in table.columns if value_kind(c.sql_type) == "integer")
        self._blob_names = frozenset(c.name for c in table.columns if value_kind(c.sql_type) == "blob")
        self._app_defaults = tuple(
            (c.name, c.app_default) for c in table.columns if c.app_default and c.effective_not_null
        )

    def normalize(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """Keys as SQL names (property names accepted); unknown keys are kept as they are."""
        return {self._names.get(key, key): value for key, value in row.items()}

    def column_name(self, key: str) -> str | None:
        """The SQL column a record key names (SQL or property name), or None."""
        return self._names.get(key)

    def prepare(self, row: Any) -> PreparedRow:
        """Check one input record and convert it for INSERT (JSON to text, NOT NULL app defaults filled)."""
        if not isinstance(row, Mapping):
            kind = "an array" if isinstance(row, list) else _json_type(row)
            return PreparedRow({}, [RowProblem("", f"record is {kind}, not an object", RECORD)], ())
        values: dict[str, Any] = {}
        unknown: list[str] = []
        problems: list[RowProblem] = []
        names = self._names
        checks = self._input
        for key, value in row.items():
            name = names.get(key)
            if name is None:
                unknown.append(key)
                continue
            if value is None and name in self._auto_ids:
                continue  # NULL into an INTEGER PRIMARY KEY means "assign the next id"
            value, problem = checks[name](value)
            values[name] = value
            if problem is not None:
                problems.append(problem)
        for name in self._required:
            if name not in values:
                problems.append(RowProblem(name, "is required (NOT NULL, no default) but missing", MISSING))
        for name, kind in self._app_defaults:
            if name not in values:
                values[name] = str(uuid.uuid4()) if kind == "uuid" else _now()
        return PreparedRow(values, problems, tuple(unknown))

    def convert(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The INSERT values of a record `prepare` found valid, converted the same way, not re-checked."""
        values: dict[str, Any] = {}
        names = self._names
        for key, value in row.items():
            name = names.get(key)
            if name is None or (value is None and name in self._auto_ids):
                continue
            kind = type(value)
            if name in self._json_names:
                if value is not None and kind is not str:
                    value = _ENCODE(value)
            elif kind is float and name in self._int_names and value.is_integer():
                value = int(value)
            elif kind is str and name in self._blob_names:
                value = base64.b64decode(value, validate=True)
            values[name] = value
        for name, default in self._app_defaults:
            if name not in values:
                values[name] = str(uuid.uuid4()) if default == "uuid" else _now()
        return values

    def problems(self, row: Mapping[str, Any]) -> list[RowProblem]:
        """Every problem of one input record (unknown keys included), sorted by column."""
        prepared = self.prepare(row)
        found = list(prepared.problems)
        if prepared.unknown:
            names = ", ".join(f"'{k}'" for k in prepared.unknown)
            found.append(RowProblem("", f"unknown column(s): {names}", UNKNOWN_COLUMN))
        return sorted(set(found), key=lambda p: (p.column, p.message))

    def is_valid(self, row: Mapping[str, Any]) -> bool:
        """True when the input record has no problems."""
        return not self.problems(row)

    def stored_checker(self, columns: Sequence[str]) -> Callable[[Sequence[Any]], list[RowProblem]]:
        """A function checking stored rows whose values come in `columns` order (as read back)."""
        checks = [self._stored[name] for name in columns]

        def check(values: Sequence[Any]) -> list[RowProblem]:
            found = []
            for run, value in zip(checks, values, strict=True):
                problem = run(value)
                if problem is not None:
                    found.append(problem)
            return found

        return check


def stored_type(value: Any) -> str:
    """The SQLite storage class of a value read back from the database (what `typeof()` returns)."""
    return _STORED_TYPES.get(type(value), type(value).__name__)


def timestamp_format(value: str) -> str:
    """'iso-8601' (what the app writes), 'sqlite' (datetime('now')), or 'other'."""
    if _ISO_RE.fullmatch(value):
        return "iso-8601"
    if _SQLITE_RE.fullmatch(value):
        return "sqlite"
    return "other"


def is_timestamp_column(column: Column) -> bool:
    """True for the text columns that hold timestamps (`*_at`, `last_*`, or a client-side `now` default)."""
    if value_kind(column.sql_type) != "text":
        return False
    return column.app_default == "now" or column.name.endswith("_at") or column.name.startswith("last_")


def _now() -> str:
    """The app's timestamp format: JavaScript's toISOString()."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _show(value: Any) -> str:
    """A short rendering of a value for a message."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, bytes) else f"<{len(value)} bytes>"
    return text if len(text) <= 60 else text[:57] + "..."


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_type(value: Any) -> str:
    """The JSON type name of a Python value, with an article, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _scalar_tests(column: Column) -> Callable[[Any], RowProblem | None]:
    """Enum and range checks of a scalar value already known to have the right type."""
    name = column.name
    values = column.closed_enum
    allowed = frozenset(values) if values is not None else None
    listed = ", ".join(values) if values is not None else ""
    low, high = column.minimum, column.maximum

    def check(value: Any) -> RowProblem | None:
        if allowed is not None and value not in allowed:
            return RowProblem(name, f"{_show(value)} is not one of: {listed}", ENUM)
        if low is not None and value < low:
            return RowProblem(name, f"{value} is below the minimum {low}", RANGE)
        if high is not None and value > high:
            return RowProblem(name, f"{value} is above the maximum {high}", RANGE)
        return None

    return check


def _parse_json(name: str, text: str) -> tuple[Any, RowProblem | None]:
    """The parsed value of JSON text, or the problem that names where it breaks."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, RowProblem(name, f"not valid JSON ({exc.msg} at char {exc.pos})", JSON_INVALID)


def _input_check(column: Column) -> InputCheck:
    """The check of one column's input value: (value to store, problem or None)."""
    name = column.name
    not_null = column.effective_not_null
    null_problem = RowProblem(name, "is null but the column is NOT NULL", NOT_NULL) if not_null else None
    if column.is_json:
        shape = _ShapeCheck(column)

        def check_json(value: Any) -> tuple[Any, RowProblem | None]:
            if value is None:
                return None, null_problem
            text: str | None = None
            if isinstance(value, str):
                text = value
                value, invalid = _parse_json(name, text)
                if invalid is not None:
                    return text, invalid
            problem = shape(value, not_null)
            if text is None:
                try:
                    text = _ENCODE(value)
                except (TypeError, ValueError) as exc:
                    return value, RowProblem(name, f"cannot be written as JSON ({exc})", JSON_INVALID)
            return text, problem

        return check_json
    tests = _scalar_tests(column)
    kind = value_kind(column.sql_type)

    def check(value: Any) -> tuple[Any, RowProblem | None]:
        if value is None:
            return None, null_problem
        vtype = type(value)
        if kind == "text":
            ok = vtype is str
        elif kind == "integer":
            if vtype is float and value.is_integer():
                value = int(value)
                vtype = int
            ok = vtype is int
        elif kind == "real":
            ok = vtype is float or vtype is int
        elif kind == "numeric":
            ok = vtype in (int, float, str)
        elif kind == "any":
            ok = vtype in (int, float, str, bytes)
        else:  # blob: bytes, or base64 text as the JSON Schema says
            ok = vtype is bytes
            if vtype is str:
                try:
                    value = base64.b64decode(value, validate=True)
                    ok = True
                except ValueError:
                    return value, RowProblem(name, "is not valid base64", TYPE)
        if not ok:
            want = _WANTED[kind]
            return value, RowProblem(name, f"expected {want}, got {_json_type(value)} {_show(value)}", TYPE)
        return value, tests(value)

    return check


def _stored_check(column: Column) -> StoredCheck:
    """The check of one column's stored value (as read back): storage type, NULL, enum, range, JSON."""
    name = column.name
    not_null = column.effective_not_null
    null_problem = RowProblem(name, "is NULL but the column is NOT NULL", NOT_NULL) if not_null else None
    if column.is_json:
        shape = _ShapeCheck(column)

        def check_json(value: Any) -> RowProblem | None:
            if value is None:
                return null_problem
            if type(value) is not str:
                return RowProblem(
                    name, f"stored as {stored_type(value)} {_show(value)}, expected JSON text", TYPE
                )
            parsed, invalid = _parse_json(name, value)
            return invalid if invalid is not None else shape(parsed, not_null)

        return check_json
    tests = _scalar_tests(column)
    kind = value_kind(column.sql_type)
    wanted: tuple[type, ...] = {
        "text": (str,),
        "integer": (int,),
        "real": (float, int),
        "blob": (bytes,),
        "numeric": (int, float, str),
        "any": (int, float, str, bytes),
    }[kind]
    expected = column.sql_type

    def check(value: Any) -> RowProblem | None:
        if value is None:
            return null_problem
        if type(value) not in wanted:
            return RowProblem(
                name, f"stored as {stored_type(value)} {_show(value)}, expected {expected}", TYPE
            )
        return tests(value)

    return check


class _ShapeCheck:
    """The JSON Schema of a JSON column's parsed value: a compiled fast accept, jsonschema to explain."""

    def __init__(self, column: Column) -> None:
        self.name = column.name
        self.shape = column.shape() or {}
        self.fast = compile_shape(self.shape)
        self.validator = Draft202012Validator(self.shape)

    def __call__(self, value: Any, not_null: bool) -> RowProblem | None:
        if value is None:
            # JSON `null` text: the row schema allows it exactly where SQL NULL is allowed.
            if not_null:
                return RowProblem(self.name, "is JSON null but the column is NOT NULL", NOT_NULL)
            return None
        if self.fast is not None and self.fast(value):
            return None
        error = jsonschema.exceptions.best_match(self.validator.iter_errors(value))
        if error is None:
            return None
        path = json_path(error.absolute_path)
        where = f"at {path}: " if path else ""
        return RowProblem(self.name, f"{where}{_clip(error.message)}", JSON_SHAPE)


def _default_schema() -> Schema:
    """The spec the project configuration names (found from the working directory, as the CLI does)."""
    return _schema_at(os.path.abspath(load_config().spec))


@cache
def _schema_at(path: str) -> Schema:
    from generator.spec import load_spec

    return load_spec(path, display=os.path.relpath(path))


def validator_for(table: str, schema: Schema | None = None) -> RowValidator:
    """A RowValidator for `table` of `schema` (default: the configured spec, else spec/schema.yaml)."""
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
