"""A declared rename as its own reviewable unit: the base schema with just that rename declared, and the
base as the rest of a review starts from (renamed, its implied unique indexes folded back)."""

from __future__ import annotations

from msgspec.structs import replace

from generator.migrate.renames import Rename, Renamed, RenameKind, rename_columns, rename_table
from generator.model import Schema, Table
from generator.model.rules import fold, unique_index_name


def declare_rename(base: Schema, r: Rename) -> Schema:
    """Base with one declared rename (the planner sees `renamed_from`, as push would)."""
    if r.kind is RenameKind.TABLE:
        schema = rename_table(base, r.old, r.new)
        table = replace(schema.table(r.new), renamed_from=(r.old,))
        return _swap(schema, table)
    if r.kind is RenameKind.COLUMN:
        schema = rename_columns(base, r.table, {r.old: r.new})
        table = schema.table(r.table)
        columns = tuple(replace(c, renamed_from=(r.old,)) if c.name == r.new else c for c in table.columns)
        return _swap(schema, replace(table, columns=columns))
    if r.kind is RenameKind.INDEX:
        table = base.table(r.table)
        indexes = tuple(
            replace(ix, name=r.new, renamed_from=(r.old,)) if ix.name == r.old else ix for ix in table.indexes
        )
        return _swap(base, replace(table, indexes=tuple(sorted(indexes, key=lambda ix: ix.name))))
    field = "views" if r.kind is RenameKind.VIEW else "triggers"
    objects = tuple(
        replace(x, name=r.new, renamed_from=(r.old,)) if fold(x.name) == fold(r.old) else x
        for x in getattr(base, field)
    )
    return replace(base, **{field: objects})


def review_base(base: Schema, renamed: Renamed) -> Schema:
    """The renamed base, with renamed views and triggers kept under their new names (so a changed
    definition shows as a change, not as an object added)."""
    schema = replace(renamed.live, tables=tuple(_implied(t) for t in renamed.live.tables))
    for r in renamed.renames:
        if r.kind in (RenameKind.VIEW, RenameKind.TRIGGER):
            field = "views" if r.kind is RenameKind.VIEW else "triggers"
            old = next(x for x in getattr(base, field) if x.name == r.old)
            moved = (*getattr(schema, field), replace(old, name=r.new))
            schema = replace(schema, **{field: moved})
    return schema


def _implied(table: Table) -> Table:
    """The table with a unique index named as `unique: true` names it folded back into its column."""
    implied = {
        ix.name: ix.columns[0].name
        for ix in table.indexes
        if ix.unique
        and not ix.where
        and len(ix.columns) == 1
        and ix.columns[0].plain
        and ix.name == unique_index_name(table.name, ix.columns[0].name)
    }
    if not implied:
        return table
    names = {fold(c) for c in implied.values()}
    columns = tuple(replace(c, unique=True) if fold(c.name) in names else c for c in table.columns)
    indexes = tuple(ix for ix in table.indexes if ix.name not in implied)
    return replace(table, columns=columns, indexes=indexes)


def _swap(schema: Schema, table: Table) -> Schema:
    return replace(
        schema, tables=tuple(table if fold(t.name) == fold(table.name) else t for t in schema.tables)
    )
