"""Plan views, triggers and virtual tables: which are dropped (and why), which are created (again).

A view or trigger that reads a table about to be rebuilt, dropped or renamed (or a view that changes or
goes) is dropped before the tables change and created again from the spec afterwards, transitively.
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct, field

from generator.migrate.compare import trigger_key, view_key, virtual_key
from generator.migrate.steps import Risk, Step, StepKind
from generator.model import Schema, Trigger, View, VirtualTable
from generator.model.rules import fold
from generator.sqlite.ddl import (
    create_trigger_sql,
    create_view_sql,
    create_virtual_sql,
    quote_identifier,
    view_order,
)
from generator.sqlite.tokens import references


class Moves(Struct):
    """What changes under the views and triggers: folded names of rebuilt, dropped and renamed objects."""

    rebuilt: set[str]
    dropped: set[str]
    renamed: set[str] = field(default_factory=set)  # old names of renamed tables and columns

    def what(self, name: str, again: frozenset[str] = frozenset()) -> str:
        """`is rebuilt`, `is dropped`, `is renamed`, `is created again` or `changes`."""
        if name in self.rebuilt:
            return "is rebuilt"
        if name in self.dropped:
            return "is dropped"
        if name in self.renamed:
            return "is renamed"
        return "is created again" if name in again else "changes"


class ObjectPlan(Struct):
    """The drops to run before the tables change, and the creates to run after."""

    drops: list[Step]
    creates: list[Step]
    virtual_drops: list[Step]
    virtual_creates: list[Step]


def plan_objects(live: Schema, target: Schema, moves: Moves) -> ObjectPlan:
    """Views, triggers and virtual tables: drops (triggers, then views, dependents first) and creates."""
    live_views: dict[str, View] = {fold(v.name): v for v in live.views}
    target_views: dict[str, View] = {fold(v.name): v for v in target.views}
    changed = {
        n for n, v in live_views.items() if n in target_views and view_key(v) != view_key(target_views[n])
    }
    moved = (
        moves.rebuilt | moves.dropped | moves.renamed | changed | (live_views.keys() - target_views.keys())
    )
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
        cause = because.get(name, name)
        return f"reads {cause}, which {moves.what(cause, frozenset(because))}"

    recreate_views = {n for n in moved if n in live_views and n in target_views}
    drops, recreate_trigs = _trigger_drops(live, target, moves, moved, reason)
    for name in reversed([fold(v.name) for v in view_order(live.views)]):
        view = live_views[name]
        if name not in target_views:
            drops.append(_drop(StepKind.DROP_VIEW, "VIEW", view.name, view.name, Risk.DESTRUCTIVE, ""))
        elif name in recreate_views:
            why = "changed" if name in changed else reason(name)
            drops.append(_drop(StepKind.DROP_VIEW, "VIEW", view.name, view.name, Risk.SAFE, why))
    creates = []
    for view in view_order(target.views):
        name = fold(view.name)
        if name not in live_views or name in recreate_views:
            again = " again" if name in recreate_views else ""
            sql = (create_view_sql(view),)
            creates.append(
                Step(StepKind.CREATE_VIEW, view.name, Risk.SAFE, f"create view {view.name}{again}", sql)
            )
    live_trigs = {fold(t.name) for t in live.triggers}
    for trig in target.triggers:
        name = fold(trig.name)
        if name not in live_trigs or name in recreate_trigs:
            again = " again" if name in recreate_trigs else ""
            summary = f"create trigger {trig.name} on {trig.table}{again}"
            creates.append(
                Step(StepKind.CREATE_TRIGGER, trig.table, Risk.SAFE, summary, (create_trigger_sql(trig),))
            )
    virtual_drops, virtual_creates = _virtual(live.virtual_tables, target.virtual_tables)
    return ObjectPlan(drops, creates, virtual_drops, virtual_creates)


def _trigger_drops(
    live: Schema, target: Schema, moves: Moves, moved: set[str], reason: Callable[[str], str]
) -> tuple[list[Step], set[str]]:
    """Drops of triggers that go, change, or sit on (or read) something that moves; which come back."""
    target_trigs: dict[str, Trigger] = {fold(t.name): t for t in target.triggers}
    steps: list[Step] = []
    again: set[str] = set()
    for trig in live.triggers:
        name = fold(trig.name)
        new = target_trigs.get(name)
        reads = references(trig.body) | references(trig.when) | {fold(c) for c in trig.columns}
        if new is None:
            steps.append(_drop(StepKind.DROP_TRIGGER, "TRIGGER", trig.name, trig.table, Risk.DESTRUCTIVE, ""))
        elif trigger_key(trig) != trigger_key(new):
            again.add(name)
            steps.append(_drop(StepKind.DROP_TRIGGER, "TRIGGER", trig.name, trig.table, Risk.SAFE, "changed"))
        elif fold(trig.table) in moved or reads & moved:
            again.add(name)
            on_table = fold(trig.table) in moved
            cause = fold(trig.table) if on_table else min(reads & moved)
            why = f"on {trig.table}, which {moves.what(cause)}" if on_table else reason(cause)
            if fold(trig.table) not in moves.rebuilt | moves.dropped:
                steps.append(_drop(StepKind.DROP_TRIGGER, "TRIGGER", trig.name, trig.table, Risk.SAFE, why))
    return steps, again


def _virtual(
    live: tuple[VirtualTable, ...], target: tuple[VirtualTable, ...]
) -> tuple[list[Step], list[Step]]:
    """Virtual tables that go or change are dropped (their rows with them); new and changed ones created."""
    live_virtual = {fold(v.name): v for v in live}
    target_virtual = {fold(v.name): v for v in target}
    drops = []
    for name, vtable in live_virtual.items():
        new = target_virtual.get(name)
        if new is None or virtual_key(vtable) != virtual_key(new):
            why = "" if new is None else "changed: its rows are rebuilt"
            drops.append(
                _drop(StepKind.DROP_VIRTUAL_TABLE, "TABLE", vtable.name, vtable.name, Risk.DESTRUCTIVE, why)
            )
    creates = []
    for vtable in target:
        old = live_virtual.get(fold(vtable.name))
        if old is None or virtual_key(old) != virtual_key(vtable):
            summary = f"create virtual table {vtable.name} (USING {vtable.module})"
            creates.append(
                Step(
                    StepKind.CREATE_VIRTUAL_TABLE,
                    vtable.name,
                    Risk.SAFE,
                    summary,
                    (create_virtual_sql(vtable),),
                )
            )
    return drops, creates


def _drop(kind: StepKind, word: str, name: str, table: str, risk: Risk, why: str) -> Step:
    """A DROP ... IF EXISTS step; `why` says it comes back (a safe drop) or is empty (a destructive one)."""
    noun = {"TRIGGER": "trigger", "VIEW": "view", "TABLE": "virtual table"}[word]
    summary = f"drop {noun} {name}" + (f" ({why}; created again below)" if why and risk is Risk.SAFE else "")
    if why and risk is Risk.DESTRUCTIVE:
        summary += f" ({why})"
    return Step(kind, table, risk, summary, (f"DROP {word} IF EXISTS {quote_identifier(name)};",))
