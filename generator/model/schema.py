"""The frozen model between the spec and everything built from it (DDL, docs, validators, plans)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from generator.model.rules import unique_index_name

# The one table of spec types -> SQLite storage types (sqlglot keeps its dialect differences the same way).
SQL_TYPES: dict[str, str] = {
    "text": "text",
    "integer": "integer",
    "real": "real",
    "blob": "blob",
    "json": "text",
}

FK_ACTIONS = ("no action", "restrict", "set null", "set default", "cascade")


@dataclass(frozen=True, slots=True)
class Enum:
    """A set of documented values; a closed one becomes a CHECK constraint."""

    values: tuple[str, ...]
    open: bool = False


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """A declared foreign key from one column to another table's column."""

    table: str
    column: str
    on_delete: str = "no action"
    on_update: str = "no action"
    label: str = "references"


@dataclass(frozen=True, slots=True)
class LogicalReference:
    """A documented link with no foreign key behind it (shown on the ER diagram only)."""

    table: str
    column: str
    label: str = "references"


@dataclass(frozen=True, slots=True)
class Column:
    """One column, in spec order."""

    name: str
    type: str
    prop: str = ""  # the app's property name (camelCase)
    not_null: bool = False
    primary_key: bool = False
    autoincrement: bool = False
    unique: bool = False
    default: str | int | float | None = None
    app_default: str | None = None
    description: str = ""
    enum: Enum | None = None
    minimum: int | None = None
    maximum: int | None = None
    references: ForeignKey | None = None
    logical_reference: LogicalReference | None = None
    json_schema: str | None = None  # canonical JSON text of the JSON Schema fragment
    example: str | None = None  # canonical JSON text of an example value
    # Live constraints the spec cannot express (raw SQL, e.g. an unknown CHECK, COLLATE, an expression
    # DEFAULT), kept by introspection so a plan sees the difference instead of losing it.
    extra: tuple[str, ...] = ()

    @property
    def sql_type(self) -> str:
        """The SQLite declared type."""
        return SQL_TYPES[self.type]

    @property
    def is_json(self) -> bool:
        """True for JSON columns (stored as TEXT, checked with json_valid)."""
        return self.type == "json"

    @property
    def closed_enum(self) -> tuple[str, ...] | None:
        """The values of a closed enum, else None."""
        return self.enum.values if self.enum is not None and not self.enum.open else None

    @property
    def effective_not_null(self) -> bool:
        """NOT NULL as the database enforces it (primary keys are declared NOT NULL, drizzle-style)."""
        return self.not_null or self.primary_key

    def shape(self) -> dict[str, Any] | None:
        """The parsed JSON Schema fragment of a JSON column."""
        return json.loads(self.json_schema) if self.json_schema is not None else None

    def example_value(self) -> Any:
        """The parsed example value, or None."""
        return json.loads(self.example) if self.example is not None else None


@dataclass(frozen=True, slots=True)
class Index:
    """A named index on one table."""

    name: str
    table: str
    columns: tuple[str, ...]
    unique: bool = False
    description: str = ""
    extra: tuple[str, ...] = ()  # live index parts the spec cannot express (WHERE, expressions, DESC)


@dataclass(frozen=True, slots=True)
class Volumes:
    """Small / medium / large row-count thresholds for the quick reference."""

    small: str = ""
    medium: str = ""
    large: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its columns in order and its indexes sorted by name."""

    name: str
    columns: tuple[Column, ...]
    indexes: tuple[Index, ...] = ()
    variable: str = ""
    category: str = ""
    description: str = ""
    estimated_rows: str = ""
    growth: str = ""
    storage: str = ""
    migration_phase: int = 0
    volumes: Volumes = field(default_factory=Volumes)
    notes: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()  # live table constraints/options the spec cannot express (raw SQL)

    def column(self, name: str) -> Column:
        """The column called `name` (KeyError if absent)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def has_column(self, name: str) -> bool:
        """True when the table has a column called `name`."""
        return any(col.name == name for col in self.columns)

    @property
    def primary_key(self) -> tuple[Column, ...]:
        """The primary-key columns."""
        return tuple(col for col in self.columns if col.primary_key)

    @property
    def foreign_keys(self) -> tuple[tuple[Column, ForeignKey], ...]:
        """(column, foreign key) pairs in column order."""
        return tuple((col, col.references) for col in self.columns if col.references is not None)

    @property
    def rowid_alias(self) -> Column | None:
        """The column that is the rowid itself: the one column of an INTEGER PRIMARY KEY, else None."""
        pk = self.primary_key
        return pk[0] if len(pk) == 1 and pk[0].sql_type == "integer" else None

    @property
    def json_columns(self) -> tuple[Column, ...]:
        """The JSON columns."""
        return tuple(col for col in self.columns if col.is_json)

    @property
    def enum_columns(self) -> tuple[Column, ...]:
        """The columns with documented values."""
        return tuple(col for col in self.columns if col.enum is not None)

    @property
    def all_indexes(self) -> tuple[Index, ...]:
        """Declared indexes plus the unique indexes implied by `unique: true` columns, sorted by name."""
        implied = tuple(
            Index(
                name=unique_index_name(self.name, col.name), table=self.name, columns=(col.name,), unique=True
            )
            for col in self.columns
            if col.unique and not col.primary_key
        )
        return tuple(sorted(self.indexes + implied, key=lambda ix: ix.name))


@dataclass(frozen=True, slots=True)
class Category:
    """A group of tables in the docs."""

    name: str
    description: str
    tables: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """An SQL snippet shown in the generated docs (and run by the tests)."""

    id: str
    section: str
    title: str
    sql: str
    frequency: str = ""


@dataclass(frozen=True, slots=True)
class SchemaObject:
    """A live view or trigger: the spec cannot declare these, so plans only ever drop them."""

    type: str
    name: str
    table: str
    sql: str


@dataclass(frozen=True, slots=True)
class FlowStep:
    """One arrow of the data-flow diagram: an actor or table to another, with what happens."""

    source: str
    target: str
    label: str


@dataclass(frozen=True, slots=True)
class Flow:
    """One named group of data-flow steps."""

    name: str
    steps: tuple[FlowStep, ...]


@dataclass(frozen=True, slots=True)
class DataFlow:
    """Who reads and writes which table: actors (bots, the app) and flows between them and tables."""

    actors: tuple[tuple[str, str], ...] = ()
    flows: tuple[Flow, ...] = ()


@dataclass(frozen=True, slots=True)
class Schema:
    """The whole database: tables in spec order, categories, documented queries."""

    tables: tuple[Table, ...]
    name: str = ""
    title: str = ""
    description: str = ""
    version: int = 1
    categories: tuple[Category, ...] = ()
    queries: tuple[Query, ...] = ()
    data_flow: DataFlow = field(default_factory=DataFlow)
    objects: tuple[SchemaObject, ...] = ()  # live views and triggers (introspection only)

    def table(self, name: str) -> Table:
        """The table called `name` (KeyError if absent)."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def has_table(self, name: str) -> bool:
        """True when the schema has a table called `name`."""
        return any(table.name == name for table in self.tables)

    def queries_in(self, section: str) -> tuple[Query, ...]:
        """The documented queries of one docs section, in spec order."""
        return tuple(q for q in self.queries if q.section == section)

    @property
    def column_count(self) -> int:
        """Total number of columns."""
        return sum(len(t.columns) for t in self.tables)
