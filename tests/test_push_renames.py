"""What push says and asks about renames, destructive counts and big rebuilds, through the real CLI.

A likely rename nobody declared is asked on a terminal (a pseudo-terminal here, as drizzle-kit asks) and
never guessed: yes renames it (the values kept), no leaves the destructive plan to the usual guard. Off a
terminal the guard decides and the hint says how to declare the rename.
"""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers.cli import ROOT, cli

from generator.migrate.push import Outcome, PushOptions, push_spec
from generator.spec import load_spec

BEFORE = """\
version: 1
tables:
  audit_log:
    columns:
      id: {type: integer, primary_key: true}
      at: {type: text}
      actor: {type: text}
"""
AFTER = BEFORE.replace("at: {type: text}", "occurred_at: {type: text}")


def _seeded(tmp_path: Path) -> tuple[str, Path]:
    url = str(tmp_path / "app.db")
    (tmp_path / "before.yaml").write_text(BEFORE)
    (tmp_path / "after.yaml").write_text(AFTER)
    assert cli("push", "--spec", str(tmp_path / "before.yaml"), "--url", url).exit_code == 0
    with sqlite3.connect(url) as conn:
        conn.executemany(
            "INSERT INTO audit_log VALUES (?, ?, ?)", [(1, "2024-01-01", "ann"), (2, None, "bob")]
        )
    return url, tmp_path / "after.yaml"


