"""Proposals from the data: what the rows suggest beyond the schema, marked as inferred, never a CHECK.

- A text column whose every value is a JSON object or array becomes `type: json` with `json_check: false`
  (so the DDL stays as it is), a JSON Schema genson inferred from the values, and the first value as the
  example; a JSON column the schema already has (a json_valid CHECK) gets its shape and example the same way.
- A text column with a few short distinct values gets them as an open enum (documentation; closing it,
  which adds a CHECK, is the author's decision), with the counts in a comment.
- Integer columns holding 0s and 1s and nothing else are noted as booleans; text timestamps get their
  formats counted; columns holding more than one storage class say so (audit reports the odd ones).

Every proposal has a `# inferred from N rows: ...` comment above its column.
"""

from __future__ import annotations

from msgspec.structs import replace

from generator.inspect.profile import ENUM_MAX, ColumnProfile, TableProfile
from generator.model import Column, Enum, Schema, Table
from generator.model.types import Affinity, affinity, value_kind
from generator.spec.yamltext import Path_

ENUM_MIN_ROWS = 10  # fewer values than this say too little to propose an enum
ENUM_VALUE_MAX = 64  # longer text is prose, not a kind of thing
Comment = tuple[Path_, tuple[str, ...]]


def propose(schema: Schema, profiles: tuple[TableProfile, ...]) -> tuple[Schema, tuple[Comment, ...]]:
    """`schema` with the proposals the profiles support, and the comments that explain each one."""
    by_table = {p.table: p for p in profiles}
    tables = []
    comments: list[Comment] = []
    for table in schema.tables:
        profile = by_table.get(table.name)
        if profile is None:
            tables.append(table)
            continue
        columns = []
        for column in table.columns:
            new, notes = _column(table, column, profile.column(column.name), profile.rows)
            columns.append(new)
            if notes:
                comments.append((("tables", table.name, "columns", column.name), notes))
        tables.append(replace(table, columns=tuple(columns)))
        comments.append((("tables", table.name), (_rows_note(profile),)))
    return replace(schema, tables=tuple(tables)), tuple(comments)


def rows(count: int) -> str:
    """`1 row`, `2,048 rows`."""
    return f"{count:,} row" + ("" if count == 1 else "s")


def _rows_note(profile: TableProfile) -> str:
    if not profile.rows:
        return "no rows: nothing inferred"
    if profile.complete:
        return f"{rows(profile.rows)}, all profiled"
    return f"{rows(profile.rows)} profiled (the --rows limit; the table has more)"


def _keyed(table: Table, column: Column) -> bool:
    """True for key columns (primary key, unique, foreign key): their values are identities, not kinds."""
    in_fk = any(column.name in fk.columns for fk in table.foreign_keys)
    return column.primary_key or column.unique or in_fk


def _column(
    table: Table, column: Column, profile: ColumnProfile, count: int
) -> tuple[Column, tuple[str, ...]]:
    head = f"inferred from {rows(count)}: "
    notes: list[str] = []
    if len({_CLASSES.get(kind, kind) for kind, _n in profile.stored}) > 1:
        shown = ", ".join(f"{kind} {n:,}" for kind, n in profile.stored)
        notes.append(f"{head}stored as {shown}")
    stamps = sum(n for _kind, n in profile.timestamps)
    stamped = bool(profile.values) and stamps * 2 >= profile.values
    if column.json:
        column, note = _json_shape(column, profile)
        notes.append(head + note)
    elif profile.json_kind and not _keyed(table, column) and column.enum is None:
        column, note = _json_column(column, profile)
        notes.append(head + note)
    elif profile.documents:
        # Some values are whole JSON documents and some are not: neither a JSON column nor a set of kinds.
        notes.append(
            f"{head}{profile.documents:,} of {profile.values:,} values are JSON (objects or arrays), the "
            "others are not: not made type json, no enum proposed"
        )
    elif profile.text is not None and column.enum is None and not _keyed(table, column) and not stamped:
        column, note = _open_enum(column, profile)
        if note:
            notes.append(head + note)
    if profile.booleans is not None and value_kind(column.type) in ("integer", "numeric"):
        zeros, ones = profile.booleans
        if zeros and ones and not _keyed(table, column):
            notes.append(f"{head}only 0 and 1 (0: {zeros:,}, 1: {ones:,}): a boolean")
    if stamped:
        shown = ", ".join(f"{_FORMATS[kind]} {n:,}" for kind, n in profile.timestamps)
        other = profile.values - stamps
        mixed = len(profile.timestamps) > 1 or other
        proposed = ""
        if not column.format and not column.json and affinity(column.type) in _DATED:
            column = replace(column, format=profile.timestamps[0][0])
            proposed = f"; format {column.format} (`schemagen audit` warns about the others)" if mixed else ""
        notes.append(
            f"{head}timestamps, {shown}"
            + (f", other {other:,}" if other else "")
            + (" (mixed)" if mixed else "")
            + proposed
        )
    return column, tuple(notes)


# Integers and reals mix in any numeric column; text or blobs among numbers (or numbers among text) do not.
_CLASSES = {"integer": "number", "real": "number"}
_DATED = (Affinity.TEXT, Affinity.NUMERIC)  # the affinities a text format can describe (DATETIME is NUMERIC)
_FORMATS = {"date-time": "ISO-8601", "sqlite-datetime": "SQLite 'YYYY-MM-DD HH:MM:SS'", "date": "dates"}


def _json_shape(column: Column, profile: ColumnProfile) -> tuple[Column, str]:
    """A JSON column of the schema (json_valid CHECK): its shape and example from the values, if any."""
    if column.json_schema not in (None, "{}"):
        return column, "a JSON column with a shape already"
    if profile.json_shape is None:
        return column, "no JSON value to infer a shape from: describe it in `json:` and `example:`"
    column = replace(
        column, json_schema=profile.json_shape, docs=replace(column.docs, example=profile.json_example)
    )
    return column, "the JSON shape and example (the first value) from the data"


def _json_column(column: Column, profile: ColumnProfile) -> tuple[Column, str]:
    """A text column of JSON objects or arrays: `type: json` without a CHECK, when the type says text."""
    kind = "object or array" if profile.json_kind == "mixed" else profile.json_kind
    if column.type.upper() != "TEXT":
        return column, f"every value is a JSON {kind}; declared {column.type}, so not made `type: json`"
    column = replace(
        column,
        type="text",
        json=True,
        json_check=False,
        json_schema=profile.json_shape,
        docs=replace(column.docs, example=profile.json_example),
    )
    return column, f"every value is a JSON {kind}: type json without a CHECK, shape and example from the data"


def _open_enum(column: Column, profile: ColumnProfile) -> tuple[Column, str]:
    """Few distinct text values, each seen more than once: an open enum (no CHECK), counts in the comment."""
    counts = tuple((value, n) for value, n in profile.text or () if value)
    distinct = len(counts)
    if (
        affinity(column.type) is not Affinity.TEXT
        or not 2 <= distinct <= ENUM_MAX
        or profile.values < max(ENUM_MIN_ROWS, 2 * distinct)
        or any(len(value) > ENUM_VALUE_MAX or "\n" in value for value, _n in counts)
    ):
        return column, ""
    values = tuple(sorted(value for value, _n in counts))
    shown = ", ".join(f"{value} {n:,}" for value, n in counts)
    empty = profile.values - sum(n for _v, n in counts)
    extra = f", and '' {empty:,} (not an enum value)" if empty else ""
    return (
        replace(column, enum=Enum(values, open=True)),
        f"{distinct} values ({shown}{extra}): an open enum (`open: false` would add a CHECK)",
    )
