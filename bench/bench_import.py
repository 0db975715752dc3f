"""The import measures of issue 29 that bench_data.py adds to its section: where our CPU per row goes beside
the floor's, keyless records against keyed ones (10,000 and 100,000 rows), and one huge record in a `.json`
file against the same record as `.jsonl` (32 and 128 MB). Every ratio is taken within one run, in CPU seconds
of this process (the machine is shared: wall times are given beside them).

Run alone: .venv/bin/python bench/bench_import.py   (prints its tables, writes nothing)
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.data import importer
from generator.data.importreport import FileReport, ImportReport
from generator.data.records import expand_sources, iter_records
from generator.db import Database, connect
from generator.model import Schema
from generator.sqlite.ddl import schema_statements

KEYLESS_ROWS = (10_000, 100_000)
KEYLESS_ROUNDS = {10_000: 5, 100_000: 1}  # a 10,000-row import takes about 0.3 s: one run is noise
BIG_MB = (32, 128)


@dataclass(frozen=True, slots=True)
class Took:
    """Wall and CPU seconds of one measured call."""

    wall: float
    cpu: float


def took(action: Callable[[], Any]) -> Took:
    """Wall and CPU (this process, every thread) seconds of `action()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return Took(time.perf_counter() - wall, time.process_time() - cpu)


def fresh(path: Path, schema: Schema) -> str:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"file:{path}"
    with connect(url, create=True) as db:
        db.apply(schema_statements(schema))
    return url


def cpu_per_row(schema: Schema, corpus: Path, work: Path, rows: int) -> dict[str, float]:
    """Microseconds of CPU per row: the floor's parse + mapping and executemany beside our validating pass
    (parse, checks, bookkeeping) and our writing (statements, parameter checks, SQLite)."""
    from bench_data import floor_values  # bench_data imports this module: the floor has one home there

    table = schema.table("questions")
    paths = expand_sources([corpus])
    names = [c.name for c in table.columns]
    json_cols = {c.name for c in table.json_columns}
    props = {c.name: c.app.prop for c in table.columns}
    out: dict[str, float] = {}
    params: list[list[Any]] = []

    def floor_parse() -> None:
        for path in paths:
            data = json.loads(path.read_text(encoding="utf-8"))
            for row in data if isinstance(data, list) else [data]:
                params.append(floor_values(row, names, props, json_cols))

    out["floor: json.loads + mapping"] = took(floor_parse).cpu
    url = fresh(work / "cpu.db", schema)
    with connect(url) as db:
        marks = ", ".join("?" * len(names))
        sql = f"INSERT INTO questions ({', '.join(names)}) VALUES ({marks})"
        conn = getattr(db, "_conn")  # noqa: B009 (the floor's own executemany, on the same file)
        conn.execute("BEGIN")
        out["floor: sqlite3 executemany"] = took(lambda: conn.executemany(sql, params)).cpu
        conn.execute("ROLLBACK")
        validator = importer.validator_for("questions", schema)
        report = ImportReport("questions", url, "skip", files=[FileReport(str(p)) for p in paths])
        options = importer._Options(None, False, 2500, None, True, False)
        run = importer._Import(db, schema, validator, paths, report, options)
        out["ours: reading records"] = took(lambda: sum(1 for p in paths for _ in iter_records(p))).cpu
        batches: list[Any] = []
        out["ours: validating pass (reading included)"] = took(lambda: batches.extend(run.validate())).cpu
        sink = importer.FileSink(db)
        writer = run.writer(sink, None)
        sink.begin()
        out["ours: writing (statements, parameter checks, SQLite)"] = took(
            lambda: writer.write_all(batches)
        ).cpu
        sink.rollback()
    records = [r.value for p in paths for r in iter_records(p)]
    out["ours: the checks alone (RowValidator.prepare), these rows"] = took(
        lambda: [validator.prepare(r) for r in records]
    ).cpu
    distinct = [_distinct(record, n) for n, record in enumerate(records)]
    out[f"ours: the same, each list of free text ({', '.join(FREE_TEXT_LISTS)}) made distinct"] = took(
        lambda: [validator.prepare(r) for r in distinct]
    ).cpu
    return {name: seconds / rows * 1e6 for name, seconds in out.items()}


# The questions' JSON columns holding lists of any text: in the corpus (two real files copied with new ids)
# each list repeats, where a real export repeats its tags but hardly its companies.
FREE_TEXT_LISTS = ("tags", "companies", "voiceKeywords")


def _distinct(record: Any, n: int) -> Any:
    """The record with one more item, its own, in each list of free text: still valid, never repeated."""
    if not isinstance(record, dict):
        return record
    return {
        key: [*value, f"distinct {n}"] if key in FREE_TEXT_LISTS and isinstance(value, list) else value
        for key, value in record.items()
    }


def timed_import(db: Database, schema: Schema, table: str, path: Path, rows: int) -> Took:
    """One in-process import of `path` into `table`, which must write `rows` new rows."""
    reports: list[ImportReport] = []
    spent = took(lambda: reports.append(importer.import_records(db, schema, table, path)))
    assert reports[0].new == rows and not reports[0].refused, reports[0].summary()
    assert reports[0].new + reports[0].skipped == reports[0].read, reports[0].summary()
    return spent


def keyless(schema: Schema, work: Path) -> dict[tuple[int, bool, bool], Took]:
    """`work_queue` records with their autoincrement id and without it, imported into a file in-process:
    into the empty table, then again into the table holding them (every record already present); the
    median by CPU of KEYLESS_ROUNDS rounds (the two kinds alternate)."""
    runs: dict[tuple[int, bool, bool], list[Took]] = {}
    for rows in KEYLESS_ROWS:
        for _round in range(KEYLESS_ROUNDS[rows]):
            for keyed in (True, False):
                path = work / f"queue-{rows}-{keyed}.json"
                records = [
                    {
                        **({"id": i + 1} if keyed else {}),
                        "itemType": "question",
                        "itemId": f"q-{i}",
                        "action": "review",
                        "priority": 1 + i % 10,
                        "reason": f"reason {i}",
                    }
                    for i in range(rows)
                ]
                path.write_text(json.dumps(records), encoding="utf-8")
                url = fresh(work / "queue.db", schema)
                with connect(url) as db:
                    runs.setdefault((rows, keyed, False), []).append(
                        timed_import(db, schema, "work_queue", path, rows)
                    )
                with connect(url) as db:
                    runs.setdefault((rows, keyed, True), []).append(
                        timed_import(db, schema, "work_queue", path, 0)
                    )
                path.unlink()
    return {case: sorted(took, key=lambda t: t.cpu)[len(took) // 2] for case, took in runs.items()}


def big_record(schema: Schema, work: Path) -> dict[tuple[int, str], Took]:
    """One question whose explanation is MB megabytes (JSON escapes throughout), as `.json` and `.jsonl`,
    imported into a file in-process."""
    found: dict[tuple[int, str], Took] = {}
    for size in BIG_MB:
        text = r"ab\\c\"d " * ((size << 20) // 10)
        head = '{"id": "big", "question": "q", "answer": "a", "channel": "c", "subChannel": "s", '
        body = head + '"difficulty": "beginner", "explanation": "' + text + '"}'
        for suffix in (".jsonl", ".json"):
            path = work / f"big{suffix}"
            path.write_text(body + "\n" if suffix == ".jsonl" else "[\n" + body + "\n]\n", encoding="utf-8")
            with connect(fresh(work / "big.db", schema)) as db:
                found[size, suffix] = timed_import(db, schema, "questions", path, 1)
            path.unlink()
        del text, body
    for leftover in ("queue.db", "big.db", "cpu.db"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{work / leftover}{suffix}").unlink(missing_ok=True)
    return found


def _pair(base_label: str, base: Took, label: str, other: Took, goal: float = 1.5) -> list[str]:
    """Two table rows: a base measure, then another with its CPU ratio to the base against `goal`."""
    ratio = other.cpu / base.cpu
    verdict = "met" if ratio <= goal else "**not met**"
    return [
        f"| {base_label} | {base.wall:.2f} | {base.cpu:.2f} | | |",
        f"| {label} | {other.wall:.2f} | {other.cpu:.2f} | {ratio:.2f}x | <= {goal}x: {verdict} |",
    ]


def section(schema: Schema, corpus: Path, work: Path, rows: int) -> str:
    """The Markdown these measures add to the data section."""
    load = os.getloadavg()[0]
    profile = cpu_per_row(schema, corpus, work, rows)
    queue = keyless(schema, work)
    big = big_record(schema, work)
    load_after = os.getloadavg()[0]
    floor_us = profile["floor: json.loads + mapping"] + profile["floor: sqlite3 executemany"]
    ours_us = (
        profile["ours: validating pass (reading included)"]
        + profile["ours: writing (statements, parameter checks, SQLite)"]
    )
    checks_us = profile["ours: validating pass (reading included)"] - profile["ours: reading records"]
    writing_us = profile["ours: writing (statements, parameter checks, SQLite)"]
    writing_extra_us = writing_us - profile["floor: sqlite3 executemany"]
    lines = [
        f"Import measures of issue 29, in-process (load average {load:.1f} at the start, {load_after:.1f} at "
        "the end); ratios in CPU seconds of this process.",
        "",
        f"CPU per row, {rows:,} question rows (the floor's beside ours: our total is "
        f"{ours_us / floor_us:.2f}x the floor's; into a file the validating pass runs in a thread beside the "
        "writing, so the wall time is about the longer of the two plus start-up):",
        "",
        "| step | µs CPU per row |",
        "| --- | ---: |",
        *(f"| {name} | {us:.1f} |" for name, us in profile.items()),
        "",
        f"Beside the floor, reading costs no more than json.loads; what is ours is the per-column checks "
        f"({checks_us:.1f} µs per row: about 20 columns through the row validator, each JSON column encoded "
        f"to its canonical text and shape-checked) and the statements ({writing_extra_us:+.1f} µs per row "
        "against executemany). The validating thread is what the file import waits for. An import that "
        "must validate everything before its first write (over HTTP) splits this pass over two forked "
        "readers instead (generator/data/split.py; the HTTP rows above). Clean values take inline paths "
        "(generator/data/validate.py), and a JSON column remembers the canonical text of its recent short "
        "values: the corpus repeats its lists more than a real export does, so the last two rows give the "
        "checks with the lists of free text made distinct beside these rows as they are.",
        "",
        "| keyless import (`work_queue`, autoincrement id left out) into a file | wall s | CPU s | "
        "CPU vs keyed | goal |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for size in KEYLESS_ROWS:
        for again, how in ((False, "into the empty table"), (True, "again, into the table holding them")):
            lines += _pair(
                f"{size:,} rows with their id, {how}",
                queue[size, True, again],
                f"{size:,} rows without it, {how}",
                queue[size, False, again],
            )
    small, large = queue[KEYLESS_ROWS[0], False, False].cpu, queue[KEYLESS_ROWS[-1], False, False].cpu
    small_again, large_again = (
        queue[KEYLESS_ROWS[0], False, True].cpu,
        queue[KEYLESS_ROWS[-1], False, True].cpu,
    )
    growth = KEYLESS_ROWS[-1] / KEYLESS_ROWS[0]
    lines += [
        "",
        f"Keyless, {KEYLESS_ROWS[0]:,} to {KEYLESS_ROWS[-1]:,} rows: CPU grows {large / small:.1f}x into the "
        f"empty table and {large_again / small_again:.1f}x again for {growth:.0f}x the rows (linear: "
        f"{growth:.0f}x). Medians of {KEYLESS_ROUNDS[KEYLESS_ROWS[0]]} rounds at {KEYLESS_ROWS[0]:,} rows, "
        f"one at {KEYLESS_ROWS[-1]:,}. Into the empty table nothing can be present already, so nothing "
        "is matched (generator/data/keyless.py); again, every record is matched on its values by a digest "
        "(one per record and one per row of the table), where records with their id are matched by "
        "SQLite's ON CONFLICT.",
        "",
        "| one huge record (a question whose explanation is all JSON escapes) | wall s | CPU s | "
        "`.json` vs `.jsonl` | goal |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for size in BIG_MB:
        lines += _pair(
            f"{size} MB as `.jsonl`", big[size, ".jsonl"], f"{size} MB as `.json`", big[size, ".json"]
        )
    small_mb, large_mb = big[BIG_MB[0], ".json"].cpu, big[BIG_MB[-1], ".json"].cpu
    lines += [
        "",
        f"`.json`, {BIG_MB[0]} to {BIG_MB[-1]} MB: CPU grows {large_mb / small_mb:.1f}x for "
        f"{BIG_MB[-1] // BIG_MB[0]}x the size (linear: {BIG_MB[-1] // BIG_MB[0]}x).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "bench"))
    from bench_data import ROWS, SPEC_PATH, WORK, build_corpus

    from generator.spec import load_spec

    WORK.mkdir(parents=True, exist_ok=True)
    corpus = WORK / "corpus"
    if not corpus.is_dir():
        build_corpus(corpus)
    started = time.perf_counter()
    print(section(load_spec(SPEC_PATH), corpus, WORK, ROWS))
    print(f"({time.perf_counter() - started:.0f} s)")
