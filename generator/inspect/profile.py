"""Data profiling: one pass over (at most `limit` of) each table's rows, in keyset pages, memory flat.

What is kept per column is bounded whatever the row count: counts of storage classes, of timestamp
formats, of 0/1 integers, the distinct text values up to ENUM_MAX + 1 (then no more), and for JSON the
merged schema genson builds plus the first value seen (the example). Nothing here decides anything: the
proposals are made from these profiles by generator.inspect.propose.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection
from typing import Any

from genson import SchemaBuilder
from msgspec import Struct, field

from generator.data.pages import page_key, read_pages
from generator.data.validate import stored_type, timestamp_format
from generator.db import Database, Row, Value
from generator.errors import DatabaseError
from generator.model import Schema, canonical_json
from generator.sqlite.ddl import quote_identifier

DEFAULT_ROWS = 10_000  # rows read per table unless --rows says otherwise
PAGE_SIZE = 1_000
ENUM_MAX = 12  # more distinct values than this is not an enum

# (table, rows read so far in all tables, rows to read in all tables)
Progress = Callable[[str, int, int], None]


class ColumnProfile(Struct, frozen=True):
    """What one column's values look like, in the rows read."""

    name: str
    values: int  # non-NULL values
    nulls: int
    stored: tuple[tuple[str, int], ...]  # storage class -> count, most common first
    text: tuple[tuple[str, int], ...] | None  # distinct text values -> count (None: more than ENUM_MAX)
    booleans: tuple[int, int] | None  # (count of 0, count of 1) when every value is the integer 0 or 1
    timestamps: tuple[tuple[str, int], ...]  # timestamp_format -> count over the text values
    json_kind: str  # the JSON type of every value ('object', 'array', ...), 'mixed', or '' when not JSON
    json_shape: str | None  # the inferred JSON Schema (canonical JSON) of the parsed values
    json_example: str | None  # the first parsed value (canonical JSON), in page order
    documents: int = 0  # text values that are a JSON object or array (whatever the other values are)


class TableProfile(Struct, frozen=True):
    """The profile of one table: how many rows were read, whether that was all of them, each column."""

    table: str
    rows: int
    complete: bool
    columns: tuple[ColumnProfile, ...]

    def column(self, name: str) -> ColumnProfile:
        """The profile of the column called `name` (KeyError if absent)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


class _Tally(Struct):
    """The running counts of one column while its rows stream past."""

    name: str
    any_json: bool = False  # a JSON column already: any JSON value counts, not only objects and arrays
    nulls: int = 0
    stored: Counter[str] = field(default_factory=Counter)
    text: Counter[str] | None = field(default_factory=Counter)
    zeros_ones: list[int] | None = field(default_factory=lambda: [0, 0])
    stamps: Counter[str] = field(default_factory=Counter)
    json_kinds: set[str] | None = field(default_factory=set)  # None once a value is not JSON
    builder: SchemaBuilder | None = None
    example: Any = None
    has_example: bool = False
    documents: int = 0

    def add(self, value: Value) -> None:
        if value is None:
            self.nulls += 1
            return
        kind = stored_type(value)
        self.stored[kind] += 1
        if self.zeros_ones is not None:
            if type(value) is int and value in (0, 1):
                self.zeros_ones[value] += 1
            else:
                self.zeros_ones = None
        if not isinstance(value, str):
            self.text = self.json_kinds = None
            return
        if self.text is not None:
            self.text[value] += 1
            if len(self.text) > ENUM_MAX:
                self.text = None
        self.stamps[timestamp_format(value)] += 1
        if self.json_kinds is not None:
            self._json(value)
        elif value.lstrip()[:1] in ("{", "["):
            self.documents += _is_document(value)

    def _json(self, value: str) -> None:
        """Parse JSON text (objects and arrays only, unless `any_json`), merging its shape; give up at the
        first other value."""
        if not self.any_json and not value.lstrip().startswith(("{", "[")):
            self.json_kinds = None
            return
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the decoder goes
            self.json_kinds = None
            return
        assert self.json_kinds is not None
        self.documents += isinstance(parsed, dict | list)
        self.json_kinds.add(_JSON_KINDS.get(type(parsed), "number"))
        if self.builder is None:
            self.builder = SchemaBuilder(schema_uri=None)
        self.builder.add_object(parsed)
        if not self.has_example:
            self.example, self.has_example = parsed, True

    def result(self) -> ColumnProfile:
        values = sum(self.stored.values())
        kinds = self.json_kinds if values and self.stored.keys() == {"text"} else None
        json_kind = "" if not kinds else (next(iter(kinds)) if len(kinds) == 1 else "mixed")
        shape = self.builder.to_schema() if json_kind and self.builder is not None else None
        return ColumnProfile(
            name=self.name,
            values=values,
            nulls=self.nulls,
            stored=_common(self.stored),
            text=_common(self.text) if self.text is not None and self.stored.keys() == {"text"} else None,
            booleans=(self.zeros_ones[0], self.zeros_ones[1])
            if self.zeros_ones is not None and values
            else None,
            timestamps=_common(Counter({k: n for k, n in self.stamps.items() if k != "other"})),
            json_kind=json_kind,
            json_shape=canonical_json(shape) if shape is not None else None,
            json_example=canonical_json(self.example) if json_kind else None,
            documents=self.documents,
        )


def _is_document(value: str) -> bool:
    """True when a text value is a JSON object or array."""
    try:
        return isinstance(json.loads(value), dict | list)
    except (ValueError, RecursionError):
        return False


_JSON_KINDS = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


def _count(db: Database, table: str, rows: list[Row]) -> int:
    """The row count a server answered (a hostile one may answer anything: one line, never a traceback)."""
    value = rows[0][0] if rows and rows[0] else None
    if type(value) is not int or value < 0:
        raise DatabaseError(f"{db.url}: unexpected answer counting the rows of {table}: {value!r:.40}")
    return value


def _common(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """(value, count) pairs, most common first, ties by value: the same order for the same data."""
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def profile_database(
    db: Database,
    schema: Schema,
    *,
    limit: int = DEFAULT_ROWS,
    progress: Progress | None = None,
    skip: Collection[str] = (),
) -> tuple[TableProfile, ...]:
    """Profile at most `limit` rows of every table of `schema` (the live one) but those in `skip` (a
    server cannot read a table keyed by a collation only the app has), in its order."""
    tables = [t for t in schema.tables if t.name not in skip]
    if not tables:
        return ()
    counts = db.pipeline(
        [f"SELECT count(*) FROM (SELECT 1 FROM {quote_identifier(t.name)} LIMIT {limit + 1})" for t in tables]
    )
    available = [_count(db, table.name, rows) for table, rows in zip(tables, counts, strict=True)]
    total = sum(min(n, limit) for n in available)
    done = 0
    out = []
    for table, count in zip(tables, available, strict=True):
        tallies = [_Tally(c.name, any_json=c.json) for c in table.columns]
        rows = 0
        width = len(page_key(table))
        for page in read_pages(db, table, [c.name for c in table.columns], page_size=PAGE_SIZE, limit=limit):
            for row in page:
                if len(row) != width + len(tallies):
                    raise DatabaseError(
                        f"{db.url}: unexpected answer reading table {table.name}: "
                        f"{len(row)} values in a row of {width + len(tallies)} columns"
                    )
                for tally, value in zip(tallies, row[width:], strict=True):
                    tally.add(value)
            rows += len(page)
            done += len(page)
            if progress is not None:
                progress(table.name, done, max(total, done))
        out.append(TableProfile(table.name, rows, count <= limit, tuple(t.result() for t in tallies)))
    return tuple(out)
