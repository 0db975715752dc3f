"""Read a live schema into the model: PRAGMAs first, in one request; SQL parsed only where no PRAGMA tells.

`pragma_table_list` gives STRICT, WITHOUT ROWID and which tables are a virtual table's shadow tables (a
libSQL vector index's shadow tables are named after it: generator.sqlite.libsql);
`pragma_table_xinfo` the columns (declared type, NOT NULL, default, primary-key order, generated);
`pragma_foreign_key_list` the foreign keys; `pragma_index_list` / `pragma_index_xinfo` the indexes and
the UNIQUE constraints. The CREATE statements are parsed (generator.sqlite.parse) only for CHECKs,
generated expressions, collations, ON CONFLICT clauses, constraint names, AUTOINCREMENT, DEFERRABLE,
index expressions and WHERE clauses, and view, trigger and virtual-table definitions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from msgspec import Struct, field
from msgspec.structs import replace

from generator.db import Database, Row
from generator.errors import DatabaseError, SchemagenError
from generator.model import (
    Check,
    Column,
    Enum,
    FkAction,
    ForeignKey,
    Generated,
    Index,
    IndexColumn,
    PrimaryKey,
    Schema,
    Table,
    Unique,
    fold,
    not_null,
    unique_index_name,
)
from generator.model.types import Affinity, affinity, same_declared_type
from generator.sqlite.ddl import column_checks, quote_identifier
from generator.sqlite.libsql import vector_index_shadows
from generator.sqlite.parse import (
    ParsedColumn,
    ParsedTable,
    default_value,
    parse_create_index,
    parse_create_table,
    parse_create_trigger,
    parse_create_view,
    parse_create_virtual,
)
from generator.sqlite.tokens import Tok, canonical, strip_parens, tokenize

IGNORED_PREFIXES = ("sqlite_", "_litestream_", "libsql_", "_schemagen_", "__turso_internal_")
SCHEMA_VERSION_SQL = "SELECT schema_version FROM pragma_schema_version"
_TABLES = "m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%'"
SCHEMA_SQL = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid"
TABLE_LIST_SQL = "SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main'"
COLUMNS_SQL = (
    'SELECT m.name, x.cid, x.name, x.type, x."notnull", x.dflt_value, x.pk, x.hidden '
    f"FROM sqlite_schema AS m, pragma_table_xinfo(m.name, 'main') AS x WHERE {_TABLES} ORDER BY m.name, x.cid"
)
FOREIGN_KEYS_SQL = (
    'SELECT m.name, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete '
    f"FROM sqlite_schema AS m, pragma_foreign_key_list(m.name, 'main') AS f WHERE {_TABLES} "
    "ORDER BY m.name, f.id, f.seq"
)
INDEXES_SQL = (
    'SELECT m.name, l.name, l."unique", l.origin, x.seqno, x.cid, x.name, x."desc", x.coll '
    "FROM sqlite_schema AS m, pragma_index_list(m.name, 'main') AS l, "
    "pragma_index_xinfo(l.name, 'main') AS x "
    f"WHERE {_TABLES} AND x.key = 1 ORDER BY m.name, l.name, x.seqno"
)
# The reads of one introspection, sent together in one request.
INTROSPECTION = (SCHEMA_SQL, TABLE_LIST_SQL, COLUMNS_SQL, FOREIGN_KEYS_SQL, INDEXES_SQL)


def ignored(name: str) -> bool:
    """True for internal objects of SQLite, libSQL, the Turso engine, Litestream and schemagen itself."""
    return fold(name).startswith(IGNORED_PREFIXES)


def introspect(db: Database) -> Schema:
    """Read the live schema of `db` in one request."""
    return build_live(db.pipeline(list(INTROSPECTION)))


class _Pragmas(Struct):
    """What the PRAGMAs said about one table."""

    columns: list[Row] = field(default_factory=list)
    foreign_keys: list[Row] = field(default_factory=list)
    indexes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))


def build_live(results: Sequence[Sequence[Row]]) -> Schema:
    """The model from the INTROSPECTION reads' rows (in that order)."""
    schema_rows, table_list, columns, foreign_keys, indexes = results[:5]
    kinds = {str(r[0]): (str(r[1]), bool(r[2]), bool(r[3])) for r in table_list}
    pragmas: dict[str, _Pragmas] = defaultdict(_Pragmas)
    for row in columns:
        pragmas[str(row[0])].columns.append(row[1:])
    for row in foreign_keys:
        pragmas[str(row[0])].foreign_keys.append(row[1:])
    for row in indexes:
        pragmas[str(row[0])].indexes[str(row[1])].append(row[2:])
    tables: list[Table] = []
    stored: list[str] = []  # each table's name in sqlite_schema (what the PRAGMAs were keyed by)
    index_sql: dict[str, str] = {}
    views, triggers, virtual = [], [], []
    written: dict[str, list[Unique]] = {}
    rows = [(str(a), str(b), str(c), d) for a, b, c, d in schema_rows]
    shadows = vector_index_shadows([(n, str(sql)) for kind, n, _o, sql in rows if kind == "index" and sql])
    for kind, name, owner, sql in rows:
        if ignored(name) or ignored(owner) or sql is None or fold(name) in shadows or fold(owner) in shadows:
            continue
        sql = str(sql)
        try:
            if kind == "table" and kinds.get(name, ("table",))[0] == "virtual":
                virtual.append(parse_create_virtual(sql))
            elif kind == "table" and kinds.get(name, ("table",))[0] == "table":
                _type, wr, strict = kinds.get(name, ("table", False, False))
                table, written[name] = _table(name, sql, pragmas[name], without_rowid=wr, strict=strict)
                tables.append(table)
                stored.append(name)
            elif kind == "index":
                index_sql[name] = sql
            elif kind == "view":
                views.append(parse_create_view(sql))
            elif kind == "trigger":
                triggers.append(parse_create_trigger(sql))
        except SchemagenError as err:
            raise DatabaseError(f"cannot read the live definition of {kind} {name}: {err}") from None
    tables = [
        _with_indexes(t, pragmas[key], index_sql, written[key]) for t, key in zip(tables, stored, strict=True)
    ]
    return Schema(
        tables=tuple(tables),
        views=tuple(views),
        triggers=tuple(triggers),
        virtual_tables=tuple(virtual),
    )


