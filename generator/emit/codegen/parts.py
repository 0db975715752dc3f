"""What the Drizzle module's template sees: its tables, columns, shapes, views and custom types, laid out."""

from __future__ import annotations

from msgspec import Struct

from generator.emit.escape import ts_string


class TsColumn(Struct, frozen=True):
    """One column of a table or view: its lines (`key: builder...,`), after its omission notes and doc."""

    lines: tuple[str, ...]
    doc: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


class TsShape(Struct, frozen=True):
    """A named JSON shape: `export type Name = ...;`."""

    name: str
    type: str
    doc: tuple[str, ...] = ()


class TsTable(Struct, frozen=True):
    """One table: its JSON shapes, the sqliteTable() call's parts, and what Drizzle cannot say about it."""

    variable: str
    name: str  # the SQL name as a string literal
    columns: tuple[TsColumn, ...]
    extras: tuple[str, ...]
    shapes: tuple[TsShape, ...] = ()
    doc: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    uses_columns: bool = False  # the extra config reads the table's columns (`(t) => [...]`)


class TsView(Struct, frozen=True):
    """One view: sqliteView(name, columns).as(sql`...`)."""

    variable: str
    name: str  # the SQL name as a string literal
    columns: tuple[TsColumn, ...]
    sql: str  # the SELECT, escaped for the template literal
    doc: tuple[str, ...] = ()


class CustomType(Struct, frozen=True):
    """A declared type Drizzle has no builder for: a customType() with that exact SQL type."""

    variable: str
    sql_type: str
    data: str
    driver: str = ""  # the value the driver sees, when it differs from `data` (BOOLEAN: a number)
    convert: str = ""  # the toDriver / fromDriver options that turn one into the other
    stored: str = "0 or 1"  # what the stored driver values are, for the doc comment

    @property
    def literal(self) -> str:
        """The SQL type as a string literal."""
        return ts_string(self.sql_type)

    @property
    def doc(self) -> str:
        """What the custom type is for."""
        what = f"declared `{self.sql_type}`" if self.sql_type.strip() else "with no declared type"
        if self.driver:
            return f"/** Columns {what}: {self.data} in the app, stored as {self.driver} ({self.stored}). */"
        return f"/** Columns {what}: Drizzle has no builder of this SQL type. */"
