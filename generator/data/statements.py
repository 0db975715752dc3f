"""The SQL an import sends: rows grouped into multi-row statements, each counted by what it changed.

`OR IGNORE` / `OR REPLACE` are never used: they also swallow CHECK and NOT NULL failures (a row refused
for a reason other than its key would vanish) and REPLACE deletes rows that clash on any unique column.
Instead a row that carries its key goes in with `ON CONFLICT (key) DO NOTHING` (skip), which skips
exactly the rows whose key exists; `replace` is an `UPDATE ... FROM (VALUES ...)` of the rows whose key
exists followed by that INSERT, so the database's change counts say exactly how many rows were replaced
and how many are new. A row without its key (an autoincrement id left out, an app-default id filled here)
is matched on the values it gives, and whether it is written is decided before planning (keyless.py):
the builder leaves out the rows in `present` and writes the others with a plain INSERT.
"""

from __future__ import annotations

import operator
from enum import StrEnum
from itertools import chain
from typing import Any

from msgspec import Struct

from generator.db import Statement, Value
from generator.model import Table, same_name
from generator.sqlite.ddl import quote_identifier, sql_literal

MAX_PARAMS = 32_000  # below SQLite's default SQLITE_MAX_VARIABLE_NUMBER (32766)
MAX_ROWS = 1000  # rows per statement


class Counted(StrEnum):
    """What a statement's change count means: rows that are new, or rows that were replaced."""

    NEW = "new"
    REPLACED = "replaced"


NEW, REPLACED = Counted.NEW, Counted.REPLACED  # the names writer.py reads


class WriteRow(Struct, frozen=True):
    """A valid row on its way to the database: where it came from and its prepared values."""

    seq: int  # position among all records of the import
    file_no: int
    index: int
    line: int
    values: dict[str, Any]
    filled: tuple[str, ...]  # columns holding an app default the record lacked


class Planned(Struct, frozen=True):
    """One statement and what its change count means: rows of file `file_no` that are new, or replaced."""

    statement: Statement
    kind: Counted
    file_no: int
    rows: int = 0  # how many rows the statement writes
    present: Statement | None = None  # counts its rows whose key is in the table (for RAISE(IGNORE))
    keyless: bool = False  # a plain INSERT of rows decided new: a row it did not write, a trigger dropped


