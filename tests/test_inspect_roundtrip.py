"""inspect's contract, on a corpus of schemas, on a file and on the real sqld: the inspected spec describes
the live database exactly.

For every schema: the spec loads; the planner finds nothing to do between the live schema and the spec (both
ways); pushing the spec to an empty database creates the same schema, seen by two witnesses (the planner's
structural comparison, and `witness` below: the PRAGMAs, the CHECKs, the view and trigger definitions);
auditing the source against the spec finds no error; load -> dump -> load is the identity and the text
stable; and the pages `generate` writes from it have Mermaid blocks that Mermaid's own parser accepts.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.mermaid import Mermaid, mermaid_blocks
from helpers.sqld import SqldServer

from generator.data.audit import audit_database
from generator.db import Database, connect
from generator.migrate.plan import plan_migration
from generator.migrate.push import Outcome, PushOptions, push_spec
from generator.spec import load_spec
from generator.spec.dump import dump_spec
from generator.sqlite.ddl import schema_statements
from generator.sqlite.introspect import introspect
from generator.sqlite.parse import (
    default_value,
    parse_create_index,
    parse_create_table,
    parse_create_trigger,
    parse_create_view,
    parse_create_virtual,
)
from generator.sqlite.tokens import canonical

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "inspect"


def _golden_ddl(name: str) -> str:
    """The DDL schemagen itself writes for a golden spec (every construct of the language)."""
    return "\n".join(schema_statements(load_spec(ROOT / "tests/data/golden" / name / "spec.yaml")))


SCHEMAS: dict[str, str] = {
    "constructs": (CORPUS / "constructs.sql").read_text(encoding="utf-8"),
    "names": (CORPUS / "names.sql").read_text(encoding="utf-8"),
    "chinook": (CORPUS / "chinook.sql").read_text(encoding="utf-8"),
    "edges": (CORPUS / "edges.sql").read_text(encoding="utf-8"),
    "drizzle": (ROOT / "tests/data/drizzle_push.sql").read_text(encoding="utf-8"),
    "every_construct": _golden_ddl("every_construct"),
}


def statements(script: str) -> list[str]:
    """An SQL script cut into whole statements (trigger bodies hold `;`): SQLite's own completeness test."""
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        if not line.lstrip().startswith("--"):
            pending += line
            if sqlite3.complete_statement(pending):
                out.append(pending.strip())
                pending = ""
    return out


def file_database(path: Path, script: str) -> str:
    with sqlite3.connect(path) as conn:
        conn.executescript(script)
    conn.close()
    return str(path)


# --- the second witness: what SQLite says about a schema, compared by meaning ---------------------------


def _default(text: Any) -> Any:
    """pragma_table_xinfo's dflt_value by meaning: `pending`, `"pending"` and `'pending'` are one default,
    `0x10` and `16` another."""
    literal, expr = default_value(str(text)) if text is not None else (None, None)
    if isinstance(literal, int | float):
        return ("n", float(literal))
    if literal is not None:
        return ("s", literal)
    return ("e", canonical(expr)) if expr is not None else None  # DEFAULT NULL kept as written


def witness(db: Database) -> dict[str, Any]:
    """Every table's PRAGMAs (columns, foreign keys, indexes and their keys, options), its CHECKs, and the
    views, triggers and virtual tables, in comparable form (SQL canonical, automatic index names apart)."""
    out: dict[str, Any] = {}
    kinds = {
        str(r[0]): str(r[1])
        for r in db.query("SELECT name, type FROM pragma_table_list WHERE schema = 'main'")
    }
    for kind, name, sql in db.query("SELECT type, name, sql FROM sqlite_schema ORDER BY name"):
        name, sql = str(name), str(sql)
        if name.startswith("sqlite_") or kinds.get(name) == "shadow" or kind == "index":
            continue
        if kind == "view":
            view = parse_create_view(sql)
            out[f"view {name}"] = (canonical(view.sql), view.column_names)
        elif kind == "trigger":
            t = parse_create_trigger(sql)
            out[f"trigger {name}"] = (
                t.table,
                t.timing,
                t.event,
                t.columns,
                canonical(t.when),
                canonical(t.body),
            )
        elif kinds.get(name) == "virtual":
            v = parse_create_virtual(sql)
            out[f"virtual {name}"] = (v.module.lower(), tuple(canonical(a) for a in v.arguments))
        else:
            out[f"table {name}"] = _table_witness(db, name, sql)
    return out


