"""Plan one table: create it, or turn the live table into the target with ALTER TABLE where SQLite allows
it and SQLite's 12-step rebuild (lang_altertable.html section 7) everywhere else."""

from __future__ import annotations

from collections.abc import Mapping

from generator.migrate import checks as data
from generator.migrate.compare import (
    CheckOrigin,
    CheckRef,
    check_diff,
    column_changes,
    column_key,
    describe_fk,
    describe_unique,
    fk_diff,
    index_key,
    not_null,
    primary_key_same,
    unique_diff,
)
from generator.migrate.steps import REBUILD_PREFIX, DataCheck, Loss, Risk, Step, StepKind
from generator.model import Column, Schema, Table
from generator.model.rules import fold
from generator.sqlite.ddl import (
    column_sql,
    create_index_sql,
    create_table_sql,
    quote_identifier,
    sql_literal,
    table_options,
)
from generator.sqlite.tokens import references

q = quote_identifier


def create_table(table: Table) -> Step:
    """CREATE TABLE and its indexes."""
    indexes = table.all_indexes
    sql = (create_table_sql(table, if_not_exists=True), *(create_index_sql(ix) for ix in indexes))
    count = f", {len(indexes)} index{'es' if len(indexes) != 1 else ''}" if indexes else ""
    summary = f"create table {table.name} ({len(table.columns)} columns{count})"
    return Step(StepKind.CREATE_TABLE, table.name, Risk.SAFE, summary, sql)


def _describe(col: Column) -> str:
    return "json" if col.json else (col.type or "no type")


class _Diff:
    """Everything that differs between the live table and the target."""

    def __init__(self, live_schema: Schema, live: Table, target: Table, schema: Schema) -> None:
        self.live_schema, self.live, self.target, self.schema = live_schema, live, target, schema
        self.added = [c for c in target.columns if not live.has_column(c.name)]
        self.removed = [c for c in live.columns if not target.has_column(c.name)]
        self.changed = [
            (live.column(c.name), c)
            for c in target.columns
            if live.has_column(c.name) and column_key(live, live.column(c.name)) != column_key(target, c)
        ]
        self.checks_added, self.checks_removed = check_diff(live, target)
        self.uniques_added, self.uniques_removed = unique_diff(live, target)
        self.fks_added, self.fks_removed = fk_diff(live, target, live_schema, schema)
        self.pk_same = primary_key_same(live, target)
        self.options = table_options(live) != table_options(target)
        # Index names compare as SQLite compares names (the live side keeps the database's spelling).
        self.live_ix = {fold(ix.name): ix for ix in live.all_indexes}
        self.target_ix = {fold(ix.name): ix for ix in target.all_indexes}
        self.sources: dict[str, str] = {}  # folded new column name -> its name in the database

    def new_column_check(self, ref: CheckRef) -> bool:
        """An enum or JSON CHECK of an added column goes in with ALTER TABLE ADD COLUMN."""
        return ref.implied and any(c.name == ref.column for c in self.added)

    def addable(self, col: Column) -> bool:
        """True when ALTER TABLE ADD COLUMN accepts the column (lang_altertable.html section 5)."""
        expression = col.default_expr is not None and not col.null_default  # DEFAULT NULL is a constant
        if col.primary_key or expression or col.checks:
            return False
        if col.generated is not None and col.generated.stored:
            return False
        if any(col.name in fk.columns for fk in self.target.foreign_keys):
            return False
        if any(col.name in u.names for u in self.target.uniques):
            return False
        return not (col.not_null and col.default is None)

    def droppable(self, col: Column) -> bool:
        """True when ALTER TABLE DROP COLUMN works: nothing in the schema uses the column (section 6)."""
        live = self.live
        if col.primary_key or col.unique or any(col.name in u.names for u in live.uniques):
            return False
        if any(col.name in fk.columns for fk in live.foreign_keys):
            return False
        name = fold(col.name)
        kept = [ix for ix in live.all_indexes if fold(ix.name) in self.target_ix]
        texts = [" ".join([*(k.expr or k.name for k in ix.columns), ix.where]) for ix in kept]
        texts += [c.sql for c in live.all_checks] + [c.generated.sql for c in live.columns if c.generated]
        texts += [v.sql for v in self.live_schema.views]
        texts += [f"{t.body} {t.when}" for t in self.live_schema.triggers]
        return not any(name in references(text) for text in texts)

    @property
    def needs_rebuild(self) -> bool:
        return (
            bool(self.changed)
            or not self.pk_same
            or self.options
            or any(not self.new_column_check(r) for r in self.checks_added)
            or bool(self.checks_removed)
            or bool(self.uniques_added or self.uniques_removed)
            or bool(self.fks_added or self.fks_removed)
            or any(not self.addable(c) for c in self.added)
            or any(not self.droppable(c) for c in self.removed)
        )


