"""Everything the doc templates show, computed in Python (templates only loop and lay out).

Only facts about the schema are computed here; the project's own prose comes from the spec's `docs:`
(see docs_pages.py) and the generic prose from docs_text.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.emit import docs_objects as objects
from generator.emit import erd
from generator.emit.docs_objects import CheckRow, GeneratedRow, TriggerDoc, ViewDoc, VirtualDoc
from generator.emit.docs_text import APP_DEFAULTS
from generator.emit.markdown import (
    anchor,
    and_join,
    code_list,
    first_sentence,
    json_pretty,
    md_cell,
    md_code,
    plural,
)
from generator.model import Column, Index, Query, Schema, Table, unique_index_name
from generator.sqlite import ddl

__all__ = ["anchor", "build_view", "json_pretty", "md_cell", "md_code", "shape_summary"]

FREQUENCIES = ("high", "medium", "low")
INLINE_EXAMPLE_MAX = 90
APP_DEFAULT_WORDS = {"uuid": "UUIDs", "now": "ISO timestamps"}
_AFFINITY_NAMES = frozenset({"TEXT", "INTEGER", "REAL", "BLOB", "NUMERIC"})


def shape_summary(schema: Any) -> str:
    """A compact, TypeScript-like reading of a JSON Schema fragment, e.g. `{id: string, weight?: integer}`."""
    if not isinstance(schema, dict):
        return "any"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            base = {k: v for k, v in schema.items() if k not in (key, "description")}
            alts = [shape_summary({**base, **alt}) for alt in schema[key]]
            return " | ".join(dict.fromkeys(alts))
    if "enum" in schema:
        return " | ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(shape_summary({**schema, "type": k}) for k in kind)
    if kind == "array":
        items = shape_summary(schema["items"]) if "items" in schema else "any"
        items = f"({items})" if " | " in items else items
        return f"{items}[]" + (" (unique)" if schema.get("uniqueItems") else "")
    if kind == "object" or "properties" in schema:
        return _object_summary(schema)
    if kind in ("integer", "number"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"{kind} {low}-{high}"
        return f"{kind} >= {low}" if low is not None else str(kind)
    return str(kind) if kind else "any"


def _object_summary(schema: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    parts = [
        f"{name}{'' if name in required else '?'}: {shape_summary(sub)}"
        for name, sub in schema.get("properties", {}).items()
    ]
    extra = schema.get("additionalProperties", True)
    if isinstance(extra, dict):
        parts.append(f"[key: string]: {shape_summary(extra)}")
    elif extra is not False:
        parts.append("...")
    return "{" + ", ".join(parts) + "}" if parts != ["..."] else "object (free-form)"


@dataclass(frozen=True, slots=True)
class DdlTable:
    """One table's DDL as the schema.sql template shows it."""

    table: Table
    comment: str
    create_sql: str
    index_sql: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ColumnRow:
    """One row of a table's column reference."""

    column: Column
    type: str
    constraints: str
    default: str
    enum: str
    description: str


@dataclass(frozen=True, slots=True)
class JsonField:
    """One JSON column: its shape in words and its example."""

    table: str
    column: Column
    shape: str
    description: str
    example: str
    example_inline: str  # one-line JSON, or "" when too long for a table cell
    anchor: str  # of its heading on the reference page


@dataclass(frozen=True, slots=True)
class EnumRow:
    """The documented values of one column."""

    table: str
    column: Column
    values: str
    default: str


@dataclass(frozen=True, slots=True)
class TableView:
    """A table with everything the pages show about it."""

    table: Table
    anchor: str
    summary: str
    columns: tuple[ColumnRow, ...]
    json_fields: tuple[JsonField, ...]
    key_fields: str
    primary_key: str
    pk_kind: str  # "auto", "manual" or "none" (rowid only)
    index_names: str
    options: str  # "STRICT", "WITHOUT ROWID", ... ('' for none)
    constraints: tuple[str, ...]  # table-level constraints in words