def _collation(name: object) -> str:
    """A collation as the model keeps it: BINARY (the default) is no collation."""
    text = str(name or "")
    return "" if text.upper() == "BINARY" else text


def _table(
    name: str, sql: str, pragmas: _Pragmas, *, without_rowid: bool, strict: bool
) -> tuple[Table, list[Unique]]:
    """The table from its PRAGMAs and parsed SQL, and its UNIQUE constraints as written."""
    parsed = parse_create_table(sql)
    name = parsed.name or name  # as written: the Turso engine keeps sqlite_schema.name lower-cased
    by_name = {fold(c.name): c for c in parsed.columns}
    pk_order = sorted((int(str(r[5])), str(r[1])) for r in pragmas.columns if int(str(r[5]) or 0) > 0)
    table_checks = list(parsed.checks)
    columns = []
    for _cid, cname, ctype, notnull, dflt, pk, hidden in (r[:7] for r in pragmas.columns):
        draft = by_name.get(fold(str(cname)), ParsedColumn(str(cname)))
        literal, expr = default_value(str(dflt)) if dflt is not None else (None, None)
        generated = draft.generated
        if generated is not None and int(str(hidden)) in (2, 3):
            generated = Generated(generated.sql, stored=int(str(hidden)) == 3)
        columns.append(
            Column(
                name=str(cname),
                type=_declared(draft.type, str(ctype or "")),
                not_null=bool(notnull),
                not_null_conflict=draft.not_null_conflict,
                primary_key=int(str(pk)) > 0,
                autoincrement=draft.autoincrement,
                default=literal,
                default_expr=expr,
                collate=_collation(draft.collate),
                generated=generated,
                checks=tuple(draft.checks),
            )
        )
    columns, table_checks = _fold_checks(columns, table_checks, without_rowid=without_rowid)
    uniques = [c.unique for c in parsed.columns if c.unique is not None] + parsed.uniques
    return Table(
        name=name,
        columns=tuple(columns),
        pk=_primary_key(parsed, [n for _o, n in pk_order]),
        foreign_keys=_foreign_keys(parsed, pragmas.foreign_keys),
        checks=tuple(table_checks),
        strict=strict,
        random_rowid=parsed.random_rowid,
        without_rowid=without_rowid,
    ), uniques


