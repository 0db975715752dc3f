"""`schemagen export VIEW`: a view joining two tables, exported read-only through the real CLI, on a file and
on sqld: every row the view holds (equal rows included, across page boundaries), in files named as for tables,
counted, and all pages from one snapshot even while the tables change under the export."""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer
from helpers.targets import Target, file_target, sqld_target

from generator.data.export import PAGE_SIZE, export_table, file_name
from generator.spec import load_spec

SPEC = """\
version: 1
tables:
  authors:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text, not_null: true}
      born: {type: text}
  books:
    columns:
      id: {type: integer, primary_key: true}
      author_id: {type: integer, not_null: true, references: {table: authors}}
      genre: {type: text}
      price: {type: real}
      cover: {type: blob}
views:
  shelf:
    sql: >-
      SELECT a.name AS author, b.genre AS genre, b.price AS price, b.cover AS cover, a.born AS born
      FROM books AS b JOIN authors AS a ON a.id = b.author_id
"""
# More rows than a page (2,000), many of them equal in every column: keyset paging would lose some.
BOOKS = 2 * PAGE_SIZE + 321
FILL = [
    "INSERT INTO authors (id, name, born) VALUES "
    "(1, 'Ann', '1970'), (2, 'Bo ''the'' Ö', NULL), (3, 'Cy', '')",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
    f"{BOOKS}) INSERT INTO books (id, author_id, genre, price, cover) SELECT i, 1 + i % 3, "
    "CASE i % 4 WHEN 0 THEN NULL ELSE 'g' || (i % 4) END, "
    "CASE WHEN i % 5 = 0 THEN NULL ELSE 0.1 * (i % 7) END, "
    "CASE WHEN i % 6 = 0 THEN x'00ff10' END FROM n",
]
BOTH = [pytest.param("file"), pytest.param("sqld", marks=pytest.mark.sqld)]


@pytest.fixture(params=BOTH)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    (tmp_path / "spec.yaml").write_text(SPEC)
    if request.param == "file":
        made = file_target(tmp_path)
    else:
        server: SqldServer = request.getfixturevalue("sqld_fresh")
        made = sqld_target(server)
    assert cli("push", "--spec", str(tmp_path / "spec.yaml"), *made.args, cwd=tmp_path).exit_code == 0
    made.execute(*FILL)
    return made


