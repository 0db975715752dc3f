"""A local SQLite file through the stdlib sqlite3 module."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from generator.db.base import (
    DEFAULT_TIMEOUT,
    PROBE_TABLE,
    Database,
    Row,
    Statement,
    Value,
    first_line,
    fk_message,
    fk_sql,
    split_statement,
)
from generator.db.target import Target
from generator.errors import DatabaseError


class FileDatabase(Database):
    """A local SQLite file through the stdlib sqlite3 module, in autocommit mode."""

    def __init__(self, target: Target, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = target.url
        self.path = target.address
        self.requests_sent = 0
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchall()
        except sqlite3.Error as err:
            raise DatabaseError(f"cannot open {self.url}: {err}") from None

    def _run(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Execute one statement, returning its rows as tuples."""
        return [tuple(row) for row in self._conn.execute(sql, tuple(params)).fetchall()]

    def query(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Run one statement and return its rows."""
        try:
            return self._run(sql, params)
        except sqlite3.Error as err:
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
            except sqlite3.Error as err:
                raise DatabaseError(f"{self.url}: write check failed: {err}") from None
        return rows

    def _apply(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> list[int]:
        """The statements in one BEGIN IMMEDIATE ... COMMIT transaction, rolled back on any error."""
        if not foreign_keys_off:
            return self._transaction(statements, None)
        # PRAGMA foreign_keys is a no-op inside a transaction: set it before BEGIN, restore it after.
        was_on = self._run("PRAGMA foreign_keys") == [(1,)]
        self._run("PRAGMA foreign_keys=OFF")
        try:
            fk = fk_sql(check_tables)
            return self._transaction(statements, fk[0] if fk else None)
        finally:
            self._run(f"PRAGMA foreign_keys={'ON' if was_on else 'OFF'}")

    def _transaction(self, statements: list[Statement], fk_rows_sql: str | None) -> list[int]:
        """The transaction body of apply; returns each statement's changed-row count."""
        try:
            self._run("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise DatabaseError(f"{self.url}: cannot start a write transaction: {err}") from None
        changed: list[int] = []
        try:
            for number, stmt in enumerate(statements, start=1):
                sql, args = split_statement(stmt)
                try:
                    changed.append(max(self._conn.execute(sql, tuple(args)).rowcount, 0))
                except sqlite3.Error as err:
                    raise DatabaseError(
                        f"{self.url}: statement {number} of {len(statements)} failed, nothing was changed: "
                        f"{first_line(sql)}: {err}"
                    ) from None
            if fk_rows_sql is not None:
                violations = self._run(fk_rows_sql)
                if violations:
                    raise DatabaseError(f"{self.url}: {fk_message(violations)}; nothing was changed")
            try:
                self._run("COMMIT")
            except sqlite3.Error as err:
                raise DatabaseError(f"{self.url}: COMMIT failed, nothing was changed: {err}") from None
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        return changed

    def close(self) -> None:
        """Close the sqlite3 connection."""
        self._conn.close()