def _declared(written: str, reported: str) -> str:
    """A column's declared type as written in its CREATE statement, when the PRAGMA reports the same one:
    PRAGMAs upper-case TEXT, INTEGER, REAL and BLOB, and the Turso engine reports `NVARCHAR` for a column
    declared `NVARCHAR(120)`."""
    same = same_declared_type(written, reported) or same_declared_type(written.split("(")[0], reported)
    return written if written and same else reported


def _primary_key(parsed: ParsedTable, names: list[str]) -> PrimaryKey | None:
    """The primary key in PRAGMA order, with what only the SQL says (DESC, COLLATE, name, ON CONFLICT)."""
    if not names:
        return None
    if parsed.primary_key is not None:
        given = {fold(c.name): c for c in parsed.primary_key.columns}
        columns = tuple(
            replace(
                given.get(fold(n), IndexColumn()),
                name=n,
                collate=_collation(given.get(fold(n), IndexColumn()).collate),
            )
            for n in names
        )
        return PrimaryKey(
            columns,
            name=parsed.primary_key.name,
            on_conflict=parsed.primary_key.on_conflict,
            table_level=True,
        )
    draft = next((c for c in parsed.columns if c.primary_key), None)
    if draft is None:
        return PrimaryKey(tuple(IndexColumn(name=n) for n in names))
    return PrimaryKey(
        (IndexColumn(name=names[0], desc=draft.pk_desc),), name=draft.pk_name, on_conflict=draft.pk_conflict
    )


def _foreign_keys(parsed: ParsedTable, rows: list[Row]) -> tuple[ForeignKey, ...]:
    """The PRAGMA's foreign keys, in the order they are written, with names and DEFERRABLE from the SQL."""
    grouped: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[int(str(row[0]))].append(row)
    written = [fk for c in parsed.columns for fk in c.foreign_keys] + parsed.foreign_keys
    found = []
    for members in grouped.values():
        members.sort(key=lambda r: int(str(r[1])))
        columns = tuple(str(r[3]) for r in members)
        to = tuple(str(r[4]) for r in members) if all(r[4] is not None for r in members) else ()
        parent = str(members[0][2])
        match = next(
            (
                fk
                for fk in written
                if fold(fk.table) == fold(parent) and _folded(fk.columns) == _folded(columns)
            ),
            None,
        )
        if match is not None:  # spelled as written (the Turso engine's PRAGMA lower-cases the names)
            columns, parent = match.columns, match.table
            to = match.to if _folded(match.to) == _folded(to) else to
        found.append(
            ForeignKey(
                columns=columns,
                table=parent,
                to=to,
                on_update=FkAction(str(members[0][5]).lower()),
                on_delete=FkAction(str(members[0][6]).lower()),
                deferred=match.deferred if match is not None else False,
                name=match.name if match is not None else "",
            )
        )
    # SQLite numbers foreign keys last-written first: restore the written order.
    order = {(fold(fk.table), _folded(fk.columns)): i for i, fk in enumerate(written)}
    return tuple(sorted(found, key=lambda fk: order.get((fold(fk.table), _folded(fk.columns)), len(order))))


