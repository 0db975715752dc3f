"""Data checks: for each constraint a migration adds, SQL that counts the existing rows it would reject.

Checks run on the live table; one that names a column the migration adds runs on a projection of the
rows as they will be (new columns hold their default), so `CHECK (a < b)` with a new `b` is counted on
real rows too.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from generator.migrate.compare import CheckOrigin, CheckRef, describe_enum_check, describe_fk
from generator.migrate.steps import CheckKind, DataCheck
from generator.model import ForeignKey, Index, Schema, Table
from generator.model.rules import fold
from generator.model.types import STRICT_TYPES
from generator.sqlite.ddl import default_sql, quote_identifier
from generator.sqlite.tokens import references

q = quote_identifier

# Rows a STRICT column would refuse, by its type (values are first converted by the type's affinity).
_STRICT_FAILS = {
    "INT": "typeof({c}) = 'blob' OR (typeof({c}) = 'real' AND {c} <> CAST({c} AS INTEGER)) OR "
    "(typeof({c}) = 'text' AND CAST(CAST({c} AS INTEGER) AS TEXT) <> trim({c}))",
    "REAL": "typeof({c}) = 'blob' OR (typeof({c}) = 'text' AND CAST(CAST({c} AS REAL) AS TEXT) <> trim({c}) "
    "AND CAST(CAST({c} AS INTEGER) AS TEXT) <> trim({c}))",
    "TEXT": "typeof({c}) = 'blob'",
    "BLOB": "typeof({c}) IN ('integer', 'real', 'text')",
}


def _sample_key(table: Table) -> str:
    """SQL for a row's key as text: the primary key columns, else the rowid."""
    cols = [q(c.name) for c in table.primary_key] or ["rowid"]
    return " || ',' || ".join(f"quote({c})" if len(cols) > 1 else c for c in cols)


def _source(live: Table, target: Table | None, sql: str) -> str:
    """FROM the live table, or a projection of its future rows when `sql` names a column it adds."""
    if target is None:
        return q(live.name)
    new = [c for c in target.columns if not live.has_column(c.name)]
    if not {fold(c.name) for c in new} & references(sql):
        return q(live.name)
    keep = ["rowid"] if not live.without_rowid else []
    keep += [q(c.name) for c in live.columns]
    keep += [f"{default_sql(c) or 'NULL'} AS {q(c.name)}" for c in new if c.generated is None]
    return f"(SELECT {', '.join(keep)} FROM {q(live.name)}) AS {q(live.name)}"


def check(
    live: Table, description: str, where: str, kind: CheckKind, target: Table | None = None
) -> DataCheck:
    """A data check of `live`: rows matching `where` would be refused."""
    source = _source(live, target, where)
    return DataCheck(
        table=live.name,
        description=description,
        count_sql=f"SELECT count(*) FROM {source} WHERE {where}",
        sample_sql=f"SELECT {_sample_key(live)} FROM {source} WHERE {where} LIMIT 5",
        kind=kind,
    )


def unique_check(
    live: Table, names: Sequence[str], description: str, target: Table | None = None
) -> DataCheck | None:
    """Rows sharing a key of a new unique index or constraint; None when none can (new columns start NULL)."""
    present = []
    for name in names:
        if live.has_column(name):
            present.append(name)
        elif target is None or not target.has_column(name) or not target.column(name).has_sql_default:
            return None  # NULLs are distinct in a unique index
        # else: a new column holding one default value everywhere does not separate rows
    table = q(live.name)
    if not present:
        return check(live, description, f"(SELECT count(*) FROM {table}) > 1", CheckKind.UNIQUE)
    cols = ", ".join(q(c) for c in present)
    filled = " AND ".join(f"{q(c)} IS NOT NULL" for c in present)
    where = f"({cols}) IN (SELECT {cols} FROM {table} WHERE {filled} GROUP BY {cols} HAVING count(*) > 1)"
    return check(live, description, where, CheckKind.UNIQUE)


def index_check(live: Table, index: Index, target: Table | None = None) -> DataCheck | None:
    """The data check of a new unique index (expression and partial ones are left to the apply)."""
    if index.where or not all(c.name for c in index.columns):
        return None
    names = [c.name for c in index.columns]
    return unique_check(live, names, f"UNIQUE ({', '.join(names)}) (index {index.name})", target)


def constraint_check(live: Table, target: Table, ref: CheckRef) -> DataCheck:
    """Rows for which a new CHECK is false (NULL passes, as in SQLite)."""
    if ref.origin is CheckOrigin.ENUM:
        description = describe_enum_check(target.column(ref.column))
    elif ref.origin is CheckOrigin.JSON:
        description = f"CHECK json_valid({ref.column})"
    else:
        description = f"CHECK {ref.name} ({ref.sql})" if ref.name else f"CHECK ({ref.sql})"
    return check(live, description, f"NOT ({ref.sql})", CheckKind.CHECK, target)


def foreign_key_check(
    live: Table, fk: ForeignKey, schema: Schema, live_schema: Schema, target: Table | None = None
) -> DataCheck:
    """Rows whose new foreign key names no parent row (rows with a NULL in the key are not checked).

    A parent the same plan creates holds no rows yet: every row with a filled key would be refused.
    """
    cols = [q(c) for c in fk.columns]
    filled = " AND ".join(f"{c} IS NOT NULL" for c in cols)
    parent_cols = list(fk.to)
    if not parent_cols and schema.has_table(fk.table):
        parent_cols = [c.name for c in schema.table(fk.table).primary_key]
    if live_schema.has_table(fk.table) and len(parent_cols) == len(cols):
        match = " AND ".join(f"p.{q(p)} = {q(live.name)}.{c}" for p, c in zip(parent_cols, cols, strict=True))
        where = f"{filled} AND NOT EXISTS (SELECT 1 FROM {q(fk.table)} AS p WHERE {match})"
    else:
        where = filled
    label = ", ".join(fk.columns)
    return check(live, f"FOREIGN KEY {label} -> {describe_fk(fk)}", where, CheckKind.FOREIGN_KEY, target)


def strict_checks(live: Table, target: Table) -> list[DataCheck]:
    """Rows a table made STRICT would refuse: values its declared types cannot hold."""
    out = []
    for col in target.columns:
        declared = col.type.upper()
        rule = _STRICT_FAILS.get("INT" if declared == "INTEGER" else declared)
        if declared in STRICT_TYPES and rule is not None and live.has_column(col.name):
            where = f"{q(col.name)} IS NOT NULL AND ({rule.format(c=q(col.name))})"
            out.append(check(live, f"STRICT: {col.name} holds only {declared} values", where, CheckKind.TYPE))
    return out


def not_null_check(live: Table, target: Table, name: str) -> DataCheck:
    """Rows where a column made NOT NULL holds NULL (a new column without default: every row)."""
    if not live.has_column(name):
        found = check(live, f"NOT NULL on new column {name} (no default)", "1", CheckKind.NOT_NULL)
        return replace(found, new_column=True)
    return check(live, f"NOT NULL on {name}", f"{q(name)} IS NULL", CheckKind.NOT_NULL, target)
