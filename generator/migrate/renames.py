"""Renames: the old names a target's `renamed_from` finds in the live schema, and that schema as it is once
they are renamed; likely renames nobody declared (a column dropped and one of the same kind added).

A rename is a rename: the planner turns the live schema into `Renamed.live` with ALTER TABLE ... RENAME TO
and RENAME COLUMN (rows and values kept), then plans everything else against it. Indexes, views and
triggers hold no rows: they are dropped under the old name and created under the new one. The old names
stay in the spec as history: a database already at the new name has nothing to rename.
"""

from __future__ import annotations

import enum

from msgspec import Struct
from msgspec.structs import replace

from generator.migrate.compare import column_key, index_key
from generator.model import Column, ForeignKey, Index, IndexColumn, Schema, Table
from generator.model.rules import fold, unique_index_name
from generator.sqlite.ddl import quote_identifier
from generator.sqlite.tokens import tokenize

q = quote_identifier


class RenameKind(enum.StrEnum):
    """What is renamed."""

    TABLE = "table"
    COLUMN = "column"
    INDEX = "index"
    VIEW = "view"
    TRIGGER = "trigger"


class Rename(Struct, frozen=True):
    """One rename the spec declares and the live schema needs: `old` -> `new` (of `table` for a column)."""

    kind: RenameKind
    table: str  # the table (its new name) a column or an index belongs to; the object itself otherwise
    old: str
    new: str

    @property
    def label(self) -> str:
        """`audit_log.at` for a column, the name otherwise."""
        return f"{self.table}.{self.old}" if self.kind is RenameKind.COLUMN else self.old


class RenameHint(Struct, frozen=True):
    """A likely rename nobody declared: `old` is dropped and `new` added, alike in everything else."""

    kind: RenameKind  # TABLE or COLUMN
    table: str  # the table of a column (the new table's name for a table)
    old: str
    new: str

    @property
    def question(self) -> str:
        """What a terminal push asks (as drizzle-kit does)."""
        where = f" (table {self.table})" if self.kind is RenameKind.COLUMN else ""
        return f"is `{self.new}` a rename of `{self.old}`{where}?"

    @property
    def declaration(self) -> str:
        """Where the spec declares it."""
        path = f"tables.{self.table}" + (f".columns.{self.new}" if self.kind is RenameKind.COLUMN else "")
        return f"`renamed_from: {self.old}` on {path}"

    def message(self) -> str:
        """One line for plan, push and review."""
        subject = f"column {self.table}.{self.old}" if self.kind is RenameKind.COLUMN else f"table {self.old}"
        lost = "its values are" if self.kind is RenameKind.COLUMN else "its rows are"
        alike = "same type and constraints" if self.kind is RenameKind.COLUMN else "same columns"
        return (
            f"possible rename: {subject} -> {self.new} ({alike}): if it is one, declare "
            f"{self.declaration} in the spec; as planned, {lost} dropped"
        )


class Renamed(Struct, frozen=True):
    """The live schema as it is after the declared renames, the renames, and the rows as they look after
    them (a WITH clause naming each renamed table's rows by their new names, for data checks run first)."""

    live: Schema
    renames: tuple[Rename, ...]
    shadow: str = ""

    def before(self, sql: str) -> str:
        """`sql` (written against the renamed schema) as it reads the database before the renames."""
        return f"{self.shadow} {sql}" if self.shadow else sql


def resolve_renames(live: Schema, target: Schema) -> Renamed:
    """The renames `target` declares that `live` needs (first matching old name wins), and the result."""
    renames: list[Rename] = []
    schema = live
    for table in target.tables:
        if schema.has_table(table.name):
            continue
        old = next((n for n in table.renamed_from if schema.has_table(n) and not target.has_table(n)), None)
        if old is not None:
            old = schema.table(old).name
            renames.append(Rename(RenameKind.TABLE, table.name, old, table.name))
            schema = rename_table(schema, old, table.name)
    for table in target.tables:
        if not schema.has_table(table.name):
            continue
        mapping: dict[str, str] = {}
        current = schema.table(table.name)
        for col in table.columns:
            if current.has_column(col.name):
                continue
            taken = {fold(n) for n in mapping}
            old = next(
                (
                    n
                    for n in col.renamed_from
                    if current.has_column(n) and not table.has_column(n) and fold(n) not in taken
                ),
                None,
            )
            if old is not None:
                mapping[current.column(old).name] = col.name
                renames.append(Rename(RenameKind.COLUMN, table.name, current.column(old).name, col.name))
        if mapping:
            schema = rename_columns(schema, table.name, mapping)
    for table in target.tables:
        if schema.has_table(table.name):
            found, schema = _index_renames(schema, table, live, renames)
            renames += found
    for kind, field in ((RenameKind.VIEW, "views"), (RenameKind.TRIGGER, "triggers")):
        have = {fold(x.name): x for x in getattr(schema, field)}
        wanted = {fold(x.name) for x in getattr(target, field)}
        gone: set[str] = set()
        for obj in getattr(target, field):
            if fold(obj.name) in have:
                continue
            old = next(
                (n for n in obj.renamed_from if fold(n) in have and fold(n) not in wanted | gone), None
            )
            if old is not None:
                gone.add(fold(old))
                renames.append(Rename(kind, obj.name, have[fold(old)].name, obj.name))
        if gone:
            kept = tuple(x for x in getattr(schema, field) if fold(x.name) not in gone)
            schema = replace(schema, **{field: kept})
    return Renamed(schema, tuple(renames), _shadow(live, renames))


