"""The database interface every backend implements (query, pipelined reads, write probe, atomic apply)."""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from generator import messages
from generator.errors import DatabaseError

if TYPE_CHECKING:
    from generator.model import Schema

Value: TypeAlias = int | float | str | bytes | None
Row: TypeAlias = tuple[Value, ...]
Statement: TypeAlias = str | tuple[str, Sequence[Value]]  # SQL text, or SQL with its ? parameters
Reads: TypeAlias = Callable[[str, Sequence[Value]], list[Row]]  # runs one read (SQL, parameters): its rows

DEFAULT_TIMEOUT = 10.0
DEFAULT_APPLY_TIMEOUT = 300.0
DEFAULT_MAX_ANSWER = 64 * 2**20  # bytes: the largest answer body accepted from a server
READ_ONLY_MESSAGE = messages.READ_ONLY
PROBE_TABLE = "_schemagen_probe"

_FK_ROWS_SQL = 'SELECT "table", rowid, parent, fkid FROM pragma_foreign_key_check LIMIT 20'


def fail_when(message: str, condition: str) -> str:
    """A statement that fails (json() of invalid JSON) only when `condition` holds: a Hrana batch can
    condition the COMMIT on a step's success, not on a step's rows. The text goes through a subquery
    because the Turso engine evaluates json() of a constant when it prepares the statement, and would
    fail even when the condition is false."""
    text = "'" + message.replace("'", "''") + "'"
    return f"SELECT json(m) FROM (SELECT {text} AS m) WHERE {condition}"


_FK_GUARD_SQL = fail_when("foreign key violations", "EXISTS (SELECT 1 FROM pragma_foreign_key_check)")


def fk_sql(tables: Sequence[str] | None) -> tuple[str, str] | None:
    """The foreign-key check (rows, guard) of `tables` as children; None: all tables; empty: no check."""
    if tables is None:
        return _FK_ROWS_SQL, _FK_GUARD_SQL
    if not tables:
        return None
    source = " UNION ALL ".join(
        "SELECT * FROM pragma_foreign_key_check('" + t.replace("'", "''") + "')" for t in tables
    )
    rows = f'SELECT "table", rowid, parent, fkid FROM ({source}) LIMIT 20'
    return rows, fail_when("foreign key violations", f"EXISTS ({source})")


def first_line(sql: str, limit: int = 100) -> str:
    """The first non-blank line of a statement, shortened for messages."""
    for line in sql.strip().splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return "<empty statement>"


def one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace so a server message fits the one-line error convention."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def fk_message(rows: Sequence[Row]) -> str:
    """Describe foreign_key_check rows (table, rowid, parent, fkid)."""
    shown = ", ".join(f"{r[0]!r} rowid {r[1]!r} -> {r[2]!r}" for r in rows[:5])
    more = f" (and {len(rows) - 5} more)" if len(rows) > 5 else ""
    return f"foreign key violations after the changes: {shown}{more}"


