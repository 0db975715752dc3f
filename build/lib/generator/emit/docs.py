"""Everything the doc templates show, computed in Python (templates only loop and lay out)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.emit import erd
from generator.emit.docs_text import COMMANDS, ENV_VARS, SECURITY, TROUBLESHOOTING
from generator.model import Column, Index, Query, Schema, Table, unique_index_name
from generator.sqlite import ddl, queries

FREQUENCIES = ("high", "medium", "low")
INLINE_EXAMPLE_MAX = 90
APP_DEFAULTS = {
    "uuid": "app: UUID (`crypto.randomUUID()`)",
    "now": "app: ISO timestamp (`new Date().toISOString()`)",
}


def md_cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_code(text: object) -> str:
    """Inline code, safe inside a Markdown table cell."""
    value = str(text).replace("|", "\\|")
    return f"``{value}``" if "`" in value else f"`{value}`"


def json_pretty(value: Any) -> str:
    """Indented JSON for code blocks."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading (lower case, punctuation dropped, spaces -> '-')."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


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
    summary: str
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
    pk_kind: str  # "auto" or "manual"
    index_names: str


@dataclass(frozen=True, slots=True)
class CategoryView:
    """A category and its tables."""

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
    """One relationship line, with the index (if any) that covers its referencing column."""

    rel: erd.Relationship
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
    autoindex_tables: tuple[str, ...]
    unindexed_fks: tuple[str, ...]
    high_storage: tuple[str, ...]
    indexed_fks: tuple[str, ...]
    dump_example: str  # the table the one-table dump example names
    commands: tuple[tuple[str, str], ...] = COMMANDS
    env_vars: tuple[tuple[str, str], ...] = ENV_VARS
    troubleshooting: tuple[tuple[str, str], ...] = TROUBLESHOOTING
    security: tuple[str, ...] = SECURITY


def _ddl_objects(schema: Schema) -> tuple[tuple[str, str], ...]:
    """Virtual tables, views (in dependency order) and triggers, each with a one-line comment."""

    def about(description: str, fallback: str) -> str:
        return _first_sentence(description) if description else fallback

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


def _first_sentence(text: str) -> str:
    head = text.split(". ")[0].strip()
    return head if head.endswith(".") else head + "."


def _constraints(table: Table, col: Column) -> str:
    out = []
    if col.primary_key:
        out.append("PRIMARY KEY" + (" AUTOINCREMENT" if col.autoincrement else ""))
    elif col.not_null:
        out.append("NOT NULL")
    if col.unique and not col.primary_key:
        out.append(f"UNIQUE (`{unique_index_name(table.name, col.name)}`)")
    ref = table.foreign_key_of(col.name)
    if ref is not None:
        out.append(f"FK → `{ref.table}.{ref.column}` (on delete {ref.on_delete})")
    if col.logical_reference is not None:
        lref = col.logical_reference
        out.append(f"logical → `{lref.table}.{lref.column}` (no FK)")
    if col.closed_enum is not None:
        out.append("CHECK IN (values)")
    if col.is_json and col.json_check:
        out.append("CHECK `json_valid`")
    if col.minimum is not None or col.maximum is not None:
        low = "" if col.minimum is None else str(col.minimum)
        high = "" if col.maximum is None else str(col.maximum)
        span = f"{low}-{high}" if low and high else (f">= {low}" if low else f"<= {high}")
        out.append(f"range {span} (app-checked)")
    return "; ".join(out) or "—"


def _default(col: Column) -> str:
    if col.default is not None:
        return f"SQL: `{ddl.sql_literal(col.default)}`"
    if col.app_default is not None:
        return APP_DEFAULTS.get(col.app_default, f"app: {col.app_default}")
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


