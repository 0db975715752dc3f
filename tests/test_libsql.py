"""What libSQL adds to SQLite's schema language, through every stage on the real sqld.

Native vector search: an `F32_BLOB(n)` column, an index on `libsql_vector_idx(...)` and its shadow
tables, a view using the vector functions. The shadow tables belong to their index (never a table of the
spec, never planned), a spec using the functions validates here although Python's SQLite lacks them, a
rebuild keeps the index working. `RANDOM ROWID` tables: pushed, inspected back, planned as a no-op, and
the option added or dropped by a rebuild that keeps every row. A push to a plain SQLite file names what it
lacks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer

from generator.db import connect
from generator.inspect import inspect_database
from generator.migrate.plan import plan_migration
from generator.migrate.push import PushOptions, push_spec
from generator.spec import load_spec
from generator.sqlite.introspect import introspect

pytestmark = pytest.mark.sqld

SPEC = """\
version: 1
tables:
  movies:
    columns:
      id: {type: integer, primary_key: true}
      title: {type: text, not_null: true}
      embedding: {type: {sql: F32_BLOB(3)}}
    indexes:
      movies_embedding:
        columns: [{expr: "libsql_vector_idx(embedding, 'metric=cosine')"}]
views:
  movie_vectors:
    sql: SELECT id, title, vector_extract(embedding) AS vector FROM movies
"""
NEAREST = (
    "SELECT movies.title FROM vector_top_k('movies_embedding', vector32('[1, 0, 0]'), 2) AS top "
    "JOIN movies ON movies.rowid = top.id"
)
ROWS = [
    "INSERT INTO movies (title, embedding) VALUES ('x', vector32('[1, 0, 0]'))",
    "INSERT INTO movies (title, embedding) VALUES ('y', vector32('[0, 1, 0]'))",
    "INSERT INTO movies (title, embedding) VALUES ('xy', vector32('[0.9, 0.1, 0]'))",
]


def _spec(tmp_path: Path, text: str = SPEC) -> Path:
    path = tmp_path / "vector.yaml"
    path.write_text(text)
    return path


def test_a_vector_index_pushes_plans_as_a_no_op_and_hides_its_shadow_tables(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    url, token = sqld_fresh.url, sqld_fresh.tokens.rw
    spec = load_spec(_spec(tmp_path))
    assert push_spec(spec, url, token, PushOptions(write=True)).exit_code == 0
    sqld_fresh.run(ROWS)
    assert {"movies_embedding_shadow", "movies_embedding_shadow_idx"} <= set(sqld_fresh.schema())
    assert [r[0] for r in sqld_fresh.run([NEAREST])[0]] == ["x", "xy"]
    with connect(url, token) as db:
        live = introspect(db)
        assert [t.name for t in live.tables] == ["movies"], "shadow tables are the index's, not tables"
        assert plan_migration(live, spec).is_empty
        # inspect gives the spec back: loaded again, it plans as a no-op against the same database
        text = inspect_database(db).to_yaml()
    again = load_spec(_spec(tmp_path, text))
    with connect(url, token) as db:
        assert plan_migration(introspect(db), again).is_empty, text


def test_a_rebuild_keeps_the_vector_index_and_its_rows(sqld_fresh: SqldServer, tmp_path: Path) -> None:
    url, token = sqld_fresh.url, sqld_fresh.tokens.rw
    assert push_spec(load_spec(_spec(tmp_path)), url, token, PushOptions(write=True)).exit_code == 0
    sqld_fresh.run(ROWS)
    checked = SPEC.replace(
        "title: {type: text, not_null: true}",
        "title: {type: text, not_null: true, checks: [length(title) > 0]}",
    )
    report = push_spec(load_spec(_spec(tmp_path, checked)), url, token, PushOptions(write=True))
    assert report.exit_code == 0, report.reason
    assert any(step.rebuild for step in report.plan.steps)
    assert [r[0] for r in sqld_fresh.run([NEAREST])[0]] == ["x", "xy"], "the rebuilt index answers"
    assert (
        push_spec(load_spec(_spec(tmp_path, checked)), url, token, PushOptions(write=True)).outcome
        == "nothing to do"
    )


def test_dropping_the_vector_index_is_one_drop_that_takes_its_shadow_tables(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    url, token = sqld_fresh.url, sqld_fresh.tokens.rw
    assert push_spec(load_spec(_spec(tmp_path)), url, token, PushOptions(write=True)).exit_code == 0
    plain = SPEC.split("    indexes:")[0] + "views:" + SPEC.split("views:")[1]
    report = push_spec(
        load_spec(_spec(tmp_path, plain)), url, token, PushOptions(write=True, allow_destructive=True)
    )
    assert report.exit_code == 0, report.reason
    assert report.plan.statements() == ['DROP INDEX IF EXISTS "movies_embedding";']
    assert not {"movies_embedding", "movies_embedding_shadow"} & set(sqld_fresh.schema())


def test_the_vector_functions_validate_here_and_a_file_push_names_what_it_lacks(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    assert cli("validate", "--spec", str(spec)).exit_code == 0
    result = cli("push", "--spec", str(spec), "--url", f"file:{tmp_path / 'plain.db'}")
    assert result.exit_code == 2
    assert (
        "libsql_vector_idx is libSQL's, which a plain SQLite file lacks: push to Turso or sqld"
        in result.stderr
    )
    typo = _spec(tmp_path, SPEC.replace("vector_extract(", "vector_extrakt("))
    bad = cli("validate", "--spec", str(typo))
    assert bad.exit_code == 2 and "no such function: vector_extrakt" in bad.stderr


RANDOM = """\
version: 1
tables:
  events:
    random_rowid: true
    columns:
      id: {type: integer, primary_key: true}
      kind: {type: text, not_null: true}
  notes:
    random_rowid: true
    columns:
      body: {type: text}
