"""Benchmark `import` and `audit`: throughput on 30,000 question rows into a file database and into a local
sqld over HTTP, the stdlib sqlite3 `executemany` floor, and peak memory at 10,000 vs 100,000 rows.

Run: .venv/bin/python bench/bench_data.py   (writes its section of bench/RESULTS.md)
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator.data.audit import audit_database  # noqa: E402
from generator.data.importer import import_records  # noqa: E402
from generator.data.validate import validator_for  # noqa: E402
from generator.db import connect  # noqa: E402
from generator.spec import load_spec  # noqa: E402
from generator.sqlite.ddl import schema_statements  # noqa: E402

# shared/ sits beside the repository (CI copies it next to its clone)
DATA = ROOT / "tests" / "data" / "reference" / "questions"
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- bench:data:start -->", "<!-- bench:data:end -->"
ROWS = 30_000
GOALS = {"file": 20_000, "sqld": 10_000, "audit": 50_000}


def make_rows(count: int) -> list[dict[str, Any]]:
    """The real question records, replicated with new ids until there are `count`."""
    real = json.loads((DATA / "aws.json").read_text()) + json.loads((DATA / "algorithms.json").read_text())
    return [{**real[i % len(real)], "id": f"{real[i % len(real)]['id']}-b{i}"} for i in range(count)]


def write_file(path: Path, count: int) -> Path:
    path.write_text(json.dumps(make_rows(count)), encoding="utf-8")
    return path


def fresh_file_db(path: Path) -> str:
    url = f"file:{path}"
    path.unlink(missing_ok=True)
    with connect(url, create=True) as db:
        db.apply(schema_statements(load_spec(ROOT / "spec" / "schema.yaml")))
    return url


def floor(source: Path, db_path: Path) -> float:
    """Seconds for the peer: json.load + key mapping + json.dumps + one executemany, no validation."""
    schema = load_spec(ROOT / "spec" / "schema.yaml")
    table = schema.table("questions")
    url = fresh_file_db(db_path)
    start = time.perf_counter()
    rows = json.loads(source.read_text(encoding="utf-8"))
    names = [c.name for c in table.columns]
    props = {c.name: c.prop for c in table.columns}
    json_cols = {c.name for c in table.json_columns}
    params = []
    for row in rows:
        values = []
        for name in names:
            value = row.get(props[name], row.get(name))
            if name in json_cols and value is not None and not isinstance(value, str):
                value = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            values.append(value)
        params.append(values)
    conn = sqlite3.connect(url.removeprefix("file:"))
    marks = ", ".join("?" * len(names))
    with conn:
        conn.executemany(f"INSERT OR IGNORE INTO questions ({', '.join(names)}) VALUES ({marks})", params)
    conn.close()
    return time.perf_counter() - start


def timed_import(url: str, token: str | None, source: Path) -> tuple[float, int, int]:
    schema = load_spec(ROOT / "spec" / "schema.yaml")
    with connect(url, token) as db:
        start = time.perf_counter()
        report = import_records(db, schema, "questions", source)
        seconds = time.perf_counter() - start
        assert report.inserted == ROWS and not report.refused, report.summary()
        return seconds, report.inserted, report.requests


def timed_audit(url: str, token: str | None) -> tuple[float, int]:
    schema = load_spec(ROOT / "spec" / "schema.yaml")
    with connect(url, token) as db:
        start = time.perf_counter()
        report = audit_database(db, schema, tables=["questions"])
        return time.perf_counter() - start, report.tables[0].rows


def child(args: list[str]) -> None:
    """Run one import or audit and print this process's peak RSS in KiB."""
    schema = load_spec(ROOT / "spec" / "schema.yaml")
    validator_for("questions", schema)
    with connect(args[2]) as db:
        if args[1] == "import":
            import_records(db, schema, "questions", Path(args[3]))
        else:
            audit_database(db, schema, tables=["questions"])
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the (large) parent.
    status = Path("/proc/self/status").read_text()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def peak(kind: str, url: str, source: Path | None = None) -> int:
    cmd = [sys.executable, __file__, "--child", kind, url] + ([str(source)] if source else [])
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from sqld import SqldServer, ensure_sqld_binary

    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = write_file(work / "questions.json", ROWS)
        floor_s = floor(source, work / "floor.db")
        url = fresh_file_db(work / "file.db")
        file_s, rows, _ = timed_import(url, None, source)
        audit_s, audited = timed_audit(url, None)
        with SqldServer(work / "sqld", ensure_sqld_binary()) as server:
            with connect(server.url, server.tokens.rw) as db:
                db.apply(schema_statements(load_spec(ROOT / "spec" / "schema.yaml")))
            http_s, _, requests = timed_import(server.url, server.tokens.rw, source)
            http_audit_s, _ = timed_audit(server.url, server.tokens.rw)
        memory = {}
        for count in (10_000, 100_000):
            big = write_file(work / f"q{count}.json", count)
            db_url = fresh_file_db(work / f"m{count}.db")
            memory[count] = (peak("import", db_url, big), peak("audit", db_url))
            big.unlink()

    def rate(seconds: float) -> float:
        return ROWS / seconds

    def verdict(value: float, goal: float) -> str:
        return "met" if value >= goal else "NOT met"

    ratio_import = memory[100_000][0] / memory[10_000][0]
    ratio_audit = memory[100_000][1] / memory[10_000][1]
    lines += [
        START,
        "## Data: import and audit (`bench/bench_data.py`)",
        "",
        f"{ROWS:,} question rows (the real aws + algorithms records replicated with new ids), one run, "
        "2-core machine. Import = validate every row, then write in 1,000-row transactions.",
        "",
        "| measure | seconds | rows/s | goal | |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| floor: stdlib sqlite3 executemany, no validation | {floor_s:.2f} | {rate(floor_s):,.0f} | | |",
        f"| import into a file database | {file_s:.2f} | {rate(file_s):,.0f} | {GOALS['file']:,} "
        f"| {verdict(rate(file_s), GOALS['file'])} ({file_s / floor_s:.1f}x the floor) |",
        f"| import into sqld over HTTP ({requests} requests) | {http_s:.2f} | {rate(http_s):,.0f} | "
        f"{GOALS['sqld']:,} | {verdict(rate(http_s), GOALS['sqld'])} ({http_s / floor_s:.1f}x the floor) |",
        f"| audit, file database ({audited:,} rows) | {audit_s:.2f} | {rate(audit_s):,.0f} | "
        f"{GOALS['audit']:,} | {verdict(rate(audit_s), GOALS['audit'])} |",
        f"| audit, sqld over HTTP | {http_audit_s:.2f} | {rate(http_audit_s):,.0f} | | |",
        "",
        "| peak RSS (subprocess, file database) | 10,000 rows | 100,000 rows | ratio | goal <= 1.5 |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| import | {memory[10_000][0] / 1024:.0f} MiB | {memory[100_000][0] / 1024:.0f} MiB | "
        f"{ratio_import:.2f} | {verdict(1.5, ratio_import)} |",
        f"| audit | {memory[10_000][1] / 1024:.0f} MiB | {memory[100_000][1] / 1024:.0f} MiB | "
        f"{ratio_audit:.2f} | {verdict(1.5, ratio_audit)} |",
        END,
    ]
    assert rows == ROWS
    section = "\n".join(lines)
    print(section)
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[1:])
    else:
        main()
