"""Everything the doc templates show, computed in Python (templates only loop and lay out).

Only facts about the schema are computed in this package; the project's own prose comes from the spec's
`docs:` (pages.py) and the generic prose from text.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from msgspec import Struct

from generator.emit import erd
from generator.emit.docs import facts, objects
from generator.emit.docs.lookups import Lookup, fk_lookups
from generator.emit.docs.markdown import anchor, first_sentence, plural
from generator.emit.docs.objects import CheckRow, GeneratedRow, TriggerDoc, ViewDoc, VirtualDoc
from generator.emit.docs.relations import FkRow, IndexRow, QueryView, plans, relationship_rows
from generator.emit.docs.tables import JsonField, TableView, ddl_comment, table_view
from generator.emit.escape import md_span, mermaid_id, mermaid_label, mermaid_text
from generator.model import Column, Schema, Table, VirtualTable
from generator.sqlite import ddl
from generator.sqlite.memory import schema_in_memory

FREQUENCIES = ("high", "medium", "low")
SPLIT_AT = 12  # past this many tables one diagram no longer reads at page width: one per category
PART_MAX = 8  # tables in one part of a category's diagram
APP_DEFAULT_WORDS = {"uuid": "UUIDs", "now": "ISO timestamps"}


class DdlTable(Struct, frozen=True):
    """One table's DDL as the schema.sql template shows it."""

    table: Table
    comment: str
    create_sql: str
    index_sql: tuple[str, ...]


class EnumRow(Struct, frozen=True):
    """The documented values of one column."""

    table: str
    column: Column
    values: str
    default: str


class CategoryView(Struct, frozen=True):
    """A category and its tables ('' name: the tables that name no category)."""

    name: str
    description: str
    tables: tuple[TableView, ...]


class Phase(Struct, frozen=True):
    """One migration phase: its tables and the tables they need from earlier phases."""

    number: int
    tables: tuple[str, ...]
    needs: tuple[str, ...]


class DiagramPart(Struct, frozen=True):
    """One diagram of a part of the schema: a category's tables with their neighbours by name."""

    title: str
    anchor: str
    tables: tuple[str, ...]
    neighbours: tuple[str, ...]  # tables of other parts one foreign key away (named under the diagram)
    mermaid: str


class View(Struct, frozen=True):
    """Precomputed data for all templates."""

    ddl_tables: tuple[DdlTable, ...]
    ddl_objects: tuple[tuple[str, str], ...]  # (comment, CREATE statement) of virtual tables, views, triggers
    index_count: int
    tables: tuple[TableView, ...]
    categories: tuple[CategoryView, ...]
    er_diagram: str
    er_parts: tuple[DiagramPart, ...]  # one diagram per category past SPLIT_AT tables, else none
    table_diagrams: dict[str, str]  # past SPLIT_AT tables: each table with its neighbours, by table name
    flowchart: str
    relationships: tuple[FkRow, ...]
    access_patterns: tuple[tuple[str, tuple[QueryView, ...]], ...]
    essential: tuple[QueryView, ...]
    maintenance: tuple[QueryView, ...]
    indexes: tuple[IndexRow, ...]
    phases: tuple[Phase, ...]
    closed_enums: tuple[EnumRow, ...]
    open_enums: tuple[EnumRow, ...]
    json_fields: tuple[JsonField, ...]
    fk_count: int
    logical_count: int
    rowid_tables: tuple[str, ...]
    without_rowid_tables: tuple[str, ...]
    autoindex_tables: tuple[str, ...]
    unindexed_fks: tuple[str, ...]
    indexed_fks: tuple[str, ...]
    high_storage: tuple[str, ...]
    views: tuple[ViewDoc, ...]
    triggers: tuple[TriggerDoc, ...]
    virtuals: tuple[VirtualDoc, ...]
    checks: tuple[CheckRow, ...]
    generated: tuple[GeneratedRow, ...]
    conventions: tuple[str, ...]
    has_planning: bool  # any table has estimated rows, growth or storage
    has_volumes: bool
    has_options: bool  # any table is STRICT, WITHOUT ROWID or RANDOM ROWID
    has_categories: bool  # any table names a category
    json_checked: str  # "all", "some" or "none" of the JSON columns carry CHECK (json_valid(...))
    statistics: tuple[tuple[str, ...], ...]  # the statistics table: its header, then one row per table
    counts: str  # "12 tables, 33 indexes" (and views, triggers, virtual tables when there are any)
    app_defaults: str  # the kinds of app default the schema uses, in words ('' for none)


