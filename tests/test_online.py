"""push --online: a table rebuilt while a writer process inserts, updates and deletes (a file and sqld);
every acknowledged write is in the result, which equals an offline rebuild of the same rows; a push killed
at any moment leaves the old table whole, and a re-run resumes or cleans up and finishes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.cli import ROOT
from helpers.sqld import SqldServer

from generator.db import open_target, parse_url

BASE = """version: 1
tables:
  events:
    columns:
      id: {type: integer, primary_key: true}
      kind: {type: text}
      n: {type: integer}
    indexes:
      events_kind: {columns: [kind]}
"""
HEAD = BASE.replace("kind: {type: text}", "kind: {type: text, not_null: true, default: x}")
PUSH = [sys.executable, "-m", "generator", "push", "--yes"]

# The app: inserts, updates and deletes at a steady rate, retrying a refused write ("database is locked",
# as sqld answers at once) until it is acknowledged; each acknowledged write is logged as one JSON line.
WRITER = r"""
import json, sys, time
url, token, log_path = sys.argv[1], sys.argv[2] or None, sys.argv[3]
seconds, rows = float(sys.argv[4]), int(sys.argv[5])
from generator.db import open_target, parse_url
from generator.errors import DatabaseError
log = open(log_path, "w")
with open_target(parse_url(url), token, 10.0, create=False) as db:
    i, worst, end = 0, 0.0, time.monotonic() + seconds
    while time.monotonic() < end:
        i += 1
        op = ("insert", "update", "delete")[i % 3]
        key = rows + i if op == "insert" else (i * 7919) % rows + 1
        sql = {
            "insert": ("INSERT INTO events (id, kind, n) VALUES (?, 'w', ?)", (key, i)),
            "update": ("UPDATE events SET n = ? WHERE id = ?", (i, key)),
            "delete": ("DELETE FROM events WHERE id = ?", (key,)),
        }[op]
        started = time.monotonic()
        while True:
            try:
                db.apply([sql])
                break
            except DatabaseError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc).lower():
                    raise
                time.sleep(0.005)
        worst = max(worst, time.monotonic() - started)
        log.write(json.dumps([op, key, i]) + "\n")
        log.flush()
        time.sleep(0.02)
    log.write(json.dumps(["done", worst, i]) + "\n")
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _seed_file(path: Path, rows: int) -> None:
    spec = path.parent / "base.yaml"
    spec.write_text(BASE)
    subprocess.run(
        [*PUSH, "--spec", str(spec), "--url", str(path)], check=True, capture_output=True, env=_env()
    )
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO events (id, kind, n) VALUES (?, ?, ?)",
            [(i, f"k{i % 7}", i) for i in range(1, rows + 1)],
        )


def _expected(rows: int, log: Path) -> dict[int, tuple[str, int]]:
    """The rows after the writer's acknowledged operations, applied in order to the seeded rows."""
    state = {i: (f"k{i % 7}", i) for i in range(1, rows + 1)}
    for line in log.read_text().splitlines():
        op, key, value = json.loads(line)
        if op == "insert":
            state[key] = ("w", value)
        elif op == "update" and key in state:
            state[key] = (state[key][0], value)
        elif op == "delete":
            state.pop(key, None)
    return state


def _rows(db_url: str, token: str | None) -> dict[int, tuple[str, int]]:
    with open_target(parse_url(db_url), token, 30.0, create=False) as db:
        return {int(r[0]): (str(r[1]), int(r[2])) for r in db.query("SELECT id, kind, n FROM events")}  # type: ignore[arg-type]


def _online_push(spec: Path, url: str, token: str | None, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [*PUSH, "--spec", str(spec), "--url", url, "--online", "--chunk-rows", "2000", *extra]
    if token:
        args += ["--token", token]
    return subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=300)


