"""SQLite DDL from the model: the one place identifiers are quoted and every clause is written."""

from __future__ import annotations

from collections.abc import Iterable

# Quoting and literals have their home in generator.emit.escape; they are imported from here too.
from generator.emit.escape import quote_identifier as quote_identifier
from generator.emit.escape import sql_fragment
from generator.emit.escape import sql_literal as sql_literal
from generator.model import (
    Check,
    Column,
    ForeignKey,
    Index,
    IndexColumn,
    Schema,
    Table,
    Trigger,
    View,
    VirtualTable,
    fold,
)
from generator.sqlite.parse import is_primary
from generator.sqlite.reads import view_reads
from generator.sqlite.tokens import references, strip_parens, tokenize

# DEFAULT takes these bare; any other expression needs parentheses (lang_createtable.html, column-constraint).
_BARE_DEFAULTS = frozenset({"CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP", "TRUE", "FALSE", "NULL"})


def default_sql(column: Column) -> str:
    """The DEFAULT clause's value ('' when the column has none)."""
    if column.default is not None:
        return sql_literal(column.default)
    if column.default_expr is None:
        return ""
    toks = tokenize(column.default_expr)
    bare = len(toks) == 1 and (toks[0].kw(*_BARE_DEFAULTS) or toks[0].kind in ("blob", "number", "string"))
    if bare or len(strip_parens(toks)) < len(toks):
        return sql_fragment(column.default_expr)
    return f"({sql_fragment(column.default_expr)})"


def column_checks(column: Column, *, not_null: bool) -> tuple[str, ...]:
    """The CHECK expressions the spec implies for a column (closed enum, JSON validity); `not_null` says the
    column never holds NULL (`Table.not_null`)."""
    q = quote_identifier(column.name)
    checks = []
    values = column.closed_enum
    if values is not None:
        checks.append(f"{q} IN ({', '.join(sql_literal(v) for v in values)})")
    if column.json and column.json_check:
        # json_valid(NULL) is 0 on SQLite before 3.45, NULL after: spell out that NULL is allowed.
        checks.append(f"json_valid({q})" if not_null else f"{q} IS NULL OR json_valid({q})")
    return tuple(checks)


def check_sql(check: Check) -> str:
    """`[CONSTRAINT name] CHECK (expr)`."""
    return f"{_constraint(check.name)}CHECK ({sql_fragment(check.sql)})"


def _constraint(name: str) -> str:
    return f"CONSTRAINT {quote_identifier(name)} " if name else ""


def _conflict(clause: str) -> str:
    return f" ON CONFLICT {clause.upper()}" if clause else ""


def _inline_pk(table: Table) -> bool:
    """A one-column primary key is written on its column (so INTEGER PRIMARY KEY stays the rowid), but for
    a COLLATE, or a DESC key written on the table (where it is a rowid alias, on the column it is not)."""
    pk = table.pk
    if pk is None or len(pk.columns) != 1 or pk.columns[0].collate:
        return False
    return not (pk.columns[0].desc and pk.table_level)


def column_sql(table: Table, column: Column) -> str:
    """One column definition, drizzle-kit style, plus every constraint the column carries."""
    parts = [quote_identifier(column.name)] + ([column.type] if column.type else [])
    pk = table.pk
    if pk is not None and _inline_pk(table) and pk.columns[0].name == column.name:
        parts.append(f"{_constraint(pk.name)}PRIMARY KEY" + (" DESC" if pk.columns[0].desc else ""))
        parts[-1] += _conflict(pk.on_conflict)
        if column.autoincrement:
            parts.append("AUTOINCREMENT")
    default = default_sql(column)
    if default:
        parts.append(f"DEFAULT {default}")
    if column.not_null:
        parts.append("NOT NULL" + _conflict(column.not_null_conflict))
    if column.collate:
        parts.append(f"COLLATE {column.collate}")
    if column.generated is not None:
        kind = "STORED" if column.generated.stored else "VIRTUAL"
        parts.append(f"GENERATED ALWAYS AS ({sql_fragment(column.generated.sql)}) {kind}")
    implied = column_checks(column, not_null=table.not_null(column))
    parts += [f"CHECK ({sql_fragment(expr)})" for expr in implied]
    parts += [check_sql(check) for check in column.checks]
    return " ".join(parts)


def key_sql(columns: Iterable[IndexColumn]) -> str:
    """The key list of an index or a PRIMARY KEY / UNIQUE constraint."""
    out = []
    for key in columns:
        text = quote_identifier(key.name) if key.name else sql_fragment(key.expr or "")
        if key.collate:
            if key.expr and not is_primary(tokenize(key.expr)):
                text = f"({text})"  # COLLATE binds tighter than any operator: it is the whole key's
            text += f" COLLATE {key.collate}"
        out.append(text + (" DESC" if key.desc else ""))
    return ", ".join(out)


def foreign_key_sql(fk: ForeignKey) -> str:
    """`[CONSTRAINT n] FOREIGN KEY (...) REFERENCES parent(...) ON UPDATE ... ON DELETE ... [DEFERRABLE]`."""
    cols = ", ".join(quote_identifier(c) for c in fk.columns)
    to = f"({', '.join(quote_identifier(c) for c in fk.to)})" if fk.to else ""
    deferred = " DEFERRABLE INITIALLY DEFERRED" if fk.deferred else ""
    return (
        f"{_constraint(fk.name)}FOREIGN KEY ({cols}) REFERENCES {quote_identifier(fk.table)}{to}"
        f" ON UPDATE {fk.on_update} ON DELETE {fk.on_delete}{deferred}"
    )


