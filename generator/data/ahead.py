"""The records of an import, read and checked in order, the later files ahead in a second process.

Reading JSON and checking each record is Python, held to one core by the interpreter's lock. When an import
has enough to read (`MIN_BYTES`, at least two files), the later files (about `CHILD_SHARE` of the bytes) are
read and prepared by a forked child while this process reads the earlier ones. The child parks what it made
in an anonymous temporary file (marshal: plain values only) and this process reads it back, in order, once it
reaches those files. What comes out is exactly what one process reading every file would give: the same
records, prepared the same way, in the same order; an error met in a child's file (an unreadable file) is
raised where its place in the order is reached.

A child is forked only from a process running one thread (fork copies the memory and only the calling
thread: a lock another thread held would stay held in the child), on systems that have fork. It ignores
Ctrl-C (its parent stops it) and ends with os._exit: no buffer of the parent is flushed twice, no exit
handler runs. If it dies any other way (killed, out of memory), nothing it wrote is used: this process
reads those files itself.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from generator.data.checks import ProblemKind, RowProblem
from generator.data.records import Record, iter_records
from generator.data.spool import parking, put, take
from generator.data.validate import PreparedRow, RowValidator
from generator.errors import DataError

MIN_BYTES = 4 << 20  # below this an import is read in one process (a fork costs a few milliseconds)
CHILD_SHARE = 0.55  # of the bytes: this process also counts and spools the records, the child only reads
CHUNK_RECORDS = 256  # records per marshal chunk the child writes

Prepared = tuple[int, Record, PreparedRow]  # file number, record, the record prepared
Filled = Callable[[int, tuple[str, ...]], None]  # a file is over: the columns its top level filled

_ROWS, _FILE, _DONE = "r", "f", "d"
ERROR = "e"  # the first member of an error entry (error_entry, raised)


def prepare_file(
    validator: RowValidator, key: str | None, path: Path, parent: dict[str, Any]
) -> Iterator[tuple[Record, PreparedRow]]:
    """Each record of one file, prepared; `parent` collects the file's top-level members (`--key`)."""
    is_column = validator.column_name
    for record in iter_records(path, key, parent, lambda name: is_column(name) is not None):
        value = record.value
        if parent and isinstance(value, dict):
            extra = {k: v for k, v in parent.items() if is_column(k) and k not in value}
            if extra:
                value = {**extra, **value}
        yield record, validator.prepare(value)


def filled_columns(validator: RowValidator, parent: dict[str, Any]) -> tuple[str, ...]:
    """The file's top-level members that are columns: every record of the file got them."""
    return tuple(k for k in parent if validator.column_name(k))


class PreparedRecords:
    """Every record of `paths`, prepared, in order (the later files by a child, as the module says).

    Build it in the thread that will own the import (the fork happens here, when it happens), iterate it
    once (any thread), and close it (the child is stopped and its file deleted).
    """

    def __init__(
        self,
        validator: RowValidator,
        key: str | None,
        paths: list[Path],
        on_filled: Filled,
        *,
        ahead: bool = True,
    ) -> None:
        self.validator = validator
        self.key = key
        self.paths = paths
        self.on_filled = on_filled
        self.split = split_point(paths) if ahead and may_fork() else len(paths)
        self.child: Child | None = None
        if self.split < len(paths):
            split = self.split
            try:
                Child.start(lambda out: _park(validator, key, paths, split, out), self._keep)
            except BaseException:  # Ctrl-C: nobody would close what is not made
                self.close()
                raise

    def _keep(self, child: Child) -> None:
        self.child = child

    def __iter__(self) -> Iterator[Prepared]:
        yield from self._read(0, self.split)
        if self.child is None:
            return
        parked = self.child.finish()
        self.child = None
        if parked is None:  # the child did not finish its work: read its files here
            yield from self._read(self.split, len(self.paths))
            return
        with parked:
            yield from _unpark(parked, self.on_filled)

    def _read(self, start: int, stop: int) -> Iterator[Prepared]:
        for file_no in range(start, stop):
            parent: dict[str, Any] = {}
            for record, prepared in prepare_file(self.validator, self.key, self.paths[file_no], parent):
                yield file_no, record, prepared
            self.on_filled(file_no, filled_columns(self.validator, parent))

    def close(self) -> None:
        """Stop the child, if it still runs, and delete what it parked."""
        if self.child is not None:
            self.child.stop()
            self.child = None


def split_point(paths: list[Path], share: float = CHILD_SHARE) -> int:
    """The first of the later files that hold about `share` of the bytes (1 to len(paths) - 1), or
    len(paths) when there is nothing to share (one file, or less than MIN_BYTES)."""
    if len(paths) < 2:
        return len(paths)
    try:
        sizes = [p.stat().st_size for p in paths]
    except OSError:
        return len(paths)  # the reading will say what is wrong with the file
    total = sum(sizes)
    if total < MIN_BYTES:
        return len(paths)
    ours = 0
    for index, size in enumerate(sizes):
        if ours + size / 2 > total * (1 - share):
            return max(index, 1)
        ours += size
    return len(paths) - 1


