"""Run a plan against a database: count the rows new constraints would reject, apply it atomically."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct, field

from generator.db import Database, Row
from generator.db.retry import DEFAULT_LOCK_TIMEOUT, Waited, retry_locked
from generator.errors import SchemagenError
from generator.migrate.steps import REBUILD_PREFIX, CheckKind, Plan, Step, Violation
from generator.sqlite.ddl import quote_identifier


def check_data(db: Database, plan: Plan) -> list[Violation]:
    """Count the rows each data check would reject (one request), then sample the keys of failing ones."""
    return count_and_check(db, plan, ())[1]


def count_and_check(
    db: Database, plan: Plan, tables: Sequence[str], extra: Sequence[str] = ()
) -> tuple[dict[str, int], list[Violation]]:
    """Row counts of `tables` (and of the `extra` count queries, keyed "\\0<n>") and the data checks'
    counts in ONE request; samples only for failures."""
    checks = plan.checks
    reads = [plan.before_renames(f"SELECT count(*) FROM {quote_identifier(t)}") for t in tables] + list(extra)
    reads += [c.count_sql for c in checks]
    if not reads:
        return {}, []
    results = db.pipeline(reads)
    counts = {t: _int(rows) for t, rows in zip(tables, results, strict=False)}
    counts.update({f"\0{i}": _int(results[len(tables) + i]) for i in range(len(extra))})
    found = results[len(tables) + len(extra) :]
    failing = [(c, _int(rows)) for c, rows in zip(checks, found, strict=True) if _int(rows) > 0]
    if not failing:
        return counts, []
    samples = db.pipeline([c.sample_sql for c, _n in failing])
    return counts, [
        Violation(check, count, tuple(_show(row) for row in rows))
        for (check, count), rows in zip(failing, samples, strict=True)
    ]


def _int(rows: Sequence[Row]) -> int:
    value = rows[0][0] if rows and rows[0] else 0
    return int(value) if isinstance(value, int | float | str) else 0


def _show(row: Row) -> str:
    value = row[0] if row else None
    return str(value)


class Measured(Struct, frozen=True):
    """What the plan's one read request counted."""

    rows: dict[str, int]  # rows of each table asked for (the tables a plan rebuilds)
    losses: dict[str, int]  # what each destructive step destroys, by Loss.label
    violations: list[Violation]


def measure(db: Database, plan: Plan, tables: Sequence[str]) -> Measured:
    """Row counts of `tables`, what the destructive steps destroy, and the data checks, in ONE request
    (a second one only for the sample keys of failing checks)."""
    losses = plan.losses
    counts, violations = count_and_check(db, plan, tables, [x.count_sql for x in losses])
    lost = {x.label: counts.pop(f"\0{i}") for i, x in enumerate(losses)}
    return Measured(counts, lost, violations)


def fix_advice(violations: Sequence[Violation]) -> str:
    """What to do about rows a new constraint refuses: a NOT NULL column added without a default cannot
    be fixed row by row (it does not exist yet), so that advice differs."""
    new_column = any(v.check.kind is CheckKind.NOT_NULL and v.check.new_column for v in violations)
    other = any(not (v.check.kind is CheckKind.NOT_NULL and v.check.new_column) for v in violations)
    advice = []
    if new_column:
        advice.append("for a new NOT NULL column: give it a default, make it nullable, or backfill")
    if other:
        advice.append("fix the rows listed above (`schemagen audit` finds them too) or the spec")
    return "; ".join(advice)


class Applied(Struct, frozen=True):
    """What an apply did: rows copied per rebuilt table, and how long it waited for the write lock."""

    copied: dict[str, int]
    waited: Waited = field(default_factory=Waited)


def apply_plan(
    db: Database,
    plan: Plan,
    *,
    guard_sql: Sequence[str] = (),
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> Applied:
    """Apply the whole plan in one transaction (one request); `guard_sql` runs first inside it. While
    another writer holds the lock, the request is tried again (each time whole) for up to `lock_timeout`.

    Returns the rows copied per rebuilt table and the wait. Rebuilds and table drops run with foreign keys
    off, as SQLite's procedure says (a DROP TABLE must not cascade into other tables); rows are copied
    unchanged, so only tables whose foreign keys change are checked before COMMIT (rows that were already
    dangling elsewhere must not block an unrelated rebuild).
    """
    if plan.is_empty:
        return Applied({})
    statements = [*guard_sql, *plan.statements()]
    try:
        changed, waited = retry_locked(
            lambda: db.apply(
                statements, foreign_keys_off=plan.foreign_keys_off, check_tables=plan.foreign_key_changes
            ),
            lock_timeout,
        )
    except KeyboardInterrupt:
        raise PushInterrupted(_interrupted(db)) from None
    copies = {
        step.table: n
        for step, sql, n in _step_statements(plan, len(guard_sql), changed)
        if step.rebuild and sql.startswith(f"INSERT OR ABORT INTO {quote_identifier(REBUILD_PREFIX)[:-1]}")
    }
    return Applied(copies, waited)


class PushInterrupted(SchemagenError):
    """Ctrl-C while the plan was being applied: what that means for the database (exit 130)."""

    exit_code = 130


def _interrupted(db: Database) -> str:
    if db.remote:  # the one request may have reached the server
        return (
            f"{db.url}: interrupted while the push was being applied: it is one atomic batch, applied whole "
            "or not at all; `schemagen plan` shows which"
        )
    return f"{db.url}: interrupted: nothing was changed (the push's one transaction was rolled back)"


def _step_statements(plan: Plan, offset: int, changed: Sequence[int]) -> list[tuple[Step, str, int]]:
    """(step, statement, rows changed) for every statement of the plan."""
    out, i = [], offset
    for step in plan.steps:
        for sql in step.sql:
            out.append((step, sql, changed[i] if i < len(changed) else 0))
            i += 1
    return out
