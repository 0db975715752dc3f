"""`schemagen export`: a table's rows as the JSON that `import` reads back, streamed in keyset pages.

The contract is the round trip: export from one database, import into an empty one, and every row is
identical, values and storage types (`typeof()`). Hence: JSON columns are values (kept as their text
where the value alone would not bring the same text back: JSON `null`, a JSON string), blobs are base64
(what import reads), and rows come in primary-key order (rowid order without one), so two exports of the
same data are the same bytes. Pages follow a key the live table guarantees (pagekey.py): without one,
rowid order. Memory stays flat: one page of rows at a time, written as it comes.
A view has no key: its rows are exported read-only (import cannot write a view), every page from one
read transaction's snapshot (exportview.py). Reading is in exportrows.py, writing files in exportfiles.py.

Files are written atomically: into a temporary file beside the target, renamed into place only when
every row is out (with --split-by, all files are renamed at the end), so an error leaves nothing half
written (also on SIGTERM). `--where` is one SQL expression that cannot close its parentheses; each page
is read inside a transaction that is rolled back, so it cannot change anything.
"""

from __future__ import annotations

import io
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from msgspec import Struct, field

from generator.data.exportfiles import AtomicFiles, file_name, write_file, write_rows
from generator.data.exportrows import Reader, RowShape, Shape, SqlShape, sql_can_write, wrap_where
from generator.data.exportview import ViewReader
from generator.db import Database, Row
from generator.errors import DataError, SchemagenError
from generator.model import Schema
from generator.words import plural

FORMATS = ("json", "jsonl")
NAMES = ("sql", "property")
PAGE_SIZE = 2000


class Rows(Protocol):
    """What export reads from: a table's keyset pages (exportrows.Reader) or a view's (exportview)."""

    def rows(self, split: tuple[str, Any] | None = None) -> Iterator[Row]:
        """Every row (of one --split-by value)."""

    def values(self, column: str) -> list[Any]:
        """The distinct values of a column."""


class ExportedFile(Struct, frozen=True):
    """One file written (`-` for standard output), how many rows it holds, and its --split-by value."""

    path: str
    rows: int
    value: Any = None


class ExportReport(Struct):
    """What an export wrote; `as_text` lists JSON columns whose stored text is not JSON (exported as text)."""

    table: str
    source: str
    format: str
    names: str
    files: list[ExportedFile] = field(default_factory=list)
    as_text: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    seconds: float = 0.0
    view: bool = False  # a view's rows: read-only (import cannot write them back)

    @property
    def rows(self) -> int:
        """Rows written in all files."""
        return sum(f.rows for f in self.files)

    def details(self) -> list[str]:
        """Warnings: stored values that could not be parsed as JSON."""
        return [
            f"{self.table}.{column}: {plural(count, 'stored value')} not read as JSON, exported as text"
            for column, count in sorted(self.as_text.items())
        ]

    def summary(self, split_by: str | None = None) -> str:
        """The one summary line."""
        where = (
            f"{plural(len(self.files), 'file')} by {split_by}"
            if split_by
            else ("standard output" if self.files and self.files[0].path == "-" else self.files[0].path)
        )
        requests = f"{plural(self.requests, 'request')}, " if self.requests else ""
        what = f"{self.table} (a view, read-only)" if self.view else self.table
        return (
            f"{what}: {plural(self.rows, 'row')} from {self.source} to {where} "
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
    db.add_stand_ins(schema)  # a table keyed by an app-defined collation is unreadable without it
    view = not schema.has_table(table) and any(v.name == table for v in schema.views)
    if not schema.has_table(table) and not view:
        raise DataError(f"unknown table '{table}' (tables: {', '.join(t.name for t in schema.tables)})")
    if fmt not in FORMATS:
        raise DataError(f"--format must be json or jsonl, not '{fmt}'")
    if names not in NAMES:
        raise DataError(f"--names must be sql or property, not '{names}'")
    if where is not None:
        wrap_where(where)  # refused before anything is read
    if split_by is not None and out is None:
        raise DataError("--split-by writes one file per value: give the directory with --out DIR")
    report = ExportReport(table, db.url, fmt, names, view=view)
    seen = 0

    def count(rows: int) -> None:
        nonlocal seen
        seen += rows
        if progress is not None:
            progress(seen)

    if view:
        # No key to page on: one read transaction holds the snapshot every page comes from (exportview.py).
        with db.read_transaction() as snapshot:
            rows = ViewReader(db.url, snapshot, table, where, page_size)
            if split_by is not None and not rows.has_column(split_by):
                raise DataError(f"--split-by: view {table} has no column '{split_by}'")
            shape: Shape = RowShape(rows.columns, names, report.as_text)
            rows.select = shape.select
            _write(rows, shape, out, stdout, fmt, split_by, report, count)
    else:
        spec_table = schema.table(table)
        if split_by is not None and not spec_table.has_column(split_by):
            raise DataError(f"--split-by: {table} has no column '{split_by}'")
        reader = Reader(db, spec_table, where, page_size)
        shape = RowShape(reader.columns, names, report.as_text)
        if sql_can_write(db, spec_table, reader.columns):
            shape = SqlShape(reader.columns, names, report.as_text)
        reader.select = shape.select
        _write(reader, shape, out, stdout, fmt, split_by, report, count)
    report.requests = db.requests_sent - requests_before
    report.seconds = time.perf_counter() - started
    return report


def _write(
    reader: Rows,
    shape: Shape,
    out: Path | None,
    stdout: IO[bytes] | None,
    fmt: str,
    split_by: str | None,
    report: ExportReport,
    count: Callable[[int], None],
) -> None:
    """The rows into one file, one file per --split-by value, or standard output. An error on the way
    says what it left: no file (files are written whole or not at all), or the rows already sent to
    standard output."""
    written = 0

    def counted(rows: int) -> None:
        nonlocal written
        written += rows
        count(rows)

    try:
        if split_by is not None:
            assert out is not None
            _split(reader, shape, fmt, out, split_by, report, counted)
        elif out is None:
            stream = stdout if stdout is not None else _stdout_bytes()
            text = io.TextIOWrapper(stream, encoding="utf-8", errors="backslashreplace", newline="\n")
            try:
                rows = write_rows(text, fmt, shape, reader.rows(), counted)
            finally:
                text.flush()
                text.detach()
            report.files.append(ExportedFile("-", rows))
        else:
            with AtomicFiles([out]) as (temp,):
                rows = write_file(temp, fmt, shape, reader.rows(), counted)
            report.files.append(ExportedFile(str(out), rows))
    except SchemagenError as exc:
        if out is not None:
            left = "no file was written"
        else:
            left = f"standard output got {plural(written, 'row')} before it, and is incomplete"
        exc.args = (f"{exc}; {left}",)
        raise


def _stdout_bytes() -> IO[bytes]:
    return sys.stdout.buffer


def _split(
    reader: Rows,
    shape: Shape,
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
    with AtomicFiles(paths) as temps:
        for temp, path, value in zip(temps, paths, targets.values(), strict=True):
            rows = write_file(temp, fmt, shape, reader.rows((column, value)), count)
            report.files.append(ExportedFile(str(path), rows, value))
