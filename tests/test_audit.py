"""`schemagen audit`: every flaw of stored rows is found, counted per column with example keys."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer

from generator.data.audit import audit_database
from generator.data.importer import import_records
from generator.db import connect
from generator.spec import load_spec
from generator.sqlite.ddl import quote_identifier, schema_statements

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "schema.yaml"
SPEC = load_spec(SPEC_PATH)
# shared/ sits beside the repository (CI copies it next to its clone)
DATA = ROOT / "tests" / "data" / "reference"  # the real exports, copied from shared/reference/data


def lax_statements() -> list[str]:
    """The spec's tables with their declared types but no constraints: a legacy database can hold anything."""
    return [
        f"CREATE TABLE {quote_identifier(t.name)} ("
        + ", ".join(f"{quote_identifier(c.name)} {c.type}" for c in t.columns)
        + ")"
        for t in SPEC.tables
    ]


@pytest.fixture
def lax_db(tmp_path: Path) -> str:
    url = f"file:{tmp_path / 'legacy.db'}"
    with connect(url, create=True) as db:
        db.apply(lax_statements())
        import_records(db, SPEC, "questions", DATA / "questions/aws.json")
    return url


def execute(url: str, *statements: str) -> None:
    with sqlite3.connect(url.removeprefix("file:")) as conn:
        for sql in statements:
            conn.execute(sql)


def findings(report: Any, table: str) -> dict[tuple[str, str], Any]:
    audit = next(t for t in report.tables if t.table == table)
    return {(f.column, f.check): f for f in audit.findings}


def test_every_kind_of_flaw_is_reported(lax_db: str) -> None:
    execute(
        lax_db,
        "UPDATE questions SET tags = '[broken' WHERE id = 'gh-12'",
        "UPDATE questions SET companies = '{\"a\": 1}' WHERE id IN ('gh-13', 'gh-15')",
        "UPDATE questions SET difficulty = 'expert' WHERE id = 'gh-34'",
        "UPDATE questions SET answer = NULL WHERE id = 'gh-57'",
        "UPDATE questions SET relevance_score = 'high' WHERE id = 'gh-58'",
        "INSERT INTO channel_mappings VALUES (1, 'aws', 'ec2', 'nope'), (2, 'aws', 'ec2', 'gh-12')",
        "INSERT INTO question_history (id, question_id, question_type, event_type, event_source) "
        "VALUES (7, 'test-9', 'test', 'created', 'import')",
    )
    with connect(lax_db) as db:
        report = audit_database(db, SPEC, page_size=50)
    found = findings(report, "questions")
    assert found[("tags", "json-invalid")].examples == ["gh-12"]
    assert found[("tags", "json-invalid")].message.startswith("not valid JSON")
    shape = found[("companies", "json-shape")]
    assert (shape.count, shape.examples) == (2, ["gh-13", "gh-15"])
    assert shape.message == "{\"a\": 1} is not of type 'array'"  # JSON, never a Python repr
    assert found[("difficulty", "enum")].examples == ["gh-34"]
    assert found[("answer", "not-null")].message == "is NULL but the column is NOT NULL"
    assert found[("relevance_score", "type")].message == 'stored as text "high", expected integer'
    stamps = found[("created_at", "timestamp-format")]
    assert (stamps.severity, stamps.count) == ("warning", 26)
    assert stamps.message == "26 of 328 values are not date-time (date-time 302, sqlite-datetime 26)"
    assert next(t for t in report.tables if t.table == "questions").rows == 328
    fk = findings(report, "channel_mappings")[("question_id", "foreign-key")]
    assert (fk.severity, fk.count, fk.examples) == ("error", 1, ["1 -> nope"])
    logical = findings(report, "question_history")[("question_id", "logical-reference")]
    assert (logical.severity, logical.examples) == ("warning", ["7 -> test-9"])
    assert not report.clean and report.count("error") == 6


