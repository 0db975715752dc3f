"""What the pages show about one table: its columns in words, its key, its constraints, its JSON fields."""

from __future__ import annotations

import json

from msgspec import Struct

from generator.emit.docs import objects
from generator.emit.docs.markdown import anchor, code_list, first_sentence, json_pretty, md_code
from generator.emit.docs.shapes import shape_summary
from generator.emit.docs.text import APP_DEFAULTS
from generator.emit.escape import md_span
from generator.model import Column, Table, unique_index_name
from generator.model.shape import column_shape
from generator.sqlite import ddl

INLINE_EXAMPLE_MAX = 90
AFFINITY_NAMES = frozenset({"TEXT", "INTEGER", "REAL", "BLOB", "NUMERIC"})


class ColumnRow(Struct, frozen=True):
    """One row of a table's column reference."""

    column: Column
    type: str
    constraints: str
    default: str
    enum: str
    description: str


class JsonField(Struct, frozen=True):
    """One JSON column: its shape in words and its example."""

    table: str
    column: Column
    shape: str
    description: str
    example: str
    example_inline: str  # one-line JSON, or "" when too long for a table cell
    anchor: str  # of its heading on the reference page


class TableView(Struct, frozen=True):
    """A table with everything the pages show about it."""

    table: Table
    anchor: str
    summary: str
    columns: tuple[ColumnRow, ...]
    json_fields: tuple[JsonField, ...]
    key_fields: str
    primary_key: str
    keys: tuple[KeyFill, ...]  # who fills each key column (one for the rowid of a table with no key)
    index_names: str
    options: str  # "STRICT", "WITHOUT ROWID", ... ('' for none)
    constraints: tuple[str, ...]  # table-level constraints in words


def ddl_comment(table: Table) -> str:
    """`name (category): first sentence`, leaving out what the spec does not say."""
    head = table.name + (f" ({table.docs.category})" if table.docs.category else "")
    return f"{head}: {first_sentence(table.docs.description)}" if table.docs.description else head


def _type(col: Column) -> str:
    if col.json:
        return "json (stored as text)"
    if not col.type:
        return "none (BLOB affinity)"
    if col.type.upper() in AFFINITY_NAMES:
        return col.type
    return f"{col.type} ({col.affinity.value} affinity)"


def _constraints(table: Table, col: Column) -> str:
    out = []
    if col.primary_key:
        single = len(table.primary_key) == 1
        key = "PRIMARY KEY" if single else "part of the PRIMARY KEY"
        out.append(key + (" AUTOINCREMENT" if col.autoincrement else ""))
    if col.not_null and not col.primary_key:
        out.append("NOT NULL")
    if col.unique and not col.primary_key:
        out.append(f"UNIQUE ({md_span(unique_index_name(table.name, col.name))})")
    ref = table.foreign_key_of(col.name)
    for fk in table.foreign_keys:
        if col.name not in fk.columns:
            continue
        to = f"{fk.table}.{objects.key_text(fk.to)}" if fk.to else fk.table
        if fk is ref:
            out.append(
                f"FK → {md_span(to)} (on delete {fk.on_delete}" + (", deferred)" if fk.deferred else ")")
            )
        else:
            out.append(f"part of FK → {md_span(to)}")
    if col.logical_reference is not None:
        lref = col.logical_reference
        out.append(f"logical → {md_span(lref.table + '.' + lref.column)} (no FK)")
    if col.collate:
        out.append(f"COLLATE {col.collate}")
    if col.generated is not None:
        kind = "STORED" if col.generated.stored else "VIRTUAL"
        out.append(f"GENERATED {md_code(col.generated.sql)} {kind}")
    if col.closed_enum is not None:
        out.append("CHECK IN (values)")
    if col.json and col.json_check:
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
        return f"SQL: {md_span(ddl.sql_literal(col.default))}"
    if col.default_expr is not None:
        return f"SQL: {md_code(col.default_expr)}"
    if col.app.default is not None:
        text = APP_DEFAULTS.get(col.app.default, f"app: {col.app.default}")
        return f"{text} ({md_code(how[col.app.default])})" if col.app.default in how else text
    return "—"


def _enum_text(col: Column) -> str:
    if col.enum is None:
        return ""
    values = ", ".join(f"{md_span(v)}" for v in col.enum.values)
    return f"{values} ({'open: examples' if col.enum.open else 'closed'})"


