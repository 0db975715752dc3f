"""Models and plans already built during one run over many databases (a fleet), shared by its workers.

A live model is a function of the database's `sqlite_schema` rows alone: every PRAGMA the introspection
reads (table list, columns, foreign keys, indexes) describes what those CREATE statements declare. So once
one database's schema has been introspected in full, another database whose `sqlite_schema` rows are the
same needs only those rows (and schema_version) to be known: one cheap read instead of five PRAGMA joins,
no parse, and the plan already made for that model. A database whose rows are new is introspected in full.
Models and plans are immutable, so sharing them between threads is safe. Both maps are bounded.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from generator.db import Row
from generator.migrate.plan import Plan, plan_migration
from generator.model import Schema

SIZE = 64  # distinct schemas (and plans) kept; a fleet with more simply pays for the extra ones


class SchemaCache:
    """`sqlite_schema` rows -> model, and (model, target) -> plan, for one run over many databases."""

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._models: dict[tuple[Row, ...], Schema] = {}
        # Keyed by the two objects' ids, the entry holding both (so the ids stay theirs): hashing two whole
        # schemas per database would cost more than the rest of a no-op.
        self._plans: dict[tuple[int, int], tuple[Schema, Schema, Plan]] = {}

    def __bool__(self) -> bool:
        """True once a model is known: only then is a cheap first read worth sending."""
        return bool(self._models)

    def model(self, schema_rows: Sequence[Row]) -> Schema | None:
        """The model of a database with these `sqlite_schema` rows, if one was built."""
        return self._models.get(tuple(schema_rows))

    def remember(self, schema_rows: Sequence[Row], model: Schema) -> None:
        """Keep the model built from a full introspection whose `sqlite_schema` read returned these rows."""
        with self._lock:
            if len(self._models) >= self._size:
                self._models.clear()
            self._models[tuple(schema_rows)] = model

    def plan(self, live: Schema, target: Schema) -> Plan:
        """plan_migration(live, target), made once per pair of model objects."""
        key = (id(live), id(target))
        hit = self._plans.get(key)
        if hit is not None and hit[0] is live and hit[1] is target:
            return hit[2]
        made = plan_migration(live, target)
        with self._lock:
            if len(self._plans) >= self._size:
                self._plans.clear()
            self._plans[key] = (live, target, made)
        return made
