"""What SQLite's parse.y accepts in CREATE statements that tidy DDL never says, one construct per test, each
through the whole round trip: inspect a file holding it, push the spec to an empty file, same structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import cli
from test_inspect_roundtrip import check_contract, file_database

from generator.db import connect
from generator.model import IndexColumn
from generator.sqlite.ddl import key_sql
from generator.sqlite.parse import parse_create_index, parse_create_table

LOOSE = {
    # the fixture of the issue: table constraints need no comma between them
    "no commas": "CREATE TABLE p (a INTEGER, b INTEGER, PRIMARY KEY (a, b));"
    "CREATE TABLE c (x, y, z, FOREIGN KEY (x) REFERENCES p (a) FOREIGN KEY (y, z) REFERENCES p (a, b)"
    " CHECK (x <> y) UNIQUE (z) CONSTRAINT named CHECK (z > 0));",
    "check on conflict": "CREATE TABLE t (x, CHECK (x > 0) ON CONFLICT ABORT, CONSTRAINT lone);",
    "two references": "CREATE TABLE p (a INTEGER PRIMARY KEY); CREATE TABLE q (b INTEGER PRIMARY KEY);"
    "CREATE TABLE t (x REFERENCES p (a) NOT NULL REFERENCES q DEFERRABLE INITIALLY DEFERRED);",
    "generated always type": "CREATE TABLE t (x INT, y text /* k */ GENERATED ALWAYS AS (x + 1) STORED,"
    " z VARCHAR(3) GENERATED ALWAYS AS (x));",
    "autoincrement in the key": "CREATE TABLE t (id INTEGER, v, PRIMARY KEY (id AUTOINCREMENT));"
    "INSERT INTO t (v) VALUES (1);",
    "collate in an expression": "CREATE TABLE t (a TEXT, b TEXT);"
    "CREATE INDEX t_ab ON t (a || b COLLATE NOCASE); CREATE INDEX t_c ON t ((a || b) COLLATE NOCASE);",
}


@pytest.mark.parametrize("name", sorted(LOOSE))
def test_loose_ddl_round_trips(name: str, tmp_path: Path) -> None:
    source = file_database(tmp_path / "source.db", LOOSE[name])
    out = tmp_path / "spec.yaml"
    ran = cli("inspect", "--url", source, "--out", str(out))
    assert ran.exit_code == 0 and "warning" not in ran.output, ran.output
    with connect(source) as db:
        check_contract(db, out.read_text(encoding="utf-8"), str(tmp_path / "empty.db"))


def test_the_issue_statement_parses() -> None:
    table = parse_create_table(
        "CREATE TABLE c(x, y, z, FOREIGN KEY (x) REFERENCES p(a) FOREIGN KEY (y, z) REFERENCES p(a, b))"
    )
    assert [(fk.columns, fk.table, fk.to) for fk in table.foreign_keys] == [
        (("x",), "p", ("a",)),
        (("y", "z"), "p", ("a", "b")),
    ]


def test_a_trailing_collate_belongs_to_the_last_operand() -> None:
    """`a || b COLLATE NOCASE` collates b: the key has no collation of its own; and a key with both an
    expression and a collation is written with the expression in parentheses."""
    (key,) = parse_create_index("CREATE INDEX i ON t (a || b COLLATE NOCASE)").columns
    assert (key.expr, key.collate) == ("a || b COLLATE NOCASE", "")
    (key,) = parse_create_index("CREATE INDEX i ON t (lower(a) COLLATE NOCASE DESC)").columns
    assert (key.expr, key.collate, key.desc) == ("lower(a)", "NOCASE", True)
    assert key_sql([IndexColumn(expr="a || b", collate="NOCASE")]) == "(a || b) COLLATE NOCASE"
    assert key_sql([IndexColumn(expr="lower(a)", collate="NOCASE")]) == "lower(a) COLLATE NOCASE"