@dataclass(frozen=True, slots=True)
class CategoryView:
    """A category and its tables ('' name: the tables that name no category)."""

    name: str
    description: str
    tables: tuple[TableView, ...]


@dataclass(frozen=True, slots=True)
class QueryView:
    """A documented query with the indexes that can serve it (`plan` holds one line per index)."""

    query: Query
    plan: tuple[str, ...]
    indexes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One index and the documented queries whose plan uses it."""

    index: Index
    columns: str
    used_by: tuple[str, ...]
    covers_fk: str


@dataclass(frozen=True, slots=True)
class FkRow:
    """One relationship line, with the index (if any) that covers its referencing columns."""

    rel: erd.Relationship
    source: str  # `child.column` or `child.(a, b)`
    target: str
    actions: str
    index: str


@dataclass(frozen=True, slots=True)
class Phase:
    """One migration phase: its tables and the tables they need from earlier phases."""

    number: int
    tables: tuple[str, ...]
    needs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class View:
    """Precomputed data for all templates."""

    ddl_tables: tuple[DdlTable, ...]
    ddl_objects: tuple[tuple[str, str], ...]  # (comment, CREATE statement) of virtual tables, views, triggers
    index_count: int
    tables: tuple[TableView, ...]
    categories: tuple[CategoryView, ...]
    er_diagram: str
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
    has_options: bool  # any table is STRICT or WITHOUT ROWID
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
        (f"virtual table {v.name}: {about(v.description, 'USING ' + v.module)}", ddl.create_virtual_sql(v))
        for v in schema.virtual_tables
    ]
    out += [
        (f"view {v.name}: {about(v.description, 'a view')}", ddl.create_view_sql(v))
        for v in ddl.view_order(schema.views)
    ]
    for t in schema.triggers:
        head = f"trigger {t.name} ({t.timing} {t.event} on {t.table})"
        out.append((f"{head}: {about(t.description, '')}".rstrip(": "), ddl.create_trigger_sql(t)))
    return tuple(out)


def _ddl_comment(table: Table) -> str:
    """`name (category): first sentence`, leaving out what the spec does not say."""
    head = table.name + (f" ({table.category})" if table.category else "")
    return f"{head}: {first_sentence(table.description)}" if table.description else head


def _type(col: Column) -> str:
    if col.is_json:
        return "json (stored as text)"
    if not col.sql_type:
        return "none (BLOB affinity)"
    if col.sql_type.upper() in _AFFINITY_NAMES:
        return col.sql_type
    return f"{col.sql_type} ({col.affinity.value} affinity)"


def _constraints(table: Table, col: Column) -> str:
    out = []
    if col.primary_key:
        single = len(table.primary_key) == 1
        key = "PRIMARY KEY" if single else "part of the PRIMARY KEY"
        out.append(key + (" AUTOINCREMENT" if col.autoincrement else ""))
    if col.not_null and not col.primary_key:
        out.append("NOT NULL")
    if col.unique and not col.primary_key:
        out.append(f"UNIQUE (`{unique_index_name(table.name, col.name)}`)")
    ref = table.foreign_key_of(col.name)
    for fk in table.foreign_keys:
        if col.name not in fk.columns:
            continue
        to = f"{fk.table}.{objects.key_text(fk.to)}" if fk.to else fk.table
        if fk is ref:
            out.append(f"FK → `{to}` (on delete {fk.on_delete}" + (", deferred)" if fk.deferred else ")"))
        else:
            out.append(f"part of FK → `{to}`")
    if col.logical_reference is not None:
        lref = col.logical_reference
        out.append(f"logical → `{lref.table}.{lref.column}` (no FK)")
    if col.collate:
        out.append(f"COLLATE {col.collate}")
    if col.generated is not None:
        kind = "STORED" if col.generated.stored else "VIRTUAL"
        out.append(f"GENERATED {md_code(col.generated.sql)} {kind}")
    if col.closed_enum is not None:
        out.append("CHECK IN (values)")
    if col.is_json and col.json_check:
        out.append("CHECK `json_valid`")
    out += [objects.check_text(c) for c in col.checks]
    if col.minimum is not None or col.maximum is not None:
        low = "" if col.minimum is None else str(col.minimum)
        high = "" if col.maximum is None else str(col.maximum)
        span = f"{low}-{high}" if low and high else (f">= {low}" if low else f"<= {high}")
        out.append(f"range {span} (app-checked)")
    return "; ".join(out) or "—"


def _default(col: Column, how: dict[str, str]) -> str:
    """The default in words; `how` is the project's way of computing each kind of app default."""
    if col.default is not None:
        return f"SQL: `{ddl.sql_literal(col.default)}`"
    if col.default_expr is not None:
        return f"SQL: {md_code(col.default_expr)}"
    if col.app_default is not None:
        text = APP_DEFAULTS.get(col.app_default, f"app: {col.app_default}")
        return f"{text} ({md_code(how[col.app_default])})" if col.app_default in how else text
    return "—"