def _index_renames(
    schema: Schema, table: Table, live: Schema, renames: list[Rename]
) -> tuple[list[Rename], Schema]:
    """Index renames of one target table: declared ones, and the implied `<table>_<column>_unique` index
    whose table or column is renamed (its name follows them)."""
    current = schema.table(table.name)
    have = {fold(ix.name): ix for ix in current.indexes}
    wanted = {fold(ix.name) for ix in table.all_indexes}
    found: list[Rename] = []
    replaced: dict[str, Index | None] = {}
    old_table = next((r.old for r in renames if r.kind is RenameKind.TABLE and r.new == table.name), None)
    old_cols = {fold(r.new): r.old for r in renames if r.kind is RenameKind.COLUMN and r.table == table.name}
    for ix in table.all_indexes:
        if fold(ix.name) in have:
            continue
        candidates = list(ix.renamed_from)
        implied = [c for c in table.columns if c.unique and unique_index_name(table.name, c.name) == ix.name]
        for col in implied:
            for tname in (table.name, old_table or table.name):
                candidates.append(unique_index_name(tname, old_cols.get(fold(col.name), col.name)))
        old = next(
            (n for n in candidates if fold(n) in have and fold(n) not in wanted and fold(n) not in replaced),
            None,
        )
        if old is None:
            continue
        before = have[fold(old)]
        found.append(Rename(RenameKind.INDEX, table.name, before.name, ix.name))
        same = index_key(replace(before, name=ix.name)) == index_key(ix)
        replaced[fold(old)] = (
            ix if same else None
        )  # unchanged: created again at once; else by the table's plan
    if not replaced:
        return [], schema
    indexes = [replaced.get(fold(ix.name), ix) for ix in current.indexes]
    new = replace(current, indexes=tuple(ix for ix in indexes if ix is not None))
    return found, _replace(schema, table.name, new)


def _replace(schema: Schema, name: str, table: Table) -> Schema:
    return replace(schema, tables=tuple(table if fold(t.name) == fold(name) else t for t in schema.tables))


def _explicit(table: Table) -> Table:
    """The table with its implied unique indexes written out under their present names (a rename of the
    table or column does not rename them in the database)."""
    if not any(c.unique for c in table.columns):
        return table
    columns = tuple(replace(c, unique=False) if c.unique else c for c in table.columns)
    return replace(table, columns=columns, indexes=table.all_indexes)


def rename_table(schema: Schema, old: str, new: str) -> Schema:
    """The schema after ALTER TABLE old RENAME TO new: foreign keys and triggers follow the table."""
    folded = fold(old)

    def fk(f: ForeignKey) -> ForeignKey:
        return replace(f, table=new) if fold(f.table) == folded else f

    tables = []
    for table in schema.tables:
        if fold(table.name) == folded:
            table = _explicit(table)
            indexes = tuple(replace(ix, table=new) for ix in table.indexes)
            table = replace(table, name=new, indexes=indexes)
        tables.append(replace(table, foreign_keys=tuple(fk(f) for f in table.foreign_keys)))
    triggers = tuple(replace(t, table=new) if fold(t.table) == folded else t for t in schema.triggers)
    return replace(schema, tables=tuple(tables), triggers=triggers)


def rename_sql(sql: str, mapping: dict[str, str]) -> str:
    """`sql` with every identifier token named in `mapping` (folded old -> new) replaced by the new name."""
    if not sql:
        return sql
    out, last = [], 0
    for tok in tokenize(sql):
        if tok.kind in ("word", "qident") and fold(tok.name) in mapping:
            out += [sql[last : tok.start], q(mapping[fold(tok.name)])]
            last = tok.end
    return "".join(out) + sql[last:]


