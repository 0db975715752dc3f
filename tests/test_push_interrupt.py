"""Ctrl-C during a push's rebuild says that nothing was changed, and nothing was (issue 20, item 5)."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from pathlib import Path

import pytest

from generator.db import connect
from generator.migrate.apply import PushInterrupted, apply_plan
from generator.migrate.plan import plan_migration
from generator.spec import load_spec
from generator.sqlite.ddl import schema_statements

BEFORE = """version: 1
tables:
  big:
    columns:
      id: {type: integer, primary_key: true}
      label: {type: text}
"""
AFTER = BEFORE.replace("label: {type: text}", "label: {type: text, not_null: true, default: ''}")


@pytest.mark.usefixtures("real_ctrl_c")
def test_ctrl_c_during_a_rebuild_changes_nothing(tmp_path: Path) -> None:
    before, after = load_spec("b.yaml", text=BEFORE), load_spec("a.yaml", text=AFTER)
    plan = plan_migration(before, after)
    assert any(step.rebuild for step in plan.steps)
    path = tmp_path / "app.db"
    with connect(f"file:{path}", create=True) as db:
        db.apply(schema_statements(before))
    with sqlite3.connect(path) as conn:
        conn.execute(
            "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1500000) "
            "INSERT INTO big SELECT i, 'row ' || i FROM c"
        )
    schema_before = sqlite3.connect(path).execute("SELECT sql FROM sqlite_schema").fetchall()
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    with connect(f"file:{path}") as db, pytest.raises(PushInterrupted) as stopped:
        timer.start()
        try:
            apply_plan(db, plan)
        finally:
            timer.join()
    assert "interrupted: nothing was changed" in str(stopped.value) and stopped.value.exit_code == 130
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT sql FROM sqlite_schema").fetchall() == schema_before
    assert conn.execute("SELECT count(*) FROM big").fetchone() == (1500000,)
