"""SQL readings kept in the user's cache (generator/sqlite/readings.py): a run that read the same views and
queries before does not import sqlglot, and what it finds in the cache is what reading the text gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_corpus import app_connection, version_scripts

from generator.db import connect
from generator.emit.docs.relations import plans
from generator.sqlite import readings
from generator.sqlite.introspect import introspect
from generator.sqlite.reads import view_reads

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"

HAND_WRITTEN = [
    "WITH recent AS (SELECT * FROM events) SELECT * FROM recent JOIN users u ON u.id = recent.user_id",
    "SELECT a FROM t WHERE b IN other",
    "SELECT x.a AS b FROM main.t AS x, temp.y WHERE x.c IN (SELECT d FROM z)",
    "SELECT * FROM (SELECT 1) AS q",
    "SELECT FROM WHERE",  # sqlglot cannot read it
    'SELECT "odd ""name""" FROM "we\'ird" ORDER BY 1',
    "SELECT '\ud800' AS lone FROM t",  # a lone surrogate (YAML's "\ud800" escape): still a key
]
QUERIES = [
    "SELECT * FROM users u JOIN posts p ON p.user_id = u.id WHERE u.email = ? ORDER BY p.created_at",
    "SELECT * FROM t WHERE a BETWEEN 1 AND 2; SELECT * FROM t ORDER BY b; ;",
    "SELECT FROM WHERE",
    "SELECT * FROM t WHERE x IS NULL AND 3 = y",
]


def _views(tmp: Path) -> list[str]:
    texts: list[str] = []
    for project in ("calibre", "pihole"):
        for version, script in version_scripts(project):
            path = tmp / f"{project}-{version}.db"
            conn = app_connection(path)
            conn.executescript(script)
            conn.close()
            with connect(str(path)) as db:
                texts.extend(view.sql for view in introspect(db).views)
    return texts


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """An empty cache of this process, kept in a file of the test's own folder."""
    entries: dict[str, Any] = {}
    monkeypatch.setattr(readings, "_file", lambda: tmp_path / "readings.json")
    monkeypatch.setattr(readings, "_loaded", entries)
    monkeypatch.setattr(readings, "_dirty", False)
    return entries


def _unread(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(sql: str) -> None:
        raise AssertionError(f"read again: {sql}")

    monkeypatch.setattr(readings, "_read_view", refuse)
    monkeypatch.setattr(readings, "_read_query", refuse)


def test_a_kept_reading_is_the_reading_of_the_text(
    cache: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    views = [*_views(tmp_path), *HAND_WRITTEN]
    assert len(views) > 10
    fresh_views = {sql: readings.view_sources(sql) for sql in views}
    fresh_queries = {sql: readings.query_facts(sql) for sql in QUERIES}
    assert any(v is None for v in fresh_views.values()) and any(
        isinstance(f, str) for f in fresh_queries.values()
    )
    readings._save()  # as the process ends
    kept = json.loads((tmp_path / "readings.json").read_text(encoding="utf-8"))
    assert set(kept) == {readings.entry_key("view", s) for s in views} | {
        readings.entry_key("query", s) for s in QUERIES
    }
    monkeypatch.setattr(readings, "_loaded", kept)  # the next run, reading nothing again
    _unread(monkeypatch)
    for sql, value in fresh_views.items():
        assert readings.view_sources(sql) == value, sql
    for sql, facts in fresh_queries.items():
        assert readings.query_facts(sql) == facts, sql


@pytest.mark.parametrize(
    "bad",
    [
        "text",
        [["a"]],
        [["a", 1]],
        [[["a", "b"]]],
        [[[], [["q", "c", "nearby"]]]],
        [[[], [["q", "c"]]]],
        {"a": "b"},
        7,
    ],
)
def test_an_entry_of_another_shape_is_read_again(cache: dict[str, Any], bad: object) -> None:
    view, query = HAND_WRITTEN[0], QUERIES[0]
    expected_view = readings._read_view(view)
    expected_query = readings._read_query(query)
    cache[readings.entry_key("view", view)] = bad
    cache[readings.entry_key("query", query)] = bad
    if not isinstance(bad, str):  # a string is a query's parse error: a right shape
        assert readings.query_facts(query) == expected_query
    assert readings.view_sources(view) == expected_view


def test_the_reading_is_what_view_reads_and_index_uses_say() -> None:
    assert view_reads(HAND_WRITTEN[0]) == {"events", "users"}
    assert view_reads(HAND_WRITTEN[1]) == {"t", "other"}
    assert view_reads(HAND_WRITTEN[2]) == {"t", "z"}  # temp.y is not the main schema's


def _generate(out: Path, cache_home: Path) -> str:
    probe = (
        "import sys\nfrom generator.cli import execute\n"
        f"code = execute(['generate', '--spec', {str(SPEC)!r}, '--out', {str(out)!r}])\n"
        "print(code, 'sqlglot' in sys.modules)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_second_generate_does_not_import_sqlglot_and_writes_the_same(tmp_path: Path) -> None:
    home = tmp_path / "cache"
    assert _generate(tmp_path / "first", home) == "0 True"
    (kept,) = (home / "schemagen").glob("sql-readings-*.json")
    assert kept.stat().st_mode & 0o777 == 0o600  # the names come from the user's SQL
    assert _generate(tmp_path / "second", home) == "0 False"
    assert _files(tmp_path / "first") == _files(tmp_path / "second")
    kept.write_text('{"' + "x" * 64 + '": [1, {"not": "a reading"}]', encoding="utf-8")  # not JSON
    assert _generate(tmp_path / "third", home) == "0 True"
    assert _files(tmp_path / "third") == _files(tmp_path / "first")
    assert json.loads(kept.read_text(encoding="utf-8"))  # written again, whole


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert _generate(tmp_path / "out", blocker) == "0 True"
    assert _generate(tmp_path / "again", blocker) == "0 True"
    assert _files(tmp_path / "out") == _files(tmp_path / "again")


def test_the_reference_specs_queries_are_served_from_the_cache(
    cache: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.spec import load_spec

    schema = load_spec(SPEC)
    first = plans(schema)
    assert first and all(readings.entry_key("query", q.sql) in cache for q in schema.queries)
    _unread(monkeypatch)
    assert plans(schema) == first


def test_the_cache_file_changes_with_the_reading_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reading is kept only for the code that made it: an edited readings.py starts a new file."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = readings._file.__wrapped__()
    edited = tmp_path / "readings.py"
    edited.write_bytes(Path(readings.__file__).read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(readings, "__file__", str(edited))
    second = readings._file.__wrapped__()
    assert first is not None and second is not None
    assert first.parent == second.parent == tmp_path / "schemagen" and first != second