def rename_columns(schema: Schema, name: str, mapping: dict[str, str]) -> Schema:
    """The schema after ALTER TABLE name RENAME COLUMN old TO new, for each pair of `mapping`: keys,
    indexes, CHECKs, generated columns and foreign keys (the table's own and those pointing at it)."""
    folded = {fold(k): v for k, v in mapping.items()}

    def col(n: str) -> str:
        return folded.get(fold(n), n)

    def key(c: IndexColumn) -> IndexColumn:
        return replace(c, name=col(c.name) if c.name else "", expr=rename_sql(c.expr, folded))

    def column(c: Column) -> Column:
        generated = c.generated
        if generated is not None:
            generated = replace(generated, sql=rename_sql(generated.sql, folded))
        checks = tuple(replace(k, sql=rename_sql(k.sql, folded)) for k in c.checks)
        return replace(c, name=col(c.name), generated=generated, checks=checks)

    tables = []
    for table in schema.tables:
        own = fold(table.name) == fold(name)
        fks = tuple(
            replace(
                f,
                columns=tuple(col(n) for n in f.columns) if own else f.columns,
                to=tuple(col(n) for n in f.to) if fold(f.table) == fold(name) else f.to,
            )
            for f in table.foreign_keys
        )
        if own:
            table = _explicit(table)
            pk = table.pk
            if pk is not None:
                pk = replace(pk, columns=tuple(key(c) for c in pk.columns))
            table = replace(
                table,
                columns=tuple(column(c) for c in table.columns),
                pk=pk,
                uniques=tuple(replace(u, columns=tuple(key(c) for c in u.columns)) for u in table.uniques),
                checks=tuple(replace(k, sql=rename_sql(k.sql, folded)) for k in table.checks),
                indexes=tuple(
                    replace(ix, columns=tuple(key(c) for c in ix.columns), where=rename_sql(ix.where, folded))
                    for ix in table.indexes
                ),
            )
        tables.append(replace(table, foreign_keys=fks))
    triggers = tuple(
        replace(t, columns=tuple(col(n) for n in t.columns)) if fold(t.table) == fold(name) else t
        for t in schema.triggers
    )
    return replace(schema, tables=tuple(tables), triggers=triggers)


def _shadow(live: Schema, renames: list[Rename]) -> str:
    """WITH ... naming each renamed table's present rows by its new table and column names."""
    tables: dict[str, tuple[str, str, dict[str, str]]] = {}  # folded new name -> (new, old, columns)
    for r in renames:
        if r.kind is RenameKind.TABLE:
            tables[fold(r.new)] = (r.new, r.old, {})
    for r in renames:
        if r.kind is RenameKind.COLUMN:
            tables.setdefault(fold(r.table), (r.table, r.table, {}))[2][fold(r.old)] = r.new
    parts = []
    for new, old, cols in tables.values():
        table = live.table(old)
        names = {fold(c.name) for c in table.columns}
        select = [] if table.without_rowid or names & {"rowid", "_rowid_", "oid"} else ["rowid AS rowid"]
        select += [f"{q(c.name)} AS {q(cols.get(fold(c.name), c.name))}" for c in table.columns]
        parts.append(f"{q(new)} AS (SELECT {', '.join(select)} FROM main.{q(table.name)})")
    return f"WITH {', '.join(parts)}" if parts else ""


def rename_hints(live: Schema, target: Schema) -> tuple[RenameHint, ...]:
    """Likely renames nobody declared: per table, a column dropped and one added alike (type, NOT NULL,
    default, collation, generated, keys); a table dropped and one added with the same columns."""
    hints: list[RenameHint] = []
    gone = [t for t in live.tables if not target.has_table(t.name)]
    for table in target.tables:
        if not live.has_table(table.name):
            same = [t for t in gone if _same_columns(t, table)]
            if len(same) == 1:
                hints.append(RenameHint(RenameKind.TABLE, table.name, same[0].name, table.name))
            continue
        old = live.table(table.name)
        removed = [c for c in old.columns if not table.has_column(c.name)]
        for col in table.columns:
            if old.has_column(col.name):
                continue
            alike = [c for c in removed if _column_like(old, c, table, col)]
            if len(alike) == 1:
                hints.append(RenameHint(RenameKind.COLUMN, table.name, alike[0].name, col.name))
    return tuple(hints)


def _column_like(live: Table, old: Column, target: Table, new: Column) -> bool:
    return column_key(live, old) == column_key(target, new) and (old.unique, old.primary_key, old.json) == (
        new.unique,
        new.primary_key,
        new.json,
    )


def _same_columns(live: Table, target: Table) -> bool:
    if len(live.columns) != len(target.columns):
        return False
    return all(
        target.has_column(c.name) and column_key(live, c) == column_key(target, target.column(c.name))
        for c in live.columns
    )


def with_rename(target: Schema, hint: RenameHint) -> Schema:
    """`target` with the hinted rename declared (what a terminal push does when the answer is yes)."""
    tables = []
    for table in target.tables:
        if fold(table.name) == fold(hint.table):
            if hint.kind is RenameKind.TABLE:
                table = replace(table, renamed_from=(hint.old, *table.renamed_from))
            else:
                columns = tuple(
                    replace(c, renamed_from=(hint.old, *c.renamed_from))
                    if fold(c.name) == fold(hint.new)
                    else c
                    for c in table.columns
                )
                table = replace(table, columns=columns)
        tables.append(table)
    return replace(target, tables=tuple(tables))
