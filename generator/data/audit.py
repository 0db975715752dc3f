"""`schemagen audit`: stream every row of every table and check it against the spec.

Rows are read in keyset pages (generator.data.pages: on the rowid, or on the primary key of a WITHOUT
ROWID table), so memory stays flat however large a table is. Row checks (storage type, NULL, enum, range,
JSON text and shape) are errors; foreign keys are checked in SQL (errors), logical references and text in
another format than the one the spec declares (`format:`, or `app_default: now`) are warnings. Columns
only in the spec or only in the table are schema drift (warnings): rows are checked on the columns both
have, and `schemagen plan` is the tool for the drift.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from msgspec import Struct, field

from generator.data.checks import ProblemKind
from generator.data.pages import key_order, page_key, read_pages
from generator.data.refs import links as fk_links
from generator.data.validate import declared_format, stored_type, timestamp_format, validator_for
from generator.db import Database, Value
from generator.model import Column, Schema, Table
from generator.model.rules import fold
from generator.model.types import value_kind
from generator.severity import Severity
from generator.sqlite.ddl import quote_identifier, sql_literal
from generator.sqlite.tokens import references
from generator.words import plural

PAGE_SIZE = 5000
EXAMPLES = 3


ERROR, WARNING = Severity.ERROR, Severity.WARNING


class Finding(Struct):
    """One kind of problem in one column: how many rows have it, the first message, a few example keys."""

    column: str
    kind: ProblemKind
    severity: Severity
    count: int
    message: str
    examples: list[str] = field(default_factory=list)
    subject: str = ""  # which one of its kind: a CHECK's name (or its SQL), for one finding per CHECK

    @property
    def check(self) -> str:
        """The finding's name as reports show it: the kind, then its subject (`check positive_price`)."""
        return f"{self.kind} {self.subject}" if self.subject else str(self.kind)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "column": self.column,
            "check": self.check,
            "severity": str(self.severity),
            "count": self.count,
            "message": self.message,
            "examples": self.examples,
        }


class TableAudit(Struct):
    """The findings of one table."""

    table: str
    rows: int = 0
    findings: list[Finding] = field(default_factory=list)


