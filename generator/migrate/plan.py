"""Plan a migration from a live schema to a target schema: typed steps, each classed by risk.

`plan_migration` is pure (two models in, a Plan out). The order is the one SQLite's documented 12-step
procedure needs: triggers and views that depend on a table about to be rebuilt (or that change) are
dropped first and created again at the end; virtual tables, tables, then views in dependency order and
triggers follow. Only physical attributes are compared (see generator.migrate.compare).
"""

from __future__ import annotations

from generator.migrate.compare import trigger_key, view_key, virtual_key
from generator.migrate.steps import (
    REBUILD_PREFIX,
    CheckKind,
    DataCheck,
    Plan,
    Risk,
    Step,
    StepKind,
    Violation,
)
from generator.migrate.tables import alter_table, create_table
from generator.model import Schema, Trigger, View
from generator.model.rules import fold
from generator.sqlite.ddl import (
    create_trigger_sql,
    create_view_sql,
    create_virtual_sql,
    dependency_order,
    quote_identifier,
    view_order,
)
from generator.sqlite.tokens import references

__all__ = [
    "REBUILD_PREFIX",
    "CheckKind",
    "DataCheck",
    "Plan",
    "Risk",
    "Step",
    "StepKind",
    "Violation",
    "plan_migration",
]


def plan_migration(live: Schema, target: Schema) -> Plan:
    """The steps that turn `live` into `target`; pure, no database."""
    table_steps: list[Step] = []
    for table in target.tables:
        if live.has_table(table.name):
            table_steps += alter_table(live, live.table(table.name), table, target)
    rebuilt = {fold(s.table) for s in table_steps if s.rebuild}
    dropped = {fold(t.name) for t in live.tables if not target.has_table(t.name)}

    live_views: dict[str, View] = {fold(v.name): v for v in live.views}
    target_views: dict[str, View] = {fold(v.name): v for v in target.views}
    live_trigs: dict[str, Trigger] = {fold(t.name): t for t in live.triggers}
    target_trigs: dict[str, Trigger] = {fold(t.name): t for t in target.triggers}
    changed_views = {
        n for n, v in live_views.items() if n in target_views and view_key(v) != view_key(target_views[n])
    }
    # Views that (through other views) read a rebuilt or dropped table, or a view that changes or goes.
    moved = rebuilt | dropped | changed_views | (live_views.keys() - target_views.keys())
    because: dict[str, str] = {}  # a view dropped for a dependency -> the object it reads that moves
    while True:
        more = {
            n: min(references(v.sql) & moved)
            for n, v in live_views.items()
            if n not in moved and references(v.sql) & moved
        }
        if not more:
            break
        because.update(more)
        moved |= more.keys()

    def reason(name: str) -> str:
        """Why a dependent view or trigger is dropped and created again: what it reads, and why."""
        cause = because.get(name, name)
        return f"reads {cause}, which {_what(cause, rebuilt, dropped, frozenset(because))}"

    recreate_views = {n for n in moved if n in live_views and n in target_views}

    steps: list[Step] = []
    recreate_trigs: set[str] = set()
    for name, trig in live_trigs.items():
        new = target_trigs.get(name)
        if new is None:
            steps.append(_drop(StepKind.DROP_TRIGGER, "TRIGGER", trig.name, trig.table, Risk.DESTRUCTIVE, ""))
        elif trigger_key(trig) != trigger_key(new):
            recreate_trigs.add(name)
            steps.append(_drop(StepKind.DROP_TRIGGER, "TRIGGER", trig.name, trig.table, Risk.SAFE, "changed"))
        elif fold(trig.table) in moved or ((references(trig.body) | references(trig.when)) & moved):
            recreate_trigs.add(name)
            on_table = fold(trig.table) in moved
            cause = (
                fold(trig.table) if on_table else min((references(trig.body) | references(trig.when)) & moved)
            )
            why = f"on {trig.table}, which {_what(cause, rebuilt, dropped)}" if on_table else reason(cause)
            if fold(trig.table) not in rebuilt | dropped:
                steps.append(_drop(StepKind.DROP_TRIGGER, "TRIGGER", trig.name, trig.table, Risk.SAFE, why))
    order = [fold(v.name) for v in view_order(live.views)]
    for name in reversed(order):
        view = live_views[name]
        if name not in target_views:
            steps.append(_drop(StepKind.DROP_VIEW, "VIEW", view.name, view.name, Risk.DESTRUCTIVE, ""))
        elif name in recreate_views:
            why = "changed" if name in changed_views else reason(name)
            steps.append(_drop(StepKind.DROP_VIEW, "VIEW", view.name, view.name, Risk.SAFE, why))
    live_virtual = {fold(v.name): v for v in live.virtual_tables}
    target_virtual = {fold(v.name): v for v in target.virtual_tables}
    for name, vtable in live_virtual.items():
        new_virtual = target_virtual.get(name)
        if new_virtual is None or virtual_key(vtable) != virtual_key(new_virtual):
            why = "" if new_virtual is None else "changed: its rows are rebuilt"
            steps.append(
                _drop(StepKind.DROP_VIRTUAL_TABLE, "TABLE", vtable.name, vtable.name, Risk.DESTRUCTIVE, why)
            )
    for table in dependency_order(target):
        if not live.has_table(table.name):
            steps.append(create_table(table))
    steps += table_steps
    for table in reversed(dependency_order(live)):  # children first
        if not target.has_table(table.name):
            summary = f"drop table {table.name} ({len(table.columns)} columns, all rows)"
            sql = (f"DROP TABLE {quote_identifier(table.name)};",)
            steps.append(Step(StepKind.DROP_TABLE, table.name, Risk.DESTRUCTIVE, summary, sql))
    for vtable in target.virtual_tables:
        old = live_virtual.get(fold(vtable.name))
        if old is None or virtual_key(old) != virtual_key(vtable):
            summary = f"create virtual table {vtable.name} (USING {vtable.module})"
            sql = (create_virtual_sql(vtable),)
            steps.append(Step(StepKind.CREATE_VIRTUAL_TABLE, vtable.name, Risk.SAFE, summary, sql))
    for view in view_order(target.views):
        name = fold(view.name)
        if name not in live_views or name in recreate_views:
            again = " again" if name in recreate_views else ""
            summary = f"create view {view.name}{again}"
            steps.append(Step(StepKind.CREATE_VIEW, view.name, Risk.SAFE, summary, (create_view_sql(view),)))
    for trig in target.triggers:
        name = fold(trig.name)
        if name not in live_trigs or name in recreate_trigs:
            again = " again" if name in recreate_trigs else ""
            summary = f"create trigger {trig.name} on {trig.table}{again}"
            sql = (create_trigger_sql(trig),)
            steps.append(Step(StepKind.CREATE_TRIGGER, trig.table, Risk.SAFE, summary, sql))
    return Plan(tuple(steps))


def _what(name: str, rebuilt: set[str], dropped: set[str], again: frozenset[str] = frozenset()) -> str:
    if name in rebuilt:
        return "is rebuilt"
    if name in dropped:
        return "is dropped"
    return "is created again" if name in again else "changes"


def _drop(kind: StepKind, word: str, name: str, table: str, risk: Risk, why: str) -> Step:
    """A DROP ... IF EXISTS step; `why` says it comes back (a safe drop) or is empty (a destructive one)."""
    noun = {"TRIGGER": "trigger", "VIEW": "view", "TABLE": "virtual table"}[word]
    summary = f"drop {noun} {name}" + (f" ({why}; created again below)" if why and risk is Risk.SAFE else "")
    if why and risk is Risk.DESTRUCTIVE:
        summary += f" ({why})"
    return Step(kind, table, risk, summary, (f"DROP {word} IF EXISTS {quote_identifier(name)};",))
