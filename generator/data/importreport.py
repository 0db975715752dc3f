"""What `schemagen import` reports: rows read, refused, written, per file and in total, and why it stopped.

Every count here comes from what the database said it changed (per-statement change counts), never from
the size of the table, and every message says exactly what was committed.
"""

from __future__ import annotations

from collections import Counter

from msgspec import Struct, field

from generator.data.validate import RowProblem
from generator.words import plural

MAX_SHOWN = 20  # invalid rows listed in full; the rest are counted
MAX_KEYS_SHOWN = 8  # ignored keys / repeated keys / conflicts named in a summary line


class ImportProgress(Struct, frozen=True):
    """One progress step: `phase` is 'reading' (total unknown, None) or 'writing' (total: the valid rows)."""

    phase: str
    done: int
    total: int | None


class InvalidRow(Struct, frozen=True):
    """A refused record: its file, 0-based index and line there, how it is named, and its problems."""

    source: str
    index: int
    line: int
    label: str
    problems: tuple[RowProblem, ...]
    seq: int = 0  # position among all records of the import (orders rows of several files)

    def __str__(self) -> str:
        label = f" ({self.label})" if self.label else ""
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: row {self.index + 1}{label}: " + "; ".join(str(p) for p in self.problems)  # from 1


class FileReport(Struct):
    """One source file: records read, refused, and what became of the valid ones."""

    path: str
    read: int = 0
    invalid: int = 0
    new: int = 0
    replaced: int = 0
    skipped: int = 0
    ignored: int = 0  # rows a trigger dropped (RAISE(IGNORE)): not written, not present either
    filled: tuple[str, ...] = ()  # top-level members copied into each record (history exports)

    def line(self, on_conflict: str) -> str:
        """The per-file summary line."""
        return f"{self.path}: {self.read:,} read, {self.invalid:,} invalid" + _written(
            self.new, self.replaced, self.skipped, on_conflict, self.ignored
        )


class ImportReport(Struct):
    """What an import read, refused, skipped and wrote; `refused` says why nothing (more) was written."""

    table: str
    target: str
    on_conflict: str
    files: list[FileReport] = field(default_factory=list)
    invalid: list[InvalidRow] = field(default_factory=list)
    invalid_count: int = 0
    problem_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    unknown_keys: Counter[str] = field(default_factory=Counter)
    repeated: list[str] = field(default_factory=list)  # keys given more than once (first few)
    repeated_count: int = 0
    conflicts: list[str] = field(default_factory=list)  # keys already in the table (--on-conflict fail)
    conflict_count: int = 0
    refused: str = ""
    committed: str = ""  # what was committed before the import stopped, when that is not nothing
    one_transaction: bool = False
    streamed: bool = False  # over HTTP, batches were sent while later records were still being validated
    batches: int = 0
    requests: int = 0
    seconds: float = 0.0

    @property
    def read(self) -> int:
        """Records read from every file."""
        return sum(f.read for f in self.files)

    @property
    def valid(self) -> int:
        """Records that passed validation."""
        return self.read - self.invalid_count

    @property
    def new(self) -> int:
        """Rows inserted."""
        return sum(f.new for f in self.files)

    @property
    def inserted(self) -> int:
        """Rows inserted (the name this count had before `new`; kept for callers that use it)."""
        return self.new

    @property
    def replaced(self) -> int:
        """Existing rows overwritten (--on-conflict replace)."""
        return sum(f.replaced for f in self.files)

    @property
    def skipped(self) -> int:
        """Valid rows not written because their key was already present or repeated."""
        return sum(f.skipped for f in self.files)

    @property
    def ignored(self) -> int:
        """Valid rows a trigger of the table dropped (RAISE(IGNORE))."""
        return sum(f.ignored for f in self.files)

    @property
    def written(self) -> int:
        """Rows the database changed."""
        return self.new + self.replaced

    def details(self) -> list[str]:
        """The lines shown before the summary: invalid rows, ignored keys, repeated keys, conflicts."""
        lines = [str(row) for row in self.invalid]
        if self.invalid_count > len(self.invalid):
            lines.append(f"... and {plural(self.invalid_count - len(self.invalid), 'more invalid row')}")
        if self.invalid_count:
            counts = ", ".join(
                f"{col or '(row)'} {kind} x{n:,}" for (col, kind), n in sorted(self.problem_counts.items())
            )
            lines.append(f"{self.table}: problems by column: {counts}")
        if self.unknown_keys:
            ranked = sorted(self.unknown_keys.items(), key=lambda kv: (-kv[1], kv[0]))
            keys = ", ".join(f"{k} ({plural(n, 'row')})" for k, n in ranked[:MAX_KEYS_SHOWN])
            more = len(ranked) - MAX_KEYS_SHOWN
            tail = f" and {more:,} more" if more > 0 else ""
            lines.append(
                f"{self.table}: ignored {plural(len(ranked), 'key')} that name no column: {keys}{tail}"
                if len(ranked) > MAX_KEYS_SHOWN
                else f"{self.table}: ignored keys that name no column: {keys}"
            )
        for report in self.files:
            if report.filled:
                lines.append(f"{report.path}: filled from the file's top level: {', '.join(report.filled)}")
        if self.repeated_count:
            kept = {"skip": "the first is kept", "replace": "the last is kept"}.get(self.on_conflict, "")
            lines.append(
                f"{self.table}: {plural(self.repeated_count, 'key')} given more than once in the input"
                + (f" ({kept})" if kept else "")
                + f": {_listed(self.repeated, self.repeated_count)}"
            )
        if self.conflict_count:
            lines.append(
                f"{self.target}: {plural(self.conflict_count, 'key')} already in {self.table}: "
                f"{_listed(self.conflicts, self.conflict_count)}"
            )
        return lines

    def file_lines(self) -> list[str]:
        """One summary line per file (only worth showing when there are several)."""
        return [f.line(self.on_conflict) for f in self.files] if len(self.files) > 1 else []

    def summary(self) -> str:
        """The one summary line: totals, and exactly what was committed."""
        files = f" from {len(self.files):,} files" if len(self.files) > 1 else ""
        head = f"{self.table}: {self.read:,} read{files}, {self.invalid_count:,} invalid"
        if self.refused:
            if self.committed:
                return f"{head}; stopped: {self.refused}; {self.committed}"
            return f"{head}; nothing written: {self.refused}"
        skipped = " (skipped)" if self.invalid_count else ""
        requests = f"{plural(self.requests, 'request')}, " if self.requests else ""
        wrote = _written(self.new, self.replaced, self.skipped, self.on_conflict, self.ignored)
        wrote = wrote.removeprefix(", ")
        return f"{head}{skipped}; {wrote} in {self.target} ({requests}{self.seconds:.2f} s)"


def _written(new: int, replaced: int, skipped: int, on_conflict: str, ignored: int = 0) -> str:
    """', 3 new rows, 2 replaced, 1 already present, skipped' (the parts that are not zero, new always)."""
    parts = [plural(new, "new row")]
    if replaced:
        parts.append(f"{replaced:,} replaced")
    if skipped:
        why = "already present, skipped" if on_conflict == "skip" else "skipped"
        parts.append(f"{skipped:,} {why}")
    if ignored:
        parts.append(f"{ignored:,} dropped by a trigger (RAISE(IGNORE))")
    return ", " + ", ".join(parts)


def _listed(shown: list[str], total: int) -> str:
    names = ", ".join(shown[:MAX_KEYS_SHOWN])
    return names + (f" and {total - len(shown[:MAX_KEYS_SHOWN]):,} more" if total > MAX_KEYS_SHOWN else "")
