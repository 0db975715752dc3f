"""Check every SQL fragment of a spec against SQLite itself, in memory, each pointed at its spec path.

CHECKs, expression defaults, generated columns and collations are tried one at a time on a bare copy of
their table (so an error names the fragment, not just the table); index keys and WHERE clauses, virtual
tables, views (by selecting from them) and triggers (by compiling the statement that fires them) follow.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from msgspec.structs import replace

from generator.model import Column, Schema, Table, fold
from generator.spec.source import Path_
from generator.sqlite.appdefined import BUILT_IN_COLLATIONS, parameter_count, register
from generator.sqlite.ddl import (
    create_index_sql,
    create_table_sql,
    create_trigger_sql,
    create_view_sql,
    create_virtual_sql,
    dependency_order,
    quote_identifier,
    view_order,
)
from generator.sqlite.libsql import for_sqlite
from generator.sqlite.reads import view_reads
from generator.sqlite.tokens import references

PROBE = "_schemagen_probe"
Problem = tuple[Path_, str]


def fragment_problems(schema: Schema) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) from running the schema's SQL in an in-memory SQLite."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    # No statement cache: a cached `EXPLAIN INSERT ...` compiled for one trigger would be reused for the
    # next trigger on that table without compiling the new trigger's body.
    conn = sqlite3.connect(":memory:", isolation_level=None, cached_statements=0)
    register(conn, schema)  # libSQL's, the app's functions and collations (generator/sqlite/appdefined.py)
    try:
        errors += _declared(conn, schema)
        for table in dependency_order(schema):
            errors += _table(conn, for_sqlite(table))
        for table in schema.tables:
            for index in table.indexes:
                problem = _run(conn, create_index_sql(index))
                if problem:
                    errors.append((("tables", table.name, "indexes", index.name), problem))
        missing: dict[str, str] = {}  # folded name -> the virtual table (module) it cannot be without
        for vtable in schema.virtual_tables:
            problem = _run(conn, create_virtual_sql(vtable))
            if problem and problem.startswith("no such module"):
                warnings.append((("virtual_tables", vtable.name, "module"), f"{problem} in this SQLite"))
                missing[fold(vtable.name)] = f"{vtable.name} (module {vtable.module})"
            elif problem:
                errors.append((("virtual_tables", vtable.name), problem))
        for view in view_order(schema.views):
            # The words are a superset of the reads: the parse tree only when a word names what is missing.
            named = references(view.sql) & missing.keys()
            lacking = _lacking(missing, view.sql, view_reads(view.sql)) if named else ""
            if lacking:
                missing[fold(view.name)] = f"{view.name}, which reads {lacking}"
                warnings.append((("views", view.name, "sql"), f"not checked: it reads {lacking}"))
            else:
                errors += _view(conn, schema, view.name)
        for trigger in schema.triggers:
            # Each piece apart: a name is not SQL, and a WHEN ending in a comment would hide the body.
            pieces = (quote_identifier(trigger.table), trigger.when or "", trigger.body)
            lacking = next((found for found in (_lacking(missing, p) for p in pieces) if found), "")
            if lacking:
                warnings.append((("triggers", trigger.name, "sql"), f"not checked: it uses {lacking}"))
                continue
            problem = _trigger(
                conn, create_trigger_sql(trigger), trigger.table, trigger.event, trigger.columns
            )
            if problem:
                errors.append((("triggers", trigger.name, "sql"), problem))
    finally:
        conn.close()
    return errors, warnings


def _declared(conn: sqlite3.Connection, schema: Schema) -> list[Problem]:
    """The app-defined functions' stand-in expressions run (on NULLs); no collation renames a built-in one."""
    out: list[Problem] = []
    for function in schema.functions:
        if function.sql:
            try:
                conn.execute(f"SELECT ({function.sql})", (None,) * parameter_count(function.sql))
            except sqlite3.Error as exc:
                out.append((("functions", function.name, "sql"), str(exc)))
    for collation in schema.collations:
        if fold(collation.name) in BUILT_IN_COLLATIONS:
            out.append((("collations", collation.name), f"{collation.name} is SQLite's own collation"))
    return out


def _lacking(missing: dict[str, str], sql: str, reads: frozenset[str] | None = None) -> str:
    """What the SQL reads (every name it mentions, unless `reads` says) that this SQLite could not create
    ('' when nothing)."""
    found = (references(sql) if reads is None else reads) & missing.keys()
    return next((missing[name] for name in sorted(found)), "")


