"""`schemagen export`: a table's rows as the JSON that `import` reads back, streamed in keyset pages.

The contract is the round trip: export from one database, import into an empty one, and every row is
identical, values and storage types (`typeof()`). Hence: JSON columns are parsed back into values (but
kept as their text when the value alone would not bring the same text back, e.g. JSON `null`), blobs are
base64 (what import reads), and rows come in primary-key order (rowid order without one), so two exports
of the same data are the same bytes. Memory stays flat: one page of rows at a time, written as it comes.

Files are written atomically: into a temporary file beside the target, renamed into place only when
every row is out (with --split-by, all files are renamed at the end), so an error leaves nothing half
written. `--where` is one SQL expression: a `;` is refused and each page is read inside a transaction
that is rolled back, so it cannot change anything.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import math
import os
import queue
import secrets
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.data.jsonvalue import JsonProblem, parse_text
from generator.data.refs import literal
from generator.db import Database, Row
from generator.errors import DatabaseError, DataError
from generator.model import Column, Schema, Table
from generator.sqlite.ddl import quote_identifier, sql_literal

FORMATS = ("json", "jsonl")
NAMES = ("sql", "property")
PAGE_SIZE = 2000
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


@dataclass(frozen=True, slots=True)
class ExportedFile:
    """One file written (`-` for standard output), how many rows it holds, and its --split-by value."""

    path: str
    rows: int
    value: Any = None


@dataclass(slots=True)
class ExportReport:
    """What an export wrote; `as_text` lists JSON columns whose stored text is not JSON (exported as text)."""

    table: str
    source: str
    format: str
    names: str
    files: list[ExportedFile] = field(default_factory=list)
    as_text: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        """Rows written in all files."""
        return sum(f.rows for f in self.files)

    def details(self) -> list[str]:
        """Warnings: stored values that could not be parsed as JSON."""
        return [
            f"{self.table}.{column}: {count:,} stored value(s) are not valid JSON, exported as text"
            for column, count in sorted(self.as_text.items())
        ]

    def summary(self, split_by: str | None = None) -> str:
        """The one summary line."""
        where = (
            f"{len(self.files):,} file(s) by {split_by}"
            if split_by
            else ("standard output" if self.files and self.files[0].path == "-" else self.files[0].path)
        )
        requests = f"{self.requests:,} request(s), " if self.requests else ""
        return (
            f"{self.table}: {self.rows:,} row(s) from {self.source} to {where} "
            f"({self.format}, {self.names} names; {requests}{self.seconds:.2f} s)"
        )


def export_table(
    db: Database,
    schema: Schema,
    table: str,
    *,
    out: Path | None = None,
    stdout: IO[bytes] | None = None,
    fmt: str = "json",
    names: str = "sql",
    split_by: str | None = None,
    where: str | None = None,
    page_size: int = PAGE_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ExportReport:
    """Write the rows of `table` to `out` (a file, or with `split_by` a directory) or to `stdout`."""
    started, requests_before = time.perf_counter(), db.requests_sent
    if not schema.has_table(table):
        raise DataError(f"unknown table '{table}' (tables: {', '.join(t.name for t in schema.tables)})")
    if fmt not in FORMATS:
        raise DataError(f"--format must be json or jsonl, not '{fmt}'")
    if names not in NAMES:
        raise DataError(f"--names must be sql or property, not '{names}'")
    if where is not None and (";" in where or not where.strip()):
        raise DataError("--where takes one SQL expression (no ';'), e.g. --where \"channel = 'aws'\"")
    spec_table = schema.table(table)
    if split_by is not None and not spec_table.has_column(split_by):
        raise DataError(f"--split-by: {table} has no column '{split_by}'")
    if split_by is not None and out is None:
        raise DataError("--split-by writes one file per value: give the directory with --out DIR")
    report = ExportReport(table, db.url, fmt, names)
    shape: _Shape = _RowShape(spec_table.columns, names, report.as_text)
    reader = _Reader(db, spec_table, where, page_size)
    if _sql_can_write(db, spec_table):
        shape = _SqlShape(spec_table.columns, names, report.as_text)
    reader.select = shape.select
    seen = 0

    def count(rows: int) -> None:
        nonlocal seen
        seen += rows
        if progress is not None:
            progress(seen)

    if split_by is not None:
        assert out is not None
        _split(reader, shape, fmt, out, split_by, report, count)
    elif out is None:
        stream = stdout if stdout is not None else _stdout_bytes()
        text = io.TextIOWrapper(stream, encoding="utf-8", errors="backslashreplace", newline="\n")
        try:
            rows = _write(text, fmt, shape, reader.rows(), count)
        finally:
            text.flush()
            text.detach()
        report.files.append(ExportedFile("-", rows))
    else:
        with _Atomic([out]) as (temp,):
            rows = _write_file(temp, fmt, shape, reader.rows(), count)
        report.files.append(ExportedFile(str(out), rows))
    report.requests = db.requests_sent - requests_before
    report.seconds = time.perf_counter() - started
    return report


def _stdout_bytes() -> IO[bytes]:
    return sys.stdout.buffer


class _Reader:
    """Keyset pages of one table (or of one --split-by value), each read in a rolled-back transaction."""

    def __init__(self, db: Database, table: Table, where: str | None, page_size: int) -> None:
        self.db = db
        self.table = table
        self.where = where
        self.page_size = page_size
        live = {str(r[0]) for r in db.query("SELECT name FROM pragma_table_info(?)", (table.name,))}
        if not live:
            raise DataError(f"{db.url}: table {table.name} does not exist")
        missing = [c.name for c in table.columns if c.name not in live]
        if missing:
            raise DataError(
                f"{db.url}: table {table.name} lacks column(s) {', '.join(missing)} of the spec "
                "(see `schemagen plan`)"
            )
        self.columns = table.columns
        self.select: list[str] = []  # what each page lists after the key (the shape's choice)
        alias = table.rowid_alias
        # The primary key orders the rows; an INTEGER PRIMARY KEY is the rowid, and a table without a key
        # has only its rowid. Rows whose key is NULL (possible in a legacy table) come first, by rowid.
        self.key = [alias.name] if alias is not None else [c.name for c in table.primary_key] or ["rowid"]
        self.nullable_key = False
        if alias is None and table.primary_key:
            nulls = " OR ".join(f"{quote_identifier(k)} IS NULL" for k in self.key)
            self.nullable_key = bool(
                db.query(f"SELECT 1 FROM {quote_identifier(table.name)} WHERE {nulls} LIMIT 1")
            )

    def rows(self, split: tuple[str, Any] | None = None) -> Iterator[Row]:
        """Every row (of one split value), in key order, one page at a time."""
        extra = ""
        if split is not None:
            column, value = split
            extra = f"{quote_identifier(column)} IS {literal(value)}"
        if self.nullable_key:
            nulls = " OR ".join(f"{quote_identifier(k)} IS NULL" for k in self.key)
            yield from self._pages(["rowid"], _both(extra, f"({nulls})"))
            extra = _both(extra, " AND ".join(f"{quote_identifier(k)} IS NOT NULL" for k in self.key))
        yield from self._pages(self.key, extra)

    def _pages(self, key: list[str], extra: str) -> Iterator[Row]:
        keys = [k if k == "rowid" else quote_identifier(k) for k in key]
        names = ", ".join([*keys, *self.select])
        base = f"SELECT {names} FROM {quote_identifier(self.table.name)}"
        order = ", ".join(keys)
        last: Sequence[Any] | None = None
        while True:
            conditions = [c for c in (f"(\n{self.where}\n)" if self.where else "", extra) if c]
            if last is not None:
                left = keys[0] if len(keys) == 1 else "(" + ", ".join(keys) + ")"
                right = ", ".join(literal(v) for v in last)
                conditions.append(f"{left} > ({right})")
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
            for row in page:
                yield row[len(keys) :]
            if len(page) < self.page_size:
                return
            last = page[-1][: len(keys)]

    def values(self, column: str) -> list[Any]:
        """The distinct values of `column` (under --where), in order."""
        where = f" WHERE (\n{self.where}\n)" if self.where else ""
        q = quote_identifier(column)
        sql = f"SELECT DISTINCT {q} FROM {quote_identifier(self.table.name)}{where}\nORDER BY {q}"
        return [row[0] for row in self._read(sql)]

    def _read(self, sql: str) -> list[Row]:
        """One read inside a transaction that is rolled back: nothing a --where could do would stay."""
        try:
            return self.db.pipeline(["BEGIN", sql, "ROLLBACK"])[1]
        except DatabaseError:
            with contextlib.suppress(DatabaseError):
                self.db.query("ROLLBACK")  # a file connection stays in the failed read's transaction
            raise


def _both(left: str, right: str) -> str:
    return f"{left} AND {right}" if left and right else left or right


def _sql_can_write(db: Database, table: Table) -> bool:
    """True when SQLite's json_object() renders every row exactly: no REAL column (it rounds to 15
    digits), and no BLOB or REAL value anywhere (a legacy table may hold some; they take the Python way)."""
    if any(c.type in ("real", "blob") for c in table.columns):
        return False
    odd = " OR ".join(f"typeof({quote_identifier(c.name)}) IN ('blob', 'real')" for c in table.columns)
    return not db.query(f"SELECT 1 FROM {quote_identifier(table.name)} WHERE {odd} LIMIT 1")


class _Shape:
    """How rows are read and written: `select` (listed after the key) and `text` (a row's JSON)."""

    select: list[str]

    def __init__(self, columns: Sequence[Column], names: str, as_text: Counter[str]) -> None:
        self.keys = [(c.prop or c.name) if names == "property" else c.name for c in columns]
        self.columns = columns
        self.as_text = as_text

    def text(self, row: Row) -> str:
        """The JSON text of one row as read."""
        raise NotImplementedError


class _SqlShape(_Shape):
    """SQLite writes each row's JSON itself (json_object, in C): the fast way, where it renders exactly.

    A JSON column's valid text goes in as its value; JSON null, a JSON string and text that is not JSON go
    in as the text (a string), which import turns back into the same text.
    """

    def __init__(self, columns: Sequence[Column], names: str, as_text: Counter[str]) -> None:
        super().__init__(columns, names, as_text)
        pairs = []
        self.json_names = [c.name for c in columns if c.is_json]
        for key, column in zip(self.keys, columns, strict=True):
            q = quote_identifier(column.name)
            value = q
            if column.is_json:
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


class _RowShape(_Shape):
    """Python turns each row into the record import reads back (JSON columns parsed, blobs as base64)."""

    def __init__(self, columns: Sequence[Column], names: str, as_text: Counter[str]) -> None:
        super().__init__(columns, names, as_text)
        self.json = [c.is_json for c in columns]
        self.reals = [i for i, c in enumerate(columns) if c.type == "real"]
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


def _write(
    stream: IO[str], fmt: str, shape: _Shape, rows: Iterator[Row], count: Callable[[int], None]
) -> int:
    """Write the rows as a JSON array (one record per line) or JSON Lines; returns how many.

    A thread writes behind the reading: the database reads the next page while the last one is written
    (both release the GIL), with at most a few chunks in between.
    """
    first, between, end = ("\n", ",\n", "") if fmt == "json" else ("", "", "\n")
    written = 0
    buffer: list[str] = []
    behind = _WriteBehind(stream)
    try:
        if fmt == "json":
            behind.write("[")
        for row in rows:
            buffer.append((between if written else first) + shape.text(row) + end)
            written += 1
            if len(buffer) >= 500:
                behind.write("".join(buffer))
                count(len(buffer))
                buffer.clear()
        behind.write("".join(buffer))
        count(len(buffer))
        if fmt == "json":
            behind.write("\n]\n" if written else "]\n")
    finally:
        behind.close()
    return written


class _WriteBehind:
    """Writes chunks on a thread of its own; `close` waits for them and raises the first write error."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.chunks: queue.Queue[str | None] = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="export-write", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (chunk := self.chunks.get()) is not None:
            if self.error is None:
                try:
                    self.stream.write(chunk)
                except BaseException as exc:  # handed to the reading thread
                    self.error = exc

    def write(self, chunk: str) -> None:
        if self.error is not None:
            raise self.error
        self.chunks.put(chunk)

    def close(self) -> None:
        self.chunks.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def _write_file(
    path: Path, fmt: str, shape: _Shape, rows: Iterator[Row], count: Callable[[int], None]
) -> int:
    with path.open("w", encoding="utf-8", errors="backslashreplace", newline="\n") as stream:
        written = _write(stream, fmt, shape, rows, count)
        stream.flush()
        os.fsync(stream.fileno())
    return written


def _split(
    reader: _Reader,
    shape: _Shape,
    fmt: str,
    out: Path,
    column: str,
    report: ExportReport,
    count: Callable[[int], None],
) -> None:
    """One file per value of `column` in directory `out`, each in key order; all renamed at the end."""
    if out.exists() and not out.is_dir():
        raise DataError(f"{out}: --split-by needs a directory for --out, and this is a file")
    out.mkdir(parents=True, exist_ok=True)
    values = reader.values(column)
    suffix = ".json" if fmt == "json" else ".jsonl"
    targets: dict[str, Any] = {}
    folded: dict[str, Any] = {}  # some file systems ignore case: AWS.json and aws.json are one file
    for value in values:
        name = file_name(value) + suffix
        if name.casefold() in folded:
            other = folded[name.casefold()]
            raise DataError(
                f"--split-by {column}: values {other!r} and {value!r} would share the file {name}"
            )
        targets[name] = folded[name.casefold()] = value
    paths = [out / name for name in targets]
    with _Atomic(paths) as temps:
        for temp, path, value in zip(temps, paths, targets.values(), strict=True):
            rows = _write_file(temp, fmt, shape, reader.rows((column, value)), count)
            report.files.append(ExportedFile(str(path), rows, value))


def file_name(value: Any) -> str:
    """A --split-by value as a file name: kept when plain (`aws`), else percent-encoded; NULL is `null`."""
    if value is None:
        return "null"
    text = base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else str(value)
    name = urllib.parse.quote(text, safe="-_.@+=")
    if not name:
        return "_"
    return "%2E" + name[1:] if name.startswith(".") else name


class _Atomic:
    """Temporary files beside their targets, renamed into place together on success, removed on failure."""

    def __init__(self, targets: Sequence[Path]) -> None:
        self.targets = list(targets)
        token = secrets.token_hex(4)
        self.temps = [t.with_name(f".{t.name}.{token}.tmp") for t in self.targets]

    def __enter__(self) -> list[Path]:
        for target in self.targets:
            if not target.parent.is_dir():
                raise DataError(f"{target}: the directory {target.parent} does not exist")
        return self.temps

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if exc_type is None:
            for temp, target in zip(self.temps, self.targets, strict=True):
                os.replace(temp, target)
            return
        for temp in self.temps:
            with contextlib.suppress(OSError):
                temp.unlink()
