"""Smaller promises of inspect and validate: say what the database says (collations, UNIQUE on the
primary key), warn about foreign-key types only where the affinities differ, plural messages."""

from __future__ import annotations

from pathlib import Path

from helpers.cli import cli
from test_inspect_roundtrip import check_contract, file_database

from generator.db import connect
from generator.migrate.plan import plan_migration
from generator.spec import load_spec
from generator.sqlite.introspect import introspect

SCHEMA = """
CREATE TABLE files (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE, version INT, format TEXT COLLATE NOCASE,
  UNIQUE (name), UNIQUE (version COLLATE RTRIM));
CREATE INDEX files_format ON files (format);
CREATE INDEX files_format_binary ON files (format COLLATE BINARY);
CREATE TABLE pairs (x INT, y TEXT, PRIMARY KEY (x, y), UNIQUE (x, y));
CREATE TABLE words (w TEXT PRIMARY KEY, UNIQUE (w)) WITHOUT ROWID;
CREATE TABLE refs (id INTEGER PRIMARY KEY, a INT REFERENCES files (id), b integer REFERENCES files (id),
  c INTEGER REFERENCES files (id), d BIGINT REFERENCES files (id), e REFERENCES files (id),
  f TEXT REFERENCES files (id));
"""


def test_inspect_says_what_the_database_says(tmp_path: Path) -> None:
    source = file_database(tmp_path / "source.db", SCHEMA)
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", source, "--out", str(out), "--no-profile").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "files_format: {columns: [format]}" in text  # inherited NOCASE is not written again
    assert "files_format_binary: {columns: [{column: format, collate: BINARY}]}" in text
    assert "unique: [[name], [{column: version, collate: RTRIM}]]" in text
    spec = load_spec(out)
    assert [u.names for u in spec.table("pairs").uniques] == [("x", "y")]  # no index, but the DDL said it
    assert [u.names for u in spec.table("words").uniques] == [("w",)]
    with connect(source) as db:
        check_contract(db, text, str(tmp_path / "empty.db"))
    with connect(str(tmp_path / "empty.db")) as db:
        pushed = db.query("SELECT sql FROM sqlite_schema WHERE name = 'pairs'")[0][0]
    assert 'UNIQUE ("x", "y")' in str(pushed)


def test_foreign_key_types_compare_by_affinity(tmp_path: Path) -> None:
    source = file_database(tmp_path / "source.db", SCHEMA)
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", source, "--out", str(out), "--no-profile").exit_code == 0
    ran = cli("validate", "--spec", str(out))
    assert ran.exit_code == 0, ran.output
    warnings = [line for line in ran.output.splitlines() if "warning:" in line and "does not match" in line]
    assert len(warnings) == 2, ran.output  # e (no type: BLOB affinity) and f (TEXT), not a, b, c, d
    expected = "type (none) of 'e' (BLOB affinity) does not match 'files.id' (INTEGER, INTEGER affinity)"
    assert expected in ran.output
    assert "type TEXT of 'f' (TEXT affinity)" in ran.output
    assert "{" not in "".join(warnings).split("warning:", 1)[1], warnings  # never a Python value


def test_dropping_two_columns_says_columns(tmp_path: Path) -> None:
    source = file_database(tmp_path / "source.db", SCHEMA)
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", source, "--out", str(out), "--no-profile").exit_code == 0
    text = out.read_text(encoding="utf-8")
    text = text.replace("      name: {type: TEXT, collate: NOCASE}\n", "").replace(
        "unique: [[name], ", "unique: ["
    )
    text = text.replace("      format: {type: TEXT, collate: NOCASE}\n", "")
    text = "\n".join(
        line for line in text.splitlines() if "files_format" not in line and line != "    indexes:"
    )
    spec = load_spec("fewer.yaml", text=text + "\n")
    with connect(source) as db:
        steps = [s.summary for s in plan_migration(introspect(db), spec).steps if s.table == "files"]
    assert any(
        s.startswith("drop columns files.name, files.format with their data (rebuild files)") for s in steps
    ), steps
