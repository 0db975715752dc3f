"""The engine profiles (generator/engines.py) pinned against the real engines, and the checks built on them.

Each refused construct is run on the real engine, which must refuse it with the words the profile quotes;
each construct a profile does not list is run too, and must be accepted. The Turso engine is pyturso
(pinned in pyproject.toml), stock SQLite is Python's sqlite3.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import turso
from helpers.cli import cli
from helpers.sqld import SqldServer

from generator.db import connect
from generator.db.base import fail_when
from generator.engines import DIALECTS, PROFILES, Construct, engine_names, translate, unsupported
from generator.errors import DatabaseError
from generator.spec import load_spec
from generator.sqlite.stock import file_problem, stock_problems

# One minimal schema per construct: the statements that use it.
SAMPLES: dict[Construct, list[str]] = {
    Construct.WITHOUT_ROWID: ["CREATE TABLE t (a TEXT PRIMARY KEY) WITHOUT ROWID"],
    Construct.RANDOM_ROWID: ["CREATE TABLE t (a) RANDOM ROWID"],
    Construct.GENERATED_VIRTUAL: ["CREATE TABLE t (a, b AS (a + 1) VIRTUAL)"],
    Construct.GENERATED_STORED: ["CREATE TABLE t (a, b AS (a + 1) STORED)"],
    Construct.INSTEAD_OF: [
        "CREATE TABLE t (a)",
        "CREATE VIEW v AS SELECT a FROM t",
        "CREATE TRIGGER tr INSTEAD OF INSERT ON v BEGIN INSERT INTO t VALUES (new.a); END",
    ],
    Construct.VIRTUAL_TABLE: ["CREATE VIRTUAL TABLE t USING fts5(a)"],
    Construct.VECTOR_INDEX: ["CREATE TABLE t (e F32_BLOB(2))", "CREATE INDEX i ON t (libsql_vector_idx(e))"],
    Construct.LIBSQL_FUNCTION: ["SELECT vector32('[1,2]')"],
}
# What every engine runs: the constructs the profiles do not list (a few of each kind).
ACCEPTED = [
    "CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT COLLATE NOCASE UNIQUE, j TEXT "
    "CHECK (j IS NULL OR json_valid(j)))",
    "CREATE TABLE c (a INTEGER NOT NULL REFERENCES p (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, "
    "b TEXT DEFAULT (datetime('now')), PRIMARY KEY (a, b)) STRICT",
    "CREATE INDEX ix ON p (lower(name) DESC) WHERE j IS NOT NULL",
    "CREATE VIEW v AS SELECT p.id, count(*) AS n FROM p LEFT JOIN c ON c.a = p.id GROUP BY p.id",
    "CREATE TRIGGER tr AFTER UPDATE OF name ON p WHEN new.name IS NOT old.name BEGIN "
    "UPDATE p SET j = NULL WHERE id = new.id; END",
]


def turso_run(statements: list[str]) -> None:
    conn = turso.connect(":memory:", isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql).fetchall()
    finally:
        conn.close()


def sqlite_run(statements: list[str]) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        for sql in statements:
            conn.execute(sql).fetchall()
    finally:
        conn.close()


RUNNERS: dict[str, tuple[Callable[[list[str]], None], type[Exception]]] = {
    "turso": (turso_run, turso.Error),
    "sqlite": (sqlite_run, sqlite3.Error),
}


@pytest.mark.parametrize("engine", sorted(RUNNERS))
@pytest.mark.parametrize("construct", list(Construct))
def test_each_profile_entry_is_what_the_real_engine_does(engine: str, construct: Construct) -> None:
    run, error = RUNNERS[engine]
    profile = PROFILES[engine]
    sample = SAMPLES[construct]
    if construct is Construct.LIBSQL_FUNCTION and profile.lacks != frozenset({"*"}):
        # Some of libSQL's functions: the ones listed are missing, the others present.
        for name in sorted(profile.lacks):
            with pytest.raises(error, match="no such function"):
                run([f"SELECT {name}('[1]')"])
        run(["SELECT vector_extract(vector32('[1,2]'))"])
        return
    if construct in profile.refuses:
        with pytest.raises(error) as refused:
            run(sample)
        assert profile.refuses[construct].lower() in str(refused.value).lower()
    else:
        run(sample)


@pytest.mark.parametrize("engine", sorted(RUNNERS))
def test_what_no_profile_lists_runs_on_every_engine(engine: str) -> None:
    RUNNERS[engine][0](ACCEPTED)


def test_engine_names_are_checked_against_the_table() -> None:
    assert engine_names(["Turso", "turso", "sqlite"]) == ("turso", "sqlite")
    with pytest.raises(ValueError, match="unknown engine 'duckdb'"):
        engine_names(["duckdb"])


SPEC = """\
version: 1
engines: [{engines}]
tables:
  t:
    without_rowid: true
    columns:
      id: {{type: text, primary_key: true}}
      v: {{type: blob, default: {{sql: "vector16('[1]')"}}}}
      g: {{type: integer, generated: {{sql: length(id)}}}}
    indexes:
      ix_vec: {{columns: [{{expr: libsql_vector_idx(v)}}]}}
