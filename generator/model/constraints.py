"""Constraints and keys of the model: CHECKs, generated columns, foreign keys, primary and unique keys,
and indexes."""

from __future__ import annotations

from enum import StrEnum

from msgspec import Struct, field
from msgspec.structs import force_setattr

from generator.model.docs import ObjectDocs


class FkAction(StrEnum):
    """What SQLite does to a child row when its parent key is deleted or updated (as the spec spells it)."""

    NO_ACTION = "no action"
    RESTRICT = "restrict"
    SET_NULL = "set null"
    SET_DEFAULT = "set default"
    CASCADE = "cascade"


class TriggerTiming(StrEnum):
    """When a trigger fires, relative to its statement's row change."""

    BEFORE = "before"
    AFTER = "after"
    INSTEAD_OF = "instead of"


class TriggerEvent(StrEnum):
    """The row change a trigger fires on."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class Enum(Struct, frozen=True):
    """A set of documented values; a closed one becomes a CHECK constraint."""

    values: tuple[str, ...]
    open: bool = False


class Check(Struct, frozen=True):
    """A CHECK constraint: any SQL expression (as written), optionally named and described."""

    sql: str
    name: str = ""
    description: str = ""


class Generated(Struct, frozen=True):
    """A generated column: its expression, VIRTUAL (computed on read) or STORED."""

    sql: str
    stored: bool = False


class ForeignKey(Struct, frozen=True):
    """A foreign key from `columns` of a table to `to` of `table` (empty `to`: the parent's primary key)."""

    columns: tuple[str, ...]
    table: str
    to: tuple[str, ...] = ()
    on_delete: FkAction = FkAction.NO_ACTION
    on_update: FkAction = FkAction.NO_ACTION
    deferred: bool = False  # DEFERRABLE INITIALLY DEFERRED: checked at COMMIT, not per statement
    name: str = ""
    label: str = "references"

    @property
    def column(self) -> str:
        """The parent column of a single-column foreign key ('' when it names the primary key implicitly)."""
        return self.to[0] if self.to else ""


class LogicalReference(Struct, frozen=True):
    """A documented link with no foreign key behind it (shown on the ER diagram only)."""

    table: str
    column: str
    label: str = "references"


class IndexColumn(Struct, frozen=True):
    """One key of an index, PRIMARY KEY or UNIQUE: a column or an expression, with order and collation."""

    name: str = ""
    expr: str = ""  # an expression (indexes only), as written
    desc: bool = False
    collate: str = ""

    def __str__(self) -> str:
        text = self.name or self.expr
        if self.collate:
            text += f" COLLATE {self.collate}"
        return text + (" DESC" if self.desc else "")

    @property
    def plain(self) -> bool:
        """True for a bare column name (no expression, collation or DESC)."""
        return bool(self.name) and not (self.expr or self.desc or self.collate)


class PrimaryKey(Struct, frozen=True):
    """The primary key: its columns in key order, an optional constraint name and ON CONFLICT clause."""

    columns: tuple[IndexColumn, ...]
    name: str = ""
    on_conflict: str = ""
    # Written as a table constraint. It matters for one spelling only: `INTEGER PRIMARY KEY DESC` on the
    # column is not an alias of the rowid, `PRIMARY KEY (id DESC)` on the table is (an SQLite quirk).
    table_level: bool = False

    def __post_init__(self) -> None:
        # Where the key is written matters for a single DESC key only: elsewhere both forms are the same.
        if self.table_level and not (len(self.columns) == 1 and self.columns[0].desc):
            force_setattr(self, "table_level", False)

    @property
    def names(self) -> tuple[str, ...]:
        """The key's column names, in key order."""
        return tuple(c.name for c in self.columns)


class Unique(Struct, frozen=True):
    """A UNIQUE constraint (SQLite builds an automatic index for it)."""

    columns: tuple[IndexColumn, ...]
    name: str = ""
    on_conflict: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The constraint's column names."""
        return tuple(c.name for c in self.columns)


class Index(Struct, frozen=True):
    """A named index on one table: keys (columns or expressions), UNIQUE, and a partial WHERE."""

    name: str
    table: str
    columns: tuple[IndexColumn, ...]
    unique: bool = False
    where: str = ""
    renamed_from: tuple[str, ...] = ()  # earlier names, newest first
    docs: ObjectDocs = field(default_factory=ObjectDocs)  # the pages' prose (no effect on the database)

    @property
    def names(self) -> tuple[str, ...]:
        """Each key as shown: the column name, or the expression."""
        return tuple(c.name or c.expr for c in self.columns)

    @property
    def plain(self) -> bool:
        """True for an index on bare columns, with no expression, collation, DESC or WHERE."""
        return not self.where and all(c.plain for c in self.columns)
