"""`schemagen import`: validate every record of an export file, then write the valid ones in batches.

Two streamed passes keep memory flat and make the default all-or-nothing: the first validates every record
(and, for --on-conflict fail, looks for existing keys); only when it finds nothing to refuse does the second
pass write, one transaction per batch. Re-running an import writes no duplicates: rows carrying their
primary key go in with INSERT OR IGNORE / OR REPLACE; rows of an autoincrement table that lack their id are
matched on all the columns they give (INSERT ... WHERE NOT EXISTS).

Foreign keys are checked before anything is written (sqld enforces them, so a dangling reference would fail
its batch after earlier ones committed): the validating pass collects each foreign-key column's distinct
values, one pipelined request looks them up in the parent tables, and only if some are missing does a third
pass find the rows that name them. Those are invalid rows like any other.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.data.records import iter_records
from generator.data.validate import PreparedRow, RowProblem, RowValidator, validator_for
from generator.db import Database, HttpDatabase, Statement, Value
from generator.errors import DataError
from generator.model import Column, ForeignKey, Schema, Table
from generator.sqlite.ddl import quote_identifier, sql_literal

ON_CONFLICT = ("skip", "replace", "fail")
MAX_SHOWN = 20  # invalid rows listed in full; the rest are counted
MAX_PARAMS = 32_000  # below SQLite's default SQLITE_MAX_VARIABLE_NUMBER (32766)
KEY_CHUNK = 500
FOREIGN_KEY = "foreign-key"  # the problem kind of a dangling reference (as `schemagen audit` names it)
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class InvalidRow:
    """A record that failed validation: its 0-based index in the file, its key, and its problems."""

    index: int
    key: str
    problems: tuple[RowProblem, ...]

    def __str__(self) -> str:
        return f"row {self.index} (key {self.key}): " + "; ".join(str(p) for p in self.problems)


@dataclass(slots=True)
class ImportReport:
    """What an import read, refused, skipped and wrote."""

    table: str
    source: str
    target: str
    on_conflict: str
    read: int = 0
    invalid: list[InvalidRow] = field(default_factory=list)
    invalid_count: int = 0
    problem_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    unknown_keys: Counter[str] = field(default_factory=Counter)
    filled: tuple[str, ...] = ()
    duplicates: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    refused: str = ""
    written: int = 0
    inserted: int = 0
    requests: int = 0
    seconds: float = 0.0

    @property
    def valid(self) -> int:
        """Records that passed validation."""
        return self.read - self.invalid_count

    def details(self) -> list[str]:
        """The lines shown before the summary: invalid rows, ignored keys, in-file duplicates."""
        lines = [f"{self.source}: {row}" for row in self.invalid]
        if self.invalid_count > len(self.invalid):
            lines.append(
                f"{self.source}: ... and {self.invalid_count - len(self.invalid)} more invalid row(s)"
            )
        if self.invalid_count:
            counts = ", ".join(
                f"{col or '(row)'} {kind} x{n}" for (col, kind), n in sorted(self.problem_counts.items())
            )
            lines.append(f"{self.source}: problems by column: {counts}")
        if self.unknown_keys:
            keys = ", ".join(f"{k} ({n} rows)" for k, n in sorted(self.unknown_keys.items()))
            lines.append(f"{self.source}: ignored keys that name no column of {self.table}: {keys}")
        if self.filled:
            lines.append(f"{self.source}: filled from the file's top level: {', '.join(self.filled)}")
        if self.duplicates:
            shown = ", ".join(self.duplicates[:5]) + (" ..." if len(self.duplicates) > 5 else "")
            lines.append(f"{self.source}: {len(self.duplicates)} key(s) appear more than once: {shown}")
        if self.conflicts:
            shown = ", ".join(self.conflicts[:5]) + (" ..." if len(self.conflicts) > 5 else "")
            lines.append(f"{self.target}: {len(self.conflicts)} key(s) already in {self.table}: {shown}")
        return lines

    def summary(self) -> str:
        """The one summary line."""
        head = f"{self.table}: {self.read} read, {self.invalid_count} invalid"
        if self.refused:
            return f"{head}; nothing written: {self.refused}"
        present = self.written - self.inserted
        verb = {"skip": "already present, skipped", "replace": "replaced", "fail": "already present"}
        extra = f", {present} {verb[self.on_conflict]}" if present else ""
        skipped = " (skipped)" if self.invalid_count else ""
        requests = f"{self.requests} request(s), " if self.requests else ""
        wrote = f"{self.inserted} new row(s) in {self.target}{extra}"
        return f"{head}{skipped}; {wrote} ({requests}{self.seconds:.2f} s)"


class _Writer:
    """Turns prepared rows into batched multi-row INSERT statements."""

    def __init__(self, table: Table, on_conflict: str) -> None:
        self.table = table
        self.order = {c.name: i for i, c in enumerate(table.columns)}
        # A single INTEGER PRIMARY KEY is the rowid: a row without it gets a new id, so match on content.
        alias = table.rowid_alias
        self.rowid_key = alias.name if alias is not None else None
        self.verb = {"skip": "INSERT OR IGNORE", "replace": "INSERT OR REPLACE", "fail": "INSERT"}[
            on_conflict
        ]
        self.name = quote_identifier(table.name)
        # A row may name a parent written earlier in the same file: keep file order (see _dangling).
        self.in_order = any(fk.table == table.name for fk in table.foreign_keys)

    def statements(self, rows: list[dict[str, Any]]) -> list[Statement]:
        """The statements writing `rows`, grouped by the columns each row gives (runs of them if in_order)."""
        groups: list[tuple[tuple[str, ...], list[dict[str, Any]]]] = []
        where: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:
            columns = tuple(sorted(row, key=self.order.__getitem__))
            if self.in_order and groups and groups[-1][0] != columns:
                where.clear()
            if columns not in where:
                where[columns] = []
                groups.append((columns, where[columns]))
            where[columns].append(row)
        out: list[Statement] = []
        for columns, members in groups:
            per = max(1, min(1000, MAX_PARAMS // (2 * len(columns))))
            for start in range(0, len(members), per):
                chunk = members[start : start + per]
                out.append(self._statement(columns, chunk))
        return out

    def _statement(self, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> Statement:
        names = ", ".join(quote_identifier(c) for c in columns)
        marks = "(" + ", ".join("?" * len(columns)) + ")"
        values = ", ".join([marks] * len(rows))
        params: list[Value] = [row[c] for row in rows for c in columns]
        if self.rowid_key is not None and self.rowid_key not in columns:
            same = " AND ".join(f"o.{quote_identifier(c)} IS v.column{i + 1}" for i, c in enumerate(columns))
            sql = (
                f"INSERT INTO {self.name} ({names}) SELECT * FROM (VALUES {values}) AS v "
                f"WHERE NOT EXISTS (SELECT 1 FROM {self.name} AS o WHERE {same})"
            )
            return sql, params
        return f"{self.verb} INTO {self.name} ({names}) VALUES {values}", params


def import_records(
    db: Database,
    schema: Schema,
    table: str,
    path: Path,
    *,
    key: str | None = None,
    on_conflict: str = "skip",
    skip_invalid: bool = False,
    batch_rows: int = 1000,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the records of `path` into `table`; on invalid rows write nothing unless skip_invalid."""
    if on_conflict not in ON_CONFLICT:
        raise DataError(f"--on-conflict must be one of {', '.join(ON_CONFLICT)}, not '{on_conflict}'")
    started = time.perf_counter()
    requests_before = db.requests_sent
    validator = validator_for(table, schema)
    spec_table = validator.table
    _check_table(db, spec_table)
    report = ImportReport(table, str(path), db.url, on_conflict)
    parent: dict[str, Any] = {}
    skip: set[int] = set()
    keys: set[tuple[Any, ...]] = set()
    pk = [c.name for c in spec_table.primary_key]
    fks = single_column_fks(spec_table)
    referenced: dict[str, set[Any]] = {col.name: set() for col, _fk in fks}
    for index, prepared in _prepared(validator, path, key, parent):
        report.read += 1
        report.unknown_keys.update(prepared.unknown)
        row_key = tuple(prepared.values.get(c) for c in pk)
        if prepared.problems:
            _refuse_row(report, skip, index, row_key, prepared.problems, report.invalid)
            continue
        for col, _fk in fks:
            value = prepared.values.get(col.name)
            if value is not None:
                referenced[col.name].add(value)
        if pk and None not in row_key:
            if row_key in keys:
                report.duplicates.append(_show_key(row_key))
            keys.add(row_key)
    report.filled = tuple(k for k in parent if validator.column_name(k))
    found = _present(db, fks, referenced)
    if any(found[name] != values for name, values in referenced.items()):
        _dangling(validator, path, key, pk, found, skip, report)
    if report.invalid_count and not skip_invalid:
        report.refused = f"{report.invalid_count} invalid row(s) (--skip-invalid imports the others)"
    elif on_conflict == "fail":
        report.conflicts = _existing(db, spec_table, keys)
        if report.conflicts or report.duplicates:
            report.refused = "keys already present (--on-conflict skip or replace)"
    if not report.refused and report.valid:
        _write(db, spec_table, validator, path, key, skip, report, batch_rows, progress)
    report.requests = db.requests_sent - requests_before
    report.seconds = time.perf_counter() - started
    return report


