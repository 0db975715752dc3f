"""The drizzle-zod insert schemas and row types the spec asks the Drizzle module to export.

JSON columns are typed `JsonText<Shape>` and open enums `"a" | ... | (string & {})`; drizzle-zod 0.7's type
mapping reads such branded strings as objects, so those columns are refined to the zod type
createInsertSchema gives a plain TEXT column (z.string(), `.nullish()` when NULL-able, `.optional()` with a
default): the insert schemas validate and infer exactly what the app's hand-written ones did.
"""

from __future__ import annotations

from generator.emit.codegen.names import ts_key
from generator.model import Column, Table, camel_case


def prop(col: Column) -> str:
    """A column's property name in the Drizzle module."""
    return col.app.prop or camel_case(col.name)


def insert_schema_lines(table: Table, variable: str, imports: set[str]) -> list[str]:
    """The table's `export const insert...Schema` and `export type ...` lines ([] when the spec asks none)."""
    out: list[str] = []
    exports = table.drizzle
    insert = exports.insert_schema
    if insert is not None:
        imports.add("createInsertSchema")
        narrowed = _pick_omit(table, insert.pick, insert.omit)
        refine = refinements(table, insert.pick, insert.omit)
        if refine:
            imports.add("z")
            out.append(f"export const {insert.name} = createInsertSchema({variable}, {{")
            out.append(
                "  // JSON text and open enums stay strings (drizzle-zod cannot map their branded types)"
            )
            out += [f"  {key}: {zod}," for key, zod in refine]
            out.append(f"}}){narrowed};")
        else:
            out.append(f"export const {insert.name} = createInsertSchema({variable}){narrowed};")
        if insert.type:
            imports.add("z")
            out.append(f"export type {insert.type} = z.infer<typeof {insert.name}>;")
    if exports.select_type:
        out.append(f"export type {exports.select_type} = typeof {variable}.$inferSelect;")
    return out


def _pick_omit(table: Table, pick: tuple[str, ...], omit: tuple[str, ...]) -> str:
    for method, names in (("pick", pick), ("omit", omit)):
        if names:
            keys = ", ".join(f"{ts_key(prop(table.column(n)))}: true" for n in names)
            return f".{method}({{ {keys} }})"
    return ""


def refinements(table: Table, pick: tuple[str, ...], omit: tuple[str, ...]) -> list[tuple[str, str]]:
    """(property, zod type) of each insertable JSON or open-enum column the insert schema keeps."""
    out = []
    single_pk = table.pk.names if table.pk is not None and len(table.pk.columns) == 1 else ()
    for col in table.writable_columns:
        if (pick and col.name not in pick) or col.name in omit:
            continue
        if not (col.json or (col.enum is not None and col.enum.open)):
            continue
        if not col.not_null and col.name not in single_pk:
            zod = "z.string().nullish()"
        elif col.has_sql_default or col.app.default is not None:
            zod = "z.string().optional()"
        else:
            zod = "z.string()"
        out.append((ts_key(prop(col)), zod))
    return out
