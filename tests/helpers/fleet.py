"""Fleet test helpers: a small spec (and its next version), targets files, and a look at a SQLite file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

SPEC_V1 = """\
version: 1
tables:
  notes:
    columns:
      id: {type: integer, primary_key: true}
      body: {type: text, not_null: true}
      status: {type: text, default: open, enum: {values: [open, done]}}
    indexes:
      idx_notes_status: {columns: [status]}
"""

# v2 adds a column and a table: a safe migration (2 steps).
_STATUS = "      status: {type: text, default: open, enum: {values: [open, done]}}\n"
SPEC_V2 = SPEC_V1.replace(_STATUS, _STATUS + "      pinned: {type: integer}\n") + (
    "  tags:\n"
    "    columns:\n"
    "      id: {type: integer, primary_key: true}\n"
    "      name: {type: text, not_null: true}\n"
)


def write_spec(directory: Path, text: str = SPEC_V1, name: str = "spec.yaml") -> Path:
    """Write a spec file and return its path."""
    path = directory / name
    path.write_text(text)
    return path


def write_targets(path: Path, lines: Iterable[str]) -> Path:
    """Write a targets file, one entry per line."""
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def tables(path: Path) -> set[str]:
    """The user tables of a SQLite file (empty if it does not exist)."""
    if not path.exists():
        return set()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall()
    return {str(r[0]) for r in rows if not str(r[0]).startswith("sqlite_")}


def columns(path: Path, table: str) -> list[str]:
    """The column names of a table of a SQLite file."""
    with sqlite3.connect(path) as conn:
        return [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")').fetchall()]
