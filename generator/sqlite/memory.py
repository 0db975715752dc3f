"""The schema built in an in-memory SQLite, for what only SQLite itself can tell about it: the columns and
types of a view, whether a documented query runs.

A virtual table whose module this SQLite lacks (`vec0`, an extension's module) cannot be created here; it
and every view that reads it, directly or through other views, are `unavailable`: nothing here is asked
about them, and the spec check (generator/spec/sqlcheck.py) already warned about the module.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from msgspec import Struct

from generator.model import Schema, fold
from generator.sqlite import ddl
from generator.sqlite.appdefined import register
from generator.sqlite.libsql import for_sqlite
from generator.sqlite.reads import view_reads
from generator.sqlite.tokens import references


class InMemory(Struct, frozen=True):
    """An in-memory database holding the schema, and the objects it could not hold (folded names)."""

    conn: sqlite3.Connection
    unavailable: frozenset[str]

    def can_run(self, sql: str) -> bool:
        """False when the SQL reads an object this SQLite could not create."""
        return not (references(sql) & self.unavailable)


# The last schema built here, as SQLite's image of the database (`Connection.serialize`) and what it could
# not hold: the stages of one run ask about the same schema several times (a generate, 8), and a new
# connection loading the image costs a fraction of creating every table, index, view and trigger again.
_last: tuple[Schema, bytes, frozenset[str]] | None = None


@contextmanager
def schema_in_memory(schema: Schema) -> Iterator[InMemory]:
    """The schema created in a new in-memory SQLite (closed on exit): each caller gets a database of its
    own, to change as it likes."""
    global _last
    conn = sqlite3.connect(":memory:", isolation_level=None)
    register(conn, schema)  # libSQL's vector functions, the app's functions and collations
    try:
        last = _last
        if last is not None and last[0] is schema:
            conn.deserialize(last[1])
            yield InMemory(conn, last[2])
            return
        missing = _create(conn, schema)
        _last = (schema, conn.serialize(), missing)
        yield InMemory(conn, missing)
    finally:
        conn.close()


def _create(conn: sqlite3.Connection, schema: Schema) -> frozenset[str]:
    """Create the schema's objects in `conn`; the folded names of those this SQLite cannot hold."""
    missing: set[str] = set()
    for table in ddl.dependency_order(schema):
        conn.execute(ddl.create_table_sql(for_sqlite(table)))
        for index in table.all_indexes:
            conn.execute(ddl.create_index_sql(index))
    for vtable in schema.virtual_tables:
        try:
            conn.execute(ddl.create_virtual_sql(vtable))
        except sqlite3.Error:
            missing.add(fold(vtable.name))
    for view in ddl.view_order(schema.views):
        # The words are a superset of the reads: the parse tree only when a word names what is missing.
        if references(view.sql) & missing and view_reads(view.sql) & missing:
            missing.add(fold(view.name))
        else:
            conn.execute(ddl.create_view_sql(view))
    for trigger in schema.triggers:
        reads = references(trigger.when or "") | references(trigger.body) | {fold(trigger.table)}
        if not reads & missing:
            conn.execute(ddl.create_trigger_sql(trigger))
    return frozenset(missing)


def view_columns(schema: Schema) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each view's output columns as (name, declared type), as SQLite computes them; the views SQLite
    could not create here (they read a module it lacks) are left out."""
    if not schema.views:
        return {}
    with schema_in_memory(schema) as memory:
        return {
            view.name: tuple(
                (str(name), str(kind or ""))
                for name, kind in memory.conn.execute(
                    "SELECT name, type FROM pragma_table_xinfo(?)", (view.name,)
                )
            )
            for view in schema.views
            if fold(view.name) not in memory.unavailable
        }


def confirmed_reads(schema: Schema) -> dict[str, frozenset[str]]:
    """What SQLite says each view reads, directly or through other views (folded names): X is read when
    preparing the view fails once X is dropped (each drop rolled back). The referee of `view_reads`."""
    kinds = {fold(t.name): "TABLE" for t in schema.tables}
    kinds |= {fold(t.name): "TABLE" for t in schema.virtual_tables}
    kinds |= {fold(v.name): "VIEW" for v in schema.views}
    out: dict[str, frozenset[str]] = {}
    with schema_in_memory(schema) as memory:
        conn = memory.conn
        for view in schema.views:
            if fold(view.name) in memory.unavailable:
                continue
            select = f"SELECT * FROM {ddl.quote_identifier(view.name)} LIMIT 0"
            found = set()
            for name in sorted(kinds.keys() - {fold(view.name)}):
                conn.execute("SAVEPOINT probe")
                try:
                    conn.execute(f"DROP {kinds[name]} {ddl.quote_identifier(name)}")
                    conn.execute(select)
                except sqlite3.Error:
                    found.add(name)
                finally:
                    conn.execute("ROLLBACK TO probe")
                    conn.execute("RELEASE probe")
            out[view.name] = frozenset(found)
    return out
