"""Pushes while the app writes: the write lock is taken first and a locked database is waited for.

A writer process inserts a row every 20 ms into the table being rebuilt (as an app would: a refused write
is retried, an acknowledged one is recorded); two rebuild pushes run meanwhile on the real sqld. Both must
succeed, and every row the writer saw acknowledged must be there afterwards. The retry helper itself is
tested with a clock of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers.sqld import SqldServer

from generator.db import connect
from generator.db.retry import LockedError, Waited, lock_timeout_setting, retry_locked
from generator.errors import DatabaseError
from generator.migrate.push import Outcome, PushOptions, push_spec
from generator.spec import load_spec

ROWS = int(os.environ.get("SCHEMAGEN_LIVE_ROWS", "60000"))

V1 = """\
version: 1
tables:
  events:
    columns:
      id: {type: integer, primary_key: true}
      body: {type: text}
      src: {type: text}
"""
V2 = V1.replace("body: {type: text}", "body: {type: text, not_null: true, default: ''}")
V3 = V2.replace("src: {type: text}", "src: {type: text, collate: NOCASE}")

WRITER = textwrap.dedent(
    """
    import json, sys, time
    from generator.db import connect
    from generator.db.retry import LockedError
    url, token, out, start = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    acked, refused, gaps, last = [], 0, [], time.monotonic()
    with connect(url, token) as db:
        n = start
        while True:
            try:
                with open(out + ".stop"):
                    break
            except FileNotFoundError:
                pass
            try:
                db.apply([("INSERT INTO events (id, body, src) VALUES (?, 'w', 'writer')", [n])])
            except LockedError:
                refused += 1
                time.sleep(0.005)
                continue
            now = time.monotonic()
            gaps.append(now - last)
            last = now
            acked.append((n, time.time()))
            n += 1
            time.sleep(0.02)
    with open(out, "w") as f:
        json.dump({"acked": acked, "refused": refused, "max_gap": max(gaps or [0])}, f)
    """
)


def _push(spec: str, server: SqldServer, tmp: Path, name: str) -> tuple[float, object]:
    path = tmp / name
    path.write_text(spec)
    started = time.monotonic()
    report = push_spec(
        load_spec(path), server.url, server.tokens.rw, PushOptions(write=True, lock_timeout=30)
    )
    assert report.outcome is Outcome.APPLIED, report.reason
    assert report.plan.rebuilds == ("events",)
    return time.monotonic() - started, report


def test_two_rebuild_pushes_succeed_while_a_writer_inserts_and_every_acknowledged_row_stays(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    server = sqld_fresh
    (tmp_path / "v1.yaml").write_text(V1)
    first = push_spec(load_spec(tmp_path / "v1.yaml"), server.url, server.tokens.rw, PushOptions(write=True))
    assert first.outcome is Outcome.APPLIED
    server.run(
        [
            f"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {ROWS}) "
            "INSERT INTO events (id, body, src) SELECT x, 'seed', 'seed' FROM n"
        ]
    )
    out = tmp_path / "writer.json"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, server.url, server.tokens.rw, str(out), str(ROWS + 1)],
        cwd=Path(__file__).parent.parent,
    )
    try:
        deadline = time.monotonic() + 60
        while not server.run([f"SELECT 1 FROM events WHERE id > {ROWS} LIMIT 1"])[0]:  # the writer writes
            assert time.monotonic() < deadline, "the writer never wrote"
            time.sleep(0.05)
        windows = []
        for spec, name in ((V2, "v2.yaml"), (V3, "v3.yaml")):
            started = time.time()
            took, report = _push(spec, server, tmp_path, name)
            windows.append((started, time.time(), took, report))
            time.sleep(0.5)
    finally:
        (tmp_path / "writer.json.stop").write_text("")
        writer.wait(timeout=60)
    assert writer.returncode == 0
    seen = json.loads(out.read_text())
    acked = [n for n, _at in seen["acked"]]
    times = [at for _n, at in seen["acked"]]
    for started, ended, _took, _report in windows:  # the writer wrote before and after each push
        assert any(t < started for t in times) and any(t > ended for t in times)
    rows = server.run([f"SELECT id FROM events WHERE id > {ROWS} ORDER BY id"])[0]
    assert [int(r[0]) for r in rows] == acked, "every acknowledged row is there, and no other"
    assert server.run(["SELECT count(*) FROM events WHERE src = 'seed'"])[0] == [(ROWS,)] or server.run(
        ["SELECT count(*) FROM events WHERE src = 'seed'"]
    )[0] == [(str(ROWS),)]
    took = " and ".join(f"{w[2]:.2f} s" for w in windows)
    waits = " ".join(str(w[3].lock_wait) for w in windows)  # type: ignore[attr-defined]
    print(
        f"\n{ROWS:,} rows: pushes took {took}; the writer's longest gap between acknowledged rows "
        f"{seen['max_gap']:.2f} s; {seen['refused']} refused attempts; push lock waits {waits}"
    )


def test_a_push_waits_for_a_held_lock_on_a_file_and_reports_the_wait(tmp_path: Path) -> None:
    """Another connection holds the write lock for a while: the push retries and gets through."""
    import sqlite3
    import threading

    url = str(tmp_path / "live.db")
    (tmp_path / "v1.yaml").write_text(V1)
    assert push_spec(load_spec(tmp_path / "v1.yaml"), url, None, PushOptions(write=True)).outcome is (
        Outcome.APPLIED
    )
    holder = sqlite3.connect(url, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.6, lambda: holder.execute("COMMIT")).start()
    (tmp_path / "v2.yaml").write_text(V2)
    options = PushOptions(write=True, timeout=0.1, lock_timeout=10)
    report = push_spec(load_spec(tmp_path / "v2.yaml"), url, None, options)
    assert report.outcome is Outcome.APPLIED, report.reason
    assert report.lock_wait.attempts > 1 and report.lock_wait.seconds >= 0.3


def test_a_push_gives_up_after_the_lock_timeout_saying_how_long_it_waited(tmp_path: Path) -> None:
    import sqlite3

    url = str(tmp_path / "held.db")
    (tmp_path / "v1.yaml").write_text(V1)
    push_spec(load_spec(tmp_path / "v1.yaml"), url, None, PushOptions(write=True))
    holder = sqlite3.connect(url, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    (tmp_path / "v2.yaml").write_text(V2)
    with pytest.raises(LockedError, match=r"gave up after \d+ attempts in [0-9.]+ s; --lock-timeout"):
        push_spec(
            load_spec(tmp_path / "v2.yaml"),
            url,
            None,
            PushOptions(write=True, timeout=0.05, lock_timeout=0.5),
        )
    holder.execute("ROLLBACK")
    with connect(url) as db:
        sql = str(db.query("SELECT sql FROM sqlite_schema WHERE name = 'events'")[0][0])
        assert '"body" text,' in sql, "nothing was changed"


def test_retry_backs_off_with_jitter_within_the_bound() -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    calls = [0]

    def action() -> str:
        calls[0] += 1
        if calls[0] < 6:
            raise LockedError("x: database is locked")
        return "done"

    result, waited = retry_locked(action, 5.0, sleep=sleep, clock=lambda: now[0])
    assert result == "done" and waited == Waited(sum(sleeps), 6)
    assert len(set(sleeps)) == len(sleeps), "jittered, growing delays"
    assert sleeps[0] <= 0.02 and max(sleeps) <= 0.5

    def never() -> str:
        raise LockedError("x: database is locked")

    now[0] = 0.0
    with pytest.raises(LockedError, match="gave up"):
        retry_locked(never, 1.0, sleep=sleep, clock=lambda: now[0])
    assert now[0] <= 1.0 + 1e-9, "never sleeps past the bound"

    def other() -> str:
        raise DatabaseError("x: no such table")

    with pytest.raises(DatabaseError, match="no such table"):
        retry_locked(other, 5.0, sleep=sleep, clock=lambda: now[0])


def test_a_batch_waits_on_while_its_own_import_commits() -> None:
    """An import's batches in flight take the one write lock from each other (SQLite's lock is not fair):
    a batch that loses it for longer than the timeout while its siblings commit is not blocked by another
    writer, and waits on; once nothing of the import commits for the timeout, it gives up."""
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    commits = [0]

    def starved() -> str:
        now[0] += 5.3  # the server's own wait for the lock, as sqld answers after 5 s
        commits[0] += 1  # meanwhile a sibling batch committed
        if commits[0] < 4:
            raise LockedError("x: database is locked")
        return "done"

    result, waited = retry_locked(starved, 5.0, sleep=sleep, clock=lambda: now[0], ours=lambda: commits[0])
    assert result == "done" and waited.attempts == 4 and waited.seconds > 15
    # Without the import's own count, the first 5.3 s wait was the end of it.
    commits[0] = 0
    with pytest.raises(LockedError, match=r"gave up after 1 attempt in 5\.3 s"):
        retry_locked(starved, 5.0, sleep=sleep, clock=lambda: now[0])

    def stalled() -> str:
        now[0] += 1.0
        raise LockedError("x: database is locked")  # and nothing of ours commits: another writer

    now[0] = 0.0
    with pytest.raises(LockedError, match="another writer held the lock: gave up"):
        retry_locked(stalled, 5.0, sleep=sleep, clock=lambda: now[0], ours=lambda: commits[0])
    assert 5.0 <= now[0] <= 6.0 + 1e-9


def test_lock_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCHEMAGEN_LOCK_TIMEOUT", raising=False)
    assert lock_timeout_setting(None) == 5.0 and lock_timeout_setting(2) == 2
    monkeypatch.setenv("SCHEMAGEN_LOCK_TIMEOUT", "12.5")
    assert lock_timeout_setting(None) == 12.5
    monkeypatch.setenv("SCHEMAGEN_LOCK_TIMEOUT", "soon")
    with pytest.raises(DatabaseError, match="SCHEMAGEN_LOCK_TIMEOUT"):
        lock_timeout_setting(None)
