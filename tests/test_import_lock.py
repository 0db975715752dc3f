"""`import --lock-timeout`: another writer's lock is waited for (as push does), as long as the flag says."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from helpers.cli import cli

SPEC = """version: 1
tables:
  notes:
    columns:
      id: {type: integer, primary_key: true}
      body: {type: text}
"""


def _project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "s.yaml").write_text(SPEC)
    db = tmp_path / "app.db"
    assert cli("push", "--spec", str(tmp_path / "s.yaml"), "--url", f"file:{db}").exit_code == 0
    rows = tmp_path / "notes.json"
    rows.write_text(json.dumps([{"id": i, "body": f"n{i}"} for i in range(1, 101)]))
    return db, rows


def _hold_lock(db: Path, seconds: float, taken: threading.Event) -> None:
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    taken.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def _import(tmp_path: Path, db: Path, rows: Path, lock_timeout: str) -> tuple[int, str, str]:
    args = ("import", "notes", str(rows), "--spec", str(tmp_path / "s.yaml"), "--url", f"file:{db}")
    code, out, err = cli(*args, "--timeout", "0.1", "--lock-timeout", lock_timeout)
    return code, out, err


def test_a_short_lock_timeout_gives_up_and_says_nothing_was_written(tmp_path: Path) -> None:
    db, rows = _project(tmp_path)
    taken = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(db, 3.0, taken))
    holder.start()
    taken.wait()
    started = time.monotonic()
    code, _out, err = _import(tmp_path, db, rows, "0.3")
    took = time.monotonic() - started
    holder.join()
    assert code == 2 and "database is locked" in err and "nothing was written" in err, err
    assert "another writer held the lock: gave up after" in err and "--lock-timeout" in err
    assert took < 2.5  # gave up long before the other writer let go
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)


def test_a_long_enough_lock_timeout_waits_and_writes_everything(tmp_path: Path) -> None:
    db, rows = _project(tmp_path)
    taken = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(db, 0.6, taken))
    holder.start()
    taken.wait()
    code, out, err = _import(tmp_path, db, rows, "10")
    holder.join()
    assert (code, err) == (0, ""), err
    assert "100 new" in out, out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (100,)
