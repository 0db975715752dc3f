"""Plan a migration from a live schema to a target schema, check it against the data, and apply it.

`plan_migration` is pure (two models in, a Plan out). Only physical attributes are compared: type, NOT
NULL, SQL default, primary key, AUTOINCREMENT, CHECKs, foreign keys, indexes and raw extras. Column order,
descriptions, open enums, JSON shapes and app defaults are documentation, not schema.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from generator.model import Column, Index, Schema, Table
from generator.sqlite.ddl import (
    column_sql,
    create_index_sql,
    create_table_sql,
    dependency_order,
    quote_identifier,
    sql_literal,
)

REBUILD_PREFIX = "_schemagen_new_"


class Risk(enum.StrEnum):
    """How dangerous a step is, in increasing order of severity."""

    SAFE = "safe"
    REBUILD = "rebuild"
    DATA = "data-dependent"
    DESTRUCTIVE = "destructive"

    @property
    def severity(self) -> int:
        """0 (safe) .. 3 (destructive)."""
        return list(Risk).index(self)


@dataclass(frozen=True, slots=True)
class DataCheck:
    """Rows that would break a new constraint: a COUNT query and a query for up to 5 sample keys."""

    table: str
    description: str
    count_sql: str
    sample_sql: str


@dataclass(frozen=True, slots=True)
class Violation:
    """A data check that found rows: how many, and some of their primary keys."""

    check: DataCheck
    count: int
    samples: tuple[str, ...] = ()

    def message(self) -> str:
        """One line: table, rule, count and sample keys."""
        keys = f" (e.g. {', '.join(self.samples)})" if self.samples else ""
        rows = "row" if self.count == 1 else "rows"
        return f"{self.check.table}: {self.count:,} {rows} would violate {self.check.description}{keys}"


@dataclass(frozen=True, slots=True)
class Step:
    """One change: its kind, table, risk class, a one-line summary and its SQL."""

    kind: str
    table: str
    risk: Risk
    summary: str
    sql: tuple[str, ...]
    checks: tuple[DataCheck, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The ordered steps turning the live schema into the target."""

    steps: tuple[Step, ...]

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
        marker = f"CREATE TABLE {quote_identifier(REBUILD_PREFIX)[:-1]}"
        return tuple(s.table for s in self.steps if any(sql.startswith(marker) for sql in s.sql))

    @property
    def foreign_key_changes(self) -> tuple[str, ...]:
        """Rebuilt tables that gain or change a foreign key (checked before COMMIT)."""
        return tuple(dict.fromkeys(c.table for c in self.checks if c.description.startswith("FOREIGN KEY")))

    @property
    def checks(self) -> tuple[DataCheck, ...]:
        """Every data check of every step."""
        return tuple(c for s in self.steps for c in s.checks)

    def refused(self, allow_destructive: bool) -> tuple[Step, ...]:
        """Destructive steps that need --allow-destructive."""
        return () if allow_destructive else tuple(s for s in self.steps if s.risk is Risk.DESTRUCTIVE)

    def statements(self) -> list[str]:
        """The full SQL to apply, in order (run in one transaction, foreign keys off while rebuilding)."""
        return [sql for step in self.steps for sql in step.sql]

    def render(self) -> str:
        """The plan as text: one `[risk] summary` line per step, then its SQL indented."""
        if self.is_empty:
            return "no changes: the database matches the spec\n"
        out = []
        for step in self.steps:
            out.append(f"[{step.risk}] {step.summary}")
            for sql in step.sql:
                out += [f"    {line}" for line in sql.splitlines()]
            out += [f"    -- check: {check.description}" for check in step.checks]
        return "\n".join(out) + "\n"


# --- comparing -----------------------------------------------------------------------------------------


def _pk_names(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key)


def _physical(table: Table, col: Column) -> tuple[object, ...]:
    """What the database enforces about a column (order, docs and app-side defaults excluded)."""
    single_int_pk = col.primary_key and len(table.primary_key) == 1 and col.sql_type == "integer"
    default = col.default
    key = ("n", float(default)) if isinstance(default, int | float) else ("s", default)
    enum_values = tuple(sorted(col.closed_enum)) if col.closed_enum is not None else None
    return (
        col.sql_type,
        col.not_null or single_int_pk,
        key,
        col.primary_key,
        col.autoincrement,
        enum_values,
        col.is_json,
        _fk_key(col),
        tuple(sorted(col.extra)),
    )


def _fk_key(col: Column) -> tuple[str, str, str, str] | None:
    fk = col.references
    return None if fk is None else (fk.table, fk.column, fk.on_delete.lower(), fk.on_update.lower())


def _index_key(index: Index) -> tuple[object, ...]:
    return (index.columns, index.unique, index.extra)


