"""Export pages only on a key the live table guarantees, `--where` cannot escape its parentheses, no loop
outlives the row count, and a SIGTERM leaves no temporary file (issue 20, items 1 and 2)."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer
from helpers.targets import Target, file_target, sqld_target

from generator.data.audit import audit_database
from generator.data.export import export_table
from generator.data.exportfiles import AtomicFiles
from generator.errors import DataError
from generator.spec import load_spec

BOTH = [pytest.param("file"), pytest.param("sqld", marks=pytest.mark.sqld)]
SPEC_TEXT = """version: 1
tables:
  items:
    columns:
      id: {type: text, primary_key: true}
      n: {type: integer}
  shadow:
    columns:
      rowid: {type: integer}
      label: {type: text}
"""


@pytest.fixture(params=BOTH)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    if request.param == "file":
        return file_target(tmp_path)
    server: SqldServer = request.getfixturevalue("sqld_fresh")
    return sqld_target(server)


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    path = tmp_path / "schema.yaml"
    path.write_text(SPEC_TEXT)
    return path


def test_a_key_the_live_table_does_not_enforce_loses_no_rows(target: Target, spec_file: Path) -> None:
    # The spec says id is the primary key; the live table (drifted) has no key: 500 groups of 10 equal ids.
    target.execute(
        "CREATE TABLE items (id text, n integer)",
        "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 4999) "
        "INSERT INTO items SELECT printf('k%04d', i / 10), i FROM c",
    )
    out = spec_file.parent / "items.json"
    with target.connect() as db:
        report = export_table(db, load_spec(spec_file), "items", out=out, page_size=7)
    rows = json.loads(out.read_text())
    assert report.rows == 5000 and sorted(r["n"] for r in rows) == list(range(5000))


def test_a_column_named_rowid_does_not_shadow_the_real_rowid(target: Target, spec_file: Path) -> None:
    target.execute(
        "CREATE TABLE shadow (rowid integer, label text)",
        "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 999) "
        "INSERT INTO shadow SELECT 7, 'r' || i FROM c",  # every user 'rowid' equal
    )
    out = spec_file.parent / "shadow.json"
    with target.connect() as db:
        report = export_table(db, load_spec(spec_file), "shadow", out=out, page_size=10)
    rows = json.loads(out.read_text())
    assert report.rows == 1000 and {r["label"] for r in rows} == {f"r{i}" for i in range(1000)}
    assert {r["rowid"] for r in rows} == {7}


def test_no_key_to_page_on_is_refused_with_the_reason(target: Target, spec_file: Path) -> None:
    target.execute(
        "CREATE TABLE shadow (rowid integer, label text, _rowid_ integer, oid integer)",
        "INSERT INTO shadow VALUES (1, 'a', 1, 1), (1, 'b', 1, 1)",
    )
    spec = load_spec("s.yaml", text=SPEC_TEXT)
    with target.connect() as db, pytest.raises(DataError, match="shadow the rowid"):
        export_table(db, spec, "shadow", out=spec_file.parent / "x.json")
    assert not (spec_file.parent / "x.json").exists()
    target.execute("CREATE UNIQUE INDEX shadow_label ON shadow (label)")  # nullable: still no key
    with target.connect() as db, pytest.raises(DataError, match="shadow the rowid"):
        export_table(db, spec, "shadow", out=spec_file.parent / "x.json")


@pytest.mark.parametrize(
    "where",
    ["1) OR (1", "n > 0) OR (1", "1 /* ", "(1", "1)", "", "  ", "1; DELETE FROM items", "1) --"],
)
def test_where_cannot_close_its_parenthesis(where: str, tmp_path: Path, spec_file: Path) -> None:
    target = file_target(tmp_path)
    target.execute("CREATE TABLE items (id text PRIMARY KEY, n integer)", "INSERT INTO items VALUES ('a', 1)")
    out = tmp_path / "out" / "items.json"
    out.parent.mkdir()
    ran = cli("export", "items", "--out", str(out), *target.args, "--spec", str(spec_file), "--where", where)
    assert ran.exit_code == 2 and "--where takes one SQL expression" in ran.stderr, ran.output
    assert len(ran.stderr.splitlines()) == 1 and not list(out.parent.iterdir())


def test_where_with_parentheses_and_semicolons_in_strings_works(target: Target, spec_file: Path) -> None:
    target.execute(
        "CREATE TABLE items (id text PRIMARY KEY, n integer)",
        "INSERT INTO items VALUES ('a;)', 1), ('b', 2), ('c', 3)",
    )
    ran = cli(
        "export", "items", *target.args, "--spec", str(spec_file), "--where", "(id = 'a;)') OR (n > 2) -- c"
    )
    assert ran.exit_code == 0, ran.output
    assert [r["id"] for r in json.loads(ran.stdout)] == ["a;)", "c"]


def test_sigterm_removes_the_temporary_files(tmp_path: Path) -> None:
    targets = [tmp_path / "a.json", tmp_path / "b.json"]
    with pytest.raises(SystemExit) as stopped, AtomicFiles(targets) as temps:
        for temp in temps:
            temp.write_text("[")
        os.kill(os.getpid(), signal.SIGTERM)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert not list(tmp_path.iterdir())
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is gone after


def test_audit_pages_on_the_real_rowid_when_a_live_column_is_named_rowid(
    target: Target, spec_file: Path
) -> None:
    target.execute(
        "CREATE TABLE items (id text, n integer, rowid integer)",  # drifted: a column the spec lacks
        "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 999) "
        "INSERT INTO items SELECT 'k' || i, i, 1 FROM c",
    )
    with target.connect() as db:
        report = audit_database(db, load_spec(spec_file), tables=["items"], page_size=7)
    assert report.tables[0].rows == 1000
