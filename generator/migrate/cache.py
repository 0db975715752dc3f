"""Models and plans already built during one run over many databases (a fleet), shared by its workers.

A live model is a function of the database's `sqlite_schema` rows alone: every PRAGMA the introspection
reads (table list, columns, foreign keys, indexes) describes what those CREATE statements declare. So once
one database's schema has been introspected in full, another database whose `sqlite_schema` rows are the
same needs only those rows (and schema_version) to be known: one cheap read instead of five PRAGMA joins,
no parse, and the plan already made for that model. A database whose rows are new is introspected in full.
Models and plans are immutable, so sharing them between threads is safe. Both maps are bounded.

At the start of a run nothing is known, so the first worker to read a database scouts: the others wait
(a little while at most) for its full introspection instead of each introspecting and planning the same
schema in parallel, then read theirs the cheap way. A plan not made yet is made by one worker while the
others asking for the same one wait for it (not eight plans of the same pair at the start of a run), and
the spec's check against the engines (`engines.unsupported`) is made once per run, not per database.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TypeAlias

from generator.db import Row
from generator.engines import Finding, unsupported
from generator.migrate.plan import Plan, plan_migration
from generator.model import Schema

Leftovers: TypeAlias = tuple[
    tuple[str, ...], tuple[str, ...]
]  # an interrupted online rebuild's tables, triggers
SIZE = 64  # distinct schemas (and plans) kept; a fleet with more simply pays for the extra ones
SCOUT_WAIT = 2.0  # seconds the other workers wait for the first full introspection before doing their own


class SchemaCache:
    """`sqlite_schema` rows -> model, and (model, target) -> plan, for one run over many databases."""

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._models: dict[tuple[Row, ...], tuple[Schema, Leftovers]] = {}
        # Keyed by the two objects' ids, the entry holding both (so the ids stay theirs): hashing two whole
        # schemas per database would cost more than the rest of a no-op.
        self._plans: dict[tuple[int, int], tuple[Schema, Schema, Plan]] = {}
        self._planning: dict[tuple[int, int], threading.Lock] = {}  # one lock per plan being made
        self._unsupported: dict[tuple[int, tuple[str, ...]], tuple[Schema, list[Finding]]] = {}
        self._last: tuple[tuple[Row, ...], tuple[Schema, Leftovers]] | None = None  # see model()
        self._scout = threading.Condition(self._lock)
        self._scouting = False
        self._scouted = False

    def __bool__(self) -> bool:
        """True once a model is known: only then is a cheap first read worth sending."""
        return bool(self._models)

    def scout(self) -> bool:
        """Called before a database is read: True for the one caller that should introspect in full first
        (it must call `scouted()` when done, however it ends); the others wait until it is done, or for
        SCOUT_WAIT seconds, and get False."""
        if self._scouted or self._models:  # once true, never false again: no lock needed to see it
            return False
        with self._scout:
            if self._scouted or self._models:
                return False
            if not self._scouting:
                self._scouting = True
                return True
            self._scout.wait_for(lambda: self._scouted, timeout=SCOUT_WAIT)
            return False

    def scouted(self) -> None:
        """The scout's introspection is over (a model remembered, or it failed): the others go on."""
        with self._scout:
            self._scouted = True
            self._scout.notify_all()

    def model(self, schema_rows: Sequence[Row]) -> tuple[Schema, Leftovers] | None:
        """The model of a database with these `sqlite_schema` rows, if one was built, and the leftovers of
        an interrupted online rebuild those rows name."""
        key = tuple(schema_rows)
        # The rows of answers that differ only in timing are the same objects (generator.db.answers), and
        # comparing a tuple of the same objects costs next to nothing: the last hit is checked first, before
        # hashing the rows and comparing them string by string with the key of the full introspection.
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        found = self._models.get(key)
        if found is not None:
            self._last = (key, found)
        return found

    def remember(self, schema_rows: Sequence[Row], model: Schema, leftovers: Leftovers) -> None:
        """Keep the model built from a full introspection whose `sqlite_schema` read returned these rows."""
        with self._lock:
            if len(self._models) >= self._size:
                self._models.clear()
                self._last = None
            self._models[tuple(schema_rows)] = (model, leftovers)

    def plan(self, live: Schema, target: Schema) -> Plan:
        """plan_migration(live, target), made once per pair of model objects (by one caller; the others
        asking meanwhile wait for it)."""
        key = (id(live), id(target))
        hit = self._plans.get(key)
        if hit is not None and hit[0] is live and hit[1] is target:
            return hit[2]
        with self._lock:
            making = self._planning.setdefault(key, threading.Lock())
        with making:
            hit = self._plans.get(key)
            if hit is not None and hit[0] is live and hit[1] is target:
                return hit[2]
            made = plan_migration(live, target)
            with self._lock:
                if len(self._plans) >= self._size:
                    self._plans.clear()
                self._plans[key] = (live, target, made)
                self._planning.pop(key, None)
        return made

    def unsupported(self, schema: Schema, engines: Sequence[str]) -> list[Finding]:
        """engines.unsupported(schema, engines), worked out once per run (the spec is the same for all)."""
        key = (id(schema), tuple(engines))
        hit = self._unsupported.get(key)
        if hit is not None and hit[0] is schema:
            return list(hit[1])
        found = unsupported(schema, engines)
        with self._lock:
            if len(self._unsupported) >= self._size:
                self._unsupported.clear()
            self._unsupported[key] = (schema, found)
        return list(found)
