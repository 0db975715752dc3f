"""What export pages on: only a key the LIVE table guarantees, never one the spec merely claims.

Keyset pages (`WHERE key > last ORDER BY key LIMIT n`) lose rows when two rows share a key: the rows of a
group split by a page boundary are never read. So the key must be one the database enforces:
1. the spec's primary key, when the live table has it as its PRIMARY KEY or a UNIQUE index (rows whose key
   holds a NULL, which SQLite allows outside WITHOUT ROWID tables, are read first, by rowid): the rows then
   come in key order, so two exports of the same data are the same bytes;
2. else the table's real rowid, under a name no column shadows (`_rowid_`, `rowid`, `oid`): a column named
   `rowid` would otherwise be read in its place;
3. else (a WITHOUT ROWID table whose key is not the spec's, or a rowid table that shadows all three names)
   the live PRIMARY KEY, or a UNIQUE index whose columns are all NOT NULL;
4. else the export is refused with the reason.
Keys are compared and ordered `COLLATE BINARY`: unique under any collation means unique under BINARY, and
BINARY is a total order, so a page boundary never falls between equal keys.
"""

from __future__ import annotations

from msgspec import Struct

from generator.data.refs import literal
from generator.db import Database
from generator.errors import DatabaseError, DataError
from generator.model import Table, fold
from generator.sqlite.ddl import quote_identifier

ROWID_NAMES = ("_rowid_", "rowid", "oid")


class PageKey(Struct, frozen=True):
    """The SQL terms rows are paged on, and whether some rows have a NULL in them (read first, by rowid)."""

    terms: tuple[str, ...]
    rowid: str | None  # the unshadowed name of the real rowid, None for a WITHOUT ROWID table
    nullable: bool = False

    def order(self, terms: tuple[str, ...] | None = None) -> str:
        """`ORDER BY` terms."""
        return ", ".join(f"{t} COLLATE BINARY" for t in terms or self.terms)

    def after(self, last: tuple[object, ...], terms: tuple[str, ...] | None = None) -> str:
        """The condition for the rows after `last`."""
        terms = terms or self.terms
        left = ", ".join(f"{t} COLLATE BINARY" for t in terms)
        right = ", ".join(literal(v) for v in last)
        return f"({left}) > ({right})" if len(terms) > 1 else f"{left} > {right}"

    def nulls(self) -> str:
        """The condition for rows whose key holds a NULL."""
        return "(" + " OR ".join(f"{t} IS NULL" for t in self.terms) + ")"


def page_key_of(db: Database, table: Table) -> PageKey:
    """The key export pages `table` on (see the module docstring); DataError when there is none."""
    name = literal(table.name)
    columns, indexes = db.pipeline(
        [
            f'SELECT name, pk, "notnull" FROM pragma_table_xinfo({name})',
            f"SELECT il.name, il.origin, ii.seqno, ii.name FROM pragma_index_list({name}) AS il, "
            f'pragma_index_info(il.name) AS ii WHERE il."unique" = 1 AND il.partial = 0 '
            "ORDER BY il.name, ii.seqno",
        ]
    )
    if not columns:
        raise DataError(f"{db.url}: table {table.name} does not exist")
    taken = {fold(str(r[0])) for r in columns}
    free = next((n for n in ROWID_NAMES if n not in taken), None)
    rowid = free if free is not None and _has_rowid(db, table, free) else None
    not_null = {str(r[0]) for r in columns if r[2]}
    primary = tuple(str(r[0]) for r in sorted((r for r in columns if r[1]), key=lambda r: int(str(r[1]))))
    unique: dict[str, list[str | None]] = {}
    for index, _origin, _seqno, column in indexes:
        unique.setdefault(str(index), []).append(None if column is None else str(column))
    keys = [tuple(primary)] if primary else []
    keys += [tuple(c for c in cols if c is not None) for cols in unique.values() if None not in cols]
    spec = tuple(c.name for c in table.primary_key)
    if spec and any(set(k) == set(spec) for k in keys):
        terms = tuple(quote_identifier(c) for c in spec)
        if rowid is None or all(c in not_null for c in spec):
            return PageKey(terms, rowid)
        nullable = _has_nulls(db, table, terms)
        return PageKey(terms, rowid, nullable)
    if rowid is not None:
        return PageKey((rowid,), rowid)
    for key in keys:
        if key and ((rowid is None and key == primary) or all(c in not_null for c in key)):
            return PageKey(tuple(quote_identifier(c) for c in key), None)
    raise DataError(
        f"{db.url}: table {table.name} cannot be exported without losing rows: its columns shadow the rowid "
        "(_rowid_, rowid and oid) and it has no PRIMARY KEY or UNIQUE NOT NULL key to page on"
    )


def _has_rowid(db: Database, table: Table, name: str) -> bool:
    try:
        db.query(f"SELECT {name} FROM {quote_identifier(table.name)} LIMIT 0")
    except DatabaseError:  # a WITHOUT ROWID table: "no such column"
        return False
    return True


def _has_nulls(db: Database, table: Table, terms: tuple[str, ...]) -> bool:
    nulls = " OR ".join(f"{t} IS NULL" for t in terms)
    return bool(db.query(f"SELECT 1 FROM {quote_identifier(table.name)} WHERE {nulls} LIMIT 1"))
