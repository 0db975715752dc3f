"""A documented query read into a small tree: its tables, column references, WHERE, ON and ORDER BY.

Just enough of SQLite's grammar for the docs' index analysis (generator/sqlite/queries.py): SELECT with
joins, subqueries, compound selects, CTEs and window functions; UPDATE; DELETE; INSERT. Expressions are
read at the precedence sqlglot's SQLite dialect gives them (the analysis was first written on sqlglot,
and tests/test_queries.py checks that this tree gives the same answers on thousands of queries), built
on the project's own tokenizer. What the analysis does not look at (types, literals, aliases of result
columns) is read and dropped.
"""

from __future__ import annotations

from generator.sqlite.querytree.cursor import (
    BETWEEN,
    COL,
    EQ,
    IN,
    IS,
    ON,
    ORDER,
    TABLE,
    WHERE,
    Node,
    QuerySyntaxError,
)
from generator.sqlite.querytree.statements import StatementReader
from generator.sqlite.tokens import SqlSyntaxError, tokenize

__all__ = ["BETWEEN", "COL", "EQ", "IN", "IS", "ON", "ORDER", "TABLE", "WHERE", "Node", "QuerySyntaxError"]


def read_statements(sql: str) -> list[Node]:
    """Each statement of `sql` as a tree; QuerySyntaxError when it does not read as SQLite."""
    try:
        toks = tokenize(sql)
    except SqlSyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from None
    reader = StatementReader(toks)
    out = []
    while not reader.done():
        if reader.op(";"):
            continue
        out.append(reader.statement())
        if not reader.done() and not reader.op(";"):
            raise QuerySyntaxError(
                f"unexpected {reader.peek().text!r} at character {reader.peek().start + 1}"
            )
    return out