def _ddl_objects(schema: Schema) -> tuple[tuple[str, str], ...]:
    """Virtual tables, views (in dependency order) and triggers, each with a one-line comment."""

    def about(description: str, fallback: str) -> str:
        return first_sentence(description) if description else fallback

    out = [
        (
            f"virtual table {v.name}: {about(v.docs.description, 'USING ' + v.module)}",
            ddl.create_virtual_sql(v),
        )
        for v in schema.virtual_tables
    ]
    out += [
        (f"view {v.name}: {about(v.docs.description, 'a view')}", ddl.create_view_sql(v))
        for v in ddl.view_order(schema.views)
    ]
    for t in schema.triggers:
        head = f"trigger {t.name} ({t.timing} {t.event} on {t.table})"
        out.append((f"{head}: {about(t.docs.description, '')}".rstrip(": "), ddl.create_trigger_sql(t)))
    return tuple(out)


def _phases(schema: Schema) -> tuple[Phase, ...]:
    numbers = sorted({t.docs.migration_phase for t in schema.tables})
    out = []
    for number in numbers:
        names = tuple(t.name for t in schema.tables if t.docs.migration_phase == number)
        needs = {
            target
            for t in schema.tables
            if t.name in names
            for target in [fk.table for fk in t.foreign_keys]
            if target not in names
        }
        out.append(Phase(number=number, tables=names, needs=tuple(sorted(needs))))
    return tuple(out)


def _flowchart(schema: Schema) -> str:
    actors = dict(schema.data_flow.actors)

    def ident(name: str) -> str:
        return mermaid_id("t", name) if schema.has_table(name) else mermaid_id("a", name)

    def node(name: str) -> str:
        if schema.has_table(name):
            return f"{ident(name)}[({mermaid_text(name)})]"
        return f"{ident(name)}([{mermaid_text(actors[name])}])"

    lines = ["flowchart LR"]
    declared: set[str] = set()
    edges: list[str] = []
    for flow in schema.data_flow.flows:
        title, kept = flow.name, [(s.source, s.target, s.label) for s in flow.steps]
        sub = anchor(title).replace("-", "_")
        sub = (
            sub
            if re.fullmatch(r"[a-z][a-z0-9_]*", sub) and sub not in ("end", "subgraph")
            else mermaid_id("f", title)
        )
        lines.append(f"  subgraph {sub}[{mermaid_label(title)}]")
        for source, target, _label in kept:
            for name in (source, target):
                if name not in declared:
                    declared.add(name)
                    lines.append(f"    {node(name)}")
        lines.append("  end")
        edges += [f"  {ident(s)} -->|{mermaid_label(label)}| {ident(t)}" for s, t, label in kept]
    return "\n".join(lines + edges) + "\n" if edges else ""


def _enum_rows(schema: Schema, *, open_: bool) -> tuple[EnumRow, ...]:
    return tuple(
        EnumRow(
            table=t.name,
            column=c,
            values=", ".join(f"{md_span(v)}" for v in c.enum.values),
            default=f"{md_span(c.default)}" if c.default is not None else "—",
        )
        for t in schema.tables
        for c in t.enum_columns
        if c.enum is not None and c.enum.open == open_
    )


def _categories(schema: Schema, tables: tuple[TableView, ...]) -> tuple[CategoryView, ...]:
    """The spec's categories with their tables, then the tables that name none (so every table is shown)."""
    named = {c.name for c in schema.categories}
    out = [
        CategoryView(c.name, c.description, tuple(tv for tv in tables if tv.table.docs.category == c.name))
        for c in schema.categories
    ]
    rest = tuple(tv for tv in tables if tv.table.docs.category not in named)
    if rest:
        out.append(CategoryView("Other tables" if out else "", "", rest))
    return tuple(c for c in out if c.tables)


