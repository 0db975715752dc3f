"""Benchmark the data commands at the app's real scale, every peer measured in the same run.

Corpus (bench/.work/, gitignored): shaped like the real export, 200 files (196 JSON arrays and 4
single-record files), 30,000 question rows, ~80 MB, built from the two real question files with new ids.

- `schemagen import questions DIR` as ONE process, into a file and into a local sqld over HTTP, start-up
  included; against the old way (one process per file) and the floor (stdlib json + sqlite3
  executemany, in-process, no validation);
- `schemagen export` of the same 30,000 rows, and its peak memory at 300,000 rows against 30,000;
- import peak memory from JSON Lines at 10x the rows; audit of a clean table against one where every
  row is wrong.

Run: .venv/bin/python bench/bench_data.py   (writes the `data` section of bench/RESULTS.md)
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import bench_import  # noqa: E402
from helpers.sqld import SqldServer  # noqa: E402
from helpers.sqld_binary import ensure_sqld_binary  # noqa: E402
from results import write_section  # noqa: E402

from generator.data.audit import audit_database  # noqa: E402
from generator.data.export import export_table  # noqa: E402
from generator.data.importer import IN_FLIGHT  # noqa: E402
from generator.db import connect  # noqa: E402
from generator.spec import load_spec  # noqa: E402
from generator.sqlite.ddl import schema_statements  # noqa: E402

SPEC_PATH = ROOT / "spec" / "schema.yaml"
SOURCES = [ROOT / "tests" / "data" / "reference" / "questions" / n for n in ("aws.json", "algorithms.json")]
FILES, SINGLES, ROWS = 200, 4, 30_000
HTTP_ROUNDS = 7  # the HTTP floor and imports, interleaved (a single run of either varies by +-15% here)
GOALS = {"file": 20_000, "sqld": 10_000, "per-file": 10.0, "export": 50_000, "memory": 1.3, "audit": 3.0}
PYTHON = sys.executable


def real_rows() -> list[dict[str, Any]]:
    return [row for path in SOURCES for row in json.loads(path.read_text(encoding="utf-8"))]


def build_corpus(directory: Path) -> list[Path]:
    """196 channel files of ~153 rows and 4 single-record files: 30,000 rows with new ids."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    real = real_rows()
    arrays = FILES - SINGLES
    per_file = (ROWS - SINGLES) // arrays
    paths: list[Path] = []
    number = 0
    for f in range(arrays):
        count = per_file + (1 if f < (ROWS - SINGLES) % arrays else 0)
        channel = f"channel-{f:03}"
        rows = []
        for _ in range(count):
            source = real[number % len(real)]
            rows.append({**source, "id": f"{source['id']}-c{number}", "channel": channel})
            number += 1
        paths.append(directory / f"{channel}.json")
        paths[-1].write_text(json.dumps(rows, indent=1), encoding="utf-8")
    for s in range(SINGLES):
        source = real[number % len(real)]
        paths.append(directory / f"single-{s}.json")
        paths[-1].write_text(json.dumps({**source, "id": f"{source['id']}-c{number}"}), encoding="utf-8")
        number += 1
    assert number == ROWS
    return paths


def fresh_db(path: Path) -> str:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"file:{path}"
    with connect(url, create=True) as db:
        db.apply(schema_statements(load_spec(SPEC_PATH)))
    return url


CPU: dict[str, float] = {}  # CPU seconds (user + system) of the schemagen processes, by what they did


