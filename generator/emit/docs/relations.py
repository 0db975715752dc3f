"""Relationships, indexes and the documented queries they serve, as the pages list them."""

from __future__ import annotations

from msgspec import Struct

from generator.emit import erd
from generator.emit.docs import lookups, objects
from generator.emit.docs.lookups import Lookup
from generator.emit.docs.markdown import code_list, md_code
from generator.emit.escape import md_span
from generator.model import Index, Query, Schema


class QueryView(Struct, frozen=True):
    """A documented query with the indexes that can serve it (`plan` holds one line per index)."""

    query: Query
    plan: tuple[str, ...]
    indexes: tuple[str, ...]


class IndexRow(Struct, frozen=True):
    """One index and the documented queries whose plan uses it."""

    index: Index
    columns: str
    used_by: tuple[str, ...]
    covers_fk: str  # the relationships whose child lookup SQLite serves with this index ('' for none)


class FkRow(Struct, frozen=True):
    """One relationship line, with the index (if any) that covers its referencing columns."""

    rel: erd.Relationship
    source: str  # `child.column` or `child.(a, b)`
    target: str
    actions: str
    index: str  # what serves the child lookup, in words ('' when SQLite scans the child table)
    lookup: Lookup | None  # SQLite's plan of that lookup


def plans(schema: Schema) -> dict[str, QueryView]:
    """Every documented query with the indexes that can serve it (static, SQLite-version independent)."""
    if not schema.queries:
        return {}
    from generator.sqlite import queries  # imported only when there are queries to read

    out: dict[str, QueryView] = {}
    for query in schema.queries:
        uses = queries.index_uses(schema, query)
        out[query.id] = QueryView(
            query=query, plan=tuple(str(u) for u in uses), indexes=tuple(dict.fromkeys(u.index for u in uses))
        )
    return out


def relationship_rows(
    schema: Schema, plans: dict[str, QueryView], found: dict[tuple[str, str], Lookup]
) -> tuple[tuple[FkRow, ...], tuple[IndexRow, ...]]:
    """The relationship lines and the index lines; what serves each lookup comes from `found` alone."""
    rels = erd.relationships(schema)
    rows = []
    for r in rels:
        table = schema.table(r.child)
        cols = tuple(c.strip() for c in r.column.split(","))
        fk = next((f for f in table.foreign_keys if f.columns == cols), None)
        actions = "—"
        if fk is not None and not r.logical:
            actions = f"on delete {fk.on_delete}, on update {fk.on_update}"
            actions += ", deferred" if fk.deferred else ""
        to = tuple(c.strip() for c in r.target.split(","))
        lookup = found.get((r.child, r.column))
        rows.append(
            FkRow(
                rel=r,
                source=f"{r.child}.{objects.key_text(cols)}",
                target=f"{r.parent}.{objects.key_text(to)}" if fk is None or fk.to else r.parent,
                actions=actions,
                index=lookups.words(lookup),
                lookup=lookup,
            )
        )
    covering: dict[tuple[str, str], list[FkRow]] = {}  # (table, index) -> the lookups that index serves
    for row in rows:
        if row.lookup is not None and row.lookup.kind == lookups.INDEX:
            covering.setdefault((row.lookup.table, row.lookup.index), []).append(row)
    index_rows = tuple(
        IndexRow(
            index=ix,
            columns=code_list([str(c) for c in ix.columns])
            + (f" where {md_code(ix.where)}" if ix.where else ""),
            used_by=tuple(q for q, v in plans.items() if ix.name in v.indexes),
            covers_fk=", ".join(
                f"{md_span(row.source)} → {md_span(row.rel.parent)}"
                + (" (logical)" if row.rel.logical else "")
                for row in covering.get((t.name, ix.name), ())
            ),
        )
        for t in schema.tables
        for ix in t.all_indexes
    )
    return tuple(rows), index_rows
