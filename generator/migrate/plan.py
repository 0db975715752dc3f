"""Plan a migration from a live schema to a target schema: typed steps, each classed by risk.

`plan_migration` is pure (two models in, a Plan out). The order is the one SQLite's documented 12-step
procedure needs: triggers and views that depend on a table about to be rebuilt, dropped or renamed (or
that change) are dropped first; then the declared renames (generator.migrate.renames); virtual tables,
tables (generator.migrate.tables), then views in dependency order and triggers are created (again) from
the spec (generator.migrate.objects). Only physical attributes are compared (generator.migrate.compare).
"""

from __future__ import annotations

from msgspec.structs import replace

from generator.migrate.objects import Moves, plan_objects
from generator.migrate.renames import Rename, Renamed, RenameKind, rename_hints, resolve_renames
from generator.migrate.steps import (
    REBUILD_PREFIX,
    CheckKind,
    DataCheck,
    Loss,
    Plan,
    Risk,
    Step,
    StepKind,
    Violation,
)
from generator.migrate.tables import alter_table, create_table
from generator.model import Schema, Table
from generator.model.rules import fold
from generator.sqlite.ddl import create_index_sql, dependency_order, quote_identifier

__all__ = [
    "REBUILD_PREFIX",
    "CheckKind",
    "DataCheck",
    "Loss",
    "Plan",
    "Risk",
    "Step",
    "StepKind",
    "Violation",
    "plan_migration",
]

q = quote_identifier


def plan_migration(live: Schema, target: Schema) -> Plan:
    """The steps that turn `live` into `target`; pure, no database."""
    renamed = resolve_renames(_owned(live, target), target)
    now = renamed.live
    table_steps: list[Step] = []
    for table in target.tables:
        if now.has_table(table.name):
            table_steps += alter_table(now, now.table(table.name), table, target)
    folded = _folded(renamed, {fold(s.table) for s in table_steps if s.rebuild})
    if folded:  # a table rebuilt anyway copies its renamed columns under their new names
        table_steps = []
        for table in target.tables:
            if now.has_table(table.name):
                sources = {r.new: r.old for r in folded if fold(r.table) == fold(table.name)}
                table_steps += alter_table(now, now.table(table.name), table, target, sources)
    moves = Moves(
        rebuilt={fold(s.table) for s in table_steps if s.rebuild},
        dropped={fold(t.name) for t in now.tables if not target.has_table(t.name)},
        renamed={fold(r.old) for r in renamed.renames if r.kind in (RenameKind.TABLE, RenameKind.COLUMN)},
    )
    objects = plan_objects(now, target, moves)
    steps = [*objects.drops, *_rename_steps(renamed, target, folded), *objects.virtual_drops]
    steps += [create_table(t) for t in dependency_order(target) if not now.has_table(t.name)]
    steps += table_steps
    steps += [_drop_table(t) for t in reversed(dependency_order(now)) if not target.has_table(t.name)]
    steps += objects.virtual_creates + objects.creates
    if renamed.shadow:  # data checks run before the renames: they read the rows under their new names
        steps = [_shadowed(s, renamed) for s in steps]
    return Plan(tuple(steps), hints=rename_hints(now, target), shadow=renamed.shadow)


def _owned(live: Schema, target: Schema) -> Schema:
    """`live` without what the spec says another tool owns: its `external_tables` and their triggers.

    Such a table is referred to, never created, changed or dropped, and so are the triggers on it.
    """
    external = {fold(name) for name in target.external_tables}
    if not external:
        return live
    return replace(
        live,
        tables=tuple(t for t in live.tables if fold(t.name) not in external),
        virtual_tables=tuple(v for v in live.virtual_tables if fold(v.name) not in external),
        triggers=tuple(t for t in live.triggers if fold(t.table) not in external),
    )


def _drop_table(table: Table) -> Step:
    summary = f"drop table {table.name} ({len(table.columns)} columns, all rows)"
    loss = Loss(table.name, "", f"SELECT count(*) FROM {q(table.name)}")
    sql = (f"DROP TABLE {q(table.name)};",)
    return Step(StepKind.DROP_TABLE, table.name, Risk.DESTRUCTIVE, summary, sql, losses=(loss,))


