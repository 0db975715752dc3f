"""Writing export files: JSON or JSON Lines written behind the reads, atomically, named by value.

A file is written into a temporary file beside its target and renamed into place only when every row is
out; with --split-by all files are renamed at the end, so an error leaves nothing half written.
"""

from __future__ import annotations

import base64
import contextlib
import os
import queue
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from generator.data.exportrows import Shape
from generator.db import Row
from generator.errors import DataError
from generator.files import file_mode, safe_file_name, terminate_as_exit


def write_rows(
    stream: IO[str], fmt: str, shape: Shape, rows: Iterator[Row], count: Callable[[int], None]
) -> int:
    """Write the rows as a JSON array (one record per line) or JSON Lines; returns how many.

    A thread writes behind the reading: the database reads the next page while the last one is written
    (both release the GIL), with at most a few chunks in between.
    """
    first, between, end = ("\n", ",\n", "") if fmt == "json" else ("", "", "\n")
    written = 0
    buffer: list[str] = []
    behind = _WriteBehind(stream)
    try:
        if fmt == "json":
            behind.write("[")
        for row in rows:
            buffer.append((between if written else first) + shape.text(row) + end)
            written += 1
            if len(buffer) >= 500:
                behind.write("".join(buffer))
                count(len(buffer))
                buffer.clear()
        behind.write("".join(buffer))
        count(len(buffer))
        if fmt == "json":
            behind.write("\n]\n" if written else "]\n")
    finally:
        behind.close()
    return written


class _WriteBehind:
    """Writes chunks on a thread of its own; `close` waits for them and raises the first write error."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.chunks: queue.Queue[str | None] = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="export-write", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (chunk := self.chunks.get()) is not None:
            if self.error is None:
                try:
                    self.stream.write(chunk)
                except BaseException as exc:  # handed to the reading thread
                    self.error = exc

    def write(self, chunk: str) -> None:
        if self.error is not None:
            raise self.error
        self.chunks.put(chunk)

    def close(self) -> None:
        self.chunks.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def write_file(path: Path, fmt: str, shape: Shape, rows: Iterator[Row], count: Callable[[int], None]) -> int:
    with path.open("w", encoding="utf-8", errors="backslashreplace", newline="\n") as stream:
        written = write_rows(stream, fmt, shape, rows, count)
        stream.flush()
        os.fsync(stream.fileno())
    return written


def file_name(value: Any) -> str:
    """A --split-by value as a file name (generator.files.safe_file_name; NULL is `null`, bytes base64)."""
    if value is None:
        return "null"
    return safe_file_name(base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else str(value))


class AtomicFiles:
    """Temporary files beside their targets, renamed into place together on success, removed on failure."""

    def __init__(self, targets: Sequence[Path]) -> None:
        self.targets = list(targets)
        token = secrets.token_hex(4)
        self.temps = [t.with_name(f".{t.name}.{token}.tmp") for t in self.targets]

    def __enter__(self) -> list[Path]:
        for target in self.targets:
            if not target.parent.is_dir():
                raise DataError(f"{target}: the directory {target.parent} does not exist")
        self.signals = terminate_as_exit()
        self.signals.__enter__()
        return self.temps

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        try:
            self._finish(exc_type)
        finally:
            self.signals.__exit__(None, None, None)

    def _finish(self, exc_type: type[BaseException] | None) -> None:
        if exc_type is None:
            for temp, target in zip(self.temps, self.targets, strict=True):
                os.chmod(temp, file_mode(target))  # an existing file keeps its mode
                os.replace(temp, target)
            return
        for temp in self.temps:
            with contextlib.suppress(OSError):
                temp.unlink()