def _json_field(table: Table, col: Column) -> JsonField:
    shape = column_shape(col)
    inline = json.dumps(col.example_value(), ensure_ascii=False) if col.docs.example is not None else ""
    return JsonField(
        table=table.name,
        column=col,
        shape=shape_summary(shape.type),
        description=shape.description.strip() or col.docs.description,
        example=json_pretty(col.example_value()) if col.docs.example is not None else "",
        example_inline=inline if len(inline) <= INLINE_EXAMPLE_MAX else "",
        anchor=anchor(f"{table.name}.{col.name}"),
    )


class KeyFill(Struct, frozen=True):
    """Who fills one primary-key column, and what an INSERT that leaves it out does."""

    column: str  # '' for a table with no primary key (the rowid)
    kind: str  # "rowid", "autoincrement", "sql default", "app", "writer"
    filled_by: str  # Markdown
    without: str  # Markdown: what a raw INSERT without the column does


def key_fills(table: Table, how: dict[str, str]) -> tuple[KeyFill, ...]:
    """Each primary-key column: who fills it and what an INSERT without it does, as SQLite behaves."""
    if not table.primary_key:
        rowid = "libSQL assigns a random rowid" if table.random_rowid else "SQLite assigns the rowid"
        return (KeyFill("", "rowid", "SQLite (the rowid; no declared key)", rowid),)
    return tuple(_key_fill(table, col, how) for col in table.primary_key)


def _key_fill(table: Table, col: Column, how: dict[str, str]) -> KeyFill:
    if col.has_sql_default:
        return KeyFill(col.name, "sql default", f"SQLite: its default ({_default(col, how)})", "the default")
    if col is table.rowid_alias:
        if col.autoincrement:
            return KeyFill(
                col.name,
                "autoincrement",
                "SQLite: `AUTOINCREMENT` (larger than any id the table ever held; never reused)",
                "SQLite assigns it (also when NULL is given)",
            )
        assigned = "a random rowid (`RANDOM ROWID`)" if table.random_rowid else "the largest rowid + 1"
        return KeyFill(
            col.name,
            "rowid",
            f"SQLite: it is the rowid ({assigned})",
            "SQLite assigns it (also when NULL is given)",
        )
    without = _without(table, col)
    if col.app.default is not None:
        text = APP_DEFAULTS.get(col.app.default, f"app: {col.app.default}").removeprefix("app: ")
        text += f" ({md_span(how[col.app.default])})" if col.app.default in how else ""
        return KeyFill(col.name, "app", f"the app: {text}; `schemagen import` fills it too", without)
    return KeyFill(col.name, "writer", "the writer", without)


def _without(table: Table, col: Column) -> str:
    """A raw INSERT that leaves out a key column with no default: refused, skipped, or NULL stored."""
    if col.not_null:
        if col.not_null_conflict.lower() == "ignore":
            return "the row is not inserted, silently (`NOT NULL ON CONFLICT IGNORE`)"
        return "the INSERT fails (`NOT NULL`)"
    if table.without_rowid:
        return "the INSERT fails (a `WITHOUT ROWID` key is never NULL)"
    return "NULL is stored as the key (SQLite allows it in a rowid table's non-integer key)"


def _primary_key(table: Table, fills: tuple[KeyFill, ...]) -> str:
    """The key in words for the reference's table header."""
    if not table.primary_key:
        return "none (the rowid)"
    return ", ".join(f"{md_span(f.column)} ({_short(f)})" for f in fills)


def _short(fill: KeyFill) -> str:
    return {
        "rowid": "the rowid",
        "autoincrement": "AUTOINCREMENT",
        "sql default": "SQL default",
        "app": "set by the app",
        "writer": "set by the writer",
    }[fill.kind]


def table_view(table: Table, how: dict[str, str]) -> TableView:
    indexed = {ix.columns[0].name for ix in table.all_indexes}
    linked = {c for fk in table.foreign_keys for c in fk.columns}
    keys = [
        c.name
        for c in table.columns
        if not c.primary_key and (c.name in indexed | linked or c.logical_reference or c.enum)
    ]
    fills = key_fills(table, how)
    return TableView(
        table=table,
        anchor=anchor(table.name),
        summary=first_sentence(table.docs.description) if table.docs.description else "",
        columns=tuple(
            ColumnRow(
                column=c,
                type=_type(c),
                constraints=_constraints(table, c),
                default=_default(c, how),
                enum=_enum_text(c),
                description=c.docs.description,
            )
            for c in table.columns
        ),
        json_fields=tuple(_json_field(table, c) for c in table.json_columns),
        key_fields=code_list(keys[:6]) or "—",
        primary_key=_primary_key(table, fills),
        keys=fills,
        index_names=code_list([ix.name for ix in table.all_indexes]) or "—",
        options=ddl.table_options(table).strip(),
        constraints=objects.table_constraints(table),
    )
