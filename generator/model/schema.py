"""The frozen model between the spec and everything built from it (DDL, docs, validators, plans).

Every construct of SQLite's schema language has a type here: tables (columns, primary key, UNIQUE and
CHECK constraints, foreign keys, STRICT, WITHOUT ROWID), indexes (columns, expressions, collations, DESC,
partial WHERE), views, triggers and virtual tables. SQL fragments (CHECK expressions, expression defaults,
generated columns, view and trigger bodies, index expressions and WHERE clauses) are kept as written;
`generator.sqlite.tokens.canonical` is how they are compared.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from msgspec import Struct, field
from msgspec.structs import force_setattr

from generator.model.constraints import (
    Check,
    Enum,
    ForeignKey,
    Generated,
    Index,
    IndexColumn,
    LogicalReference,
    PrimaryKey,
    TriggerEvent,
    TriggerTiming,
    Unique,
)
from generator.model.docs import (
    Category,
    ColumnApp,
    ColumnDocs,
    DataFlow,
    Docs,
    ObjectDocs,
    Query,
    TableDocs,
    ViewDocs,
)
from generator.model.rules import fold, is_rowid_alias, not_null, unique_index_name
from generator.model.types import Affinity, affinity


class Column(Struct, frozen=True):
    """One column, in spec order.

    What the pages say about it (`docs`) and how the app's code names and fills it (`app`) sit apart from
    the physical structure: the planner, the comparison and the DDL never read them.
    """

    name: str
    type: str  # the declared SQL type as written ('' for none); the spec's `json` declares `text`
    not_null: bool = False
    primary_key: bool = False  # a member of the table's primary key (see Table.pk for its order)
    autoincrement: bool = False
    unique: bool = False  # a unique index `<table>_<column>_unique` (drizzle-kit's convention)
    default: str | int | float | None = None  # a literal SQL default
    default_expr: str | None = None  # an SQL expression default, as written (`CURRENT_TIMESTAMP`, ...)
    enum: Enum | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    logical_reference: LogicalReference | None = None
    json_schema: str | None = None  # canonical JSON text of the JSON Schema fragment
    collate: str = ""
    generated: Generated | None = None
    checks: tuple[Check, ...] = ()  # CHECKs written on the column (beyond the enum and JSON ones)
    not_null_conflict: str = ""  # NOT NULL ON CONFLICT clause
    json: bool = False  # a JSON column: TEXT holding JSON, with CHECK json_valid and a shape
    json_check: bool = True  # False: the JSON column has no CHECK (json_valid(...)) in the DDL
    format: str = ""  # the text format its values keep ("date-time", "date", "sqlite-datetime"; '' none)
    renamed_from: tuple[str, ...] = ()  # earlier names, newest first (history: push renames, never drops)
    docs: ColumnDocs = field(default_factory=ColumnDocs)  # the pages' facts (no effect on the database)
    app: ColumnApp = field(default_factory=ColumnApp)  # the app's name and default (no effect either)

    @property
    def affinity(self) -> Affinity:
        """SQLite's type affinity of the declared type."""
        return affinity(self.type)

    @property
    def spec_type(self) -> str:
        """The type as the spec writes it: `json` for JSON columns, else the declared type."""
        return "json" if self.json else self.type

    @property
    def closed_enum(self) -> tuple[str, ...] | None:
        """The values of a closed enum, else None."""
        return self.enum.values if self.enum is not None and not self.enum.open else None

    @property
    def null_default(self) -> bool:
        """`DEFAULT NULL`: kept as written (the DDL says it again), and the same as no default at all."""
        return self.default_expr is not None and self.default_expr.strip("() \t\r\n").upper() == "NULL"

    @property
    def has_sql_default(self) -> bool:
        """True when the database fills the column when an INSERT leaves it out (with something)."""
        return self.default is not None or (self.default_expr is not None and not self.null_default)

    @property
    def is_generated(self) -> bool:
        """True for a generated column (never written by INSERT)."""
        return self.generated is not None

    def shape(self) -> dict[str, Any] | None:
        """The parsed JSON Schema fragment of a JSON column."""
        return json.loads(self.json_schema) if self.json_schema is not None else None

    def example_value(self) -> Any:
        """The parsed example value, or None."""
        return json.loads(self.docs.example) if self.docs.example is not None else None


class InsertSchema(Struct, frozen=True):
    """A drizzle-zod insert schema the generated Drizzle module exports (`createInsertSchema(table)`)."""

    name: str  # the exported constant, e.g. insertUserSchema
    type: str = ""  # `export type <type> = z.infer<typeof <name>>` ('' for none)
    pick: tuple[str, ...] = ()  # only these columns (SQL names)
    omit: tuple[str, ...] = ()  # every column but these