def may_fork() -> bool:
    """True where a child can be forked safely: fork exists and this process runs one thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Child:
    """A forked process running `work(out)`, which writes to an anonymous temporary file (`put`)."""

    def __init__(self, pid: int, out: IO[bytes]) -> None:
        self.pid = pid
        self.out = out
        self.code: int | None = None  # its exit code, once reaped
        # Readable once the child has ended (Linux): a parent that reports progress wakes up at its end.
        self._ended: int | None = None
        with contextlib.suppress(AttributeError, OSError):  # elsewhere, or an old kernel: polled
            self._ended = os.pidfd_open(pid)

    @staticmethod
    def wait_any(children: list[Child], seconds: float) -> None:
        """Sleep `seconds`, or less when one of the children that still run ends meanwhile."""
        ended = [child._ended for child in children if child.code is None and child._ended is not None]
        if ended:
            select.select(ended, [], [], seconds)
        else:
            time.sleep(seconds)

    @classmethod
    def start(cls, work: Callable[[IO[bytes]], None], keep: Callable[[Child], None]) -> None:
        """Fork; the child runs `work` and ends (never returning here). `keep` is given the Child before
        Ctrl-C can interrupt this process again, so whoever stops children knows this one."""
        out = parking()
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
            if pid == 0:  # the child
                code = 1
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)
                    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                    work(out)
                    out.flush()
                    code = 0
                finally:
                    os._exit(code)
            keep(cls(pid, out))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C that came meanwhile is raised here

    def done(self, *, wait: bool) -> bool:
        """True once the child has ended (waiting for it with `wait`); its exit code is then `code`."""
        if self.code is None:
            pid, status = os.waitpid(self.pid, 0 if wait else os.WNOHANG)
            if pid:
                self.code = os.waitstatus_to_exitcode(status)
                self._close_ended()
        return self.code is not None

    def _close_ended(self) -> None:
        if self._ended is not None:
            os.close(self._ended)
            self._ended = None

    def finish(self) -> IO[bytes] | None:
        """Wait for the child; its file (read from the start) if it did all its work, else None (closed)."""
        self.done(wait=True)
        if self.code != 0:
            self.out.close()
            return None
        self.out.seek(0)
        return self.out

    def stop(self) -> None:
        """Kill the child (if still running), reap it, delete its file."""
        if self.code is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.code = -signal.SIGKILL
        self._close_ended()
        self.out.close()


def _park(validator: RowValidator, key: str | None, paths: list[Path], split: int, out: IO[bytes]) -> None:
    """In the child: prepare files [split:] and write them as marshal chunks, an error last."""
    chunk: list[tuple[Any, ...]] = []
    file_no = split
    try:
        for file_no in range(split, len(paths)):
            parent: dict[str, Any] = {}
            for record, p in prepare_file(validator, key, paths[file_no], parent):
                problems = tuple((x.column, x.message, str(x.kind)) for x in p.problems)
                chunk.append((record.index, record.line, p.values, problems, p.unknown, p.filled))
                if len(chunk) >= CHUNK_RECORDS:
                    put(out, (_ROWS, file_no, chunk))
                    chunk = []
            if chunk:
                put(out, (_ROWS, file_no, chunk))
                chunk = []
            put(out, (_FILE, file_no, filled_columns(validator, parent)))
    except Exception as exc:  # raised in the parent at this point of the order, after the records before it
        if chunk:
            put(out, (_ROWS, file_no, chunk))
        put(out, error_entry(exc))
    put(out, (_DONE,))


def error_entry(exc: Exception) -> tuple[str, bytes, str]:
    """An exception as a marshal-able entry: its pickle (b'' if it has none) and its message."""
    import pickle  # only when a reader fails

    try:
        pickled = pickle.dumps(exc)
    except Exception:  # an exception that cannot be pickled: its message is raised as a DataError
        pickled = b""
    return (ERROR, pickled, str(exc))


def _unpark(parked: IO[bytes], on_filled: Filled) -> Iterator[Prepared]:
    """In the parent: the child's records back, in order; its error raised where it came."""
    while True:
        entry = take(parked)
        kind = entry[0]
        if kind == _ROWS:
            file_no = entry[1]
            for index, line, values, problems, unknown, filled in entry[2]:
                found = [RowProblem(c, m, ProblemKind(k)) for c, m, k in problems]
                yield file_no, Record(index, line, None), PreparedRow(values, found, unknown, filled)
        elif kind == _FILE:
            on_filled(entry[1], entry[2])
        elif kind == ERROR:
            raise raised(entry)
        else:
            return


def raised(entry: tuple[str, bytes, str]) -> BaseException:
    """The exception of an `error_entry`, as it was raised in the child, else its message as a DataError."""
    import pickle

    _kind, pickled, message = entry
    try:
        exc = pickle.loads(pickled) if pickled else None
    except Exception:
        exc = None
    return exc if isinstance(exc, BaseException) else DataError(message)