def _folded(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(fold(n) for n in names)


def _fold_checks(
    columns: list[Column], table_checks: list[Check], *, without_rowid: bool
) -> tuple[list[Column], list[Check]]:
    """Unnamed `col IN ('a', ...)` and `json_valid(col)` CHECKs become closed enums and JSON columns."""
    by_name = {fold(c.name): i for i, c in enumerate(columns)}
    out_table = []
    pending: list[tuple[int | None, Check]] = [(None, check) for check in table_checks]
    pending += [(i, check) for i, col in enumerate(columns) for check in col.checks]
    kept: dict[int, list[Check]] = defaultdict(list)
    for owner, check in pending:
        target = _implied(check, by_name, columns) if not check.name else None
        if target is not None:
            i, kind, values = target
            folded = _folded_column(columns[i], kind, values)
            # Only when the spec can say it and the DDL writes the very same CHECK back: `json_valid(x)` on a
            # nullable column refuses NULL on SQLite < 3.45, unlike the `x IS NULL OR json_valid(x)` it
            # would become; an enum of '' or of repeated values has no spec form.
            if folded is not None and canonical(check.sql) in _written_forms(folded, without_rowid):
                columns[i] = folded
                continue
        if owner is None:
            out_table.append(check)
        else:
            kept[owner].append(check)
    columns = [replace(c, checks=tuple(kept.get(i, ()))) for i, c in enumerate(columns)]
    return columns, out_table


def _folded_column(column: Column, kind: str, values: tuple[str, ...]) -> Column | None:
    """The column as a closed enum or a JSON column, when the spec can say it (else None)."""
    distinct = all(values) and len(set(values)) == len(values)
    if kind == "enum" and column.enum is None and affinity(column.type) is Affinity.TEXT and distinct:
        return replace(column, enum=Enum(values))
    if kind == "json" and not column.json and column.type.lower() == "text":
        return replace(column, type="text", json=True, json_schema="{}")
    return None


def _written_forms(column: Column, without_rowid: bool) -> set[str]:
    """The canonical CHECKs the DDL writes for a folded column (`json_valid(x) OR x IS NULL` is the same)."""
    refuses = not_null(column.not_null, primary_key=column.primary_key, without_rowid=without_rowid)
    forms = {canonical(c) for c in column_checks(column, not_null=refuses)}
    if column.json and not refuses:
        q = quote_identifier(column.name)
        forms.add(canonical(f"json_valid({q}) OR {q} IS NULL"))
    return forms


def _implied(
    check: Check, by_name: dict[str, int], columns: list[Column]
) -> tuple[int, str, tuple[str, ...]] | None:
    """(column index, 'enum' | 'json', values) when a CHECK is one the spec writes for enums or JSON."""
    toks = strip_parens(tokenize(check.sql))
    column = _column_ref(toks[:1])
    if (
        column is not None
        and column in by_name
        and len(toks) >= 4
        and toks[1].kw("IN")
        and toks[2].text == "("
    ):
        items = toks[3:-1] if toks[-1].text == ")" else []
        values = [t for t in items if t.text != ","]
        if values and all(t.kind == "string" for t in values) and len(items) == 2 * len(values) - 1:
            return by_name[column], "enum", tuple(t.name for t in values)
    # json_valid(col)  |  col IS NULL OR json_valid(col)  |  json_valid(col) OR col IS NULL
    if len(toks) >= 8 and toks[-4].kw("OR") and toks[-2].kw("IS") and toks[-1].kw("NULL"):
        toks = [toks[-3], toks[-2], toks[-1], toks[-4], *toks[:-4]]  # the same test, written the other way
    # A bare json_valid(col) on a nullable column refuses NULL before SQLite 3.45: not the spec's check.
    nullable_ok = False
    if len(toks) >= 6 and toks[1].kw("IS") and toks[2].kw("NULL") and toks[3].kw("OR"):
        first, toks = _column_ref(toks[:1]), strip_parens(toks[4:])
        if first is None or _json_valid_of(toks) != first:
            return None
        nullable_ok = True
    target = _json_valid_of(toks)
    if target is not None and target in by_name and (nullable_ok or columns[by_name[target]].not_null):
        return by_name[target], "json", ()
    return None


def _column_ref(toks: Sequence[Tok]) -> str | None:
    return fold(toks[0].name) if len(toks) == 1 and toks[0].kind in ("word", "qident") else None


def _json_valid_of(toks: Sequence[Tok]) -> str | None:
    if len(toks) == 4 and toks[0].kw("JSON_VALID") and toks[1].text == "(" and toks[3].text == ")":
        return _column_ref(toks[2:3])
    return None


def _with_indexes(table: Table, pragmas: _Pragmas, index_sql: dict[str, str], written: list[Unique]) -> Table:
    """Indexes and UNIQUE constraints from the PRAGMAs; `<table>_<column>_unique` folds into the column."""
    columns = list(table.columns)
    spelled = {fold(c.name): c.name for c in columns}
    indexes: list[Index] = []
    uniques: list[Unique] = []
    for name, rows in sorted(pragmas.indexes.items()):
        origin = str(rows[0][1])
        # A key on an expression has no name (SQLite: cid -2, name NULL; the Turso engine: cid -1 and the
        # expression's text as its name); a named key is spelled as its column (Turso lower-cases it).
        keys = tuple(
            IndexColumn(
                name=spelled.get(fold(str(r[4])), str(r[4]))
                if int(str(r[3])) >= 0 and r[4] is not None
                else "",
                desc=bool(r[5]),
                collate=_collation(r[6]),
            )
            for r in rows
        )
        if origin == "pk":
            continue
        if origin == "u":
            match = next((u for u in written if _folded(u.names) == _folded([k.name for k in keys])), None)
            if match is not None:  # the collation written, not the one a key inherits from its column
                keys = tuple(replace(k, collate=w.collate) for k, w in zip(keys, match.columns, strict=True))
            uniques.append(
                Unique(keys, name=match.name if match else "", on_conflict=match.on_conflict if match else "")
            )
            continue
        sql = index_sql.get(name)
        if sql is None:
            continue
        index = parse_create_index(sql)
        merged = tuple(  # a key's collation as written: one inherited from its column is not said again
            replace(k, expr=p.expr if not k.name else "", collate=p.collate)  # BINARY too: it may override
            for k, p in zip(keys, index.columns, strict=False)
        )
        index = replace(index, table=table.name, columns=merged, unique=bool(rows[0][0]))
        sole = merged[0].name if len(merged) == 1 and merged[0].plain else ""
        if index.unique and not index.where and sole and index.name == unique_index_name(table.name, sole):
            pos = next((i for i, c in enumerate(columns) if fold(c.name) == fold(sole)), None)
            whole_key = pos is not None and columns[pos].primary_key and len(table.primary_key) == 1
            if pos is not None and not whole_key:
                columns[pos] = replace(columns[pos], unique=True)
                continue
        indexes.append(index)
    # SQLite makes no index for a UNIQUE on exactly the primary key's columns (in its order, collations
    # alike); the DDL said it all the same, and the spec keeps what the DDL said.
    key = _folded(table.pk.names) if table.pk is not None else ()
    said = {_folded(u.names) for u in uniques}
    for unique in written:
        if key and _folded(unique.names) == key and key not in said:
            uniques.append(unique)
            said.add(key)
    return replace(
        table,
        columns=tuple(columns),
        indexes=tuple(sorted(indexes, key=lambda ix: ix.name)),
        uniques=tuple(uniques),
    )


def schema_rows(rows: Sequence[Row]) -> list[tuple[str, str, str, str | None]]:
    """Type-check raw sqlite_schema rows (type, name, tbl_name, sql)."""
    return [(str(a), str(b), str(c), None if d is None else str(d)) for a, b, c, d in rows]


__all__ = [
    "INTROSPECTION",
    "SCHEMA_SQL",
    "SCHEMA_VERSION_SQL",
    "build_live",
    "ignored",
    "introspect",
    "schema_rows",
]