class DrizzleExports(Struct, frozen=True):
    """What the generated Drizzle module exports for a table: the table's variable, its types and schemas."""

    variable: str = ""  # `export const <variable> = sqliteTable(...)` ('' : the table's name in camelCase)
    select_type: str = ""  # `export type <select_type> = typeof <variable>.$inferSelect` ('' for none)
    insert_schema: InsertSchema | None = None


class Table(Struct, frozen=True):
    """One table: its columns in order, its constraints and options, and its indexes sorted by name.

    What the pages say about it (`docs`) and how the app code names it (`drizzle`) sit apart from the
    physical structure: the planner, the comparison and the DDL never read them, so changing them is never
    a schema change.
    """

    name: str
    columns: tuple[Column, ...]
    indexes: tuple[Index, ...] = ()
    pk: PrimaryKey | None = None  # None: built from the columns' `primary_key` flags, in column order
    uniques: tuple[Unique, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    checks: tuple[Check, ...] = ()  # table-level CHECKs
    strict: bool = False
    without_rowid: bool = False
    random_rowid: bool = False  # libSQL's RANDOM ROWID: new rowids are random, not max + 1
    renamed_from: tuple[str, ...] = ()  # earlier names, newest first
    docs: TableDocs = field(default_factory=TableDocs)  # the pages' facts (no effect on the database)
    drizzle: DrizzleExports = field(default_factory=DrizzleExports)  # the app's names (no effect either)

    def __post_init__(self) -> None:
        if self.pk is None:
            names = tuple(c.name for c in self.columns if c.primary_key)
            if names:
                force_setattr(self, "pk", PrimaryKey(tuple(IndexColumn(name=n) for n in names)))

    def column(self, name: str) -> Column:
        """The column called `name`, compared as SQLite compares names (KeyError if absent)."""
        key = fold(name)
        for col in self.columns:
            if fold(col.name) == key:
                return col
        raise KeyError(name)

    def has_column(self, name: str) -> bool:
        """True when the table has a column called `name` (as SQLite compares names)."""
        key = fold(name)
        return any(fold(col.name) == key for col in self.columns)

    @property
    def primary_key(self) -> tuple[Column, ...]:
        """The primary-key columns, in key order."""
        return tuple(self.column(n) for n in self.pk.names) if self.pk is not None else ()

    @property
    def rowid_alias(self) -> Column | None:
        """The column that is the rowid itself (rules.is_rowid_alias), or None."""
        key = self.pk
        if key is None or len(key.columns) != 1 or not self.has_column(key.columns[0].name):
            return None
        column = self.column(key.columns[0].name)
        alias = is_rowid_alias(
            column.type,
            key_columns=1,
            without_rowid=self.without_rowid,
            desc_on_column=key.columns[0].desc and not key.table_level,
        )
        return column if alias else None

    def not_null(self, column: Column) -> bool:
        """True when `column` never holds NULL (rules.not_null)."""
        return not_null(
            column.not_null,
            primary_key=column.primary_key,
            without_rowid=self.without_rowid,
            rowid_alias=column.primary_key and column is self.rowid_alias,
        )

    def foreign_key_of(self, column: str) -> ForeignKey | None:
        """The single-column foreign key on `column`, or None."""
        for fk in self.foreign_keys:
            if len(fk.columns) == 1 and fold(fk.columns[0]) == fold(column):
                return fk
        return None

    @property
    def json_columns(self) -> tuple[Column, ...]:
        """The JSON columns."""
        return tuple(col for col in self.columns if col.json)

    @property
    def enum_columns(self) -> tuple[Column, ...]:
        """The columns with documented values."""
        return tuple(col for col in self.columns if col.enum is not None)

    @property
    def writable_columns(self) -> tuple[Column, ...]:
        """The columns an INSERT may name (generated columns are computed, never written)."""
        return tuple(col for col in self.columns if col.generated is None)

    @property
    def all_checks(self) -> tuple[Check, ...]:
        """Every CHECK written on the table or one of its columns (the enum and JSON ones excluded)."""
        return tuple(c for col in self.columns for c in col.checks) + self.checks

    @property
    def all_indexes(self) -> tuple[Index, ...]:
        """Declared indexes plus the unique indexes implied by `unique: true` columns, sorted by name."""
        implied = tuple(
            Index(
                name=unique_index_name(self.name, col.name),
                table=self.name,
                columns=(IndexColumn(name=col.name),),
                unique=True,
            )
            for col in self.columns
            if col.unique and not (col.primary_key and len(self.primary_key) == 1)  # a key of its own already
        )
        return tuple(sorted(self.indexes + implied, key=lambda ix: ix.name))


class View(Struct, frozen=True):
    """A view: its SELECT (as written) and an optional column-name list; what the pages say about it
    (`docs`: category, prose, documented columns) sits apart and is never a schema change."""

    name: str
    sql: str
    column_names: tuple[str, ...] = ()  # `CREATE VIEW v(a, b) AS ...`
    renamed_from: tuple[str, ...] = ()  # earlier names, newest first
    docs: ViewDocs = field(default_factory=ViewDocs)  # the pages' facts (no effect on the database)


class Trigger(Struct, frozen=True):
    """A trigger: when it fires (timing, event, columns, WHEN) and its body (the statements, as written)."""

    name: str
    table: str
    timing: TriggerTiming
    event: TriggerEvent
    body: str
    columns: tuple[str, ...] = ()  # UPDATE OF these columns
    when: str = ""
    renamed_from: tuple[str, ...] = ()  # earlier names, newest first
    docs: ObjectDocs = field(default_factory=ObjectDocs)  # the pages' prose (no effect on the database)


class VirtualTable(Struct, frozen=True):
    """A virtual table (FTS5, R*Tree, ...): its module and arguments; SQLite owns its shadow tables."""

    name: str
    module: str
    arguments: tuple[str, ...] = ()
    docs: ObjectDocs = field(default_factory=ObjectDocs)  # the pages' prose (no effect on the database)


# The orderings a declared collation's stand-in can have in the in-memory checks and on a file push.
COLLATION_STAND_INS = ("binary", "nocase", "rtrim", "casefold")


class AppFunction(Struct, frozen=True):
    """An SQL function the application registers on its connections (SQLite cannot know it)."""

    name: str
    arguments: int = -1  # the number of arguments; -1: any number (variadic)
    deterministic: bool = False
    sql: str = ""  # an SQL expression over ?1, ?2, ... standing in for it in checks ('' : returns NULL)
    description: str = ""


class AppCollation(Struct, frozen=True):
    """A collating sequence the application registers on its connections, with the stand-in ordering the
    checks (and a push through Python's sqlite3) use in its place."""

    name: str
    like: str = "binary"  # one of COLLATION_STAND_INS
    description: str = ""


class Schema(Struct, frozen=True, dict=True):  # dict: room for `_tables_by_name`, computed once
    """The whole database: tables in spec order, views, triggers, virtual tables, and what the docs show."""

    tables: tuple[Table, ...]
    name: str = ""
    title: str = ""
    description: str = ""
    version: int = 1
    categories: tuple[Category, ...] = ()
    queries: tuple[Query, ...] = ()
    data_flow: DataFlow = field(default_factory=DataFlow)
    views: tuple[View, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    virtual_tables: tuple[VirtualTable, ...] = ()
    docs: Docs = field(default_factory=Docs)  # the pages' project prose (no effect on the database)
    engines: tuple[str, ...] = ("libsql",)  # the engines the schema must run on (generator.engines)
    external_tables: tuple[str, ...] = ()  # tables foreign keys refer to that another tool creates
    functions: tuple[AppFunction, ...] = ()  # app-defined SQL functions, by name
    collations: tuple[AppCollation, ...] = ()  # app-defined collating sequences, by name

    @cached_property
    def _tables_by_name(self) -> dict[str, Table]:
        """The tables by folded name, built on the first lookup (renderers look names up thousands of times);
        kept beside the fields, so it takes no part in `==`, `hash` or `repr`."""
        index: dict[str, Table] = {}
        for table in self.tables:
            index.setdefault(fold(table.name), table)  # the first of a name, as a scan would find
        return index

    def table(self, name: str) -> Table:
        """The table called `name`, compared as SQLite compares names (KeyError if absent)."""
        found = self._tables_by_name.get(fold(name))
        if found is None:
            raise KeyError(name)
        return found

    def has_table(self, name: str) -> bool:
        """True when the schema has a table called `name` (as SQLite compares names)."""
        return fold(name) in self._tables_by_name

    def view(self, name: str) -> View:
        """The view called `name`, compared as SQLite compares names (KeyError if absent)."""
        key = fold(name)
        for view in self.views:
            if fold(view.name) == key:
                return view
        raise KeyError(name)

    def queries_in(self, section: str) -> tuple[Query, ...]:
        """The documented queries of one docs section, in spec order."""
        return tuple(q for q in self.queries if q.section == section)

    @property
    def column_count(self) -> int:
        """Total number of columns."""
        return sum(len(t.columns) for t in self.tables)
