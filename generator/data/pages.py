"""Read a table's rows in keyset pages, so memory stays flat however large the table is.

Rowid tables page on the rowid; WITHOUT ROWID tables (which have none) on their primary key, compared and
ordered BINARY so the order is total whatever collations the key declares. A page too large for the
server's response limit (sqld caps a response at 10 MB) is read again in halves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.db import Database, Row, Value
from generator.errors import DatabaseError
from generator.model import Table
from generator.sqlite.ddl import quote_identifier

_ROWID_NAMES = ("rowid", "_rowid_", "oid")


def page_key(table: Table) -> tuple[str, ...]:
    """The columns a table is paged on: a name for its rowid, or its primary key (WITHOUT ROWID)."""
    if table.without_rowid and table.pk is not None:
        return table.pk.names
    taken = {c.name.lower() for c in table.columns}
    return (next((n for n in _ROWID_NAMES if n not in taken), "rowid"),)


def key_order(table: Table, alias: str = "") -> str:
    """`ORDER BY` terms that list the table's rows in page order (`alias.` before each, when given)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{_quote(k, table)} COLLATE BINARY" for k in page_key(table))


def _quote(name: str, table: Table) -> str:
    return name if name in _ROWID_NAMES and not table.has_column(name) else quote_identifier(name)


def read_pages(
    db: Database, table: Table, columns: Sequence[str], *, page_size: int, limit: int | None = None
) -> Iterator[list[Row]]:
    """Pages of rows: the key values (see `page_key`) then `columns`, in key order, at most `limit` rows."""
    key = [_quote(k, table) for k in page_key(table)]
    select = ", ".join([*key, *(quote_identifier(c) for c in columns)])
    order = key_order(table)
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
