"""Writing an import: where its transactions are, and what happens when the database refuses a row.

The decision (README, "Loading and checking data"):
- into a **file**, the whole import is ONE transaction: nothing is visible until every row is in, and any
  failure rolls everything back ("nothing written"). A local file can hold one long transaction at no cost,
  and it lets the writing overlap the validating (see importer.py).
- over **HTTP** (sqld, Turso), each batch of rows is its own transaction: one transaction spanning many
  requests would hold the database's only write lock for the whole import, stalling the app's own writes,
  and a dropped connection would lose all of it. When a batch fails, the report says exactly which batches
  were committed, and re-running the same import finishes the job (rows already written are skipped).

Either way a batch the database refuses is searched for the rows it refuses (trial writes that are rolled
back): those are invalid rows, named by file, line and key; the others go in with --skip-invalid, else the
import stops there. A failure that no single row explains (a lost connection) stops the import.
A failure of the database itself (read-only, corrupt, I/O, full, not a database, auth, not answering:
`is_fault`) is never blamed on a row: the import stops on the FIRST such error, raised by importer.py as one
line (exit 2).
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from msgspec import Struct, field

from generator.data.importreport import ImportProgress, ImportReport
from generator.data.statements import NEW, REPLACED, Planned, StatementBuilder, WriteRow
from generator.db import Database, Statement
from generator.db.base import first_line, split_statement
from generator.db.retry import DEFAULT_LOCK_TIMEOUT, LockedError, is_locked, retry_locked
from generator.errors import AuthError, DatabaseError
from generator.words import plural

Refuse = Callable[[WriteRow, str], None]


class Sink:
    """Where batches go: `write` commits one (or adds it to the open transaction); `trial` tries, undoes."""

    def write(self, statements: Sequence[Statement]) -> list[int]:
        """Write the statements together; their change counts, or DatabaseError (then none of them stays)."""
        raise NotImplementedError

    def trial(self, statements: Sequence[Statement]) -> str | None:
        """Run the statements and undo them; None if all succeeded, else the first failure's message."""
        raise NotImplementedError

    def count(self, statement: Statement) -> int:
        """The one number a `SELECT count(*)` statement returns."""
        db: Database = getattr(self, "db")  # noqa: B009 (both sinks hold one)
        sql, params = split_statement(statement)
        return int(str(db.query(sql, params)[0][0]))