def _under_writes(url: str, token: str | None, tmp_path: Path, rows: int, *extra: str) -> None:
    head = tmp_path / "head.yaml"
    head.write_text(HEAD)
    log = tmp_path / "writes.jsonl"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, token or "", str(log), "4", str(rows)], env=_env()
    )
    time.sleep(0.5)
    pushed = _online_push(head, url, token, *extra)
    assert writer.wait(60) == 0
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert "rebuilt events online" in pushed.stdout and "the swap held the write lock for" in pushed.stdout
    lines = log.read_text().splitlines()
    done = json.loads(lines[-1])
    assert done[0] == "done" and done[2] > 20  # the app kept writing during the copy
    log.write_text("\n".join(lines[:-1]) + "\n")
    assert _rows(url, token) == _expected(rows, log)
    plan = subprocess.run(
        [sys.executable, "-m", "generator", "plan", "--spec", str(head), "--url", url, "--check"]
        + (["--token", token] if token else []),
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert plan.returncode == 0, plan.stdout


@pytest.mark.parametrize("extra", [(), ("--keep-indexes",)])
def test_online_rebuild_of_a_file_under_steady_writes_keeps_every_acknowledged_write(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    db = tmp_path / "app.db"
    _seed_file(db, 200_000)
    _under_writes(str(db), None, tmp_path, 200_000, *extra)
    with sqlite3.connect(db) as conn:  # the index is there, under its name, and serves lookups
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM events WHERE kind = 'k1'").fetchall()
        assert "USING COVERING INDEX events_kind" in str(plan)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_online_rebuild_on_sqld_under_steady_writes_keeps_every_acknowledged_write(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    url, token = sqld_fresh.url, sqld_fresh.tokens.rw
    base = tmp_path / "base.yaml"
    base.write_text(BASE)
    seeded = subprocess.run(
        [*PUSH, "--spec", str(base), "--url", url, "--token", token], capture_output=True, env=_env()
    )
    assert seeded.returncode == 0, seeded.stderr
    rows = 20_000
    with open_target(parse_url(url), token, 60.0, create=False) as conn:
        for start in range(1, rows + 1, 5_000):
            values = ", ".join(f"({i}, 'k{i % 7}', {i})" for i in range(start, start + 5_000))
            conn.apply([f"INSERT INTO events (id, kind, n) VALUES {values}"])
    _under_writes(url, token, tmp_path, rows, "--keep-indexes")


def _offline_copy(source: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """The schema an offline rebuild of the same rows ends with (sqlite_schema rows)."""
    copy = tmp_path / "offline.db"
    copy.write_bytes(source.read_bytes())
    head = tmp_path / "head.yaml"
    subprocess.run(
        [*PUSH, "--spec", str(head), "--url", str(copy)], check=True, capture_output=True, env=_env()
    )
    with sqlite3.connect(copy) as conn:
        return conn.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()


def test_a_push_killed_at_any_moment_leaves_the_old_table_and_a_rerun_finishes(tmp_path: Path) -> None:
    rows = 6_000
    seed = tmp_path / "seed.db"
    _seed_file(seed, rows)
    (tmp_path / "head.yaml").write_text(HEAD)
    with sqlite3.connect(seed) as conn:
        before = conn.execute("SELECT id, kind, n FROM events ORDER BY id").fetchall()
    offline = _offline_copy(seed, tmp_path)
    expected = before
    for moment in range(20):
        db = tmp_path / f"killed{moment}.db"
        db.write_bytes(seed.read_bytes())
        args = [*PUSH, "--spec", str(tmp_path / "head.yaml"), "--url", str(db), "--online"]
        moved = ["--keep-indexes"] if moment % 2 else []
        proc = subprocess.Popen([*args, *moved, "--chunk-rows", "300", "--chunk-pause", "0.01"], env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(0.3 + moment * 0.06)  # start-up, setup, the copy, the swap, after it
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            rows_now = conn.execute("SELECT id, kind, n FROM events ORDER BY id").fetchall()
            assert rows_now == before, moment  # the old table whole, or the swap committed (same rows)
        again = _online_push(
            tmp_path / "head.yaml", str(db), None, *(["--keep-indexes"] if moment % 3 else [])
        )
        assert again.returncode == 0, again.stdout + again.stderr
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT id, kind, n FROM events ORDER BY id").fetchall() == expected, moment
            schema = conn.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()
        assert schema == offline, moment


def test_plan_reports_the_leftovers_of_an_interrupted_online_rebuild_and_push_removes_them(
    tmp_path: Path,
) -> None:
    db = tmp_path / "app.db"
    _seed_file(db, 100)
    head = tmp_path / "head.yaml"
    head.write_text(HEAD)
    with sqlite3.connect(db) as conn:  # what a run killed after its setup leaves
        conn.execute(
            'CREATE TABLE "_schemagen_new_events" (id integer PRIMARY KEY NOT NULL, kind text, n integer)'
        )
        conn.execute(
            'CREATE TRIGGER "_schemagen_online_events_ins" AFTER INSERT ON events BEGIN '
            'INSERT INTO "_schemagen_new_events" (id, kind, n) VALUES (NEW.id, NEW.kind, NEW.n); END'
        )
    base = tmp_path / "base.yaml"
    plan = subprocess.run(
        [sys.executable, "-m", "generator", "plan", "--spec", str(base), "--url", str(db), "--check"],
        capture_output=True, text=True, env=_env(),
    )  # fmt: skip
    assert plan.returncode == 1
    assert (
        "remove what an interrupted online rebuild left (table _schemagen_new_events, trigger " in plan.stdout
    )
    pushed = subprocess.run(
        [*PUSH, "--spec", str(base), "--url", str(db)], capture_output=True, text=True, env=_env()
    )
    assert pushed.returncode == 0, pushed.stderr
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE name LIKE '_schemagen%'")]
        assert names == [] and conn.execute("SELECT count(*) FROM events").fetchone() == (100,)


def test_online_is_refused_when_the_rows_change_their_key(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    _seed_file(db, 10)
    head = tmp_path / "head.yaml"
    head.write_text(BASE.replace("    columns:\n", "    without_rowid: true\n    columns:\n", 1))
    pushed = _online_push(head, str(db), None)
    assert pushed.returncode == 1
    assert (
        "refused: cannot rebuild online, nothing was changed:\n  events: its rows change their key"
        in pushed.stderr
    )


@pytest.mark.parametrize("chunk", ["1", "7", "5000"])
def test_online_copy_ranges_cover_every_row_whatever_the_chunk(tmp_path: Path, chunk: str) -> None:
    db = tmp_path / "app.db"
    _seed_file(db, 300)
    with sqlite3.connect(db) as conn:  # gaps and negative rowids
        conn.execute("DELETE FROM events WHERE id % 5 = 0")
        conn.execute("INSERT INTO events (id, kind, n) VALUES (-7, 'neg', 1), (9000000000, 'big', 2)")
        before = conn.execute("SELECT id, kind, n FROM events ORDER BY id").fetchall()
    head = tmp_path / "head.yaml"
    head.write_text(HEAD)
    args = [*PUSH, "--spec", str(head), "--url", str(db), "--online", "--chunk-rows", chunk]
    pushed = subprocess.run([*args, "--chunk-pause", "0"], capture_output=True, text=True, env=_env())
    assert pushed.returncode == 0, pushed.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, kind, n FROM events ORDER BY id").fetchall() == before


def test_plan_counts_the_rows_a_rebuild_copies_and_proposes_online_for_a_big_table(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    _seed_file(db, 120_000)
    head = tmp_path / "head.yaml"
    head.write_text(HEAD)
    plan = subprocess.run(
        [sys.executable, "-m", "generator", "plan", "--spec", str(head), "--url", str(db)],
        capture_output=True, text=True, env=_env(),
    )  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    line = next(x for x in plan.stdout.splitlines() if x.startswith("rebuild events: "))
    assert line.startswith(
        "rebuild events: 120,000 rows copied inside the transaction: the app's writes wait"
    )
    assert "`schemagen push --online` copies them while the app writes" in line


def test_sqld_killed_during_the_copy_keeps_the_old_table_and_a_rerun_finishes(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    url, token = sqld_fresh.url, sqld_fresh.tokens.rw
    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(BASE)
    head.write_text(HEAD)
    assert (
        subprocess.run([*PUSH, "--spec", str(base), "--url", url, "--token", token], env=_env()).returncode
        == 0
    )
    rows = 30_000
    with open_target(parse_url(url), token, 60.0, create=False) as db:
        db.apply(
            [
                (
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
                    "INSERT INTO events (id, kind, n) SELECT x, 'k' || (x % 7), x FROM c",
                    (rows,),
                )
            ]
        )
    expected = {i: (f"k{i % 7}", i) for i in range(1, rows + 1)}
    for delay in (0.8, 1.6):
        args = [*PUSH, "--spec", str(head), "--url", url, "--token", token, "--online", "--chunk-rows", "500"]
        proc = subprocess.Popen(args, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        sqld_fresh.kill()  # the server dies mid-copy: no chance to flush or clean up
        proc.wait(60)
        sqld_fresh.start()
        assert _rows(url, token) == expected  # the old table (or, past the swap, the new one) holds every row
    again = _online_push(head, url, token)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _rows(url, token) == expected
    with open_target(parse_url(url), token, 60.0, create=False) as db:
        assert db.query("SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_schemagen%' ESCAPE '\\'") == [
            (0,)
        ]
        assert db.query("PRAGMA integrity_check") == [("ok",)]


def test_two_online_pushes_at_once_apply_exactly_once(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    _seed_file(db, 20_000)
    head = tmp_path / "head.yaml"
    head.write_text(HEAD)
    args = [*PUSH, "--spec", str(head), "--url", str(db), "--online", "--chunk-rows", "1000"]
    procs = [
        subprocess.Popen(args, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    applied = [out for out, _err in outs if "rebuilt events online" in out]
    assert len(applied) == 1, outs  # the other re-planned to nothing (or found the work done)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), sum(n) FROM events").fetchone() == (
            20_000,
            sum(range(1, 20_001)),
        )
        assert conn.execute(
            "SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_schemagen%' ESCAPE '\\'"
        ).fetchone() == (0,)


def test_on_a_terminal_the_copy_shows_a_progress_line_and_in_a_pipe_nothing(tmp_path: Path) -> None:
    import pty

    db = tmp_path / "app.db"
    _seed_file(db, 5_000)
    head = tmp_path / "head.yaml"
    head.write_text(HEAD)
    primary, secondary = pty.openpty()
    args = [
        *PUSH,
        "--spec",
        str(head),
        "--url",
        str(db),
        "--online",
        "--chunk-rows",
        "1000",
        "--chunk-pause",
        "0",
    ]
    env = {k: v for k, v in _env().items() if k != "NO_COLOR"}
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=secondary, env=env, text=True, timeout=120)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert done.returncode == 0
    assert b"\rcopying events: 5,000 of 5,000 rows (100%)" in seen
    assert "copying events" not in done.stdout and "\r" not in done.stdout


def test_format_json_carries_the_copys_progress_and_the_swap(tmp_path: Path) -> None:
    from importlib import resources

    import jsonschema

    db = tmp_path / "app.db"
    _seed_file(db, 3_000)
    head = tmp_path / "head.yaml"
    head.write_text(HEAD)
    args = [
        *PUSH,
        "--spec",
        str(head),
        "--url",
        str(db),
        "--online",
        "--chunk-rows",
        "1000",
        "--format",
        "json",
    ]
    done = subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stderr.splitlines()]
    assert events and all(e["event"] == "copying" and e["table"] == "events" for e in events)
    assert events[-1]["copied"] == events[-1]["total"] == 3_000
    report = json.loads(done.stdout)
    schema = json.loads(resources.files("generator.cli.formats").joinpath("push.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert report["online"]["resumed"] == [] and report["online"]["swap_seconds"] >= 0