def single_column_fks(table: Table) -> tuple[tuple[Column, ForeignKey], ...]:
    """(column, foreign key) for the table's one-column foreign keys that name their parent column."""
    return tuple(
        (table.column(fk.columns[0]), fk) for fk in table.foreign_keys if len(fk.columns) == 1 and fk.column
    )


def _refuse_row(
    report: ImportReport,
    skip: set[int],
    index: int,
    row_key: tuple[Any, ...],
    problems: list[RowProblem],
    shown: list[InvalidRow],
) -> None:
    """Count an invalid row, remember to skip it, and list it in `shown` while that has room."""
    skip.add(index)
    report.invalid_count += 1
    report.problem_counts.update((p.column, p.kind) for p in problems)
    if len(shown) < MAX_SHOWN:
        shown.append(InvalidRow(index, _show_key(row_key), tuple(problems)))


def _present(
    db: Database, fks: tuple[tuple[Column, ForeignKey], ...], referenced: dict[str, set[Any]]
) -> dict[str, set[Any]]:
    """Of each foreign-key column's values, those its parent table holds: one pipelined request for all."""
    reads: list[tuple[str, str]] = []
    for col, fk in fks:
        values = sorted(referenced[col.name], key=repr)
        parent = f"{quote_identifier(fk.table)} AS p WHERE p.{quote_identifier(fk.column)} = v.column1"
        for start in range(0, len(values), KEY_CHUNK):
            listed = ", ".join(f"({_literal(v)})" for v in values[start : start + KEY_CHUNK])
            # The values come back as given; the comparison applies the parent column's affinity and
            # collation, as SQLite's own foreign-key check does.
            sql = f"SELECT v.column1 FROM (VALUES {listed}) AS v WHERE EXISTS (SELECT 1 FROM {parent})"
            reads.append((col.name, sql))
    found: dict[str, set[Any]] = {name: set() for name in referenced}
    for (name, _sql), rows in zip(reads, db.pipeline([sql for _name, sql in reads]), strict=True):
        found[name].update(row[0] for row in rows)
    return found