def alter_table(
    live_schema: Schema, live: Table, target: Table, schema: Schema, sources: Mapping[str, str] | None = None
) -> list[Step]:
    """The steps turning `live` into `target` (`schema` is the whole target, for foreign-key parents).

    `sources` maps a renamed column (its new name) to the name it still has in the database: a rebuild
    copies the old column into the new one (the rename is folded into the copy)."""
    diff = _Diff(live_schema, live, target, schema)
    diff.sources = {fold(k): v for k, v in (sources or {}).items()}
    steps: list[Step] = []
    for name in sorted(diff.live_ix[k].name for k in set(diff.live_ix) - set(diff.target_ix)):
        sql = (f"DROP INDEX IF EXISTS {q(name)};",)
        steps.append(
            Step(StepKind.DROP_INDEX, live.name, Risk.DESTRUCTIVE, f"drop index {name} on {live.name}", sql)
        )
    if diff.needs_rebuild:
        steps.append(_rebuild(diff))
        return steps
    for col in diff.added:
        sql = (f"ALTER TABLE {q(live.name)} ADD COLUMN {column_sql(target, col)};",)
        summary = f"add column {live.name}.{col.name} ({_describe(col)})"
        steps.append(Step(StepKind.ADD_COLUMN, live.name, Risk.SAFE, summary, sql))
    for col in diff.removed:
        sql = (f"ALTER TABLE {q(live.name)} DROP COLUMN {q(col.name)};",)
        summary = f"drop column {live.name}.{col.name} and its data"
        losses = (_values(live, col),)
        steps.append(Step(StepKind.DROP_COLUMN, live.name, Risk.DESTRUCTIVE, summary, sql, losses=losses))
    for ix in sorted(diff.target_ix.values(), key=lambda ix: ix.name):
        name = ix.name
        old = diff.live_ix.get(fold(name))
        if old is not None and index_key(old) == index_key(ix):
            continue
        found = data.index_check(live, ix, target) if ix.unique and (old is None or not old.unique) else None
        found_checks = (found,) if found is not None else ()
        risk = Risk.DATA if found_checks else Risk.SAFE
        what = f"{'unique ' if ix.unique else ''}index {name} on {live.name} ({', '.join(ix.names)})"
        if old is None:
            sql = (create_index_sql(ix),)
            steps.append(Step(StepKind.CREATE_INDEX, live.name, risk, f"create {what}", sql, found_checks))
        else:
            both = (f"DROP INDEX IF EXISTS {q(name)};", create_index_sql(ix))
            steps.append(
                Step(StepKind.RECREATE_INDEX, live.name, risk, f"recreate {what}", both, found_checks)
            )
    return steps


def _values(live: Table, col: Column) -> Loss:
    """What dropping a column destroys: its non-NULL values."""
    sql = f"SELECT count(*) FROM {q(live.name)} WHERE {q(col.name)} IS NOT NULL"
    return Loss(live.name, col.name, sql)


def _kept_rowid(live: Table, target: Table) -> str:
    """The name to copy the rowid under when the rebuilt table keeps its rows' rowids ('' when not).

    A rowid table without an INTEGER PRIMARY KEY still has rowids that others may hold (an FTS5 index
    with `content_rowid`, the app): they are copied, so a rebuild never renumbers rows. (With an INTEGER
    PRIMARY KEY the key column is the rowid and is copied as a column.) SQLite answers to `rowid`,
    `_rowid_` and `oid` unless a column has taken the name; with all three taken there is no way to it.
    """
    if live.without_rowid or target.without_rowid or target.rowid_alias is not None:
        return ""
    taken = {fold(c.name) for c in (*live.columns, *target.columns)}
    return next((name for name in ("rowid", "_rowid_", "oid") if name not in taken), "")