def cli(*args: str, env: dict[str, str] | None = None) -> float:
    """Seconds for one `schemagen` process (start-up included); it must succeed. Its CPU time goes in CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-m", "generator", *args, "--spec", str(SPEC_PATH)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    label = " ".join(a for a in args[:2])
    CPU[label] = CPU.get(label, 0.0) + (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"schemagen {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def count(url: str) -> int:
    with sqlite3.connect(url.removeprefix("file:")) as conn:
        return int(conn.execute("SELECT count(*) FROM questions").fetchone()[0])


def floor_values(
    row: dict[str, Any], names: list[str], props: dict[str, str], json_cols: set[str]
) -> list[Any]:
    """The floor's one step per record: each column's value by property (else SQL) name, JSON columns'
    values as compact JSON text (what every importer must do at least)."""
    values = []
    for name in names:
        value = row.get(props[name], row.get(name))
        if name in json_cols and value is not None and not isinstance(value, str):
            value = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        values.append(value)
    return values


def floor(paths: list[Path], url: str) -> float:
    """The peer: json.load + key mapping + json.dumps of JSON columns + executemany, no validation."""
    table = load_spec(SPEC_PATH).table("questions")
    names = [c.name for c in table.columns]
    props = {c.name: c.app.prop for c in table.columns}
    json_cols = {c.name for c in table.json_columns}
    started = time.perf_counter()
    conn = sqlite3.connect(url.removeprefix("file:"))
    marks = ", ".join("?" * len(names))
    sql = f"INSERT OR IGNORE INTO questions ({', '.join(names)}) VALUES ({marks})"
    with conn:
        for path in paths:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data if isinstance(data, list) else [data]
            conn.executemany(sql, [floor_values(row, names, props, json_cols) for row in rows])
    conn.close()
    return time.perf_counter() - started


def http_floor(paths: list[Path], server: SqldServer) -> float:
    """The HTTP peer: the same rows as pre-built 1,000-row INSERT batches (no reading, no validation,
    statements made before the clock starts), applied one after the other: what sqld itself takes."""
    from generator.data.statements import inline_values

    table = load_spec(SPEC_PATH).table("questions")
    names = [c.name for c in table.columns]
    json_cols = {c.name for c in table.json_columns}
    values: list[Any] = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for row in data if isinstance(data, list) else [data]:
            for name in names:
                value = row.get(next(c.app.prop for c in table.columns if c.name == name), row.get(name))
                if name in json_cols and value is not None and not isinstance(value, str):
                    value = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
                values.append(value)
    width = len(names)
    batch = 1000 * width
    head = f"INSERT INTO questions ({', '.join(names)}) VALUES "
    statements = [head + inline_values(values[i : i + batch], width) for i in range(0, len(values), batch)]
    with connect(server.url, server.tokens.rw) as db:
        db.apply(["DELETE FROM questions"])
        started = time.perf_counter()
        for statement in statements:
            db.apply([statement])
        return time.perf_counter() - started


def sqld_cpu(server: SqldServer) -> float:
    """CPU seconds (user + system) the sqld process has used so far, from /proc."""
    fields = Path(f"/proc/{server._proc.pid}/stat").read_text().rsplit(")", 1)[1].split()  # type: ignore[union-attr]
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def fresh_sqld(name: str) -> Iterator[SqldServer]:
    """A sqld of its own, on a new database holding the spec's empty tables.

    Each HTTP run gets one: a server reused across runs compacts the log of earlier runs' writes and
    deletes in the background, and that work (seconds of CPU) lands on whichever run comes next.
    """
    directory = WORK / name
    shutil.rmtree(directory, ignore_errors=True)
    with SqldServer(directory, ensure_sqld_binary()) as server:
        with connect(server.url, server.tokens.rw) as db:
            db.apply(schema_statements(load_spec(SPEC_PATH)))
        yield server
    shutil.rmtree(directory, ignore_errors=True)


def http_phases(paths: list[Path]) -> dict[str, float]:
    """The all-or-nothing HTTP import in-process, by phase: its validating pass (split over two forked
    readers when it can be) and its writing, with sqld's CPU; then the floor's wall and sqld CPU."""
    from generator.data import importer
    from generator.data.importer import import_records

    marks: dict[str, float] = {}
    validate_into, read_split = importer._Import.validate_into, importer.read_split

    def timed(run: Any, spool: Any) -> bool:
        started = time.perf_counter()
        try:
            return validate_into(run, spool)
        finally:
            marks["validating"] = time.perf_counter() - started

    def split(*args: Any) -> Any:
        parts = read_split(*args)
        marks["readers"] = 2.0 if parts is not None else 1.0
        return parts

    importer._Import.validate_into = timed  # type: ignore[method-assign]
    importer.read_split = split
    try:
        with fresh_sqld("sqld-phases") as server, connect(server.url, server.tokens.rw) as db:
            before, started = sqld_cpu(server), time.perf_counter()
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            report = import_records(db, load_spec(SPEC_PATH), "questions", paths)
            marks["total"] = time.perf_counter() - started
            marks["sqld"] = sqld_cpu(server) - before
            after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the readers, reaped by the pass
            marks["readers cpu"] = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
            assert report.new == ROWS
    finally:
        importer._Import.validate_into = validate_into  # type: ignore[method-assign]
        importer.read_split = read_split
    with fresh_sqld("sqld-phases") as server:
        before = sqld_cpu(server)
        marks["floor"] = http_floor(paths, server)
        marks["floor sqld"] = sqld_cpu(server) - before
    return marks


# The CLI as `python -m generator` runs it, noting when its first connection to the server is made.
FIRST_REQUEST = """
import os, sys, time
started = float(os.environ["BENCH_STARTED"])
def hook(event, args):
    if event == "socket.connect" and "first" not in os.environ:
        os.environ["first"] = f"{time.time() - started:.4f}"
        sys.stderr.write(f"first request {os.environ['first']}\\n")
