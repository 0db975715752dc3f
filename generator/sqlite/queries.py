"""Which indexes can serve a documented query: read from the SQL itself, not from a planner.

SQLite's own EXPLAIN QUERY PLAN changes between SQLite versions, so generated docs built on it would
differ from machine to machine; this analysis depends only on the spec. The SQL is read by sqlglot,
imported here only, by the one function that needs it (specs without documented queries never load it).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.errors import SchemagenError
from generator.model import Query, Schema, fold, same_name

if TYPE_CHECKING:
    from sqlglot import exp

_RANK = {"filter": 0, "join": 1, "sort": 2}


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
    import sqlglot  # about 35 ms: paid only by specs with documented queries

    try:
        statements = sqlglot.parse(query.sql, read="sqlite")
    except sqlglot.errors.ParseError as exc:
        raise SchemagenError(f"queries.{query.id}: cannot read it: {_parse_error(exc)}") from None
    used: dict[tuple[str, str, str], str] = {}
    for statement in statements:
        if statement is None:
            continue
        for (name, column), how in _columns(schema, statement).items():
            table = schema.table(name)
            for index in table.all_indexes:
                if same_name(index.columns[0].name, column):
                    used.setdefault((index.name, table.name, table.column(column).name), how)
    return tuple(
        IndexUse(index=name, table=table, column=column, how=how)
        for (name, table, column), how in sorted(used.items())
    )


def _parse_error(exc: Exception) -> str:
    """sqlglot's first error in one line: `Expected table name but got 'WHERE' (line 1, column 17)`."""
    errors = getattr(exc, "errors", None) or [{"description": str(exc).splitlines()[0]}]
    first = errors[0]
    text = re.sub(r"<Token token_type: [^,]*, text: ([^,]*),[^>]*>", r"'\1'", str(first.get("description")))
    where = f" (line {first['line']}, column {first['col']})" if first.get("line") else ""
    return text + where


def _columns(schema: Schema, statement: exp.Expr) -> dict[tuple[str, str], str]:
    """(table, column) -> how it is used: filter beats join beats sort (tables of the spec only)."""
    from sqlglot import exp

    aliases: dict[str, str] = {}
    tables: list[str] = []
    for table in statement.find_all(exp.Table):
        aliases[fold(table.alias_or_name)] = table.name
        tables.append(table.name)
    found: dict[tuple[str, str], str] = {}

    def note(col: exp.Column, how: str) -> None:
        owner = aliases.get(fold(col.table)) if col.table else _owner(schema, tables, col.name)
        if owner is None or not schema.has_table(owner):
            return
        key = (fold(owner), fold(col.name))
        if key not in found or _RANK[how] < _RANK[found[key]]:
            found[key] = how

    for join in statement.find_all(exp.Join):
        on = join.args.get("on")
        if on is not None:
            for eq in on.find_all(exp.EQ):
                for col in eq.find_all(exp.Column):
                    note(col, "join")
    filters = (exp.EQ, exp.In, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between, exp.Is)
    for where in statement.find_all(exp.Where):
        for predicate in where.find_all(*filters):
            if isinstance(predicate.this, exp.Column):
                note(predicate.this, "filter")
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
                    memory.conn.execute(f"EXPLAIN {stmt}", null_parameters(stmt))
                except sqlite3.Error as exc:
                    problems.append((i, f"does not run on this schema: {exc}"))
    return problems


def null_parameters(sql: str) -> dict[str, None] | tuple[None, ...]:
    """NULL for every parameter of a statement (`?`, `?1`, `:name`, `@name`, `$name`), as sqlite3 binds them.

    A documented query may hold parameters; EXPLAIN compiles it with each bound to NULL.
    """
    from generator.sqlite.tokens import SqlSyntaxError, tokenize

    try:
        params = [t.text for t in tokenize(sql) if t.kind == "param"]
    except SqlSyntaxError:
        return ()  # SQLite reports the syntax itself
    named = {p[1:]: None for p in params if p[0] in ":@$"}
    if named and len(named) == len(set(params)):
        return named
    top = 0  # SQLite's numbering: `?` takes the next number, `?N` is N, a new name the next
    seen: set[str] = set()
    for p in params:
        if p == "?":
            top += 1
        elif p[0] == "?":
            top = max(top, int(p[1:]))
        elif p not in seen:
            top += 1
        seen.add(p)
    return (None,) * top


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