def _describe(col: Column) -> str:
    return "json" if col.is_json else col.sql_type


def _column_changes(live: Table, target: Table, old: Column, new: Column) -> list[str]:
    """Human descriptions of what differs between two versions of a column."""
    notes = []
    if old.sql_type != new.sql_type or any(e.startswith("type ") for e in old.extra):
        notes.append(f"type {_declared(old)} -> {new.sql_type}")
    if _physical(live, old)[1] != _physical(target, new)[1]:
        notes.append("add NOT NULL" if _physical(target, new)[1] else "drop NOT NULL")
    if _physical(live, old)[2] != _physical(target, new)[2]:
        notes.append(f"default {_default_sql(old)} -> {_default_sql(new)}")
    if old.closed_enum != new.closed_enum and _physical(live, old)[5] != _physical(target, new)[5]:
        if new.closed_enum is None:
            notes.append("drop CHECK IN (...)")
        else:
            verb = "add" if old.closed_enum is None else "change"
            notes.append(f"{verb} CHECK IN ({', '.join(new.closed_enum)})")
    if old.is_json != new.is_json:
        notes.append("add CHECK json_valid" if new.is_json else "drop CHECK json_valid")
    if _fk_key(old) != _fk_key(new):
        fk = new.references
        notes.append(f"foreign key -> {fk.table}.{fk.column}" if fk is not None else "drop foreign key")
    if old.primary_key != new.primary_key or old.autoincrement != new.autoincrement:
        notes.append("primary key changed")
    for raw in old.extra:
        if not raw.startswith("type ") and raw not in new.extra:
            notes.append(f"drop {raw}")
    return notes or ["definition changed"]


def _declared(col: Column) -> str:
    for raw in col.extra:
        if raw.startswith("type "):
            return raw[5:]
    return col.sql_type


def _default_sql(col: Column) -> str:
    for raw in col.extra:
        if raw.startswith("DEFAULT "):
            return raw[8:]
    return "none" if col.default is None else sql_literal(col.default)


# --- planning ------------------------------------------------------------------------------------------


def plan_migration(live: Schema, target: Schema) -> Plan:
    """The steps that turn `live` into `target`; pure, no database."""
    steps: list[Step] = []
    for obj in live.objects:
        drop = f"DROP {obj.type.upper()} IF EXISTS {quote_identifier(obj.name)};"
        if obj.type == "virtual table":
            drop = f"DROP TABLE IF EXISTS {quote_identifier(obj.name)};"
        steps.append(
            Step(
                f"drop_{obj.type.replace(' ', '_')}",
                obj.table,
                Risk.DESTRUCTIVE,
                f"drop {obj.type} {obj.name}",
                (drop,),
            )
        )
    for table in dependency_order(target):
        if not live.has_table(table.name):
            steps.append(_create_table(table))
    for table in target.tables:
        if live.has_table(table.name):
            steps += _alter_table(live, live.table(table.name), table)
    for table in live.tables:
        if not target.has_table(table.name):
            summary = f"drop table {table.name} ({len(table.columns)} columns, all rows)"
            sql = (f"DROP TABLE {quote_identifier(table.name)};",)
            steps.append(Step("drop_table", table.name, Risk.DESTRUCTIVE, summary, sql))
    return Plan(tuple(steps))


def _create_table(table: Table) -> Step:
    indexes = table.all_indexes
    sql = (create_table_sql(table, if_not_exists=True), *(create_index_sql(ix) for ix in indexes))
    count = f", {len(indexes)} index{'es' if len(indexes) != 1 else ''}" if indexes else ""
    return Step(
        "create_table",
        table.name,
        Risk.SAFE,
        f"create table {table.name} ({len(table.columns)} columns{count})",
        sql,
    )