views:
  w: {{sql: SELECT id FROM t}}
triggers:
  w_insert: {{table: w, timing: instead of, event: insert, sql: "INSERT INTO t (id) VALUES (new.id);"}}
"""


def test_validate_names_every_construct_at_its_place_for_each_engine(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.format(engines="libsql"), encoding="utf-8")
    assert cli("validate", "--spec", str(spec)).exit_code == 0  # libSQL has all of it
    ran = cli("validate", "--spec", str(spec), "--engine", "turso")
    assert ran.exit_code == 2
    places = [line.split(": ")[0:2] for line in ran.stderr.splitlines()]
    assert places == [
        [f"{spec}:5:20", "tables.t.without_rowid"],
        [f"{spec}:8:32", "tables.t.columns.v.default"],
        [f"{spec}:9:37", "tables.t.columns.g.generated"],
        [f"{spec}:11:15", "tables.t.indexes.ix_vec"],
        [f"{spec}:15:32", "triggers.w_insert.timing"],
    ], ran.stderr
    assert "libSQL's vector functions (vector16)" in ran.stderr
    assert "checked on pyturso 0.8.3" in ran.stderr
    # The spec's own engines: several at once, each finding named with its engine.
    spec.write_text(SPEC.format(engines="turso, sqlite"), encoding="utf-8")
    ran = cli("validate", "--spec", str(spec))
    assert ran.exit_code == 2
    assert ran.stderr.count("the Turso Database") == 5 and ran.stderr.count("stock SQLite") == 2


def test_findings_walk_the_model_in_spec_order() -> None:
    schema = load_spec(text=SPEC.format(engines="sqlite"), display="spec.yaml")
    found = [(f.engine, f.path[-1], f.construct) for f in unsupported(schema, ["sqlite", "libsql"])]
    assert found == [
        ("sqlite", "default", Construct.LIBSQL_FUNCTION),
        ("sqlite", "ix_vec", Construct.VECTOR_INDEX),
    ]


def test_the_dialect_table_rewrites_what_the_turso_engine_reads_differently() -> None:
    sql = "SELECT * FROM sqlite_schema AS m, pragma_table_xinfo(m.name, 'main') AS x"
    assert (
        translate(sql, DIALECTS["turso"])
        == "SELECT * FROM sqlite_schema AS m, pragma_table_xinfo(m.name) AS x"
    )
    assert translate(sql, DIALECTS["libsql"]) == sql
    conn = turso.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (a)")
    with pytest.raises(turso.Error, match="Schema argument is not supported"):
        conn.execute(sql).fetchall()
    assert conn.execute(translate(sql, DIALECTS["turso"])).fetchall()


@pytest.mark.parametrize("engine", sorted(RUNNERS))
def test_guards_fail_only_when_their_condition_holds(engine: str) -> None:
    """The Turso engine evaluates json() of a constant when it prepares a statement: the guard's text goes
    through a subquery so that a false condition passes on every engine."""
    run, error = RUNNERS[engine]
    run(["CREATE TABLE t (a)", fail_when("it's wrong", "(SELECT count(*) FROM t) > 0")])
    with pytest.raises(error, match="malformed JSON"):
        run(["CREATE TABLE t (a)", fail_when("it's wrong", "(SELECT count(*) FROM t) = 0")])
    if engine == "turso":
        with pytest.raises(error, match="malformed JSON"):  # the old form fails even when false
            run(["SELECT json('schema changed') WHERE 0"])


def test_stock_sqlite_check_reports_what_it_cannot_open(tmp_path: Path) -> None:
    rows = [
        ("table", "sqlite_sequence", "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)"),
        ("view", "v", "v", "CREATE VIEW v AS SELECT a FROM t"),  # before its table: order is not an error
        ("table", "t", "t", "CREATE TABLE t (a, FOREIGN KEY (a) REFERENCES p)"),
        ("index", "sqlite_autoindex_t_1", "t", None),
        ("index", "iv", "t", "CREATE INDEX iv ON t (libsql_vector_idx(a))"),  # libSQL's: opens
        ("table", "s", "s", "CREATE VIRTUAL TABLE s USING vec0(a)"),  # a module it lacks: opens
        ("table", "bad", "bad", "CREATE TABLE bad (a INTEGER, FOREIGN KEY a REFERENCES t)"),
    ]
    rows.insert(3, ("table", "r", "r", "CREATE TABLE r (a) RANDOM ROWID"))  # libSQL's own: asked for
    assert stock_problems(rows) == ['table bad: near "a": syntax error']
    assert stock_problems(rows[:-1]) == []
    broken = tmp_path / "broken.db"
    conn = sqlite3.connect(broken)
    conn.execute("CREATE TABLE t (a)")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_schema SET sql = 'CREATE TABLE t (a, FOREIGN KEY a REFERENCES t)' WHERE name = 't'"
    )
    conn.commit()
    conn.close()
    assert "malformed database schema" in file_problem(str(broken))
    assert file_problem(str(tmp_path / "missing.db")) != ""


def test_stock_sqlite_check_of_a_virtual_table_and_its_shadow_tables() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title)")
    rows = [
        tuple(r) for r in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid")
    ]
    conn.close()
    assert len(rows) > 1  # the shadow tables are in sqlite_schema too
    assert stock_problems(rows) == []


ENFORCED = {  # setup statements, then one statement the engine must refuse
    "CHECK": (["CREATE TABLE a (x INTEGER CHECK (x > 0))"], "INSERT INTO a VALUES (-1)"),
    "NOT NULL": (["CREATE TABLE b (x NOT NULL)"], "INSERT INTO b VALUES (NULL)"),
    "UNIQUE COLLATE NOCASE": (
        ["CREATE TABLE u (x TEXT COLLATE NOCASE UNIQUE)", "INSERT INTO u VALUES ('a')"],
        "INSERT INTO u VALUES ('A')",
    ),
    "partial unique index": (
        [
            "CREATE TABLE p (x, d)",
            "CREATE UNIQUE INDEX pu ON p (x) WHERE d IS NULL",
            "INSERT INTO p VALUES (1, NULL)",
        ],
        "INSERT INTO p VALUES (1, NULL)",
    ),
    "expression unique index": (
        ["CREATE TABLE e (v TEXT)", "CREATE UNIQUE INDEX eu ON e (lower(v))", "INSERT INTO e VALUES ('A')"],
        "INSERT INTO e VALUES ('a')",
    ),
    "STRICT": (["CREATE TABLE s (x INTEGER) STRICT"], "INSERT INTO s VALUES ('abc')"),
    "composite foreign key": (
        [
            "PRAGMA foreign_keys = ON",
            "CREATE TABLE k (a, b, PRIMARY KEY (a, b))",
            "CREATE TABLE f (a, b, FOREIGN KEY (a, b) REFERENCES k (a, b))",
        ],
        "INSERT INTO f VALUES (1, 2)",
    ),
    "trigger RAISE": (
        [
            "CREATE TABLE t (x)",
            "CREATE TRIGGER g BEFORE INSERT ON t WHEN new.x < 0 BEGIN SELECT RAISE(ABORT, 'no'); END",
        ],
        "INSERT INTO t VALUES (-5)",
    ),
}


@pytest.mark.parametrize("what", sorted(ENFORCED))
def test_the_turso_engine_enforces_what_it_accepts(what: str) -> None:
    setup, refused = ENFORCED[what]
    turso_run(setup)
    with pytest.raises(turso.Error):
        turso_run([*setup, refused])


@pytest.mark.sqld
def test_the_schema_is_read_back_in_the_apply_request(sqld_fresh: SqldServer, tmp_path: Path) -> None:
    """push's stock SQLite check costs no request of its own: the read rides in the apply's batch."""
    urls = [(sqld_fresh.url, sqld_fresh.tokens.rw), (f"turso:{tmp_path / 't.db'}", None)]
    urls.append((f"file:{tmp_path / 'f.db'}", None))
    for url, token in urls:
        with connect(url, token, create=True) as db:
            # (sqlite_sequence outlives the AUTOINCREMENT tables of earlier tests on the shared sqld)
            db.read_after_apply = (
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
            before = db.requests_sent
            db.apply(["CREATE TABLE kept (a)"])
            assert db.requests_sent - before == (1 if token else 0)
            assert db.read_back == [("kept",)], url
            with pytest.raises(DatabaseError):
                db.apply(["CREATE TABLE other (a)", "INSERT INTO nowhere VALUES (1)"])
            assert db.read_back is None  # nothing committed, nothing read


@pytest.mark.sqld
@pytest.mark.parametrize("construct", list(Construct))
def test_libsql_runs_every_construct(sqld_fresh: SqldServer, construct: Construct) -> None:
    """The libSQL profile refuses nothing: each sample runs on the real sqld, and so does each module."""
    assert not PROFILES["libsql"].refuses
    sqld_fresh.run(SAMPLES[construct])
    if construct is Construct.VIRTUAL_TABLE:
        sqld_fresh.run(
            [f"CREATE VIRTUAL TABLE v_{m} USING {m}(a, b, c)" for m in sorted(PROFILES["libsql"].modules)]
        )


@pytest.mark.sqld
def test_what_no_profile_lists_runs_on_sqld(sqld_fresh: SqldServer) -> None:
    sqld_fresh.run(ACCEPTED)
