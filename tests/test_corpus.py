"""Real schemas of well-known projects, at several versions each (tests/data/corpus/README.md), with rows.

For every version: the database is made as the application makes it (its own SQL functions and collations
registered), with rows in every table; then inspect -> validate -> plan (no-op) -> push to an empty file
(the same structure by PRAGMAs and parsed SQL) -> plan (no-op) -> audit -> generate. For every step from one
version to the next: the next version's spec is pushed to a database of the previous one holding rows, and
every row of every table both versions have is still there, with the values of the columns both have.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from test_inspect_roundtrip import check_contract

from generator.db import connect
from generator.migrate.plan import plan_migration
from generator.migrate.push import Outcome, PushOptions, push_spec
from generator.model import affinity
from generator.spec import load_spec
from generator.sqlite.introspect import introspect

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
ROWS = 3  # rows per table


def _unicase(a: str, b: str) -> int:
    ka, kb = a.casefold(), b.casefold()
    return (ka > kb) - (ka < kb)


class _Concat:
    def __init__(self) -> None:
        self.items: list[str] = []

    def step(self, *values: object) -> None:
        self.items.append(str(values[-1]))

    def finalize(self) -> str:
        return ",".join(self.items)


def app_connection(path: Path) -> sqlite3.Connection:
    """A connection as calibre and Anki open theirs: their functions and collations registered."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.create_collation("unicase", _unicase)
    conn.create_function("title_sort", 1, lambda title: title, deterministic=True)
    conn.create_function("uuid4", 0, lambda: "00000000-0000-4000-8000-000000000000")
    conn.create_function("books_list_filter", 1, lambda _book: 1)
    conn.create_aggregate("sortconcat", 2, _Concat)  # type: ignore[arg-type]
    conn.create_aggregate("concat", 1, _Concat)  # type: ignore[arg-type]
    return conn


def version_scripts(project: str) -> list[tuple[str, str]]:
    """(version, the script that builds it from nothing) in version order. Anki's later versions are its
    upgrade scripts applied in turn to the first one."""
    files = sorted((CORPUS / project).glob("*.sql"), key=lambda p: int(p.stem[1:].split("_")[0]))
    if project != "anki":
        return [(f.stem, f.read_text(encoding="utf-8")) for f in files]
    out, script = [], ""
    for f in files:
        script += f.read_text(encoding="utf-8")
        out.append((f.stem, script))
    return out


def schema_of(script: str, tmp: Path) -> list[tuple[str, str, str]]:
    """(type, name, sql) of every object the script leaves, in creation order (shadow tables left out)."""
    path = tmp / "schema-only.db"
    path.unlink(missing_ok=True)
    conn = app_connection(path)
    conn.executescript(script)
    shadow = {r[0] for r in conn.execute("SELECT name FROM pragma_table_list WHERE type = 'shadow'")}
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid"
    ).fetchall()
    conn.close()
    path.unlink()
    return [(t, n, s) for t, n, s in rows if n not in shadow]


def _value(column: str, declared: str, row: int, key: bool) -> Any:
    if key and affinity(declared).value == "INTEGER":
        return row
    kind = affinity(declared).value
    if kind in ("INTEGER", "NUMERIC"):
        return row
    if kind == "REAL":
        return row + 0.5
    if kind == "BLOB" and declared:
        return f"{column}-{row}".encode()
    return f"{column}-{row}"


