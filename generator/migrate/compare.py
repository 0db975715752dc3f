"""What the database enforces, compared by structure: columns, constraints, indexes, views, triggers.

Only physical attributes count (declared type, NOT NULL, defaults, collations, generated expressions,
keys, CHECKs, foreign keys, table options, index keys and WHERE, view and trigger definitions); column
order, descriptions, open enums, JSON shapes and app defaults are documentation. SQL fragments compare in
canonical form (generator.sqlite.tokens.canonical). A constraint name is compared only when the target
gives one: names are optional in the spec, so an unnamed spec CHECK matches a named live one.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import TypeVar

from msgspec import Struct
from msgspec.structs import replace

from generator.model import (
    Column,
    ForeignKey,
    Index,
    IndexColumn,
    Schema,
    Table,
    Trigger,
    Unique,
    View,
    VirtualTable,
)
from generator.model.rules import fold
from generator.model.types import same_declared_type
from generator.sqlite.ddl import column_checks, default_sql, sql_literal
from generator.sqlite.tokens import canonical

_T = TypeVar("_T")


def not_null(table: Table, col: Column) -> bool:
    """NOT NULL as the database enforces it (a rowid alias can never be NULL)."""
    return col.not_null or table.rowid_alias is col


class DefaultKey(Struct, frozen=True):
    """A default in comparable form: a number (as a number, so 1 is 1.0), a text, or an SQL expression
    (canonical); exactly one is set."""

    number: float | None = None
    text: str | None = None
    expression: str | None = None


def default_key(col: Column) -> DefaultKey | None:
    """A default in comparable form (None: no default; DEFAULT NULL is no default)."""
    if col.default is not None:
        if isinstance(col.default, int | float):
            return DefaultKey(number=float(col.default))
        return DefaultKey(text=col.default)
    if col.default_expr is not None and not col.null_default:
        return DefaultKey(expression=canonical(col.default_expr))
    return None


class GeneratedKey(Struct, frozen=True):
    """A generated column's expression (canonical) and whether it is STORED."""

    sql: str
    stored: bool


class ColumnKey(Struct, frozen=True):
    """Everything the database enforces about one column itself, compared field by field."""

    type: str  # as same_declared_type: `NUMERIC (10, 2)` is NUMERIC(10,2)
    not_null: bool
    not_null_conflict: str
    default: DefaultKey | None
    collate: str
    generated: GeneratedKey | None
    autoincrement: bool


def column_key(table: Table, col: Column) -> ColumnKey:
    """Everything the database enforces about one column itself."""
    generated = col.generated
    return ColumnKey(
        type="".join(col.type.upper().split()),
        not_null=not_null(table, col),
        not_null_conflict=col.not_null_conflict.lower() if col.not_null else "",
        default=default_key(col),
        collate=fold(col.collate),
        generated=GeneratedKey(canonical(generated.sql), generated.stored) if generated is not None else None,
        autoincrement=col.autoincrement,
    )


def describe_default(col: Column) -> str:
    """A default as shown in plans ('none' when absent)."""
    return default_sql(col) or "none"


def column_changes(live_table: Table, live: Column, table: Table, new: Column) -> list[str]:
    """Human descriptions of what differs in the column itself (constraints are compared per table)."""
    notes = []
    if not same_declared_type(live.type, new.type):
        notes.append(f"type {live.type or '(none)'} -> {new.type or '(none)'}")
    if not_null(live_table, live) != not_null(table, new):
        notes.append("add NOT NULL" if not_null(table, new) else "drop NOT NULL")
    elif not_null(table, new) and live.not_null_conflict.lower() != new.not_null_conflict.lower():
        notes.append(
            f"NOT NULL ON CONFLICT {live.not_null_conflict or 'abort'} -> {new.not_null_conflict or 'abort'}"
        )
    if default_key(live) != default_key(new):
        notes.append(f"default {describe_default(live)} -> {describe_default(new)}")
    if fold(live.collate) != fold(new.collate):
        notes.append(f"collate {live.collate or 'BINARY'} -> {new.collate or 'BINARY'}")
    if column_key(live_table, live).generated != column_key(table, new).generated:
        if new.generated is None:
            notes.append("no longer generated")
        else:
            kind = "stored" if new.generated.stored else "virtual"
            notes.append(f"generated ({kind}) AS ({new.generated.sql})")
    if live.autoincrement != new.autoincrement:
        notes.append("add AUTOINCREMENT" if new.autoincrement else "drop AUTOINCREMENT")
    return notes


