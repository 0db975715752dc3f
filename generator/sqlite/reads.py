"""What a view's SELECT reads: the tables and views named in its FROM clauses and subqueries, from the parse
tree (sqlglot's scopes), with the names of its common table expressions and every alias left out.

A word of the SQL is not a dependency: a column alias `b` does not make a view read a view `b`, nor does the
keyword SELECT make every view read a table called `select`. SQLite confirms what is found here: a view
reads X exactly when preparing it fails without X (generator/sqlite/memory.py, `confirmed_reads`).

When sqlglot cannot parse a statement SQLite takes, every identifier the SQL mentions counts (a superset:
an order that reads too much is still a valid order, and nothing SQLite would refuse is hidden).
"""

from __future__ import annotations

from functools import lru_cache

from generator.model import fold
from generator.sqlite.tokens import references


@lru_cache(maxsize=4096)  # a pure function of the text, asked of the same views by every stage of a run
def view_reads(sql: str) -> frozenset[str]:
    """The folded names of the tables and views a SELECT reads (its CTEs and aliases are not read)."""
    # Imported here, where it is used: a command whose schema has no view never pays for sqlglot.
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError
    from sqlglot.optimizer.scope import traverse_scope

    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
        scopes = traverse_scope(tree)
    except (SqlglotError, RecursionError, ValueError, KeyError):
        return references(sql)
    names: set[str] = set()
    for scope in scopes:
        for source in scope.sources.values():
            if isinstance(source, exp.Table) and source.name and fold(source.db) in ("", "main"):
                names.add(fold(source.name))
    for node in tree.find_all(exp.In):  # SQLite's `x IN table`
        field = node.args.get("field")
        if (isinstance(field, exp.Column) and not field.table) or isinstance(field, exp.Table):
            names.add(fold(field.name))
    return frozenset(names)