sys.addaudithook(hook)
sys.argv = ["schemagen", *sys.argv[1:]]
from generator.cli import main
main()
"""


def first_request(corpus: Path) -> float:
    """Seconds from the start of `schemagen import` (over HTTP) to its first connection to the server: the
    interpreter, the imports, the spec and the target (median of 3, each on a fresh sqld)."""
    found = []
    for _ in range(3):
        with fresh_sqld("sqld-first") as server:
            args = ["import", "questions", str(corpus), "--url", server.url, "--token", server.tokens.rw]
            env = {**os.environ, "BENCH_STARTED": repr(time.time())}
            done = subprocess.run(
                [PYTHON, "-c", FIRST_REQUEST, *args, "--spec", str(SPEC_PATH)],
                capture_output=True, text=True, cwd=ROOT, env=env, check=True,
            )  # fmt: skip
            found.append(float(done.stderr.split("first request ", 1)[1].split()[0]))
    return statistics.median(found)


def peak_kib(code: str, *args: str) -> int:
    """Peak RSS (VmHWM, KiB) of a child running `code` (Linux carries ru_maxrss over exec from a parent)."""
    script = (
        code
        + "\nimport pathlib\nprint(next(l.split()[1] for l in pathlib.Path('/proc/self/status')"
        + (".read_text().splitlines() if l.startswith('VmHWM:')))")
    )
    done = subprocess.run([PYTHON, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return int(done.stdout.strip().splitlines()[-1])


EXPORT_CHILD = """
import sys, io
from pathlib import Path
from generator.data.export import export_table
from generator.db import connect
from generator.spec import load_spec
with connect(sys.argv[1]) as db:
    export_table(db, load_spec('spec/schema.yaml'), 'questions', out=Path(sys.argv[2]))
"""
IMPORT_CHILD = """
import sys
from pathlib import Path
from generator.data.importer import import_records
from generator.db import connect
from generator.spec import load_spec
with connect(sys.argv[1]) as db:
    report = import_records(db, load_spec('spec/schema.yaml'), 'questions', Path(sys.argv[2]))
    assert not report.refused, report.summary()
"""


def grow(url: str, copy: Path, factor: int) -> str:
    """A copy of the 30,000-row database with `factor` times the rows (new ids), made in SQL."""
    shutil.copy(url.removeprefix("file:"), copy)
    columns = [c.name for c in load_spec(SPEC_PATH).table("questions").columns]
    rest = ", ".join(c for c in columns if c != "id")
    with sqlite3.connect(copy) as conn:
        for n in range(1, factor):
            conn.execute(
                f"INSERT INTO questions (id, {rest}) SELECT id || '-x{n}', {rest} FROM questions "
                "WHERE id NOT LIKE '%-x%'"
            )
    return f"file:{copy}"


def to_jsonl(url: str, path: Path, times: int) -> None:
    """The table as JSON Lines, `times` over (new ids each time)."""
    with path.open("w", encoding="utf-8") as out, connect(url) as db:
        schema = load_spec(SPEC_PATH)
        for n in range(times):
            temp = path.with_suffix(f".part{n}")
            export_table(db, schema, "questions", out=temp, fmt="jsonl", names="property")
            with temp.open(encoding="utf-8") as part:
                for line in part:
                    record = json.loads(line)
                    record["id"] = f"{record['id']}-j{n}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            temp.unlink()


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


AUDIT_ROUNDS = 3


def audits(url: str, work: Path) -> tuple[float, float]:
    """Audit seconds for the clean table and for a copy where every row's tags have the wrong shape."""
    schema = load_spec(SPEC_PATH)
    broken = work / "broken.db"
    shutil.copy(url.removeprefix("file:"), broken)
    with sqlite3.connect(broken) as conn:  # distinct wrong values: no cache can answer for another row
        conn.execute(
            "UPDATE questions SET tags = json_array(rowid, rowid + 1, 'a', rowid + 2), "
            "videos = json_object('shortVideo', rowid, 'x', 1), voice_keywords = json_array(1, 2, rowid)"
        )

    def run(target: str) -> float:
        with connect(target) as db:
            return timed(lambda: audit_database(db, schema, tables=["questions"]))

    # The median of AUDIT_ROUNDS rounds, clean and broken in turn: one audit takes under a second, and a
    # single one varies by a third here.
    rounds = [(run(url), run(f"file:{broken}")) for _ in range(AUDIT_ROUNDS)]
    return statistics.median(r[0] for r in rounds), statistics.median(r[1] for r in rounds)


