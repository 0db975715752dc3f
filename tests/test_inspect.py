"""`schemagen inspect`: the command, its proposals from real data, what it promises about files and tokens."""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import time
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.golden import assert_golden
from helpers.hostile import Behaviour, HostileServer, Request, answer, forward, shaped
from helpers.sqld import SqldServer
from jsonschema import Draft202012Validator

import generator.inspect.profile
from generator.data.audit import audit_database
from generator.data.importer import import_records
from generator.db import connect
from generator.errors import SpecError
from generator.inspect import inspect_database
from generator.migrate.plan import plan_migration
from generator.model import Schema
from generator.spec import load_spec
from generator.sqlite.introspect import introspect

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "inspect"
REFERENCE = ROOT / "tests" / "data" / "reference"
SPEC = load_spec(ROOT / "spec" / "schema.yaml")

# The real exports the drizzle-created database is filled with (import validates each row against the spec).
# learning-paths.json is left out: its records lack path_type and channels (NOT NULL), so import refuses all.
EXPORTS = [
    ("questions", "questions/aws.json", None),
    ("questions", "questions/algorithms.json", None),
    ("certifications", "certifications.json", None),
    ("voice_sessions", "voice-sessions.json", "sessions"),
    ("bot_runs", "bot-monitor.json", "runs"),
    ("work_queue", "bot-monitor.json", "queue"),
    ("bot_ledger", "bot-monitor.json", "ledger"),
]


def database(path: Path, script: str) -> str:
    with sqlite3.connect(path) as conn:
        conn.executescript(script)
    conn.close()
    return str(path)


