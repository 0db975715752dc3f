"""The Turso Database engine (pyturso, pinned in pyproject.toml) as a target: `turso:PATH`.

Every test runs the real engine; what it wrote is read back by stock SQLite (stdlib sqlite3), so the
file is checked by a witness independent of the code under test.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers.cli import cli
from helpers.targets import Target, turso_target, typed_rows

from generator.db import connect, parse_url
from generator.errors import DatabaseError
from generator.migrate.push import Outcome, PushOptions, push_spec
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
CODE_REELS = ROOT / "spec" / "schema.yaml"
EVERY = ROOT / "tests" / "data" / "golden" / "every_construct" / "spec.yaml"
DATA = ROOT / "tests" / "data" / "reference"

# What `validate --engine turso` says of the every-construct spec: exactly these places.
EVERY_REFUSED = [
    "tables.orders.without_rowid: WITHOUT ROWID tables",
    "tables.order_lines.columns.total.generated: STORED generated columns",
    "tables.order_lines.columns.label.generated: VIRTUAL generated columns",
    "virtual_tables.album_search.module: virtual tables (fts5)",
]


def stock(target: Target, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one query, read by stock SQLite from the file the Turso engine wrote."""
    conn = sqlite3.connect(f"file:{target.path}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


def refused_places(spec: Path) -> list[str]:
    """The places (spec paths) `validate --engine turso` names, in its order."""
    ran = cli("validate", "--spec", str(spec), "--engine", "turso")
    assert ran.exit_code == 2, ran.output
    lines = [line for line in ran.stderr.splitlines() if "not supported by the Turso Database" in line]
    errors = [line for line in ran.stderr.strip().splitlines() if ": warning: " not in line]  # shown too
    assert len(lines) == len(errors), ran.stderr
    return [re.sub(r"^.*?:\d+:\d+: ", "", line).split(": not supported")[0] for line in lines]


def without_refused(spec: Path, out: Path) -> Path:
    """The spec minus every construct `validate --engine turso` names, for the engine (`engines: [turso]`)."""
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    for place in refused_places(spec):
        path = place.split(": ")[0].split(".")
        if path[-1] == "module":  # a virtual table: the whole table goes
            path = path[:-1]
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
        if path[0] == "virtual_tables" and not data["virtual_tables"]:
            del data["virtual_tables"]
    data["engines"] = ["turso"]
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


def push(spec: Path, target: Target, *extra: str) -> Any:
    return cli("push", "--spec", str(spec), "--url", target.url, "--yes", *extra)


def plan_is_noop(spec: Path, target: Target) -> None:
    ran = cli("plan", "--spec", str(spec), "--url", target.url, "--check")
    assert ran.exit_code == 0, ran.output
    assert "nothing to do" in ran.stdout


# --- the URL ---------------------------------------------------------------------------------------------


def test_turso_urls_are_files_of_the_turso_engine() -> None:
    assert parse_url("turso:data/app.db").kind == "turso"
    assert parse_url("turso:data/app.db").address == "data/app.db"
    assert parse_url("turso:///tmp/app.db").address == "/tmp/app.db"
    for bad, message in (("turso:", "no file path"), ("turso:a.db?x=1", "take no parameters")):
        with pytest.raises(DatabaseError, match=message):
            parse_url(bad)


def test_plan_of_a_missing_turso_file_creates_nothing(tmp_path: Path) -> None:
    target = turso_target(tmp_path)
    ran = cli("plan", "--spec", str(CODE_REELS), "--url", target.url)
    assert ran.exit_code == 0, ran.output
    assert "does not exist yet" in ran.stdout and not Path(target.path).exists()
    with pytest.raises(DatabaseError, match="no such database file"):
        connect(target.url)


# --- push, plan, inspect ---------------------------------------------------------------------------------


def test_code_reels_pushes_plans_a_noop_and_stock_sqlite_opens_it(tmp_path: Path) -> None:
    target = turso_target(tmp_path)
    ran = push(CODE_REELS, target)
    assert ran.exit_code == 0, ran.output
    assert "applied: " in ran.stdout and "database file: created" in ran.stdout
    plan_is_noop(CODE_REELS, target)
    assert stock(target, "PRAGMA quick_check") == [("ok",)]
    tables = {t.name for t in load_spec(CODE_REELS).tables}
    names = {str(r[0]) for r in stock(target, "SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert tables <= names


def test_every_construct_minus_what_turso_refuses(tmp_path: Path) -> None:
    assert refused_places(EVERY) == EVERY_REFUSED
    spec = without_refused(EVERY, tmp_path / "spec.yaml")
    assert cli("validate", "--spec", str(spec)).exit_code == 0
    target = turso_target(tmp_path)
    ran = push(spec, target)
    assert ran.exit_code == 0, ran.output
    plan_is_noop(spec, target)
    assert stock(target, "PRAGMA quick_check") == [("ok",)]
    # Mixed-case names survive, although the engine keeps sqlite_schema.name lower-cased.
    assert ("Artist",) in stock(target, "SELECT name FROM pragma_table_list") or stock(
        target, "SELECT sql FROM sqlite_schema WHERE name = 'artist'"
    )[0][0].startswith('CREATE TABLE "Artist"')


@pytest.mark.parametrize("spec", ["code_reels", "every_construct"])
def test_inspect_round_trip(spec: str, tmp_path: Path) -> None:
    source = CODE_REELS if spec == "code_reels" else without_refused(EVERY, tmp_path / "spec.yaml")
    first = turso_target(tmp_path / "a")
    (tmp_path / "a").mkdir()
    assert push(source, first).exit_code == 0
    inspected = tmp_path / "inspected.yaml"
    ran = cli("inspect", "--url", first.url, "--no-profile", "--out", str(inspected))
    assert ran.exit_code == 0, ran.output
    plan_is_noop(inspected, first)  # the inspected spec describes the database exactly
    second = turso_target(tmp_path / "b")
    (tmp_path / "b").mkdir()
    assert push(inspected, second).exit_code == 0
    plan_is_noop(source, second)  # ... and creates it again
    assert load_spec(inspected).engines == ("libsql",)  # inspect says what is there, not which engine


# --- rebuilds keep rows; foreign keys are checked although the engine's PRAGMA does not ------------------

PARENT_CHILD = """\
version: 1
engines: [turso]
tables:
  authors:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text, not_null: true}
  books:
    columns:
      id: {type: integer, primary_key: true}
      author_id: {type: integer, not_null: true, references: {table: authors, column: id, on_delete: cascade}}
      title: {type: text}
"""


def test_a_rebuild_keeps_rows_and_child_rows_under_on_delete_cascade(tmp_path: Path) -> None:
    target = turso_target(tmp_path)
    first = tmp_path / "v1.yaml"
    first.write_text(PARENT_CHILD, encoding="utf-8")
    assert push(first, target).exit_code == 0
    with connect(target.url) as db:
        db.apply(
            [
                "INSERT INTO authors VALUES (1, 'Ann'), (2, 'Bo')",
                "INSERT INTO books VALUES (10, 1, 'A'), (11, 1, 'B'), (12, 2, 'C')",
            ]
        )
    # A CHECK on the parent and a new type on the child: both tables are rebuilt.
    second = tmp_path / "v2.yaml"
    second.write_text(
        PARENT_CHILD.replace(
            "name: {type: text, not_null: true}",
            "name: {type: text, not_null: true, checks: [{sql: length(name) > 0}]}",
        ).replace("title: {type: text}", "title: {type: VARCHAR(200)}"),
        encoding="utf-8",
    )
    ran = push(second, target)
    assert ran.exit_code == 0, ran.output
    assert "rebuilt authors: 2 rows copied" in ran.stdout and "rebuilt books: 3 rows copied" in ran.stdout
    assert stock(target, "SELECT id, name FROM authors ORDER BY id") == [(1, "Ann"), (2, "Bo")]
    assert stock(target, "SELECT id, author_id FROM books ORDER BY id") == [(10, 1), (11, 1), (12, 2)]
    plan_is_noop(second, target)
    # ON DELETE CASCADE still holds after the rebuild, on a connection that enforces foreign keys.
    with connect(target.url) as db:
        db.query("PRAGMA foreign_keys=ON")
        db.apply(["DELETE FROM authors WHERE id = 1"])
    assert stock(target, "SELECT id FROM books") == [(12,)]


def test_foreign_keys_are_checked_although_the_engine_pragma_is_silent(tmp_path: Path) -> None:
    """PRAGMA foreign_key_check answers no rows on this engine: apply checks with anti-joins instead."""
    target = turso_target(tmp_path)
    spec = tmp_path / "spec.yaml"
    spec.write_text(PARENT_CHILD, encoding="utf-8")
    assert push(spec, target).exit_code == 0
    with connect(target.url) as db:
        db.apply(["INSERT INTO authors VALUES (1, 'Ann')", "INSERT INTO books VALUES (10, 1, 'A')"])
        dangling = "INSERT INTO books VALUES (11, 7, 'B')"
        with pytest.raises(DatabaseError, match=r"foreign key violations .*'books' rowid 11 -> 'authors'"):
            db.apply([dangling], foreign_keys_off=True, check_tables=["books"])
        with pytest.raises(DatabaseError, match="nothing was changed"):
            db.apply([dangling], foreign_keys_off=True)  # every table checked
        assert db.query("SELECT count(*) FROM books") == [(1,)]
        db.apply([dangling], foreign_keys_off=True, check_tables=[])  # none checked: the caller's choice
        assert db.pipeline(["PRAGMA foreign_key_check"]) == [[]]  # the engine's own check sees nothing
    # The planner counts the rows a new foreign key would leave dangling, and refuses, changing nothing.
    loose = tmp_path / "loose.yaml"
    loose.write_text(
        PARENT_CHILD.replace(", references: {table: authors, column: id, on_delete: cascade}", "")
    )
    other = turso_target(tmp_path / "o")
    (tmp_path / "o").mkdir()
    assert push(loose, other).exit_code == 0
    with connect(other.url) as db:
        db.apply(
            ["INSERT INTO authors VALUES (1, 'Ann')", "INSERT INTO books VALUES (10, 1, 'A'), (11, 7, 'B')"]
        )
    before = stock(other, "SELECT sql FROM sqlite_schema ORDER BY name")
    ran = push(spec, other)
    assert ran.exit_code == 1 and "1 row would violate FOREIGN KEY author_id -> authors.id" in ran.stderr
    assert stock(other, "SELECT sql FROM sqlite_schema ORDER BY name") == before


def test_apply_is_all_or_nothing(tmp_path: Path) -> None:
    target = turso_target(tmp_path)
    with connect(target.url, create=True) as db:
        with pytest.raises(DatabaseError, match="statement 3 of 3 failed, nothing was changed"):
            db.apply(["CREATE TABLE t (a)", "INSERT INTO t VALUES (1)", "INSERT INTO nowhere VALUES (1)"])
        assert db.query("SELECT count(*) FROM sqlite_schema WHERE name = 't'") == [(0,)]
        assert db.apply(["CREATE TABLE t (a)", "INSERT INTO t VALUES (1), (2)"]) == [0, 2]


# --- import, export, audit -------------------------------------------------------------------------------


def test_import_export_round_trip_and_audit(tmp_path: Path) -> None:
    spec = ["--spec", str(CODE_REELS)]
    source = turso_target(tmp_path / "a")
    (tmp_path / "a").mkdir()
    assert push(CODE_REELS, source).exit_code == 0
    ran = cli("import", "questions", str(DATA / "questions" / "aws.json"), "--url", source.url, *spec)
    assert ran.exit_code == 0, ran.output
    assert "328 new rows" in ran.stdout
    assert stock(source, "SELECT count(*) FROM questions") == [(328,)]
    out = tmp_path / "questions.jsonl"
    ran = cli("export", "questions", "--out", str(out), "--format", "jsonl", "--url", source.url, *spec)
    assert ran.exit_code == 0, ran.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 328
    copy = turso_target(tmp_path / "b")
    (tmp_path / "b").mkdir()
    assert push(CODE_REELS, copy).exit_code == 0
    assert cli("import", "questions", str(out), "--url", copy.url, *spec).exit_code == 0
    columns = [c.name for c in load_spec(CODE_REELS).table("questions").columns]
    assert typed_rows(copy, "questions", columns, "id") == typed_rows(source, "questions", columns, "id")
    audit = cli("audit", "--url", copy.url, "--table", "questions", "--format", "json", *spec)
    assert audit.exit_code == 0, audit.output
    # A row whose JSON is valid (the CHECK lets it in) but not the shape the spec says: audit finds it.
    with connect(copy.url) as db:
        db.apply(['UPDATE questions SET tags = \'{"not": "a list"}\' WHERE rowid = 1'])
    audit = cli("audit", "--url", copy.url, "--table", "questions", "--format", "json", *spec)
    assert audit.exit_code == 1, audit.output
    assert "tags" in json.dumps(json.loads(audit.stdout))


# --- the engine's profile --------------------------------------------------------------------------------


def test_plan_refuses_what_the_engine_lacks_before_sending_anything(tmp_path: Path) -> None:
    target = turso_target(tmp_path)
    with connect(target.url, create=True) as db:
        db.apply(["CREATE TABLE kept (a)"])
    before = Path(target.path).read_bytes()
    report = push_spec(load_spec(EVERY), target.url, None, PushOptions(write=True))
    assert report.outcome is Outcome.REFUSED and report.exit_code == 1
    assert report.reason.startswith("refused: nothing was sent")
    for place in EVERY_REFUSED:
        assert f"  {place}: not supported by the Turso Database" in report.reason
    assert Path(target.path).read_bytes() == before
    # --engine checks another engine on the spot: a libSQL-only construct refused for stock SQLite.
    spec = tmp_path / "random.yaml"
    spec.write_text(
        "version: 1\ntables:\n  t:\n    random_rowid: true\n    columns:\n      a: {type: text}\n"
    )
    ran = cli("plan", "--spec", str(spec), "--url", str(tmp_path / "plain.db"), "--engine", "sqlite")
    assert ran.exit_code == 1 and "tables.t.random_rowid: RANDOM ROWID tables" in ran.stderr
    assert not (tmp_path / "plain.db").exists()


def test_a_rebuild_keeps_the_autoincrement_sequence(tmp_path: Path) -> None:
    """The engine keeps sqlite_sequence's names lower-cased: the rebuild still carries the sequence over."""
    target = turso_target(tmp_path)
    spec = tmp_path / "v1.yaml"
    spec.write_text(
        "version: 1\nengines: [turso]\ntables:\n  Jobs:\n    columns:\n"
        "      Id: {type: INTEGER, primary_key: true, autoincrement: true}\n      name: {type: text}\n",
        encoding="utf-8",
    )
    assert push(spec, target).exit_code == 0
    with connect(target.url) as db:
        db.apply(["INSERT INTO Jobs (name) VALUES ('a'), ('b'), ('c')", "DELETE FROM Jobs WHERE Id > 1"])
    changed = tmp_path / "v2.yaml"
    changed.write_text(spec.read_text().replace("name: {type: text}", "name: {type: VARCHAR(9)}"), "utf-8")
    ran = push(changed, target)
    assert "rebuilt Jobs: 1 row copied" in ran.stdout, ran.output
    with connect(target.url) as db:
        db.apply(["INSERT INTO Jobs (name) VALUES ('d')"])
    assert stock(target, "SELECT Id FROM Jobs ORDER BY Id") == [(1,), (4,)]  # 2 and 3 are never reused


def test_turso_urls_from_the_environment_and_in_a_targets_file(tmp_path: Path) -> None:
    env = {"TURSO_DATABASE_URL": f"turso:{tmp_path / 'env.db'}"}
    ran = cli("push", "--spec", str(CODE_REELS), "--yes", cwd=tmp_path, env=env)
    assert ran.exit_code == 0, ran.output
    assert f"target: turso:{tmp_path / 'env.db'} ($TURSO_DATABASE_URL)" in ran.stdout
    targets = tmp_path / "targets.txt"
    targets.write_text(f"turso:{tmp_path / 'env.db'}\nturso:{tmp_path / 'other.db'}\n", encoding="utf-8")
    ran = cli("push", "--spec", str(CODE_REELS), "--targets", str(targets), "--yes")
    assert ran.exit_code == 0, ran.output
    ran = cli("plan", "--spec", str(CODE_REELS), "--targets", str(targets))
    assert ran.exit_code == 0 and "nothing to do          2" in ran.stdout, ran.output


def test_without_the_extra_a_turso_url_is_one_line_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "turso", None)  # as if pyturso were not installed
    with pytest.raises(DatabaseError, match=re.escape("pip install 'schemagen[turso]'")):
        connect(f"turso:{tmp_path / 'app.db'}", create=True)
    ran = cli("push", "--spec", str(CODE_REELS), "--url", f"turso:{tmp_path / 'app.db'}", "--yes")
    assert ran.exit_code == 2 and ran.stderr.count("\n") == 1 and "schemagen[turso]" in ran.stderr
    assert not (tmp_path / "app.db").exists()


def test_deferred_foreign_keys_are_honoured_at_commit(tmp_path: Path) -> None:
    """The engine lacks PRAGMA defer_foreign_keys, but DEFERRABLE INITIALLY DEFERRED works."""
    target = turso_target(tmp_path)
    with connect(target.url, create=True) as db:
        db.apply(
            [
                "CREATE TABLE p (id INTEGER PRIMARY KEY)",
                "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id REFERENCES p DEFERRABLE INITIALLY DEFERRED)",
            ]
        )
        db.query("PRAGMA foreign_keys=ON")
        db.apply(["INSERT INTO c VALUES (1, 5)", "INSERT INTO p VALUES (5)"])  # the parent comes later
        with pytest.raises(DatabaseError, match="FOREIGN KEY constraint failed"):
            db.apply(["INSERT INTO c VALUES (2, 6)"])
        assert db.query("SELECT id FROM c") == [(1,)]


def test_a_fleet_is_checked_for_its_engine_and_names_what_was_refused(tmp_path: Path) -> None:
    targets = tmp_path / "targets.txt"
    targets.write_text(f"turso:{tmp_path / 'a.db'}\nturso:{tmp_path / 'b.db'}\n", encoding="utf-8")
    ran = cli("plan", "--spec", str(EVERY), "--targets", str(targets), "--engine", "turso")
    assert ran.exit_code == 1 and "tables.orders.without_rowid: WITHOUT ROWID tables" in ran.stderr
    # Without --engine, each turso: database is refused for its engine, with the reason on its line.
    ran = cli("push", "--spec", str(EVERY), "--targets", str(targets), "--yes")
    assert ran.exit_code == 1, ran.output
    refused = [line for line in ran.stdout.splitlines() if line.startswith("refused")]
    assert len(refused) == 2 and all("WITHOUT ROWID tables: not supported" in line for line in refused)
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()


def test_a_turso_url_in_the_configuration_is_the_projects_database(tmp_path: Path) -> None:
    (tmp_path / "schemagen.toml").write_text(
        f'spec = "{CODE_REELS}"\nurl = "turso:app.db"\n', encoding="utf-8"
    )
    ran = cli("push", "--yes", cwd=tmp_path, env={"TURSO_DATABASE_URL": ""})
    assert ran.exit_code == 0, ran.output
    assert "target: turso:" in ran.stdout and (tmp_path / "app.db").exists()
    again = cli("plan", "--check", cwd=tmp_path, env={"TURSO_DATABASE_URL": ""})
    assert again.exit_code == 0 and "nothing to do" in again.stdout, again.output
