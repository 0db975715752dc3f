"""App-defined SQL functions and collations: a schema whose views, triggers, CHECKs and keys use what only the
application registers is inspected (declared), validated, pushed, rebuilt and audited.

The source databases are made the way the applications make them: the real functions and collations are
registered on the connection that writes the schema and the rows (generator/sqlite/appdefined.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer
from test_inspect_roundtrip import witness

from generator.data.audit import audit_database
from generator.db import connect
from generator.errors import SpecError
from generator.migrate.plan import plan_migration
from generator.migrate.push import Outcome, PushOptions, push_spec
from generator.migrate.report import result_lines
from generator.model import AppCollation, AppFunction
from generator.spec import load_spec
from generator.sqlite.appdefined import collation_order
from generator.sqlite.introspect import introspect
from generator.sqlite.memory import view_columns

SCHEMA = """
CREATE TABLE books (id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL DEFAULT 'Unknown' COLLATE NOCASE, sort TEXT COLLATE NOCASE, uuid TEXT,
  CHECK (length(title_sort(title)) >= 0));
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE unicase, UNIQUE (name));
CREATE TABLE link (id INTEGER PRIMARY KEY, book INTEGER NOT NULL REFERENCES books(id),
  tag INTEGER NOT NULL REFERENCES tags(id), UNIQUE (book, tag));
CREATE TABLE words (w TEXT COLLATE unicase PRIMARY KEY, n INT) WITHOUT ROWID;
CREATE INDEX books_sort ON books (sort COLLATE NOCASE);
CREATE INDEX tags_key ON tags (title_sort(name));
CREATE VIEW tag_browser AS SELECT id, name, (SELECT count(id) FROM link WHERE tag = tags.id) AS count,
  (SELECT sortconcat(id, title) FROM books WHERE books.id IN (SELECT book FROM link WHERE tag = tags.id))
  AS titles, title_sort(name) AS s FROM tags;
CREATE VIEW meta AS SELECT id, title, books_list_filter(id, 2, 3) AS f, books_list_filter(id) AS g FROM books;
CREATE TRIGGER books_insert AFTER INSERT ON books BEGIN
  UPDATE books SET sort = title_sort(NEW.title), uuid = uuid4() WHERE id = NEW.id; END;
