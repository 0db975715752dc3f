"""The change rules: what a change from a base spec to a head spec does to a database that has rows and to
the app code generated from the base (the comparison `review` makes, with push's own planner)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.lint.rules import RULES, Finding
from generator.migrate.online import OFFLINE_ROWS_PER_SECOND
from generator.model import Schema, Table, fold
from generator.model.constraints import ForeignKey
from generator.model.types import same_declared_type
from generator.sqlite.ddl import quote_identifier as q
from generator.sqlite.ddl import sql_literal


def _finding(
    rule: str, path: tuple[str | int, ...], subject: str, message: str, count: str = "", counted: str = ""
) -> Finding:
    found = RULES[rule]
    return Finding(found, found.severity, path, subject, message, count, counted)


def _count(table: str, where: str = "") -> str:
    return f"SELECT count(*) FROM {q(table)}" + (f" WHERE {where}" if where else "")


def change_findings(base: Schema, head: Schema) -> Iterator[Finding]:
    """Every change rule's findings for the change from `base` to `head`, in the head's table order."""
    from generator.migrate.plan import plan_migration
    from generator.migrate.renamed import review_base
    from generator.migrate.renames import RenameKind, rename_hints, resolve_renames

    plan = plan_migration(base, head)
    base = review_base(base, resolve_renames(base, head))  # a declared rename is no drop and add
    rebuilt = {fold(name) for name in plan.rebuilds}
    for table in head.tables:
        if not base.has_table(table.name):
            continue
        old = base.table(table.name)
        path = ("tables", table.name)
        if fold(table.name) in rebuilt:
            yield _finding(
                "rebuild-table",
                path,
                f"table {table.name}",
                _rebuild_message(table),
                _count(old.name),
                "the database holds {n:,} rows: about {s:.1f} s",
            )
        yield from _columns(old, table)
        yield from _foreign_keys(old, table, base)
    for hint in rename_hints(base, head):  # the planner's own guess, as plan and review show it
        if hint.kind is RenameKind.TABLE:
            yield _finding(
                "rename-undeclared",
                ("tables", hint.new),
                f"table {hint.new}",
                f"table {hint.old} is dropped and {hint.new} added with the same columns: if it is a rename, "
                f"say `renamed_from: {hint.old}` on {hint.new}, or its rows are lost",
            )
        else:
            yield _finding(
                "rename-undeclared",
                ("tables", hint.table, "columns", hint.new),
                f"column {hint.table}.{hint.new}",
                f"{hint.table}.{hint.old} is dropped and {hint.new} added with the same type and "
                f"constraints: if it is a rename, say `renamed_from: {hint.old}` on {hint.new}, "
                "or its values are lost",
            )


def _rebuild_message(table: Table) -> str:
    rows = _estimate(table.docs.estimated_rows)
    if rows is None:
        return f"{table.name} is rebuilt: every row is copied while the app's writes wait"
    seconds = rows / OFFLINE_ROWS_PER_SECOND  # an estimate from the spec's `estimated_rows`, said as one
    return (
        f"{table.name} is rebuilt: its {rows:,} rows (estimated_rows) are copied while the app's writes are "
        f"refused, for about {seconds:.1f} s"
    )


def _estimate(text: str) -> int | None:
    """`10,000+` -> 10000; `~2M` -> 2000000; None when the spec gives no number."""
    found = re.search(r"(\d[\d,_]*(?:\.\d+)?)\s*([kKmM]?)", text or "")
    if not found:
        return None
    number = float(found.group(1).replace(",", "").replace("_", ""))
    return int(number * {"k": 1_000, "m": 1_000_000}.get(found.group(2).lower(), 1))


def _columns(old: Table, new: Table) -> Iterator[Finding]:
    added = [c for c in new.columns if not old.has_column(c.name)]
    dropped = [c for c in old.columns if not new.has_column(c.name)]
    for column in added:
        path = ("tables", new.name, "columns", column.name)
        subject = f"column {new.name}.{column.name}"
        if column.not_null and not column.has_sql_default and not column.is_generated:
            yield _finding(
                "not-null-no-default",
                path,
                subject,
                f"{new.name}.{column.name} is added NOT NULL with no default: rows already in {new.name} "
                "have no "
                "value for it; give it a default, make it nullable, or backfill (add it nullable, fill it, "
                "then "
                "make it NOT NULL)",
                _count(old.name),
                "{n:,} rows in the database",
            )
    for column in dropped:
        yield _finding(
            "column-dropped",
            ("tables", new.name),
            f"column {old.name}.{column.name}",
            f"{old.name}.{column.name} is dropped: the base's generated code reads it (property "
            f"{column.app.prop or column.name}); deploy app code that no longer reads it first",
            _count(old.name, f"{q(column.name)} IS NOT NULL"),
            "{n:,} values in the database are lost",
        )
    for column in new.columns:
        if not old.has_column(column.name):
            continue
        before = old.column(column.name)
        path = ("tables", new.name, "columns", column.name)
        subject = f"column {new.name}.{column.name}"
        if before.closed_enum is not None and column.closed_enum is not None:
            removed = [v for v in before.closed_enum if v not in column.closed_enum]
            if removed:
                shown = ", ".join(repr(v) for v in removed)
                yield _finding(
                    "enum-value-removed",
                    path,
                    subject,
                    f"{new.name}.{column.name} no longer allows {shown}: rows holding "
                    f"{'it' if len(removed) == 1 else 'them'} "
                    "refuse the push",
                    _count(old.name, f"{q(column.name)} IN ({', '.join(sql_literal(v) for v in removed)})"),
                    "{n:,} rows in the database hold " + ("it" if len(removed) == 1 else "them"),
                )
        if not same_declared_type(before.type, column.type) and before.affinity != column.affinity:
            yield _finding(
                "column-dropped",
                path,
                subject,
                f"{new.name}.{column.name} changes type from {before.type or '(none)'} to "
                f"{column.type or '(none)'}: "
                "the base's generated code reads the old type",
            )


def _dangling(old: Table, fk: ForeignKey, base: Schema) -> str:
    """Rows of `old` whose new foreign key points at no parent row of the database (the base)."""
    filled = " AND ".join(f"c.{q(col)} IS NOT NULL" for col in fk.columns)
    if not base.has_table(fk.table):
        return f"SELECT count(*) FROM {q(old.name)} AS c WHERE {filled}"
    parent = base.table(fk.table)
    to = fk.to or (parent.pk.names if parent.pk is not None else ())
    if len(to) != len(fk.columns) or not all(parent.has_column(n) for n in to):
        return ""
    match = " AND ".join(f"p.{q(t)} = c.{q(col)}" for t, col in zip(to, fk.columns, strict=True))
    return (
        f"SELECT count(*) FROM {q(old.name)} AS c WHERE {filled} "
        f"AND NOT EXISTS (SELECT 1 FROM {q(parent.name)} AS p WHERE {match})"
    )


def _foreign_keys(old: Table, new: Table, base: Schema) -> Iterator[Finding]:
    before = {(tuple(fold(c) for c in fk.columns), fold(fk.table)) for fk in old.foreign_keys}
    for fk in new.foreign_keys:
        key = (tuple(fold(c) for c in fk.columns), fold(fk.table))
        if key in before:
            continue
        cols = ", ".join(fk.columns)
        if all(old.has_column(c) for c in fk.columns):
            yield _finding(
                "foreign-key-added",
                ("tables", new.name),
                f"foreign key {new.name}({cols})",
                f"{new.name}({cols}) now references {fk.table}: existing rows that point at no {fk.table} "
                "row refuse the push (its data check counts them)",
                _dangling(old, fk, base),
                "{n:,} rows in the database point at no parent",
            )