def _folded(renamed: Renamed, rebuilt: set[str]) -> tuple[Rename, ...]:
    """Column renames of tables rebuilt anyway, that no other table's foreign key names (ALTER TABLE
    RENAME COLUMN would rewrite those; a copy does not): the rebuild copies the old column into the new."""
    now = renamed.live

    def named(r: Rename) -> bool:
        return any(
            fold(fk.table) == fold(r.table) and fold(r.new) in {fold(c) for c in fk.to}
            for t in now.tables
            if fold(t.name) != fold(r.table)
            for fk in t.foreign_keys
        )

    return tuple(
        r
        for r in renamed.renames
        if r.kind is RenameKind.COLUMN and fold(r.table) in rebuilt and not named(r)
    )


def _rename_steps(renamed: Renamed, target: Schema, folded: tuple[Rename, ...] = ()) -> list[Step]:
    """ALTER TABLE ... RENAME TO / RENAME COLUMN (rows and values kept); indexes, views and triggers are
    dropped under the old name (and created under the new one: at once for an unchanged index, else with
    the other creates)."""
    steps = []
    for r in renamed.renames:  # views and triggers first: nothing reads the old names when they change
        if r.kind in (RenameKind.VIEW, RenameKind.TRIGGER):
            word = "VIEW" if r.kind is RenameKind.VIEW else "TRIGGER"
            kind = StepKind.RENAME_VIEW if r.kind is RenameKind.VIEW else StepKind.RENAME_TRIGGER
            summary = f"rename {r.kind} {r.old} to {r.new} (dropped; created again below)"
            steps.append(Step(kind, r.table, Risk.SAFE, summary, (f"DROP {word} IF EXISTS {q(r.old)};",)))
    for r in renamed.renames:
        if r.kind is RenameKind.TABLE:
            sql = (f"ALTER TABLE {q(r.old)} RENAME TO {q(r.new)};",)
            summary = f"rename table {r.old} to {r.new} (rows kept)"
            steps.append(Step(StepKind.RENAME_TABLE, r.new, Risk.SAFE, summary, sql))
        elif r.kind is RenameKind.COLUMN and r not in folded:
            sql = (f"ALTER TABLE {q(r.table)} RENAME COLUMN {q(r.old)} TO {q(r.new)};",)
            summary = f"rename column {r.table}.{r.old} to {r.new} (values kept)"
            steps.append(Step(StepKind.RENAME_COLUMN, r.table, Risk.SAFE, summary, sql))
    rebuilt = {fold(r.table) for r in folded}
    steps += [
        _rename_index(r, renamed, target, fold(r.table) in rebuilt)
        for r in renamed.renames
        if r.kind is RenameKind.INDEX
    ]
    return steps


def _rename_index(r: Rename, renamed: Renamed, target: Schema, rebuilt: bool) -> Step:
    drop = f"DROP INDEX IF EXISTS {q(r.old)};"
    if rebuilt:  # the rebuild creates every index of the table (its columns are renamed only then)
        summary = f"rename index {r.old} to {r.new} on {r.table} (dropped; the rebuild creates it)"
        return Step(StepKind.RENAME_INDEX, r.table, Risk.SAFE, summary, (drop,))
    index = next(ix for ix in target.table(r.table).all_indexes if ix.name == r.new)
    now = renamed.live.table(r.table)
    if any(ix.name == r.new for ix in now.indexes):  # unchanged: created again at once
        summary = f"rename index {r.old} to {r.new} on {r.table} (dropped and created again)"
        return Step(StepKind.RENAME_INDEX, r.table, Risk.SAFE, summary, (drop, create_index_sql(index)))
    summary = f"rename index {r.old} to {r.new} on {r.table} (dropped; created again below)"
    return Step(StepKind.RENAME_INDEX, r.table, Risk.SAFE, summary, (drop,))


def _shadowed(step: Step, renamed: Renamed) -> Step:
    if not step.checks and not step.losses:
        return step
    checks = tuple(
        replace(c, count_sql=renamed.before(c.count_sql), sample_sql=renamed.before(c.sample_sql))
        for c in step.checks
    )
    losses = tuple(replace(x, count_sql=renamed.before(x.count_sql)) for x in step.losses)
    return replace(step, checks=checks, losses=losses)