"""


def _cmp(a: str, b: str) -> int:
    return (a.lower() > b.lower()) - (a.lower() < b.lower())


def app_connection(path: Path) -> sqlite3.Connection:
    """A connection as the application opens it: its own functions and collation registered."""
    conn = sqlite3.connect(path)
    conn.create_collation("unicase", _cmp)
    conn.create_function("title_sort", 1, lambda t: str(t).removeprefix("The "), deterministic=True)
    conn.create_function("uuid4", 0, lambda: "u-1")
    conn.create_function("books_list_filter", -1, lambda *a: 1)

    class Concat:
        def __init__(self) -> None:
            self.items: list[str] = []

        def step(self, _i: object, value: object) -> None:
            self.items.append(str(value))

        def finalize(self) -> str:
            return ",".join(sorted(self.items))

    conn.create_aggregate("sortconcat", 2, Concat)  # type: ignore[arg-type]
    return conn


def source_database(path: Path) -> Path:
    conn = app_connection(path)
    conn.executescript(SCHEMA)
    conn.executescript(
        "INSERT INTO books (title) VALUES ('The Hobbit'), ('Dune');"
        "INSERT INTO tags (name) VALUES ('SciFi'), ('fantasy');"
        "INSERT INTO link (book, tag) VALUES (1, 2), (2, 1);"
        "INSERT INTO words VALUES ('b', 1), ('A', 2), ('c', 3);"
    )
    conn.commit()
    conn.close()
    return path


def test_inspect_declares_the_apps_functions_and_collations(tmp_path: Path) -> None:
    source = source_database(tmp_path / "app.db")
    for flags in ((), ("--no-profile",)):
        out = tmp_path / "spec.yaml"
        ran = cli("inspect", "--url", str(source), "--out", str(out), *flags)
        assert ran.exit_code == 0, ran.output
        assert "warning" not in ran.output, ran.output
        spec = load_spec(out)
        assert {f.name: (f.arguments, f.deterministic) for f in spec.functions} == {
            "books_list_filter": (-1, False),  # called with 3 and with 1 argument
            "sortconcat": (2, False),
            "title_sort": (1, True),  # in a CHECK and an index key: SQLite demands it deterministic
            "uuid4": (0, False),
        }
        assert spec.collations == (AppCollation("unicase", like="nocase"),)
    # validate, plan --check and push against the unchanged database
    assert cli("validate", "--spec", str(out)).exit_code == 0
    assert cli("plan", "--check", "--spec", str(out), "--url", str(source)).exit_code == 0
    ran = cli("push", "--yes", "--spec", str(out), "--url", str(source))
    assert ran.exit_code == 0 and "nothing to do" in ran.output, ran.output
    # push to an empty file: the same schema by pragmas and parsed SQL, then nothing to do
    empty = tmp_path / "empty.db"
    ran = cli("push", "--yes", "--spec", str(out), "--url", str(empty))
    assert ran.exit_code == 0, ran.output
    spec = load_spec(out)
    with connect(str(source)) as a, connect(str(empty)) as b:
        a.add_stand_ins(spec)
        b.add_stand_ins(spec)
        assert witness(a) == witness(b)
        assert plan_migration(introspect(b), spec).is_empty
        assert audit_database(a, spec).clean
    assert cli("audit", "--spec", str(out), "--url", str(source)).exit_code == 0
    assert cli("generate", "--spec", str(out), "--out", str(tmp_path / "gen")).exit_code == 0


def test_a_table_keyed_by_an_app_collation_is_rebuilt_keeping_every_row(tmp_path: Path) -> None:
    source = source_database(tmp_path / "app.db")
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", str(source), "--out", str(out), "--no-profile").exit_code == 0
    text = out.read_text(encoding="utf-8")
    # a CHECK on words and on tags: both tables are rebuilt (a new table, rows copied, renamed)
    changed = text.replace("n: {type: INT}", "n: {type: INT, checks: ['n > 0']}")
    old = "name: {type: TEXT, not_null: true, collate: unicase}"
    changed = changed.replace(old, old[:-1] + ", checks: [\"name <> ''\"]}")
    assert changed.count("checks:") == text.count("checks:") + 2, text
    spec = load_spec("changed.yaml", text=changed)
    with connect(str(source)) as db:
        steps = plan_migration(introspect(db), spec).steps
    rebuilt = sorted(s.table for s in steps if s.kind == "rebuild_table")
    assert rebuilt == ["tags", "words"], [s.summary for s in steps]
    report = push_spec(spec, str(source), None, PushOptions(write=True))
    assert report.outcome is Outcome.APPLIED, report
    assert report.reindex == ("title_sort", "unicase")  # the push says the app must REINDEX
    assert any(line.startswith("then, in the app: run `REINDEX`") for line in result_lines(report))
    conn = app_connection(source)  # the application's own connection reads everything back
    assert conn.execute("SELECT w, n FROM words ORDER BY w").fetchall() == [("A", 2), ("b", 1), ("c", 3)]
    assert conn.execute("SELECT name FROM tags ORDER BY name").fetchall() == [("fantasy",), ("SciFi",)]
    # The rebuilt index on title_sort(name) holds the stand-in's values (NULL), words' key the stand-in's
    # order: the application rebuilds them with its own functions, as docs/sqlite-dialect.md says.
    damaged = {str(r[0]).rsplit(" ", 1)[-1] for r in conn.execute("PRAGMA integrity_check")}
    assert damaged == {"tags_key"}, damaged
    conn.execute("REINDEX")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    with connect(str(source)) as db:
        db.add_stand_ins(spec)
        assert plan_migration(introspect(db), spec).is_empty


def test_stand_ins_compute_the_declared_sql_and_order_like_the_declared_collation() -> None:
    spec = load_spec(
        "spec.yaml",
        text="""version: 1
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      a: {type: text, collate: ci}
views:
  v: {sql: "SELECT twice(id) AS d, twice() AS e FROM t ORDER BY a"}