class AuditReport(Struct):
    """The findings of every audited table, in spec order."""

    url: str
    tables: list[TableAudit] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        """Findings (problem kinds per column, not rows) of one severity."""
        return sum(1 for t in self.tables for f in t.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        """Findings that are errors."""
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        """Findings that are warnings."""
        return self.count(WARNING)

    @property
    def clean(self) -> bool:
        """True when no error was found (warnings allowed)."""
        return self.errors == 0

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON form (spec order of tables, findings sorted by column and check)."""
        return {
            "database": self.url,
            "clean": self.clean,
            "errors": self.errors,
            "warnings": self.warnings,
            "tables": [
                {"table": t.table, "rows": t.rows, "findings": [f.as_dict() for f in t.findings]}
                for t in self.tables
            ],
        }

    def to_json(self) -> str:
        """as_dict() as indented JSON with a trailing newline."""
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"


class _Tally:
    """Findings of one table, aggregated while the rows stream past."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, ProblemKind, str], Finding] = {}

    def add(
        self,
        column: str,
        kind: ProblemKind,
        severity: Severity,
        message: str,
        key: str,
        count: int = 1,
        subject: str = "",
    ) -> None:
        finding = self.found.get((column, kind, subject))
        if finding is None:
            finding = Finding(column, kind, severity, 0, message, subject=subject)
            self.found[(column, kind, subject)] = finding
        finding.count += count
        if len(finding.examples) < EXAMPLES:
            finding.examples.append(key)

    def counted(
        self,
        column: str,
        kind: ProblemKind,
        severity: Severity,
        message: str,
        keys: list[str],
        total: int,
        subject: str = "",
    ) -> None:
        """A finding counted in SQL: its total, and the keys of its first rows as examples."""
        for key in keys:
            self.add(column, kind, severity, message, key, 0, subject)
        self.found[(column, kind, subject)].count = total

    def sorted(self) -> list[Finding]:
        return sorted(self.found.values(), key=lambda f: (f.column, f.check))


def audit_database(
    db: Database, schema: Schema, *, tables: list[str] | None = None, page_size: int = PAGE_SIZE
) -> AuditReport:
    """Check every row of `tables` (default: all of the spec's) against the spec."""
    chosen = [schema.table(name) for name in tables] if tables else list(schema.tables)
    db.add_stand_ins(schema)  # a table keyed by an app-defined collation is unreadable without it
    # The columns of every chosen table and of every table they reference (so `--table child` still checks
    # its references); table_xinfo lists generated columns too (hidden 2 and 3), hidden 1 is a virtual
    # table's own.
    named = [t.name for t in chosen]
    for table in chosen:
        named += [link.table for link in fk_links(table, schema)]
        named += [c.logical_reference.table for c in table.columns if c.logical_reference is not None]
    names = list(dict.fromkeys(named))
    reads = [f"SELECT name FROM pragma_table_xinfo({sql_literal(n)}) WHERE hidden <> 1" for n in names]
    existing = {n: {str(r[0]) for r in rows} for n, rows in zip(names, db.pipeline(reads), strict=True)}
    report = AuditReport(db.url)
    for table in chosen:
        result = TableAudit(table.name)
        tally = _Tally()
        columns = existing[table.name]
        if not columns:
            tally.add(
                "", ProblemKind.MISSING_TABLE, ERROR, "the table is in the spec but not in the database", "-"
            )
        else:
            _drift(table, columns, tally)
            result.rows = _scan(
                db, schema, table, [c for c in table.columns if c.name in columns], tally, page_size, columns
            )
            _references(db, schema, table, existing, tally)
            _checks(db, table, existing[table.name], tally)
            _non_finite(db, table, existing[table.name], tally)
        result.findings = tally.sorted()
        report.tables.append(result)
    return report


def _drift(table: Table, present: set[str], tally: _Tally) -> None:
    """Columns only in the spec or only in the live table: schema drift, reported as warnings."""
    spec_names = {c.name for c in table.columns}
    hint = "schema drift, see `schemagen plan`"
    for name in sorted(spec_names - present):
        tally.add(name, ProblemKind.MISSING_COLUMN, WARNING, f"in the spec, not in the table: {hint}", "-")
    for name in sorted(present - spec_names):
        tally.add(name, ProblemKind.EXTRA_COLUMN, WARNING, f"in the table, not in the spec: {hint}", "-")


def _scan(
    db: Database,
    schema: Schema,
    table: Table,
    columns: list[Column],
    tally: _Tally,
    page_size: int,
    live: set[str],
) -> int:
    """Stream the table in rowid pages, tallying row problems and timestamp formats; return the row count."""
    names = [c.name for c in columns]
    check = validator_for(table.name, schema).stored_checker(names)
    key_at = [names.index(c.name) for c in table.primary_key if c.name in names]
    stamps = [(i, c.name) for i, c in enumerate(columns) if declared_format(c)]
    declared = {c.name: declared_format(c) for c in columns}
    formats: dict[str, Counter[str]] = {name: Counter() for _i, name in stamps}
    format_keys: dict[tuple[str, str], list[str]] = {}
    width = len(page_key(table, live))
    rows_seen = 0
    for page in read_pages(db, table, names, page_size=page_size, live=live):
        for row in page:
            values = row[width:]
            problems = check(values)
            if problems or stamps:
                key = "/".join(_text(values[i]) for i in key_at) if key_at else f"rowid {_text(row[0])}"
            for problem in problems:
                tally.add(problem.column, problem.kind, ERROR, problem.message, key)
            for i, name in stamps:
                value = values[i]
                if value is not None:
                    # a number or blob in a column of dates is in no text format: counted by its type
                    kind = timestamp_format(value) if isinstance(value, str) else stored_type(value)
                    formats[name][kind] += 1
                    seen = format_keys.setdefault((name, kind), [])
                    if len(seen) < EXAMPLES:
                        seen.append(key)
        rows_seen += len(page)
    for name, counts in formats.items():
        wanted = declared[name]
        off = sum(n for kind, n in counts.items() if kind != wanted)
        if not off:
            continue
        total = sum(counts.values())
        found = ", ".join(f"{k} {n:,}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        message = f"{off:,} of {total:,} values are not {wanted} ({found})"
        others = sorted((k for k in counts if k != wanted), key=lambda k: (counts[k], k))
        keys = [f"{example} ({kind})" for kind in others for example in format_keys[(name, kind)]]
        tally.counted(name, ProblemKind.TIMESTAMP_FORMAT, WARNING, message, keys, off)
    return rows_seen


def _references(
    db: Database, schema: Schema, table: Table, existing: dict[str, set[str]], tally: _Tally
) -> None:
    """Dangling foreign keys, of one column or several (errors), and logical references (warnings),
    counted in SQL."""
    links: list[tuple[ProblemKind, Severity, tuple[str, ...], str, tuple[str, ...]]] = [
        (ProblemKind.FOREIGN_KEY, ERROR, link.columns, link.table, link.parents)
        for link in fk_links(table, schema)
    ]
    links += [
        (
            ProblemKind.LOGICAL_REFERENCE,
            WARNING,
            (c.name,),
            c.logical_reference.table,
            (c.logical_reference.column,),
        )
        for c in table.columns
        if c.logical_reference is not None
    ]
    checks = [
        (", ".join(columns), check, severity, _target(parent, parents),
         _dangling_sql(table, existing[table.name], columns, parent, parents))
        for check, severity, columns, parent, parents in links
        if set(columns) <= existing[table.name] and set(parents) <= existing.get(parent, set())
    ]  # fmt: skip
    if not checks:
        return
    results = db.pipeline([sql for *_rest, sql in checks])
    for (column, check, severity, target, _sql), rows in zip(checks, results, strict=True):
        if not rows:
            continue
        total = int(rows[0][-1] or 0)
        message = f"{plural(total, 'value')} not found in {target}"
        keys = [f"{_text(row[0])} -> {_text(row[1])}" for row in rows]
        tally.counted(column, check, severity, message, keys, total)


def _target(parent: str, parents: tuple[str, ...]) -> str:
    """`questions.id`, or `releases(app, version)` for a key of several columns."""
    return f"{parent}.{parents[0]}" if len(parents) == 1 else f"{parent}({', '.join(parents)})"


def _checks(db: Database, table: Table, present: set[str], tally: _Tally) -> None:
    """Rows that break a CHECK of the spec (a drifted table may lack it), counted in SQL: `NOT (expr)`,
    so a NULL result passes as it does in SQLite. Closed enums and JSON are checked row by row already."""
    spec_columns = {fold(c.name) for c in table.columns}
    live = {fold(name) for name in present}
    found = []
    for check, column in [(c, col.name) for col in table.columns for c in col.checks] + [
        (c, "") for c in table.checks
    ]:
        names = references(check.sql) & spec_columns
        if names <= live:  # a CHECK on a column the live table lacks is schema drift, reported above
            found.append((check, column, _failing_sql(table, check.sql)))
    if not found:
        return
    for (check, column, _sql), rows in zip(found, db.pipeline([sql for *_r, sql in found]), strict=True):
        if not rows:
            continue
        total = int(rows[0][-1] or 0)
        label = f"CHECK {check.name} ({check.sql})" if check.name else f"CHECK ({check.sql})"
        subject = check.name or check.sql  # one finding per CHECK
        message = f"{plural(total, 'row')} fail {label}"
        keys = [_text(row[0]) for row in rows]
        tally.counted(column, ProblemKind.CHECK, ERROR, message, keys, total, subject)


def _non_finite(db: Database, table: Table, present: set[str], tally: _Tally) -> None:
    """REAL values that are not finite (SQLite stores +-Infinity, from `1e400` text in a NUMERIC column, say):
    JSON cannot hold them, so export refuses the table; counted in SQL (sqld sends them as null)."""
    # Other columns refuse a REAL row by row (an INTEGER column holding one is a storage-type finding).
    kinds = ("real", "numeric", "any")
    columns = [c.name for c in table.columns if c.name in present and value_kind(c.type) in kinds]
    if not columns:
        return
    reads = []
    for name in columns:
        q = quote_identifier(name)
        reads.append(_failing_sql(table, f"NOT (typeof({q}) = 'real' AND abs({q}) > 1.7976931348623157e308)"))
    for name, rows in zip(columns, db.pipeline(reads), strict=True):
        if not rows:
            continue
        total = int(str(rows[0][-1] or 0))
        message = f"{plural(total, 'row')} with an infinite number, which JSON (and so export) cannot hold"
        tally.counted(name, ProblemKind.NON_FINITE, ERROR, message, [_text(row[0]) for row in rows], total)


def _failing_sql(table: Table, expression: str) -> str:
    """The first rows (their key) for which a CHECK expression is false, and how many there are."""
    key_cols = [c.name for c in table.primary_key] or ["rowid"]
    key = " || '/' || ".join(quote_identifier(c) if c != "rowid" else c for c in key_cols)
    return (
        f"SELECT {key}, count(*) OVER () FROM {quote_identifier(table.name)} "
        f"WHERE NOT ({expression}) ORDER BY {key_order(table)} LIMIT {EXAMPLES}"
    )


def _text(value: Value) -> str:
    """A stored value as shown in example keys."""
    return value.hex() if isinstance(value, bytes) else str(value)


def _dangling_sql(
    table: Table, present: set[str], columns: tuple[str, ...], parent: str, parents: tuple[str, ...]
) -> str:
    """Rows whose `columns` name no row of `parent` (by `parents`; a key with a NULL names nothing, as in
    SQLite): key, value (the values of a wider key quoted and joined) and the total, first few only."""
    key_cols = [c.name for c in table.primary_key if c.name in present] or ["rowid"]
    key = " || '/' || ".join(f"c.{quote_identifier(c)}" for c in key_cols)
    cols = [f"c.{quote_identifier(column)}" for column in columns]
    value = cols[0] if len(cols) == 1 else " || ', ' || ".join(f"quote({col})" for col in cols)
    given = " AND ".join(f"{col} IS NOT NULL" for col in cols)
    match = " AND ".join(f"p.{quote_identifier(p)} = {col}" for p, col in zip(parents, cols, strict=True))
    return (
        f"SELECT {key}, {value}, count(*) OVER () FROM {quote_identifier(table.name)} AS c "
        f"WHERE {given} AND NOT EXISTS (SELECT 1 FROM {quote_identifier(parent)} AS p WHERE {match}) "
        f"ORDER BY {key_order(table, 'c')} LIMIT {EXAMPLES}"
    )
