"""Read a table's rows in keyset pages, so memory stays flat however large the table is.

Rowid tables page on the rowid; WITHOUT ROWID tables (which have none) on their primary key, compared and
ordered BINARY so the order is total whatever collations the key declares. A page too large for the
server's response limit (sqld caps a response at 10 MB) is read again in halves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from generator.db import Database, Row, Value
from generator.errors import DatabaseError, DataError
from generator.model import Table, fold
from generator.sqlite.ddl import quote_identifier

_ROWID_NAMES = ("rowid", "_rowid_", "oid")


def page_key(table: Table, live: Iterable[str] = ()) -> tuple[str, ...]:
    """The columns a table is paged on: a name for its rowid, or its primary key (WITHOUT ROWID).

    `live`: the columns of the live table, which may have more than the spec's (a drifted table): a rowid
    name one of them takes would read that column, not the rowid (rows with equal values would be lost)."""
    if table.without_rowid and table.pk is not None:
        return table.pk.names
    taken = {fold(c.name) for c in table.columns} | {fold(name) for name in live}
    free = next((n for n in _ROWID_NAMES if n not in taken), None)
    if free is None:
        raise DataError(f"table {table.name}: its columns shadow the rowid (rowid, _rowid_ and oid)")
    return (free,)


def key_order(table: Table, alias: str = "") -> str:
    """`ORDER BY` terms that list the table's rows in page order (`alias.` before each, when given)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{_quote(k, table)} COLLATE BINARY" for k in page_key(table))


def _quote(name: str, table: Table) -> str:
    # page_key returns a rowid name only when no column (of the spec or the live table) has it
    return name if name in _ROWID_NAMES and not table.without_rowid else quote_identifier(name)


def read_pages(
    db: Database,
    table: Table,
    columns: Sequence[str],
    *,
    page_size: int,
    limit: int | None = None,
    live: Iterable[str] = (),
) -> Iterator[list[Row]]:
    """Pages of rows: the key values (see `page_key`) then `columns`, in key order, at most `limit` rows."""
    key = [_quote(k, table) for k in page_key(table, live)]
    select = ", ".join([*key, *(quote_identifier(c) for c in columns)])
    order = ", ".join(f"{k} COLLATE BINARY" for k in key)
    base = f"SELECT {select} FROM {quote_identifier(table.name)}"
    after = f"({', '.join(f'{k} COLLATE BINARY' for k in key)}) > ({', '.join('?' for _ in key)})"
    last: tuple[Value, ...] | None = None
    seen = 0
    while limit is None or seen < limit:
        size = page_size if limit is None else min(page_size, limit - seen)
        where = "" if last is None else f" WHERE {after}"
        sql = f"{base}{where} ORDER BY {order} LIMIT ?"
        try:
            page = db.query(sql, (*(last or ()), size))
        except DatabaseError as exc:
            if "too large" not in str(exc) or page_size == 1:
                raise
            page_size = max(1, page_size // 2)
            continue
        if page:
            yield page
        seen += len(page)
        if len(page) < size:
            return
        last = tuple(page[-1][: len(key)])
