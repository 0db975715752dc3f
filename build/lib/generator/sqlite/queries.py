"""Which indexes can serve a documented query: read from the SQL with sqlglot, not from a planner.

SQLite's own EXPLAIN QUERY PLAN changes between SQLite versions, so generated docs built on it would
differ from machine to machine; this analysis depends only on the spec and the pinned sqlglot.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from generator.errors import SchemagenError
from generator.model import Query, Schema

_FILTERS = (exp.EQ, exp.In, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between, exp.Is)


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
        statements = sqlglot.parse(query.sql, read="sqlite")
    except sqlglot.errors.ParseError as exc:
        raise SchemagenError(f"queries.{query.id}: sqlglot cannot parse it: {exc}") from None
    used: dict[tuple[str, str, str], str] = {}
    for statement in statements:
        if statement is None:
            continue
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


def _columns(schema: Schema, statement: exp.Expr) -> dict[tuple[str, str], str]:
    """(table, column) -> how it is used: filter beats join beats sort."""
    aliases: dict[str, str] = {}
    tables: list[str] = []
    for table in statement.find_all(exp.Table):
        aliases[table.alias_or_name] = table.name
        tables.append(table.name)
    rank = {"filter": 0, "join": 1, "sort": 2}
    found: dict[tuple[str, str], str] = {}

    def note(col: exp.Column, how: str) -> None:
        owner = aliases.get(col.table) if col.table else _owner(schema, tables, col.name)
        if owner is None:
            return
        key = (owner, col.name)
        if key not in found or rank[how] < rank[found[key]]:
            found[key] = how

    for join in statement.find_all(exp.Join):
        on = join.args.get("on")
        if on is not None:
            for eq in on.find_all(exp.EQ):
                for col in eq.find_all(exp.Column):
                    note(col, "join")
    for where in statement.find_all(exp.Where):
        for predicate in where.find_all(*_FILTERS):
            left = predicate.this
            if isinstance(left, exp.Column):
                note(left, "filter")
            right = predicate.args.get("expression")
            if isinstance(predicate, exp.EQ) and isinstance(right, exp.Column):
                note(right, "filter")
    for order in statement.find_all(exp.Order):
        first = order.expressions[0].this if order.expressions else None
        if isinstance(first, exp.Column):
            note(first, "sort")
    return found


def _owner(schema: Schema, tables: list[str], column: str) -> str | None:
    """The one table of the statement that has an unqualified column."""
    owners = [t for t in dict.fromkeys(tables) if schema.has_table(t) and schema.table(t).has_column(column)]
    return owners[0] if len(owners) == 1 else None


def query_problems(schema: Schema) -> list[tuple[int, str]]:
    """(index, message) for every documented query that does not compile (SQLite's own EXPLAIN says so)."""
    from generator.sqlite.ddl import schema_statements

    if not schema.queries:
        return []
    conn = sqlite3.connect(":memory:")
    try:
        for stmt in schema_statements(schema):
            conn.execute(stmt)
        problems = []
        for i, query in enumerate(schema.queries):
            for stmt in split_statements(query.sql):
                try:
                    conn.execute(f"EXPLAIN {stmt}")
                except sqlite3.Error as exc:
                    problems.append((i, f"does not run on this schema: {exc}"))
        return problems
    finally:
        conn.close()


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
