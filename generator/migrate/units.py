"""A spec change, cut into units a reviewer reads one by one: each with the base schema plus that unit
alone, so the planner can class it (tables, columns, keys, UNIQUE, foreign keys, CHECKs, table options,
indexes, views, triggers, virtual tables)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from msgspec import Struct
from msgspec.structs import replace

from generator.migrate.compare import (
    describe_fk,
    describe_unique,
    fk_key,
    index_key,
    key_columns,
    trigger_key,
    view_key,
    virtual_key,
)
from generator.migrate.renamed import declare_rename, review_base
from generator.migrate.renames import Rename, RenameKind, resolve_renames
from generator.migrate.steps import Risk
from generator.model import (
    Check,
    Column,
    ForeignKey,
    Index,
    Schema,
    Table,
    Trigger,
    Unique,
    View,
    VirtualTable,
)
from generator.model.rules import fold
from generator.sqlite.ddl import default_sql
from generator.sqlite.tokens import canonical

NONE = "—"
T = TypeVar("T")


class Detail(Struct, frozen=True):
    """One attribute that differs: its name, the value before and after."""

    attribute: str
    before: str
    after: str


class Change(Struct, frozen=True):
    """One thing added, removed or changed; `risk` is None when no SQL is needed."""

    table: str  # the table it belongs to (a view, trigger or virtual table: its own name)
    subject: str  # table | column | primary key | unique | foreign key | check | option | index | view | ...
    name: str
    action: str  # added | removed | changed | renamed
    details: tuple[Detail, ...]
    risk: Risk | None = None


def units(base: Schema, head: Schema) -> Iterator[tuple[Change, Schema, Schema]]:
    """(change, before, after) for every difference between two schemas: a declared rename is one change
    (base -> base with just that rename); every other change is classed on top of the renamed base."""
    renamed = resolve_renames(base, head)
    moved = base  # base with its tables renamed: where a column or index rename starts
    for r in renamed.renames:
        if r.kind is RenameKind.TABLE:
            yield _rename_change(r, head), base, declare_rename(base, r)
            moved = declare_rename(moved, r)
    for r in renamed.renames:
        if r.kind in (RenameKind.COLUMN, RenameKind.INDEX) and (
            r.kind is RenameKind.COLUMN or _declared_index(head, r)
        ):
            yield _rename_change(r, head), moved, declare_rename(moved, r)
        elif r.kind in (RenameKind.VIEW, RenameKind.TRIGGER):
            yield _rename_change(r, head), base, declare_rename(base, r)
    start = review_base(base, renamed)
    for change, variant in _units(start, head):
        yield change, start, variant


def _declared_index(head: Schema, r: Rename) -> bool:
    return any(r.old in ix.renamed_from for ix in head.table(r.table).indexes if ix.name == r.new)


def _rename_change(r: Rename, head: Schema) -> Change:
    owner = r.new if r.kind is RenameKind.VIEW else r.table
    if r.kind is RenameKind.TRIGGER:
        owner = next(t.table for t in head.triggers if t.name == r.new)
    return Change(owner, str(r.kind), r.new, "renamed", (Detail("name", r.old, r.new),))


def _units(base: Schema, head: Schema) -> Iterator[tuple[Change, Schema]]:
    """(change, base with just that change applied) for every difference between two schemas."""
    for table in head.tables:
        if not base.has_table(table.name):
            yield (
                Change(table.name, "table", table.name, "added", _columns_detail(table, True)),
                _with(base, table),
            )
    for table in base.tables:
        if not head.has_table(table.name):
            yield (
                Change(table.name, "table", table.name, "removed", _columns_detail(table, False)),
                _without(base, table.name),
            )
            continue
        yield from _table_units(base, table, head.table(table.name))
    yield from _object_units(base, head, "views", "view", view_key, _view_text)
    yield from _object_units(base, head, "triggers", "trigger", trigger_key, _trigger_text)
    yield from _object_units(base, head, "virtual_tables", "virtual table", virtual_key, _virtual_text)


def _table_units(base: Schema, old: Table, new: Table) -> Iterator[tuple[Change, Schema]]:
    for col in new.columns:
        if not old.has_column(col.name):
            details = tuple(Detail(a, NONE, v) for a, v in _new_column_facts(new, col))
            columns = (*old.columns, col)
            yield Change(old.name, "column", col.name, "added", details), _variant(base, old, columns=columns)
    for col in old.columns:
        if not new.has_column(col.name):
            details = tuple(Detail(a, v, NONE) for a, v in _new_column_facts(old, col))
            columns = tuple(c for c in old.columns if c.name != col.name)
            yield (
                Change(old.name, "column", col.name, "removed", details),
                _variant(base, old, columns=columns),
            )
            continue
        after = new.column(col.name)
        details = tuple(
            Detail(a, b, c)
            for (a, b), (_a, c) in zip(column_facts(old, col), column_facts(new, after), strict=True)
            if b != c
        )
        if details:
            columns = tuple(after if c.name == col.name else c for c in old.columns)
            pk_moved = col.primary_key != after.primary_key
            variant = _variant(base, old, columns=columns, **({"pk": None} if pk_moved else {}))
            yield Change(old.name, "column", col.name, "changed", details), variant
    if not _pk_same(old, new) and all(
        c.primary_key == old.column(c.name).primary_key for c in new.columns if old.has_column(c.name)
    ):
        detail = Detail("columns", _pk_text(old), _pk_text(new))
        yield Change(old.name, "primary key", old.name, "changed", (detail,)), _variant(base, old, pk=new.pk)
    yield from _list_units(
        base,
        old,
        new,
        ("unique", "columns", "uniques"),
        _unique_key,
        describe_unique,
        lambda u: ", ".join(u.names),
    )
    yield from _list_units(
        base, old, new, ("foreign key", "references", "foreign_keys"), fk_key, _fk_text, _fk_name
    )
    yield from _list_units(
        base, old, new, ("check", "expression", "checks"), _check_key, _check_text, _check_name
    )
    for option, label in (
        ("strict", "STRICT"),
        ("without_rowid", "WITHOUT ROWID"),
        ("random_rowid", "RANDOM ROWID"),
    ):
        before, after_value = getattr(old, option), getattr(new, option)
        if before != after_value:
            detail = Detail(label, "yes" if before else "no", "yes" if after_value else "no")
            yield (
                Change(old.name, "option", label, "changed", (detail,)),
                _variant(base, old, **{option: after_value}),
            )
    yield from _index_units(base, old, new)


def _index_units(base: Schema, old: Table, new: Table) -> Iterator[tuple[Change, Schema]]:
    before = {ix.name: ix for ix in old.indexes}
    after = {ix.name: ix for ix in new.indexes}
    for name in sorted(before.keys() | after.keys()):
        b, a = before.get(name), after.get(name)
        if b is not None and a is not None and index_key(b) == index_key(a):
            continue
        kept = [i for i in old.indexes if i.name != name] + ([a] if a is not None else [])
        variant = _variant(base, old, indexes=tuple(sorted(kept, key=lambda ix: ix.name)))
        action = "added" if b is None else "removed" if a is None else "changed"
        detail = Detail("index", index_text(b), index_text(a))
        yield Change(old.name, "index", name, action, (detail,)), variant


def _list_units(
    base: Schema,
    old: Table,
    new: Table,
    what: tuple[str, str, str],
    key: Callable[[T], object],
    text: Callable[[T], str],
    name: Callable[[T], str],
) -> Iterator[tuple[Change, Schema]]:
    """Units of a list of table constraints (UNIQUE, foreign keys, CHECKs): each added or removed one.

    `what` is (subject, the attribute shown, the Table field holding the list).
    """
    subject, attribute, field = what
    before: Sequence[T] = getattr(old, field)
    after: Sequence[T] = getattr(new, field)
    for item in after:
        if not any(key(x) == key(item) for x in before):
            variant = _variant(base, old, **{field: (*before, item)})
            yield (
                Change(old.name, subject, name(item), "added", (Detail(attribute, NONE, text(item)),)),
                variant,
            )
    for item in before:
        if not any(key(x) == key(item) for x in after):
            kept = tuple(x for x in before if x is not item)
            change = Change(old.name, subject, name(item), "removed", (Detail(attribute, text(item), NONE),))
            yield change, _variant(base, old, **{field: kept})


def _object_units(
    base: Schema,
    head: Schema,
    field: str,
    subject: str,
    key: Callable[[T], object],
    text: Callable[[T], str],
) -> Iterator[tuple[Change, Schema]]:
    """Units of views, triggers and virtual tables: added, removed or changed (dropped and created again)."""
    before = {fold(x.name): x for x in getattr(base, field)}
    after = {fold(x.name): x for x in getattr(head, field)}
    for folded in sorted(before.keys() | after.keys()):
        b, a = before.get(folded), after.get(folded)
        if b is not None and a is not None and key(b) == key(a):
            continue
        kept = [x for k, x in before.items() if k != folded] + ([a] if a is not None else [])
        variant = replace(base, **{field: tuple(kept)})
        action = "added" if b is None else "removed" if a is None else "changed"
        shown = (a or b).name  # type: ignore[union-attr]
        detail = Detail("definition", text(b) if b is not None else NONE, text(a) if a is not None else NONE)
        owner = getattr(a or b, "table", shown) if subject == "trigger" else shown
        yield Change(owner, subject, shown, action, (detail,)), variant


# ---------------------------------------------------------------- variants


def _with(schema: Schema, table: Table) -> Schema:
    return replace(schema, tables=(*schema.tables, table))


def _without(schema: Schema, name: str) -> Schema:
    return replace(schema, tables=tuple(t for t in schema.tables if t.name != name))


def _variant(schema: Schema, table: Table, **changes: object) -> Schema:
    """Base with one table changed (`pk=None` rebuilds the primary key from the columns' flags)."""
    new = replace(table, **changes)
    return replace(schema, tables=tuple(new if t.name == table.name else t for t in schema.tables))


# ---------------------------------------------------------------- facts and texts


def column_facts(table: Table, col: Column) -> tuple[tuple[str, str], ...]:
    """The reviewable attributes of a column, as text (docs-only ones like descriptions are left out)."""
    generated = col.generated
    return (
        ("type", col.spec_type or "(none)"),
        ("NOT NULL", "yes" if table.not_null(col) else "no"),
        ("default", default_sql(col) or NONE),
        ("app default", col.app.default or NONE),
        ("key", _key_text(col)),
        ("enum", _enum_text(col)),
        ("range", _range_text(col)),
        ("JSON shape", col.json_schema or NONE),
        ("collate", col.collate or NONE),
        (
            "generated",
            f"{generated.sql} ({'stored' if generated.stored else 'virtual'})" if generated else NONE,
        ),
        ("checks", "; ".join(_check_text(c) for c in col.checks) or NONE),
        ("property", col.app.prop),
    )


def _new_column_facts(table: Table, col: Column) -> Iterator[tuple[str, str]]:
    """The facts worth listing for a whole added or removed column (defaults like `NOT NULL: no` left out)."""
    for attribute, value in column_facts(table, col):
        if value != NONE and (attribute, value) != ("NOT NULL", "no") and attribute != "property":
            yield attribute, value


def _key_text(col: Column) -> str:
    parts = ["PRIMARY KEY"] if col.primary_key else []
    parts += ["AUTOINCREMENT"] if col.autoincrement else []
    parts += ["UNIQUE"] if col.unique else []
    return " ".join(parts) or NONE


def _enum_text(col: Column) -> str:
    if col.enum is None:
        return NONE
    return f"{'open' if col.enum.open else 'closed'}: {', '.join(col.enum.values)}"


def _range_text(col: Column) -> str:
    if col.minimum is None and col.maximum is None:
        return NONE
    low = "" if col.minimum is None else str(col.minimum)
    high = "" if col.maximum is None else str(col.maximum)
    return f"{low}..{high}"


def _pk_same(old: Table, new: Table) -> bool:
    a, b = old.pk, new.pk
    if a is None or b is None:
        return a is b
    return key_columns(a.columns) == key_columns(b.columns) and (a.name, a.on_conflict) == (
        b.name,
        b.on_conflict,
    )


def _pk_text(table: Table) -> str:
    return ", ".join(map(str, table.pk.columns)) if table.pk is not None else NONE


def _unique_key(unique: Unique) -> object:
    return (key_columns(unique.columns), unique.on_conflict.lower(), fold(unique.name))


def _fk_text(fk: ForeignKey) -> str:
    deferred = ", deferred" if fk.deferred else ""
    return f"{describe_fk(fk)} (on delete {fk.on_delete}, on update {fk.on_update}{deferred})"


def _fk_name(fk: ForeignKey) -> str:
    return ", ".join(fk.columns)


def _check_key(check: Check) -> object:
    return (fold(check.name), canonical(check.sql))


def _check_text(check: Check) -> str:
    return f"{check.name}: {check.sql}" if check.name else check.sql


def _check_name(check: Check) -> str:
    return check.name or check.sql


def index_text(ix: Index | None) -> str:
    """An index as shown in a review: `unique (a, b DESC) WHERE ...`."""
    if ix is None:
        return NONE
    where = f" WHERE {ix.where}" if ix.where else ""
    return f"{'unique ' if ix.unique else ''}({', '.join(map(str, ix.columns))}){where}"


def _view_text(view: View) -> str:
    return " ".join(view.sql.split())


def _trigger_text(trigger: Trigger) -> str:
    of = f" OF {', '.join(trigger.columns)}" if trigger.columns else ""
    when = f" WHEN {trigger.when}" if trigger.when else ""
    body = " ".join(trigger.body.split())
    return f"{trigger.timing.upper()} {trigger.event.upper()}{of} ON {trigger.table}{when}: {body}"


def _virtual_text(table: VirtualTable) -> str:
    return f"USING {table.module}({', '.join(table.arguments)})"


def _columns_detail(table: Table, added: bool) -> tuple[Detail, ...]:
    cols = ", ".join(c.name for c in table.columns)
    return (Detail("columns", NONE, cols) if added else Detail("columns", cols, NONE),)


__all__ = ["NONE", "Change", "Detail", "column_facts", "index_text", "units"]
