"""`import --lock-timeout`: another writer's lock is waited for (as push does), as long as the flag says."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
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


@contextlib.contextmanager
def _locked(db: Path, seconds: float) -> Iterator[None]:
    """Another writer holds `db`'s write lock for `seconds`, from before the body until it lets go."""
    taken = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait()
    try:
        yield
    finally:
        holder.join()


def _import(tmp_path: Path, db: Path, rows: Path, lock_timeout: str) -> tuple[int, str, str]:
    args = ("import", "notes", str(rows), "--spec", str(tmp_path / "s.yaml"), "--url", f"file:{db}")
    code, out, err = cli(*args, "--timeout", "0.1", "--lock-timeout", lock_timeout)
    return code, out, err


def test_a_short_lock_timeout_gives_up_and_says_nothing_was_written(tmp_path: Path) -> None:
    db, rows = _project(tmp_path)
    with _locked(db, 3.0):
        started = time.monotonic()
        code, _out, err = _import(tmp_path, db, rows, "0.3")
        took = time.monotonic() - started
    assert code == 2 and "database is locked" in err and "nothing was written" in err, err
    assert "another writer held the lock: gave up after" in err and "--lock-timeout" in err
    assert took < 2.5  # gave up long before the other writer let go
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)


def test_a_long_enough_lock_timeout_waits_and_writes_everything(tmp_path: Path) -> None:
    db, rows = _project(tmp_path)
    with _locked(db, 0.6):
        code, out, err = _import(tmp_path, db, rows, "10")
    assert (code, err) == (0, ""), err
    assert "100 new" in out, out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (100,)
