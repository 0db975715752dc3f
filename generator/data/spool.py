"""Validated rows parked on disk between validating and writing, so memory stays flat however big the import.

marshal is the fastest stdlib round trip for plain values (str, int, float, bytes, None, dict, tuple): a
file is parsed and checked once, and the write pass only reads back what it needs.
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator

from generator.data.statements import WriteRow


class Spool:
    """Batches of WriteRows in an anonymous temporary file (gone when closed, or when the process ends)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="schemagen-import-")  # noqa: SIM115 (closed by close())
        self._batches = 0

    def add(self, rows: list[WriteRow]) -> None:
        """Park one batch."""
        # Length-prefixed bytes: marshal.load on a file object reads it a few bytes at a time (slow).
        data = marshal.dumps([(r.seq, r.file_no, r.index, r.line, r.values, r.filled) for r in rows])
        self._file.write(len(data).to_bytes(8, "little"))
        self._file.write(data)
        self._batches += 1

    def batches(self) -> Iterator[list[WriteRow]]:
        """The parked batches, in order (may be read more than once)."""
        self._file.flush()
        self._file.seek(0)
        for _ in range(self._batches):
            size = int.from_bytes(self._file.read(8), "little")
            yield [WriteRow(*fields) for fields in marshal.loads(self._file.read(size))]

    def close(self) -> None:
        """Delete the file."""
        self._file.close()