def _dangling(
    validator: RowValidator,
    path: Path,
    key: str | None,
    pk: list[str],
    found: dict[str, set[Any]],
    skip: set[int],
    report: ImportReport,
) -> None:
    """The third pass, run only when some reference is missing: refuse the rows that hold one.

    A self-referencing table may name a row of the same file, if that row comes first and is itself
    written (rows are written in file order for such tables): a parent refused here refuses its children.
    """
    table = validator.table
    fks = single_column_fks(table)
    own: dict[str, set[Any]] = {fk.column: set() for _col, fk in fks if fk.table == table.name}
    shown: list[InvalidRow] = []
    for index, record in _records(validator, path, key, {}):
        if index in skip:
            continue
        values = validator.convert(record)
        problems = [
            RowProblem(col.name, f"no row in {fk.table} with {fk.column} {_literal(value)}", FOREIGN_KEY)
            for col, fk in fks
            if (value := values.get(col.name)) is not None
            and value not in found[col.name]
            and not (fk.table == table.name and (value in own[fk.column] or value == values.get(fk.column)))
        ]
        if problems:
            _refuse_row(report, skip, index, tuple(values.get(c) for c in pk), problems, shown)
        else:
            for name, seen in own.items():
                seen.add(values.get(name))
    # Both lists are in file order and hold each pass's first rows, so the merge's first rows are the file's.
    report.invalid = sorted(report.invalid + shown, key=lambda row: row.index)[:MAX_SHOWN]


def _literal(value: Any) -> str:
    """A value as an SQL literal (blobs as X'..')."""
    return f"X'{value.hex()}'" if isinstance(value, bytes) else sql_literal(value)


def _records(
    validator: RowValidator, path: Path, key: str | None, parent: dict[str, Any]
) -> Iterator[tuple[int, Any]]:
    """(index, record) for every record, top-level scalars filled in where the record lacks them."""
    for index, record in enumerate(iter_records(path, key, parent)):
        if parent and isinstance(record, dict):
            extra = {k: v for k, v in parent.items() if validator.column_name(k) and k not in record}
            if extra:
                record = {**extra, **record}
        yield index, record


def _prepared(
    validator: RowValidator, path: Path, key: str | None, parent: dict[str, Any]
) -> Iterator[tuple[int, PreparedRow]]:
    """(index, prepared record) for every record: the validating pass."""
    for index, record in _records(validator, path, key, parent):
        yield index, validator.prepare(record)