@pytest.fixture(scope="module")
def app_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database drizzle-kit push creates for the app, holding the real exports."""
    path = database(
        tmp_path_factory.mktemp("app") / "app.db", (ROOT / "tests/data/drizzle_push.sql").read_text()
    )
    with connect(path) as db:
        for table, file, key in EXPORTS:
            report = import_records(db, SPEC, table, REFERENCE / file, key=key)
            assert not report.refused and report.inserted > 0
    return path


@pytest.fixture(scope="module")
def app(app_db: str) -> Schema:
    ran = cli("inspect", "--url", app_db)
    assert ran.exit_code == 0, ran.output
    return load_spec("inspected.yaml", text=ran.stdout)


def test_json_columns_proposed_are_the_ones_the_spec_declares(app_db: str, app: Schema) -> None:
    """Every proposed JSON column is one spec/schema.yaml declares; the declared ones not proposed hold no
    value at all in the exports (relevance_details, job_title_relevance and experience_level_tags of the
    questions, certifications.tags, work_queue.result, bot_ledger before/after_state)."""
    with connect(app_db) as db:
        filled = {t: int(str(db.query(f'SELECT count(*) FROM "{t}"')[0][0])) for t in {e[0] for e in EXPORTS}}
    proposed = {(t.name, c.name) for t in app.tables for c in t.json_columns}
    declared = {(t.name, c.name) for t in SPEC.tables if filled.get(t.name) for c in t.json_columns}
    assert proposed <= declared
    with connect(app_db) as db:
        for table, column in sorted(declared - proposed):
            count = db.query(f'SELECT count("{column}") FROM "{table}"')[0][0]
            assert count == 0, f"{table}.{column} holds JSON but was not proposed"
    assert len(proposed) == 9
    for table, column in sorted(proposed):
        mine, theirs = app.table(table).column(column), SPEC.table(table).column(column)
        assert not mine.json_check  # no CHECK is added: the drizzle DDL has none
        shape, spec_shape = mine.shape() or {}, theirs.shape() or {}
        assert shape["type"] == spec_shape["type"]
        # The example is a real row, which import validated against the spec's shape; the spec's own example
        # fits the inferred shape too. Shapes are narrower than the spec where the data lacks something:
        # certifications.channel_mappings holds only [] in the exports, so its items are unknown.
        assert not list(Draft202012Validator(spec_shape).iter_errors(mine.example_value())), (table, column)
        assert not list(Draft202012Validator(shape).iter_errors(theirs.example_value())), (table, column)
    assert app.table("certifications").column("channel_mappings").shape() == {"type": "array"}


def test_enums_proposed_hold_values_the_spec_declares(app: Schema) -> None:
    """Proposed enums are open, and their values are among the spec's, except questions.channel: the two
    exported channel files give it two values (algorithms, aws); the spec keeps channel free text."""
    proposed = {(t.name, c.name): c.enum for t in app.tables for c in t.columns if c.enum is not None}
    assert set(proposed) == {
        ("certifications", "category"),
        ("certifications", "difficulty"),
        ("questions", "channel"),
        ("questions", "difficulty"),
        ("work_queue", "action"),
        ("work_queue", "created_by"),
        ("work_queue", "status"),
    }
    for (table, column), enum in proposed.items():
        assert enum.open
        declared = SPEC.table(table).column(column).enum
        if (table, column) == ("questions", "channel"):
            assert declared is None and enum.values == ("algorithms", "aws")
            continue
        assert declared is not None and set(enum.values) <= set(declared.values), (table, column)
    # All the spec's values appear where the data has them all; the rest show a subset.
    assert set(proposed["questions", "difficulty"].values) == set(
        SPEC.table("questions").column("difficulty").enum.values
    )  # type: ignore[union-attr]
    assert proposed["work_queue", "status"].values == ("completed", "failed")
    # Not proposed, though the spec has enums there: one value only in the exports (questions.status is
    # always active, bot_runs.status completed, bot_ledger.bot_name processor, ...), no value at all
    # (work_queue.assigned_to), or three rows only (voice_sessions.difficulty).
    assert app.table("questions").column("status").enum is None
    assert app.table("voice_sessions").column("difficulty").enum is None


def test_booleans_and_timestamps_are_noted_in_comments(app_db: str) -> None:
    text = cli("inspect", "--url", app_db).stdout
    lines = text.splitlines()

    def comment_of(column: str, table_line: str) -> list[str]:
        start = lines.index(table_line)
        at = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith(f"{column}:"))
        out = []
        while lines[at - 1].lstrip().startswith("#"):
            at -= 1
            out.insert(0, lines[at].strip())
        return out

    assert comment_of("voice_suitable", "  questions:") == [
        "# inferred from 658 rows: only 0 and 1 (0: 633, 1: 24): a boolean"
    ]
    # 602 ISO: import fills the one createdAt the export lacks, as the app's $defaultFn would (toISOString)
    assert comment_of("created_at", "  questions:") == [
        "# inferred from 658 rows: timestamps, ISO-8601 602, SQLite 'YYYY-MM-DD HH:MM:SS' 56 (mixed); format",
        "# date-time (`schemagen audit` warns about the others)",
    ]
    assert "  # 658 rows, all profiled\n  questions:\n" in text
    assert "  # no rows: nothing inferred\n  users:\n" in text


def test_the_app_database_round_trips_with_its_proposals(app_db: str, app: Schema) -> None:
    with connect(app_db) as db:
        live = introspect(db)
        report = audit_database(db, app)
    assert plan_migration(live, app).is_empty and plan_migration(app, live).is_empty
    assert report.clean, report.to_json()


CHINOOK_SUMMARY = "11 tables, 64 columns, 0 views, 0 triggers, 0 virtual tables, 58 rows profiled"


def test_chinook_golden_and_deterministic(tmp_path: Path) -> None:
    """The same database gives the same bytes, under any hash seed; the format is pinned by a golden file."""
    database(tmp_path / "chinook.db", (CORPUS / "chinook.sql").read_text(encoding="utf-8"))
    runs = [
        cli("inspect", "--url", "chinook.db", cwd=tmp_path, process=True, seed=seed) for seed in ("0", "1")
    ]
    assert all(r.exit_code == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert_golden(CORPUS / "chinook.expected.yaml", runs[0].stdout)
    assert runs[0].stderr == f"chinook.db: {CHINOOK_SUMMARY}\n"


def test_out_writes_the_file_atomically_and_replaces_it(tmp_path: Path) -> None:
    source = database(tmp_path / "c.db", (CORPUS / "chinook.sql").read_text(encoding="utf-8"))
    out = tmp_path / "spec.yaml"
    out.write_text("old\n", encoding="utf-8")
    ran = cli("inspect", "--url", source, "--out", str(out))
    assert ran.exit_code == 0 and ran.stdout == f"{out}: {source}: {CHINOOK_SUMMARY}\n"
    assert out.read_text(encoding="utf-8") == cli("inspect", "--url", source).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db", "spec.yaml"]  # no temporary file left
    new_dir = tmp_path / "spec" / "schema.yaml"  # a missing folder is made, as `init` makes spec/
    assert cli("inspect", "--url", source, "--out", str(new_dir)).exit_code == 0
    assert new_dir.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    under_a_file = tmp_path / "c.db" / "spec.yaml"
    bad = cli("inspect", "--url", source, "--out", str(under_a_file))
    assert (bad.exit_code, bad.stderr) == (
        2,
        f"{under_a_file}: cannot write: {tmp_path / 'c.db'} is a file, not a folder\n",
    )


def test_inspect_is_read_only(tmp_path: Path) -> None:
    """Nothing is written: the file's bytes stay the same and no journal is left; a missing file is an error
    that names it, and it is not created."""
    source = database(tmp_path / "c.db", (CORPUS / "constructs.sql").read_text(encoding="utf-8"))
    before = hashlib.sha256(Path(source).read_bytes()).hexdigest()
    assert cli("inspect", "--url", source).exit_code == 0
    assert hashlib.sha256(Path(source).read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db"]
    missing = tmp_path / "missing.db"
    for url in (str(missing), f"file:{missing}"):
        ran = cli("inspect", "--url", url)
        assert ran.exit_code == 2 and not missing.exists()
        assert ran.stderr == f"{url}: no such database file (nothing was created; only push creates one)\n"
    ran = cli("inspect", "--url", str(tmp_path))
    assert (ran.exit_code, ran.stderr) == (
        2,
        f"cannot open {tmp_path}: it is a directory, not a database file\n",
    )


def test_bad_options_and_empty_databases_are_one_line_errors(tmp_path: Path) -> None:
    source = database(tmp_path / "c.db", (CORPUS / "chinook.sql").read_text(encoding="utf-8"))
    ran = cli("inspect", "--url", source, "--rows", "0")
    assert (ran.exit_code, ran.stderr) == (2, "--rows must be at least 1 (got 0)\n")
    empty = database(tmp_path / "empty.db", "CREATE VIEW v AS SELECT 1 AS one;")
    ran = cli("inspect", "--url", empty)
    assert (ran.exit_code, ran.stderr) == (
        2,
        f"{empty}: the database holds 1 view but no tables: nothing to inspect "
        "(a spec needs at least one table)\n",
    )


def test_unreachable_server_fails_fast() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    ran = cli("inspect", "--url", f"http://127.0.0.1:{port}")
    assert ran.exit_code == 2 and "cannot reach" in ran.stderr and len(ran.stderr.splitlines()) == 1
    assert time.monotonic() - started < 10


def test_a_rejected_token_is_never_shown(sqld_fresh: SqldServer) -> None:
    for token in (sqld_fresh.tokens.forged, sqld_fresh.tokens.garbage):
        ran = cli("inspect", "--url", sqld_fresh.url, "--token", token)
        assert ran.exit_code == 2 and "rejected" in ran.stderr and token not in ran.output


def test_no_profile_reads_the_schema_only(app_db: str) -> None:
    ran = cli("inspect", "--url", app_db, "--no-profile")
    assert ran.exit_code == 0 and "inferred" not in ran.stdout and "# " not in ran.stdout.split("\n", 1)[1]
    schema = load_spec("plain.yaml", text=ran.stdout)
    assert not any(t.json_columns or t.enum_columns for t in schema.tables)
    assert ran.stderr.endswith("0 virtual tables\n")


def test_rows_limits_each_table_and_pages_stay_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At most --rows rows per table, read in keyset pages (3 here), in rowid order or, for a WITHOUT ROWID
    table, primary-key order: the example is the first value in that order."""
    monkeypatch.setattr(generator.inspect.profile, "PAGE_SIZE", 3)
    script = (
        "CREATE TABLE t (id integer PRIMARY KEY, doc text);"
        "CREATE TABLE w (k text PRIMARY KEY, doc text) WITHOUT ROWID;"
    )
    source = database(tmp_path / "p.db", script)
    with sqlite3.connect(source) as conn:
        conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, json.dumps({"n": i})) for i in range(20, 0, -1)])
        conn.executemany(
            "INSERT INTO w VALUES (?, ?)", [(f"k{i:02}", json.dumps([i])) for i in range(20, 0, -1)]
        )
        conn.execute("INSERT INTO t VALUES (100, 'not json')")  # past the limit: never read
    conn.close()
    seen: list[tuple[str, int, int]] = []
    with connect(source) as db:
        found = inspect_database(db, rows=7, progress=lambda *args: seen.append(args))
    assert [p.rows for p in found.profiles] == [7, 7] and not any(p.complete for p in found.profiles)
    t, w = found.schema.table("t").column("doc"), found.schema.table("w").column("doc")
    assert t.json and t.example_value() == {"n": 1} and w.example_value() == [1]
    assert seen[-1] == ("w", 14, 14) and [done for _t, done, _n in seen] == [3, 6, 7, 10, 13, 14]
    text = found.to_yaml()
    assert "  # 7 rows profiled (the --rows limit; the table has more)\n  t:\n" in text