def _alter_table(schema: Schema, live: Table, target: Table) -> list[Step]:
    added = [c for c in target.columns if not live.has_column(c.name)]
    removed = [c for c in live.columns if not target.has_column(c.name)]
    changed = [
        (live.column(c.name), c)
        for c in target.columns
        if live.has_column(c.name) and _physical(live, live.column(c.name)) != _physical(target, c)
    ]
    pk_changed = _pk_names(live) != _pk_names(target)
    live_ix = {ix.name: ix for ix in live.all_indexes}
    target_ix = {ix.name: ix for ix in target.all_indexes}
    steps: list[Step] = []
    for name in sorted(set(live_ix) - set(target_ix)):
        ix = live_ix[name]
        sql = (f"DROP INDEX IF EXISTS {quote_identifier(name)};",)
        steps.append(
            Step("drop_index", live.name, Risk.DESTRUCTIVE, f"drop index {name} on {live.name}", sql)
        )
    needs_rebuild = (
        bool(changed)
        or pk_changed
        or live.extra != target.extra
        or any(not _addable(c) for c in added)
        or any(not _droppable(live, c, set(target_ix)) for c in removed)
    )
    if needs_rebuild:
        steps.append(_rebuild(schema, live, target, added, removed, changed))
        return steps
    for col in added:
        sql = (f"ALTER TABLE {quote_identifier(live.name)} ADD COLUMN {column_sql(target, col)};",)
        steps.append(
            Step(
                "add_column",
                live.name,
                Risk.SAFE,
                f"add column {live.name}.{col.name} ({_describe(col)})",
                sql,
            )
        )
    for col in removed:
        sql = (f"ALTER TABLE {quote_identifier(live.name)} DROP COLUMN {quote_identifier(col.name)};",)
        summary = f"drop column {live.name}.{col.name} and its data"
        steps.append(Step("drop_column", live.name, Risk.DESTRUCTIVE, summary, sql))
    for name in sorted(target_ix):
        ix = target_ix[name]
        old = live_ix.get(name)
        if old is not None and _index_key(old) == _index_key(ix):
            continue
        found = _unique_check(live, ix, target) if ix.unique and (old is None or not old.unique) else None
        checks = (found,) if found is not None else ()
        risk = Risk.DATA if checks else Risk.SAFE
        cols = ", ".join(ix.columns)
        what = f"{'unique ' if ix.unique else ''}index {name} on {live.name} ({cols})"
        if old is None:
            steps.append(
                Step("create_index", live.name, risk, f"create {what}", (create_index_sql(ix),), checks)
            )
        else:
            both = (f"DROP INDEX IF EXISTS {quote_identifier(name)};", create_index_sql(ix))
            steps.append(Step("recreate_index", live.name, risk, f"recreate {what}", both, checks))
    return steps


def _addable(col: Column) -> bool:
    """True when SQLite's ALTER TABLE ADD COLUMN accepts the column (lang_altertable.html section 5)."""
    if col.primary_key or col.extra:
        return False
    if col.references is not None and col.default is not None:
        return False
    return not (col.effective_not_null and col.default is None)


def _droppable(table: Table, col: Column, kept_indexes: set[str]) -> bool:
    """True when ALTER TABLE DROP COLUMN works: not a key, not indexed, not in a foreign key (section 6)."""
    if col.primary_key or col.unique or col.references is not None or col.extra or table.extra:
        return False
    # Indexes missing from the target are dropped by an earlier step of the same plan.
    kept = [ix for ix in table.all_indexes if ix.name in kept_indexes]
    return not any(col.name in ix.columns or ix.extra for ix in kept)


def _rebuild(
    schema: Schema,
    live: Table,
    target: Table,
    added: list[Column],
    removed: list[Column],
    changed: list[tuple[Column, Column]],
) -> Step:
    """SQLite's 12-step table rebuild (lang_altertable.html section 7), keeping every shared column."""
    q = quote_identifier
    temp = f"{REBUILD_PREFIX}{target.name}"
    shared = ", ".join(q(c.name) for c in target.columns if live.has_column(c.name))
    sql = [create_table_sql(target, name=temp, if_not_exists=False)]
    if shared:
        sql.append(f"INSERT INTO {q(temp)} ({shared}) SELECT {shared} FROM {q(live.name)};")
    if (
        target.primary_key
        and target.primary_key[0].autoincrement
        and any(c.autoincrement for c in live.columns)
    ):
        # Keep AUTOINCREMENT's promise never to reuse an id, even ids of rows deleted long ago.
        sql.append(
            f"UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN "
            f"({sql_literal(live.name)}, {sql_literal(temp)})) WHERE name = {sql_literal(temp)};"
        )
    sql += [f"DROP TABLE {q(live.name)};", f"ALTER TABLE {q(temp)} RENAME TO {q(target.name)};"]
    sql += [create_index_sql(ix, if_not_exists=False) for ix in target.all_indexes]
    checks = _rebuild_checks(schema, live, target, added, changed)
    notes = [f"add column {c.name} ({_describe(c)})" for c in added]
    notes += [f"{new.name}: {'; '.join(_column_changes(live, target, old, new))}" for old, new in changed]
    if _pk_names(live) != _pk_names(target):
        notes.append(f"primary key ({', '.join(_pk_names(live))}) -> ({', '.join(_pk_names(target))})")
    notes += [f"drop {raw}" for raw in live.extra if raw not in target.extra]
    live_ix = {ix.name: ix for ix in live.all_indexes}
    for ix in target.all_indexes:
        if ix.name not in live_ix or _index_key(live_ix[ix.name]) != _index_key(ix):
            notes.append(f"{'create' if ix.name not in live_ix else 'recreate'} index {ix.name}")
    if removed:
        names = ", ".join(f"{live.name}.{c.name}" for c in removed)
        summary = f"drop column {names} and its data (rebuild {live.name})"
        if notes:
            summary += ": " + "; ".join(notes)
        return Step("drop_column", live.name, Risk.DESTRUCTIVE, summary, tuple(sql), checks)
    risk = Risk.DATA if checks else Risk.REBUILD
    return Step(
        "rebuild_table", live.name, risk, f"rebuild {live.name}: {'; '.join(notes)}", tuple(sql), checks
    )