class CheckOrigin(enum.StrEnum):
    """Where a CHECK of a table comes from: a closed enum, a JSON column, or written in the spec."""

    ENUM = "enum"
    JSON = "json"
    CHECK = "check"


class CheckRef(Struct, frozen=True):
    """One CHECK of a table: its SQL, name, the column it belongs to, and whether the spec implies it."""

    sql: str
    name: str
    column: str  # '' for a table-level CHECK
    origin: CheckOrigin

    @property
    def implied(self) -> bool:
        """True for a CHECK the spec implies (a closed enum's or a JSON column's), not one written."""
        return self.origin is not CheckOrigin.CHECK


def table_checks(table: Table) -> list[CheckRef]:
    """Every CHECK the table's DDL holds: implied (closed enums, JSON) and written ones."""
    out = []
    for col in table.columns:
        implied = column_checks(col, not_null=table.not_null(col))
        origins = ([CheckOrigin.ENUM] if col.closed_enum is not None else []) + (
            [CheckOrigin.JSON] if col.json and col.json_check else []
        )
        out += [CheckRef(sql, "", col.name, origin) for sql, origin in zip(implied, origins, strict=True)]
        out += [CheckRef(c.sql, c.name, col.name, CheckOrigin.CHECK) for c in col.checks]
    out += [CheckRef(c.sql, c.name, "", CheckOrigin.CHECK) for c in table.checks]
    return out


def check_diff(live: Table, target: Table) -> tuple[list[CheckRef], list[CheckRef]]:
    """(CHECKs the target adds, CHECKs the live table has that the target does not)."""
    return _pair(
        table_checks(target),
        table_checks(live),
        lambda mine, x: canonical(x.sql) == canonical(mine.sql) and _named(mine.name, x.name),
    )


def _pair(
    targets: Sequence[_T], live: Sequence[_T], same: Callable[[_T, _T], bool]
) -> tuple[list[_T], list[_T]]:
    """(the targets no live item matches, the live items no target matched): `same(target, live)`, each
    live item matched at most once, in order."""
    remaining = list(live)
    added = []
    for item in targets:
        found = next((x for x in remaining if same(item, x)), None)
        if found is None:
            added.append(item)
        else:
            remaining.remove(found)
    return added, remaining


def _named(target_name: str, live_name: str) -> bool:
    return not target_name or fold(target_name) == fold(live_name)


class KeyColumn(Struct, frozen=True):
    """One key of an index, PRIMARY KEY or UNIQUE in comparable form: names folded as SQLite compares
    them, an expression canonical."""

    name: str
    expr: str
    desc: bool
    collate: str


def key_columns(columns: Sequence[IndexColumn]) -> tuple[KeyColumn, ...]:
    """Index keys in comparable form."""
    return tuple(
        KeyColumn(fold(c.name), canonical(c.expr) if c.expr else "", c.desc, fold(c.collate)) for c in columns
    )


def primary_key_same(live: Table, target: Table) -> bool:
    """True when both tables have the same primary key (columns, order, DESC, collation, conflict, name)."""
    a, b = live.pk, target.pk
    if a is None or b is None:
        return a is b
    return (
        key_columns(a.columns) == key_columns(b.columns)
        and a.on_conflict.lower() == b.on_conflict.lower()
        and _named(b.name, a.name)
        and (live.rowid_alias is None) == (target.rowid_alias is None)
    )


