"""Which indexes can serve a documented query: read from the SQL itself, not from a planner.

SQLite's own EXPLAIN QUERY PLAN changes between SQLite versions, so generated docs built on it would
differ from machine to machine; this analysis depends only on the spec. The SQL is read by sqlglot
(generator/sqlite/readings.py: specs without documented queries never load it, nor runs that read the
same queries before).
"""

from __future__ import annotations

import sqlite3

from msgspec import Struct

from generator.errors import SchemagenError
from generator.model import Query, Schema, fold, same_name
from generator.sqlite.readings import HOWS, query_facts

_RANK = {how: rank for rank, how in enumerate(HOWS)}  # filter beats join beats sort


class IndexUse(Struct, frozen=True):
    """One index that can serve a query, and how (filter, join or sort on its leading column)."""

    index: str
    table: str
    column: str
    how: str  # "filter" | "join" | "sort"

    def __str__(self) -> str:
        return f"{self.index} ({self.how} on {self.table}.{self.column})"


def index_uses(schema: Schema, query: Query) -> tuple[IndexUse, ...]:
    """The indexes whose leading column a query filters, joins or sorts on, in a stable order."""
    facts = query_facts(query.sql)  # read by sqlglot, or kept from an earlier run (readings.py)
    if isinstance(facts, str):
        raise SchemagenError(f"queries.{query.id}: cannot read it: {facts}")
    used: dict[tuple[str, str, str], str] = {}
    for tables, uses in facts:
        for (name, column), how in _columns(schema, tables, uses).items():
            table = schema.table(name)
            for index in table.all_indexes:
                if same_name(index.columns[0].name, column):
                    used.setdefault((index.name, table.name, table.column(column).name), how)
    return tuple(
        IndexUse(index=name, table=table, column=column, how=how)
        for (name, table, column), how in sorted(used.items())
    )


def _columns(
    schema: Schema, tables: list[tuple[str, str]], uses: list[tuple[str, str, str]]
) -> dict[tuple[str, str], str]:
    """(table, column) -> how it is used: filter beats join beats sort (tables of the spec only)."""
    aliases = {fold(alias): name for alias, name in tables}
    names = [name for _, name in tables]
    found: dict[tuple[str, str], str] = {}
    for qualifier, column, how in uses:
        owner = aliases.get(fold(qualifier)) if qualifier else _owner(schema, names, column)
        if owner is None or not schema.has_table(owner):
            continue
        key = (fold(owner), fold(column))
        if key not in found or _RANK[how] < _RANK[found[key]]:
            found[key] = how
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
