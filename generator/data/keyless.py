"""Records without their key (an autoincrement id left out, a table without a key): what re-importing means.

A keyless record is matched on the values it gives (app defaults filled in by the import are not compared,
they differ on every run). Importing makes the table hold at least as many copies of each record as the
input does: a record given N times, of which M matching rows were in the table BEFORE the import, writes
max(0, N - M) rows and counts the rest as already present. So an import into an empty table writes every
record (identical ones too), and re-running it writes nothing; the result is the same whatever the batch
boundaries, and rows this import wrote never count as "present" for a later record.

It is linear: validation notes a 16-byte digest of each keyless record's matched values; one paged scan of
the live table before anything is written counts the rows with those digests (only those: memory grows
with the input, a digest per distinct keyless record and a reference per record, not with the table); then
each record's occurrence number decides, in input order, whether it is written (a plain INSERT) or already
present. Into a file whose table is empty under the import's write lock (`fresh`), nothing can be present:
none of that is done.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from generator.data.checks import NUMERIC_TEXT
from generator.data.pagekey import page_key_of
from generator.data.statements import WriteRow
from generator.db import Database
from generator.errors import DatabaseError
from generator.model import Table
from generator.model.types import value_kind
from generator.sqlite.ddl import quote_identifier

Shape = tuple[str, ...]


_PLAIN = frozenset({str, int, type(None), bytes})  # the types `_normal` gives back as they are


def _numeric(value: Any) -> Any:
    """A value as a NUMERIC column stores it: numeric text becomes a number (`' 12 '` is 12)."""
    if isinstance(value, str) and NUMERIC_TEXT.match(value):
        number = float(value)
        if math.isfinite(number):
            return _normal(number)
    return _normal(value)


def _normal(value: Any) -> Any:
    """A value as SQL's `IS` compares it: 1 and 1.0 are the same number, True is 1."""
    kind = type(value)
    if kind is float and math.isfinite(value) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if kind is bool:
        return int(value)
    if kind is memoryview or kind is bytearray:
        return bytes(value)
    return value


def digest(shape: Shape, values: Sequence[Any], numeric: frozenset[str] = frozenset()) -> bytes:
    """The digest of one record's matched values as stored (its shape is part of it); `numeric` names the
    columns of NUMERIC affinity, which store numeric text as a number. The repr of a tuple of plain values
    is canonical and unambiguous (types, exact floats, escaped text), and made in C."""
    if numeric:
        normal = tuple(
            _numeric(v) if n in numeric else _normal(v) for n, v in zip(shape, values, strict=True)
        )
    elif _PLAIN.issuperset(map(type, values)):
        normal = tuple(values)  # what SQL's IS compares already
    else:
        normal = tuple(map(_normal, values))
    text = repr((shape, normal)).encode("utf-8", "surrogatepass")
    import hashlib  # here, not at the top: an import whose rows carry their keys never loads it

    return hashlib.blake2b(text, digest_size=16).digest()


