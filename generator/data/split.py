"""A validating pass that must end before anything is written, split over two forked readers.

Over HTTP (and into a file when every key must be known first), nothing is written until every record is
checked, so the database waits for this pass. When the pass decides nothing about one record from another
but whether its key was given before (every valid row carries its key and the table is not drifted:
`_Import.split_into`), each of two forked children (ahead.Child) reads and checks about half of the files, by
bytes, on its own core. A child writes its valid rows as spool batches and a ledger as it goes: each
record's key, or the record with its problems; at the end, the values each foreign key names. This process
then replays the ledgers in input order, a chunk at a time, through the same bookkeeping as one pass
(repeated keys, invalid rows counted and listed), merges the foreign keys' values, and adds the children's
batches to the spool, which cuts them as one pass would. The report is the one a single pass gives, and
memory stays what one pass needs.

While the children read, this process reports their progress from a shared counter. An error in a file
(an unreadable file) is raised as one pass would raise it: the first in input order. A child that dies any
other way leaves the whole pass to this process (the caller runs it the usual way).
"""

from __future__ import annotations

import mmap
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from msgspec import Struct, field

from generator.data.ahead import (
    ERROR,
    Child,
    error_entry,
    filled_columns,
    may_fork,
    prepare_file,
    raised,
    split_point,
)
from generator.data.checks import ProblemKind, RowProblem
from generator.data.records import Record
from generator.data.refs import References
from generator.data.spool import parking, put, take
from generator.data.validate import PreparedRow, RowValidator

POLL_SECONDS = 0.02  # how often progress is read from the children while they work
READERS = 2
_CHUNK, _TOTALS = "l", "t"
LEDGER_CHUNK = 4096  # ledger entries per marshalled chunk

# A ledger entry: a valid record's key (a tuple), or an invalid record as a list:
# [file number, index, line, values, problems as (column, message, kind) triples, filled columns]
Entry = tuple[Any, ...] | list[Any]


class Reading(Struct, frozen=True):
    """What the children need to know about the pass."""

    validator: RowValidator
    key: str | None  # --key: the member of a file's top-level object that holds its records
    paths: list[Path]
    batch_rows: int
    key_columns: tuple[str, ...]
    references: References  # the foreign keys whose values each reader collects (empty sets to start)


class Part(Struct):
    """What one child made: its ledger (read with `entries`) and its valid rows as spool batches."""

    ledger: IO[bytes]
    spooled: IO[bytes]
    records: int = 0  # the totals, known once `entries` is exhausted
    unknown: dict[str, int] = field(default_factory=dict)  # record keys that name no column: how often
    files: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)  # file no, records, filled
    batches: int = 0
    referenced: list[set[tuple[Any, ...]]] = field(default_factory=list)  # per foreign key: values given

    def entries(self) -> Iterator[Entry]:
        """Each record's entry in input order; then the totals are set. The child's error is raised where
        it met it."""
        self.ledger.seek(0)
        while True:
            entry = take(self.ledger)
            if entry[0] == _CHUNK:
                yield from entry[1]
            elif entry[0] == ERROR:
                raise raised(entry)
            else:
                _, self.records, self.unknown, self.files, self.batches, self.referenced = entry
                return

    def close(self) -> None:
        """Delete both files (once the spool has the batches, it closes them itself)."""
        self.ledger.close()
        self.spooled.close()


def invalid_record(entry: list[Any]) -> tuple[int, Record, PreparedRow]:
    """An invalid record's ledger entry as the file number, the record, and the record prepared."""
    file_no, index, line, values, problems, filled = entry
    found = [RowProblem(c, m, ProblemKind(k)) for c, m, k in problems]
    return file_no, Record(index, line, None), PreparedRow(values, found, (), filled)


