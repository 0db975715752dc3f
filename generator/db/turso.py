"""A local database file of the Turso Database engine (a rewrite of SQLite in Rust) through `pyturso`.

`turso:PATH` URLs. The engine stores an ordinary SQLite file, but its SQL differs from SQLite's in ways
generator.engines lists (its `turso` dialect): the pragma table functions take no schema argument, and
`PRAGMA foreign_key_check` answers no rows, so the foreign-key check of a rebuild is computed here from
`PRAGMA foreign_key_list` with one anti-join per foreign key. `pyturso` is the optional extra
`schemagen[turso]`, imported only when such a target is opened.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from generator.db.base import (
    DEFAULT_TIMEOUT,
    PROBE_TABLE,
    Database,
    Row,
    Statement,
    Value,
    check_params,
    first_line,
    fk_message,
    fk_sql,
    split_statement,
)
from generator.db.file import file_exists
from generator.db.target import Target
from generator.engines import DIALECTS, translate
from generator.errors import DatabaseError
from generator.sqlite.ddl import quote_identifier as quote

if TYPE_CHECKING:
    import turso

INSTALL_HINT = "turso: URLs need the Turso engine's Python package: pip install 'schemagen[turso]'"
_DIALECT = DIALECTS["turso"]
_FK_LIMIT = 20


def _turso() -> Any:
    """The `turso` module; DatabaseError telling how to install it when it is missing."""
    try:
        import turso
    except ImportError:
        raise DatabaseError(INSTALL_HINT) from None
    return turso


class TursoDatabase(Database):
    """A Turso-engine database file in autocommit mode; `apply` is one BEGIN IMMEDIATE ... COMMIT."""

    def __init__(self, target: Target, *, timeout: float = DEFAULT_TIMEOUT, create: bool = False) -> None:
        self.url = target.url
        self.path = target.address
        self.requests_sent = 0
        self.created = False
        module = _turso()
        self._errors: tuple[type[BaseException], ...] = (module.Error, OverflowError, ValueError)
        exists = file_exists(target)
        if not exists and not create:
            raise DatabaseError(
                f"{self.url}: no such database file (nothing was created; only push creates one)"
            )
        try:
            self._conn: turso.Connection = module.connect(self.path, isolation_level=None)
            self._conn.set_query_timeout(max(1, int(timeout * 1000)))
            self._conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchall()
        except self._errors as err:
            raise DatabaseError(f"cannot open {self.url}: {err}") from None
        self.created = not exists

    def _run(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Execute one statement (in the engine's dialect), returning its rows as tuples."""
        cursor = self._conn.execute(translate(sql, _DIALECT), tuple(params))
        return [tuple(row) for row in cursor.fetchall()]

    def query(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Run one statement and return its rows."""
        check_params(self.url, sql, params)
        try:
            return self._run(sql, params)
        except self._errors as err:
            raise DatabaseError(f"{self.url}: query failed: {first_line(sql)}: {err}") from None

    def pipeline(self, reads: Sequence[str], *, probe_write: bool = False) -> list[list[Row]]:
        """Run `reads` in turn (and the write probe); return each read's rows."""
        rows = [self.query(sql) for sql in reads]
        if probe_write:
            try:
                self._run("BEGIN IMMEDIATE")
                try:
                    self._run(f"CREATE TABLE IF NOT EXISTS {quote(PROBE_TABLE)}(x)")
                finally:
                    self._run("ROLLBACK")
            except self._errors as err:
                raise DatabaseError(f"{self.url}: write check failed: {err}") from None
        return rows

    def _apply(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> list[int]:
        """The statements in one BEGIN IMMEDIATE ... COMMIT transaction, rolled back on any error."""
        for stmt in statements:
            check_params(self.url, *split_statement(stmt))
        if not foreign_keys_off:
            return self._transaction(statements, False, None)
        try:  # as SQLite: PRAGMA foreign_keys is a no-op inside a transaction
            was_on = self._run("PRAGMA foreign_keys") == [(1,)]
            self._run("PRAGMA foreign_keys=OFF")
        except self._errors as err:
            raise DatabaseError(
                f"{self.url}: cannot turn foreign keys off, nothing was changed: {err}"
            ) from None
        try:
            return self._transaction(statements, check_tables is None or bool(check_tables), check_tables)
        finally:
            with contextlib.suppress(*self._errors):
                self._run(f"PRAGMA foreign_keys={'ON' if was_on else 'OFF'}")

    def _transaction(
        self, statements: list[Statement], check: bool, tables: Sequence[str] | None
    ) -> list[int]:
        """The body of apply; with `check`, the foreign keys of `tables` (None: all) are checked."""
        try:
            self._run("BEGIN IMMEDIATE")
        except self._errors as err:
            raise DatabaseError(f"{self.url}: cannot start a write transaction: {err}") from None
        changed: list[int] = []
        try:
            for number, stmt in enumerate(statements, start=1):
                sql, args = split_statement(stmt)
                try:
                    cursor = self._conn.execute(translate(sql, _DIALECT), tuple(args))
                    cursor.fetchall()
                    changed.append(max(cursor.rowcount, 0))
                except self._errors as err:
                    raise DatabaseError(
                        f"{self.url}: statement {number} of {len(statements)} failed, nothing was changed: "
                        f"{first_line(sql)}: {err}"
                    ) from None
            if check:
                try:
                    violations = self.foreign_key_violations(tables)
                except self._errors as err:
                    raise DatabaseError(
                        f"{self.url}: foreign key check failed, nothing was changed: {err}"
                    ) from None
                if violations:
                    raise DatabaseError(f"{self.url}: {fk_message(violations)}; nothing was changed")
            try:
                self._run("COMMIT")
            except self._errors as err:
                raise DatabaseError(f"{self.url}: COMMIT failed, nothing was changed: {err}") from None
            if self.read_after_apply is not None:
                self.read_back = self.query(self.read_after_apply)
        except BaseException:
            if self._conn.in_transaction:
                with contextlib.suppress(*self._errors):  # the original error is the one to report
                    self._run("ROLLBACK")
            raise
        return changed

    def foreign_key_violations(self, tables: Sequence[str] | None) -> list[Row]:
        """Rows (table, rowid, parent, fkid) whose foreign key finds no parent, as foreign_key_check says.

        The engine's own PRAGMA foreign_key_check answers no rows (pyturso 0.8.3; the dialect table's
        `fk_check_pragma`): each foreign key of `tables` (None: every table) is checked with an anti-join on
        its parent's key instead.
        """
        if _DIALECT.fk_check_pragma:
            fk = fk_sql(tables)
            return self._run(fk[0]) if fk else []
        if tables is None:
            tables = [
                str(r[0])
                for r in self._run("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL")
            ]
        found: list[Row] = []
        for table in tables:
            keys: dict[int, list[Row]] = {}
            for row in self._run(f"PRAGMA foreign_key_list({quote(table)})"):
                keys.setdefault(int(str(row[0])), []).append(row)
            for fkid, members in sorted(keys.items()):
                members.sort(key=lambda r: int(str(r[1])))
                parent = str(members[0][2])
                children = [str(r[3]) for r in members]
                parents = [str(r[4]) if r[4] is not None else "" for r in members]
                if not all(parents):
                    pk = sorted(
                        (int(str(r[5])), str(r[1]))
                        for r in self._run(f"PRAGMA table_info({quote(parent)})")
                        if int(str(r[5])) > 0
                    )
                    parents = [name for _order, name in pk] or ["rowid"]
                if len(parents) != len(children):
                    continue  # SQLite reports such a foreign key as an error of its own on use
                present = " AND ".join(f"c.{quote(c)} IS NOT NULL" for c in children)
                pairs = zip(parents, children, strict=True)
                match = " AND ".join(f"p.{quote(p)} = c.{quote(c)}" for p, c in pairs)
                sql = (
                    f"SELECT c.rowid FROM {quote(table)} AS c WHERE {present} AND NOT EXISTS "
                    f"(SELECT 1 FROM {quote(parent)} AS p WHERE {match}) LIMIT {_FK_LIMIT}"
                )
                found += [(table, r[0], parent, fkid) for r in self._run(sql)]
                if len(found) >= _FK_LIMIT:
                    return found[:_FK_LIMIT]
        return found

    def close(self) -> None:
        """Close the connection."""
        with contextlib.suppress(*self._errors):
            self._conn.close()