class StatementBuilder:
    """Turns rows into multi-row statements; statements never span two files (counts are kept per file)."""

    def __init__(
        self, table: Table, on_conflict: str, *, unique_key: bool = True, inline: bool = False
    ) -> None:
        self.table = table
        self.inline = inline  # values as SQL literals instead of parameters (see inline_values)
        self.unique_key = unique_key  # the live table enforces the key (else rows are matched on it)
        self.on_conflict = on_conflict
        self.name = quote_identifier(table.name)
        self.order = {c.name: i for i, c in enumerate(table.columns)}
        self.key = tuple(c.name for c in table.primary_key)
        self._ordered: dict[tuple[str, ...], tuple[str, ...]] = {}  # a row's columns in table order
        # A row may name a parent written earlier in the same import: keep input order (see refs.py).
        self.in_order = any(same_name(fk.table, table.name) for fk in table.foreign_keys)
        self.present: set[int] = set()  # keyless rows already in the table: not written (keyless.py)
        self.ignoring = False  # the table has a trigger that may RAISE(IGNORE) a row: count those
        self.matched = False  # rows with their key were decided new or present already (keyless.py)

    def keyed(self, row: WriteRow) -> bool:
        """True when the row carries its whole primary key (not an app default filled here)."""
        if len(self.key) == 1:  # the common case, without a generator
            (name,) = self.key
            return row.values.get(name) is not None and name not in row.filled
        return bool(self.key) and all(row.values.get(c) is not None and c not in row.filled for c in self.key)

    def plan(self, rows: list[WriteRow]) -> list[Planned]:
        """The statements writing `rows`, by file and columns (in runs, for self-referencing tables)."""
        if self.present:
            rows = [row for row in rows if row.seq not in self.present]
        if self.on_conflict == "replace":
            rows = self._last_of_each_key(rows)
        groups: list[tuple[tuple[Any, ...], list[WriteRow]]] = []
        where: dict[tuple[Any, ...], list[WriteRow]] = {}
        ordered = self._ordered
        for row in rows:
            given = tuple(row.values)  # records of one file mostly list their keys in one order
            columns = ordered.get(given)
            if columns is None:
                columns = ordered[given] = tuple(sorted(given, key=self.order.__getitem__))
            keyed = self.keyed(row)
            group = (row.file_no, columns, keyed, () if keyed else row.filled)
            if self.in_order and groups and groups[-1][0] != group:
                where.clear()
            if group not in where:
                where[group] = []
                groups.append((group, where[group]))
            where[group].append(row)
        out: list[Planned] = []
        for (file_no, columns, keyed, _filled), members in groups:
            per = max(1, min(MAX_ROWS, MAX_PARAMS // (2 * len(columns))))
            for start in range(0, len(members), per):
                chunk = members[start : start + per]
                pick = operator.itemgetter(*columns)
                picked = map(pick, (row.values for row in chunk))
                params: list[Value] = list(chain.from_iterable(picked) if len(columns) > 1 else picked)
                if not keyed:
                    statement = self._plain_insert(columns, len(chunk), params)
                    out.append(Planned(statement, NEW, file_no, len(chunk), keyless=True))
                    continue
                if self.on_conflict == "replace" and len(columns) > len(self.key):
                    out.append(Planned(self._update(columns, len(chunk), params), REPLACED, file_no))
                present = self._present(chunk) if self.ignoring else None
                out.append(
                    Planned(self._insert(columns, len(chunk), params), NEW, file_no, len(chunk), present)
                )
        return out

    def _last_of_each_key(self, rows: list[WriteRow]) -> list[WriteRow]:
        """With replace, the last row given for a key wins: earlier ones in the batch are dropped."""
        last: dict[tuple[Any, ...], int] = {}
        for position, row in enumerate(rows):
            if self.keyed(row):
                last[tuple(row.values[c] for c in self.key)] = position
        if len(last) == sum(1 for row in rows if self.keyed(row)):
            return rows
        return [
            row
            for position, row in enumerate(rows)
            if not self.keyed(row) or last[tuple(row.values[c] for c in self.key)] == position
        ]

    def _values(self, columns: tuple[str, ...], count: int, params: list[Value]) -> tuple[str, list[Value]]:
        """The VALUES rows and the parameters that go with them."""
        if self.inline:
            return inline_values(params, len(columns)), []
        marks = "(" + ", ".join("?" * len(columns)) + ")"
        return ", ".join([marks] * count), params

    def _present(self, rows: list[WriteRow]) -> Statement:
        """How many of `rows` have their key in the table (after the write: the others a trigger dropped)."""
        params: list[Value] = [row.values[c] for row in rows for c in self.key]
        values, params = self._values(self.key, len(rows), params)
        match = " AND ".join(f"o.{quote_identifier(c)} IS v.column{i + 1}" for i, c in enumerate(self.key))
        sql = (
            f"SELECT count(*) FROM (VALUES {values}) AS v "
            f"WHERE EXISTS (SELECT 1 FROM {self.name} AS o WHERE {match})"
        )
        return sql, params

    def _plain_insert(self, columns: tuple[str, ...], count: int, params: list[Value]) -> Statement:
        names = ", ".join(quote_identifier(c) for c in columns)
        values, params = self._values(columns, count, params)
        return f"INSERT INTO {self.name} ({names}) VALUES {values}", params

    def _insert(self, columns: tuple[str, ...], count: int, params: list[Value]) -> Statement:
        names = ", ".join(quote_identifier(c) for c in columns)
        if self.matched:
            return self._plain_insert(columns, count, params)
        if not self.unique_key and self.on_conflict != "fail":
            return self._match_insert(columns, tuple(c for c in columns if c not in self.key), count, params)
        values, params = self._values(columns, count, params)
        sql = f"INSERT INTO {self.name} ({names}) VALUES {values}"
        if self.on_conflict != "fail":
            sql += f" ON CONFLICT ({', '.join(quote_identifier(c) for c in self.key)}) DO NOTHING"
        return sql, params

    def _update(self, columns: tuple[str, ...], count: int, params: list[Value]) -> Statement:
        position = {c: i + 1 for i, c in enumerate(columns)}
        sets = ", ".join(
            f"{quote_identifier(c)} = v.column{position[c]}" for c in columns if c not in self.key
        )
        match = " AND ".join(f"{self.name}.{quote_identifier(c)} = v.column{position[c]}" for c in self.key)
        values, params = self._values(columns, count, params)
        sql = f"UPDATE {self.name} SET {sets} FROM (VALUES {values}) AS v WHERE {match}"
        return sql, params

    def _match_insert(
        self, columns: tuple[str, ...], filled: tuple[str, ...], count: int, params: list[Value]
    ) -> Statement:
        names = ", ".join(quote_identifier(c) for c in columns)
        values, params = self._values(columns, count, params)
        # Filled app defaults (a fresh timestamp or uuid) differ on every run: match on what the record gave.
        same = " AND ".join(
            f"o.{quote_identifier(c)} IS v.column{i + 1}" for i, c in enumerate(columns) if c not in filled
        )
        if not same:
            return f"INSERT INTO {self.name} ({names}) VALUES {values}", params
        sql = (
            f"INSERT INTO {self.name} ({names}) SELECT * FROM (VALUES {values}) AS v "
            f"WHERE NOT EXISTS (SELECT 1 FROM {self.name} AS o WHERE {same})"
        )
        return sql, params


def inline_values(params: list[Value], width: int) -> str:
    """Rows of values as SQL literals (`sql_literal`'s): `('a', 1, NULL), ...`.

    Over HTTP a parameter is a JSON object of its own (540,000 of them for 30,000 questions) that the client
    builds and sqld parses; the same rows as the text of one statement are one JSON string. Safe because
    every value was validated first (64-bit integers, finite numbers, Unicode text) and is quoted by the one
    SQL quoting function. A row of text alone (the common case) is quoted in one go: its values joined with
    NUL, which is then sure to stand only between them (a value holding NUL itself goes the long way).
    """
    rows: list[str] = []
    values = iter(params)
    for row in zip(*[values] * width, strict=False):
        try:
            inner = "\x00".join(row)  # TypeError unless every value is text
        except TypeError:
            inner = None
        if inner is None or inner.count("\x00") != width - 1:
            rows.append("(" + ", ".join(map(sql_literal, row)) + ")")
            continue
        if "'" in inner:
            inner = inner.replace("'", "''")
        rows.append("('" + inner.replace("\x00", "', '") + "')")
    return ", ".join(rows)
