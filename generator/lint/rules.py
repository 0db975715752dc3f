"""The lint rules: each one's id, default severity, one-line reason and what it is about (one home).

The checks themselves live in `generator/lint/schema.py` (the spec alone) and `generator/lint/change.py`
(a change between two specs); the rules page (docs/lint.md) is rendered from this table, so a rule's
words are written once.
"""

from __future__ import annotations

import enum

from msgspec import Struct
from msgspec.structs import replace

from generator.spec.source import Path_


class Severity(enum.StrEnum):
    """How much a finding matters, in increasing order; `off` turns a rule off.

    Not generator.severity.Severity (a spec problem's or an audit finding's error | warning): these levels
    are set per rule by the user, ordered, and include `off` and `notice`, which a spec problem cannot be.
    """

    OFF = "off"
    NOTICE = "notice"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 (off) .. 3 (error)."""
        return list(Severity).index(self)


class Scope(enum.StrEnum):
    """What a rule looks at: the spec alone, or a change between a base and a head spec."""

    SCHEMA = "schema"
    CHANGE = "change"


class Rule(Struct, frozen=True):
    """One rule: its id (kebab-case, stable), default severity, scope, title and why it matters."""

    id: str
    severity: Severity
    scope: Scope
    title: str
    reason: str

    @property
    def anchor(self) -> str:
        """The rule's section in the rules page (`docs/lint.md#fk-index`)."""
        return f"docs/lint.md#{self.id}"


class Finding(Struct, frozen=True):
    """A rule's finding: where in the spec (its path), about which object, and what exactly."""

    rule: Rule
    severity: Severity
    path: Path_
    subject: str  # `table users`, `column users.email`, `index users_email_idx`, ...
    message: str
    # With a database (`lint --url`): a query counting the rows the finding is about, and the words that
    # say the count (`{n}` the count, `{s}` the seconds a rebuild of that many rows holds the lock).
    count_sql: str = ""
    counted: str = ""

    def with_count(self, n: int) -> Finding:
        """The finding with its count said at the end of its message."""
        from generator.migrate.online import OFFLINE_ROWS_PER_SECOND

        said = self.counted.format(n=n, s=n / OFFLINE_ROWS_PER_SECOND)
        return replace(self, message=f"{self.message} ({said})", count_sql="")