def same_unique(target: Unique, live: Unique) -> bool:
    """True when a live UNIQUE constraint is the target's: the same keys (names compared as SQLite compares
    them), the same ON CONFLICT, and the target's name when it gives one."""
    return (
        key_columns(live.columns) == key_columns(target.columns)
        and live.on_conflict.lower() == target.on_conflict.lower()
        and _named(target.name, live.name)
    )


def unique_diff(live: Table, target: Table) -> tuple[list[Unique], list[Unique]]:
    """(UNIQUE constraints the target adds, live ones the target does not have)."""
    return _pair(target.uniques, live.uniques, same_unique)


def describe_unique(unique: Unique) -> str:
    """`UNIQUE (a, b)`."""
    return f"UNIQUE ({', '.join(map(str, unique.columns))})"


def fk_key(fk: ForeignKey) -> tuple[object, ...]:
    """A foreign key in comparable form (its name apart)."""
    return (
        tuple(map(fold, fk.columns)),
        fold(fk.table),
        tuple(map(fold, fk.to)),
        fk.on_delete.lower(),
        fk.on_update.lower(),
        fk.deferred,
    )


def resolved(fk: ForeignKey, schema: Schema | None) -> ForeignKey:
    """`REFERENCES parent` names the parent's primary key: spelled out, it compares equal to
    `REFERENCES parent(id)` (what drizzle-kit writes)."""
    if fk.to or schema is None or not schema.has_table(fk.table):
        return fk
    names = tuple(c.name for c in schema.table(fk.table).primary_key)
    return replace(fk, to=names) if names else fk


def fk_diff(
    live: Table, target: Table, live_schema: Schema | None = None, schema: Schema | None = None
) -> tuple[list[ForeignKey], list[ForeignKey]]:
    """(foreign keys the target adds or changes, live foreign keys the target does not have)."""
    return _pair(
        target.foreign_keys,
        live.foreign_keys,
        lambda fk, x: (
            fk_key(resolved(x, live_schema)) == fk_key(resolved(fk, schema)) and _named(fk.name, x.name)
        ),
    )


def describe_fk(fk: ForeignKey) -> str:
    """`parent.id` for one column, `parent(a, b)` for several (`parent` for its primary key)."""
    if len(fk.to) == 1:
        return f"{fk.table}.{fk.to[0]}"
    return f"{fk.table}({', '.join(fk.to)})" if fk.to else fk.table


class IndexKey(Struct, frozen=True):
    """An index in comparable form (its name apart): keys, UNIQUE, and the partial WHERE (canonical)."""

    columns: tuple[KeyColumn, ...]
    unique: bool
    where: str


def index_key(index: Index) -> IndexKey:
    """An index in comparable form."""
    return IndexKey(key_columns(index.columns), index.unique, canonical(index.where) if index.where else "")


def view_key(view: View) -> tuple[object, ...]:
    """A view in comparable form."""
    return (canonical(view.sql), tuple(map(fold, view.column_names)))


def trigger_key(trigger: Trigger) -> tuple[object, ...]:
    """A trigger in comparable form."""
    return (
        fold(trigger.table),
        trigger.timing,
        trigger.event,
        tuple(map(fold, trigger.columns)),
        canonical(trigger.when) if trigger.when else "",
        canonical(trigger.body.rstrip().rstrip(";")),
    )


def virtual_key(table: VirtualTable) -> tuple[object, ...]:
    """A virtual table in comparable form."""
    return (fold(table.module), tuple(canonical(a) for a in table.arguments))


def describe_enum_check(col: Column) -> str:
    """`CHECK status IN ('a', 'b')`: how a data check of a closed enum is named."""
    values = col.closed_enum or ()
    return f"CHECK {col.name} IN ({', '.join(sql_literal(v) for v in values)})"