def _table_witness(db: Database, name: str, sql: str) -> dict[str, Any]:
    columns = [
        (r[0], r[1], r[2], r[3], _default(r[4]), r[5], r[6])
        for r in db.query(
            'SELECT cid, name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)', (name,)
        )
    ]
    indexes = []
    for index, unique, origin, partial in db.query(
        'SELECT name, "unique", origin, partial FROM pragma_index_list(?)', (name,)
    ):
        keys = db.query('SELECT seqno, cid, name, "desc", coll, key FROM pragma_index_xinfo(?)', (index,))
        shown = "(automatic)" if str(index).startswith("sqlite_autoindex_") else index
        where = ""
        if origin == "c":
            (create,) = db.query("SELECT sql FROM sqlite_schema WHERE name = ?", (index,))[0]
            where = canonical(parse_create_index(str(create)).where)
        indexes.append((shown, unique, origin, partial, tuple(keys), where))
    parsed = parse_create_table(sql)
    checks = [c.sql for c in parsed.checks] + [c.sql for col in parsed.columns for c in col.checks]
    return {
        "columns": columns,
        "foreign_keys": db.query("SELECT * FROM pragma_foreign_key_list(?)", (name,)),
        "indexes": sorted(indexes, key=repr),
        "options": db.query("SELECT type, ncol, wr, strict FROM pragma_table_list(?)", (name,)),
        "checks": sorted(canonical(c) for c in checks),
    }


# --- the contract ---------------------------------------------------------------------------------------


def check_contract(source: Database, spec_text: str, empty_url: str) -> None:
    """Every promise of the round trip, for one inspected database and an empty one to push to."""
    spec = load_spec("inspected.yaml", text=spec_text)
    live = introspect(source)
    assert plan_migration(live, spec).is_empty, [s.summary for s in plan_migration(live, spec).steps]
    assert plan_migration(spec, live).is_empty
    again = dump_spec(spec)
    assert load_spec("again.yaml", text=again) == spec and dump_spec(load_spec("x.yaml", text=again)) == again
    report = audit_database(source, spec)
    assert report.clean, report.to_json()
    before = witness(source)
    assert push_spec(spec, empty_url, None, PushOptions(write=True)).outcome is Outcome.APPLIED
    with connect(empty_url) as empty:
        assert witness(empty) == before
        assert plan_migration(introspect(empty), spec).is_empty


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_inspect_round_trips_on_a_file(name: str, tmp_path: Path) -> None:
    source = file_database(tmp_path / "source.db", SCHEMAS[name])
    out = tmp_path / "spec.yaml"
    ran = cli("inspect", "--url", source, "--out", str(out))
    assert ran.exit_code == 0, ran.output
    with connect(source) as db:
        check_contract(db, out.read_text(encoding="utf-8"), str(tmp_path / "empty.db"))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_inspect_round_trips_on_sqld(name: str, sqld_fresh: SqldServer, tmp_path: Path) -> None:
    """The same contract over Hrana: inspect the server's database, then empty it and push the spec back."""
    try:
        sqld_fresh.run(statements(SCHEMAS[name]))
        token = sqld_fresh.tokens.ro  # inspect never writes: a read-only token is enough
        ran = cli("inspect", "--url", sqld_fresh.url, "--token", token)
        assert ran.exit_code == 0, ran.output
        assert token not in ran.output
        spec = load_spec("inspected.yaml", text=ran.stdout)
        with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
            live = introspect(db)
            assert plan_migration(live, spec).is_empty and plan_migration(spec, live).is_empty
            assert audit_database(db, spec).clean
            before = witness(db)
        _drop_everything(sqld_fresh)
        report = push_spec(spec, sqld_fresh.url, sqld_fresh.tokens.rw, PushOptions(write=True))
        assert report.outcome is Outcome.APPLIED
        with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
            assert witness(db) == before
            assert plan_migration(introspect(db), spec).is_empty
    finally:
        _drop_everything(sqld_fresh)
    # A file holding the same schema inspects the same way: the specs differ only in the header and name.
    source = file_database(tmp_path / "source.db", SCHEMAS[name])
    assert _body(cli("inspect", "--url", source).stdout) == _body(ran.stdout)


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(("#", "name:")))