PROFILE_SQL = """
CREATE TABLE p (
  id integer PRIMARY KEY,
  kind text, blank text, many text, long text, code text UNIQUE, mixed text, flag integer, ones integer,
  stamp text, odd integer, list varchar(100), checked text CHECK (checked IS NULL OR json_valid(checked)),
  parent integer REFERENCES p (id), scalars text CHECK (scalars IS NULL OR json_valid(scalars))
);
"""


def test_profile_proposals_and_what_they_leave_alone(tmp_path: Path) -> None:
    source = database(tmp_path / "p.db", PROFILE_SQL)
    with sqlite3.connect(source) as conn:
        for i in range(30):
            conn.execute(
                "INSERT INTO p VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                (
                    i,
                    ["a", "b", "c"][i % 3],  # an open enum
                    ["", "x", "y"][i % 3],  # '' is not an enum value: x and y are, '' is counted apart
                    f"v{i % 15}",  # 15 distinct values: too many for an enum
                    ["a long " * 12, "b"][i % 2],  # prose, not a kind
                    ["u", "v"][i % 2] + str(i),  # unique: an identity, not a kind
                    f"[{i}]" if i % 2 else f"plain {i}",  # JSON and not: no JSON proposal
                    i % 2,  # 0 and 1: a boolean
                    1,  # only 1: not noted
                    "2024-01-01T00:00:00Z" if i % 3 else "2024-01-01 00:00:00",
                    "seven" if i == 7 else i,  # text among integers
                    json.dumps([i]),  # JSON, but declared varchar(100): a comment only
                    i % 2 or None,  # a parent's id: a key, no boolean
                    json.dumps(["a", i][i % 2]),  # a JSON column holding strings and numbers
                ),
            )
    conn.close()
    with connect(source) as db:
        found = inspect_database(db)
    table = found.schema.table("p")
    assert table.column("kind").enum is not None and table.column("kind").enum.values == ("a", "b", "c")
    assert table.column("blank").enum is not None and table.column("blank").enum.values == ("x", "y")
    for name in ("many", "long", "code", "mixed", "list", "parent", "id"):
        assert table.column(name).enum is None and not table.column(name).json, name
    checked = table.column("checked")
    assert checked.json and checked.json_check and checked.shape() == {} and checked.example_value() is None
    scalars = table.column("scalars")
    assert scalars.shape() == {"type": ["integer", "string"]} and scalars.example_value() == "a"
    notes = dict(found.comments)[("tables", "p", "columns", "blank")]
    assert notes == (
        "inferred from 30 rows: 2 values (x 10, y 10, and '' 10 (not an enum value)): an open enum "
        "(`open: false` would add a CHECK)",
    )
    comments = dict(found.comments)
    assert comments["tables", "p", "columns", "flag"] == (
        "inferred from 30 rows: only 0 and 1 (0: 15, 1: 15): a boolean",
    )
    assert ("tables", "p", "columns", "ones") not in comments
    assert ("tables", "p", "columns", "parent") not in comments
    assert comments["tables", "p", "columns", "stamp"] == (
        "inferred from 30 rows: timestamps, ISO-8601 20, SQLite 'YYYY-MM-DD HH:MM:SS' 10 (mixed); format "
        "date-time (`schemagen audit` warns about the others)",
    )
    assert table.column("stamp").format == "date-time"
    # half the values are JSON documents, half are not: reported, never an enum of documents
    assert comments["tables", "p", "columns", "mixed"] == (
        "inferred from 30 rows: 15 of 30 values are JSON (objects or arrays), the others are not: not made "
        "type json, no enum proposed",
    )
    assert comments["tables", "p", "columns", "odd"] == (
        "inferred from 30 rows: stored as integer 29, text 1",
    )
    assert comments["tables", "p", "columns", "list"] == (
        "inferred from 30 rows: every value is a JSON array; declared varchar(100), so not made `type: json`",
    )
    assert comments["tables", "p", "columns", "checked"] == (
        "inferred from 30 rows: no JSON value to infer a shape from: describe it in `json:` and `example:`",
    )
    spec = load_spec("p.yaml", text=found.to_yaml())
    assert spec == found.schema
    with connect(source) as db:
        assert plan_migration(introspect(db), spec).is_empty