functions:
  twice: {arguments: any, deterministic: true, sql: '?1 * 2', description: The app's doubling.}
collations:
  ci: {like: casefold}
""",
    )
    assert spec.functions == (AppFunction("twice", -1, True, "?1 * 2", "The app's doubling."),)
    assert [n for n, _t in view_columns(spec)["v"]] == ["d", "e"]
    order = collation_order(AppCollation("ci", "casefold"))
    assert order("STRASSE", "straße") == 0 and order("a", "B") == -1
    assert collation_order(AppCollation("x", "rtrim"))("a  ", "a") == 0
    assert collation_order(AppCollation("x", "nocase"))("É", "é") != 0  # NOCASE folds ASCII only


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "functions:\n  twice: {arguments: 1, sql: 'nope(?1)'}\n",
            "functions.twice.sql: no such function: nope",
        ),
        ("collations:\n  NoCase: {like: binary}\n", "collations.NoCase: NoCase is SQLite's own collation"),
        ("collations:\n  ci: {like: icu}\n", "collations.ci.like: 'icu' is not one of"),
    ],
)
def test_bad_declarations_are_errors_at_their_place(extra: str, message: str) -> None:
    text = "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n" + extra
    with pytest.raises(SpecError) as err:
        load_spec("spec.yaml", text=text)
    assert message in str(err.value), str(err.value)


def test_undeclared_function_or_collation_names_the_place() -> None:
    text = (
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      a: {type: text, collate: unicase}\nviews:\n  v: {sql: 'SELECT title_sort(a) FROM t'}\n"
    )
    with pytest.raises(SpecError) as err:
        load_spec("spec.yaml", text=text)
    assert "tables.t.columns.a.collate: no such collation sequence: unicase" in str(err.value)


def test_sqld_cannot_create_a_table_in_an_app_collation(sqld_fresh: SqldServer, tmp_path: Path) -> None:
    """A server has only its own collations: the push fails with SQLite's message, nothing changed
    (docs/sqlite-dialect.md); views and triggers calling app functions are created (SQLite resolves
    functions when they run)."""
    source = source_database(tmp_path / "app.db")
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", str(source), "--out", str(out), "--no-profile").exit_code == 0
    spec = load_spec(out)
    report_ran = cli(
        "push", "--yes", "--spec", str(out), "--url", sqld_fresh.url, "--token", sqld_fresh.tokens.rw
    )
    assert report_ran.exit_code == 2, report_ran.output
    assert "no such function: title_sort" in report_ran.output  # books' CHECK, the first table
    assert sqld_fresh.run(["SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"]) == [[("0",)]]
    assert spec.collations


def test_sqld_views_and_triggers_calling_app_functions(sqld_fresh: SqldServer) -> None:
    """A server holds views and triggers that call the app's functions (SQLite resolves a function when
    the statement runs): inspect declares them, and validate, plan --check and push against it hold."""
    try:
        sqld_fresh.run(
            [
                "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, sort TEXT)",
                "CREATE VIEW sorted AS SELECT id, title_sort(title) AS s, x AS b FROM books, (SELECT 1 AS x)",
                "CREATE VIEW b AS SELECT b, s FROM sorted",
                "CREATE TRIGGER books_ins AFTER INSERT ON books BEGIN "
                "UPDATE books SET sort = title_sort(NEW.title) WHERE id = NEW.id; END",
            ]
        )
        url, token = sqld_fresh.url, sqld_fresh.tokens.rw
        ran = cli("inspect", "--url", url, "--token", token)
        assert ran.exit_code == 0 and "warning" not in ran.output, ran.output
        spec = load_spec("inspected.yaml", text=ran.stdout)
        assert spec.functions == (AppFunction("title_sort", 1),)
        assert [v.name for v in spec.views] == ["b", "sorted"]
        report = push_spec(spec, url, token, PushOptions(write=True))
        assert report.outcome is Outcome.NOTHING, report.reason
        assert push_spec(spec, url, token, PushOptions(write=False, check=True)).exit_code == 0
        # pushed to an empty server: view b after the view it reads, the trigger too, though sqld lacks
        # the function
        sqld_fresh.run(["DROP VIEW b", "DROP VIEW sorted", "DROP TABLE books"])
        report = push_spec(spec, url, token, PushOptions(write=True))
        assert report.outcome is Outcome.APPLIED, report.reason
        assert push_spec(spec, url, token, PushOptions(write=False, check=True)).exit_code == 0
    finally:
        sqld_fresh.run(["DROP VIEW IF EXISTS b", "DROP VIEW IF EXISTS sorted", "DROP TABLE IF EXISTS books"])


def test_export_and_import_a_table_keyed_by_an_app_collation(tmp_path: Path) -> None:
    source = source_database(tmp_path / "app.db")
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", str(source), "--out", str(out), "--no-profile").exit_code == 0
    rows = tmp_path / "words.json"
    ran = cli("export", "--spec", str(out), "--url", str(source), "words", "--out", str(rows))
    assert ran.exit_code == 0, ran.output
    empty = tmp_path / "empty.db"
    assert cli("push", "--yes", "--spec", str(out), "--url", str(empty)).exit_code == 0
    ran = cli("import", "--spec", str(out), "--url", str(empty), "words", str(rows))
    assert ran.exit_code == 0, ran.output
    conn = app_connection(empty)
    assert conn.execute("SELECT w, n FROM words ORDER BY w").fetchall() == [("A", 2), ("b", 1), ("c", 3)]
    conn.close()


def test_the_reference_page_lists_the_apps_functions_and_collations(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "version: 1\n"
        "functions:\n"
        "  title_sort: {arguments: 1, deterministic: true, sql: lower(?1), description: Sort key.}\n"
        "collations:\n  unicase: {like: nocase}\n"
        "tables:\n  books:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      title: {type: text, collate: unicase}\n",
        encoding="utf-8",
    )
    assert cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), cwd=tmp_path).exit_code == 0
    page = (tmp_path / "out" / "SCHEMA.md").read_text(encoding="utf-8")
    section = page.split("## App-defined functions and collations\n", 1)[1].split("\n## ", 1)[0]
    assert "| `title_sort` | function, deterministic | 1 | `lower(?1)` | Sort key. |" in section
    assert "| `unicase` | collation | — | ordered like `nocase` |  |" in section
    plain = tmp_path / "plain.yaml"
    plain.write_text(
        spec.read_text().split("tables:", 1)[1].replace(", collate: unicase", ""), encoding="utf-8"
    )
    plain.write_text("version: 1\ntables:" + plain.read_text(), encoding="utf-8")
    assert (
        cli("generate", "--spec", str(plain), "--out", str(tmp_path / "plain"), cwd=tmp_path).exit_code == 0
    )
    assert "App-defined" not in (tmp_path / "plain" / "SCHEMA.md").read_text(encoding="utf-8")