def _rebuild(diff: _Diff) -> Step:
    """SQLite's 12-step table rebuild, keeping every shared column (generated ones are computed again)."""
    live, target = diff.live, diff.target
    temp = f"{REBUILD_PREFIX}{target.name}"
    copied = [c.name for c in target.columns if live.has_column(c.name) and c.generated is None]
    kept = [q(name) for name in copied]
    rowid = _kept_rowid(live, target)
    shared = ", ".join(([rowid] if rowid and kept else []) + kept)
    source = [q(diff.sources.get(fold(name), name)) for name in copied]
    read = ", ".join(([rowid] if rowid and kept else []) + source)
    sql = [create_table_sql(target, name=temp, if_not_exists=False)]
    if shared:
        # OR ABORT overrides any ON CONFLICT IGNORE / REPLACE of the new table: a row is copied or the
        # migration fails, never dropped or replaced silently.
        sql.append(f"INSERT OR ABORT INTO {q(temp)} ({shared}) SELECT {read} FROM {q(live.name)};")
    if any(c.autoincrement for c in target.primary_key) and any(c.autoincrement for c in live.columns):
        # Keep AUTOINCREMENT's promise never to reuse an id, even ids of rows deleted long ago. Names
        # compare as SQLite's do, case-insensitively: the Turso engine keeps them lower-cased here.
        old, new = sql_literal(live.name), sql_literal(temp)
        sql.append(
            "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence "
            f"WHERE name COLLATE NOCASE IN ({old}, {new})) WHERE name = {new} COLLATE NOCASE;"
        )
    sql += [f"DROP TABLE {q(live.name)};", f"ALTER TABLE {q(temp)} RENAME TO {q(target.name)};"]
    sql += [create_index_sql(ix, if_not_exists=False) for ix in target.all_indexes]
    found = _rebuild_checks(diff)
    notes = _notes(diff)
    if diff.removed:
        names = ", ".join(f"{live.name}.{c.name}" for c in diff.removed)
        what = "column {} and its data" if len(diff.removed) == 1 else "columns {} with their data"
        summary = f"drop {what.format(names)} (rebuild {live.name})"
        if notes:
            summary += ": " + "; ".join(notes)
        losses = tuple(_values(live, c) for c in diff.removed)
        return Step(
            StepKind.DROP_COLUMN,
            live.name,
            Risk.DESTRUCTIVE,
            summary,
            tuple(sql),
            found,
            rebuild=True,
            losses=losses,
        )
    risk = Risk.DATA if found else Risk.REBUILD
    summary = f"rebuild {live.name}: {'; '.join(notes) or 'definition changed'}"
    return Step(StepKind.REBUILD_TABLE, live.name, risk, summary, tuple(sql), found, rebuild=True)


