"""`schemagen import`: validate every record of every source, then write the valid ones.

One process reads any number of files (and directories) in order: one validating pass over all of them,
batches that span files, foreign keys looked up once. By default the import is all-or-nothing: any invalid
row (checked against the spec, a missing parent, or refused by the database) means nothing is written,
unless --skip-invalid. Where the transactions are is decided in writer.py:
- into a file, the whole import is one transaction; validation and writing overlap (the rows are written
  as they are validated, and rolled back if the import is refused), unless the table references itself,
  --on-conflict fail must first know every key, or a record may lack its key (keyless.py must see the
  table before anything is written);
- over HTTP (a database that cannot hold one transaction across requests: `Database.one_transaction`),
  validation comes first (the valid rows wait in a spool on disk), then batches of rows are committed one
  by one, IN_FLIGHT (4) at a time; with --skip-invalid, when no later record can change how an earlier one is
  written (`_Import.streams`), each batch is sent as soon as it is validated, the next validated while the
  previous is in flight.
Re-running an import writes no duplicates (see statements.py; records without their key: keyless.py).
Errors of the database itself stop the import with one line (exit 2), Ctrl-C with what was committed
(exit 130); docs/data.md says what every count means.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from generator.data.ahead import PreparedRecords
from generator.data.importreport import (
    MAX_KEYS_SHOWN,
    MAX_SHOWN,
    FileReport,
    ImportProgress,
    ImportReport,
    InvalidRow,
)
from generator.data.jsonvalue import show
from generator.data.keyless import KeylessMatcher
from generator.data.records import Record, expand_sources
from generator.data.refs import KEY_CHUNK, References, literal
from generator.data.split import Reading, invalid_record, read_split
from generator.data.spool import Spool
from generator.data.statements import StatementBuilder, WriteRow
from generator.data.validate import REFUSED, PreparedRow, RowProblem, RowValidator, validator_for
from generator.data.writer import BatchWriter, FileSink, HttpSink, Outcome, produce_ahead
from generator.db import Database, Value
from generator.db.retry import DEFAULT_LOCK_TIMEOUT, lock_timeout_setting
from generator.errors import DatabaseError, DataError, SchemagenError
from generator.model import Schema, Table
from generator.sqlite.ddl import quote_identifier
from generator.words import plural

ON_CONFLICT = ("skip", "replace", "fail")
# Batches sent over HTTP before the first one's answer: the server commits one while the next are on their
# way and parsed (on loopback sqld, 30,000 rows: 2 in flight 3.9 s, 3 3.6 s, 4 3.2 s, 6 3.1 s).
IN_FLIGHT = 4
_IGNORE = re.compile(r"raise\s*\(\s*ignore\s*\)", re.IGNORECASE)
Progress = Callable[[ImportProgress], None]
Read = tuple[int, int, Record, PreparedRow]  # position among all records, file number, record, prepared


def import_records(
    db: Database,
    schema: Schema,
    table: str,
    sources: Path | Sequence[Path],
    *,
    key: str | None = None,
    on_conflict: str = "skip",
    skip_invalid: bool = False,
    batch_rows: int | None = None,
    progress: Progress | None = None,
    lock_timeout: float | None = None,
) -> ImportReport:
    """Import the records of `sources` (files, directories) into `table`; see the module docstring.

    `batch_rows`: rows per batch (default 1,000 over HTTP, each its own transaction; 2,500 into a file,
    where a batch is only a savepoint of the one transaction). `lock_timeout`: how long to keep retrying
    while another writer holds the lock (else SCHEMAGEN_LOCK_TIMEOUT, else 5 s).
    """
    if on_conflict not in ON_CONFLICT:
        raise DataError(f"--on-conflict must be one of {', '.join(ON_CONFLICT)}, not '{on_conflict}'")
    started = time.perf_counter()
    requests_before = db.requests_sent
    db.add_stand_ins(schema)  # the app's functions and collations its table may need (sqlite/appdefined.py)
    validator = validator_for(table, schema)
    paths = expand_sources([sources] if isinstance(sources, Path) else list(sources))
    unique_key, ignoring = _check_table(db, validator.table)
    report = ImportReport(table, db.url, on_conflict, files=[FileReport(str(p)) for p in paths])
    report.one_transaction = db.one_transaction
    if batch_rows is None:
        batch_rows = 2500 if report.one_transaction else 1000
    waits = lock_timeout_setting(lock_timeout)
    options = _Options(key, skip_invalid, batch_rows, progress, unique_key, ignoring, waits)
    _Import(db, schema, validator, paths, report, options).run()
    report.requests = db.requests_sent - requests_before
    report.seconds = time.perf_counter() - started
    return report


class ImportInterrupted(SchemagenError):
    """Ctrl-C: the one line says what was committed (a re-run finishes the job)."""

    exit_code = 130


class _Options(Struct, frozen=True):
    """How an import runs (see import_records)."""

    key: str | None
    skip_invalid: bool
    batch_rows: int
    progress: Progress | None
    unique_key: bool  # the live table enforces the spec's key (ON CONFLICT can name it)
    ignoring: bool = False  # a trigger of the table may drop a row (RAISE(IGNORE)): count those
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT  # seconds to keep retrying while another writer has the lock


class _Import:
    """One import's passes and the state they share."""

    def __init__(
        self,
        db: Database,
        schema: Schema,
        validator: RowValidator,
        paths: list[Path],
        report: ImportReport,
        options: _Options,
    ) -> None:
        self.db = db
        self.validator = validator
        self.paths = paths
        self.key = options.key
        self.report = report
        self.skip_invalid = options.skip_invalid
        self.batch_rows = options.batch_rows
        self.lock_timeout = options.lock_timeout
        self.progress = options.progress
        self.builder = StatementBuilder(validator.table, report.on_conflict, unique_key=options.unique_key)
        self.refs = References(validator.table, schema)
        self.matcher = KeylessMatcher(validator.table)
        self.builder.present = self.matcher.present
        self.builder.ignoring = options.ignoring
        key = self.builder.key
        required = set(validator.schema["required"])
        # Could a valid row lack its key? Then whether it is written depends on the table before the import
        # (keyless.py): validation must be over before the first write.
        self.maybe_keyless = not key or any(
            c not in required or validator.table.column(c).app.default for c in key
        )
        # The live table lacks the spec's key (drifted): rows are matched on it in Python (keyless.py).
        self.drifted = bool(key) and not options.unique_key and report.on_conflict == "skip"
        if self.drifted:
            self.matcher.match_keys(key)
            self.builder.matched = True
        self.skip: set[int] = set()  # positions of the refused records
        self.keys: set[Any] = set()  # the keys given (their hashes, unless --on-conflict fail)
        # Positions of the records whose key an earlier record gave: the batch holding one is sent once
        # every batch before it is committed (which record wins must not depend on the order of commits).
        self.repeats: set[int] = set()
        self.lock = threading.Lock()  # validation may run in a worker thread while rows are written

    # --- the passes -------------------------------------------------------------------------------------

    def prepared(self, *, ahead: bool = False) -> PreparedRecords:
        """The records of every source, prepared; with `ahead`, the later files in a child process (ahead.py).

        Made before the pass that reads them starts: a child is forked by the thread that owns the import.
        """

        def filled(file_no: int, columns: tuple[str, ...]) -> None:
            self.report.files[file_no].filled = columns

        return PreparedRecords(self.validator, self.key, self.paths, filled, ahead=ahead)

    def records(self, source: PreparedRecords | None = None) -> Iterator[Read]:
        """(position, file number, record, prepared record) for every record of every source, in order."""
        source = source if source is not None else self.prepared()
        try:
            for seq, (file_no, record, prepared) in enumerate(source):
                yield seq, file_no, record, prepared
        finally:
            source.close()

    def validate(self, source: PreparedRecords | None = None) -> Iterator[list[WriteRow]]:
        """The validating pass: batches of the valid rows; invalid ones, keys and references are noted."""
        batch: list[WriteRow] = []
        builder, report, files = self.builder, self.report, self.report.files
        references = bool(self.refs.links)
        for seq, file_no, record, prepared in self.records(source):
            files[file_no].read += 1
            if prepared.unknown:
                report.unknown_keys.update(prepared.unknown)
            if references:
                self.refs.add(prepared.values, prepared.problems)
            if prepared.problems:
                self.refuse(seq, file_no, record, prepared, prepared.problems)
                continue
            row = WriteRow(seq, file_no, record.index, record.line, prepared.values, prepared.filled)
            if not builder.keyed(row):
                self.matcher.note(row)
            else:
                if self.drifted:
                    self.matcher.note_key(row)
                if self.note_key(tuple(map(row.values.__getitem__, builder.key))):
                    self.repeats.add(seq)
            batch.append(row)
            if len(batch) >= self.batch_rows:
                yield batch
                batch = []
            if self.progress is not None and (seq + 1) % 1000 == 0:
                self.progress(ImportProgress("reading", seq + 1, None))
        if batch:
            yield batch

    def note_key(self, row_key: tuple[Any, ...]) -> bool:
        """Remember a valid row's key; a key given before is counted (and listed while there is room), and
        True comes back."""
        report = self.report
        # --on-conflict fail looks the keys up, so it keeps them; otherwise a repeat is only worth a line of
        # the report, and a hash per key keeps memory small at a million rows.
        seen: Any = row_key if report.on_conflict == "fail" else hash(row_key)
        if seen in self.keys:
            report.repeated_count += 1
            if len(report.repeated) < MAX_KEYS_SHOWN:
                report.repeated.append(_show_key(row_key))
            return True
        self.keys.add(seen)
        return False

    def split_into(self, spool: Spool) -> bool:
        """The validating pass over two forked readers (split.py) when it may run there: every valid row
        carries its key, the table is not drifted, and the import is big enough to split. False when it did
        not run (not split, or a reader died)."""
        if self.maybe_keyless or self.drifted:  # read_split itself says whether the import is big enough
            return False
        reading = Reading(self.validator, self.key, self.paths, self.batch_rows, self.builder.key, self.refs)
        progress = self.progress
        parts = read_split(
            reading,
            None if progress is None else lambda done: progress(ImportProgress("reading", done, None)),
        )
        if parts is None:
            return False
        files, seq = self.report.files, 0
        try:
            for part in parts:
                first = seq
                for entry in part.entries():
                    if isinstance(entry, tuple):
                        if self.note_key(entry):
                            self.repeats.add(seq)
                    else:
                        file_no, record, prepared = invalid_record(entry)
                        self.refuse(seq, file_no, record, prepared, prepared.problems)
                    seq += 1
                for file_no, read, filled in part.files:
                    files[file_no].read, files[file_no].filled = read, filled
                self.report.unknown_keys.update(part.unknown)
                for link, values in zip(self.refs.links, part.referenced, strict=True):
                    self.refs.seen[link].update(values)
                part.ledger.close()
                spool.attach(part.spooled, part.batches, first, self.batch_rows)
        finally:
            for part in parts:
                if not part.ledger.closed:
                    part.close()
        return True

    def again(self) -> Iterator[list[WriteRow]]:
        """The valid rows once more, from the sources (only when a file import must be written again)."""
        batch: list[WriteRow] = []
        for seq, file_no, record, prepared in self.records():
            if seq in self.skip or prepared.problems:
                continue
            row = WriteRow(seq, file_no, record.index, record.line, prepared.values, prepared.filled)
            batch.append(row)
            if len(batch) >= self.batch_rows:
                yield batch
                batch = []
        if batch:
            yield batch

    def dangling(self) -> None:
        """The pass run only when some referenced parent is missing: refuse the rows that name one.

        Rows already invalid get the foreign-key problem added; for a self-referencing table a row may name
        an earlier row of the import that is itself written.
        """
        own = self.refs.own_columns()
        for seq, file_no, record, prepared in self.records():
            problems = self.refs.problems(prepared.values, own)
            if problems:
                self.refuse(seq, file_no, record, prepared, problems)
            elif seq not in self.skip:
                for parents, seen in own.items():
                    seen.add(tuple(prepared.values.get(name) for name in parents))

    def unskipped(self, batches: Iterator[list[WriteRow]]) -> Iterator[list[WriteRow]]:
        """The batches without the rows refused after they were made."""
        for batch in batches:
            rows = [row for row in batch if row.seq not in self.skip] if self.skip else batch
            if rows:
                yield rows

    # --- refusing rows ----------------------------------------------------------------------------------

    def refuse(
        self,
        seq: int,
        file_no: int,
        record: Record | WriteRow,
        prepared: PreparedRow | WriteRow,
        problems: Sequence[RowProblem],
    ) -> None:
        """Count an invalid row (or add problems to one already counted) and list it while there is room."""
        report = self.report
        with self.lock:
            report.problem_counts.update((p.column, p.kind) for p in problems)
            shown = next((i for i, row in enumerate(report.invalid) if row.seq == seq), None)
            if seq in self.skip:
                if shown is not None:
                    old = report.invalid[shown]
                    report.invalid[shown] = InvalidRow(
                        old.source, old.index, old.line, old.label, (*old.problems, *problems), seq
                    )
                return
            self.skip.add(seq)
            report.invalid_count += 1
            report.files[file_no].invalid += 1
            if len(report.invalid) < MAX_SHOWN or seq < report.invalid[-1].seq:
                label = self.validator.label_of(prepared.values, prepared.filled)  # only for rows shown
                row = InvalidRow(
                    report.files[file_no].path, record.index, record.line, label, tuple(problems), seq
                )
                report.invalid = sorted([*report.invalid, row], key=lambda r: r.seq)[:MAX_SHOWN]

    def refuse_written(self, row: WriteRow, message: str) -> None:
        """A row the database refused (a constraint or trigger the spec does not know)."""
        problem = RowProblem("", f"refused by the database: {message}", REFUSED)
        self.refuse(row.seq, row.file_no, row, row, [problem])

    def refusal(self) -> str:
        """Why nothing may be written, once validation and the reference check are done ('' if nothing)."""
        report = self.report
        if report.invalid_count and not self.skip_invalid:
            return f"{plural(report.invalid_count, 'invalid row')} (--skip-invalid imports the others)"
        if report.on_conflict == "fail":
            if report.repeated_count:
                count = report.repeated_count
                return f"{plural(count, 'key')} given more than once (--on-conflict fail needs new keys)"
            conflicts = _existing(self.db, self.validator.table, self.keys)
            report.conflicts, report.conflict_count = conflicts[:MAX_KEYS_SHOWN], len(conflicts)
            if conflicts:
                return "keys already present (--on-conflict skip or replace)"
        return ""

    # --- running ----------------------------------------------------------------------------------------

    def writer(self, sink: FileSink | HttpSink, total: int | None) -> BatchWriter:
        return BatchWriter(
            sink,
            self.builder,
            self.report,
            skip_invalid=self.skip_invalid,
            refuse=self.refuse_written,
            label=lambda row: self.validator.label_of(row.values, row.filled),
            progress=self.progress if total is not None else None,
            total=total,
            ordered=lambda rows: bool(self.repeats) and any(row.seq in self.repeats for row in rows),
        )

    def run(self) -> None:
        try:
            if not self.db.one_transaction:
                self.run_per_batch()
                return
            sink = FileSink(self.db, self.lock_timeout)
            sink.begin()
            try:
                self.run_file(sink)
            finally:
                sink.rollback()  # a no-op once committed
        except KeyboardInterrupt:  # before any batch was written (else check_fault said what was)
            raise ImportInterrupted(f"{self.report.table}: interrupted (nothing was written)") from None

    def run_file(self, sink: FileSink) -> None:
        """Into a file: one transaction; writing overlaps validation when nothing needs every key first."""
        report = self.report
        if self.maybe_keyless or self.drifted:  # under the write lock: the table stays as it is seen
            self.matcher.fresh = _empty(self.db, self.validator.table)
        overlap = not (self.builder.in_order or self.maybe_keyless or self.drifted)
        if report.on_conflict != "fail" and overlap:
            writer = self.writer(sink, None)

            def hold() -> bool:  # an invalid row means a rollback anyway (unless --skip-invalid)
                return bool(report.invalid_count) and not self.skip_invalid

            outcome = writer.write_all(produce_ahead(self.validate()), hold=hold)
            self.check_fault(outcome)
            before = len(self.skip)
            if self.refs.look_up(self.db):
                self.dangling()
            if refused := self.refusal() or outcome.stopped:
                report.refused = refused
                return
            if len(self.skip) > before:  # rows already written turned out to name missing parents
                sink.rollback()
                sink.begin()
                for file in report.files:
                    file.new = file.replaced = file.skipped = 0
                outcome = self.writer(sink, report.valid).write_all(self.again())
        else:
            spool = Spool()
            try:
                if not self.validate_into(spool):
                    return
                outcome = self.write_phases(self.writer(sink, report.valid), spool, 1)
            finally:
                spool.close()
        self.check_fault(outcome)
        if outcome.stopped:
            report.refused = outcome.stopped
            return
        sink.commit()

    def check_fault(self, outcome: Outcome) -> None:
        """The database failed (not a row), or Ctrl-C: one line naming the first error, what was committed."""
        if not outcome.fault and not outcome.interrupted:
            return
        committed = "" if self.db.one_transaction else _committed(self.report, outcome)
        done = committed or "nothing was written"
        if outcome.interrupted:
            raise ImportInterrupted(f"{self.report.table}: interrupted ({done})")
        raise DatabaseError(
            f"{self.report.table}: the import stopped on a database error ({done}): {outcome.stopped}"
        )

    def validate_into(self, spool: Spool) -> bool:
        """Validate everything, the valid rows into `spool`, then the references; False when the import is
        refused (the report says why), before anything is written."""
        if not self.split_into(spool):
            for batch in self.validate(self.prepared(ahead=True)):
                spool.add(batch)
        if self.refs.look_up(self.db):
            self.dangling()
        if refused := self.refusal():
            self.report.refused = refused
            return False
        self.matcher.count_existing(self.db)
        return True

    def write_phases(self, writer: BatchWriter, spool: Spool, in_flight: int) -> Outcome:
        """Write the spooled rows (refused ones left out, keyless ones decided: keyless.py).

        Rows that give their key are written first and all settled, then the rows without it: an id the
        database assigns to a keyless row must not take the id a later record gives (that record would
        pass for already present), whatever order the batches in flight commit in. A self-referencing
        table keeps the input order (a row may name an earlier one).
        """
        keyed = self.builder.keyed
        mixed = self.keys and self.matcher.noted  # valid rows with their key (self.keys) and without
        if self.builder.in_order or not (self.maybe_keyless or self.drifted) or not mixed:
            return writer.write_all(
                self.matcher.decide(self.unskipped(spool.batches()), keyed), in_flight=in_flight
            )

        def part(given: bool) -> Iterator[list[WriteRow]]:
            for batch in self.unskipped(spool.batches()):
                rows = [row for row in batch if keyed(row) == given]
                if rows:
                    yield rows

        outcome = writer.write_all(self.matcher.decide(part(True), keyed), in_flight=in_flight)
        if outcome.stopped:
            return outcome
        return writer.write_all(self.matcher.decide(part(False), keyed), in_flight=in_flight)

    def streams(self) -> bool:
        """True when no later record can change whether or how an earlier one is written: then, over HTTP,
        batches are sent as they are validated (the next one validated while the previous is in flight).

        Not without --skip-invalid (one invalid row anywhere means nothing is written, and a batch committed
        cannot be taken back), nor when the rows need the whole import first: --on-conflict fail (every
        key), references (the parents looked up), keyless or drifted rows (keyless.py), a self-referencing
        table (input order). Streaming beats two readers followed by the writing (`split_into`): on loopback
        sqld, 30,000 rows, 2.7 s against 3.2 s (bench/RESULTS.md, data).
        """
        return (
            self.skip_invalid
            and self.report.on_conflict != "fail"
            and not self.refs.links
            and not (self.builder.in_order or self.maybe_keyless or self.drifted)
        )

    def run_per_batch(self) -> None:
        """Over HTTP: validate everything (rows spooled), then commit batch by batch, IN_FLIGHT at a time; or,
        when nothing needs the whole import first (`streams`), send each batch as soon as it is valid."""
        report = self.report
        self.builder.inline = True  # see statements.inline_values
        in_flight = IN_FLIGHT if self.db.concurrent and not self.builder.in_order else 1
        if self.streams():
            report.streamed = True
            writer = self.writer(HttpSink(self.db, self.lock_timeout), None)
            outcome = writer.write_all(produce_ahead(self.validate()), in_flight=in_flight)
        else:
            spool = Spool()
            try:
                if not self.validate_into(spool):
                    return
                writer = self.writer(HttpSink(self.db, self.lock_timeout), report.valid)
                outcome = self.write_phases(writer, spool, in_flight)
            finally:
                spool.close()
        report.batches = outcome.committed_batches
        self.check_fault(outcome)
        if outcome.stopped:
            report.refused = outcome.stopped
            report.committed = _committed(report, outcome)


