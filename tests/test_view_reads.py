"""A view's dependencies are the tables and views it really reads (the parse tree), as SQLite confirms: not
every word of its SQL. Views are created in that order; the pages and the ER diagram say the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import cli
from test_inspect_roundtrip import SCHEMAS, check_contract, file_database

from generator.db import connect
from generator.model import Schema, fold
from generator.spec import load_spec
from generator.sqlite.ddl import view_order
from generator.sqlite.introspect import introspect
from generator.sqlite.memory import confirmed_reads
from generator.sqlite.reads import view_reads

ALIASES = """
CREATE TABLE t (x INTEGER, y TEXT);
CREATE TABLE "select" (id INTEGER PRIMARY KEY, x INTEGER);
CREATE VIEW a AS SELECT x AS b, y FROM t;
CREATE VIEW b AS SELECT b, y FROM a;
CREATE VIEW c AS WITH t AS (SELECT 1 AS x) SELECT x FROM t;
CREATE VIEW d AS SELECT s.x FROM "select" AS s JOIN b ON b.b = s.x WHERE s.x IN (SELECT x FROM t);
CREATE VIEW e AS SELECT count(*) AS n FROM c, d;
"""


def test_alias_named_like_a_view_orders_correctly(tmp_path: Path) -> None:
    """The issue's case: view a's column alias `b` is not a read of view b (that made a cycle)."""
    source = file_database(tmp_path / "source.db", ALIASES)
    out = tmp_path / "spec.yaml"
    ran = cli("inspect", "--url", source, "--out", str(out))
    assert ran.exit_code == 0 and "warning" not in ran.output, ran.output
    spec = load_spec(out)
    assert [v.name for v in view_order(spec.views)] == ["a", "b", "c", "d", "e"]
    assert {v.name: sorted(view_reads(v.sql)) for v in spec.views} == {
        "a": ["t"],
        "b": ["a"],
        "c": [],  # its CTE t is not the table t
        "d": ["b", "select", "t"],
        "e": ["c", "d"],
    }
    with connect(source) as db:
        check_contract(db, out.read_text(encoding="utf-8"), str(tmp_path / "empty.db"))
    # listed in the other order in the spec, the views are still created in theirs
    reordered = load_spec("r.yaml", text=_views_reversed(out.read_text(encoding="utf-8")))
    ran = cli("push", "--yes", "--spec", str(out), "--url", str(tmp_path / "other.db"))
    assert ran.exit_code == 0, ran.output
    order = [v.name for v in view_order(reordered.views)]
    for view in reordered.views:
        assert all(order.index(r) < order.index(view.name) for r in view_reads(view.sql) if r in order), order


def _views_reversed(text: str) -> str:
    head, views = text.split("\nviews:\n", 1)
    blocks = views.strip("\n").split("\n\n")
    return head + "\nviews:\n" + "\n\n".join(reversed(blocks)) + "\n"


def test_a_table_named_select_is_read_only_by_the_view_that_reads_it(tmp_path: Path) -> None:
    source = file_database(tmp_path / "source.db", ALIASES)
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", source, "--out", str(out), "--no-profile").exit_code == 0
    generated = tmp_path / "gen"
    assert cli("generate", "--spec", str(out), "--out", str(generated)).exit_code == 0
    pages = "\n".join(p.read_text(encoding="utf-8") for p in sorted(generated.glob("*.md")))
    assert "*Reads:* `t`\n" in pages  # view a
    assert "*Reads:* `select`, `t`, `b`" in pages  # view d: tables first, then views, in schema order
    assert "*Reads:* no table" in pages  # view c reads only its CTE
    edges = [line.split() for line in pages.splitlines() if line.rstrip().endswith('"read by view"')]
    assert sorted(e[2] for e in edges if e[0].strip('"') == "select") == ["d"]  # one edge: d reads it


def _closure(schema: Schema) -> dict[str, frozenset[str]]:
    """view_reads made transitive through views (what preparing a view needs)."""
    views = {fold(v.name): v for v in schema.views}
    objects = {fold(t.name) for t in schema.tables} | set(views)
    objects |= {fold(v.name) for v in schema.virtual_tables}
    out: dict[str, frozenset[str]] = {}
    for view in schema.views:
        seen: set[str] = set()
        todo = [fold(view.name)]
        while todo:
            for name in view_reads(views[todo.pop()].sql) & objects:
                if name not in seen:
                    seen.add(name)
                    if name in views:
                        todo.append(name)
        out[view.name] = frozenset(seen - {fold(view.name)})
    return out


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_reads_are_what_sqlite_confirms(name: str, tmp_path: Path) -> None:
    """On every schema of the inspect corpus: the parse tree's reads, through views, are exactly the
    objects without which SQLite cannot prepare the view."""
    source = file_database(tmp_path / "source.db", SCHEMAS[name])
    with connect(source) as db:
        schema = introspect(db)
    assert _closure(schema) == {k: v for k, v in confirmed_reads(schema).items()}


def test_aliases_schema_confirmed_by_sqlite(tmp_path: Path) -> None:
    source = file_database(tmp_path / "source.db", ALIASES)
    with connect(source) as db:
        schema = introspect(db)
    confirmed = confirmed_reads(schema)
    assert confirmed["b"] == {"a", "t"} and confirmed["c"] == frozenset()
    assert _closure(schema) == confirmed


def test_each_caller_gets_its_own_in_memory_database_made_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stages of a run ask about the same schema several times: it is created once, and each caller
    gets a copy of its own (what one drops, the next still has)."""
    from generator.sqlite import memory

    source = file_database(tmp_path / "source.db", ALIASES)
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", source, "--out", str(out)).exit_code == 0
    spec = load_spec(out)
    made: list[int] = []
    create = memory._create

    def counted(conn: object, schema: Schema) -> frozenset[str]:
        made.append(1)
        return create(conn, schema)  # type: ignore[arg-type]

    monkeypatch.setattr(memory, "_create", counted)
    monkeypatch.setattr(memory, "_last", None)
    names = "SELECT name FROM sqlite_schema ORDER BY name"
    with memory.schema_in_memory(spec) as first:
        whole = first.conn.execute(names).fetchall()
        first.conn.execute("DROP VIEW e")
    for _ in range(3):
        with memory.schema_in_memory(spec) as again:
            assert again.conn.execute(names).fetchall() == whole
            again.conn.execute("DROP VIEW e")
    assert made == [1]
    other = load_spec(out)  # another schema object: created again
    with memory.schema_in_memory(other) as fresh:
        assert fresh.conn.execute(names).fetchall() == whole
    assert made == [1, 1]
