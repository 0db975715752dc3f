"""A local SQLite file through the stdlib sqlite3 module."""

from __future__ import annotations

import contextlib
import sqlite3
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator.db.base import (
    DEFAULT_TIMEOUT,
    PROBE_TABLE,
    Database,
    Reads,
    Row,
    Snapshot,
    Statement,
    Value,
    check_params,
    first_line,
    fk_message,
    fk_sql,
    split_statement,
)
from generator.db.retry import LockedError, is_locked
from generator.db.target import Target
from generator.errors import DatabaseError

if TYPE_CHECKING:
    from generator.model import Schema

# What sqlite3 raises besides sqlite3.Error: OverflowError for integers past 64 bits, UnicodeEncodeError
# (a ValueError) for text holding lone surrogates.
_SQLITE_ERRORS = (sqlite3.Error, OverflowError, ValueError)


def file_exists(target: Target) -> bool:
    """Whether the database file exists; DatabaseError for a directory or a path that cannot be looked up."""
    path = Path(target.address)
    try:
        if path.is_dir():
            raise DatabaseError(f"cannot open {target.url}: it is a directory, not a database file")
        return path.exists()
    except OSError as err:  # e.g. a name too long for the file system
        raise DatabaseError(f"cannot open {target.url}: {err.strerror or err}") from None


