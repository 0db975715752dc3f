"""Which indexes can serve a documented query: read from the SQL itself, not from a planner.

SQLite's own EXPLAIN QUERY PLAN changes between SQLite versions, so generated docs built on it would
differ from machine to machine; this analysis depends only on the spec (the SQL is read by
generator/sqlite/querytree.py on the project's tokenizer).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from generator.errors import SchemagenError
from generator.model import Query, Schema
from generator.sqlite import querytree as qt

_FILTERS = (qt.EQ, qt.IN, "gt", "gte", "lt", "lte", qt.BETWEEN, qt.IS)


@dataclass(frozen=True, slots=True)
class IndexUse:
    """One index that can serve a query, and how (filter, join or sort on its leading column)."""

    index: str
    table: str
    column: str
    how: str  # "filter" | "join" | "sort"

    def __str__(self) -> str:
        return f"{self.index} ({self.how} on {self.table}.{self.column})"


def index_uses(schema: Schema, query: Query) -> tuple[IndexUse, ...]:
    """The indexes whose leading column a query filters, joins or sorts on, in a stable order."""
    try:
        statements = qt.read_statements(query.sql)
    except qt.QuerySyntaxError as exc:
        raise SchemagenError(f"queries.{query.id}: cannot read it: {exc}") from None
    used: dict[tuple[str, str, str], str] = {}
    for statement in statements:
        for (table, column), how in _columns(schema, statement).items():
            if not schema.has_table(table):
                continue
            for index in schema.table(table).all_indexes:
                if index.columns[0].name == column:
                    used.setdefault((index.name, table, column), how)
    return tuple(
        IndexUse(index=name, table=table, column=column, how=how)
        for (name, table, column), how in sorted(used.items())
    )


def _columns(schema: Schema, statement: qt.Node) -> dict[tuple[str, str], str]:
    """(table, column) -> how it is used: filter beats join beats sort."""
    aliases: dict[str, str] = {}
    tables: list[str] = []
    for table in statement.find(qt.TABLE):
        aliases[table.alias or table.name] = table.name
        tables.append(table.name)
    rank = {"filter": 0, "join": 1, "sort": 2}
    found: dict[tuple[str, str], str] = {}

    def note(col: qt.Node, how: str) -> None:
        owner = aliases.get(col.qualifier) if col.qualifier else _owner(schema, tables, col.name)
        if owner is None:
            return
        key = (owner, col.name)
        if key not in found or rank[how] < rank[found[key]]:
            found[key] = how

    for on in statement.find(qt.ON):
        for eq in on.find(qt.EQ):
            for col in eq.find(qt.COL):
                note(col, "join")
    for where in statement.find(qt.WHERE):
        for predicate in where.find(*_FILTERS):
            left = predicate.children[0]
            if left.kind == qt.COL:
                note(left, "filter")
            if predicate.kind == qt.EQ and predicate.children[1].kind == qt.COL:
                note(predicate.children[1], "filter")
    for order in statement.find(qt.ORDER):
        if order.children and order.children[0].kind == qt.COL:
            note(order.children[0], "sort")
    return found


def _owner(schema: Schema, tables: list[str], column: str) -> str | None:
    """The one table of the statement that has an unqualified column."""
    owners = [t for t in dict.fromkeys(tables) if schema.has_table(t) and schema.table(t).has_column(column)]
    return owners[0] if len(owners) == 1 else None


def query_problems(schema: Schema) -> list[tuple[int, str]]:
    """(index, message) for every documented query that does not compile (SQLite's own EXPLAIN says so).

    A query that reads a virtual table whose module this SQLite lacks cannot be compiled here: it is
    left unchecked (the spec check warns about the module).
    """
    from generator.sqlite.memory import schema_in_memory

    if not schema.queries:
        return []
    problems = []
    with schema_in_memory(schema) as memory:
        for i, query in enumerate(schema.queries):
            if not memory.can_run(query.sql):
                continue
            for stmt in split_statements(query.sql):
                try:
                    memory.conn.execute(f"EXPLAIN {stmt}")
                except sqlite3.Error as exc:
                    problems.append((i, f"does not run on this schema: {exc}"))
    return problems


def split_statements(sql: str) -> list[str]:
    """Split a snippet into complete statements (SQLite decides where each ends)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
