"""Which index serves each foreign key's child lookup, as SQLite itself plans it.

When a parent row is deleted or its key updated, SQLite looks up the child rows that point at it:
`... FROM child WHERE parent_value = child.column`, comparing with the parent column's affinity and
collation (fkey.c: the parent value is a register of the parent's affinity with the parent's collation
added; a rowid parent is an INTEGER with none). That lookup is asked here as `EXPLAIN QUERY PLAN` on the
in-memory build of the schema, the parent value written `CAST(? AS <affinity>) COLLATE <collation>` so the
planner sees the comparison SQLite makes. A `SEARCH` names what serves it; a `SCAN` means nothing does (a
partial index serves only when SQLite can prove its WHERE from the lookup, a NOCASE index does not serve a
BINARY parent, a TEXT index does not serve an INTEGER parent).

Every "served by" and "no index" sentence on the pages comes from `fk_lookups`, and `schemagen lint`'s
fk-index rule asks `child_lookup`; nothing else decides it.
"""

from __future__ import annotations

import re
import sqlite3

from msgspec import Struct

from generator.emit import erd
from generator.emit.escape import md_span
from generator.model import Schema, Table, fold
from generator.sqlite.ddl import quote_identifier
from generator.sqlite.memory import InMemory

NONE = "none"
ROWID = "rowid"
PRIMARY_KEY = "primary key"
INDEX = "index"
UNIQUE = "unique"

_INDEX_RE = re.compile(r"^SEARCH .* USING (?:COVERING )?INDEX (?P<rest>.*)$")
_TERMS_RE = re.compile(r"\((?P<terms>[^()]*)\)$")


class Lookup(Struct, frozen=True):
    """The child lookup of one relationship and what SQLite answers about it."""

    table: str  # the child table
    columns: tuple[str, ...]  # the child columns looked up
    sql: str  # the query asked (`EXPLAIN QUERY PLAN` of it is `plan`)
    plan: str  # SQLite's plan line, e.g. `SEARCH tasks USING INDEX idx_tasks_assignee (assignee_id=?)`
    kind: str  # NONE, ROWID, PRIMARY_KEY, INDEX (a CREATE INDEX) or UNIQUE (a UNIQUE constraint's index)
    index: str  # the index SQLite searches ('' for NONE and ROWID)
    used: int  # how many of `columns` the search uses (0 for NONE)

    @property
    def served(self) -> bool:
        """True when SQLite searches an index (or the rowid) instead of scanning the child table."""
        return self.kind != NONE


def lookup_sql(
    schema: Schema, child: str, columns: tuple[str, ...], parent: str, parents: tuple[str, ...]
) -> str:
    """The query SQLite runs to find the rows of `child` whose `columns` hold one row of `parent`'s
    `parents` (empty: its primary key)."""
    table = schema.table(child)
    parents = _parent_columns(schema, parent, parents, len(columns))
    terms = [f"{_parent_value(schema, parent, p)} = {quote_identifier(table.column(c).name)}"
             for c, p in zip(columns, parents, strict=True)]  # fmt: skip
    return f"SELECT 1 FROM {quote_identifier(table.name)} WHERE {' AND '.join(terms)}"


def fk_lookups(schema: Schema, memory: InMemory) -> dict[tuple[str, str], Lookup]:
    """Every relationship's child lookup, keyed by (child table, child columns as in the relationship)."""
    out: dict[tuple[str, str], Lookup] = {}
    for rel in erd.relationships(schema):
        if (rel.child, rel.column) not in out:
            out[(rel.child, rel.column)] = lookup(schema, memory.conn, rel)
    return out


def lookup(schema: Schema, conn: sqlite3.Connection, rel: erd.Relationship) -> Lookup:
    """What SQLite's plan for the child lookup of `rel` searches, read from `EXPLAIN QUERY PLAN`."""
    return child_lookup(schema, conn, rel.child, rel.columns, rel.parent, rel.targets)


def child_lookup(
    schema: Schema,
    conn: sqlite3.Connection,
    child: str,
    columns: tuple[str, ...],
    parent: str,
    parents: tuple[str, ...] = (),
) -> Lookup:
    """What SQLite's plan for finding `child` rows by `columns` (a key of `parent`) searches."""
    table = schema.table(child)
    sql = lookup_sql(schema, child, columns, parent, parents)
    rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", [None] * len(columns)).fetchall()
    plan = "; ".join(str(r[3]) for r in rows)
    kind, index, used = _read_plan(conn, table, plan)
    return Lookup(table.name, columns, sql, plan, kind, index, used)


def words(found: Lookup | None) -> str:
    """What serves the lookup, as the pages say it (Markdown); '' when nothing does."""
    if found is None or not found.served:
        return ""
    if found.kind == ROWID:
        text = "the rowid"
    elif found.kind == PRIMARY_KEY:
        text = "the primary key"
    elif found.kind == UNIQUE:
        text = f"a UNIQUE constraint's index ({md_span(found.index)})"
    else:
        text = md_span(found.index)
    if found.used < len(found.columns):
        text += f" (on its first {found.used} of {len(found.columns)} columns)"
    return text


def _parent_columns(schema: Schema, parent: str, named: tuple[str, ...], count: int) -> tuple[str, ...]:
    """The parent columns compared with the child's ('' where the spec does not know the parent)."""
    if named:
        return named
    if schema.has_table(parent):
        pk = schema.table(parent).pk
        if pk is not None and len(pk.names) == count:
            return tuple(pk.names)
    return ("",) * count


def _parent_value(schema: Schema, parent: str, column: str) -> str:
    """The parent value as fkey.c compares it: its affinity and collation (a rowid: INTEGER, none)."""
    if not column or not schema.has_table(parent) or not schema.table(parent).has_column(column):
        return "?"
    table = schema.table(parent)
    col = table.column(column)
    if col is table.rowid_alias:
        return "CAST(? AS INTEGER)"
    collation = col.collate or "BINARY"
    return f"CAST(? AS {col.affinity.value}) COLLATE {quote_identifier(collation)}"


def _read_plan(conn: sqlite3.Connection, table: Table, plan: str) -> tuple[str, str, int]:
    """(kind, index, columns used) of a plan line of a single-table lookup."""
    if not plan.startswith("SEARCH "):
        return NONE, "", 0
    if " USING INTEGER PRIMARY KEY " in plan:
        return ROWID, "", 1
    if " USING PRIMARY KEY " in plan:
        return PRIMARY_KEY, "", _used(plan)
    match = _INDEX_RE.match(plan)
    if match is None:
        return NONE, "", 0
    rest = match.group("rest")
    origins = {
        str(name): str(origin)
        for name, origin in conn.execute(
            "SELECT name, origin FROM pragma_index_list(?)", (table.name,)
        ).fetchall()
    }
    # The longest index name the line starts with (a name may hold spaces or parentheses).
    name = max((n for n in origins if rest.startswith(n + " (") or rest == n), key=len, default="")
    if not name:
        return NONE, "", 0
    origin = origins[name]
    kind = PRIMARY_KEY if origin == "pk" else UNIQUE if origin == "u" else INDEX
    declared = {fold(ix.name): ix.name for ix in table.all_indexes}
    return kind, declared.get(fold(name), name), _used(plan)


def _used(plan: str) -> int:
    """How many `column=?` terms the search line names."""
    match = _TERMS_RE.search(plan)
    return len(match.group("terms").split(" AND ")) if match else 0
