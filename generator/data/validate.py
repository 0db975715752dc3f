"""Row validators: input records (import, app code) and stored rows (audit), checked against the spec."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from msgspec import Struct

from generator.data.checks import (
    ENUM,
    FAST_ENUM,
    FAST_INT,
    FAST_JSON,
    FAST_TEXT,
    JSON_INVALID,
    JSON_SHAPE,
    MISSING,
    NOT_NULL,
    RANGE,
    RECORD,
    REFUSED,
    TYPE,
    UNKNOWN_COLUMN,
    InputCheck,
    RowProblem,
    fast_input,
    input_check,
    stored_check,
    stored_type,
)
from generator.data.jsonvalue import has_surrogate, printable, show, type_name
from generator.data.rowschema import row_schema
from generator.errors import DataError
from generator.model import Column, Schema, Table
from generator.model.types import value_kind

__all__ = [
    "ENUM",
    "JSON_INVALID",
    "JSON_SHAPE",
    "MISSING",
    "NOT_NULL",
    "RANGE",
    "RECORD",
    "REFUSED",
    "TYPE",
    "UNKNOWN_COLUMN",
    "PreparedRow",
    "RowProblem",
    "RowValidator",
    "Unreadable",
    "declared_format",
    "stored_type",
    "timestamp_format",
    "validate_row",
    "validator_for",
]

# The text formats a spec's `format:` names, each as the values it matches (the first that matches wins).
FORMATS: dict[str, re.Pattern[str]] = {
    "date-time": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?"),
    "sqlite-datetime": re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?"),
    "date": re.compile(r"\d{4}-\d\d-\d\d"),
}
OTHER = "other"
_MISSING = "is required (NOT NULL, no default) but missing"
_Entry = tuple[str, int, Any, bool, InputCheck]
# Generated columns are the database's to compute: a record may carry them (an export does), unused.
_GENERATED = -1
_LABEL_CHARS = 40


class Unreadable(Struct, frozen=True):
    """A record that could not be read at all (a broken JSON line, a record nested too deep): why."""

    reason: str


class PreparedRow(Struct, frozen=True):
    """A record made ready for INSERT: values by SQL name (JSON as text), its problems, unknown keys.

    `filled` names the columns whose value is an app default (`app_default: now | uuid`) the record lacked.
    """

    values: dict[str, Any]
    problems: list[RowProblem]
    unknown: tuple[str, ...]
    filled: tuple[str, ...] = ()


class RowValidator:
    """Validates rows of one table; build one per table and reuse it (every check is compiled once).

    Two kinds of row are checked against the same spec:
    - input records (`prepare`, `problems`): keys are SQL or property (camelCase) names, JSON columns may hold
      the parsed value or its text; this is what `schemagen import` and app code validate;
    - stored rows (`stored_checker`): tuples read back from the database, where JSON must be text and each
      value's storage type (SQLite `typeof`) must match the column; this is what `schemagen audit` checks.
    Clean input values take inline paths (checks.FAST_*: plain type tests, compiled JSON shapes) that store
    them as their column's check would; jsonschema runs only to explain a failure, so the messages match the
    generated `validators/<table>.schema.json`. No input makes these raise.
    """

    def __init__(self, table: Table, schema_name: str = "", *, fast: bool = True) -> None:
        self.table = table
        self.fast = fast  # False: every value goes to its column's check (the referee of the inline paths)
        self.schema = row_schema(table, schema_name)
        self._required = tuple(self.schema["required"])
        self._input = {c.name: input_check(c, not_null=table.not_null(c)) for c in table.columns}
        self._stored = {c.name: stored_check(c, not_null=table.not_null(c)) for c in table.columns}
        self._auto_ids = frozenset(c.name for c in table.columns if c.autoincrement)
        # Drizzle's $defaultFn fills a value the app leaves undefined (an explicit null stays NULL).
        self._app_defaults = tuple((c.name, c.app.default) for c in table.columns if c.app.default)
        self._key = tuple(c.name for c in table.primary_key)
        self._label_columns = _label_columns(table)
        # UNIQUE constraints name a row when it has no key: `project_id=1, number=7`
        self._unique_sets = tuple(u.names for u in table.uniques if len(u.names) > 1)
        self._required_set = frozenset(self._required)
        # One entry per record key (property names first, then SQL names: a SQL name that is also another
        # column's property names its own column): (SQL name, checks.FAST_* mode or _GENERATED, the mode's
        # argument, None is stored as given, the column's check).
        entries = {c.name: self._entry(c) for c in table.columns}
        self._entries = {c.app.prop: entries[c.name] for c in table.columns if c.app.prop}
        self._entries.update(entries)
        self._names: dict[Any, str] = {key: entry[0] for key, entry in self._entries.items()}

    def _entry(self, column: Column) -> _Entry:
        check = self._input[column.name]
        if column.is_generated:
            return column.name, _GENERATED, None, False, check
        mode, arg = fast_input(column, check)
        # None is stored as given where the check says so, but NULL into an INTEGER PRIMARY KEY is left out.
        null = not column.autoincrement and check(None) == (None, None)
        return column.name, mode, arg, null, check

    def normalize(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """Keys as SQL names (property names accepted); unknown keys are kept as they are."""
        return {self._names.get(key, key): value for key, value in row.items()}

    def column_name(self, key: Any) -> str | None:
        """The SQL column a record key names (SQL or property name), or None."""
        try:
            return self._names.get(key)
        except TypeError:  # an unhashable key names nothing
            return None

    def prepare(self, row: Any) -> PreparedRow:
        """Check one input record and convert it for INSERT (JSON to canonical text, app defaults filled)."""
        if type(row) is not dict:  # a dict, the common case, is neither (an ABC's isinstance is slow)
            if isinstance(row, Unreadable):
                return PreparedRow({}, [RowProblem("", row.reason, RECORD)], ())
            if not isinstance(row, Mapping):
                kind = "an array" if isinstance(row, list) else type_name(row)
                return PreparedRow({}, [RowProblem("", f"record is {kind}, not an object", RECORD)], ())
        values: dict[str, Any] = {}
        unknown: list[str] = []
        problems: list[RowProblem] = []
        entries, fast = self._entries, self.fast
        for key, value in row.items():
            entry = entries.get(key) if type(key) is str else None
            if entry is None:
                unknown.append(_unknown(key))
                continue
            name, mode, arg, null, check = entry
            if not fast:  # `fast=False`: every value goes to its column's check (the inline paths' referee)
                pass
            elif mode == FAST_TEXT and type(value) is str:  # the inline paths (checks.FAST_*): clean values
                if value.isascii() or not has_surrogate(value):
                    values[name] = value
                    continue
            elif value is None:
                if null:
                    values[name] = None
                    continue
            elif mode == FAST_JSON:
                text = arg(value)
                if text is not None:
                    values[name] = text
                    continue
            elif mode == FAST_INT:
                if type(value) is int and arg[0] <= value <= arg[1]:
                    values[name] = value
                    continue
            elif mode == FAST_ENUM and type(value) is str and value in arg:
                values[name] = value
                continue
            self._check(name, mode, check, value, values, problems)
        if not values.keys() >= self._required_set:
            for name in self._required:
                if name not in values:
                    problems.append(RowProblem(name, _MISSING, MISSING))
        filled: tuple[str, ...] = ()
        for name, kind in self._app_defaults:
            if name not in values:
                values[name] = _uuid() if kind == "uuid" else _now()
                filled += (name,)
        return PreparedRow(values, problems, tuple(unknown) if unknown else (), filled)

    def _check(
        self,
        name: str,
        mode: int,
        check: InputCheck,
        value: Any,
        values: dict[str, Any],
        problems: list[RowProblem],
    ) -> None:
        """One value through its column's check (a generated column's value and a NULL id are left out)."""
        if mode == _GENERATED:
            return
        if value is None and name in self._auto_ids:
            return  # NULL into an INTEGER PRIMARY KEY means "assign the next id"
        value, problem = check(value)
        values[name] = value
        if problem is not None:
            problems.append(problem)

    def label(self, prepared: PreparedRow) -> str:
        """How a report names the row: `key q-1`, else its most identifying value (`bot_name=processor`)."""
        return self.label_of(prepared.values, prepared.filled)

    def label_of(self, values: Mapping[str, Any], filled: Sequence[str] = ()) -> str:
        """`label` of prepared values (`filled`: columns holding app defaults, which identify nothing)."""
        given = self._key and all(values.get(c) is not None for c in self._key)
        if given and not set(self._key) & set(filled):
            return "key " + "/".join(_short(values[c]) for c in self._key)
        for names in self._unique_sets:
            if all(values.get(c) is not None and c not in filled for c in names):
                return ", ".join(f"{c}={_short(values[c])}" for c in names)
        for name in self._label_columns:
            value = values.get(name)
            if value is not None and name not in filled:
                return f"{name}={_short(value)}"
        return ""

    def problems(self, row: Mapping[str, Any]) -> list[RowProblem]:
        """Every problem of one input record (unknown keys included), sorted by column."""
        prepared = self.prepare(row)
        found = list(prepared.problems)
        if prepared.unknown:
            names = ", ".join(f"'{k}'" for k in prepared.unknown)
            found.append(
                RowProblem(
                    "",
                    f"unknown {'column' if len(prepared.unknown) == 1 else 'columns'}: {names}",
                    UNKNOWN_COLUMN,
                )
            )
        return sorted(set(found), key=lambda p: (p.column, p.message))

    def is_valid(self, row: Mapping[str, Any]) -> bool:
        """True when the input record has no problems."""
        return not self.problems(row)

    def stored_checker(self, columns: Sequence[str]) -> Callable[[Sequence[Any]], list[RowProblem]]:
        """A function checking stored rows whose values come in `columns` order (as read back).

        It explains the first JSON-shape failure of each column in full; later ones are only decided (a
        report keeps one message per column and kind): a table of broken rows is about as fast as a clean one.
        """
        checks = [self._stored[name] for name in columns]
        explained: set[int] = set()

        def check(values: Sequence[Any]) -> list[RowProblem]:
            found = []
            for position, (run, value) in enumerate(zip(checks, values, strict=True)):
                problem = run(value, position not in explained)
                if problem is not None:
                    if problem.kind == JSON_SHAPE:
                        explained.add(position)
                    found.append(problem)
            return found

        return check


def _label_columns(table: Table) -> tuple[str, ...]:
    """Columns that identify a row without its key: unique ones, then references, then NOT NULL text."""
    usable = [
        c
        for c in table.columns
        if not c.primary_key and not c.json and value_kind(c.type) in ("text", "integer")
    ]
    ordered = (
        [c for c in usable if c.unique]
        + [c for c in usable if any(c.name in fk.columns for fk in table.foreign_keys)]
        + [c for c in usable if value_kind(c.type) == "text" and table.not_null(c)]
    )
    return tuple(dict.fromkeys(c.name for c in ordered))


def _unknown(key: Any) -> str:
    """How a report shows a record key that names no column."""
    return printable(key) if isinstance(key, str) else show(key)


def _short(value: Any) -> str:
    text = printable(value) if isinstance(value, str) else show(value)
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 3] + "..."


def timestamp_format(value: str) -> str:
    """The format of FORMATS a text value is in (`date-time`, `sqlite-datetime`, `date`), or OTHER."""
    for name, pattern in FORMATS.items():
        if pattern.fullmatch(value):
            return name
    return OTHER


def declared_format(column: Column) -> str:
    """The text format the spec says a column keeps: its `format:` (the JSON Schema `format` of the
    column in validators/), else `date-time` for an `app_default: now` (what the app writes); '' for none.

    Never guessed from the column's name."""
    if column.format:
        return column.format
    return "date-time" if column.app.default == "now" and not column.json else ""


def _uuid() -> str:
    """A random UUID, as the app's crypto.randomUUID() makes one (uuid is imported on first use: it loads
    platform, which an import without uuid defaults never needs)."""
    import uuid

    return str(uuid.uuid4())


def _now() -> str:
    """The app's timestamp format: JavaScript's toISOString()."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def validator_for(table: str, schema: Schema) -> RowValidator:
    """A RowValidator for `table` of `schema` (the caller loads the spec: `generator.api.load_spec`)."""
    if not schema.has_table(table):
        raise DataError(f"unknown table '{table}' (tables: {', '.join(t.name for t in schema.tables)})")
    return _cached_validator(schema, table)


@cache
def _cached_validator(schema: Schema, table: str) -> RowValidator:
    return RowValidator(schema.table(table), schema.name)


def validate_row(table: str, row: Mapping[str, Any], schema: Schema) -> list[RowProblem]:
    """Problems of one row of `table` (empty when valid); keys may be SQL or property names."""
    return validator_for(table, schema).problems(row)