def _run(conn: sqlite3.Connection, sql: str) -> str:
    """'' when `sql` runs, else SQLite's message."""
    try:
        conn.execute(sql)
    except sqlite3.Error as exc:
        return str(exc)
    return ""


def _bare(column: Column) -> Column:
    return replace(column, default=None, default_expr=None, generated=None, checks=(), collate="", enum=None)


def _table(conn: sqlite3.Connection, table: Table) -> list[Problem]:
    """The table's fragments one at a time, then the whole table (kept for indexes, views, triggers).

    The whole table is tried first: when SQLite takes it, it takes each fragment on the bare table too
    (a fragment alone asks less of it), so the fragments are tried one by one only to name a failure.
    """
    if not _run(conn, create_table_sql(table, if_not_exists=False)):
        return []
    return _fragment_errors(conn, table)


def _fragment_errors(conn: sqlite3.Connection, table: Table) -> list[Problem]:
    """Each fragment on a bare copy of the table, then the whole table (when none fails)."""
    tpath: Path_ = ("tables", table.name)
    bare_columns = tuple(_bare(c) for c in table.columns)
    bare = replace(table, columns=bare_columns, checks=(), uniques=(), foreign_keys=())
    problem = _run(conn, create_table_sql(bare, name=PROBE, if_not_exists=False))
    if problem:
        return [(tpath, problem)]
    _run(conn, f"DROP TABLE {quote_identifier(PROBE)}")
    out: list[Problem] = []
    for probe, path in _fragments(table, bare):
        problem = _run(conn, create_table_sql(probe, name=PROBE, if_not_exists=False))
        _run(conn, f"DROP TABLE IF EXISTS {quote_identifier(PROBE)}")
        if problem:
            out.append((path, problem.replace(PROBE, table.name)))
    if not out:
        problem = _run(conn, create_table_sql(table))
        if problem:
            out.append((tpath, problem))
    return out


def _fragments(table: Table, bare: Table) -> Iterator[tuple[Table, Path_]]:
    """(the bare table plus one fragment, the fragment's spec path)."""
    tpath: Path_ = ("tables", table.name)
    for i, column in enumerate(table.columns):
        cpath: Path_ = (*tpath, "columns", column.name)
        pieces: list[tuple[Column, Path_]] = []
        if column.default_expr is not None:
            pieces.append((replace(bare.columns[i], default_expr=column.default_expr), (*cpath, "default")))
        if column.generated is not None:
            pieces.append((replace(bare.columns[i], generated=column.generated), (*cpath, "generated")))
        if column.collate:
            pieces.append((replace(bare.columns[i], collate=column.collate), (*cpath, "collate")))
        for j, check in enumerate(column.checks):
            pieces.append((replace(bare.columns[i], checks=(check,)), (*cpath, "checks", j)))
        for probe, path in pieces:
            columns = tuple(probe if k == i else c for k, c in enumerate(bare.columns))
            yield replace(bare, columns=columns), path
    for j, check in enumerate(table.checks):
        yield replace(bare, checks=(check,)), (*tpath, "checks", j)


def _view(conn: sqlite3.Connection, schema: Schema, name: str) -> list[Problem]:
    view = schema.view(name)
    path: Path_ = ("views", name)
    problem = _run(conn, create_view_sql(view)) or _run(
        conn, f"SELECT * FROM {quote_identifier(name)} LIMIT 0"
    )
    if problem:
        return [((*path, "sql"), problem)]
    present = {fold(row[0]) for row in conn.execute("SELECT name FROM pragma_table_xinfo(?)", (name,))}
    return [
        ((*path, "columns", col.name), f"the view has no column '{col.name}'")
        for col in view.docs.columns
        if fold(col.name) not in present
    ]


def _trigger(conn: sqlite3.Connection, sql: str, target: str, event: str, columns: tuple[str, ...]) -> str:
    """Create the trigger alone and compile a statement that fires it (SQLite checks its body then)."""
    problem = _run(conn, sql)
    if problem:
        return problem
    name = conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid DESC"
    ).fetchone()[0]
    q = quote_identifier(target)
    try:
        if event == "insert":
            statement = f"INSERT INTO {q} DEFAULT VALUES"
        elif event == "delete":
            statement = f"DELETE FROM {q}"
        else:
            found = conn.execute("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0", (target,))
            cols = columns or tuple(r[0] for r in found)
            statement = f"UPDATE {q} SET {quote_identifier(cols[0])} = {quote_identifier(cols[0])}"
        return _run(conn, f"EXPLAIN {statement}")
    finally:
        _run(conn, f"DROP TRIGGER IF EXISTS {quote_identifier(name)}")