class Snapshot:
    """Reads inside one read transaction: `read` runs one statement, `pages` lists a SELECT's rows."""

    def __init__(self, read: Reads) -> None:
        self.read = read

    def pages(self, select: str, size: int) -> Iterator[list[Row]]:
        """The rows of `select` in pages: `LIMIT n OFFSET k` of the same statement, which in one snapshot
        lists the same rows in the same order. Pages grow while they come back whole (each re-reads the
        rows before it) and halve when a server finds one too large (sqld caps an answer at 10 MB)."""
        sql = f"SELECT * FROM (\n{select}\n)\nLIMIT ? OFFSET ?"
        seen, most = 0, size * 16
        while True:
            try:
                page = self.read(sql, (size, seen))
            except DatabaseError as exc:
                if "too large" not in str(exc) or size == 1:
                    raise
                size = most = max(1, size // 2)
                continue
            if page:
                yield page
            if len(page) < size:
                return
            seen += size
            size = min(most, size * 2)


class Database(ABC):
    """An open database: query, pipelined reads, write probe and atomic apply."""

    url: str
    requests_sent: int = 0
    # What the database can do, so callers never ask for the concrete class:
    # True: one transaction may stay open across many statements at no cost to anyone else (a local file:
    # an import is then all one transaction); False: a server, where a transaction held across requests
    # would hold its only write lock and die with the connection, so each batch commits on its own and
    # a caller that stops must say which batches were committed.
    one_transaction: ClassVar[bool] = True
    # True: several threads may send requests at once (each HTTP request stands alone), so a writer may
    # keep a batch in flight while it sends the next; False: one thread only (a sqlite3 connection).
    concurrent: ClassVar[bool] = False
    # True: a request travels to a server, so one interrupted in flight may still have been applied there
    # (a caller says "applied whole or not at all", not "nothing was changed").
    remote: ClassVar[bool] = False
    created: bool = False  # this connection created the database (a file; only with connect(create=True))
    # A read run right after each apply's COMMIT, in the same request (push reads the stored schema back so),
    # and its rows from the last apply that committed (None: nothing read).
    read_after_apply: str | None = None
    read_back: list[Row] | None = None

    @abstractmethod
    def query(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Run one statement and return its rows."""

    def write(self, sql: str, params: Sequence[Value] = ()) -> int:
        """Run one INSERT, UPDATE or DELETE (in whatever transaction is open); the rows it changed itself
        (not a trigger's), as SQLite's changes() counts them."""
        return len(self.query(sql + " RETURNING 1", params))

    @abstractmethod
    def pipeline(self, reads: Sequence[str], *, probe_write: bool = False) -> list[list[Row]]:
        """Run several read statements (and optionally the write probe) at once; return each one's rows."""

    @contextlib.contextmanager
    def read_transaction(self) -> Iterator[Snapshot]:
        """Reads which all see ONE snapshot of the database (a read transaction, rolled back at the end, so
        nothing it runs can stay)."""
        self.query("BEGIN")
        try:
            yield Snapshot(self.query)
        finally:
            with contextlib.suppress(DatabaseError):
                self.query("ROLLBACK")

    def add_stand_ins(self, schema: Schema) -> bool:
        """Register stand-ins for the app-defined functions and collations `schema` declares on this
        connection (generator/sqlite/appdefined.py); False when the backend cannot (a server)."""
        return not (schema.functions or schema.collations)

    def probe_write(self) -> None:
        """Check, without changing anything, that this connection may write; AuthError if it may not."""
        self.pipeline([], probe_write=True)

    def apply(
        self,
        statements: Sequence[Statement],
        *,
        foreign_keys_off: bool = False,
        check_tables: Sequence[str] | None = None,
    ) -> list[int]:
        """Run `statements` in one all-or-nothing transaction; returns the rows each one changed.

        With `foreign_keys_off` (table rebuilds) the foreign keys are checked before COMMIT, of the
        `check_tables` as children when given (rows already dangling elsewhere do not block), else of all.
        Nothing is sent when there are no statements. With `read_after_apply` set, that read runs after the
        COMMIT, in the same request, and its rows are kept in `read_back`.
        """
        self.read_back = None
        if not statements:
            return []
        return self._apply(list(statements), foreign_keys_off, check_tables)

    @abstractmethod
    def _apply(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> list[int]:
        """The backend's apply of a non-empty list of statements."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"


_LOW, _HIGH = -(2**63), 2**63


def check_params(url: str, sql: str, params: Sequence[Value]) -> None:
    """DatabaseError, naming the statement and the parameter, for a value SQLite cannot store."""
    # The common values pass by their exact type (an import sends ~20 per row): ASCII text is known without
    # encoding it; anything else, or a value that fails, goes through the full check that names it.
    for value in params:
        if isinstance(value, str):
            if value.isascii():
                continue
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                break
            continue
        if value is None or isinstance(value, bytes):
            continue
        if isinstance(value, float):
            if value == value:
                continue
            break
        if type(value) is not int or not _LOW <= value < _HIGH:
            break
    else:
        return
    _check_each(url, sql, params)


def _check_each(url: str, sql: str, params: Sequence[Value]) -> None:
    for number, value in enumerate(params, start=1):
        why = ""
        if isinstance(value, bool | int):
            if not -(2**63) <= value < 2**63:
                why = "an integer beyond SQLite's 64-bit range"
        elif isinstance(value, float):
            if value != value:  # SQLite would store NaN as NULL
                why = "NaN"
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                why = "text that is not valid Unicode (a lone surrogate)"
        elif value is not None and not isinstance(value, bytes | bytearray | memoryview):
            why = f"a value of type {type(value).__name__}"
        if why:
            raise DatabaseError(f"{url}: {first_line(sql)}: parameter {number} is {why}")


def split_statement(statement: Statement) -> tuple[str, Sequence[Value]]:
    """(SQL, parameters) of a statement given as text or as a (SQL, parameters) pair."""
    return (statement, ()) if isinstance(statement, str) else statement
