"""SQLite DDL from the model: the one place identifiers are quoted and column clauses are written."""

from __future__ import annotations

from generator.model import Column, Index, Schema, Table


def quote_identifier(name: str) -> str:
    """Quote an SQL identifier ("name", inner quotes doubled): the only quoting function."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: str | int | float | None) -> str:
    """An SQL literal for a default value."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    return "'" + value.replace("'", "''") + "'"


def column_checks(table: str, column: Column) -> tuple[str, ...]:
    """The CHECK expressions the spec implies for a column (closed enum, JSON validity)."""
    del table  # checks are column-level; kept in the signature for symmetry with callers
    q = quote_identifier(column.name)
    checks = []
    values = column.closed_enum
    if values is not None:
        checks.append(f"{q} IN ({', '.join(sql_literal(v) for v in values)})")
    if column.is_json:
        # json_valid(NULL) is 0 on SQLite before 3.45, NULL after: spell out that NULL is allowed.
        checks.append(f"json_valid({q})" if column.effective_not_null else f"{q} IS NULL OR json_valid({q})")
    return tuple(checks)


def column_sql(table: Table, column: Column) -> str:
    """One column definition, drizzle-kit style, plus the spec's CHECKs."""
    parts = [quote_identifier(column.name), column.sql_type]
    single_pk = len(table.primary_key) == 1
    if column.primary_key and single_pk:
        parts.append("PRIMARY KEY")
        if column.autoincrement:
            parts.append("AUTOINCREMENT")
    if column.default is not None:
        parts.append(f"DEFAULT {sql_literal(column.default)}")
    if column.effective_not_null:
        parts.append("NOT NULL")
    parts += [f"CHECK ({expr})" for expr in column_checks(table.name, column)]
    return " ".join(parts)


def table_constraints_sql(table: Table) -> tuple[str, ...]:
    """Table-level clauses: a composite primary key and the foreign keys."""
    out = []
    if len(table.primary_key) > 1:
        out.append(f"PRIMARY KEY ({', '.join(quote_identifier(c.name) for c in table.primary_key)})")
    for column, fk in table.foreign_keys:
        out.append(
            f"FOREIGN KEY ({quote_identifier(column.name)}) REFERENCES {quote_identifier(fk.table)}"
            f"({quote_identifier(fk.column)}) ON UPDATE {fk.on_update} ON DELETE {fk.on_delete}"
        )
    return tuple(out)


def create_table_sql(table: Table, *, name: str | None = None, if_not_exists: bool = True) -> str:
    """CREATE TABLE for one table (optionally under another name, for rebuilds)."""
    lines = [column_sql(table, c) for c in table.columns] + list(table_constraints_sql(table))
    body = ",\n".join(f"  {line}" for line in lines)
    guard = "IF NOT EXISTS " if if_not_exists else ""
    return f"CREATE TABLE {guard}{quote_identifier(name or table.name)} (\n{body}\n);"


def create_index_sql(index: Index, *, if_not_exists: bool = True) -> str:
    """CREATE [UNIQUE] INDEX for one index."""
    unique = "UNIQUE " if index.unique else ""
    guard = "IF NOT EXISTS " if if_not_exists else ""
    cols = ", ".join(quote_identifier(c) for c in index.columns)
    target = quote_identifier(index.table)
    return f"CREATE {unique}INDEX {guard}{quote_identifier(index.name)} ON {target} ({cols});"


def dependency_order(schema: Schema) -> tuple[Table, ...]:
    """Tables ordered so every foreign key's target comes first; ties keep spec order."""
    by_name = {t.name: t for t in schema.tables}
    done: dict[str, Table] = {}

    def visit(table: Table, stack: tuple[str, ...]) -> None:
        if table.name in done or table.name in stack:
            return
        for _col, fk in table.foreign_keys:
            if fk.table in by_name:
                visit(by_name[fk.table], (*stack, table.name))
        done[table.name] = table

    for table in schema.tables:
        visit(table, ())
    return tuple(done.values())


def schema_statements(schema: Schema) -> list[str]:
    """Every statement that creates the schema from nothing, in dependency order."""
    out = []
    for table in dependency_order(schema):
        out.append(create_table_sql(table))
        out += [create_index_sql(ix) for ix in table.all_indexes]
    return out