def test_what_a_spec_refuses_is_written_and_flagged(tmp_path: Path) -> None:
    """SQLite takes a view of a table that is gone and a trigger on UPDATE OF a column that does not exist;
    a spec does not. The spec is written all the same, with the loader's complaints, and exit code 1."""
    source = database(
        tmp_path / "odd.db",
        "CREATE TABLE t (id integer PRIMARY KEY, user_id text, userId text);"
        "CREATE TABLE gone (x text); CREATE VIEW stale AS SELECT x FROM gone; DROP TABLE gone;"
        "CREATE TRIGGER tr AFTER UPDATE OF nope ON t BEGIN SELECT 1; END;",
    )
    out = tmp_path / "spec.yaml"
    ran = cli("inspect", "--url", source, "--out", str(out))
    assert ran.exit_code == 1 and out.exists()
    problems = ran.stderr.splitlines()
    assert problems[0] == "warning: the spec does not load as it is (the database holds what a spec refuses):"
    assert problems[1:] == [  # both at once: the view's SQL and the trigger's column
        "  spec:18:10: views.stale.sql: no such table: main.gone",
        "  spec:25:15: triggers.tr.columns[0]: table 't' has no column 'nope'",
    ]
    # Two columns whose camelCase property would be the same get numbered ones, so that part loads.
    assert "      userId: {type: text, property: userId2}\n" in out.read_text(encoding="utf-8")
    text = out.read_text(encoding="utf-8").replace("    columns: [nope]\n", "")
    with pytest.raises(SpecError, match=r"views\.stale\.sql: no such table: main\.gone"):
        load_spec("fixed.yaml", text=text)


