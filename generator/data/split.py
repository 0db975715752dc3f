"""A validating pass that must end before anything is written, split over two forked readers.

Over HTTP without --skip-invalid (and into a file when every key must be known first), nothing is written
until every record is checked, so the database waits for this pass. When the pass decides nothing about one
record from another except whether its key was given before (no references to look up, every valid row
carries its key, the table is not drifted: `_Import.splits`), each of two forked children (ahead.Child) reads
and checks about half of the files, by bytes, on its own core. A child writes its valid rows as spool batches
and keeps a ledger: each record's key, or the record with its problems. This process then replays the
ledgers in input order through the same bookkeeping as one pass (repeated keys, invalid rows counted and
listed), and adds the children's batches to the spool. The report is the one a single pass gives.

While the children read, this process reports their progress from a shared counter. An error in a file
(an unreadable file) is raised as one pass would raise it: the first in input order. A child that dies any
other way leaves the whole pass to this process (the caller runs it the usual way).
"""

from __future__ import annotations

import mmap
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.data.ahead import MIN_BYTES, Child, error_entry, filled_columns, may_fork, prepare_file, raised
from generator.data.checks import ProblemKind, RowProblem
from generator.data.spool import parking, put, take
from generator.data.validate import RowValidator

POLL_SECONDS = 0.02  # how often progress is read from the children while they work
READERS = 2


@dataclass(slots=True)
class Part:
    """What one child made: its files' records, in order, as a ledger, and its valid rows as spool batches."""

    records: int = 0
    # per record: its key (valid) or None (invalid: the next entry of `invalid`)
    ledger: list[tuple[Any, ...] | None] = field(default_factory=list)
    # file number, index, line, values, problems, filled (the problems as triples until read back)
    invalid: list[Any] = field(default_factory=list)
    unknown: dict[str, int] = field(default_factory=dict)  # record keys that name no column: how often
    files: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)  # file no, records, filled
    batches: int = 0
    spooled: IO[bytes] | None = None  # the batches (the spool takes the file over)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the children need to know about the pass."""

    validator: RowValidator
    key: str | None  # --key: the member of a file's top-level object that holds its records
    paths: list[Path]
    batch_rows: int
    key_columns: tuple[str, ...]


def halves(paths: list[Path]) -> list[tuple[int, int]]:
    """The file ranges of the readers, about equal in bytes; [] when the pass is too small to split."""
    if len(paths) < READERS or not may_fork():
        return []
    try:
        sizes = [p.stat().st_size for p in paths]
    except OSError:
        return []  # the reading will say what is wrong with the file
    total = sum(sizes)
    if total < MIN_BYTES:
        return []
    done = 0
    for index, size in enumerate(sizes):
        if done + size / 2 > total / 2:
            cut = min(max(index, 1), len(paths) - 1)
            return [(0, cut), (cut, len(paths))]
        done += size
    return [(0, len(paths) - 1), (len(paths) - 1, len(paths))]


def read_split(reading: Reading, progress: Callable[[int], None] | None) -> list[Part] | None:
    """Run the readers; their parts in order, or None when the pass is not split (or a reader died).

    Raises the first error, in input order, that a reader met.
    """
    ranges = halves(reading.paths)
    if not ranges:
        return None
    counter = mmap.mmap(-1, 8 * len(ranges))  # shared with the children: records read by each
    children: list[Child] = []
    # Made here, before the fork: the files the children write their batches to are then ours to read.
    spooled: list[IO[bytes]] = [parking() for _ in ranges]
    kept: list[IO[bytes]] = []
    try:
        for slot, (start, stop) in enumerate(ranges):
            children.append(Child.start(_reader(reading, (start, stop), spooled[slot], counter, slot)))
        while not all(child.done(wait=progress is None) for child in children):
            if progress is not None:
                progress(
                    sum(int.from_bytes(counter[i * 8 : i * 8 + 8], "little") for i in range(len(ranges)))
                )
            time.sleep(POLL_SECONDS)
        outs = [child.finish() for child in children]
        if any(out is None for out in outs):
            return None
        parts = []
        for slot, out in enumerate(outs):
            assert out is not None
            entry = take(out)
            if entry[0] == "e":
                raise raised(entry)
            part = Part(*entry[1:])
            part.invalid = [
                (f, i, n, values, [RowProblem(c, m, ProblemKind(k)) for c, m, k in problems], filled)
                for f, i, n, values, problems, filled in part.invalid
            ]
            part.spooled = spooled[slot]
            kept.append(part.spooled)
            parts.append(part)
        return parts
    finally:
        for child in children:
            child.stop()
        for unused in spooled:
            if unused not in kept:
                unused.close()
        counter.close()


def _reader(
    reading: Reading, files: tuple[int, int], batches: IO[bytes], counter: mmap.mmap, slot: int
) -> Callable[[IO[bytes]], None]:
    """The work of one child: read and check `files` (a range); the ledger into `out`, rows into `batches`."""
    start, stop = files

    def work(out: IO[bytes]) -> None:
        part = Part()
        batch: list[tuple[Any, ...]] = []
        unknown: Counter[str] = Counter()
        keys = reading.key_columns
        try:
            for file_no in range(start, stop):
                parent: dict[str, Any] = {}
                read = 0
                for record, p in prepare_file(reading.validator, reading.key, reading.paths[file_no], parent):
                    read += 1
                    if p.unknown:
                        unknown.update(p.unknown)
                    if p.problems:
                        problems = [(x.column, x.message, str(x.kind)) for x in p.problems]
                        part.invalid.append(
                            (file_no, record.index, record.line, p.values, problems, p.filled)
                        )
                        part.ledger.append(None)
                    else:
                        part.ledger.append(tuple(map(p.values.get, keys)))
                        batch.append((part.records, file_no, record.index, record.line, p.values, p.filled))
                        if len(batch) >= reading.batch_rows:
                            put(batches, batch)
                            part.batches += 1
                            batch = []
                    part.records += 1
                    if not part.records % 1000:
                        counter[slot * 8 : slot * 8 + 8] = part.records.to_bytes(8, "little")
                part.files.append((file_no, read, filled_columns(reading.validator, parent)))
            if batch:
                put(batches, batch)
                part.batches += 1
        except Exception as exc:
            put(out, error_entry(exc))
            return
        part.unknown = dict(unknown)
        put(out, ("p", part.records, part.ledger, part.invalid, part.unknown, part.files, part.batches))
        batches.flush()

    return work
