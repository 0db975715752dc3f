"""`external_tables:` are another tool's: push refers to them and never creates, changes or drops them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers.cli import cli

SPEC = """version: 1
external_tables: [Accounts]
tables:
  notes:
    description: Notes.
    columns:
      id: {type: integer, primary_key: true}
      account_id: {type: integer, not_null: true, references: {table: accounts, column: id}}
"""

OTHER_TOOL = """
CREATE TABLE accounts(id INTEGER PRIMARY KEY, name TEXT);
CREATE INDEX accounts_name ON accounts(name);
CREATE TRIGGER accounts_seen AFTER INSERT ON accounts BEGIN SELECT 1; END;
INSERT INTO accounts(name) VALUES ('a'), ('b');
"""


def _schema(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT type, name FROM sqlite_schema ORDER BY name").fetchall()


def test_an_external_table_its_index_and_its_trigger_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "schema.yaml").write_text(SPEC)
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(OTHER_TOOL)
    url = f"file:{db}"
    planned = cli("plan", "--spec", str(tmp_path / "schema.yaml"), "--url", url)
    assert planned.exit_code == 0, planned.output
    assert "create table notes" in planned.stdout and "accounts" not in planned.stdout.replace(
        '"accounts"', ""
    )
    assert "destructive" not in planned.stdout
    pushed = cli("push", "--spec", str(tmp_path / "schema.yaml"), "--url", url)
    assert pushed.exit_code == 0, pushed.output
    assert _schema(db) == [
        ("table", "accounts"),
        ("index", "accounts_name"),
        ("trigger", "accounts_seen"),
        ("table", "notes"),
    ]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (2,)
    again = cli("plan", "--spec", str(tmp_path / "schema.yaml"), "--url", url)
    assert again.exit_code == 0 and "nothing to do" in again.stdout, again.output


def test_without_the_declaration_the_table_is_planned_as_a_drop(tmp_path: Path) -> None:
    """The twin: the same database, the spec not naming `accounts`, and the drop is planned (and refused)."""
    (tmp_path / "schema.yaml").write_text(
        SPEC.replace("external_tables: [Accounts]\n", "").replace(
            "references: {table: accounts, column: id}", "minimum: 1"
        )
    )
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(OTHER_TOOL)
    planned = cli("plan", "--spec", str(tmp_path / "schema.yaml"), "--url", f"file:{db}")
    assert "drop table accounts" in planned.stdout and "drop trigger accounts_seen" in planned.stdout