def halves(paths: list[Path]) -> list[tuple[int, int]]:
    """The file ranges of the readers, about equal in bytes; [] when the pass is not to be split."""
    cut = split_point(paths, 1 / READERS) if may_fork() else len(paths)
    return [(0, cut), (cut, len(paths))] if cut < len(paths) else []


def read_split(reading: Reading, progress: Callable[[int], None] | None) -> list[Part] | None:
    """Run the readers; their parts in order (the caller closes them), or None when the pass is not split
    or a reader died (the caller then runs the pass itself)."""
    ranges = halves(reading.paths)
    if not ranges:
        return None
    counter = mmap.mmap(-1, 8 * len(ranges))  # shared with the children: records read by each
    # Made here, before the fork: the files the children write their batches to are then ours to read.
    spooled = [parking() for _ in ranges]
    children: list[Child] = []
    done = False
    try:
        for slot, (start, stop) in enumerate(ranges):
            Child.start(_reader(reading, (start, stop), spooled[slot], counter, slot), children.append)
        while not all(child.done(wait=progress is None) for child in children):
            if progress is not None:
                progress(sum(int.from_bytes(counter[i : i + 8], "little") for i in range(0, len(counter), 8)))
            Child.wait_any(children, POLL_SECONDS)
        ledgers = [child.finish() for child in children]
        done = all(ledgers)
        if not done:
            return None
        return [Part(ledger, batches) for ledger, batches in zip(ledgers, spooled, strict=True) if ledger]
    finally:
        for child in children:
            if not done:
                child.stop()  # kills it if it still runs; deletes its ledger either way
        if not done:
            for batches in spooled:
                batches.close()
        counter.close()


def _reader(
    reading: Reading, files: tuple[int, int], batches: IO[bytes], counter: mmap.mmap, slot: int
) -> Callable[[IO[bytes]], None]:
    """The work of one child: read and check `files` (a range); the ledger into `out`, rows into `batches`."""
    start, stop = files

    def work(out: IO[bytes]) -> None:
        seq = count = 0
        chunk: list[Entry] = []
        batch: list[tuple[Any, ...]] = []
        unknown: Counter[str] = Counter()
        files_read: list[tuple[int, int, tuple[str, ...]]] = []
        keys, rows = reading.key_columns, reading.batch_rows
        key_of = (lambda values: (values.get(keys[0]),)) if len(keys) == 1 else None
        refs = reading.references  # this child's copy: its sets start empty, as the parent's did
        linked = bool(refs.links)
        try:
            for file_no in range(start, stop):
                parent: dict[str, Any] = {}
                first = seq
                for record, p in prepare_file(reading.validator, reading.key, reading.paths[file_no], parent):
                    values, problems = p.values, p.problems
                    if p.unknown:
                        unknown.update(p.unknown)
                    if linked:
                        refs.add(values, problems)
                    if problems:
                        found = [(x.column, x.message, str(x.kind)) for x in problems]
                        chunk.append([file_no, record.index, record.line, values, found, p.filled])
                    else:
                        chunk.append(key_of(values) if key_of else tuple(map(values.get, keys)))
                        batch.append((seq, file_no, record.index, record.line, values, p.filled))
                        if len(batch) >= rows:
                            put(batches, batch)
                            count += 1
                            batch = []
                    seq += 1
                    if len(chunk) >= LEDGER_CHUNK:
                        put(out, (_CHUNK, chunk))
                        chunk = []
                        counter[slot * 8 : slot * 8 + 8] = seq.to_bytes(8, "little")
                files_read.append((file_no, seq - first, filled_columns(reading.validator, parent)))
            if batch:
                put(batches, batch)
                count += 1
        except Exception as exc:  # the records before it first, as one pass would have seen them
            put(out, (_CHUNK, chunk))
            put(out, error_entry(exc))
            return
        put(out, (_CHUNK, chunk))
        referenced = [refs.seen[link] for link in refs.links]
        put(out, (_TOTALS, seq, dict(unknown), files_read, count, referenced))
        batches.flush()

    return work