def _write(
    db: Database,
    table: Table,
    validator: RowValidator,
    path: Path,
    key: str | None,
    skip: set[int],
    report: ImportReport,
    batch_rows: int,
    progress: Progress | None,
) -> None:
    """The second pass: write the valid records, one transaction per batch."""
    writer = _Writer(table, report.on_conflict)
    count_sql = f"SELECT count(*) FROM {quote_identifier(table.name)}"
    before = _count(db.query(count_sql))

    def batches() -> Iterator[tuple[list[Statement], int]]:
        batch: list[dict[str, Any]] = []
        for index, record in _records(validator, path, key, {}):
            if index in skip:
                continue
            batch.append(validator.convert(record))
            if len(batch) >= batch_rows:
                yield writer.statements(batch), len(batch)
                batch = []
        if batch:
            yield writer.statements(batch), len(batch)

    if not isinstance(db, HttpDatabase) or writer.in_order:
        for statements, rows in _ahead(batches()):
            db.apply(statements)
            _count_written(rows, report, progress)
    else:
        # Over HTTP two batches are in flight: the server commits one while the next is sent and parsed.
        pending: deque[tuple[Future[list[int]], int]] = deque()

        def settle(keep: int) -> None:
            while len(pending) > keep or (pending and pending[0][0].done()):
                future, done_rows = pending.popleft()
                future.result()
                _count_written(done_rows, report, progress)

        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="import-apply") as pool:
            for statements, rows in _ahead(batches()):
                pending.append((pool.submit(db.apply, statements), rows))
                settle(keep=1)
            settle(keep=0)
    report.inserted = _count(db.query(count_sql)) - before


def _count_written(rows: int, report: ImportReport, progress: Progress | None) -> None:
    """Count a committed batch and move the progress bar."""
    report.written += rows
    if progress is not None:
        progress(report.written, report.valid)


T = TypeVar("T")
_DONE: Any = object()


def _ahead(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Yield `items` as a worker thread makes them, up to `depth` ahead.

    Building the next batch (parsing, converting: Python) then overlaps the database's work on this one
    (sqlite3 and the HTTP wait release the GIL). The database itself is only used by the calling thread.
    """
    slots: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple[Any, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                slots.put(entry, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_DONE, None))
        except BaseException as exc:  # handed to the consumer, which raises it
            put((_DONE, exc))

    worker = threading.Thread(target=work, name="import-batches", daemon=True)
    worker.start()
    try:
        while True:
            item, error = slots.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        worker.join()


def _count(rows: list[tuple[Value, ...]]) -> int:
    value = rows[0][0] if rows else 0
    return value if isinstance(value, int) else 0


def _check_table(db: Database, table: Table) -> None:
    """The table must exist with every spec column (else the INSERTs would fail half-way)."""
    rows = db.query("SELECT name FROM pragma_table_info(?)", (table.name,))
    if not rows:
        raise DataError(f"{db.url}: table {table.name} does not exist (run `schemagen push` first)")
    present = {r[0] for r in rows}
    missing = [c.name for c in table.columns if c.name not in present]
    if missing:
        raise DataError(
            f"{db.url}: table {table.name} lacks column(s) {', '.join(missing)} of the spec "
            "(run `schemagen push` first)"
        )


def _existing(db: Database, table: Table, keys: set[tuple[Any, ...]]) -> list[str]:
    """The keys among `keys` that the table already holds."""
    pk = [quote_identifier(c.name) for c in table.primary_key]
    if not pk or not keys:
        return []
    found: list[str] = []
    ordered = sorted(keys, key=repr)
    marks = "(" + ", ".join("?" * len(pk)) + ")"
    target = pk[0] if len(pk) == 1 else "(" + ", ".join(pk) + ")"
    for start in range(0, len(ordered), KEY_CHUNK):
        chunk = ordered[start : start + KEY_CHUNK]
        inner = ", ".join("?" * len(chunk)) if len(pk) == 1 else "VALUES " + ", ".join([marks] * len(chunk))
        sql = f"SELECT {', '.join(pk)} FROM {quote_identifier(table.name)} WHERE {target} IN ({inner})"
        params: list[Value] = [v for k in chunk for v in k]
        found += [_show_key(row) for row in db.query(sql, params)]
    return found


def _show_key(key: tuple[Any, ...]) -> str:
    """A primary key as shown in reports ('-' when the record has none)."""
    if not key or all(v is None for v in key):
        return "-"
    return "/".join(str(v) for v in key)