def _notes(diff: _Diff) -> list[str]:
    """What a rebuild changes, in words: per column first, then the table's constraints and options."""
    live, target = diff.live, diff.target
    notes = [
        f"rename column {old} to {target.column(new).name} (copied)" for new, old in diff.sources.items()
    ]
    notes += [f"add column {c.name} ({_describe(c)})" for c in diff.added]
    changed = {new.name: column_changes(live, old, target, new) for old, new in diff.changed}
    for col in target.columns:
        if not live.has_column(col.name):
            continue
        found = list(changed.get(col.name, []))
        # The live side's names are the database's spelling: compared as SQLite compares names.
        name = fold(col.name)
        enum_in = _on_column(diff.checks_added, CheckOrigin.ENUM, name)
        enum_out = _on_column(diff.checks_removed, CheckOrigin.ENUM, name)
        if enum_in:
            verb = "change" if enum_out else "add"
            found.append(f"{verb} CHECK IN ({', '.join(col.closed_enum or ())})")
        elif enum_out:
            found.append("drop CHECK IN (...)")
        if _on_column(diff.checks_added, CheckOrigin.JSON, name):
            found.append("add CHECK json_valid")
        elif _on_column(diff.checks_removed, CheckOrigin.JSON, name):
            found.append("drop CHECK json_valid")
        added_fks = [fk for fk in diff.fks_added if tuple(map(fold, fk.columns)) == (name,)]
        found += [f"foreign key -> {describe_fk(fk)}" for fk in added_fks]
        if not added_fks:
            found += [
                "drop foreign key" for fk in diff.fks_removed if tuple(map(fold, fk.columns)) == (name,)
            ]
        if found:
            notes.append(f"{col.name}: {'; '.join(found)}")
    if not diff.pk_same:
        before = ", ".join(str(c) for c in live.pk.columns) if live.pk else ""
        after = ", ".join(str(c) for c in target.pk.columns) if target.pk else ""
        notes.append(f"primary key ({before}) -> ({after})")
    notes += [f"add CHECK ({r.sql})" for r in diff.checks_added if r.origin is CheckOrigin.CHECK]
    notes += [f"drop CHECK ({r.sql})" for r in diff.checks_removed if r.origin is CheckOrigin.CHECK]
    notes += [f"add {describe_unique(u)}" for u in diff.uniques_added]
    notes += [f"drop {describe_unique(u)}" for u in diff.uniques_removed]
    notes += [
        f"foreign key ({', '.join(fk.columns)}) -> {describe_fk(fk)}"
        for fk in diff.fks_added
        if len(fk.columns) > 1
    ]
    notes += [f"drop foreign key ({', '.join(fk.columns)})" for fk in diff.fks_removed if len(fk.columns) > 1]
    if live.strict != target.strict:
        notes.append("make STRICT" if target.strict else "drop STRICT")
    if live.without_rowid != target.without_rowid:
        notes.append("make WITHOUT ROWID" if target.without_rowid else "give it a rowid (drop WITHOUT ROWID)")
    if live.random_rowid != target.random_rowid:
        notes.append("make RANDOM ROWID" if target.random_rowid else "drop RANDOM ROWID")
    for ix in target.all_indexes:
        old = diff.live_ix.get(fold(ix.name))
        if old is None or index_key(old) != index_key(ix):
            notes.append(f"{'create' if old is None else 'recreate'} index {ix.name}")
    return notes


def _on_column(refs: list[CheckRef], origin: CheckOrigin, name: str) -> bool:
    """True when one of `refs` is a CHECK of this origin on the column whose folded name is `name`."""
    return any(r.origin is origin and fold(r.column) == name for r in refs)


def _rebuild_checks(diff: _Diff) -> tuple[DataCheck, ...]:
    """Data checks for the constraints the rebuilt table adds (the copy would fail on violating rows)."""
    live, target, schema = diff.live, diff.target, diff.schema
    found: list[DataCheck | None] = []
    for col in target.columns:
        if col.generated is not None:
            continue
        if not live.has_column(col.name):
            if col.not_null and not col.has_sql_default:
                found.append(data.not_null_check(live, target, col.name))
        elif not_null(target, col) and not not_null(live, live.column(col.name)):
            found.append(data.not_null_check(live, target, col.name))
    for ref in diff.checks_added:
        if ref.origin is CheckOrigin.ENUM and live.has_column(ref.column):
            before, after = live.column(ref.column).closed_enum, target.column(ref.column).closed_enum
            if before is not None and set(before) <= set(after or ()):
                continue  # a widened enum: every stored value still passes
        found.append(data.constraint_check(live, target, ref))
    if not diff.pk_same and target.pk is not None:
        names = target.pk.names
        found.append(
            data.unique_check(
                live, names, f"UNIQUE ({', '.join(names)}) (index primary key of {live.name})", target
            )
        )
        if target.without_rowid:
            for name in names:
                if live.has_column(name) and not live.column(name).not_null:
                    found.append(data.not_null_check(live, target, name))
    for unique in diff.uniques_added:
        found.append(data.unique_check(live, unique.names, f"UNIQUE ({', '.join(unique.names)})", target))
    for ix in target.all_indexes:
        old = diff.live_ix.get(fold(ix.name))
        if ix.unique and (old is None or not old.unique):
            found.append(data.index_check(live, ix, target))
    found += [data.foreign_key_check(live, fk, schema, diff.live_schema, target) for fk in diff.fks_added]
    if target.strict and not live.strict:
        found += data.strict_checks(live, target)
    return tuple(c for c in found if c is not None)