def test_cli_exit_codes_and_stable_json(lax_db: str) -> None:
    clean = cli("audit", "--url", lax_db, "--spec", str(SPEC_PATH), "--format", "json")
    assert clean.exit_code == 0, clean.output  # warnings only (mixed timestamps)
    data = json.loads(clean.stdout)
    assert data["clean"] is True and data["errors"] == 0 and data["warnings"] == 1
    assert [t["table"] for t in data["tables"]] == [t.name for t in SPEC.tables]
    execute(lax_db, "UPDATE questions SET status = 'archived' WHERE id = 'gh-12'")
    dirty = cli("audit", "--url", lax_db, "--spec", str(SPEC_PATH), "--format", "json")
    again = cli("audit", "--url", lax_db, "--spec", str(SPEC_PATH), "--format", "json")
    assert dirty.exit_code == 1 and dirty.stdout == again.stdout
    (questions,) = [t for t in json.loads(dirty.stdout)["tables"] if t["table"] == "questions"]
    assert questions["findings"][0] == {
        "column": "created_at",
        "check": "timestamp-format",
        "severity": "warning",
        "count": 26,
        "message": "26 of 328 values are not date-time (date-time 302, sqlite-datetime 26)",
        "examples": ["gh-12 (sqlite-datetime)", "gh-13 (sqlite-datetime)", "gh-15 (sqlite-datetime)"],
    }
    assert {"column": "status", "check": "enum", "count": 1, "examples": ["gh-12"]}.items() <= questions[
        "findings"
    ][1].items()
    text = cli("audit", "--url", lax_db, "--spec", str(SPEC_PATH), "--table", "questions")
    assert text.exit_code == 1 and "questions: 328 rows" in text.stdout and "status" in text.stdout
    assert "users" not in text.stdout


def test_missing_tables_and_columns(tmp_path: Path) -> None:
    url = f"file:{tmp_path / 'partial.db'}"
    execute(url, "CREATE TABLE users (id text, username text)")
    with connect(url) as db:
        report = audit_database(db, SPEC, tables=["users", "questions"])
    missing = findings(report, "users")[("password", "missing-column")]
    assert missing.severity == "warning" and "schemagen plan" in missing.message
    assert findings(report, "questions")[("", "missing-table")].severity == "error"


REVIEW_COLUMNS = ["review_status", "review_notes", "reviewed_at", "quality_score"]  # added by an old bot


def test_schema_drift_is_a_warning_and_rows_are_checked_on_shared_columns(lax_db: str) -> None:
    execute(
        lax_db,
        *(f"ALTER TABLE questions ADD COLUMN {name} text" for name in REVIEW_COLUMNS),
        "UPDATE questions SET review_status = 'bogus', difficulty = 'expert' WHERE id = 'gh-12'",
        # channel_mappings without its id and with a column of its own; users with no spec column at all
        "DROP TABLE channel_mappings",
        "CREATE TABLE channel_mappings (channel_id text, sub_channel text, question_id text, legacy integer)",
        "INSERT INTO channel_mappings VALUES ('aws', 'ec2', 'gh-12', 1), ('aws', 'ec2', 'nope', 2)",
        "DROP TABLE users",
        "CREATE TABLE users (login text)",
        "INSERT INTO users VALUES ('ann')",
    )
    with connect(lax_db) as db:
        report = audit_database(db, SPEC, tables=["users", "questions", "channel_mappings"])
    questions = findings(report, "questions")
    assert {col for col, check in questions if check == "extra-column"} == set(REVIEW_COLUMNS)
    extra = questions[("quality_score", "extra-column")]
    assert extra.severity == "warning"
    assert extra.message == "in the table, not in the spec: schema drift, see `schemagen plan`"
    assert questions[("difficulty", "enum")].examples == ["gh-12"]  # rows are still checked
    mappings = findings(report, "channel_mappings")
    assert {k for k in mappings if k[1] in ("extra-column", "missing-column")} == {
        ("id", "missing-column"),
        ("legacy", "extra-column"),
    }
    assert mappings[("question_id", "foreign-key")].examples == ["2 -> nope"]  # keyed by rowid
    users = findings(report, "users")
    assert set(users) == {
        ("id", "missing-column"),
        ("username", "missing-column"),
        ("password", "missing-column"),
        ("login", "extra-column"),
    }
    assert [t.rows for t in report.tables] == [1, 328, 2]
    assert report.count("error") == 2  # the enum and the dangling key; drift is warnings only


