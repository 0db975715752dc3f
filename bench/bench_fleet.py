"""Benchmark fleets: 1,000 sqld namespaces on one local server (the real 12-table spec, JWT auth).

Measured as real `schemagen` processes (start-up included), each on its own: the first push, the no-op
check (`plan --check`) and an audit of one small table across the fleet; wall time, HTTP requests per
database (from `--format json`) and the process's peak RSS (`wait4`). Peer, same run: a single-database
`schemagen plan` against one of the namespaces. Memory flatness: the no-op check of 100 vs 1,000
namespaces. Results go into bench/RESULTS.md between the `bench:fleet` markers.

Run: .venv/bin/python bench/bench_fleet.py [--databases 1000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from helpers.sqld import SqldServer  # noqa: E402
from results import write_section  # noqa: E402

from generator.sqlite.introspect import SCHEMA_SQL, SCHEMA_VERSION_SQL  # noqa: E402

SPEC = ROOT / "spec" / "schema.yaml"
USERS = 20  # rows per tenant in the audited table
ROUNDS = 3  # the peer and the no-op checks: median of this many interleaved runs


@dataclass(frozen=True)
class Run:
    """One measured process."""

    seconds: float
    peak_mib: float
    code: int
    report: dict[str, Any] | None


def measure(args: list[str], env: dict[str, str]) -> Run:
    """Run `schemagen ARGS` as a process; its wall time, peak RSS and (with --format json) its report."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", *args],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **env},
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    report = json.loads(text) if "--format" in args and text.strip() else None
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, report)


def sqld_cpu(server: SqldServer) -> float:
    """CPU seconds (user + system) the sqld process has used so far, from /proc."""
    assert server._proc is not None
    fields = Path(f"/proc/{server._proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bare_reads(server: SqldServer, names: list[str], token: str) -> float:
    """The server's floor: the no-op check's one read per database (`sqlite_schema` and schema_version, one
    pipeline each), sent by a bare client (8 threads, kept-alive connections, nothing decoded or planned).
    Its wall time."""
    local = threading.local()
    body = json.dumps(
        {
            "baton": None,
            "requests": [
                {"type": "execute", "stmt": {"sql": SCHEMA_SQL}},
                {"type": "execute", "stmt": {"sql": SCHEMA_VERSION_SQL}},
                {"type": "close"},
            ],
        }
    )

    def read(name: str) -> None:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        headers = {"Host": f"{name}.localhost:{server.port}", "Authorization": f"Bearer {token}"}
        local.conn.request("POST", "/v2/pipeline", body=body, headers=headers)
        answer = local.conn.getresponse()
        assert answer.status == 200, answer.status
        answer.read()

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(read, names))
    return time.perf_counter() - started