def _enum_text(col: Column) -> str:
    if col.enum is None:
        return ""
    values = ", ".join(f"`{v}`" for v in col.enum.values)
    return f"{values} ({'open: examples' if col.enum.open else 'closed'})"


def _json_field(table: Table, col: Column) -> JsonField:
    shape = col.shape() or {}
    inline = json.dumps(col.example_value(), ensure_ascii=False) if col.example is not None else ""
    return JsonField(
        table=table.name,
        column=col,
        shape=shape_summary(shape),
        description=str(shape.get("description", "")).strip() or col.description,
        example=json_pretty(col.example_value()) if col.example is not None else "",
        example_inline=inline if len(inline) <= INLINE_EXAMPLE_MAX else "",
        anchor=anchor(f"{table.name}.{col.name}"),
    )


def _primary_key(table: Table) -> tuple[str, str]:
    """(the key in words, "auto" | "manual" | "none")."""
    pk = table.primary_key
    if not pk:
        return ("none (the rowid)" if not table.without_rowid else "none"), "none"
    auto = len(pk) == 1 and (pk[0].autoincrement or pk[0].app_default == "uuid" or pk[0] is table.rowid_alias)
    how = ", ".join(
        f"`{c.name}` "
        + (
            "integer, autoincrement"
            if c.autoincrement
            else "UUID set by the app"
            if c.app_default == "uuid"
            else "integer, the rowid (assigned when left out)"
            if c is table.rowid_alias
            else f"{c.sql_type or 'untyped'}, set by the writer"
        )
        for c in pk
    )
    return how, "auto" if auto else "manual"


def _table_view(table: Table, how: dict[str, str]) -> TableView:
    indexed = {ix.columns[0].name for ix in table.all_indexes}
    linked = {c for fk in table.foreign_keys for c in fk.columns}
    keys = [
        c.name
        for c in table.columns
        if not c.primary_key and (c.name in indexed | linked or c.logical_reference or c.enum)
    ]
    pk_text, pk_kind = _primary_key(table)
    return TableView(
        table=table,
        anchor=anchor(table.name),
        summary=first_sentence(table.description) if table.description else "",
        columns=tuple(
            ColumnRow(
                column=c,
                type=_type(c),
                constraints=_constraints(table, c),
                default=_default(c, how),
                enum=_enum_text(c),
                description=c.description,
            )
            for c in table.columns
        ),
        json_fields=tuple(_json_field(table, c) for c in table.json_columns),
        key_fields=code_list(keys[:6]) or "—",
        primary_key=pk_text,
        pk_kind=pk_kind,
        index_names=code_list([ix.name for ix in table.all_indexes]) or "—",
        options=ddl.table_options(table).strip(),
        constraints=objects.table_constraints(table),
    )