@lru_cache(maxsize=4)
def build_view(schema: Schema) -> View:
    """Compute everything the templates need."""
    tables = tuple(table_view(t, dict(schema.docs.app_defaults)) for t in schema.tables)
    served = plans(schema)
    fk_rows, index_rows = relationship_rows(schema, served, _lookups(schema))
    views = objects.view_docs(schema)
    shapes = tuple(_view_shape(v) for v in views) + tuple(_virtual_shape(v) for v in schema.virtual_tables)
    categories = _categories(schema, tables)
    return View(
        ddl_tables=tuple(
            DdlTable(
                table=t,
                comment=ddl_comment(t),
                create_sql=ddl.create_table_sql(t),
                index_sql=tuple(ddl.create_index_sql(ix) for ix in t.all_indexes),
            )
            for t in ddl.dependency_order(schema)
        ),
        ddl_objects=_ddl_objects(schema),
        index_count=sum(len(t.all_indexes) for t in schema.tables),
        tables=tables,
        categories=categories,
        er_diagram=erd.er_diagram(schema, views=shapes, page=True),
        er_parts=_parts(schema, categories, shapes),
        table_diagrams=_table_diagrams(schema),
        flowchart=_flowchart(schema),
        relationships=fk_rows,
        access_patterns=tuple(
            (freq, tuple(served[q.id] for q in schema.queries_in("access_patterns") if q.frequency == freq))
            for freq in FREQUENCIES
            if any(q.frequency == freq for q in schema.queries_in("access_patterns"))
        ),
        essential=tuple(served[q.id] for q in schema.queries_in("essential")),
        maintenance=tuple(served[q.id] for q in schema.queries_in("maintenance")),
        indexes=index_rows,
        phases=_phases(schema),
        closed_enums=_enum_rows(schema, open_=False),
        open_enums=_enum_rows(schema, open_=True),
        json_fields=tuple(f for tv in tables for f in tv.json_fields),
        fk_count=sum(1 for r in fk_rows if not r.rel.logical),
        logical_count=sum(1 for r in fk_rows if r.rel.logical),
        rowid_tables=tuple(t.name for t in schema.tables if t.rowid_alias is not None),
        without_rowid_tables=tuple(t.name for t in schema.tables if t.without_rowid),
        autoindex_tables=tuple(
            t.name for t in schema.tables if t.primary_key and t.rowid_alias is None and not t.without_rowid
        ),
        unindexed_fks=tuple(r.source for r in fk_rows if not r.index and not r.rel.logical),
        indexed_fks=tuple(
            f"{md_span(r.source)} ({r.index})" for r in fk_rows if r.index and not r.rel.logical
        ),
        high_storage=tuple(t.name for t in schema.tables if t.docs.storage.lower() == "high"),
        views=views,
        triggers=objects.trigger_docs(schema),
        virtuals=objects.virtual_docs(schema),
        checks=objects.check_rows(schema),
        generated=objects.generated_rows(schema),
        conventions=facts.conventions(schema),
        has_planning=any(t.docs.estimated_rows or t.docs.growth or t.docs.storage for t in schema.tables),
        has_volumes=any(
            t.docs.volumes.small or t.docs.volumes.medium or t.docs.volumes.large for t in schema.tables
        ),
        has_options=any(t.strict or t.without_rowid or t.random_rowid for t in schema.tables),
        has_categories=any(t.docs.category for t in schema.tables),
        json_checked=facts.json_checked(schema),
        statistics=facts.statistics(schema, tables),
        counts=", ".join(
            plural(n, word)
            for n, word in (
                (len(schema.tables), "table"),
                (sum(len(t.all_indexes) for t in schema.tables), "index"),
                (len(schema.virtual_tables), "virtual table"),
                (len(schema.views), "view"),
                (len(schema.triggers), "trigger"),
            )
            if n or word in ("table", "index")
        ),
        app_defaults=", ".join(
            dict.fromkeys(
                APP_DEFAULT_WORDS.get(c.app.default, c.app.default)
                for t in schema.tables
                for c in t.columns
                if c.app.default
            )
        ),
    )


