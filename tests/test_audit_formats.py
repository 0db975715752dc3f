"""Audit's promises: timestamp formats are checked where the spec declares one, never guessed from names.

`audit_log.at` declares `format: date-time` and holds two formats: a warning with the counts. A column
named `created_at` that declares nothing is not checked. A `createdAt DATETIME` column that inspect finds
mixed gets the format most values keep proposed, and audit of the inspected spec then warns.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from helpers.cli import cli

from generator.data.audit import audit_database
from generator.data.validate import declared_format, timestamp_format
from generator.db import connect
from generator.spec import load_spec

SPEC = """\
version: 1
name: log
tables:
  audit_log:
    columns:
      id: {type: integer, primary_key: true}
      at: {type: text, format: date-time}
      created_at: {type: text}
      last_seen: {type: text}
      day: {type: DATE, format: date}
"""


def _database(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE audit_log "
            "(id integer PRIMARY KEY, at text, created_at text, last_seen text, day DATE)"
        )
        conn.executemany(
            "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?)",
            [
                (1, "2026-01-25T10:00:00.000Z", "2026-01-25 10:00:00", "yesterday", "2026-01-25"),
                (2, "2026-01-25 10:00:00", "2026-01-25T10:00:00Z", "2026-01-25", 20260125),
                (3, "2026-01-26T10:00:00Z", "soon", None, "2026-01-26"),
            ],
        )
    conn.close()
    return f"file:{path}"


def test_declared_formats_are_checked_and_names_mean_nothing(tmp_path: Path) -> None:
    schema = load_spec("log.yaml", text=SPEC)
    table = schema.table("audit_log")
    assert [declared_format(c) for c in table.columns] == ["", "date-time", "", "", "date"]
    with connect(_database(tmp_path / "log.db")) as db:
        report = audit_database(db, schema)
    found = {(f.column, f.check): f for t in report.tables for f in t.findings}
    at = found[("at", "timestamp-format")]
    assert (at.severity, at.count, at.examples) == ("warning", 1, ["2 (sqlite-datetime)"])
    assert at.message == "1 of 3 values are not date-time (date-time 2, sqlite-datetime 1)"
    day = found[("day", "timestamp-format")]
    assert day.message == "1 of 3 values are not date (date 2, integer 1)"
    assert ("created_at", "timestamp-format") not in found and ("last_seen", "timestamp-format") not in found
    assert report.clean  # warnings only


def test_value_formats() -> None:
    assert timestamp_format("2026-01-25T10:00:00.123Z") == "date-time"
    assert timestamp_format("2026-01-25T10:00:00+01:00") == "date-time"
    assert timestamp_format("2026-01-25 10:00:00") == "sqlite-datetime"
    assert timestamp_format("2026-01-25") == "date"
    assert timestamp_format("25/01/2026") == "other"


def test_what_inspect_flags_mixed_audit_then_reports(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:
        conn.execute('CREATE TABLE events (id integer PRIMARY KEY, "createdAt" DATETIME)')
        stamps = ["2026-01-25T10:00:00.000Z"] * 8 + ["2026-01-25 10:00:00"] * 3
        conn.executemany('INSERT INTO events ("createdAt") VALUES (?)', [(s,) for s in stamps])
    conn.close()
    inspected = cli("inspect", "--url", f"file:{path}", "--out", str(tmp_path / "spec.yaml"))
    assert inspected.exit_code == 0, inspected.output
    text = (tmp_path / "spec.yaml").read_text()
    assert "createdAt: {type: DATETIME, format: date-time}" in text, text
    spec = str(tmp_path / "spec.yaml")
    audited = cli("audit", "--url", f"file:{path}", "--spec", spec, "--format", "json")
    assert audited.exit_code == 0, audited.output  # a warning, not an error
    (finding,) = json.loads(audited.stdout)["tables"][0]["findings"]
    assert finding["message"] == "3 of 11 values are not date-time (date-time 8, sqlite-datetime 3)"