def median(runs: list[Run]) -> Run:
    """The run of median wall time."""
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def per_database(run: Run) -> str:
    """Requests per database, as the report counts them (exact: every database's own count)."""
    assert run.report is not None
    counts = sorted({r["requests"] for r in run.report["results"]})
    return " / ".join(str(c) for c in counts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", type=int, default=1000)
    count = parser.parse_args().databases
    small = count // 10
    work = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    load_before = os.getloadavg()[0]
    with SqldServer(work / "sqld", namespaces=True) as server:
        names = [f"tenant{n:04d}" for n in range(count)]
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(server.create_namespace, names))
        created = time.perf_counter() - started
        everyone = work / "tenants.txt"
        everyone.write_text("".join(f"{server.url_for(n)}\n" for n in names))
        tenth = work / "tenants-100.txt"
        tenth.write_text("".join(f"{server.url_for(n)}\n" for n in names[:small]))
        env = {"TURSO_AUTH_TOKEN": server.tokens.rw}
        fleet = ["--spec", str(SPEC), "--format", "json"]

        push = measure(["push", *fleet, "--targets", str(everyone), "--yes"], env)
        assert push.code == 0 and push.report and push.report["outcomes"] == {"applied": count}, push
        rows = [
            "INSERT INTO users (id, username, password) VALUES "
            + ", ".join(f"('u{i}', 'user{i}', 'x')" for i in range(USERS))
        ]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda n: server.run(rows, namespace=n), names))

        # Interleaved rounds, medians: the machine is shared, so the peer and the fleet see the same load.
        single: list[Run] = []
        checks: list[Run] = []
        checks_small: list[Run] = []
        floors: list[tuple[float, float]] = []  # (wall, sqld CPU) of the bare client
        check_cpu: list[float] = []  # sqld CPU during each fleet check
        for _ in range(ROUNDS):
            single.append(
                measure(["plan", "--spec", str(SPEC), "--url", server.url_for(names[0]), "--check"], env)
            )
            before = sqld_cpu(server)
            checks.append(measure(["plan", *fleet, "--targets", str(everyone), "--check"], env))
            check_cpu.append(sqld_cpu(server) - before)
            checks_small.append(measure(["plan", *fleet, "--targets", str(tenth), "--check"], env))
            before = sqld_cpu(server)
            floor_wall = bare_reads(server, names, server.tokens.rw)
            floors.append((floor_wall, sqld_cpu(server) - before))
        assert all(r.code == 0 for r in single + checks + checks_small)
        check, check_small = median(checks), median(checks_small)
        assert check.report and check.report["outcomes"] == {"nothing to do": count}
        audit = measure(["audit", *fleet, "--targets", str(everyone), "--table", "users"], env)
        assert audit.code == 0 and audit.report and audit.report["outcomes"] == {"clean": count}, audit
        audit_small = measure(["audit", *fleet, "--targets", str(tenth), "--table", "users"], env)

    load_after = os.getloadavg()[0]
    single_s = median(single).seconds
    ratio = check.seconds / single_s
    floor_wall, floor_cpu = sorted(floors)[len(floors) // 2]
    server_cpu = sorted(check_cpu)[len(check_cpu) // 2]
    memory = check.peak_mib / check_small.peak_mib
    audit_memory = audit.peak_mib / audit_small.peak_mib
    goal = lambda ok: "met" if ok else "**not met**"  # noqa: E731
    body = "\n".join(
        [
            f"{count:,} namespaces on one local sqld (JWT auth, `--concurrency 8`), the real 12-table "
            "spec; each row is one `schemagen` process (start-up included; the peer and the no-op checks: "
            f"median of {ROUNDS} interleaved runs), peak RSS from `wait4`, requests per database from "
            f"`--format json`. Creating the namespaces took {created:.1f} s (admin API). Load average "
            f"(2 cores, shared): {load_before:.1f} before, {load_after:.1f} after.",
            "",
            "| operation | wall time | per database | requests per database | peak RSS |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| peer: single-database `plan --check` | {single_s:.2f} s | | 1 | "
            f"{single[0].peak_mib:.0f} MiB |",
            f"| fleet first push ({count:,} migrations, 45 statements each) | {push.seconds:.2f} s | "
            f"{push.seconds / count * 1000:.1f} ms | {per_database(push)} | {push.peak_mib:.0f} MiB |",
            f"| fleet no-op check, {count:,} databases | {check.seconds:.2f} s | "
            f"{check.seconds / count * 1000:.2f} ms | {per_database(check)} | {check.peak_mib:.0f} MiB |",
            f"| fleet no-op check, {small:,} databases | {check_small.seconds:.2f} s | "
            f"{check_small.seconds / small * 1000:.2f} ms | {per_database(check_small)} | "
            f"{check_small.peak_mib:.0f} MiB |",
            f"| floor: the same {count:,} reads from a bare client (no start-up, decoding or planning) | "
            f"{floor_wall:.2f} s | {floor_wall / count * 1000:.2f} ms | 1 | |",
            f"| fleet audit of `users` ({USERS} rows each), {count:,} databases | {audit.seconds:.2f} s | "
            f"{audit.seconds / count * 1000:.2f} ms | {per_database(audit)} | {audit.peak_mib:.0f} MiB |",
            f"| fleet audit of `users`, {small:,} databases | {audit_small.seconds:.2f} s | "
            f"{audit_small.seconds / small * 1000:.2f} ms | {per_database(audit_small)} | "
            f"{audit_small.peak_mib:.0f} MiB |",
            "",
            "| goal | measured | |",
            "| --- | ---: | --- |",
            f"| {count:,}-database no-op check within 3x a single-database plan | {ratio:.2f}x | "
            f"{goal(ratio <= 3)} (the bare floor alone is {floor_wall / single_s:.2f}x) |",
            f"| peak memory flat: {count:,} vs {small:,} databases within 1.3x (check) | {memory:.2f}x | "
            f"{goal(memory <= 1.3)} |",
            f"| peak memory flat: {count:,} vs {small:,} databases within 1.3x (audit) | "
            f"{audit_memory:.2f}x | {goal(audit_memory <= 1.3)} |",
            f"| exactly 1 request per database for a no-op, 2 for a migration | {per_database(check)} and "
            f"{per_database(push)} | {goal(per_database(check) == '1' and per_database(push) == '2')} |",
            "",
            "Why the no-op check is cheap per database: every database is still read by its own request "
            "and planned from what it returned, but once one database of the run has been introspected in "
            "full, the others are read with one cheap query (`sqlite_schema` and `schema_version`); when "
            "their rows are known, the PRAGMA reads, the parse and the planning are reused "
            "(`generator.migrate.cache`).",
            "",
            "Why the 3x goal is out of reach on this machine: sqld itself spends "
            f"{floor_cpu:.2f} CPU seconds answering the {count:,} bare reads "
            f"({floor_cpu / count * 1000:.2f} ms each; "
            f"{server_cpu:.2f} s during the fleet check), on the same 2 cores as the client, so {count:,} "
            f"requests cannot take less than about {floor_cpu / 2:.2f} s of wall time however fast the "
            f"client is, while 3x the single-database plan is {3 * single_s:.2f} s. The fleet check costs "
            f"{(check.seconds - floor_wall) / count * 1000:.2f} ms per database over the bare floor.",
        ]
    )
    write_section("fleet", body)
    print(body)


if __name__ == "__main__":
    main()
