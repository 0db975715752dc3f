"""Foreign keys of an import: every referenced value is looked up once, before anything is committed.

The validating pass collects each foreign-key column's distinct values; one pipelined request looks them
all up in the parent tables; only if some are missing does another pass find the rows that name them
(those are invalid rows like any other, with their other problems if they have any). A self-referencing
table may name a row written earlier by the same import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.data.validate import RowProblem
from generator.db import Database
from generator.model import Schema, Table
from generator.sqlite.ddl import quote_identifier, sql_literal

FOREIGN_KEY = "foreign-key"  # the problem kind of a dangling reference (as `schemagen audit` names it)
KEY_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Link:
    """One foreign key: a column of the imported table and the parent column it names."""

    column: str
    table: str
    parent: str


def links(table: Table, schema: Schema | None = None) -> tuple[Link, ...]:
    """The table's one-column foreign keys (the one place that reads them from the model).

    A key that names no parent column names the parent's primary key (found in `schema`). Keys of
    several columns are left to the database (sqld enforces them: a row it refuses is still reported).
    """
    found = []
    for fk in table.foreign_keys:
        parent = fk.column
        if not parent and schema is not None and schema.has_table(fk.table):
            key = schema.table(fk.table).primary_key
            parent = key[0].name if len(key) == 1 else ""
        if len(fk.columns) == 1 and parent:
            found.append(Link(fk.columns[0], fk.table, parent))
    return tuple(found)


@dataclass(slots=True)
class References:
    """The values an import's rows give for each foreign-key column, and which of them exist."""

    table: Table
    schema: Schema | None = None
    links: tuple[Link, ...] = ()
    seen: dict[str, set[Any]] = field(default_factory=dict)
    found: dict[str, set[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.links = links(self.table, self.schema)
        self.seen = {link.column: set() for link in self.links}

    def add(self, values: Mapping[str, Any], problems: list[RowProblem]) -> None:
        """Note the references of one row (of its columns that passed their own checks)."""
        if not self.links:
            return
        broken = {p.column for p in problems}
        for link in self.links:
            value = values.get(link.column)
            if value is not None and link.column not in broken:
                self.seen[link.column].add(value)

    def look_up(self, db: Database) -> bool:
        """Look every seen value up in its parent table (one request); True when some are missing."""
        reads: list[tuple[str, str]] = []
        for link in self.links:
            values = sorted(self.seen[link.column], key=repr)
            parent_column = quote_identifier(link.parent)
            parent = f"{quote_identifier(link.table)} AS p WHERE p.{parent_column} = v.column1"
            for start in range(0, len(values), KEY_CHUNK):
                listed = ", ".join(f"({literal(v)})" for v in values[start : start + KEY_CHUNK])
                # The values come back as given; the comparison applies the parent column's affinity and
                # collation, as SQLite's own foreign-key check does.
                sql = f"SELECT v.column1 FROM (VALUES {listed}) AS v WHERE EXISTS (SELECT 1 FROM {parent})"
                reads.append((link.column, sql))
        self.found = {link.column: set() for link in self.links}
        if reads:
            for (name, _sql), rows in zip(reads, db.pipeline([sql for _name, sql in reads]), strict=True):
                self.found[name].update(row[0] for row in rows)
        return any(self.found[name] != values for name, values in self.seen.items())

    def problems(self, values: Mapping[str, Any], own: dict[str, set[Any]]) -> list[RowProblem]:
        """The dangling references of one row; `own` holds the keys of earlier rows of this import."""
        found = []
        for link in self.links:
            value = values.get(link.column)
            if value is None or value not in self.seen[link.column] or value in self.found[link.column]:
                continue
            if link.table == self.table.name and (
                value in own.get(link.parent, ()) or value == values.get(link.parent)
            ):
                continue
            message = f"no row in {link.table} with {link.parent} {literal(value)}"
            found.append(RowProblem(link.column, message, FOREIGN_KEY))
        return found

    def own_columns(self) -> dict[str, set[Any]]:
        """An empty `own` for the parent columns this table's self-references name."""
        return {link.parent: set() for link in self.links if link.table == self.table.name}


def literal(value: Any) -> str:
    """A value as an SQL literal (blobs as X'..', text with NUL characters through a blob)."""
    if isinstance(value, bytes):
        return f"X'{value.hex()}'"
    if isinstance(value, str) and "\x00" in value:
        return f"CAST(X'{value.encode('utf-8').hex()}' AS TEXT)"
    return sql_literal(value)