class FileSink(Sink):
    """A SQLite file: one transaction around the whole import, a savepoint around each batch."""

    def __init__(self, db: Database, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.db = db
        self.open = False
        self.lock_timeout = lock_timeout  # another writer's lock is waited for, as push does

    def begin(self) -> None:
        """Start the import's transaction (taking the write lock now, so nothing changes under the import)."""

        def take() -> None:
            try:
                self.db.query("BEGIN IMMEDIATE")
            except DatabaseError as err:
                if is_locked(str(err)):
                    raise LockedError(f"{err}; nothing was written") from None
                raise

        retry_locked(take, self.lock_timeout)
        self.open = True

    def commit(self) -> None:
        """Make the import visible."""
        self.db.query("COMMIT")
        self.open = False

    def rollback(self) -> None:
        """Undo the whole import (it is safe to call after a failed COMMIT)."""
        if self.open:
            self.open = False
            with contextlib.suppress(DatabaseError):  # no transaction left to roll back
                self.db.query("ROLLBACK")

    def _run(self, statements: Sequence[Statement]) -> list[int]:
        # The count comes with the statement (no second query): Database.write.
        return [self.db.write(*split_statement(statement)) for statement in statements]

    def write(self, statements: Sequence[Statement]) -> list[int]:
        self.db.query("SAVEPOINT schemagen_batch")
        try:
            changed = self._run(statements)
        except DatabaseError as first:
            self._undo("schemagen_batch", first)
            raise
        self.db.query("RELEASE schemagen_batch")
        return changed

    def trial(self, statements: Sequence[Statement]) -> str | None:
        self.db.query("SAVEPOINT schemagen_trial")
        try:
            self._run(statements)
        except DatabaseError as exc:
            self._undo("schemagen_trial", exc)
            return _reason(str(exc), statements)
        self._undo("schemagen_trial", None)
        return None

    def _undo(self, savepoint: str, first: DatabaseError | None) -> None:
        """Roll back to `savepoint`. After some errors (a full disk, an I/O error) SQLite has already rolled
        the whole transaction back and the savepoint is gone: the error that did it is the one to report."""
        try:
            self.db.query(f"ROLLBACK TO {savepoint}")
            self.db.query(f"RELEASE {savepoint}")
        except DatabaseError:
            if first is None:
                raise
            self.open = False  # the transaction is gone
            raise DatabaseError(f"{first} (the database rolled the whole import back)") from None


class HttpSink(Sink):
    """A libSQL server: each batch is one atomic Hrana batch (one request, one transaction)."""

    def __init__(self, db: Database, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.db = db
        self.lock_timeout = lock_timeout  # another writer's lock is waited for, as push does
        # Batches of this import committed: with several in flight they take the one write lock from each
        # other, and that is no other writer's lock (retry_locked waits on while this grows).
        self.commits = 0
        self._commits_lock = threading.Lock()

    def write(self, statements: Sequence[Statement]) -> list[int]:
        changed = retry_locked(
            lambda: self.db.apply(statements), self.lock_timeout, ours=lambda: self.commits
        )[0]
        with self._commits_lock:
            self.commits += 1
        return changed

    def trial(self, statements: Sequence[Statement]) -> str | None:
        # A last statement that always fails (a table nobody has) makes apply roll the whole batch back;
        # its random name tells "everything before it succeeded" from a failure of a row's statement.
        import secrets  # only a failed batch is tried again

        marker = f"schemagen_trial_{secrets.token_hex(8)}"
        try:
            retry_locked(lambda: self.db.apply([*statements, f'SELECT * FROM "{marker}"']), self.lock_timeout)
        except LockedError:
            raise
        except DatabaseError as exc:
            message = str(exc)
            return None if marker in message else _reason(message, statements)
        raise DatabaseError(f"{self.db.url}: a trial write was not rolled back (a failure was ignored)")


def _reason(message: str, statements: Sequence[Statement]) -> str:
    """The database's own words from a failed statement's message (without the URL and the SQL)."""
    for statement in statements:
        head = first_line(split_statement(statement)[0]) + ": "
        if head in message:
            message = message.split(head, 1)[1]
            break
    return message.removeprefix("SQLite error: ")  # sqld's prefix: the same message as from a file


# The database failing, not a row: these stop the import with one line (exit 2), never refuse a row.
FAULTS = (
    "readonly database",
    "disk image is malformed",
    "database corruption",
    "sqlite_corrupt",
    "disk i/o error",
    "sqlite_ioerr",
    "database or disk is full",
    "sqlite_full",
    "file is not a database",
    "sqlite_notadb",
    "unable to open database",
    "sqlite_readonly",
    "rolled the whole import back",
)


def is_fault(error: DatabaseError | str) -> bool:
    """True when an error is the database's (read-only, corrupt, I/O, full, not a database, auth)."""
    if isinstance(error, AuthError):
        return True
    text = str(error).lower()
    return any(fault in text for fault in FAULTS)


class Outcome(Struct):
    """How writing ended: `stopped` is empty when every batch went in; `fault` when the database failed."""

    stopped: str = ""
    fault: bool = False
    interrupted: bool = False  # Ctrl-C: the batches in flight were waited for and counted
    committed_batches: int = 0
    spans: list[tuple[WriteRow, WriteRow]] = field(default_factory=list)  # first and last row of each batch


class BatchWriter:
    """Writes batches through a sink, counting what each statement changed, per file."""

    def __init__(
        self,
        sink: Sink,
        builder: StatementBuilder,
        report: ImportReport,
        *,
        skip_invalid: bool,
        refuse: Refuse,
        label: Callable[[WriteRow], str] = lambda _row: "",
        progress: Callable[[ImportProgress], None] | None = None,
        total: int | None = None,
        ordered: Callable[[list[WriteRow]], bool] = lambda _rows: False,
    ) -> None:
        self.sink = sink
        # True for a batch that must commit after every batch before it (it gives a key an earlier one
        # gave: with several in flight, the server may commit them in any order)
        self.ordered = ordered
        self.label = label
        self.builder = builder
        self.report = report
        self.skip_invalid = skip_invalid
        self.refuse = refuse
        self.progress = progress
        self.total = total
        self.handled = 0
        self.outcome = Outcome()

    def _statements(self, rows: list[WriteRow]) -> tuple[list[Planned], list[Statement]]:
        planned = self.builder.plan(rows)
        return planned, [p.statement for p in planned]

    def account(self, rows: list[WriteRow], planned: list[Planned], changed: list[int]) -> None:
        """Count a written batch per file: new and replaced from the change counts, the rest skipped."""
        for p, count in zip(planned, changed, strict=True):
            target = self.report.files[p.file_no]
            if p.kind == NEW:
                target.new += count
                # Rows an INSERT did not write: already present, or dropped by a trigger's RAISE(IGNORE)
                # (a keyless row is only written when it is not present; a keyed one is not in the table).
                if count < p.rows and (p.present is not None or p.keyless):
                    ignored = p.rows - (self.sink.count(p.present) if p.present is not None else count)
                    target.ignored += ignored
                    target.skipped -= ignored
            elif p.kind == REPLACED:
                target.replaced += count
        for row in rows:
            self.report.files[row.file_no].skipped += 1
        for p, count in zip(planned, changed, strict=True):
            self.report.files[p.file_no].skipped -= count
        self.outcome.committed_batches += 1
        if rows:
            self.outcome.spans.append((rows[0], rows[-1]))
        self.handled += len(rows)
        if self.progress is not None:
            self.progress(ImportProgress("writing", self.handled, self.total))

    def write_all(
        self,
        batches: Iterable[list[WriteRow]],
        *,
        in_flight: int = 1,
        hold: Callable[[], bool] = lambda: False,
    ) -> Outcome:
        """Write every batch, `in_flight` at a time (over HTTP: the server commits one while the next are
        sent); stop at the first batch that cannot be written whole (after trying without refused rows).

        While `hold()` is true, batches are consumed but not written (the import will be refused anyway).
        """
        try:
            self._write_all(batches, in_flight, hold)
        except KeyboardInterrupt:
            self.outcome.interrupted = True
            self.outcome.stopped = self.outcome.stopped or "interrupted"
        return self.outcome

    def _write_all(self, batches: Iterable[list[WriteRow]], in_flight: int, hold: Callable[[], bool]) -> None:
        if in_flight <= 1:
            for rows in batches:
                if self.outcome.stopped or hold():
                    continue  # keep consuming: the batches may be produced by validation
                planned, statements = self._statements(rows)
                try:
                    changed = self.sink.write(statements)
                except DatabaseError as exc:
                    self._recover(rows, exc)
                    continue
                self.account(rows, planned, changed)
            return
        pending: deque[tuple[Future[list[int]], list[WriteRow], list[Planned]]] = deque()
        failed: list[tuple[list[WriteRow], DatabaseError]] = []

        def settle(keep: int) -> None:
            while len(pending) > keep or (pending and pending[0][0].done()):
                future, rows, planned = pending.popleft()
                try:
                    self.account(rows, planned, future.result())
                except DatabaseError as exc:
                    failed.append((rows, exc))

        with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="import-write") as pool:
            try:
                self._submit_all(batches, pool, pending, failed, settle, in_flight)
            except KeyboardInterrupt:
                # What is in flight is committed or not: wait for it, so the count says exactly what was
                # (without reporting progress: a progress callback may be what raised).
                self.progress = None
                for future, rows, planned in pending:
                    with contextlib.suppress(DatabaseError):
                        self.account(rows, planned, future.result())
                pending.clear()
                raise
            settle(0)
            for rows, error in failed:
                if not self.outcome.stopped:
                    self._recover(rows, error)

    def _submit_all(
        self,
        batches: Iterable[list[WriteRow]],
        pool: ThreadPoolExecutor,
        pending: deque[tuple[Future[list[int]], list[WriteRow], list[Planned]]],
        failed: list[tuple[list[WriteRow], DatabaseError]],
        settle: Callable[[int], None],
        in_flight: int,
    ) -> None:

        def catch_up() -> None:
            settle(0)  # what else was in flight is committed or not: know which first
            while failed and not self.outcome.stopped:
                self._recover(*failed.pop(0))

        for rows in batches:
            if self.outcome.stopped:
                continue
            if (pending or failed) and self.ordered(rows):
                catch_up()  # every batch before it committed (refused rows found) first
                if self.outcome.stopped:
                    continue
            planned, statements = self._statements(rows)
            pending.append((pool.submit(self.sink.write, statements), rows, planned))
            settle(in_flight - 1)
            if failed:
                catch_up()

    def _recover(self, rows: list[WriteRow], error: DatabaseError) -> None:
        """A batch failed (nothing of it stayed): find the rows the database refuses, or stop."""
        if is_fault(error):
            self._fail(error)
            return
        try:
            answer = self.sink.trial([])
        except DatabaseError as exc:
            answer = str(exc)
        if answer is not None:
            self._fail(error)  # the first error, not what the probe said
            return
        try:
            refused = find_refused(self.sink, self.builder, rows)
        except DatabaseError:
            self._fail(error)
            return
        if any(is_fault(message) for _row, message in refused):
            self._fail(error)
            return
        if not refused:
            self._stop(rows, str(error))
            return
        for row, message in refused:
            self.refuse(row, message)
        if not self.skip_invalid:
            row, message = refused[0]
            where = f"{self.report.files[row.file_no].path}:{row.line}"
            label = f", {self.label(row)}" if self.label(row) else ""
            self.outcome.stopped = (
                f"row {row.index + 1} ({where}{label}) was refused by the database: {message}"
            )
            return
        bad = {row.seq for row, _message in refused}
        rest = [row for row in rows if row.seq not in bad]
        planned, statements = self._statements(rest)
        try:
            changed = self.sink.write(statements) if statements else []
        except DatabaseError as exc:
            self._stop(rest, str(exc))
            return
        self.account(rest, planned, changed)

    def _fail(self, error: DatabaseError) -> None:
        """The database failed (not a row): stop on its first error."""
        self.outcome.stopped = str(error)
        self.outcome.fault = True

    def _stop(self, rows: list[WriteRow], reason: str) -> None:
        first = rows[0] if rows else None
        where = f" (from {self.report.files[first.file_no].path}:{first.line})" if first else ""
        self.outcome.stopped = f"a batch of {plural(len(rows), 'row')}{where} could not be written: {reason}"


def find_refused(sink: Sink, builder: StatementBuilder, rows: list[WriteRow]) -> list[tuple[WriteRow, str]]:
    """The rows of a failed batch that the database refuses, each with its reason, found by trial writes.

    Prefixes are tried, never arbitrary halves, so a row is always tried after the rows before it (a parent
    written earlier in the same batch is there): O(refused rows x log(batch)) trials.
    """
    refused: list[tuple[WriteRow, str]] = []
    good: list[WriteRow] = []
    rest = rows
    while rest:
        message = sink.trial([p.statement for p in builder.plan(good + rest)])
        if message is None:
            break
        low, high = 1, len(rest)  # good + rest[:high] fails; find the shortest failing prefix
        while low < high:
            middle = (low + high) // 2
            found = sink.trial([p.statement for p in builder.plan(good + rest[:middle])])
            if found is None:
                low = middle + 1
            else:
                high, message = middle, found
        refused.append((rest[high - 1], message))
        good += rest[: high - 1]
        rest = rest[high:]
    return refused


T = TypeVar("T")
_DONE: Any = object()


def produce_ahead(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Yield `items` as a worker thread makes them, up to `depth` ahead.

    Making the next batch (parsing, validating: Python) then overlaps the database's work on this one
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
    # The consumer needs the GIL back after each statement the database ran without it; at the default
    # 5 ms switch interval it would wait that long every time, idling the database between statements.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, 0.001))
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
        sys.setswitchinterval(interval)
