"""Reading a view for export: no key to page on, so every page comes from ONE snapshot.

A view has no key the database enforces (pagekey.py pages tables on one), so keyset pages cannot be used:
two rows may be equal in every column, and a page boundary between them would lose one. Instead the whole
export (the count, every page, every --split-by value) runs inside one read transaction
(`Database.read_transaction`: BEGIN ... ROLLBACK on a file, one Hrana stream held by its baton on a
server). On a local SQLite file the rows stream from one statement's cursor; elsewhere pages are
`LIMIT n OFFSET k` of the same statement, which in one snapshot lists the same rows in the same order, so
the pages neither overlap nor miss a row (each re-reads the rows before it, so pages grow as they come).
The rows read are checked against the view's `count(*)` in that snapshot: a difference is an error, and
no file is written (atomic files, as for tables). Rows come in the view's own order (its ORDER BY, else
the order SQLite computes them in).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.data.exportrows import wrap_where
from generator.data.refs import literal
from generator.db import Row
from generator.db.base import Snapshot
from generator.errors import DataError
from generator.model import Column
from generator.sqlite.ddl import quote_identifier


class ViewReader:
    """The rows of one view (or of one --split-by value), in pages of one read transaction's snapshot."""

    def __init__(self, url: str, snapshot: Snapshot, view: str, where: str | None, page_size: int) -> None:
        self.url = url
        self.snapshot = snapshot
        read = snapshot.read
        self.view = view
        self.name = quote_identifier(view)
        self.where = wrap_where(where) if where is not None else None
        self.page_size = page_size
        live = read("SELECT name, type FROM pragma_table_xinfo(?)", (view,))
        if not live:
            raise DataError(f"{url}: view {view} does not exist (see `schemagen plan`)")
        # A view's column has the declared type of the table column it shows ('' for an expression).
        self.columns = tuple(Column(str(name), str(kind or "")) for name, kind in live)
        self.select: list[str] = []  # what each page lists (the shape's choice)
        if self.where is not None:
            read(f"SELECT 1 FROM {self.name} WHERE {self.where} LIMIT 0", ())  # a bad --where fails here

    def has_column(self, name: str) -> bool:
        """Whether the live view has this column."""
        return any(c.name == name for c in self.columns)

    def _filter(self, split: tuple[str, Any] | None) -> str:
        conditions = [self.where] if self.where else []
        if split is not None:
            conditions.append(f"{quote_identifier(split[0])} IS {literal(split[1])}")
        return f" WHERE {' AND '.join(conditions)}" if conditions else ""

    def rows(self, split: tuple[str, Any] | None = None) -> Iterator[Row]:
        """Every row (of one split value), page by page; DataError unless exactly `count(*)` rows came."""
        where = self._filter(split)
        total = int(str(self.snapshot.read(f"SELECT count(*) FROM {self.name}{where}", ())[0][0]))
        seen = 0
        for page in self.snapshot.pages(
            f"SELECT {', '.join(self.select)} FROM {self.name}{where}", self.page_size
        ):
            seen += len(page)
            if seen > total:
                break
            yield from page
        if seen != total:  # one snapshot cannot change: a server that is not one would be caught here
            raise DataError(
                f"{self.url}: export of view {self.view} read {seen:,} rows where the view holds {total:,}"
            )

    def values(self, column: str) -> list[Any]:
        """The distinct values of `column` (under --where), in order."""
        q = quote_identifier(column)
        sql = f"SELECT DISTINCT {q} FROM {self.name}{self._filter(None)}\nORDER BY {q}"
        return [row[0] for row in self.snapshot.read(sql, ())]