def _plans(schema: Schema) -> dict[str, QueryView]:
    """Every documented query with the indexes that can serve it (static, SQLite-version independent)."""
    if not schema.queries:
        return {}
    from generator.sqlite import queries  # sqlglot: imported only when there are queries to read

    out: dict[str, QueryView] = {}
    for query in schema.queries:
        uses = queries.index_uses(schema, query)
        out[query.id] = QueryView(
            query=query, plan=tuple(str(u) for u in uses), indexes=tuple(dict.fromkeys(u.index for u in uses))
        )
    return out


def _covering_index(table: Table, columns: tuple[str, ...]) -> str:
    """What serves a lookup on `columns` (an FK's child side): an index whose leading columns they are.

    Returned as the pages show it: an index name in code, or "the rowid" / "the primary key" / "a UNIQUE
    constraint" for SQLite's own; '' when nothing does.
    """
    wanted = set(columns)
    if table.rowid_alias is not None and columns == (table.rowid_alias.name,):
        return "the rowid"
    keys = [(f"`{ix.name}`", [c.name for c in ix.columns]) for ix in table.all_indexes if not ix.where]
    if table.pk is not None and table.rowid_alias is None:
        keys.append(("the primary key", list(table.pk.names)))
    keys += [(f"`{u.name}`" if u.name else "a UNIQUE constraint", list(u.names)) for u in table.uniques]
    for name, names in keys:
        if set(names[: len(columns)]) == wanted:
            return name
    return ""


def _phases(schema: Schema) -> tuple[Phase, ...]:
    numbers = sorted({t.migration_phase for t in schema.tables})
    out = []
    for number in numbers:
        names = tuple(t.name for t in schema.tables if t.migration_phase == number)
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

    def node(name: str) -> str:
        if schema.has_table(name):
            return f"t_{name}[({name})]"
        return f"a_{name}([{actors[name]}])"

    def ident(name: str) -> str:
        return f"t_{name}" if schema.has_table(name) else f"a_{name}"

    lines = ["flowchart LR"]
    declared: set[str] = set()
    edges: list[str] = []
    for flow in schema.data_flow.flows:
        title, kept = flow.name, [(s.source, s.target, s.label) for s in flow.steps]
        lines.append(f'  subgraph {anchor(title).replace("-", "_")}["{title}"]')
        for source, target, _label in kept:
            for name in (source, target):
                if name not in declared:
                    declared.add(name)
                    lines.append(f"    {node(name)}")
        lines.append("  end")
        edges += [f'  {ident(s)} -->|"{label}"| {ident(t)}' for s, t, label in kept]
    return "\n".join(lines + edges) + "\n" if edges else ""


def _enum_rows(schema: Schema, *, open_: bool) -> tuple[EnumRow, ...]:
    return tuple(
        EnumRow(
            table=t.name,
            column=c,
            values=", ".join(f"`{v}`" for v in c.enum.values),
            default=f"`{c.default}`" if c.default is not None else "—",
        )
        for t in schema.tables
        for c in t.enum_columns
        if c.enum is not None and c.enum.open == open_
    )


def _categories(schema: Schema, tables: tuple[TableView, ...]) -> tuple[CategoryView, ...]:
    """The spec's categories with their tables, then the tables that name none (so every table is shown)."""
    named = {c.name for c in schema.categories}
    out = [
        CategoryView(c.name, c.description, tuple(tv for tv in tables if tv.table.category == c.name))
        for c in schema.categories
    ]
    rest = tuple(tv for tv in tables if tv.table.category not in named)
    if rest:
        out.append(CategoryView("Other tables" if out else "", "", rest))
    return tuple(c for c in out if c.tables)