def _drop_everything(server: SqldServer) -> None:
    """Views, triggers, virtual and plain tables all go (shadow tables go with their virtual table)."""
    rows = server.run(["SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"])[0]
    shadow = {str(r[0]) for r in server.run(["SELECT name FROM pragma_table_list WHERE type = 'shadow'"])[0]}
    drops = [f'DROP VIEW IF EXISTS "{n}"' for kind, n in rows if kind == "view"]
    drops += [f'DROP TABLE IF EXISTS "{n}"' for kind, n in rows if kind == "table" and n not in shadow]
    server.run(["PRAGMA foreign_keys=OFF", *drops])
    assert server.run(["SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"]) == [[("0",)]]


def test_generated_pages_of_every_inspected_spec_pass_mermaid(tmp_path: Path, mermaid: Mermaid) -> None:
    blocks: list[tuple[str, str]] = []
    for name, script in sorted(SCHEMAS.items()):
        source = file_database(tmp_path / f"{name}.db", script)
        spec = tmp_path / f"{name}.yaml"
        assert cli("inspect", "--url", source, "--out", str(spec)).exit_code == 0
        out = tmp_path / f"{name}-generated"
        ran = cli("generate", "--spec", str(spec), "--out", str(out))
        assert ran.exit_code == 0, ran.output
        for page in sorted(out.glob("*.md")):
            blocks += [(f"{name}/{page.name}", b) for b in mermaid_blocks(page.read_text(encoding="utf-8"))]
    assert len(blocks) >= len(SCHEMAS)  # the ER diagram of each, at least
    errors = mermaid([b for _where, b in blocks])
    assert [(where, e) for (where, _b), e in zip(blocks, errors, strict=True) if e] == []


def test_default_null_is_kept_as_written_and_never_a_change(tmp_path: Path) -> None:
    """Sakila and many ported schemas say DEFAULT NULL: the pushed copy's pragmas say it too, and the
    planner sees no difference between it and no default (they mean the same)."""
    source = file_database(
        tmp_path / "source.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT NULL, b TEXT DEFAULT (null), c TEXT);",
    )
    out = tmp_path / "spec.yaml"
    assert cli("inspect", "--url", source, "--out", str(out), "--no-profile").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "default: {sql: 'NULL'}" in text and "default: {sql: 'null'}" in text, text
    empty = tmp_path / "empty.db"
    assert cli("push", "--yes", "--spec", str(out), "--url", str(empty)).exit_code == 0
    xinfo = "SELECT name, dflt_value FROM pragma_table_xinfo('t')"
    with sqlite3.connect(source) as a, sqlite3.connect(empty) as b:
        assert a.execute(xinfo).fetchall() == b.execute(xinfo).fetchall() == [
            ("id", None), ("a", "NULL"), ("b", "null"), ("c", None)  # SQLite keeps what is inside the parens
        ]  # fmt: skip
    a.close()
    b.close()
    # A spec without the defaults against the database with them, and the other way: no change either way.
    bare_text = text.replace(", default: {sql: 'NULL'}", "").replace(", default: {sql: 'null'}", "")
    bare = load_spec("bare.yaml", text=bare_text)
    with connect(source) as db:
        assert plan_migration(introspect(db), bare).is_empty
        assert plan_migration(bare, introspect(db)).is_empty
    # A column added with DEFAULT NULL goes in with ALTER TABLE ADD COLUMN (a constant), not a rebuild.
    added = "c: {type: TEXT}\n      d: {type: TEXT, default: {sql: 'NULL'}}"
    grown = load_spec("grown.yaml", text=text.replace("c: {type: TEXT}", added))
    with connect(source) as db:
        steps = plan_migration(introspect(db), grown).steps
    assert [s.kind for s in steps] == ["add_column"], [s.summary for s in steps]
