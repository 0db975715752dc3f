"""Fleets of SQLite files through the CLI and the library: plan, push, audit, canary, max failures, output."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.fleet import SPEC_V1, SPEC_V2, columns, tables, write_spec, write_targets

from generator.fleet.run import Rollout, run_fleet
from generator.fleet.summary import DbOutcome, DbResult
from generator.fleet.targets import Secrets, read_targets
from generator.migrate.push import PushOptions
from generator.spec import load_spec


def fleet_of(tmp_path: Path, count: int) -> tuple[Path, list[Path]]:
    """A targets file listing `count` database files (not created yet)."""
    files = [tmp_path / f"tenant{n:02d}.db" for n in range(count)]
    return write_targets(tmp_path / "targets.txt", [str(f) for f in files]), files


def test_plan_push_plan_across_twenty_files(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    targets, files = fleet_of(tmp_path, 20)

    code, out, _ = cli("plan", "--spec", str(spec), "--targets", str(targets), "--check")
    assert code == 1
    drift = [line for line in out.splitlines() if line.startswith("drift: ")]
    assert sorted(drift) == sorted(f"drift: {f} (plan {drift[0].rsplit(' ', 1)[1]}" for f in files)
    assert "1 distinct plan:" in out
    assert not any(f.exists() for f in files), "plan must not create databases"

    code, out, _ = cli("push", "--spec", str(spec), "--targets", str(targets), "--yes")
    assert code == 0, out
    assert sum(line.startswith("applied: ") for line in out.splitlines()) == 20
    assert "  applied" in out and "20 databases (applied 20): 1 step, risk safe" in out
    assert all(tables(f) == {"notes"} for f in files)

    code, out, _ = cli("plan", "--spec", str(spec), "--targets", str(targets), "--check")
    assert code == 0, out
    assert not any(line.startswith(("drift", "applied", "error")) for line in out.splitlines())
    assert "nothing to do         20" in out


def test_one_database_changed_by_hand_is_named_alone(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    targets, files = fleet_of(tmp_path, 12)
    assert cli("push", "--spec", str(spec), "--targets", str(targets), "--yes").exit_code == 0
    with sqlite3.connect(files[7]) as conn:
        conn.execute("DROP INDEX idx_notes_status")

    code, out, _ = cli("plan", "--spec", str(spec), "--targets", str(targets), "--check")
    assert code == 1
    notable = [line for line in out.splitlines() if line.startswith(("drift", "error", "planned"))]
    assert len(notable) == 1 and notable[0].startswith(f"drift: {files[7]} (plan ")
    assert "nothing to do         11" in out and "drift                  1" in out
    assert 'CREATE INDEX IF NOT EXISTS "idx_notes_status"' in out


def test_json_lists_every_database_and_each_plan_once(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    targets, files = fleet_of(tmp_path, 6)
    assert cli("push", "--spec", str(spec), "--targets", str(targets), "--yes").exit_code == 0
    v2 = write_spec(tmp_path, SPEC_V2, "v2.yaml")
    with sqlite3.connect(files[2]) as conn:  # one tenant already has the new table: another plan
        conn.execute("CREATE TABLE tags (id integer PRIMARY KEY, name text NOT NULL)")

    code, out, err = cli("push", "--spec", str(v2), "--targets", str(targets), "--yes", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["databases"] == 6 and data["exit_code"] == 0 and data["outcomes"] == {"applied": 6}
    assert [r["database"] for r in data["results"]] == [str(f) for f in files]
    assert [r["origin"] for r in data["results"]] == [f"{targets}:{n}" for n in range(1, 7)]
    plans = {p["id"]: p for p in data["plans"]}
    assert sorted(p["databases"] for p in plans.values()) == [1, 5]
    big = next(p for p in plans.values() if p["databases"] == 5)
    assert [s["summary"] for s in big["steps"]] == [
        "create table tags (2 columns)",
        "add column notes.pinned (integer)",
    ]
    assert data["results"][2]["plan"] != data["results"][0]["plan"] in plans
    assert all(columns(f, "notes")[-1] == "pinned" for f in files)


def test_a_failing_canary_stops_the_rollout(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    targets, files = fleet_of(tmp_path, 10)
    with sqlite3.connect(files[1]) as conn:  # the second canary has a column the spec drops: refused
        conn.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL, legacy text)")

    code, out, _ = cli(
        "push", "--spec", str(spec), "--targets", str(targets), "--yes", "--canary", "3", "--concurrency", "1"
    )
    assert code == 1
    assert f"refused: {files[1]}: nothing was changed: needs --allow-destructive: " in out
    assert "stopped: the canary (3 databases) had 1 failed or refused; 8 databases not started." in out
    assert "run the same command again to finish" in out
    assert tables(files[0]) == {"notes"}  # the first canary was migrated and stays migrated
    assert "legacy" in columns(files[1], "notes")  # the refused one is untouched
    assert not any(f.exists() for f in files[2:]), "no database after the failed canary may be touched"

    with sqlite3.connect(files[1]) as conn:
        conn.execute("DROP TABLE notes")
    code, out, _ = cli("push", "--spec", str(spec), "--targets", str(targets), "--yes", "--canary", "3")
    assert code == 0, out
    assert "nothing to do          1" in out and "applied                9" in out
    assert all(tables(f) == {"notes"} for f in files)


def test_max_failures_stops_starting_databases(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    good = [tmp_path / f"ok{n}.db" for n in range(6)]
    bad = [tmp_path / "missing-dir" / f"bad{n}.db" for n in range(3)]  # cannot be opened: errors
    order = [good[0], bad[0], good[1], bad[1], good[2], bad[2], *good[3:]]
    targets = write_targets(tmp_path / "t.txt", [str(p) for p in order])

    code, out, _ = cli(
        "push",
        "--spec",
        str(spec),
        "--targets",
        str(targets),
        "--yes",
        "--max-failures",
        "2",
        "--concurrency",
        "1",
    )
    assert code == 2
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {p}: cannot open: unable to open database file" for p in bad[:2]]
    assert "stopped: 2 databases failed or refused (--max-failures 2); 5 databases not started." in out
    assert [tables(p) for p in good] == [{"notes"}, {"notes"}, set(), set(), set(), set()]


def test_exit_code_is_the_worst_database(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    drifted, clean = tmp_path / "drifted.db", tmp_path / "clean.db"
    assert cli("push", "--spec", str(spec), "--url", str(clean)).exit_code == 0
    broken = tmp_path / "a-directory"  # exists, cannot be opened as a database: an error
    broken.mkdir()
    plain = write_targets(tmp_path / "a.txt", [str(clean), str(drifted)])
    with_error = write_targets(tmp_path / "b.txt", [str(clean), str(drifted), str(broken)])
    assert cli("plan", "--spec", str(spec), "--targets", str(plain)).exit_code == 0
    assert cli("plan", "--spec", str(spec), "--targets", str(plain), "--check").exit_code == 1
    assert cli("plan", "--spec", str(spec), "--targets", str(with_error), "--check").exit_code == 2


def test_audit_names_the_database_with_invalid_rows(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    targets, files = fleet_of(tmp_path, 5)
    assert cli("push", "--spec", str(spec), "--targets", str(targets), "--yes").exit_code == 0
    for f in files:
        with sqlite3.connect(f) as conn:
            conn.execute("INSERT INTO notes (id, body) VALUES (1, 'hello')")
    with sqlite3.connect(files[3]) as conn:  # a row written around the CHECK (as an old app version could)
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("INSERT INTO notes (id, body, status) VALUES (2, 'x', 'archived')")

    code, out, _ = cli("audit", "--spec", str(spec), "--targets", str(targets))
    assert code == 1
    notable = [line for line in out.splitlines() if line.startswith(("invalid rows", "error"))]
    assert notable == [f"invalid rows: {files[3]}: notes.status: enum 1 row (e.g. 2)"]
    assert "clean                  4" in out

    code, out, _ = cli("audit", "--spec", str(spec), "--targets", str(targets), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["outcomes"] == {"clean": 4, "invalid rows": 1}
    assert data["plans"][0]["findings"] == [
        {"table": "notes", "column": "status", "check": "enum", "severity": "error"}
    ]


@pytest.mark.usefixtures("real_ctrl_c")
def test_library_progress_and_interrupt_leave_each_database_whole(tmp_path: Path) -> None:
    """Ctrl-C during a rollout: the databases in flight finish, no new one starts, the report says so."""
    spec = load_spec(write_spec(tmp_path))
    targets_file, files = fleet_of(tmp_path, 8)
    targets = read_targets(targets_file, Secrets(tmp_path, {}))
    seen: list[tuple[str, int, int]] = []

    def progress(result: DbResult, done: int, total: int) -> None:
        seen.append((result.outcome.value, done, total))
        if done == 2:
            os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, delivered to the main thread
            time.sleep(0.3)  # the main thread takes it meanwhile (this worker still holds the fleet's lock)

    report = run_fleet(spec, targets, "push", rollout=Rollout(concurrency=1), progress=progress)
    assert report.interrupted and report.stopped.startswith("interrupted; ")
    applied = [r for r in report.results if r.outcome is DbOutcome.APPLIED]
    assert 2 <= len(applied) <= 3  # the one in flight when Ctrl-C came is finished, not abandoned
    assert report.outcomes[DbOutcome.NOT_STARTED] == 8 - len(applied)
    assert [tables(f) == {"notes"} for f in files] == [True] * len(applied) + [False] * (8 - len(applied))
    assert seen[:2] == [("applied", 1, 8), ("applied", 2, 8)]
    assert report.exit_code == 1

    again = run_fleet(spec, targets, "push", rollout=Rollout(concurrency=3))
    assert again.exit_code == 0 and not again.stopped
    assert again.outcomes[DbOutcome.NOTHING] == len(applied)
    assert all(tables(f) == {"notes"} for f in files)


def test_plan_of_the_same_spec_twice_is_one_group(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC_V1)
    targets, _files = fleet_of(tmp_path, 30)
    report = run_fleet(
        load_spec(spec), read_targets(targets, Secrets(tmp_path, {})), "plan", PushOptions(check=True)
    )
    assert report.outcomes == {DbOutcome.DRIFT: 30}
    assert [g.databases for g in report.plans.values()] == [30]
    assert {r.plan for r in report.results} == set(report.plans)


class EchoServer:
    """A hostile loopback "database" that answers every request with the token it was sent, in an error."""

    def __init__(self, status: int) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                body = json.dumps({"error": f"bad credentials: {self.headers.get('Authorization')}"}).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_tokens_never_appear_in_any_output(tmp_path: Path) -> None:
    """Per-database and fleet tokens, echoed back by hostile servers, are masked in text and JSON."""
    spec = write_spec(tmp_path)
    servers = [EchoServer(401), EchoServer(500), EchoServer(500)]
    tenant_token, fleet_token = "tenant-secret-4f1a9c", "fleet-secret-77b2e0"
    try:
        targets = write_targets(
            tmp_path / "t.txt",
            [
                f"{servers[0].url} TENANT_TOKEN",
                servers[1].url,
                f"{servers[2].url}/?authToken=url-secret-9d8e",
            ],
        )
        env = {"TENANT_TOKEN": tenant_token}
        for fmt in ("text", "json"):
            code, out, err = cli(
                "push", "--spec", str(spec), "--targets", str(targets), "--token", fleet_token, "--yes",
                "--format", fmt, env=env,
            )  # fmt: skip
            assert code == 2
            assert "***" in out
            for secret in (tenant_token, fleet_token, "url-secret-9d8e"):
                assert secret not in out + err
        code, out, _ = cli(
            "push", "--spec", str(spec), "--targets", str(targets), "--token", fleet_token, "--yes", env=env
        )
        assert f"error: {servers[0].url}: the auth token was rejected (bad credentials: Bearer ***)" in out
    finally:
        for server in servers:
            server.close()


def test_a_server_that_never_answers_fails_alone_within_the_timeout(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections (backlog), never answers
    try:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        targets = write_targets(tmp_path / "t.txt", [url, str(tmp_path / "ok.db")])
        started = time.monotonic()
        code, out, _ = cli("push", "--spec", str(spec), "--targets", str(targets), "--yes", "--timeout", "1")
        assert time.monotonic() - started < 10
    finally:
        silent.close()
    assert code == 2
    assert f"error: {url}: no complete answer from {url} within 1 s" in out
    assert f"applied: {tmp_path / 'ok.db'}" in out


def test_an_unreadable_dotenv_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"TURSO_AUTH_TOKEN=\xff\n")
    targets = write_targets(tmp_path / "t.txt", [str(tmp_path / "a.db")])
    code, out, err = cli("plan", "--spec", str(write_spec(tmp_path)), "--targets", str(targets), cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.strip() == f"{tmp_path / '.env'}: not UTF-8 text (byte 17)"


def test_the_first_database_is_read_in_full_while_the_others_wait_for_it() -> None:
    from generator.migrate.cache import SchemaCache

    cache = SchemaCache()
    assert cache.scout() is True  # the first worker scouts
    waited: list[tuple[bool, float]] = []

    def other() -> None:
        started = time.monotonic()
        waited.append((cache.scout(), time.monotonic() - started))

    others = [threading.Thread(target=other) for _ in range(4)]
    for thread in others:
        thread.start()
    time.sleep(0.2)
    assert waited == []  # still waiting for the scout
    cache.scouted()
    for thread in others:
        thread.join(5)
    assert [scouts for scouts, _ in waited] == [False] * 4
    assert all(0.15 < seconds < 2 for _, seconds in waited)
    assert cache.scout() is False  # once scouted, nobody waits or scouts again