def test_wide_rows_are_read_in_smaller_pages_on_sqld(sqld_fresh: SqldServer) -> None:
    """sqld refuses a response over 10 MB: pages of 1 MB rows are halved until they fit; every row is read."""
    rows = ["INSERT INTO big (body) VALUES (printf('%.*c', 1000000, 'x'))"] * 30
    sqld_fresh.run(["CREATE TABLE big (id integer PRIMARY KEY, body text)", *rows])
    with connect(sqld_fresh.url, sqld_fresh.tokens.ro) as db:
        found = inspect_database(db)
    assert found.profiles[0].rows == 30 and found.profiles[0].complete


def _executes(request: Request) -> list[str]:
    return [r["stmt"]["sql"] for r in request.json()["requests"] if r["type"] == "execute"]


def _rows_answer(request: Request, rows: list[list[dict[str, str]]]) -> dict[str, object]:
    """Each execute of the pipeline answered with `rows` (one column per value), then the close."""
    cols = [{"name": f"c{i}", "decltype": None} for i in range(len(rows[0]))]
    result = {"type": "ok", "response": {"type": "execute", "result": {"cols": cols, "rows": rows}}}
    return {
        "results": [result for _sql in _executes(request)] + [{"type": "ok", "response": {"type": "close"}}]
    }


