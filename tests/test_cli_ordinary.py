"""Ordinary situations end normally: a reader that leaves the pipe early, data that looks like rich markup."""

from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers.cli import ROOT, cli
from helpers.terminal import drain

SPEC = """\
version: 1
name: m
tables:
  "[/x]":
    columns:
      id: {type: integer, primary_key: true}
      b: {type: text, enum: {values: [x]}}
"""


def _database(tmp_path: Path, rows: int = 1) -> tuple[Path, Path]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    db = tmp_path / "m.db"
    with sqlite3.connect(db) as conn:
        conn.execute('CREATE TABLE "[/x]" (id integer PRIMARY KEY, b text)')
        conn.executemany('INSERT INTO "[/x]" (b) VALUES (?)', [("[/b] [bold red]x[/bold red]",)] * rows)
    conn.close()
    return spec, db


def _head(args: list[str], cwd: Path, size: int = 10) -> tuple[int, bytes, bytes]:
    """`schemagen ARGS | head -c SIZE`: the reader takes a few bytes and closes the pipe."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(size)
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(timeout=60), first, err


def test_export_into_a_closed_pipe_ends_silently(tmp_path: Path) -> None:
    spec, db = _database(tmp_path, rows=50_000)
    code, first, err = _head(["export", "[/x]", "--spec", str(spec), "--url", str(db)], tmp_path)
    assert first
    assert (code, err) == (0, b"")


def test_plan_into_a_closed_pipe_ends_silently(tmp_path: Path) -> None:
    code, first, err = _head(
        ["plan", "--spec", str(ROOT / "spec/schema.yaml"), "--url", str(tmp_path / "x.db")], tmp_path
    )
    assert first
    assert (code, err) == (0, b"")


def test_audit_prints_database_text_as_text_not_markup(tmp_path: Path) -> None:
    spec, db = _database(tmp_path)
    ran = cli("audit", "--spec", str(spec), "--url", str(db))
    assert ran.exit_code == 1, ran.output
    assert "[/x]: 1 row" in ran.stdout
    assert "[/b] [bold red]x[/bold red]" in ran.stdout
    assert "internal error" not in ran.stderr


def test_inspect_on_a_terminal_shows_a_table_named_like_markup(tmp_path: Path) -> None:
    _spec, db = _database(tmp_path)
    # stderr is a terminal, so the progress bar draws each table's name.
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "inspect", "--url", str(db)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(follower)
    out, _ = proc.communicate(timeout=60)
    shown = drain(leader)
    assert b"internal error" not in shown, shown.decode(errors="replace")
    assert proc.returncode == 0, shown.decode(errors="replace")
    assert b"'[/x]':" in out


def test_messages_show_escape_sequences_from_the_database_instead_of_running_them(tmp_path: Path) -> None:
    spec, db = _database(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute('CREATE TABLE "\x1b]0;owned\x07\x1b[2J\rgone" (id integer)')
    conn.close()
    ran = cli("plan", "--spec", str(spec), "--url", str(db))
    assert "\\u001b]0;owned\\u0007\\u001b[2J\\u000dgone" in ran.output
    assert "\x1b" not in ran.output and "\r" not in ran.output
