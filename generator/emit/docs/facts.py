"""Schema-wide facts in words: the conventions the schema uses, the statistics table, checked JSON."""

from __future__ import annotations

from generator.emit.docs.markdown import and_join, md_cell, md_code
from generator.emit.docs.tables import AFFINITY_NAMES, TableView
from generator.model import Column, Schema


def conventions(schema: Schema) -> tuple[str, ...]:
    """The conventions bullets: only what this schema uses."""
    columns = [c for t in schema.tables for c in t.columns]
    out = [
        "Names: all SQL on these pages uses the SQL names. *Property* is the app's name for a column (the "
        "spec's `property`, else the camelCase of the SQL name); import and the row validators accept both."
    ]
    types = list(dict.fromkeys(c.type for c in columns if c.type and not c.json))
    if types:
        declared = and_join([md_code(t) for t in types])
        text = f"Types: the declared types are {declared}; SQLite stores values by each type's affinity"
        if any(t.strict for t in schema.tables):
            text += ", and `STRICT` tables refuse a value of another type"
        out.append(text + ".")
    if any(c.json for c in columns):
        checked = any(c.json and c.json_check for c in columns)
        out.append("JSON is stored as `text`" + (" and checked with `json_valid`." if checked else "."))
    if any(c.has_sql_default for c in columns):
        out.append("**SQL** defaults are part of the DDL and apply to any insert.")
    app = [c for c in columns if c.app.default]
    if app:
        fates = []
        if any(not c.not_null for c in app):
            fates.append("store NULL in a NULL-able column")
        if any(c.not_null for c in app):
            fates.append("fail on a `NOT NULL` one")
        out.append(
            "**app** defaults are set by the app (and `schemagen import`) before it inserts; raw SQL inserts "
            f"that leave such a column out {' and '.join(fates)}."
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
    if any(t.random_rowid for t in schema.tables):
        out.append(
            "`RANDOM ROWID` tables (libSQL) give a new row a random 64-bit rowid, not the largest plus one."
        )
    if any(_affinity_note(c) for c in columns):
        out.append("A declared type that is not an affinity name is shown with the affinity SQLite gives it.")
    return tuple(out)


def _affinity_note(col: Column) -> bool:
    return bool(col.type) and not col.json and col.type.upper() not in AFFINITY_NAMES


def json_checked(schema: Schema) -> str:
    checked = [c.json_check for t in schema.tables for c in t.json_columns]
    return "all" if all(checked) else "some" if any(checked) else "none"


def statistics(schema: Schema, tables: tuple[TableView, ...]) -> tuple[tuple[str, ...], ...]:
    """The statistics table, with only the columns this schema has something for (cells are Markdown)."""
    planning = any(t.docs.estimated_rows or t.docs.growth or t.docs.storage for t in schema.tables)
    has_json = any(tv.json_fields for tv in tables)
    categories = any(t.docs.category for t in schema.tables)
    header = ["Table"] + (["Category"] if categories else [])
    header += ["Estimated rows", "Growth", "Storage"] if planning else []
    header += ["Columns"] + (["JSON fields"] if has_json else []) + ["Indexes"]
    rows = [tuple(header)]
    for tv in tables:
        t = tv.table
        cells = [md_code(t.name)] + ([md_cell(t.docs.category or "—")] if categories else [])
        if planning:
            cells += [
                md_cell(t.docs.estimated_rows or "—"),
                md_cell(t.docs.growth or "—"),
                md_cell(t.docs.storage or "—"),
            ]
        cells.append(str(len(t.columns)))
        cells += [str(len(tv.json_fields))] if has_json else []
        rows.append((*cells, str(len(t.all_indexes))))
    total = ["**Total**"] + [""] * (categories + 3 * planning) + [f"**{schema.column_count}**"]
    total += [f"**{sum(len(tv.json_fields) for tv in tables)}**"] if has_json else []
    rows.append((*total, f"**{sum(len(t.all_indexes) for t in schema.tables)}**"))
    return tuple(rows)