@pytest.mark.parametrize(
    "spoiled",
    [
        ("SELECT count(*) FROM (SELECT 1", [[{"type": "text", "value": "many"}]], "counting the rows of t"),
        ('SELECT rowid, "doc"', [[{"type": "integer", "value": "1"}]], "1 values in a row of 2 columns"),
    ],
    ids=["count", "page"],
)
def test_hostile_answers_while_profiling_are_one_line(
    sqld_fresh: SqldServer, spoiled: tuple[str, list[list[dict[str, str]]], str]
) -> None:
    """The introspection is real; the answer to the row count or to a page is not what was asked."""
    start, rows, message = spoiled
    sqld_fresh.run(["CREATE TABLE t (doc text)", "INSERT INTO t VALUES ('[1]')"])

    def spoil(request: Request) -> Behaviour | None:
        if any(sql.startswith(start) for sql in _executes(request)):
            return shaped(lambda r: _rows_answer(r, rows))
        return None

    with HostileServer(forward(sqld_fresh.url, spoil)) as proxy:
        ran = cli("inspect", "--url", proxy.url, "--token", sqld_fresh.tokens.ro)
    assert ran.exit_code == 2 and ran.stdout == ""
    assert ran.stderr.startswith(f"{proxy.url}: unexpected answer") and message in ran.stderr
    assert len(ran.stderr.splitlines()) == 1 and sqld_fresh.tokens.ro not in ran.stderr


def test_a_server_answering_html_is_one_line() -> None:
    with HostileServer(answer("<html>hello</html>", content_type="text/html")) as server:
        ran = cli("inspect", "--url", server.url, "--token", "secret-token-123")
    assert ran.exit_code == 2 and len(ran.stderr.splitlines()) == 1 and server.url in ran.stderr
    assert "secret-token-123" not in ran.output


def test_profiling_text_json_cannot_decode_is_not_an_error(tmp_path: Path) -> None:
    """A hostile file's text: JSON nested deeper than the decoder goes, an integer longer than Python
    reads. Profiling reads them as plain text (no proposal), and inspect says so without an error."""
    path = tmp_path / "hostile.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, j TEXT)")
        conn.execute("INSERT INTO t (j) VALUES (?)", ("[" * 100_000 + "]" * 100_000,))
        conn.execute("INSERT INTO t (j) VALUES (?)", ('{"a": ' + "1" * 5000 + "}",))
    conn.close()
    ran = cli("inspect", "--url", f"file:{path}", "--profile")
    assert ran.exit_code == 0, ran.output
    assert "j: {type: TEXT}" in ran.stdout and "2 rows profiled" in ran.output