def _committed(report: ImportReport, outcome: Outcome) -> str:
    """Exactly what an HTTP import that stopped had committed, and how to finish it."""
    if not outcome.committed_batches:
        return ""  # the summary then says "nothing written"
    spans = sorted(outcome.spans, key=lambda span: span[0].seq)
    shown = []
    for first, last in spans[:3]:
        start, end = report.files[first.file_no].path, report.files[last.file_no].path
        shown.append(f"{start}:{first.line} to {end}:{last.line}")
    more = f" and {len(spans) - 3} more" if len(spans) > 3 else ""
    again = "replaced again" if report.on_conflict == "replace" else "skipped"
    return (
        f"committed: {plural(report.written + report.skipped, 'row')} "
        f"in {plural(outcome.committed_batches, 'batch')} "
        f"({report.new:,} new, {report.replaced:,} replaced, {report.skipped:,} already present): "
        f"{'; '.join(shown)}{more}; nothing else was written. Re-running the same import finishes it "
        f"(rows already written are {again})"
    )


def _check_table(db: Database, table: Table) -> tuple[bool, bool]:
    """The table must exist with every spec column (else the INSERTs would fail half-way).

    Returns whether the live table has a primary key or unique index on exactly the spec's key, which
    `ON CONFLICT (key)` needs (a drifted table may lack it: its rows are then matched on the key instead),
    and whether a trigger on it may drop a row with RAISE(IGNORE) (those rows are counted as dropped).
    """
    name = literal(table.name)
    columns, uniques, triggers = db.pipeline(
        [
            f"SELECT name, pk FROM pragma_table_xinfo({name})",  # xinfo: generated columns too
            f"SELECT il.name, ii.name FROM pragma_index_list({name}) AS il, "
            f'pragma_index_info(il.name) AS ii WHERE il."unique" = 1',
            f"SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = {name}",
        ]
    )
    ignoring = any(_IGNORE.search(str(row[0])) for row in triggers)
    if not columns:
        raise DataError(f"{db.url}: table {table.name} does not exist (run `schemagen push` first)")
    present = {r[0] for r in columns}
    missing = [c.name for c in table.columns if c.name not in present]
    if missing:
        raise DataError(
            f"{db.url}: table {table.name} lacks {'a column' if len(missing) == 1 else 'columns'} "
            f"{', '.join(missing)} of the spec "
            "(run `schemagen push` first)"
        )
    key = {c.name for c in table.primary_key}
    indexes: dict[Any, set[Any]] = {}
    for index, column in uniques:
        indexes.setdefault(index, set()).add(column)
    unique = bool(key) and (key == {r[0] for r in columns if r[1]} or key in indexes.values())
    return unique, ignoring


def _empty(db: Database, table: Table) -> bool:
    """True when the table holds no row."""
    return not db.query(f"SELECT 1 FROM {quote_identifier(table.name)} LIMIT 1")


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
    """A primary key as shown in reports."""
    return "/".join(v if isinstance(v, str) else show(v) for v in key)