def test_schema_drift_in_json_and_text(lax_db: str) -> None:
    execute(lax_db, *(f"ALTER TABLE questions ADD COLUMN {name} text" for name in REVIEW_COLUMNS))
    args = ["audit", "--url", lax_db, "--spec", str(SPEC_PATH), "--table", "questions"]
    data = cli(*args, "--format", "json")
    assert data.exit_code == 0, data.output  # warnings only
    report = json.loads(data.stdout)
    assert report["warnings"] == 1 + len(REVIEW_COLUMNS) and report["clean"] is True
    drift = [f for f in report["tables"][0]["findings"] if f["check"] == "extra-column"]
    assert [f["column"] for f in drift] == sorted(REVIEW_COLUMNS)
    assert {f["severity"] for f in drift} == {"warning"}
    text = cli(*args)
    assert text.exit_code == 0, text.output
    lines = [line for line in text.stdout.splitlines() if "extra-column" in line]
    assert len(lines) == len(REVIEW_COLUMNS) and all("warning" in line for line in lines)
    assert "schemagen plan" in text.stdout


def test_audit_sqld_with_real_data_pages(sqld_fresh: SqldServer) -> None:
    with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
        db.apply(schema_statements(SPEC))
        import_records(db, SPEC, "questions", DATA / "questions/algorithms.json")
        import_records(db, SPEC, "bot_ledger", DATA / "bot-monitor.json", key="ledger")
        before = db.requests_sent
        report = audit_database(db, SPEC, tables=["questions", "bot_ledger"], page_size=100)
        assert db.requests_sent - before == 1 + 4 + 2  # columns, 4 question pages, 2 ledger pages
    assert [t.rows for t in report.tables] == [330, 100]
    assert report.clean
    stamps = findings(report, "questions")[("created_at", "timestamp-format")]
    # one record lacks createdAt: import fills it as the app would (an ISO timestamp)
    assert stamps.message == "30 of 330 values are not date-time (date-time 300, sqlite-datetime 30)"


def test_checks_of_the_spec_are_counted_on_stored_rows(tmp_path: Path) -> None:
    """A CHECK the live table lacks (an older table, written before the spec gained it) is audited in SQL:
    each failing CHECK is one finding with its count and example keys; NULL passes, as in SQLite."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "version: 1\ntables:\n  lines:\n    columns:\n"
        "      id: {type: integer, primary_key: true}\n"
        "      qty: {type: integer, checks: [qty > 0]}\n"
        "      price: {type: real}\n"
        "    checks:\n      - {sql: price IS NULL OR price >= 0, name: price_not_negative}\n"
    )
    url = tmp_path / "old.db"
    conn = sqlite3.connect(url)
    conn.executescript(
        "CREATE TABLE lines (id integer PRIMARY KEY, qty integer, price real);"
        "INSERT INTO lines VALUES (1, 1, 2.0), (2, 0, NULL), (3, -2, -1.0), (4, NULL, 3.0), (5, 5, -0.5);"
    )
    conn.commit()
    conn.close()
    result = cli("audit", "--url", str(url), "--spec", str(spec), "--format", "json")
    assert result.exit_code == 1, result.output
    (lines,) = json.loads(result.stdout)["tables"]
    found = {(f["column"], f["check"]): (f["count"], f["examples"]) for f in lines["findings"]}
    assert found == {
        ("qty", "check qty > 0"): (2, ["2", "3"]),
        ("", "check price_not_negative"): (2, ["3", "5"]),
    }