# --- the app's real export (issue 29): 202 files, 30,565 valid rows of 30,598, one process, into a file ---

REAL_FILES, REAL_SINGLES, REAL_ROWS, REAL_INVALID = 202, 4, 30_598, 33
REAL_GOAL = 2.0  # times the floor on the same files
# How the real export's bad rows are bad (tests/data/reference/SOURCE.md: "the data is not clean").
FLAWS: tuple[tuple[str, Any], ...] = (
    ("difficulty", None),  # missing difficulty
    ("difficulty", "expert"),  # not one of the enum's values
    ("tags", "not-an-array"),  # a JSON column of the wrong shape
    ("relevanceScore", "high"),  # text in an integer column
)


def build_real_export(directory: Path) -> list[Path]:
    """Shaped like the app's real export: 198 channel arrays and 4 single-record files, 30,598 rows with new
    ids, 33 of them invalid the ways the real ones are (FLAWS), spread over the files."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    real = real_rows()
    arrays = REAL_FILES - REAL_SINGLES
    per_file, extra = divmod(REAL_ROWS - REAL_SINGLES, arrays)
    step = REAL_ROWS // REAL_INVALID
    paths: list[Path] = []
    number = 0

    def record(channel: str | None) -> dict[str, Any]:
        nonlocal number
        source = real[number % len(real)]
        row = {**source, "id": f"{source['id']}-r{number}"}
        if channel is not None:
            row["channel"] = channel
        if number % step == step // 2 and number // step < REAL_INVALID:
            name, value = FLAWS[(number // step) % len(FLAWS)]
            row[name] = value
        number += 1
        return row

    for f in range(arrays):
        channel = f"channel-{f:03}"
        rows = [record(channel) for _ in range(per_file + (1 if f < extra else 0))]
        paths.append(directory / f"{channel}.json")
        paths[-1].write_text(json.dumps(rows, indent=1), encoding="utf-8")
    for s in range(REAL_SINGLES):
        paths.append(directory / f"single-{s}.json")
        paths[-1].write_text(json.dumps(record(None)), encoding="utf-8")
    assert number == REAL_ROWS
    return paths


def export_floor(url: str, out: Path) -> float:
    """The export peer: stdlib sqlite3 reads every row, json.loads of the JSON columns, one json.dumps per
    row into a JSON array, no checks (what a hand-written script does)."""
    table = load_spec(SPEC_PATH).table("questions")
    names = [c.name for c in table.columns]
    json_cols = {i for i, c in enumerate(table.columns) if c.json}
    started = time.perf_counter()
    conn = sqlite3.connect(url.removeprefix("file:"))
    select = f"SELECT {', '.join(names)} FROM questions ORDER BY id"
    with out.open("w", encoding="utf-8") as stream:
        stream.write("[")
        for n, row in enumerate(conn.execute(select)):
            record = {
                name: json.loads(v) if i in json_cols and v is not None else v
                for i, (name, v) in enumerate(zip(names, row, strict=True))
            }
            stream.write(("\n" if n == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
        stream.write("\n]\n")
    conn.close()
    return time.perf_counter() - started


PARTS = (  # (part, what a profile entry's file or function name holds), first match wins
    ("waiting on the other thread (not CPU)", ("acquire", "'wait'", "join", "sleep")),
    ("SQLite (C)", ("sqlite3",)),
    ("JSON parse and encode (stdlib)", ("/json/", "_json")),
    ("our validation (validate, checks, fastpath)", ("data/validate", "data/checks", "shapes", "fastpath")),
    ("our reading (records, jsonvalue, file reads)", ("data/records", "jsonvalue", "spool", "'read' of")),
    ("our statements and parameters (writer, statements, db)", ("data/writer", "statements", "/db/")),
    ("our export code (rows, files; file writes)", ("data/export", "'write' of")),
    ("our import loop and report", ("data/import",)),
)


def cpu_by_part(action: Callable[[], Any]) -> dict[str, float]:
    """The share of `action`'s profiled time (own time, every thread) by part (PARTS); waits are listed
    apart and left out of the shares, which are then scaled to the CPU time of an unprofiled run."""
    import cProfile
    import pstats
    import threading

    profiles = [cProfile.Profile()]
    run = threading.Thread.run

    def profiled(thread: threading.Thread) -> None:
        profiles.append(cProfile.Profile())
        profiles[-1].runcall(run, thread)

    threading.Thread.run = profiled  # type: ignore[method-assign,assignment]
    try:
        profiles[0].runcall(action)
    finally:
        threading.Thread.run = run  # type: ignore[method-assign]
    parts: dict[str, float] = {}
    for (path, _line, name), row in pstats.Stats(*profiles).stats.items():  # type: ignore[attr-defined]
        where = f"{path} {name}"
        part = next((p for p, marks in PARTS if any(m in where for m in marks)), "other (stdlib, builtins)")
        parts[part] = parts.get(part, 0.0) + row[2]
    waiting = parts.pop(PARTS[0][0], 0.0)
    busy = sum(parts.values())
    return {part: seconds / busy for part, seconds in parts.items()} | {PARTS[0][0]: waiting / busy}


def _parts_table(ours: dict[str, float], ours_cpu: float, floor: dict[str, float], floor_cpu: float) -> str:
    """Rows `| part | ours | floor |` in µs of CPU per valid row (shares times the measured CPU)."""
    valid = REAL_ROWS - REAL_INVALID
    names = sorted((set(ours) | set(floor)) - {PARTS[0][0]}, key=lambda k: -ours.get(k, 0.0))
    lines = []
    for n in names:
        cells = [
            f"{share.get(n, 0.0) * cpu / valid * 1e6:.1f}"
            for share, cpu in ((ours, ours_cpu), (floor, floor_cpu))
        ]
        lines.append(f"| {n} | {cells[0]} | {cells[1]} |")
    total = [f"**{cpu / valid * 1e6:.1f}**" for cpu in (ours_cpu, floor_cpu)]
    waits = [f"{share.get(PARTS[0][0], 0.0):.0%}" for share in (ours, floor)]
    return "\n".join(
        [
            *lines,
            f"| total CPU, unprofiled | {total[0]} | {total[1]} |",
            f"| (waits between threads, share of the busy time: not CPU) | {waits[0]} | {waits[1]} |",
        ]
    )


def cpu_of(action: Callable[[], Any]) -> float:
    """CPU seconds (this process, every thread) of one unprofiled run."""
    started = time.process_time()
    action()
    return time.process_time() - started


def real_export() -> str:
    """The app's real export in one process into a file, against the floor on the same files; and export of
    its rows against the export floor. Returns the section's text."""
    work = WORK / "real"
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    paths = build_real_export(work / "corpus")
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    valid = REAL_ROWS - REAL_INVALID
    cpu_before = time.process_time()
    floor_s = floor(paths, fresh_db(work / "floor.db"))
    floor_cpu = time.process_time() - cpu_before
    floor_rows = count(f"file:{work / 'floor.db'}")  # it checks nothing: bad rows SQLite takes go in
    url = fresh_db(work / "ours.db")
    ours_s = cli("import", "questions", str(work / "corpus"), "--url", url, "--skip-invalid")
    ours_cpu = CPU.pop("import questions")
    assert count(url) == valid
    # our CPU by part, in-process (no start-up), beside the floor's
    from generator.data.importer import import_records

    schema = load_spec(SPEC_PATH)
    profiled = fresh_db(work / "profiled.db")
    inproc = []
    for n in range(2):  # the lower of two: the first also pays for what the process loads on first use
        with connect(fresh_db(work / f"inproc{n}.db")) as db:
            inproc.append(cpu_of(lambda: import_records(db, schema, "questions", paths, skip_invalid=True)))
    inproc_cpu = min(inproc)
    with connect(profiled) as db:
        ours_parts = cpu_by_part(lambda: import_records(db, schema, "questions", paths, skip_invalid=True))
    floor_parts = cpu_by_part(lambda: floor(paths, fresh_db(work / "floor2.db")))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start_s = timed(lambda: subprocess.run([PYTHON, "-m", "generator", "--version"], check=True, cwd=ROOT))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    start_cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    ex_floor_s = export_floor(url, work / "floor.json")
    ex_s = cli("export", "questions", "--out", str(work / "export.json"), "--url", url)
    ex_cpu = CPU.pop("export questions")
    with connect(url) as db:
        ex_lib_s = timed(lambda: export_table(db, schema, "questions", out=work / "export2.json"))
        ex_lib_cpu = cpu_of(lambda: export_table(db, schema, "questions", out=work / "export4.json"))
        ex_parts = cpu_by_part(lambda: export_table(db, schema, "questions", out=work / "export3.json"))
    ex_floor_cpu = cpu_of(lambda: export_floor(url, work / "floor4.json"))
    ex_floor_parts = cpu_by_part(lambda: export_floor(url, work / "floor3.json"))
    load_after = os.getloadavg()[0]
    shutil.rmtree(work)

    def us(seconds: float) -> str:
        return f"{seconds / valid * 1e6:.1f}"

    def verdict(ratio: float) -> str:
        return "met" if ratio <= REAL_GOAL else "**not met**"

    ratio = ours_s / floor_s
    import_parts = _parts_table(ours_parts, inproc_cpu, floor_parts, floor_cpu)
    export_parts = _parts_table(ex_parts, ex_lib_cpu, ex_floor_parts, ex_floor_cpu)
    return f"""The app's real export, shaped as `bench/bench_data.py` builds it: {REAL_FILES} files ({REAL_FILES - REAL_SINGLES}
JSON arrays and {REAL_SINGLES} single-record files, {size_mb:.0f} MB), {REAL_ROWS:,} question rows of which {REAL_INVALID} are
invalid as the real ones are (a missing or unknown difficulty, a JSON column of the wrong shape, text in an
integer column); {valid:,} valid rows written. One run; the 1-minute load average was {load_before:.1f} at the
start and {load_after:.1f} at the end (2 cores), so the ratios and CPU seconds count more than wall times.

| measure | wall s | rows/s | CPU s | vs the floor | goal |
| --- | ---: | ---: | ---: | ---: | --- |
| floor: stdlib json + sqlite3 executemany (INSERT OR IGNORE), in-process, no validation ({floor_rows:,} rows in) | {floor_s:.2f} | {valid / floor_s:,.0f} | {floor_cpu:.2f} | 1.00x | |
| `schemagen import questions DIR --skip-invalid`, one process into a file, start-up included, every bad row named | {ours_s:.2f} | {valid / ours_s:,.0f} | {ours_cpu:.2f} | **{ratio:.2f}x** (CPU {ours_cpu / floor_cpu:.2f}x) | <= {REAL_GOAL:.0f}x: {verdict(ratio)} |
| the same import in-process (the library call, no start-up) | | | {inproc_cpu:.2f} | CPU {inproc_cpu / floor_cpu:.2f}x | |
| of which Python start-up (`schemagen --version`) | {start_s:.2f} | | {start_cpu:.2f} | | |
| export floor: stdlib sqlite3 + json.dumps per row, in-process | {ex_floor_s:.2f} | {valid / ex_floor_s:,.0f} | {ex_floor_cpu:.2f} | 1.00x | |
| `schemagen export questions --out FILE`, one process, start-up included | {ex_s:.2f} | {valid / ex_s:,.0f} | {ex_cpu:.2f} | {ex_s / ex_floor_s:.2f}x | |
| export in-process (the library call) | {ex_lib_s:.2f} | {valid / ex_lib_s:,.0f} | {ex_lib_cpu:.2f} | {ex_lib_s / ex_floor_s:.2f}x (CPU {ex_lib_cpu / ex_floor_cpu:.2f}x) | |

Import: CPU per valid row by part, in-process (no start-up): each part's share of a cProfile run (own time,
every thread), times the CPU of an unprofiled run. The floor reads and inserts; ours also validates every
value, names every bad row and counts what SQLite did.

| part | ours, µs/row | floor, µs/row |
| --- | ---: | ---: |
{import_parts}

Export: CPU per row by part (the same method):

| part | ours, µs/row | floor, µs/row |
| --- | ---: | ---: |
{export_parts}
"""  # noqa: E501


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    # Byte-code as an installed package has it (pip compiles at install): with PYTHONDONTWRITEBYTECODE set
    # (as on this machine) every `schemagen` process would otherwise compile the whole package again.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    load_before = os.getloadavg()[0]
    corpus = WORK / "corpus"
    paths = build_corpus(corpus)
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    floor_url = fresh_db(WORK / "floor.db")
    floor_cpu = time.process_time()
    floor_s = floor(paths, floor_url)
    floor_cpu = time.process_time() - floor_cpu
    url = fresh_db(WORK / "file.db")
    file_s = cli("import", "questions", str(corpus), "--url", url)
    file_cpu = CPU.pop("import questions")
    assert count(url) == ROWS
    per_file_url = fresh_db(WORK / "per-file.db")
    per_file_s = sum(cli("import", "questions", str(p), "--url", per_file_url) for p in paths)
    per_file_cpu = CPU.pop("import questions")
    assert count(per_file_url) == ROWS
    # Rounds of the floor and both imports, interleaved (the machine is shared), each on a fresh sqld
    # (fresh_sqld): medians of each.
    floors, alls, skips, all_cpus, skip_cpus = [], [], [], [], []
    for _ in range(HTTP_ROUNDS):
        with fresh_sqld("sqld") as server:
            floors.append(http_floor(paths, server))
        for mode, times, cpus in (([], alls, all_cpus), (["--skip-invalid"], skips, skip_cpus)):
            with fresh_sqld("sqld") as server:
                target = ("--url", server.url, "--token", server.tokens.rw)
                times.append(cli("import", "questions", str(corpus), *mode, *target))
                cpus.append(CPU.pop("import questions"))
                assert int(server.run(["SELECT count(*) FROM questions"])[0][0][0]) == ROWS
    sqld_floor_s, sqld_s, streamed_s = (statistics.median(t) for t in (floors, alls, skips))
    sqld_cpu_s, streamed_cpu = statistics.median(all_cpus), statistics.median(skip_cpus)
    floor_spread, all_spread, skip_spread = (f"{min(t):.2f} to {max(t):.2f} s" for t in (floors, alls, skips))
    phases = http_phases(paths)
    first_s = first_request(corpus)
    with fresh_sqld("sqld") as server:
        cli("import", "questions", str(corpus), "--url", server.url, "--token", server.tokens.rw)
        CPU.pop("import questions")
        sqld_export_s = cli(
            "export", "questions", "--out", str(WORK / "sqld-export.json"), "--url", server.url,
            "--token", server.tokens.rw,
        )  # fmt: skip
        sqld_export_cpu = CPU.pop("export questions")
    export_s = cli("export", "questions", "--out", str(WORK / "export.json"), "--url", url)
    export_cpu = CPU.pop("export questions")
    with connect(url) as db:
        schema = load_spec(SPEC_PATH)
        library_export_s = timed(lambda: export_table(db, schema, "questions", out=WORK / "export2.json"))
    big_url = grow(url, WORK / "big.db", 10)
    export_memory = [peak_kib(EXPORT_CHILD, u, str(WORK / "m.json")) for u in (url, big_url)]
    jsonl_small, jsonl_big = WORK / "small.jsonl", WORK / "big.jsonl"
    to_jsonl(url, jsonl_small, 1)
    to_jsonl(url, jsonl_big, 10)
    import_memory = [
        peak_kib(IMPORT_CHILD, fresh_db(WORK / f"mem{n}.db"), str(path))
        for n, path in enumerate((jsonl_small, jsonl_big))
    ]
    clean_s, broken_s = audits(url, WORK)
    import_extras = bench_import.section(load_spec(SPEC_PATH), corpus, WORK, ROWS)
    load_after = os.getloadavg()[0]
    for leftover in WORK.iterdir():  # keep the corpus (reused by the next run), drop the GBs of databases
        if leftover.name == "corpus":
            continue
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink()

    def rate(seconds: float) -> str:
        return f"{ROWS / seconds:,.0f}"

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    export_ratio = export_memory[1] / export_memory[0]
    import_ratio = import_memory[1] / import_memory[0]

    def cpu(seconds: float) -> str:
        return f"{seconds:.2f}"

    body = f"""`bench/bench_data.py`: a corpus shaped like the real export ({FILES} files: {FILES - SINGLES} JSON arrays
and {SINGLES} single-record files; {ROWS:,} question rows, {size_mb:.0f} MB), built from the two real question files
with new ids. Every process is timed end to end (Python start-up included), one run on a 2-core machine
shared with other work: the 1-minute load average was {load_before:.1f} at the start and {load_after:.1f} at the end
(2.0 = both cores busy), so compare the ratios, and the CPU seconds of our own process, more than the
wall times. The HTTP rows are medians of {HTTP_ROUNDS} rounds of the floor and both imports, interleaved,
each run on a fresh sqld database.

| measure | wall s | rows/s | CPU s | goal | |
| --- | ---: | ---: | ---: | ---: | --- |
| floor: stdlib json + sqlite3 executemany, in-process, no validation | {floor_s:.2f} | {rate(floor_s)} | {cpu(floor_cpu)} | | |
| `schemagen import questions DIR`, one process, into a file | {file_s:.2f} | {rate(file_s)} | {cpu(file_cpu)} | <= 1.5x the floor | {verdict(file_s <= 1.5 * floor_s)} ({file_s / floor_s:.2f}x the floor) |
| HTTP floor: the same rows as pre-built 1,000-row batches sent to sqld one after the other, no reading or validation ({floor_spread} over the rounds) | {sqld_floor_s:.2f} | {rate(sqld_floor_s)} | | | |
| the same import into sqld over HTTP (sqld's own CPU not counted): all-or-nothing, so every record is validated (by two forked readers, half of the bytes each) before the first batch commits; then {IN_FLIGHT} batches in flight ({all_spread} over the rounds) | {sqld_s:.2f} | {rate(sqld_s)} | {cpu(sqld_cpu_s)} | <= 1.25x the floor | {verdict(sqld_s <= 1.25 * sqld_floor_s)} ({sqld_s / sqld_floor_s:.2f}x the HTTP floor) |
| the same with `--skip-invalid` (each batch sent as soon as it is validated, the next ones validated while {IN_FLIGHT} are in flight; {skip_spread}) | {streamed_s:.2f} | {rate(streamed_s)} | {cpu(streamed_cpu)} | <= 1.25x the floor | {verdict(streamed_s <= 1.25 * sqld_floor_s)} ({streamed_s / sqld_floor_s:.2f}x the HTTP floor) |
| the old way: one `schemagen import` process per file ({FILES} processes), into a file | {per_file_s:.2f} | {rate(per_file_s)} | {cpu(per_file_cpu)} | | one process is **{per_file_s / file_s:.1f}x** faster (goal >= {GOALS["per-file"]:.0f}x): {verdict(per_file_s / file_s >= GOALS["per-file"])} |
| export in-process (the library call: the goal's measure) | {library_export_s:.2f} | {rate(library_export_s)} | | {GOALS["export"]:,} | {verdict(ROWS / library_export_s >= GOALS["export"])} |
| `schemagen export questions --out FILE`, one process (start-up included), from a file | {export_s:.2f} | {rate(export_s)} | {cpu(export_cpu)} | | |
| `schemagen export` from sqld over HTTP | {sqld_export_s:.2f} | {rate(sqld_export_s)} | {cpu(sqld_export_cpu)} | | |
| audit, clean table (in-process, median of {AUDIT_ROUNDS}) | {clean_s:.2f} | {rate(clean_s)} | | | |
| audit, every row wrong (three JSON columns with wrong items or keys, distinct per row) | {broken_s:.2f} | {rate(broken_s)} | | <= {GOALS["audit"]:.0f}x clean | {broken_s / clean_s:.2f}x: {verdict(broken_s / clean_s <= GOALS["audit"])} |

| peak RSS (a child process) | {ROWS:,} rows | {ROWS * 10:,} rows | ratio | goal |
| --- | ---: | ---: | ---: | --- |
| export to a file | {export_memory[0] / 1024:.0f} MiB | {export_memory[1] / 1024:.0f} MiB | {export_ratio:.2f} | <= {GOALS["memory"]} {verdict(export_ratio <= GOALS["memory"])} |
| import from JSON Lines into a file | {import_memory[0] / 1024:.0f} MiB | {import_memory[1] / 1024:.0f} MiB | {import_ratio:.2f} | flat |

The all-or-nothing HTTP import in-process, by phase (a fresh sqld for it and another for the floor, measured right after it):
the validating pass took {phases["validating"]:.2f} s on {phases["readers"]:.0f} readers and the writing
{phases["total"] - phases["validating"]:.2f} s, {phases["total"]:.2f} s in all against the floor's {phases["floor"]:.2f} s; sqld's CPU was
{phases["sqld"]:.2f} s for ours and {phases["floor sqld"]:.2f} s for the floor. The writing goes at the server's pace ({IN_FLIGHT}
batches in flight keep it busy; the floor sends its batches one after the other, so the writing alone may take less). What the import adds is its start-up and the validating pass, which the
server waits for: one invalid record anywhere means nothing is written (docs/data.md) and a batch committed
over HTTP cannot be taken back, so the pass ends before the first commit. That is why it runs on two forked
readers, one per core, each checking half of the bytes (generator/data/split.py): they used
{phases["readers cpu"]:.2f} s of CPU together, {phases["readers cpu"] / ROWS * 1e6:.1f} µs per record (the CPU
per row of each step is in the table below). Before the pass, the process takes {first_s:.2f} s from its start
to its first request to the server (interpreter, imports, the spec: median of 3 runs). So against the floor's
{sqld_floor_s:.2f} s, the import adds about {first_s:.2f} s of start-up and {phases["validating"]:.2f} s of
pass, {(first_s + phases["validating"]) / sqld_floor_s:.0%} of the floor, while the writing goes at its pace.
What the next step would cost: writing while the pass runs. The batches would then have to go inside one
transaction kept open until the pass ends, so that an invalid record found late can still undo them: the
write lock held against the app's own writes for the length of the pass, and on these two cores the server
taking CPU from the readers.

{import_extras}"""  # noqa: E501
    print(body)
    write_section("data", body)


if __name__ == "__main__":
    # What an installation has (pip and pipx compile it): with PYTHONDONTWRITEBYTECODE set, as on this
    # machine, every process would otherwise compile the modules again (~0.4 s of CPU each).
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:] != ["real-export"]:  # `bench_data.py real-export`: this section alone
        main()
    section = real_export()
    print(section)
    write_section("data-real-export", section)
