"""Reading a table for export: keyset pages in key order, and how each row becomes JSON.

Pages are `WHERE key > last ORDER BY key LIMIT n` on a key the live table guarantees (pagekey.py), each
read inside a transaction that is rolled back (so a --where can change nothing); a --where is one
parenthesized expression that cannot close its parenthesis (`wrap_where`), and no loop reads more rows
than the table holds. SQLite renders each row's JSON itself (`json_object`, in C) where that is
exact; Python does it where it is not (REAL values, which json_object rounds to 15 digits, and BLOBs).
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from generator.data.jsonvalue import JsonProblem, parse_text
from generator.data.pagekey import page_key_of
from generator.data.refs import literal
from generator.db import Database, Row
from generator.errors import DatabaseError, DataError
from generator.model import Column, Table
from generator.model.types import value_kind
from generator.sqlite.ddl import quote_identifier, sql_literal
from generator.sqlite.tokens import SqlSyntaxError, tokenize

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


class Reader:
    """Keyset pages of one table (or of one --split-by value), each read in a rolled-back transaction."""

    def __init__(self, db: Database, table: Table, where: str | None, page_size: int) -> None:
        self.db = db
        self.table = table
        self.where = wrap_where(where) if where is not None else None
        self.page_size = page_size
        live = {str(r[0]) for r in db.query("SELECT name FROM pragma_table_xinfo(?)", (table.name,))}
        if not live:
            raise DataError(f"{db.url}: table {table.name} does not exist")
        missing = [c.name for c in table.columns if c.name not in live]
        if missing:
            raise DataError(
                f"{db.url}: table {table.name} lacks {'a column' if len(missing) == 1 else 'columns'} "
                f"{', '.join(missing)} of the spec "
                "(see `schemagen plan`)"
            )
        # Generated columns are computed by the database: import could not write them, export leaves them.
        self.columns = tuple(c for c in table.columns if not c.is_generated)
        self.select: list[str] = []  # what each page lists after the key (the shape's choice)
        self.key = page_key_of(db, table)
        self.name = quote_identifier(table.name)
        if self.where is not None:
            self._read(f"SELECT 1 FROM {self.name} WHERE {self.where} LIMIT 0")  # a bad --where fails here
        self.total = self._count()

    def _count(self) -> int:
        return int(str(self.db.query(f"SELECT count(*) FROM {self.name}")[0][0]))

    def rows(self, split: tuple[str, Any] | None = None) -> Iterator[Row]:
        """Every row (of one split value), in key order, one page at a time."""
        extra = ""
        if split is not None:
            column, value = split
            extra = f"{quote_identifier(column)} IS {literal(value)}"
        if self.key.nullable:
            assert self.key.rowid is not None
            yield from self._pages((self.key.rowid,), _both(extra, self.key.nulls()))
            extra = _both(extra, f"NOT {self.key.nulls()}")
        yield from self._pages(self.key.terms, extra)

    def _pages(self, keys: tuple[str, ...], extra: str) -> Iterator[Row]:
        names = ", ".join([*keys, *self.select])
        base = f"SELECT {names} FROM {self.name}"
        order = self.key.order(keys)
        last: tuple[Any, ...] | None = None
        seen = 0
        while True:
            conditions = [c for c in (self.where or "", extra) if c]
            if last is not None:
                conditions.append(self.key.after(last, keys))
            where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
            sql = f"{base}{where}\nORDER BY {order} LIMIT {self.page_size}"
            try:
                page = self._read(sql)
            except DatabaseError as exc:
                # sqld caps a response's size (10 MB by default): wide rows need smaller pages.
                if "too large" not in str(exc) or self.page_size == 1:
                    raise
                self.page_size = max(1, self.page_size // 2)
                continue
            seen += len(page)
            if seen > self.total and seen > (total := self._count()):
                # Keys only grow, so no loop can read more rows than the table holds: if it does, the
                # key did not advance (a bug, or a table changing under the export): stop, never spin.
                raise DataError(
                    f"{self.db.url}: export of {self.table.name} read {seen:,} rows of a table of {total:,}: "
                    "the page key did not advance"
                )
            for row in page:
                yield row[len(keys) :]
            if len(page) < self.page_size:
                return
            last = tuple(page[-1][: len(keys)])

    def values(self, column: str) -> list[Any]:
        """The distinct values of `column` (under --where), in order."""
        where = f" WHERE {self.where}" if self.where else ""
        q = quote_identifier(column)
        sql = f"SELECT DISTINCT {q} FROM {self.name}{where}\nORDER BY {q}"
        return [row[0] for row in self._read(sql)]

    def _read(self, sql: str) -> list[Row]:
        """One read inside a transaction that is rolled back: nothing a --where could do would stay."""
        try:
            return self.db.pipeline(["BEGIN", sql, "ROLLBACK"])[1]
        except DatabaseError:
            with contextlib.suppress(DatabaseError):
                self.db.query("ROLLBACK")  # a file connection stays in the failed read's transaction
            raise


WHERE_HELP = "--where takes one SQL expression, e.g. --where \"channel = 'aws'\""


def wrap_where(text: str) -> str:
    """`--where` as one parenthesized SQL expression, or DataError: its parentheses must balance and never
    close the one it is wrapped in, and nothing may follow the expression (no `;`, no open comment)."""
    wrapped = f"(\n{text}\n)"
    try:
        tokens = tokenize(wrapped)
    except SqlSyntaxError as exc:
        raise DataError(f"{WHERE_HELP}: {exc}") from None
    depth = 0
    for position, token in enumerate(tokens):
        if token.kind == "op" and token.text == ";":
            raise DataError("--where takes one SQL expression (no ';'), e.g. --where \"channel = 'aws'\"")
        if token.kind == "op" and token.text in "()":
            depth += 1 if token.text == "(" else -1
            if depth == 0 and position != len(tokens) - 1:
                raise DataError(f"{WHERE_HELP}: its parentheses do not balance (a ')' closes too early)")
    if len(tokens) <= 2 or depth != 0 or tokens[-1].text != ")" or tokens[-1].end != len(wrapped):
        raise DataError(f"{WHERE_HELP}: it is empty, its parentheses do not balance or a comment is open")
    return wrapped


def _both(left: str, right: str) -> str:
    return f"{left} AND {right}" if left and right else left or right


def sql_can_write(db: Database, table: Table, columns: Sequence[Column]) -> bool:
    """True when SQLite's json_object() renders every row exactly: no column that holds REAL or BLOB
    values by its type (json_object rounds reals to 15 digits and refuses blobs), and no such value stored
    anywhere (a legacy table may hold some): those take the Python way."""
    if any(not c.json and value_kind(c.type) not in ("text", "integer") for c in columns):
        return False
    odd = " OR ".join(f"typeof({quote_identifier(c.name)}) IN ('blob', 'real')" for c in columns)
    return not db.query(f"SELECT 1 FROM {quote_identifier(table.name)} WHERE {odd} LIMIT 1")


class Shape:
    """How rows are read and written: `select` (listed after the key) and `text` (a row's JSON)."""

    select: list[str]

    def __init__(self, columns: Sequence[Column], names: str, as_text: Counter[str]) -> None:
        self.keys = [(c.app.prop or c.name) if names == "property" else c.name for c in columns]
        self.columns = columns
        self.as_text = as_text

    def text(self, row: Row) -> str:
        """The JSON text of one row as read."""
        raise NotImplementedError


class SqlShape(Shape):
    """SQLite writes each row's JSON itself (json_object, in C): the fast way, where it renders exactly.

    A JSON column's valid text goes in as its value; JSON null, a JSON string and text that is not JSON go
    in as the text (a string), which import turns back into the same text.
    """

    def __init__(self, columns: Sequence[Column], names: str, as_text: Counter[str]) -> None:
        super().__init__(columns, names, as_text)
        pairs = []
        self.json_names = [c.name for c in columns if c.json]
        for key, column in zip(self.keys, columns, strict=True):
            q = quote_identifier(column.name)
            value = q
            if column.json:
                value = (
                    f"CASE WHEN typeof({q}) <> 'text' OR NOT json_valid({q}) THEN {q} "
                    f"WHEN json_type({q}) IN ('null', 'text') THEN {q} ELSE json({q}) END"
                )
            pairs.append(f"{sql_literal(key)}, {value}")
        flags = [
            f"typeof({q}) = 'text' AND NOT json_valid({q})" for q in map(quote_identifier, self.json_names)
        ]
        self.select = [f"json_object({', '.join(pairs)})", *flags]

    def text(self, row: Row) -> str:
        if any(row[1:]):
            for name, flag in zip(self.json_names, row[1:], strict=True):
                if flag:
                    self.as_text[name] += 1
        return str(row[0])


class RowShape(Shape):
    """Python turns each row into the record import reads back (JSON columns parsed, blobs as base64)."""

    def __init__(self, columns: Sequence[Column], names: str, as_text: Counter[str]) -> None:
        super().__init__(columns, names, as_text)
        self.json = [c.json for c in columns]
        self.reals = [i for i, c in enumerate(columns) if value_kind(c.type) in ("real", "numeric", "any")]
        # typeof() of REAL columns: sqld sends an infinite REAL as null, which must not pass for NULL.
        self.select = [quote_identifier(c.name) for c in columns]
        self.select += [f"typeof({quote_identifier(columns[i].name)})" for i in self.reals]

    def text(self, row: Row) -> str:
        return _ENCODE(self.record(row))

    def record(self, row: Row) -> dict[str, Any]:
        """The record of one row as read (its values, then the typeof() of each REAL column)."""
        count = len(self.columns)
        for position, kind in zip(self.reals, row[count:], strict=True):
            value = row[position]
            if (value is None and kind == "real") or (isinstance(value, float) and not math.isfinite(value)):
                raise DataError(self.not_finite(row, self.keys[position]))
        out: dict[str, Any] = {}
        for key, is_json, column, value in zip(self.keys, self.json, self.columns, row[:count], strict=True):
            if value is None:
                out[key] = None
            elif isinstance(value, bytes):
                out[key] = base64.b64encode(value).decode("ascii")
            elif is_json and isinstance(value, str):
                out[key] = self._json(column.name, value)
            else:
                out[key] = value
        return out

    def not_finite(self, row: Row, column: str) -> str:
        """The message for a row holding an infinite REAL (SQLite can store one; JSON cannot)."""
        pairs = zip(self.keys, self.columns, row, strict=False)
        key = ", ".join(f"{k}={v!s}" for k, c, v in pairs if c.primary_key and not isinstance(v, bytes))
        return f"row {key or '?'}: {column} holds an infinite number, which JSON cannot hold"

    def _json(self, column: str, text: str) -> Any:
        try:
            value = parse_text(text)
        except JsonProblem:
            self.as_text[column] += 1
            return text
        # JSON null or a JSON string would not come back as this text (null is SQL NULL, a string may be
        # JSON text itself): they go out as the text, which import reads back as it is.
        return text if value is None or isinstance(value, str) else value
