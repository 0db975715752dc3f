"""Foreign keys of an import: every referenced value is looked up once, before anything is committed.

The validating pass collects each foreign key's distinct values (a tuple per key, whatever its width; a
key with a NULL in it names nothing, as SQLite's MATCH SIMPLE has it); one pipelined request looks them
all up in the parent tables; only if some are missing does another pass find the rows that name them
(those are invalid rows like any other, with their other problems if they have any). A self-referencing
table may name a row written earlier by the same import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msgspec import Struct, field

from generator.data.checks import ProblemKind, RowProblem
from generator.db import Database
from generator.model import Schema, Table
from generator.sqlite.ddl import quote_identifier, sql_literal

KEY_CHUNK = 500


class Link(Struct, frozen=True):
    """One foreign key: columns of the imported table and the parent columns they name, in order."""

    columns: tuple[str, ...]
    table: str
    parents: tuple[str, ...]

    def key(self, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The row's values for the key; None when any is NULL (SQLite's MATCH SIMPLE: nothing to check)."""
        key = tuple(values.get(c) for c in self.columns)
        return None if None in key else key


def links(table: Table, schema: Schema | None = None) -> tuple[Link, ...]:
    """The table's foreign keys (the one place that reads them from the model).

    A key that names no parent columns names the parent's primary key (found in `schema`); one whose
    parent is not in the spec is left to the database.
    """
    found = []
    for fk in table.foreign_keys:
        parents = fk.to
        if not parents and schema is not None and schema.has_table(fk.table):
            parents = tuple(c.name for c in schema.table(fk.table).primary_key)
        if parents and len(parents) == len(fk.columns):
            found.append(Link(fk.columns, fk.table, parents))
    return tuple(found)


class References(Struct):
    """The keys an import's rows give for each foreign key, and which of them exist."""

    table: Table
    schema: Schema | None = None
    links: tuple[Link, ...] = ()
    seen: dict[Link, set[tuple[Any, ...]]] = field(default_factory=dict)
    found: dict[Link, set[tuple[Any, ...]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.links = links(self.table, self.schema)
        self.seen = {link: set() for link in self.links}

    def add(self, values: Mapping[str, Any], problems: list[RowProblem]) -> None:
        """Note the references of one row (of its columns that passed their own checks)."""
        if not self.links:
            return
        broken = {p.column for p in problems}
        for link in self.links:
            key = link.key(values)
            if key is not None and broken.isdisjoint(link.columns):
                self.seen[link].add(key)

    def look_up(self, db: Database) -> bool:
        """Look every seen key up in its parent table (one request); True when some are missing."""
        reads: list[tuple[Link, str]] = []
        for link in self.links:
            keys = sorted(self.seen[link], key=repr)
            match = " AND ".join(
                f"p.{quote_identifier(parent)} = v.column{i + 1}" for i, parent in enumerate(link.parents)
            )
            parent = f"{quote_identifier(link.table)} AS p WHERE {match}"
            picked = ", ".join(f"v.column{i + 1}" for i in range(len(link.columns)))
            for start in range(0, len(keys), KEY_CHUNK):
                listed = ", ".join(
                    "(" + ", ".join(literal(v) for v in key) + ")" for key in keys[start : start + KEY_CHUNK]
                )
                # The values come back as given; the comparison applies the parent column's affinity and
                # collation, as SQLite's own foreign-key check does.
                sql = f"SELECT {picked} FROM (VALUES {listed}) AS v WHERE EXISTS (SELECT 1 FROM {parent})"
                reads.append((link, sql))
        self.found = {link: set() for link in self.links}
        if reads:
            for (link, _sql), rows in zip(reads, db.pipeline([sql for _link, sql in reads]), strict=True):
                self.found[link].update(tuple(row) for row in rows)
        return any(self.found[link] != keys for link, keys in self.seen.items())

    def problems(self, values: Mapping[str, Any], own: dict[tuple[str, ...], set[Any]]) -> list[RowProblem]:
        """The dangling references of one row; `own` holds the keys of earlier rows of this import."""
        found = []
        for link in self.links:
            key = link.key(values)
            if key is None or key not in self.seen[link] or key in self.found[link]:
                continue
            if link.table == self.table.name and (
                key in own.get(link.parents, ()) or key == tuple(values.get(p) for p in link.parents)
            ):
                continue
            if len(key) == 1:
                message = f"no row in {link.table} with {link.parents[0]} {literal(key[0])}"
            else:
                shown = ", ".join(literal(v) for v in key)
                message = f"no row in {link.table} with ({', '.join(link.parents)}) = ({shown})"
            found.append(RowProblem(", ".join(link.columns), message, ProblemKind.FOREIGN_KEY))
        return found

    def own_columns(self) -> dict[tuple[str, ...], set[Any]]:
        """An empty `own` for the parent keys this table's self-references name."""
        return {link.parents: set() for link in self.links if link.table == self.table.name}


def literal(value: Any) -> str:
    """A value as an SQL literal (blobs as X'..', text with NUL characters through a blob)."""
    if isinstance(value, bytes):
        return f"X'{value.hex()}'"
    if isinstance(value, str) and "\x00" in value:
        return f"CAST(X'{value.encode('utf-8').hex()}' AS TEXT)"
    return sql_literal(value)
