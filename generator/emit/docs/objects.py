"""What the pages show about views, triggers, virtual tables and constraints, computed from the model.

A view's columns are read from SQLite itself (the schema is built in memory and `PRAGMA table_xinfo`
asked), so the pages list what a SELECT really returns, not a guess from the SQL text.
"""

from __future__ import annotations

from msgspec import Struct

from generator.emit.docs.markdown import anchor, first_sentence, md_code
from generator.emit.escape import md_span
from generator.model import Check, Schema, Table, Trigger, View, VirtualTable, fold
from generator.sqlite import ddl
from generator.sqlite.memory import view_columns
from generator.sqlite.reads import view_reads


class ViewColumnRow(Struct, frozen=True):
    """One output column of a view."""

    name: str
    type: str  # the declared type SQLite gives it ('' for an expression)
    description: str


class ViewDoc(Struct, frozen=True):
    """A view with its columns, what it reads and its SQL."""

    view: View
    anchor: str
    summary: str
    columns: tuple[ViewColumnRow, ...]
    reads: tuple[str, ...]  # the tables, views and virtual tables it selects from, in schema order
    sql: str


class TriggerDoc(Struct, frozen=True):
    """A trigger: when it fires, and its SQL."""

    trigger: Trigger
    anchor: str
    fires: str  # e.g. "BEFORE DELETE ON `order_lines`"
    sql: str


class VirtualDoc(Struct, frozen=True):
    """A virtual table: its module, arguments and SQL."""

    table: VirtualTable
    anchor: str
    arguments: str
    sql: str


class CheckRow(Struct, frozen=True):
    """A CHECK written in the spec (the enum and JSON ones are shown with their columns)."""

    table: str
    column: str  # '' for a table-level CHECK
    check: Check


class GeneratedRow(Struct, frozen=True):
    """A generated column."""

    table: str
    column: str
    sql: str
    stored: bool


def reads(schema: Schema, sql: str, own: str = "") -> tuple[str, ...]:
    """The tables, views and virtual tables a SELECT reads (generator/sqlite/reads.py), in schema order
    (`own` left out)."""
    mentioned = view_reads(sql) - {fold(own)}
    names = [t.name for t in schema.tables] + [v.name for v in schema.views]
    names += [v.name for v in schema.virtual_tables]
    return tuple(n for n in names if fold(n) in mentioned)


def view_docs(schema: Schema) -> tuple[ViewDoc, ...]:
    """Every view, in spec order."""
    found = view_columns(schema)
    # SQLite reports a view column's type in its own spelling; the spec's spelling reads like the tables'
    spelled = {c.type.upper(): c.type for t in reversed(schema.tables) for c in t.columns}
    out = []
    for view in schema.views:
        described = {fold(c.name): c.description for c in view.docs.columns}
        computed = found.get(view.name) or tuple((n, "") for n in view.column_names)
        if not computed:
            computed = tuple((c.name, "") for c in view.docs.columns)
        out.append(
            ViewDoc(
                view=view,
                anchor=anchor(view.name),
                summary=first_sentence(view.docs.description) if view.docs.description else "",
                columns=tuple(
                    ViewColumnRow(name, spelled.get(kind.upper(), kind), described.get(fold(name), ""))
                    for name, kind in computed
                ),
                reads=reads(schema, view.sql, view.name),
                sql=ddl.create_view_sql(view, if_not_exists=False),
            )
        )
    return tuple(out)


def trigger_docs(schema: Schema) -> tuple[TriggerDoc, ...]:
    """Every trigger, in spec order."""
    out = []
    for t in schema.triggers:
        event = t.event.upper() + (f" OF {', '.join(md_span(c) for c in t.columns)}" if t.columns else "")
        out.append(
            TriggerDoc(
                trigger=t,
                anchor=anchor(t.name),
                fires=f"{t.timing.upper()} {event} ON {md_span(t.table)}"
                + (" (with a WHEN condition)" if t.when else ""),
                sql=ddl.create_trigger_sql(t, if_not_exists=False),
            )
        )
    return tuple(out)


def virtual_docs(schema: Schema) -> tuple[VirtualDoc, ...]:
    """Every virtual table, in spec order."""
    return tuple(
        VirtualDoc(
            table=v,
            anchor=anchor(v.name),
            arguments=", ".join(f"{md_span(a)}" for a in v.arguments) or "none",
            sql=ddl.create_virtual_sql(v, if_not_exists=False),
        )
        for v in schema.virtual_tables
    )


def check_rows(schema: Schema) -> tuple[CheckRow, ...]:
    """Every CHECK the spec writes, column ones first, table by table."""
    return tuple(
        [CheckRow(t.name, c.name, check) for t in schema.tables for c in t.columns for check in c.checks]
        + [CheckRow(t.name, "", check) for t in schema.tables for check in t.checks]
    )


def generated_rows(schema: Schema) -> tuple[GeneratedRow, ...]:
    """Every generated column."""
    return tuple(
        GeneratedRow(t.name, c.name, c.generated.sql, c.generated.stored)
        for t in schema.tables
        for c in t.columns
        if c.generated is not None
    )


def key_text(names: tuple[str, ...]) -> str:
    """`a` for one column, `(a, b)` for several."""
    return names[0] if len(names) == 1 else f"({', '.join(names)})"


def table_constraints(table: Table) -> tuple[str, ...]:
    """The table-level constraints in words: composite or named keys, UNIQUEs, foreign keys, CHECKs."""
    out = []
    pk = table.pk
    if pk is not None and (len(pk.columns) > 1 or pk.name or pk.on_conflict):
        named = f" {md_span(pk.name)}" if pk.name else ""
        keys = ", ".join(f"{md_span(c)}" for c in pk.columns)
        out.append(f"PRIMARY KEY{named} ({keys})" + _conflict(pk.on_conflict))
    for u in table.uniques:
        named = f" {md_span(u.name)}" if u.name else ""
        out.append(f"UNIQUE{named} ({', '.join(md_span(c) for c in u.columns)})" + _conflict(u.on_conflict))
    for fk in table.foreign_keys:
        if len(fk.columns) == 1 and not fk.deferred and not fk.name:
            continue  # shown on its column
        named = f" {md_span(fk.name)}" if fk.name else ""
        to = md_span(f"{fk.table}.{key_text(fk.to)}") if fk.to else f"{md_span(fk.table)} (its primary key)"
        cols = ", ".join(f"{md_span(c)}" for c in fk.columns)
        deferred = ", deferred (checked at COMMIT)" if fk.deferred else ""
        actions = f"on delete {fk.on_delete}, on update {fk.on_update}{deferred}"
        out.append(f"FOREIGN KEY{named} ({cols}) → {to}, {actions}")
    for check in table.checks:
        out.append(check_text(check))
    return tuple(out)


def check_text(check: Check) -> str:
    """`CHECK <expression> (<name>): <description>` in Markdown."""
    named = f" ({md_code(check.name)})" if check.name else ""
    about = f": {check.description}" if check.description else ""
    return f"CHECK {md_code(check.sql)}{named}{about}"


def _conflict(clause: str) -> str:
    return f" ON CONFLICT {clause.upper()}" if clause else ""