def table_constraints_sql(table: Table) -> tuple[str, ...]:
    """Table-level clauses: a composite primary key, UNIQUE constraints, foreign keys, CHECKs."""
    out = []
    if table.pk is not None and not _inline_pk(table):
        pk = table.pk
        out.append(f"{_constraint(pk.name)}PRIMARY KEY ({key_sql(pk.columns)}){_conflict(pk.on_conflict)}")
    for unique in table.uniques:
        out.append(
            f"{_constraint(unique.name)}UNIQUE ({key_sql(unique.columns)}){_conflict(unique.on_conflict)}"
        )
    out += [foreign_key_sql(fk) for fk in table.foreign_keys]
    out += [check_sql(check) for check in table.checks]
    return tuple(out)


def table_options(table: Table) -> str:
    """` WITHOUT ROWID, STRICT` and the like ('' for none); libSQL's RANDOM ROWID last."""
    options = (["WITHOUT ROWID"] if table.without_rowid else []) + (["STRICT"] if table.strict else [])
    options += ["RANDOM ROWID"] if table.random_rowid else []
    return (" " + ", ".join(options)) if options else ""


def create_table_sql(table: Table, *, name: str | None = None, if_not_exists: bool = True) -> str:
    """CREATE TABLE for one table (optionally under another name, for rebuilds)."""
    lines = [column_sql(table, c) for c in table.columns] + list(table_constraints_sql(table))
    body = ",\n".join(f"  {line}" for line in lines)
    guard = "IF NOT EXISTS " if if_not_exists else ""
    return f"CREATE TABLE {guard}{quote_identifier(name or table.name)} (\n{body}\n){table_options(table)};"


def create_index_sql(index: Index, *, if_not_exists: bool = True) -> str:
    """CREATE [UNIQUE] INDEX for one index."""
    unique = "UNIQUE " if index.unique else ""
    guard = "IF NOT EXISTS " if if_not_exists else ""
    target = quote_identifier(index.table)
    where = f" WHERE {sql_fragment(index.where)}" if index.where else ""
    keys = key_sql(index.columns)
    return f"CREATE {unique}INDEX {guard}{quote_identifier(index.name)} ON {target} ({keys}){where};"


def create_view_sql(view: View, *, if_not_exists: bool = True) -> str:
    """CREATE VIEW for one view."""
    guard = "IF NOT EXISTS " if if_not_exists else ""
    names = f"({', '.join(quote_identifier(c) for c in view.column_names)})" if view.column_names else ""
    return f"CREATE VIEW {guard}{quote_identifier(view.name)}{names} AS\n{sql_fragment(view.sql)};"


def create_trigger_sql(trigger: Trigger, *, if_not_exists: bool = True) -> str:
    """CREATE TRIGGER for one trigger (the body written between BEGIN and END as given)."""
    guard = "IF NOT EXISTS " if if_not_exists else ""
    event = trigger.event.upper()
    if trigger.columns:
        event += " OF " + ", ".join(quote_identifier(c) for c in trigger.columns)
    when = f" WHEN {sql_fragment(trigger.when)}" if trigger.when else ""
    body = sql_fragment(trigger.body)
    toks = tokenize(body)
    body = body if toks and toks[-1].text == ";" else body + ";"
    return (
        f"CREATE TRIGGER {guard}{quote_identifier(trigger.name)} {trigger.timing.upper()} {event} ON "
        f"{quote_identifier(trigger.table)}{when} BEGIN\n{body}\nEND;"
    )


def create_virtual_sql(table: VirtualTable, *, if_not_exists: bool = True) -> str:
    """CREATE VIRTUAL TABLE for one virtual table."""
    guard = "IF NOT EXISTS " if if_not_exists else ""
    arguments = f"({', '.join(table.arguments)})" if table.arguments else ""
    return f"CREATE VIRTUAL TABLE {guard}{quote_identifier(table.name)} USING {table.module}{arguments};"


def dependency_order(schema: Schema) -> tuple[Table, ...]:
    """Tables ordered so every foreign key's target comes first; ties keep spec order."""
    by_name = {fold(t.name): t for t in schema.tables}
    done: dict[str, Table] = {}

    def visit(table: Table, stack: tuple[str, ...]) -> None:
        key = fold(table.name)
        if key in done or key in stack:
            return
        for fk in table.foreign_keys:
            if fold(fk.table) in by_name:
                visit(by_name[fold(fk.table)], (*stack, key))
        done[key] = table

    for table in schema.tables:
        visit(table, ())
    return tuple(done.values())


def view_order(views: Iterable[View]) -> tuple[View, ...]:
    """Views ordered so every view another one selects from comes first; ties keep spec order."""
    by_name = {fold(v.name): v for v in views}
    done: dict[str, View] = {}

    def visit(view: View, stack: tuple[str, ...]) -> None:
        key = fold(view.name)
        if key in done or key in stack:
            return
        # The words of the SQL are a superset of what it reads: only a view whose words name another view
        # needs its parse tree (sqlglot, imported on first use) to tell a read from an alias.
        others = references(view.sql) & by_name.keys() - {key}
        for name in sorted(view_reads(view.sql) & others if others else ()):
            visit(by_name[name], (*stack, key))
        done[key] = view

    for view in by_name.values():
        visit(view, ())
    return tuple(done.values())


def schema_statements(schema: Schema) -> list[str]:
    """Every statement that creates the schema from nothing, in dependency order."""
    out = []
    for table in dependency_order(schema):
        out.append(create_table_sql(table))
        out += [create_index_sql(ix) for ix in table.all_indexes]
    out += [create_virtual_sql(v) for v in schema.virtual_tables]
    out += [create_view_sql(v) for v in view_order(schema.views)]
    out += [create_trigger_sql(t) for t in schema.triggers]
    return out
