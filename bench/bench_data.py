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

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from helpers.sqld import SqldServer  # noqa: E402
from helpers.sqld_binary import ensure_sqld_binary  # noqa: E402
from results import write_section  # noqa: E402

from generator.data.audit import audit_database  # noqa: E402
from generator.data.export import export_table  # noqa: E402
from generator.db import connect  # noqa: E402
from generator.spec import load_spec  # noqa: E402
from generator.sqlite.ddl import schema_statements  # noqa: E402

SPEC_PATH = ROOT / "spec" / "schema.yaml"
SOURCES = [ROOT / "tests" / "data" / "reference" / "questions" / n for n in ("aws.json", "algorithms.json")]
FILES, SINGLES, ROWS = 200, 4, 30_000
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


def floor(paths: list[Path], url: str) -> float:
    """The peer: json.load + key mapping + json.dumps of JSON columns + executemany, no validation."""
    table = load_spec(SPEC_PATH).table("questions")
    names = [c.name for c in table.columns]
    props = {c.name: c.prop for c in table.columns}
    json_cols = {c.name for c in table.json_columns}
    started = time.perf_counter()
    conn = sqlite3.connect(url.removeprefix("file:"))
    marks = ", ".join("?" * len(names))
    sql = f"INSERT OR IGNORE INTO questions ({', '.join(names)}) VALUES ({marks})"
    with conn:
        for path in paths:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data if isinstance(data, list) else [data]
            params = []
            for row in rows:
                values = []
                for name in names:
                    value = row.get(props[name], row.get(name))
                    if name in json_cols and value is not None and not isinstance(value, str):
                        value = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
                    values.append(value)
                params.append(values)
            conn.executemany(sql, params)
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
                value = row.get(next(c.prop for c in table.columns if c.name == name), row.get(name))
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

    return run(url), run(f"file:{broken}")


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    corpus = WORK / "corpus"
    paths = build_corpus(corpus)
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    floor_s = floor(paths, fresh_db(WORK / "floor.db"))
    url = fresh_db(WORK / "file.db")
    file_s = cli("import", "questions", str(corpus), "--url", url)
    file_cpu = CPU.pop("import questions")
    assert count(url) == ROWS
    per_file_url = fresh_db(WORK / "per-file.db")
    per_file_s = sum(cli("import", "questions", str(p), "--url", per_file_url) for p in paths)
    per_file_cpu = CPU.pop("import questions")
    assert count(per_file_url) == ROWS
    with SqldServer(WORK / "sqld", ensure_sqld_binary()) as server:
        server.reset()
        with connect(server.url, server.tokens.rw) as db:
            db.apply(schema_statements(load_spec(SPEC_PATH)))
        sqld_floor_s = http_floor(paths, server)
        with connect(server.url, server.tokens.rw) as db:
            db.apply(["DELETE FROM questions"])
        sqld_s = cli("import", "questions", str(corpus), "--url", server.url, "--token", server.tokens.rw)
        sqld_cpu = CPU.pop("import questions")
        rows_sqld = int(server.run(["SELECT count(*) FROM questions"])[0][0][0])
        assert rows_sqld == ROWS
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
    load_after = os.getloadavg()[0]
    for leftover in WORK.iterdir():  # keep the corpus (reused by the next run), drop the GBs of databases
        if leftover.name not in ("corpus", "sqld"):
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
wall times.

| measure | wall s | rows/s | CPU s | goal | |
| --- | ---: | ---: | ---: | ---: | --- |
| floor: stdlib json + sqlite3 executemany, in-process, no validation | {floor_s:.2f} | {rate(floor_s)} | | | |
| `schemagen import questions DIR`, one process, into a file | {file_s:.2f} | {rate(file_s)} | {cpu(file_cpu)} | {GOALS["file"]:,} | {verdict(ROWS / file_s >= GOALS["file"])} ({file_s / floor_s:.2f}x the floor) |
| HTTP floor: the same rows as pre-built 1,000-row batches sent to sqld, no reading or validation | {sqld_floor_s:.2f} | {rate(sqld_floor_s)} | | | |
| the same import into sqld over HTTP (sqld's own CPU not counted) | {sqld_s:.2f} | {rate(sqld_s)} | {cpu(sqld_cpu)} | {GOALS["sqld"]:,} | {verdict(ROWS / sqld_s >= GOALS["sqld"])} ({sqld_s / sqld_floor_s:.2f}x the HTTP floor) |
| the old way: one `schemagen import` process per file ({FILES} processes), into a file | {per_file_s:.2f} | {rate(per_file_s)} | {cpu(per_file_cpu)} | | one process is **{per_file_s / file_s:.1f}x** faster (goal >= {GOALS["per-file"]:.0f}x): {verdict(per_file_s / file_s >= GOALS["per-file"])} |
| export in-process (the library call: the goal's measure) | {library_export_s:.2f} | {rate(library_export_s)} | | {GOALS["export"]:,} | {verdict(ROWS / library_export_s >= GOALS["export"])} |
| `schemagen export questions --out FILE`, one process (start-up included), from a file | {export_s:.2f} | {rate(export_s)} | {cpu(export_cpu)} | | |
| `schemagen export` from sqld over HTTP | {sqld_export_s:.2f} | {rate(sqld_export_s)} | {cpu(sqld_export_cpu)} | | |
| audit, clean table (in-process) | {clean_s:.2f} | {rate(clean_s)} | | | |
| audit, every row wrong (three JSON columns with wrong items or keys, distinct per row) | {broken_s:.2f} | {rate(broken_s)} | | <= {GOALS["audit"]:.0f}x clean | {broken_s / clean_s:.2f}x: {verdict(broken_s / clean_s <= GOALS["audit"])} |

| peak RSS (a child process) | {ROWS:,} rows | {ROWS * 10:,} rows | ratio | goal |
| --- | ---: | ---: | ---: | --- |
| export to a file | {export_memory[0] / 1024:.0f} MiB | {export_memory[1] / 1024:.0f} MiB | {export_ratio:.2f} | <= {GOALS["memory"]} {verdict(export_ratio <= GOALS["memory"])} |
| import from JSON Lines into a file | {import_memory[0] / 1024:.0f} MiB | {import_memory[1] / 1024:.0f} MiB | {import_ratio:.2f} | flat |
"""  # noqa: E501
    print(body)
    write_section("data", body)


if __name__ == "__main__":
    main()