_RULES = (
    Rule(
        "fk-index",
        Severity.WARNING,
        Scope.SCHEMA,
        "A foreign key with no index that serves its lookups",
        "Deleting or updating a parent row makes SQLite look up the child rows by the foreign-key columns; "
        "without an index that serves that lookup (asked of SQLite with EXPLAIN QUERY PLAN, so a partial "
        "index does not count), every such lookup scans the whole child table.",
    ),
    Rule(
        "no-primary-key",
        Severity.WARNING,
        Scope.SCHEMA,
        "A table without a primary key",
        "Rows can only be told apart by the hidden rowid, which VACUUM may renumber; imports cannot skip "
        "rows "
        "already present, and apps and replicas have no stable key to address a row by.",
    ),
    Rule(
        "nullable-primary-key",
        Severity.WARNING,
        Scope.SCHEMA,
        "A primary-key column that allows NULL",
        "SQLite's legacy quirk: in a rowid table a primary-key column that is not an INTEGER PRIMARY KEY "
        "accepts NULL unless it is declared NOT NULL, and NULLs never collide, so the key stops being a key.",
    ),
    Rule(
        "autoincrement",
        Severity.NOTICE,
        Scope.SCHEMA,
        "AUTOINCREMENT where a rowid alias would do",
        "An INTEGER PRIMARY KEY already numbers new rows; AUTOINCREMENT only adds that numbers of deleted "
        "rows "
        "are never reused, at the cost of a write to sqlite_sequence on every insert.",
    ),
    Rule(
        "json-valid",
        Severity.WARNING,
        Scope.SCHEMA,
        "A JSON column without json_valid",
        "Without CHECK (json_valid(...)) the database stores any text in a column the app parses as JSON; "
        "one bad write breaks every reader of that row.",
    ),
    Rule(
        "enum-unenforced",
        Severity.NOTICE,
        Scope.SCHEMA,
        "A closed set of values kept as free text",
        "The column documents its values but no CHECK enforces them (an open enum): a typo is stored as a "
        "new value that the app's code does not handle.",
    ),
    Rule(
        "description",
        Severity.NOTICE,
        Scope.SCHEMA,
        "A table, column or view without a description",
        "The generated reference is the documentation; an undescribed object is a name a reader has to "
        "guess the meaning of. The summary gives the coverage in percent, as tbls' coverage does.",
    ),
    Rule(
        "quoted-name",
        Severity.WARNING,
        Scope.SCHEMA,
        "A name that needs quoting",
        "A name SQLite does not accept unquoted (a keyword, spaces, punctuation, a leading digit) must be "
        "quoted in every hand-written query, view and migration that uses it.",
    ),
    Rule(
        "type-affinity",
        Severity.WARNING,
        Scope.SCHEMA,
        "A type name with no affinity of its own",
        "SQLite gives `boolean`, `timestamp`, `datetime`, `date` and `string` NUMERIC affinity: text that "
        "looks "
        "like a number is stored as a number ('2024' becomes 2024, '1e3' becomes 1000.0). Declare TEXT, "
        "INTEGER or REAL, or constrain the values with a CHECK or an enum.",
    ),
    Rule(
        "duplicate-index",
        Severity.WARNING,
        Scope.SCHEMA,
        "An index that repeats another",
        "Two indexes on the same key (or an index on exactly the primary key) cost a write each on every "
        "insert and update and serve no lookup the other does not.",
    ),
    Rule(
        "prefix-index",
        Severity.NOTICE,
        Scope.SCHEMA,
        "An index whose key is the start of another index's key",
        "A lookup on the shorter key is served by the longer index too; the shorter one costs writes for "
        "nothing unless it is UNIQUE or much smaller.",
    ),
    Rule(
        "trigger-recursion",
        Severity.WARNING,
        Scope.SCHEMA,
        "A trigger that writes the table it fires on, without a guard",
        "With PRAGMA recursive_triggers on (libSQL clients and some drivers turn it on), such a trigger "
        "fires itself until SQLite's depth limit stops the statement; a WHEN clause makes the end explicit.",
    ),
    Rule(
        "strict-candidate",
        Severity.NOTICE,
        Scope.SCHEMA,
        "A table that could be STRICT",
        "Every column already has one of STRICT's types (INT, INTEGER, REAL, TEXT, BLOB, ANY); STRICT makes "
        "SQLite refuse a value of the wrong type instead of storing it.",
    ),
    Rule(
        "without-rowid-candidate",
        Severity.NOTICE,
        Scope.SCHEMA,
        "A table keyed by text or several columns that could be WITHOUT ROWID",
        "A rowid table with such a key keeps the key twice (the table by rowid and an index by key); "
        "WITHOUT ROWID stores the rows in key order, once. Proposed for small rows only (at most five "
        "columns, "
        "no JSON or blobs), where SQLite recommends it.",
    ),
    Rule(
        "rebuild-table",
        Severity.WARNING,
        Scope.CHANGE,
        "A change that rebuilds a table",
        "SQLite changes most constraints by copying every row into a new table inside the migration's "
        "transaction; for that time the app's writes to the database are refused.",
    ),
    Rule(
        "not-null-no-default",
        Severity.ERROR,
        Scope.CHANGE,
        "A NOT NULL column added without a default",
        "SQLite cannot add such a column to a table that has rows (ALTER TABLE refuses, a rebuild fails on "
        "the first row): give it a default, make it nullable, or backfill in two steps.",
    ),
    Rule(
        "column-dropped",
        Severity.WARNING,
        Scope.CHANGE,
        "A column dropped or narrowed that the app still reads",
        "The generated Drizzle and Python code of the base reads the column; app code deployed before the "
        "migration fails on its next query, and the column's data is gone.",
    ),
    Rule(
        "enum-value-removed",
        Severity.WARNING,
        Scope.CHANGE,
        "An enum value removed",
        "Rows that still hold the removed value violate the new CHECK: the push refuses (its data check "
        "counts them), and app code that writes the value fails.",
    ),
    Rule(
        "foreign-key-added",
        Severity.WARNING,
        Scope.CHANGE,
        "A foreign key added to a table that has rows",
        "Existing rows may point at parents that do not exist; the push checks them before COMMIT and "
        "refuses, so the data must be mended first.",
    ),
    Rule(
        "rename-undeclared",
        Severity.WARNING,
        Scope.CHANGE,
        "A rename without renamed_from",
        "A column (or table) dropped and another of the same shape added in the same change looks like a "
        "rename; planned as a drop and an add, it loses the data. Say `renamed_from:` on the new name.",
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