class FileDatabase(Database):
    """A local SQLite file through the stdlib sqlite3 module, in autocommit mode.

    The file must exist unless `create` is given (only push creates a database); `created` says whether
    this connection created it.
    """

    def __init__(self, target: Target, *, timeout: float = DEFAULT_TIMEOUT, create: bool = False) -> None:
        self.url = target.url
        self.path = target.address
        self.requests_sent = 0
        self.created = False
        exists = file_exists(target)
        if not exists and not create:
            raise DatabaseError(
                f"{self.url}: no such database file (nothing was created; only push creates one)"
            )
        # mode=rw never creates a file, even if one appears between the check above and the open.
        uri = f"file:{urllib.parse.quote(self.path)}?mode={'rwc' if create else 'rw'}"
        try:
            self._conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        except _SQLITE_ERRORS as err:
            raise DatabaseError(f"cannot open {self.url}: {err}") from None
        try:
            self._conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchall()
        except _SQLITE_ERRORS as err:
            self._conn.close()
            raise DatabaseError(f"cannot open {self.url}: {err}") from None
        self.created = not exists

    def _run(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Execute one statement, returning its rows as tuples."""
        return [tuple(row) for row in self._conn.execute(sql, tuple(params)).fetchall()]

    def query(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Run one statement and return its rows."""
        check_params(self.url, sql, params)
        try:
            return self._run(sql, params)
        except _SQLITE_ERRORS as err:
            raise DatabaseError(f"{self.url}: query failed: {first_line(sql)}: {err}") from None

    def write(self, sql: str, params: Sequence[Value] = ()) -> int:
        """Run one writing statement; the rows it changed (the cursor's count: no row comes back)."""
        check_params(self.url, sql, params)
        try:
            return max(self._conn.execute(sql, tuple(params)).rowcount, 0)
        except _SQLITE_ERRORS as err:
            raise DatabaseError(f"{self.url}: query failed: {first_line(sql)}: {err}") from None

    def pipeline(self, reads: Sequence[str], *, probe_write: bool = False) -> list[list[Row]]:
        """Run `reads` in turn (and the write probe); return each read's rows."""
        rows = [self.query(sql) for sql in reads]
        if probe_write:
            try:
                self._run("BEGIN")
                try:
                    self._run(f'CREATE TABLE IF NOT EXISTS "{PROBE_TABLE}"(x)')
                finally:
                    self._run("ROLLBACK")
            except _SQLITE_ERRORS as err:
                if not is_locked(str(err)):  # another writer's lock is no refusal: apply waits for it
                    raise DatabaseError(f"{self.url}: write check failed: {err}") from None
        return rows

    @contextlib.contextmanager
    def read_transaction(self) -> Iterator[Snapshot]:
        """Reads which all see ONE snapshot; `pages` streams one statement through a cursor."""
        with super().read_transaction() as snapshot:
            yield _CursorSnapshot(self, snapshot.read)

    def _apply(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> list[int]:
        """The statements in one BEGIN IMMEDIATE ... COMMIT transaction, rolled back on any error."""
        for stmt in statements:
            check_params(self.url, *split_statement(stmt))
        if not foreign_keys_off:
            return self._transaction(statements, None)
        # PRAGMA foreign_keys is a no-op inside a transaction: set it before BEGIN, restore it after.
        try:
            was_on = self._run("PRAGMA foreign_keys") == [(1,)]
            self._run("PRAGMA foreign_keys=OFF")
        except _SQLITE_ERRORS as err:
            raise DatabaseError(
                f"{self.url}: cannot turn foreign keys off, nothing was changed: {err}"
            ) from None
        try:
            fk = fk_sql(check_tables)
            return self._transaction(statements, fk[0] if fk else None)
        finally:
            with contextlib.suppress(*_SQLITE_ERRORS):  # the connection is closed after push anyway
                self._run(f"PRAGMA foreign_keys={'ON' if was_on else 'OFF'}")

    def _transaction(self, statements: list[Statement], fk_rows_sql: str | None) -> list[int]:
        """The transaction body of apply; returns each statement's changed-row count."""
        try:
            self._run("BEGIN IMMEDIATE")
        except _SQLITE_ERRORS as err:
            cls = LockedError if is_locked(str(err)) else DatabaseError
            raise cls(f"{self.url}: cannot start a write transaction, nothing was changed: {err}") from None
        changed: list[int] = []
        try:
            for number, stmt in enumerate(statements, start=1):
                sql, args = split_statement(stmt)
                try:
                    changed.append(max(self._conn.execute(sql, tuple(args)).rowcount, 0))
                except _SQLITE_ERRORS as err:
                    raise DatabaseError(
                        f"{self.url}: statement {number} of {len(statements)} failed, nothing was changed: "
                        f"{first_line(sql)}: {err}{_libsql_hint(sql, err)}"
                    ) from None
            if fk_rows_sql is not None:
                try:
                    violations = self._run(fk_rows_sql)
                except _SQLITE_ERRORS as err:
                    raise DatabaseError(
                        f"{self.url}: foreign key check failed, nothing was changed: {err}"
                    ) from None
                if violations:
                    raise DatabaseError(f"{self.url}: {fk_message(violations)}; nothing was changed")
            try:
                self._run("COMMIT")
            except _SQLITE_ERRORS as err:
                raise DatabaseError(f"{self.url}: COMMIT failed, nothing was changed: {err}") from None
            if self.read_after_apply is not None:
                self.read_back = self.query(self.read_after_apply)
        except BaseException:
            if self._conn.in_transaction:
                with contextlib.suppress(*_SQLITE_ERRORS):  # the original error is the one to report
                    self._conn.execute("ROLLBACK")
            raise
        return changed

    def add_stand_ins(self, schema: Schema) -> bool:
        """Register the app-defined functions and collations `schema` declares (not libSQL's: a push to a
        file says it lacks those)."""
        from generator.sqlite.appdefined import register

        register(self._conn, schema, libsql=False)
        return True

    def close(self) -> None:
        """Close the sqlite3 connection."""
        with contextlib.suppress(*_SQLITE_ERRORS):
            self._conn.close()


def _libsql_hint(sql: str, err: Exception) -> str:
    """What to do when a statement needs what libSQL adds (its functions, RANDOM ROWID), which a plain
    SQLite file lacks."""
    from generator.sqlite.libsql import FUNCTIONS

    text = str(err)
    missing = text.removeprefix("no such function: ").lower() if text.startswith("no such function:") else ""
    if text == 'near "ROWID": syntax error' and "RANDOM ROWID" in " ".join(sql.upper().split()):
        missing = "RANDOM ROWID"
    elif missing not in FUNCTIONS:
        return ""
    return f" ({missing} is libSQL's, which a plain SQLite file lacks: push to Turso or sqld)"


class _CursorSnapshot(Snapshot):
    """A local file's snapshot: a SELECT's rows stream from one cursor, each row read once."""

    def __init__(self, db: FileDatabase, read: Reads) -> None:
        super().__init__(read)
        self.db = db

    def pages(self, select: str, size: int) -> Iterator[list[Row]]:
        """The rows of `select`, `size` at a time, from one statement."""
        try:
            cursor = self.db._conn.execute(select)
        except _SQLITE_ERRORS as err:
            raise DatabaseError(f"{self.db.url}: query failed: {first_line(select)}: {err}") from None
        try:
            while page := cursor.fetchmany(size):
                yield [tuple(row) for row in page]
        except _SQLITE_ERRORS as err:
            raise DatabaseError(f"{self.db.url}: query failed: {first_line(select)}: {err}") from None
        finally:
            cursor.close()