def _parents(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    """For each foreign-key column, the value its parent's row of the same number holds (no dangling key)."""
    out = {}
    for parent, child, to in conn.execute(
        'SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)', (table,)
    ).fetchall():
        columns = conn.execute("SELECT name, type, pk FROM pragma_table_xinfo(?)", (parent,)).fetchall()
        key = [c for c in columns if (to is None and c[2] == 1) or (to is not None and c[0] == to)]
        if key:
            name, declared, pk = key[0]
            out[child] = lambda row, n=name, d=declared, k=bool(pk): _value(n, d, row, k)
    return out


def build(path: Path, objects: list[tuple[str, str, str]]) -> dict[str, int]:
    """The database as the application makes it, holding rows: tables and indexes, then ROWS rows per
    ordinary table (before the triggers, which would rewrite them), then views and triggers. Returns the
    number of rows each table took."""
    conn = app_connection(path)
    for kind, _name, sql in objects:
        if kind in ("table", "index"):
            conn.execute(sql)
    counts = {}
    virtual = {r[0] for r in conn.execute("SELECT name FROM pragma_table_list WHERE type <> 'table'")}
    for kind, name, _sql in objects:
        if kind != "table" or name in virtual:
            continue
        columns = conn.execute(
            "SELECT name, type, pk FROM pragma_table_xinfo(?) WHERE hidden = 0", (name,)
        ).fetchall()
        parents = _parents(conn, name)
        taken = 0
        for row in range(1, ROWS + 1):
            values = [
                parents[c](row) if c in parents else _value(c, t, row, bool(pk)) for c, t, pk in columns
            ]
            marks = ", ".join("?" for _ in columns)
            names = ", ".join(f'"{c}"' for c, _t, _pk in columns)
            try:
                conn.execute(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', values)
                taken += 1
            except sqlite3.IntegrityError:
                pass  # a CHECK this generic row does not meet: the table holds fewer rows
        counts[name] = taken
    for kind, _name, sql in objects:
        if kind in ("view", "trigger"):
            conn.execute(sql)
    conn.close()
    return counts


def contents(path: Path, spec_tables: dict[str, set[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the named tables, the named columns only, sorted."""
    conn = app_connection(path)
    out = {}
    for table, columns in spec_tables.items():
        names = ", ".join(f'"{c}"' for c in sorted(columns))
        rows = conn.execute(f'SELECT {names} FROM "{table}"').fetchall()
        out[table] = sorted(rows, key=repr)
    conn.close()
    return out


def _columns(path: Path) -> dict[str, set[str]]:
    conn = app_connection(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM pragma_table_list WHERE type = 'table'")]
    out = {
        t: {str(r[0]) for r in conn.execute("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0", (t,))}
        for t in tables
        if not t.startswith("sqlite_")
    }
    conn.close()
    return out


VERSIONS = [(project, version) for project in ("anki", "calibre", "pihole", "zotero")
            for version, _script in version_scripts(project)]  # fmt: skip


@pytest.mark.parametrize(("project", "version"), VERSIONS)
def test_version_round_trips(project: str, version: str, tmp_path: Path) -> None:
    script = dict(version_scripts(project))[version]
    source = tmp_path / "source.db"
    counts = build(source, schema_of(script, tmp_path))
    assert sum(counts.values()) >= len(counts), counts  # nearly every table holds rows
    out = tmp_path / "spec.yaml"
    ran = cli("inspect", "--url", str(source), "--out", str(out))
    assert ran.exit_code == 0 and "warning" not in ran.output, ran.output
    assert cli("validate", "--spec", str(out)).exit_code == 0
    ran = cli("plan", "--check", "--spec", str(out), "--url", str(source))
    assert ran.exit_code == 0, ran.output
    with connect(str(source)) as db:
        check_contract(db, out.read_text(encoding="utf-8"), str(tmp_path / "empty.db"))
    ran = cli("generate", "--spec", str(out), "--out", str(tmp_path / "generated"))
    assert ran.exit_code == 0, ran.output


# Versions that add a NOT NULL column without a default to a table holding rows: refused, rows named.
REFUSED = {
    ("anki", "v15_upgrade", "v17_upgrade"): "tags: 3 rows would violate NOT NULL on new column",
    ("pihole", "v1_2019", "v2_2020"): "gravity: 3 rows would violate NOT NULL on new column adlist_id",
}

STEPS = [
    (project, a, b)
    for project in ("anki", "calibre", "pihole", "zotero")
    for (a, _x), (b, _y) in zip(version_scripts(project), version_scripts(project)[1:], strict=False)
]


@pytest.mark.parametrize(("project", "before", "after"), STEPS)
def test_version_to_version_push_keeps_every_row(
    project: str, before: str, after: str, tmp_path: Path
) -> None:
    scripts = dict(version_scripts(project))
    target = tmp_path / "target.db"
    build(target, schema_of(scripts[after], tmp_path))
    out = tmp_path / "after.yaml"
    assert cli("inspect", "--url", str(target), "--out", str(out), "--no-profile").exit_code == 0
    spec = load_spec(out)
    source = tmp_path / "source.db"
    build(source, schema_of(scripts[before], tmp_path))
    old, new = _columns(source), _columns(target)
    kept = {t: old[t] & new[t] for t in old.keys() & new.keys()}
    rows_before = contents(source, kept)
    report = push_spec(spec, str(source), None, PushOptions(write=True, allow_destructive=True))
    refusal = REFUSED.get((project, before, after))
    if refusal is not None:  # the application filled the new column itself; a push cannot invent values
        assert report.outcome is Outcome.REFUSED and refusal in report.reason, report.reason
        assert contents(source, kept) == rows_before  # nothing was changed
        return
    assert report.outcome in (Outcome.APPLIED, Outcome.NOTHING), (report.outcome, report.reason)
    assert contents(source, kept) == rows_before
    with connect(str(source)) as db:
        db.add_stand_ins(spec)
        assert plan_migration(introspect(db), spec).is_empty