def _on_terminal(args: list[str], answers: list[str], timeout: float = 30) -> tuple[int, str]:
    """Run `schemagen ARGS` with a pseudo-terminal as stdin and stdout; answer each `[y/N]` in turn."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", *args], stdin=child, stdout=child, stderr=child, cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    os.close(child)
    seen, pending, deadline = b"", list(answers), time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if pending and seen.count(b"[y/N]") > len(answers) - len(pending):
                os.write(main, (pending.pop(0) + "\n").encode())
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(main)
    return proc.returncode, seen.decode("utf-8", "replace").replace("\r\n", "\n")


def test_a_terminal_push_asks_about_a_likely_rename_and_yes_keeps_the_values(tmp_path: Path) -> None:
    url, after = _seeded(tmp_path)
    code, out = _on_terminal(["push", "--spec", str(after), "--url", url], ["y"])
    assert "is `occurred_at` a rename of `at` (table audit_log)? [y/N]" in out
    assert code == 0, out
    assert "declare it in the spec so every database renames it: `renamed_from: at` on " in out
    with sqlite3.connect(url) as conn:
        assert conn.execute("SELECT id, occurred_at, actor FROM audit_log ORDER BY id").fetchall() == [
            (1, "2024-01-01", "ann"),
            (2, None, "bob"),
        ]
    assert cli("plan", "--spec", str(after), "--url", url, "--check").exit_code == 0


def test_a_terminal_push_answered_no_is_left_to_the_destructive_guard(tmp_path: Path) -> None:
    url, after = _seeded(tmp_path)
    code, out = _on_terminal(["push", "--spec", str(after), "--url", url], ["n"])
    assert code == 1, out
    assert "needs --allow-destructive: drop column audit_log.at" in out
    assert "[destroys 1 non-NULL value]" in out
    with sqlite3.connect(url) as conn:
        assert conn.execute("SELECT at FROM audit_log ORDER BY id").fetchall() == [("2024-01-01",), (None,)]


def test_off_a_terminal_push_never_guesses_and_says_how_to_declare_it(tmp_path: Path) -> None:
    url, after = _seeded(tmp_path)
    refused = cli("push", "--spec", str(after), "--url", url)
    assert refused.exit_code == 1
    hint = (
        "possible rename: column audit_log.at -> occurred_at (same type and constraints): if it is one, "
        "declare `renamed_from: at` on tables.audit_log.columns.occurred_at in the spec"
    )
    assert hint in refused.stdout and hint in refused.stderr
    assert "is `occurred_at` a rename" not in refused.output
    plan = cli("plan", "--spec", str(after), "--url", url)
    assert hint in plan.stdout
    # Declared, it is a rename; pushed with the destructive flag instead, the guard's answer stands.
    after.write_text(
        AFTER.replace("occurred_at: {type: text}", "occurred_at: {type: text, renamed_from: at}")
    )
    assert cli("push", "--spec", str(after), "--url", url).exit_code == 0
    with sqlite3.connect(url) as conn:
        assert conn.execute("SELECT occurred_at FROM audit_log ORDER BY id").fetchall() == [
            ("2024-01-01",),
            (None,),
        ]


def test_the_library_asks_through_the_options_value(tmp_path: Path) -> None:
    url, after = _seeded(tmp_path)
    asked: list[str] = []

    def ask(hint: object) -> bool:
        asked.append(hint.question)  # type: ignore[attr-defined]
        return True

    report = push_spec(load_spec(after), url, None, PushOptions(write=True, ask_rename=ask))
    assert report.outcome is Outcome.APPLIED and asked == [
        "is `occurred_at` a rename of `at` (table audit_log)?"
    ]
    assert [s.kind for s in report.plan.steps] == ["rename_column"]


def test_counts_and_big_rebuilds_are_shown_and_in_the_json_form(tmp_path: Path) -> None:
    url = str(tmp_path / "big.db")
    spec = tmp_path / "v1.yaml"
    spec.write_text(
        "version: 1\ntables:\n  events:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      kind: {type: text}\n      legacy: {type: text}\n  old_notes:\n    columns:\n"
        "      id: {type: integer, primary_key: true}\n"
    )
    assert cli("push", "--spec", str(spec), "--url", url).exit_code == 0
    with sqlite3.connect(url) as conn:
        conn.execute(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 150000) "
            "INSERT INTO events SELECT x, 'k', CASE WHEN x % 3 = 0 THEN 'old' END FROM n"
        )
        conn.executemany("INSERT INTO old_notes VALUES (?)", [(1,), (2,), (3,)])
    v2 = tmp_path / "v2.yaml"
    v2.write_text(
        "version: 1\ntables:\n  events:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      kind: {type: text, not_null: true, default: k}\n"
    )
    plan = cli("plan", "--spec", str(v2), "--url", url)
    assert "[destroys 50,000 non-NULL values]" in plan.stdout
    assert "drop table old_notes (1 columns, all rows) [destroys 3 rows]" in plan.stdout
    assert "rebuild events: 150,000 rows copied inside the transaction: the app's writes wait" in plan.stdout
    report = push_spec(load_spec(v2), url, None, PushOptions())
    data = json.loads(json.dumps(report.to_dict()))
    destroys = [d for s in data["steps"] for d in s["destroys"]]
    assert {"table": "old_notes", "column": None, "count": 3} in destroys
    assert {"table": "events", "column": "legacy", "count": 50000} in destroys
    assert data["rebuilt_rows"] == {"events": 150000}


def test_a_spec_may_drop_every_table(tmp_path: Path) -> None:
    url, _after = _seeded(tmp_path)
    empty = tmp_path / "empty.yaml"
    empty.write_text("version: 1\ntables: {}\n")
    assert cli("push", "--spec", str(empty), "--url", url).exit_code == 1
    assert cli("push", "--spec", str(empty), "--url", url, "--allow-destructive").exit_code == 0
    with sqlite3.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_schema").fetchone() == (0,)
    assert cli("plan", "--spec", str(empty), "--url", url, "--check").exit_code == 0


def test_a_likely_table_rename_answered_yes_renames_the_table(tmp_path: Path) -> None:
    url = str(tmp_path / "t.db")
    before = (
        "version: 1\ntables:\n  user_accounts:\n    columns:\n      id: {type: integer, primary_key: true}\n"
    )
    (tmp_path / "b.yaml").write_text(before)
    (tmp_path / "a.yaml").write_text(before.replace("user_accounts", "users"))
    assert push_spec(load_spec(tmp_path / "b.yaml"), url, None, PushOptions(write=True)).exit_code == 0
    with sqlite3.connect(url) as conn:
        conn.executemany("INSERT INTO user_accounts VALUES (?)", [(1,), (2,)])
    questions: list[str] = []
    options = PushOptions(write=True, ask_rename=lambda hint: questions.append(hint.question) or True)
    report = push_spec(load_spec(tmp_path / "a.yaml"), url, None, options)
    assert questions == ["is `users` a rename of `user_accounts`?"]
    assert report.outcome is Outcome.APPLIED and [s.kind for s in report.plan.steps] == ["rename_table"]
    with sqlite3.connect(url) as conn:
        assert conn.execute("SELECT id FROM users ORDER BY id").fetchall() == [(1,), (2,)]


def test_a_renamed_table_that_is_rebuilt_is_counted_under_its_old_name(tmp_path: Path) -> None:
    url = str(tmp_path / "r.db")
    key = "      id: {type: integer, primary_key: true}\n"
    before = f"version: 1\ntables:\n  t:\n    columns:\n{key}      a: {{type: text}}\n"
    after = (
        f"version: 1\ntables:\n  t2:\n    renamed_from: t\n    columns:\n{key}"
        "      b: {type: integer, not_null: true, default: 0, renamed_from: a}\n"
    )
    (tmp_path / "b.yaml").write_text(before)
    (tmp_path / "a.yaml").write_text(after)
    assert push_spec(load_spec(tmp_path / "b.yaml"), url, None, PushOptions(write=True)).exit_code == 0
    with sqlite3.connect(url) as conn:
        conn.executemany("INSERT INTO t VALUES (?, ?)", [(1, "7"), (2, None)])
    planned = push_spec(load_spec(tmp_path / "a.yaml"), url, None, PushOptions())
    assert planned.rows == {"t2": 2} and planned.plan.rebuilds == ("t2",)
    assert [v.message() for v in planned.violations] == ["t2: 1 row would violate NOT NULL on b (e.g. 2)"]