def _table_view(table: Table) -> TableView:
    pk = table.primary_key
    auto = any(c.autoincrement or c.app_default == "uuid" for c in pk)
    how = ", ".join(
        f"`{c.name}` "
        + (
            "integer, autoincrement"
            if c.autoincrement
            else "UUID set by the app"
            if c.app_default == "uuid"
            else f"{c.sql_type}, set by the writer"
        )
        for c in pk
    )
    indexed = {ix.columns[0].name for ix in table.all_indexes}
    linked = {c for fk in table.foreign_keys for c in fk.columns}
    keys = [
        c.name
        for c in table.columns
        if not c.primary_key and (c.name in indexed | linked or c.logical_reference or c.enum)
    ]
    return TableView(
        table=table,
        anchor=anchor(table.name),
        summary=_first_sentence(table.description) if table.description else "",
        columns=tuple(
            ColumnRow(
                column=c,
                type="json (stored as text)" if c.is_json else c.sql_type,
                constraints=_constraints(table, c),
                default=_default(c),
                enum=_enum_text(c),
                description=c.description,
            )
            for c in table.columns
        ),
        json_fields=tuple(_json_field(table, c) for c in table.json_columns),
        key_fields=", ".join(f"`{k}`" for k in keys[:6]) or "—",
        primary_key=how,
        pk_kind="auto" if auto else "manual",
        index_names=", ".join(f"`{ix.name}`" for ix in table.all_indexes) or "—",
    )


def _plans(schema: Schema) -> dict[str, QueryView]:
    """Every documented query with the indexes that can serve it (static, SQLite-version independent)."""
    out: dict[str, QueryView] = {}
    for query in schema.queries:
        uses = queries.index_uses(schema, query)
        out[query.id] = QueryView(
            query=query, plan=tuple(str(u) for u in uses), indexes=tuple(dict.fromkeys(u.index for u in uses))
        )
    return out


def _actions(schema: Schema, rel: erd.Relationship) -> str:
    table = schema.table(rel.child)
    ref = next((fk for fk in table.foreign_keys if ", ".join(fk.columns) == rel.column), None)
    if rel.logical or ref is None:
        return "—"
    return f"on delete {ref.on_delete}, on update {ref.on_update}"


def _fk_index(table: Table, column: str) -> str:
    for ix in table.all_indexes:
        if ix.columns[0].name == column:
            return ix.name
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


@lru_cache(maxsize=4)
def build_view(schema: Schema) -> View:
    """Compute everything the templates need."""
    ddl_tables = tuple(
        DdlTable(
            table=t,
            summary=_first_sentence(t.description) if t.description else "",
            create_sql=ddl.create_table_sql(t),
            index_sql=tuple(ddl.create_index_sql(ix) for ix in t.all_indexes),
        )
        for t in ddl.dependency_order(schema)
    )
    tables = tuple(_table_view(t) for t in schema.tables)
    plans = _plans(schema)
    rels = erd.relationships(schema)
    fk_rows = tuple(
        FkRow(
            rel=r,
            actions=_actions(schema, r),
            index=_fk_index(schema.table(r.child), r.column),
        )
        for r in rels
    )
    fk_columns = {(r.child, r.column): r for r in rels}
    index_rows = tuple(
        IndexRow(
            index=ix,
            columns=", ".join(f"`{c}`" for c in ix.columns),
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
    return View(
        ddl_tables=ddl_tables,
        ddl_objects=_ddl_objects(schema),
        index_count=sum(len(t.all_indexes) for t in schema.tables),
        tables=tables,
        categories=tuple(
            CategoryView(
                name=c.name,
                description=c.description,
                tables=tuple(tv for tv in tables if tv.table.category == c.name),
            )
            for c in schema.categories
        ),
        er_diagram=erd.er_diagram(schema),
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
        fk_count=sum(1 for r in rels if not r.logical),
        logical_count=sum(1 for r in rels if r.logical),
        rowid_tables=tuple(t.name for t in schema.tables if t.rowid_alias is not None),
        autoindex_tables=tuple(t.name for t in schema.tables if t.primary_key and t.rowid_alias is None),
        unindexed_fks=tuple(
            f"{r.rel.child}.{r.rel.column}" for r in fk_rows if not r.index and not r.rel.logical
        ),
        indexed_fks=tuple(
            f"`{r.rel.child}.{r.rel.column}` (`{r.index}`)" for r in fk_rows if r.index and not r.rel.logical
        ),
        dump_example=next(
            (t.name for t in schema.tables if t.storage.lower() == "high"), schema.tables[0].name
        ),
        high_storage=tuple(t.name for t in schema.tables if t.storage.lower() == "high"),
    )
