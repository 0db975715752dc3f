"""Validated rows parked on disk between validating and writing, so memory stays flat however big the import.

marshal is the fastest stdlib round trip for plain values (str, int, float, bytes, None, dict, tuple): a
file is parsed and checked once, and the write pass only reads back what it needs. `put` and `take` are the
one framing of marshalled entries on disk (the spool's batches, and what a forked reader parks: ahead.py).
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from generator.data.statements import WriteRow


def put(out: IO[bytes], entry: Any) -> None:
    """Write one marshalled entry, length first."""
    # Length-prefixed bytes: marshal.load on a file object reads it a few bytes at a time (slow).
    data = marshal.dumps(entry)
    out.write(len(data).to_bytes(8, "little"))
    out.write(data)


def take(source: IO[bytes]) -> Any:
    """Read the next entry `put` wrote."""
    size = int.from_bytes(source.read(8), "little")
    return marshal.loads(source.read(size))


def parking() -> IO[bytes]:
    """An anonymous temporary file (gone when closed, or when the process ends)."""
    return tempfile.TemporaryFile(prefix="schemagen-import-")


class Spool:
    """Batches of WriteRows in anonymous temporary files: its own, then parts other processes wrote."""

    def __init__(self) -> None:
        self._file = parking()
        # (file, batches in it, what to add to each row's position): the rows of a part a forked reader
        # wrote are numbered from 0 within that part.
        self._parts: list[tuple[IO[bytes], int, int]] = [(self._file, 0, 0)]
        self._size = 0  # with parts attached: the rows per batch, as one process would have cut them

    def add(self, rows: list[WriteRow]) -> None:
        """Park one batch."""
        put(self._file, [(r.seq, r.file_no, r.index, r.line, r.values, r.filled) for r in rows])
        own, count, offset = self._parts[0]
        self._parts[0] = (own, count + 1, offset)

    def attach(self, part: IO[bytes], batches: int, offset: int, size: int) -> None:
        """Add, after everything parked so far, `batches` batches another process `put` into `part` (the
        spool closes it); `offset` is added to the position of each of their rows. The batches are then
        read back cut every `size` rows across the parts, as one process would have cut them."""
        self._parts.append((part, batches, offset))
        self._size = size

    def batches(self) -> Iterator[list[WriteRow]]:
        """The parked batches, in order (may be read more than once)."""
        if not self._size:
            yield from self._stored()
            return
        carry: list[WriteRow] = []
        for rows in self._stored():
            carry += rows
            while len(carry) >= self._size:
                yield carry[: self._size]
                carry = carry[self._size :]
        if carry:
            yield carry

    def _stored(self) -> Iterator[list[WriteRow]]:
        for part, count, offset in self._parts:
            part.flush()
            part.seek(0)
            for _ in range(count):
                fields = take(part)
                if offset:
                    yield [WriteRow(seq + offset, *rest) for seq, *rest in fields]
                else:
                    yield [WriteRow(*row) for row in fields]

    def close(self) -> None:
        """Delete the files."""
        for part, _count, _offset in self._parts:
            part.close()
