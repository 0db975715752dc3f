"""Output for people and for scripts: colour on a terminal, plain text in a pipe or under NO_COLOR."""

from __future__ import annotations

import os
import pty
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ESCAPE = re.compile(r"\x1b\[")
BOX = re.compile(r"[\u2500-\u257f]")  # box drawing
SPEC = """\
version: 1
tables:
  notes:
    columns:
      id: {type: integer, primary_key: true}
      status: {type: text, not_null: true, enum: {values: [open, done]}}
"""


def _project(tmp_path: Path, *, legacy: bool = True) -> Path:
    """A database whose plan drops a column (destructive) unless not `legacy`, and adds a CHECK two
    rows break (data-dependent)."""
    (tmp_path / "spec.yaml").write_text(SPEC)
    db = tmp_path / "app.db"
    conn = sqlite3.connect(db)
    extra = ", legacy TEXT" if legacy else ""
    conn.execute(f"CREATE TABLE notes (id INTEGER PRIMARY KEY, status TEXT NOT NULL{extra})")
    conn.executemany(
        "INSERT INTO notes (id, status) VALUES (?, ?)", [(1, "open"), (2, "weird"), (3, "weird")]
    )
    conn.commit()
    conn.close()
    return db


def _on_a_terminal(args: list[str], cwd: Path, **env: str) -> str:
    """Run schemagen with stdout and stderr on a pseudo-terminal; what it wrote there (read as it is
    written: a full terminal buffer would stop the process)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm-256color", **env},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=120) in (0, 1)
    return b"".join(chunks).decode("utf-8", "replace")


def test_risk_is_coloured_on_a_terminal(tmp_path: Path) -> None:
    db = _project(tmp_path)
    out = _on_a_terminal(["plan", "--spec", "spec.yaml", "--url", str(db)], tmp_path, NO_COLOR="")
    assert "\x1b[1;31m[destructive]\x1b[0m" in out
    assert "\x1b[1;31mneeds --allow-destructive\x1b[0m:" in out
    other = tmp_path / "other"
    other.mkdir()
    db = _project(other, legacy=False)
    out = _on_a_terminal(["plan", "--spec", "spec.yaml", "--url", str(db)], other, NO_COLOR="")
    assert "\x1b[33m[data-dependent]\x1b[0m" in out and "\x1b[33mwould be refused\x1b[0m:" in out


def test_no_color_on_a_terminal_is_plain(tmp_path: Path) -> None:
    db = _project(tmp_path)
    out = _on_a_terminal(["plan", "--spec", "spec.yaml", "--url", str(db)], tmp_path, NO_COLOR="1")
    assert "[destructive]" in out and not ESCAPE.search(out)


@pytest.mark.parametrize("command", ["plan", "audit", "push"])
def test_a_pipe_gets_plain_text(tmp_path: Path, command: str) -> None:
    db = _project(tmp_path)
    ran = cli(command, "--spec", "spec.yaml", "--url", str(db), cwd=tmp_path, process=True)
    text = ran.stdout + ran.stderr
    assert text and not ESCAPE.search(text) and not BOX.search(text)
    assert all(line == line.rstrip() for line in text.splitlines()), text
    assert "(s)" not in text


def test_piped_audit_names_each_finding_on_one_line(tmp_path: Path) -> None:
    db = _project(tmp_path)
    ran = cli("audit", "--spec", "spec.yaml", "--url", str(db), cwd=tmp_path, process=True)
    assert ran.exit_code == 1
    lines = ran.stdout.splitlines()
    assert lines[0] == "notes: 3 rows"
    assert any(line.startswith("  error: status: ") and "2 rows" in line for line in lines), lines
    assert re.fullmatch(r".*: \d+ error findings?, \d+ warning findings?", lines[-1])


def test_audit_on_a_terminal_is_a_coloured_table(tmp_path: Path) -> None:
    db = _project(tmp_path)
    out = _on_a_terminal(["audit", "--spec", "spec.yaml", "--url", str(db)], tmp_path, NO_COLOR="")
    assert BOX.search(out) and "\x1b[1;31merror" in out


def test_a_long_import_shows_counts_and_rate(tmp_path: Path) -> None:
    import json

    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "rows.json").write_text(json.dumps([{"id": i, "status": "open"} for i in range(1, 30_001)]))
    assert cli("push", "--spec", "spec.yaml", "--url", "app.db", cwd=tmp_path).exit_code == 0
    out = _on_a_terminal(["import", "notes", "rows.json", "--spec", "spec.yaml", "--url", "app.db"], tmp_path)
    plain = ESCAPE.sub("", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out))
    assert re.search(r"notes: \w+ .*\d+/(\d+|\?) .*[\d,]+ rows/s", plain), plain[-2000:]


def test_import_names_rows_from_1_by_their_unique_columns(tmp_path: Path) -> None:
    """No key in the input: the row is named by the table's UNIQUE columns, not by its first reference."""
    import json

    (tmp_path / "spec.yaml").write_text(
        "version: 1\ntables:\n  projects:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "  issues:\n    columns:\n"
        "      project_id: {type: integer, not_null: true, references: {table: projects}}\n"
        "      number: {type: integer, not_null: true}\n      title: {type: text, not_null: true}\n"
        "    unique: [[project_id, number]]\n"
    )
    rows = [{"project_id": 1, "number": n, "title": "t"} for n in (5, 6)] + [{"project_id": 1, "number": 7}]
    (tmp_path / "issues.json").write_text(json.dumps(rows))
    assert cli("push", "--spec", "spec.yaml", "--url", "app.db", cwd=tmp_path).exit_code == 0
    conn = sqlite3.connect(tmp_path / "app.db")
    conn.execute("INSERT INTO projects (id) VALUES (1)")
    conn.commit()
    conn.close()
    ran = cli("import", "issues", "issues.json", "--spec", "spec.yaml", "--url", "app.db", cwd=tmp_path)
    assert ran.exit_code == 1
    assert ran.stderr.startswith("issues.json:1: row 3 (project_id=1, number=7): title: is required"), (
        ran.stderr
    )


def test_export_of_a_view_says_it_is_a_view_and_exports_it(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC + "views:\n  open_notes:\n    sql: SELECT id FROM notes\n")
    assert cli("push", "--spec", "spec.yaml", "--url", "app.db", cwd=tmp_path).exit_code == 0
    ran = cli("export", "open_notes", "--spec", "spec.yaml", "--url", "app.db", cwd=tmp_path)
    assert ran.exit_code == 0 and ran.stdout == "[]\n"
    assert ran.stderr.startswith("open_notes (a view, read-only): 0 rows from "), ran.stderr