def expected(tmp_path: Path, where: str = "") -> Counter[str]:
    """The view's rows as records, computed by stdlib sqlite3 on a copy of the data (not by export)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT, born TEXT);"
        "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER, genre TEXT, price REAL, cover BLOB);"
    )
    for sql in FILL:
        conn.execute(sql)
    sql = load_spec(tmp_path / "spec.yaml").views[0].sql
    rows = conn.execute(f"SELECT * FROM ({sql}) {where}").fetchall()
    return Counter(json.dumps([_plain(v) for v in row]) for row in rows)


def _plain(value: Any) -> Any:
    return base64.b64encode(value).decode() if isinstance(value, bytes) else value


def records(path: Path) -> Counter[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = ["author", "genre", "price", "cover", "born"]
    assert all(list(r) == keys for r in data)
    return Counter(json.dumps([r[k] for k in keys]) for r in data)


def test_a_view_joining_two_tables_is_exported_whole(target: Target, tmp_path: Path) -> None:
    out = tmp_path / "shelf.json"
    ran = cli("export", "shelf", "--out", str(out), "--spec", "spec.yaml", *target.args, cwd=tmp_path)
    assert ran.exit_code == 0, ran.output
    assert ran.stdout.startswith(f"shelf (a view, read-only): {BOOKS:,} rows from "), ran.stdout
    got = records(out)
    assert sum(got.values()) == BOOKS and got == expected(tmp_path)
    assert max(got.values()) > 1  # equal rows were there to lose, and none was


def test_a_view_split_by_a_column_and_filtered(target: Target, tmp_path: Path) -> None:
    out = tmp_path / "by-author"
    ran = cli(
        "export", "shelf", "--out", str(out), "--split-by", "author", "--where", "price IS NOT NULL",
        "--spec", "spec.yaml", *target.args, cwd=tmp_path,
    )  # fmt: skip
    assert ran.exit_code == 0, ran.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(file_name(a) + ".json" for a in ("Ann", "Bo 'the' Ö", "Cy"))  # as tables name them
    got = sum((records(out / n) for n in names), Counter[str]())
    want = expected(tmp_path, "WHERE price IS NOT NULL")
    assert got == want
    assert f"{sum(want.values()):,} rows" in ran.stdout and "3 files by author" in ran.stdout


def test_a_view_as_json_lines_on_stdout(target: Target, tmp_path: Path) -> None:
    ran = cli("export", "shelf", "--format", "jsonl", "--spec", "spec.yaml", *target.args, cwd=tmp_path)
    assert ran.exit_code == 0, ran.output
    lines = ran.stdout.splitlines()
    assert len(lines) == BOOKS and f"{BOOKS:,} rows" in ran.stderr
    keys = ["author", "genre", "price", "cover", "born"]
    got = Counter(json.dumps([json.loads(line)[k] for k in keys]) for line in lines)
    assert got == expected(tmp_path)


def test_every_page_comes_from_one_snapshot(target: Target, tmp_path: Path) -> None:
    """Rows added and removed between pages do not reach the export: it is the view as it was when it began.
    Without one read transaction, OFFSET pages would shift and repeat or skip rows."""
    if target.server is None:
        target.execute("PRAGMA journal_mode=WAL")  # a writer may commit beside a reader
    want = expected(tmp_path)
    changes = iter(range(100))

    def change_the_tables(_rows: int) -> None:
        n = next(changes)
        target.execute(
            "DELETE FROM books WHERE id IN (SELECT id FROM books ORDER BY id LIMIT 50)",
            f"INSERT INTO books (id, author_id, genre) VALUES ({100_000 + n}, 1, 'new')",
        )

    schema = load_spec(tmp_path / "spec.yaml")
    with target.connect() as db:
        report = export_table(
            db, schema, "shelf", out=tmp_path / "s.json", page_size=97, progress=change_the_tables
        )
    assert report.rows == BOOKS and report.view
    assert records(tmp_path / "s.json") == want
    assert target.count("books") < BOOKS  # the tables did change while the export ran


def test_unknown_split_column_of_a_view(target: Target, tmp_path: Path) -> None:
    ran = cli(
        "export", "shelf", "--out", str(tmp_path / "d"), "--split-by", "nope", "--spec", "spec.yaml",
        *target.args, cwd=tmp_path,
    )  # fmt: skip
    assert ran.exit_code == 2 and ran.stderr.strip() == "--split-by: view shelf has no column 'nope'"
    assert not (tmp_path / "d").exists()


def test_a_view_the_database_lacks_and_a_bad_where(target: Target, tmp_path: Path) -> None:
    target.execute("DROP VIEW shelf")
    ran = cli("export", "shelf", "--spec", "spec.yaml", *target.args, cwd=tmp_path)
    assert ran.exit_code == 2 and ran.stderr.endswith(": view shelf does not exist (see `schemagen plan`)\n")
    target.execute(f"CREATE VIEW shelf AS {load_spec(tmp_path / 'spec.yaml').views[0].sql}")
    ran = cli(
        "export", "shelf", "--out", "x.json", "--where", "nope > 1", "--spec", "spec.yaml", *target.args,
        cwd=tmp_path,
    )  # fmt: skip
    assert ran.exit_code == 2 and "no such column: nope" in ran.stderr and not (tmp_path / "x.json").exists()


@pytest.mark.sqld
def test_pages_too_large_for_the_server_are_read_again_in_halves(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    """sqld refuses an answer over 10 MB: the pages of a view of wide rows shrink until one fits."""
    target = sqld_target(sqld_fresh)
    (tmp_path / "spec.yaml").write_text(
        "version: 1\ntables:\n  blobs:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      body: {type: text}\nviews:\n  wide:\n    sql: SELECT id, body FROM blobs\n"
    )
    assert cli("push", "--spec", "spec.yaml", *target.args, cwd=tmp_path).exit_code == 0
    target.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) "
        "INSERT INTO blobs (id, body) SELECT i, hex(randomblob(200000)) FROM n"
    )
    ran = cli("export", "wide", "--out", "wide.json", "--spec", "spec.yaml", *target.args, cwd=tmp_path)
    assert ran.exit_code == 0, ran.output
    rows = json.loads((tmp_path / "wide.json").read_text())
    assert [r["id"] for r in rows] == list(range(1, 61)) and all(len(r["body"]) == 400_000 for r in rows)
    requests = int(re.search(r"; (\d+) requests", ran.stdout).group(1))  # type: ignore[union-attr]
    assert "60 rows" in ran.stdout and requests >= 10, ran.stdout  # refused pages were asked again, smaller


BROKEN = """\
version: 1
tables:
  docs:
    columns:
      id: {type: integer, primary_key: true}
      body: {type: text}
views:
  parsed:
    sql: SELECT id, json_extract(body, '$.a') AS a FROM docs
"""


@pytest.mark.parametrize("to_file", [False, True])
def test_an_error_midway_says_what_it_left(tmp_path: Path, to_file: bool) -> None:
    """A row the database cannot compute stops the export; the message says what went out before it: no
    file (written whole or not at all), or the rows standard output already got (counted, not guessed)."""
    (tmp_path / "s.yaml").write_text(BROKEN)
    db = tmp_path / "v.db"
    assert cli("push", "--spec", str(tmp_path / "s.yaml"), "--url", f"file:{db}").exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO docs (id, body) VALUES (?, ?)",
            [(i, '{"a": 1}' if i != 19_000 else "not json") for i in range(1, 20_000)],
        )
    out = ("--out", str(tmp_path / "x.json")) if to_file else ("--format", "jsonl")
    ran = cli("export", "parsed", "--spec", str(tmp_path / "s.yaml"), "--url", f"file:{db}", *out)
    assert ran.exit_code == 2 and "malformed JSON" in ran.stderr
    if to_file:
        assert ran.stderr.rstrip().endswith("; no file was written") and not (tmp_path / "x.json").exists()
    else:
        got = len(ran.stdout.splitlines())
        assert 0 < got < 19_000
        assert ran.stderr.rstrip().endswith(
            f"; standard output got {got:,} rows before it, and is incomplete"
        )