class KeylessMatcher:
    """Decides, for the keyless rows of one import, which are written and which are already present."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.order = {c.name: i for i, c in enumerate(table.columns)}
        self.numeric = frozenset(c.name for c in table.columns if value_kind(c.type) == "numeric")
        # Digests of the input's keyless records, by shape (each kept once: the dict gives back the one kept).
        self.wanted: dict[Shape, dict[bytes, bytes]] = {}
        # The digest of each keyless record by its position (None for others): decided without a second
        # digest, for the cost of one reference per record.
        self.digests: list[bytes | None] = []
        self.before: Counter[bytes] = Counter()  # matching rows in the table before the import
        self.seen: Counter[bytes] = Counter()  # occurrences written or decided so far
        self.present: set[int] = set()  # seqs of rows decided already present
        self.shapes: dict[tuple[tuple[str, ...], tuple[str, ...]], Shape] = {}
        # The table held no row when the import took its write lock (into a file: one transaction), so no
        # record is already present: nothing is noted, scanned or decided for keyless rows.
        self.fresh = False
        self.noted = 0  # keyless rows validation saw
        # A drifted table whose live form does not enforce the spec's key (no ON CONFLICT possible): a row
        # that gives its key is written only if no row had that key before the import and it is the first
        # of the import to give it (what ON CONFLICT DO NOTHING would do), whatever the batches.
        self.key: Shape = ()

    def match_keys(self, key: Shape) -> None:
        """Rows that give their key are matched on it too (the live table does not enforce it)."""
        self.key = tuple(sorted(key, key=self.order.__getitem__))

    def note_key(self, row: WriteRow) -> None:
        """Validation saw a row with its key (only when `match_keys` was called)."""
        key = self._key_digest(row)
        self.wanted.setdefault(self.key, {}).setdefault(key, key)

    def _key_digest(self, row: WriteRow) -> bytes:
        return digest(self.key, [row.values[c] for c in self.key], self.numeric)

    def shape(self, row: WriteRow) -> Shape:
        """The columns a keyless row is matched on: those it gives, without filled app defaults."""
        given = (tuple(row.values), row.filled)
        shape = self.shapes.get(given)
        if shape is None:
            shape = tuple(sorted((c for c in row.values if c not in row.filled), key=self.order.__getitem__))
            self.shapes[given] = shape
        return shape

    def note(self, row: WriteRow) -> None:
        """Validation saw a keyless row."""
        self.noted += 1
        if self.fresh:
            return
        shape = self.shape(row)
        key = digest(shape, [row.values[c] for c in shape], self.numeric)
        key = self.wanted.setdefault(shape, {}).setdefault(key, key)
        digests = self.digests
        if row.seq > len(digests):
            digests.extend([None] * (row.seq - len(digests)))
        if row.seq == len(digests):
            digests.append(key)

    def count_existing(self, db: Database, page_size: int = 5000) -> None:
        """One paged scan of the live table, before anything is written: how many rows match each record."""
        shapes = [s for s in self.wanted if s]
        if not shapes or self.fresh:
            return
        columns = sorted({c for s in shapes for c in s}, key=self.order.__getitem__)
        where = {c: i for i, c in enumerate(columns)}
        picks = [(s, [where[c] for c in s]) for s in shapes]
        for row in _scan(db, self.table, columns, page_size):
            for shape, positions in picks:
                key = digest(shape, [row[p] for p in positions], self.numeric)
                if key in self.wanted[shape]:
                    self.before[key] += 1

    def decide(self, batches: Iterator[list[WriteRow]], keyed: Any) -> Iterator[list[WriteRow]]:
        """The batches as they are, each keyless row decided (in input order) written or present."""
        if self.fresh and not self.key:
            yield from batches  # an empty table: every keyless row is new
            return
        for rows in batches:
            for row in rows:
                if keyed(row):
                    if self.key:
                        key = self._key_digest(row)
                        self.seen[key] += 1
                        if self.before[key] or self.seen[key] > 1:
                            self.present.add(row.seq)
                    continue
                shape = self.shape(row)
                if not shape or self.fresh:
                    continue  # nothing given to match on, or an empty table: a new row
                noted = self.digests[row.seq] if row.seq < len(self.digests) else None
                if noted is None:
                    noted = digest(shape, [row.values[c] for c in shape], self.numeric)
                self.seen[noted] += 1
                if self.seen[noted] <= self.before[noted]:
                    self.present.add(row.seq)
            yield rows


def _scan(db: Database, table: Table, columns: Sequence[str], page_size: int) -> Iterator[Sequence[Any]]:
    """Every row's `columns`: one read when the table is small, else pages on a key it guarantees."""
    names = ", ".join(quote_identifier(c) for c in columns)
    try:
        rows = db.query(f"SELECT {names} FROM {quote_identifier(table.name)} LIMIT {page_size + 1}")
    except DatabaseError as exc:
        if "too large" not in str(exc):
            raise
        rows = [()] * (page_size + 1)
    if len(rows) <= page_size:
        yield from rows
        return
    key = page_key_of(db, table)
    terms = key.terms if not key.nullable else ((key.rowid or "rowid"),)
    select = ", ".join([*terms, *(quote_identifier(c) for c in columns)])
    base = f"SELECT {select} FROM {quote_identifier(table.name)}"
    last: tuple[Any, ...] | None = None
    while True:
        where = "" if last is None else f" WHERE {key.after(last, terms)}"
        try:
            page = db.query(f"{base}{where} ORDER BY {key.order(terms)} LIMIT {page_size}")
        except DatabaseError as exc:
            if "too large" not in str(exc) or page_size == 1:  # sqld caps a response at 10 MB
                raise
            page_size = max(1, page_size // 2)
            continue
        for row in page:
            yield row[len(terms) :]
        if len(page) < page_size:
            return
        last = tuple(page[-1][: len(terms)])
