"""What the Drizzle module can state: the spec reduced to Drizzle's SQLite vocabulary, and what it leaves out.

`drizzle_schema(schema)` is the schema exactly as the generated module says it (and as `drizzle-kit push`
creates it); the emitter renders that reduced model, so the module and this statement cannot disagree.
Every construct dropped or rewritten is an `Omission` with the reason; the module shows each one as a
comment at its place, and the tests compare `drizzle-kit`'s DDL with the reduced model.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from generator.model import ForeignKey, Index, IndexColumn, PrimaryKey, Schema, Table, fold
from generator.sqlite.ddl import view_order
from generator.sqlite.tokens import references

_CREATED_BY_PUSH = "schemagen push creates it (see schema.sql)"


class Omission(Struct, frozen=True):
    """Something the spec says that the Drizzle module does not: where, what and why."""

    place: str
    what: str
    why: str

    def __str__(self) -> str:
        return f"{self.place}: {self.what}: {self.why}"


def unique_name(table: str, columns: tuple[str, ...]) -> str:
    """Drizzle's name for an unnamed UNIQUE constraint (`<table>_<columns>_unique`)."""
    return f"{table}_{'_'.join(columns)}_unique"


def drizzle_schema(schema: Schema) -> tuple[Schema, tuple[Omission, ...]]:
    """The schema as the Drizzle module states it, and every omission in spec order."""
    out: list[Omission] = []
    tables = tuple(_table(schema, t, out) for t in schema.tables)
    views = []
    left_out = {fold(v.name) for v in schema.virtual_tables}  # objects the module does not declare
    for view in view_order(schema.views):
        needs = sorted(references(view.sql) & left_out)
        if view.column_names:
            names = ", ".join(view.column_names)
            why = f"sqliteView() has no column-name list; {_CREATED_BY_PUSH}"
            out.append(Omission(f"view {view.name}", f"column names ({names})", why))
        elif needs:
            why = f"it reads {', '.join(needs)}, which the module does not declare; {_CREATED_BY_PUSH}"
            out.append(Omission(f"view {view.name}", "the view", why))
        else:
            views.append(view)
            continue
        left_out.add(fold(view.name))
    out += [
        Omission(f"trigger {t.name}", f"{t.timing.upper()} {t.event.upper()} ON {t.table}", _no_trigger())
        for t in schema.triggers
    ]
    out += [
        Omission(
            f"virtual table {v.name}",
            f"USING {v.module}",
            f"Drizzle has no virtual tables; {_CREATED_BY_PUSH}",
        )
        for v in schema.virtual_tables
    ]
    reduced = replace(schema, tables=tables, views=tuple(views), triggers=(), virtual_tables=())
    return reduced, tuple(out)


def _no_trigger() -> str:
    return f"Drizzle has no triggers; {_CREATED_BY_PUSH}"