def _sample_key(table: Table) -> str:
    """SQL for a row's key as text: the primary key columns, else the rowid."""
    cols = [quote_identifier(c.name) for c in table.primary_key] or ["rowid"]
    return " || ',' || ".join(f"quote({c})" if len(cols) > 1 else c for c in cols)


def _check(table: Table, description: str, where: str) -> DataCheck:
    q = quote_identifier(table.name)
    return DataCheck(
        table=table.name,
        description=description,
        count_sql=f"SELECT count(*) FROM {q} WHERE {where}",
        sample_sql=f"SELECT {_sample_key(table)} FROM {q} WHERE {where} LIMIT 5",
    )


def _unique_check(live: Table, index: Index, target: Table | None = None) -> DataCheck | None:
    """Rows sharing a key of a new unique index; None when none can (a new column that starts NULL)."""
    names = []
    for name in index.columns:
        if live.has_column(name):
            names.append(name)
        elif target is None or not target.has_column(name) or target.column(name).default is None:
            return None  # NULLs are distinct in a unique index
        # else: a new column holding one default value everywhere does not separate rows
    table = quote_identifier(live.name)
    description = f"UNIQUE ({', '.join(index.columns)}) (index {index.name})"
    if not names:
        return _check(live, description, f"(SELECT count(*) FROM {table}) > 1")
    cols = ", ".join(quote_identifier(c) for c in names)
    present = " AND ".join(f"{quote_identifier(c)} IS NOT NULL" for c in names)
    where = f"({cols}) IN (SELECT {cols} FROM {table} WHERE {present} GROUP BY {cols} HAVING count(*) > 1)"
    return _check(live, description, where)


def _rebuild_checks(
    schema: Schema, live: Table, target: Table, added: list[Column], changed: list[tuple[Column, Column]]
) -> tuple[DataCheck, ...]:
    """Data checks for constraints the rebuilt table adds (the copy would fail on violating rows)."""
    checks: list[DataCheck] = []
    old_by_name = {new.name: old for old, new in changed}
    for col in target.columns:
        if not live.has_column(col.name):
            if col.effective_not_null and col.default is None:
                checks.append(_check(live, f"NOT NULL on new column {col.name} (no default)", "1"))
            continue
        old = old_by_name.get(col.name)
        if old is None:
            continue
        qc = quote_identifier(col.name)
        if _physical(target, col)[1] and not _physical(live, old)[1]:
            checks.append(_check(live, f"NOT NULL on {col.name}", f"{qc} IS NULL"))
        values = col.closed_enum
        if values is not None and (old.closed_enum is None or not set(old.closed_enum) <= set(values)):
            listed = ", ".join(sql_literal(v) for v in values)
            checks.append(
                _check(
                    live, f"CHECK {col.name} IN ({listed})", f"{qc} IS NOT NULL AND {qc} NOT IN ({listed})"
                )
            )
        if col.is_json and not old.is_json:
            checks.append(
                _check(live, f"CHECK json_valid({col.name})", f"{qc} IS NOT NULL AND NOT json_valid({qc})")
            )
        fk = col.references
        if fk is not None and _fk_key(old) != _fk_key(col):
            if schema.has_table(fk.table):
                parent = f"SELECT {quote_identifier(fk.column)} FROM {quote_identifier(fk.table)}"
                where = f"{qc} IS NOT NULL AND {qc} NOT IN ({parent})"
            else:
                where = f"{qc} IS NOT NULL"
            checks.append(_check(live, f"FOREIGN KEY {col.name} -> {fk.table}.{fk.column}", where))
    if _pk_names(live) != _pk_names(target) and target.primary_key:
        pk = [c.name for c in target.primary_key]
        found = _unique_check(
            live, Index(f"primary key of {live.name}", live.name, tuple(pk), unique=True), target
        )
        if found is not None:
            checks.append(found)
    live_ix = {ix.name: ix for ix in live.all_indexes}
    for ix in target.all_indexes:
        old_ix = live_ix.get(ix.name)
        found = (
            _unique_check(live, ix, target) if ix.unique and (old_ix is None or not old_ix.unique) else None
        )
        if found is not None:
            checks.append(found)
    return tuple(checks)