"""


def test_a_random_rowid_table_round_trips_and_its_option_is_planned(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    url, token = sqld_fresh.url, sqld_fresh.tokens.rw
    spec = load_spec(_spec(tmp_path, RANDOM))
    assert push_spec(spec, url, token, PushOptions(write=True)).exit_code == 0
    assert sqld_fresh.schema()["notes"].endswith("RANDOM ROWID")
    sqld_fresh.run(
        [
            *(f"INSERT INTO notes (body) VALUES ('n{i}')" for i in range(5)),
            "INSERT INTO events (kind) VALUES ('a')",
        ]
    )
    rowids = [int(r[0]) for r in sqld_fresh.run(["SELECT rowid FROM notes ORDER BY body"])[0]]
    assert max(rowids) > 5, "libSQL chose random rowids"
    with connect(url, token) as db:
        assert plan_migration(introspect(db), spec).is_empty
        text = inspect_database(db).to_yaml()
    assert text.count("random_rowid: true") == 2, text
    with connect(url, token) as db:
        assert plan_migration(introspect(db), load_spec(_spec(tmp_path, text))).is_empty
    plain = RANDOM.replace("  notes:\n    random_rowid: true\n", "  notes:\n")
    report = push_spec(load_spec(_spec(tmp_path, plain)), url, token, PushOptions(write=True))
    assert report.exit_code == 0, report.reason
    assert [s.summary for s in report.plan.steps if s.rebuild] == ["rebuild notes: drop RANDOM ROWID"]
    assert [int(r[0]) for r in sqld_fresh.run(["SELECT rowid FROM notes ORDER BY body"])[0]] == rowids
    assert not sqld_fresh.schema()["notes"].upper().endswith("RANDOM ROWID")
    assert (
        push_spec(load_spec(_spec(tmp_path, plain)), url, token, PushOptions(write=True)).outcome
        == "nothing to do"
    )


def test_random_rowid_is_checked_here_and_a_file_push_names_what_it_lacks(tmp_path: Path) -> None:
    spec = _spec(tmp_path, RANDOM)
    assert cli("validate", "--spec", str(spec)).exit_code == 0
    result = cli("push", "--spec", str(spec), "--url", f"file:{tmp_path / 'plain.db'}")
    assert result.exit_code == 2
    assert "RANDOM ROWID is libSQL's, which a plain SQLite file lacks: push to Turso or sqld" in result.stderr
    auto = RANDOM.replace(
        "id: {type: integer, primary_key: true}",
        "id: {type: integer, primary_key: true, autoincrement: true}",
    )
    bad = cli("validate", "--spec", str(_spec(tmp_path, auto)))
    assert bad.exit_code == 2
    assert "AUTOINCREMENT is not allowed on a RANDOM ROWID table (libSQL refuses it)" in bad.stderr