def _lookups(schema: Schema) -> dict[tuple[str, str], Lookup]:
    """Every relationship's child lookup as SQLite plans it (the schema built in memory once)."""
    if not any(t.foreign_keys or any(c.logical_reference for c in t.columns) for t in schema.tables):
        return {}
    with schema_in_memory(schema) as memory:
        return fk_lookups(schema, memory)


def _view_shape(view: ViewDoc) -> erd.ViewShape:
    return erd.ViewShape(view.view.name, tuple((c.type, c.name) for c in view.columns), view.reads)


def _virtual_shape(table: VirtualTable) -> erd.ViewShape:
    """A virtual table's columns: its arguments that are not options (`tokenize = 'porter'`)."""
    kind = "text" if table.module.lower() == "fts5" else ""
    names = [a.split()[0] for a in table.arguments if "=" not in a and a.strip()]
    return erd.ViewShape(table.name, tuple((kind, n) for n in names), (), table.module.lower())


def _parts(
    schema: Schema, categories: tuple[CategoryView, ...], shapes: tuple[erd.ViewShape, ...]
) -> tuple[DiagramPart, ...]:
    """Past SPLIT_AT tables: a diagram per category (a long one in parts), each view with the first
    category it reads, the views and virtual tables that read no table in one more part."""
    if len(schema.tables) <= SPLIT_AT:
        return ()
    groups: list[tuple[str, tuple[str, ...]]] = []
    for c in categories:
        names = tuple(tv.table.name for tv in c.tables)
        chunks = [names[i : i + PART_MAX] for i in range(0, len(names), PART_MAX)]
        title = c.name or "Tables"
        for n, chunk in enumerate(chunks, 1):
            groups.append((title if len(chunks) == 1 else f"{title} ({n} of {len(chunks)})", chunk))
    placed: set[str] = set()
    rels = erd.relationships(schema)
    out = []
    for title, names in groups:
        drawn = set(names)
        mine = tuple(v for v in shapes if v.name not in placed and set(v.reads) & drawn)
        placed |= {v.name for v in mine}
        around = tuple(n for n in erd.neighbours(schema, names, rels) if n not in drawn)
        mermaid = erd.er_diagram(schema, names, views=mine, page=True, rels=rels)
        out.append(DiagramPart(title, anchor(title), names, around, mermaid))
    rest = tuple(v for v in shapes if v.name not in placed)
    if rest:
        title = "Views and virtual tables"
        diagram = erd.er_diagram(schema, (), views=rest, page=True, rels=rels)
        out.append(DiagramPart(title, anchor(title), (), (), diagram))
    return tuple(out)


def _table_diagrams(schema: Schema) -> dict[str, str]:
    """Past SPLIT_AT tables: each linked table with every column, and its neighbours (one foreign key
    away) by name."""
    if len(schema.tables) <= SPLIT_AT:
        return {}
    out = {}
    rels = erd.relationships(schema)
    touching: dict[str, list[erd.Relationship]] = {}  # a table's diagram draws only the lines it is an end of
    for rel in rels:
        touching.setdefault(rel.parent, []).append(rel)
        if rel.child != rel.parent:
            touching.setdefault(rel.child, []).append(rel)
    order = {t.name: i for i, t in enumerate(schema.tables)}
    for table in schema.tables:
        mine = tuple(touching.get(table.name, ()))
        near = {end for rel in mine for end in (rel.parent, rel.child) if end != table.name and end in order}
        around = tuple(sorted(near, key=order.__getitem__))
        if around:  # a table with no link has nothing to show beyond its column table
            out[table.name] = erd.er_diagram(schema, [table.name], context=around, page=True, rels=mine)
    return out