def _relationship_rows(
    schema: Schema, plans: dict[str, QueryView]
) -> tuple[tuple[FkRow, ...], tuple[IndexRow, ...]]:
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
        rows.append(
            FkRow(
                rel=r,
                source=f"{r.child}.{objects.key_text(cols)}",
                target=f"{r.parent}.{objects.key_text(to)}" if fk is None or fk.to else r.parent,
                actions=actions,
                index=_covering_index(table, cols),
            )
        )
    fk_columns = {(r.child, r.column): r for r in rels}
    index_rows = tuple(
        IndexRow(
            index=ix,
            columns=code_list([str(c) for c in ix.columns])
            + (f" where {md_code(ix.where)}" if ix.where else ""),
            used_by=tuple(q for q, v in plans.items() if ix.name in v.indexes),
            covers_fk=(
                f"`{t.name}.{ix.columns[0].name}` → `{fk_columns[(t.name, ix.columns[0].name)].parent}`"
                + (" (logical)" if fk_columns[(t.name, ix.columns[0].name)].logical else "")
                if (t.name, ix.columns[0].name) in fk_columns
                else ""
            ),
        )
        for t in schema.tables
        for ix in t.all_indexes
    )
    return tuple(rows), index_rows


@lru_cache(maxsize=4)
def build_view(schema: Schema) -> View:
    """Compute everything the templates need."""
    tables = tuple(_table_view(t, dict(schema.docs.app_defaults)) for t in schema.tables)
    plans = _plans(schema)
    fk_rows, index_rows = _relationship_rows(schema, plans)
    views = objects.view_docs(schema)
    return View(
        ddl_tables=tuple(
            DdlTable(
                table=t,
                comment=_ddl_comment(t),
                create_sql=ddl.create_table_sql(t),
                index_sql=tuple(ddl.create_index_sql(ix) for ix in t.all_indexes),
            )
            for t in ddl.dependency_order(schema)
        ),
        ddl_objects=_ddl_objects(schema),
        index_count=sum(len(t.all_indexes) for t in schema.tables),
        tables=tables,
        categories=_categories(schema, tables),
        er_diagram=erd.er_diagram(schema, views=tuple(_view_shape(v) for v in views)),
        flowchart=_flowchart(schema),
        relationships=fk_rows,
        access_patterns=tuple(
            (freq, tuple(plans[q.id] for q in schema.queries_in("access_patterns") if q.frequency == freq))
            for freq in FREQUENCIES
            if any(q.frequency == freq for q in schema.queries_in("access_patterns"))
        ),
        essential=tuple(plans[q.id] for q in schema.queries_in("essential")),
        maintenance=tuple(plans[q.id] for q in schema.queries_in("maintenance")),
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
        indexed_fks=tuple(f"`{r.source}` ({r.index})" for r in fk_rows if r.index and not r.rel.logical),
        high_storage=tuple(t.name for t in schema.tables if t.storage.lower() == "high"),
        views=views,
        triggers=objects.trigger_docs(schema),
        virtuals=objects.virtual_docs(schema),
        checks=objects.check_rows(schema),
        generated=objects.generated_rows(schema),
        conventions=_conventions(schema),
        has_planning=any(t.estimated_rows or t.growth or t.storage for t in schema.tables),
        has_volumes=any(t.volumes.small or t.volumes.medium or t.volumes.large for t in schema.tables),
        has_options=any(t.strict or t.without_rowid for t in schema.tables),
        has_categories=any(t.category for t in schema.tables),
        json_checked=_json_checked(schema),
        statistics=_statistics(schema, tables),
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
                APP_DEFAULT_WORDS.get(c.app_default, c.app_default)
                for t in schema.tables
                for c in t.columns
                if c.app_default
            )
        ),
    )


def _view_shape(view: ViewDoc) -> erd.ViewShape:
    return erd.ViewShape(view.view.name, tuple((c.type, c.name) for c in view.columns), view.reads)


