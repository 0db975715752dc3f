"""What a view's SELECT reads: the tables and views named in its FROM clauses and subqueries, from the parse
tree (sqlglot's scopes, read in generator/sqlite/readings.py), with the names of its common table
expressions and every alias left out.

A word of the SQL is not a dependency: a column alias `b` does not make a view read a view `b`, nor does the
keyword SELECT make every view read a table called `select`. SQLite confirms what is found here: a view
reads X exactly when preparing it fails without X (generator/sqlite/memory.py, `confirmed_reads`).

When sqlglot cannot parse a statement SQLite takes, every identifier the SQL mentions counts (a superset:
an order that reads too much is still a valid order, and nothing SQLite would refuse is hidden).
"""

from __future__ import annotations

from functools import lru_cache

from generator.model import fold
from generator.sqlite.readings import view_sources
from generator.sqlite.tokens import references


@lru_cache(maxsize=4096)  # a pure function of the text, asked of the same views by every stage of a run
def view_reads(sql: str) -> frozenset[str]:
    """The folded names of the tables and views a SELECT reads (its CTEs and aliases are not read)."""
    sources = view_sources(sql)  # read by sqlglot, or kept from an earlier run (readings.py)
    if sources is None:
        return references(sql)
    return frozenset(fold(name) for db, name in sources if fold(db) in ("", "main"))