def _table(schema: Schema, table: Table, out: list[Omission]) -> Table:
    name = table.name
    if table.strict:
        out.append(Omission(name, "STRICT", f"Drizzle has no SQLite table options; {_CREATED_BY_PUSH}"))
    if table.without_rowid:
        out.append(
            Omission(name, "WITHOUT ROWID", f"Drizzle has no SQLite table options; {_CREATED_BY_PUSH}")
        )
    if table.random_rowid:
        out.append(Omission(name, "RANDOM ROWID", f"Drizzle has no libSQL table options; {_CREATED_BY_PUSH}"))
    pk = _primary_key(table, out)
    single = pk.columns[0].name if pk is not None and len(pk.columns) == 1 else ""
    columns = []
    for col in table.columns:
        place = f"{name}.{col.name}"
        if col.collate:
            out.append(
                Omission(place, f"COLLATE {col.collate}", "Drizzle's SQLite columns take no collation")
            )
            col = replace(col, collate="")
        if col.not_null_conflict:
            out.append(
                Omission(
                    place,
                    f"NOT NULL ON CONFLICT {col.not_null_conflict.upper()}",
                    "Drizzle has no conflict clauses",
                )
            )
            col = replace(col, not_null_conflict="")
        if col.name == single and not col.not_null:
            if not table.not_null(col):  # the rowid alias and a WITHOUT ROWID key are never NULL anyway
                out.append(
                    Omission(
                        place,
                        "NULL allowed in the primary key",
                        "Drizzle's primaryKey() always adds NOT NULL (SQLite lets a non-INTEGER key be NULL)",
                    )
                )
            col = replace(col, not_null=True)
        columns.append(col)
    indexes = list(table.indexes)
    for unique in table.uniques:
        keys = unique.columns
        uname = unique.name or unique_name(name, unique.names)
        what = f"UNIQUE ({', '.join(map(str, keys))})"
        out.append(
            Omission(
                name,
                what,
                f"drizzle-kit writes UNIQUE constraints as CREATE UNIQUE INDEX {uname} (same rule)",
            )
        )
        if unique.on_conflict:
            out.append(
                Omission(
                    name,
                    f"{what} ON CONFLICT {unique.on_conflict.upper()}",
                    "Drizzle has no conflict clauses",
                )
            )
        indexes.append(Index(name=uname, table=name, columns=keys, unique=True))
    foreign_keys = tuple(
        fk for fk in (_foreign_key(schema, table, fk, out) for fk in table.foreign_keys) if fk
    )
    return replace(
        table,
        columns=tuple(columns),
        pk=pk,
        uniques=(),
        indexes=tuple(sorted(indexes, key=lambda ix: ix.name)),
        foreign_keys=foreign_keys,
        strict=False,
        without_rowid=False,
        random_rowid=False,
    )


def _primary_key(table: Table, out: list[Omission]) -> PrimaryKey | None:
    pk = table.pk
    if pk is None:
        return None
    if pk.name:
        out.append(
            Omission(
                table.name,
                f"primary key name {pk.name}",
                "drizzle-kit writes no primary-key names for SQLite",
            )
        )
    if pk.on_conflict:
        out.append(
            Omission(
                table.name,
                f"PRIMARY KEY ON CONFLICT {pk.on_conflict.upper()}",
                "Drizzle has no conflict clauses",
            )
        )
    for key in pk.columns:
        if key.desc or key.collate:
            out.append(Omission(table.name, f"primary key {key}", "Drizzle's primary keys are plain columns"))
    return PrimaryKey(tuple(IndexColumn(name=k.name) for k in pk.columns))


def _foreign_key(schema: Schema, table: Table, fk: ForeignKey, out: list[Omission]) -> ForeignKey | None:
    place = f"{table.name}({', '.join(fk.columns)})"
    if not schema.has_table(fk.table):
        out.append(
            Omission(
                place,
                f"REFERENCES {fk.table}",
                "the spec has no such table, and Drizzle refers to table objects",
            )
        )
        return None
    to = fk.to
    parent = schema.table(fk.table)
    missing = [c for c in to if not parent.has_column(c)]
    if missing:
        why = f"{fk.table} has no column {', '.join(missing)}, and Drizzle refers to column objects"
        out.append(Omission(place, f"REFERENCES {fk.table}({', '.join(to)})", why))
        return None
    if not to:
        to = parent.pk.names if parent.pk is not None else ()
        if len(to) != len(fk.columns):
            out.append(
                Omission(place, f"REFERENCES {fk.table}", f"{fk.table} has no primary key to refer to")
            )
            return None
        out.append(
            Omission(
                place,
                f"REFERENCES {fk.table} (its primary key)",
                f"Drizzle names the parent columns: REFERENCES {fk.table}({', '.join(to)}), the same key",
            )
        )
    if fk.name:
        out.append(
            Omission(
                place, f"constraint name {fk.name}", "drizzle-kit writes no foreign-key names for SQLite"
            )
        )
    if fk.deferred:
        out.append(
            Omission(place, "DEFERRABLE INITIALLY DEFERRED", "Drizzle's foreign keys are never deferred")
        )
    return replace(fk, to=to, name="", deferred=False)