def _conventions(schema: Schema) -> tuple[str, ...]:
    """The conventions bullets: only what this schema uses."""
    columns = [c for t in schema.tables for c in t.columns]
    out = [
        "Names: all SQL on these pages uses the SQL names. *Property* is the app's name for a column (the "
        "spec's `property`, else the camelCase of the SQL name); import and the row validators accept both."
    ]
    types = list(dict.fromkeys(c.sql_type for c in columns if c.sql_type and not c.is_json))
    if types:
        declared = and_join([md_code(t) for t in types])
        text = f"Types: the declared types are {declared}; SQLite stores values by each type's affinity"
        if any(t.strict for t in schema.tables):
            text += ", and `STRICT` tables refuse a value of another type"
        out.append(text + ".")
    if any(c.is_json for c in columns):
        checked = any(c.is_json and c.json_check for c in columns)
        out.append("JSON is stored as `text`" + (" and checked with `json_valid`." if checked else "."))
    if any(c.has_sql_default for c in columns):
        out.append("**SQL** defaults are part of the DDL and apply to any insert.")
    if any(c.app_default for c in columns):
        out.append(
            "**app** defaults are set by the app before it inserts; raw SQL inserts that leave such a "
            "column out store NULL."
        )
    if any(c.enum and not c.enum.open for c in columns):
        out.append("Enums: a **closed** set is enforced by a `CHECK (column IN (...))`.")
    if any(c.enum and c.enum.open for c in columns):
        out.append("Enums: an **open** set lists example values only and is not enforced.")
    if any(c.minimum is not None or c.maximum is not None for c in columns):
        out.append("Ranges (minimum, maximum) are documented and checked by the JSON validators, not by SQL.")
    if any(c.generated for c in columns):
        out.append(
            "Generated columns are computed by SQLite (`VIRTUAL` on read, `STORED` on write); an insert "
            "never names them."
        )
    if any(t.without_rowid for t in schema.tables):
        out.append("`WITHOUT ROWID` tables keep their rows in the primary-key index and have no rowid.")
    if any(_affinity_note(c) for c in columns):
        out.append("A declared type that is not an affinity name is shown with the affinity SQLite gives it.")
    return tuple(out)


def _affinity_note(col: Column) -> bool:
    return bool(col.sql_type) and not col.is_json and col.sql_type.upper() not in _AFFINITY_NAMES


def _json_checked(schema: Schema) -> str:
    checked = [c.json_check for t in schema.tables for c in t.json_columns]
    return "all" if all(checked) else "some" if any(checked) else "none"


def _statistics(schema: Schema, tables: tuple[TableView, ...]) -> tuple[tuple[str, ...], ...]:
    """The statistics table, with only the columns this schema has something for (cells are Markdown)."""
    planning = any(t.estimated_rows or t.growth or t.storage for t in schema.tables)
    has_json = any(tv.json_fields for tv in tables)
    categories = any(t.category for t in schema.tables)
    header = ["Table"] + (["Category"] if categories else [])
    header += ["Estimated rows", "Growth", "Storage"] if planning else []
    header += ["Columns"] + (["JSON fields"] if has_json else []) + ["Indexes"]
    rows = [tuple(header)]
    for tv in tables:
        t = tv.table
        cells = [md_code(t.name)] + ([md_cell(t.category or "—")] if categories else [])
        if planning:
            cells += [md_cell(t.estimated_rows or "—"), md_cell(t.growth or "—"), md_cell(t.storage or "—")]
        cells.append(str(len(t.columns)))
        cells += [str(len(tv.json_fields))] if has_json else []
        rows.append((*cells, str(len(t.all_indexes))))
    total = ["**Total**"] + [""] * (categories + 3 * planning) + [f"**{schema.column_count}**"]
    total += [f"**{sum(len(tv.json_fields) for tv in tables)}**"] if has_json else []
    rows.append((*total, f"**{sum(len(t.all_indexes) for t in schema.tables)}**"))
    return tuple(rows)
