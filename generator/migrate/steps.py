"""The plan's types: typed steps with their risk, the data checks they need, and the plan itself."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from generator.migrate.renames import RenameHint

from generator import messages
from generator.words import plural

REBUILD_PREFIX = "_schemagen_new_"


class Risk(enum.StrEnum):
    """How dangerous a step is, declared in increasing order of severity."""

    SAFE = "safe"
    REBUILD = "rebuild"
    DATA = "data-dependent"
    DESTRUCTIVE = "destructive"

    @property
    def severity(self) -> int:
        """0 (safe) .. 3 (destructive)."""
        return list(Risk).index(self)


class StepKind(enum.StrEnum):
    """What a step does."""

    CREATE_TABLE = "create_table"
    REBUILD_TABLE = "rebuild_table"
    DROP_TABLE = "drop_table"
    ADD_COLUMN = "add_column"
    DROP_COLUMN = "drop_column"
    CREATE_INDEX = "create_index"
    RECREATE_INDEX = "recreate_index"
    DROP_INDEX = "drop_index"
    CREATE_VIEW = "create_view"
    DROP_VIEW = "drop_view"
    CREATE_TRIGGER = "create_trigger"
    DROP_TRIGGER = "drop_trigger"
    CREATE_VIRTUAL_TABLE = "create_virtual_table"
    DROP_VIRTUAL_TABLE = "drop_virtual_table"
    CLEAN_UP = "clean_up"  # what an interrupted online rebuild left (its copy table and triggers)
    RENAME_TABLE = "rename_table"
    RENAME_COLUMN = "rename_column"
    RENAME_INDEX = "rename_index"
    RENAME_VIEW = "rename_view"
    RENAME_TRIGGER = "rename_trigger"


class CheckKind(enum.StrEnum):
    """Which new constraint a data check protects."""

    NOT_NULL = "not-null"
    CHECK = "check"
    UNIQUE = "unique"
    FOREIGN_KEY = "foreign-key"
    TYPE = "type"


class DataCheck(Struct, frozen=True):
    """Rows that would break a new constraint: a COUNT query and a query for up to 5 sample keys."""

    table: str
    description: str
    count_sql: str
    sample_sql: str
    kind: CheckKind = CheckKind.CHECK
    new_column: bool = False  # NOT NULL on a column the migration adds (no row can be fixed before)


class Violation(Struct, frozen=True):
    """A data check that found rows: how many, and some of their primary keys."""

    check: DataCheck
    count: int
    samples: tuple[str, ...] = ()

    def message(self) -> str:
        """One line: table, rule, count and sample keys."""
        keys = f" (e.g. {', '.join(self.samples)})" if self.samples else ""
        return messages.WOULD_VIOLATE.format(
            table=self.check.table, rows=plural(self.count, "row"), rule=self.check.description, examples=keys
        )


class Loss(Struct, frozen=True):
    """What a destructive step destroys, to be counted: a dropped table's rows, a dropped column's values."""

    table: str
    column: str  # '' for the whole table
    count_sql: str

    @property
    def label(self) -> str:
        """`comments` or `users.is_active`."""
        return f"{self.table}.{self.column}" if self.column else self.table

    def describe(self, count: int) -> str:
        """`50,004 rows` or `1,234 non-NULL values`."""
        if self.column:
            return f"{count:,} non-NULL value{'' if count == 1 else 's'}"
        return f"{count:,} row{'' if count == 1 else 's'}"


class Step(Struct, frozen=True):
    """One change: its kind, the object it changes, its risk, a one-line summary, its SQL and data checks."""

    kind: StepKind
    table: str  # the table (or view, trigger, virtual table) the step is about
    risk: Risk
    summary: str
    sql: tuple[str, ...]
    checks: tuple[DataCheck, ...] = ()
    rebuild: bool = False  # the step copies the table's rows into a new table (SQLite's 12 steps)
    losses: tuple[Loss, ...] = ()  # what a destructive step destroys (counted before it runs)

    def destroys(self, counts: Mapping[str, int] | None) -> str:
        """`50,004 rows` (what the step destroys, as counted), or '' when not counted."""
        lost = [loss.describe(counts[loss.label]) for loss in self.losses if counts and loss.label in counts]
        return ", ".join(lost)

    def line(self, counts: Mapping[str, int] | None = None) -> str:
        """The summary, with what it destroys when counted: `drop table t (...) [destroys 3 rows]`."""
        lost = self.destroys(counts)
        return f"{self.summary} [destroys {lost}]" if lost else self.summary


class Plan(Struct, frozen=True):
    """The ordered steps turning the live schema into the target."""

    steps: tuple[Step, ...]
    hints: tuple[RenameHint, ...] = ()  # likely renames the spec does not declare
    shadow: str = ""  # WITH ... showing the rows under their renamed names (see migrate.renames.Renamed)

    def before_renames(self, sql: str) -> str:
        """A read written against the renamed schema, as it runs on the database before the plan."""
        return f"{self.shadow} {sql}" if self.shadow else sql

    @property
    def is_empty(self) -> bool:
        """True when the database already matches the spec."""
        return not self.steps

    @property
    def risk(self) -> Risk:
        """The most severe risk of any step (safe for an empty plan)."""
        return max((s.risk for s in self.steps), key=lambda r: r.severity, default=Risk.SAFE)

    @property
    def rebuilds(self) -> tuple[str, ...]:
        """Tables rebuilt by the plan (their rows are copied)."""
        return tuple(s.table for s in self.steps if s.rebuild)

    @property
    def foreign_keys_off(self) -> bool:
        """Run with foreign keys off: a rebuild copies and drops tables (SQLite's procedure), and a dropped
        table must not delete or refuse rows of other tables through ON DELETE actions."""
        return any(s.rebuild or s.kind is StepKind.DROP_TABLE for s in self.steps)

    @property
    def foreign_key_changes(self) -> tuple[str, ...]:
        """Rebuilt tables that gain or change a foreign key (checked before COMMIT)."""
        return tuple(dict.fromkeys(c.table for c in self.checks if c.kind is CheckKind.FOREIGN_KEY))

    @property
    def checks(self) -> tuple[DataCheck, ...]:
        """Every data check of every step."""
        return tuple(c for s in self.steps for c in s.checks)

    @property
    def losses(self) -> tuple[Loss, ...]:
        """What every destructive step destroys, to be counted."""
        return tuple(loss for s in self.steps for loss in s.losses)

    def refused(self, allow_destructive: bool) -> tuple[Step, ...]:
        """Destructive steps that need --allow-destructive."""
        return () if allow_destructive else tuple(s for s in self.steps if s.risk is Risk.DESTRUCTIVE)

    def statements(self) -> list[str]:
        """The full SQL to apply, in order (run in one transaction, foreign keys off while rebuilding)."""
        return [sql for step in self.steps for sql in step.sql]

    def render(self, counts: Mapping[str, int] | None = None) -> str:
        """The plan as text: one `[risk] summary` line per step (with what it destroys, when `counts` has
        the losses counted), then its SQL indented; then the likely renames."""
        if self.is_empty:
            return "no changes: the database matches the spec\n"
        out = []
        for step in self.steps:
            out.append(f"[{step.risk}] {step.line(counts)}")
            for sql in step.sql:
                out += [f"    {line}" for line in sql.splitlines()]
            out += [f"    -- check: {check.description}" for check in step.checks]
        out += [hint.message() for hint in self.hints]
        return "\n".join(out) + "\n"
