"""Read a live schema: the rows of sqlite_schema, parsed with sqlglot into the model the spec builds.

Anything the model cannot express exactly (an unknown CHECK, a COLLATE, an expression DEFAULT, a partial
index, a view, a trigger) is kept as raw SQL in an `extra` field, so a plan sees a difference and rebuilds
or drops it instead of silently ignoring it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import sqlglot
from sqlglot import Token, TokenType, exp
from sqlglot.dialects.sqlite import SQLite

from generator.db import Database, Row
from generator.errors import DatabaseError
from generator.model import Column, Enum, ForeignKey, Index, Schema, SchemaObject, Table, unique_index_name
from generator.sqlite.ddl import quote_identifier

SCHEMA_SQL = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid"
SCHEMA_VERSION_SQL = "SELECT schema_version FROM pragma_schema_version"
IGNORED_PREFIXES = ("sqlite_", "_litestream_", "libsql_", "_schemagen_")

# SQLite ends a column's declared type at the first of these words (lang_createtable.html, column-def).
_CONSTRAINT_WORDS = frozenset(
    {
        "CONSTRAINT",
        "PRIMARY",
        "NOT",
        "NULL",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "COLLATE",
        "REFERENCES",
        "GENERATED",
        "AS",
    }
)
_TABLE_CONSTRAINT_WORDS = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"})
_EXACT_TYPES = {"text": "text", "integer": "integer", "real": "real", "blob": "blob"}
_FK_ACTIONS = {"NO ACTION", "RESTRICT", "SET NULL", "SET DEFAULT", "CASCADE"}

# sqlglot logs a warning when it falls back to an opaque Command; we detect that case ourselves.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

SchemaRow = tuple[str, str, str, "str | None"]


def ignored(name: str) -> bool:
    """True for internal objects of SQLite, libSQL, Litestream and schemagen itself."""
    return name.lower().startswith(IGNORED_PREFIXES)


def introspect(db: Database) -> Schema:
    """Read the live schema of `db` in one request."""
    (rows,) = db.pipeline([SCHEMA_SQL])
    return parse_schema_rows(schema_rows(rows))


def schema_rows(rows: Sequence[Row]) -> list[tuple[str, str, str, str | None]]:
    """Type-check raw sqlite_schema rows (type, name, tbl_name, sql)."""
    out = []
    for row in rows:
        kind, name, table, sql = row
        out.append((str(kind), str(name), str(table), None if sql is None else str(sql)))
    return out


def parse_schema_rows(rows: list[tuple[str, str, str, str | None]]) -> Schema:
    """Build the model from `SELECT type, name, tbl_name, sql FROM sqlite_schema` rows."""
    tables: dict[str, Table] = {}
    indexes: list[tuple[str, str]] = []
    objects: list[SchemaObject] = []
    for kind, name, table, sql in rows:
        if ignored(name) or ignored(table) or sql is None:
            continue
        if kind == "table":
            if sql.lstrip().upper().startswith("CREATE VIRTUAL"):
                objects.append(SchemaObject("virtual table", name, table, _flat(sql)))
            else:
                tables[name] = parse_create_table(name, sql)
        elif kind == "index":
            indexes.append((table, sql))
        else:
            objects.append(SchemaObject(kind, name, table, _flat(sql)))
    by_table: dict[str, list[Index]] = {}
    for table, sql in indexes:
        if table in tables:
            by_table.setdefault(table, []).append(parse_create_index(table, sql))
    for name, found in by_table.items():
        tables[name] = _attach_indexes(tables[name], found)
    return Schema(
        tables=tuple(tables.values()), objects=tuple(sorted(objects, key=lambda o: (o.type, o.name)))
    )


def _attach_indexes(table: Table, indexes: list[Index]) -> Table:
    """Fold drizzle-style `<table>_<column>_unique` indexes back into `unique: true` columns."""
    columns = list(table.columns)
    kept = []
    for index in indexes:
        implied = index.unique and not index.extra and len(index.columns) == 1
        name = index.columns[0] if implied else ""
        if implied and index.name == unique_index_name(table.name, name) and table.has_column(name):
            pos = next(i for i, c in enumerate(columns) if c.name == name)
            if not columns[pos].primary_key:
                columns[pos] = replace(columns[pos], unique=True)
                continue
        kept.append(index)
    return replace(table, columns=tuple(columns), indexes=tuple(sorted(kept, key=lambda ix: ix.name)))


def _flat(sql: str) -> str:
    """Whitespace collapsed: the display and comparison form of raw SQL."""
    return " ".join(sql.split())


def _tokens(sql: str, what: str) -> list[Token]:
    try:
        return list(SQLite().tokenize(sql))
    except sqlglot.errors.SqlglotError as err:
        raise DatabaseError(f"cannot read the live definition of {what}: {_flat(str(err))}") from None


def _word(token: Token) -> str:
    """The first word of a token, upper-cased (sqlglot makes `PRIMARY KEY` one token)."""
    return token.text.upper().split(maxsplit=1)[0] if token.text.strip() else ""


def _text(sql: str, tokens: Sequence[Token]) -> str:
    """The original SQL spanned by `tokens`, whitespace collapsed."""
    return _flat(sql[tokens[0].start : tokens[-1].end + 1]) if tokens else ""


@dataclass
class _ColumnDraft:
    """A column being assembled from its definition and the table's constraints."""

    name: str
    type: str = "blob"
    not_null: bool = False
    primary_key: bool = False
    autoincrement: bool = False
    default: str | int | float | None = None
    enum: tuple[str, ...] | None = None
    json: bool = False
    references: ForeignKey | None = None
    extra: list[str] = field(default_factory=list)

    def build(self, single_pk: bool) -> Column:
        ctype = self.type
        extra = list(self.extra)
        if self.json:
            if ctype == "text":
                ctype = "json"
            else:
                extra.append(f"CHECK (json_valid({self.name}))")
        # An INTEGER PRIMARY KEY is the rowid: NULL is impossible whether or not NOT NULL is written.
        rowid = self.primary_key and single_pk and ctype == "integer"
        return Column(
            name=self.name,
            type=ctype,
            not_null=self.not_null or rowid,
            primary_key=self.primary_key,
            autoincrement=self.autoincrement,
            default=self.default,
            enum=Enum(values=self.enum) if self.enum is not None else None,
            references=self.references,
            json_schema="{}" if ctype == "json" else None,
            extra=tuple(extra),
        )


def parse_create_table(name: str, sql: str) -> Table:
    """Parse one CREATE TABLE statement into a Table (raw extras for what the model cannot hold)."""
    tokens = _tokens(sql, f"table {name}")
    start = next((i for i, t in enumerate(tokens) if t.token_type == TokenType.L_PAREN), None)
    if start is None:
        raise DatabaseError(
            f"cannot read the live definition of table {name}: no column list in {_flat(sql)}"
        )
    items: list[list[Token]] = [[]]
    depth, end = 0, len(tokens)
    for i in range(start + 1, len(tokens)):
        tok = tokens[i]
        if tok.token_type == TokenType.L_PAREN:
            depth += 1
        elif tok.token_type == TokenType.R_PAREN:
            if depth == 0:
                end = i
                break
            depth -= 1
        elif tok.token_type == TokenType.COMMA and depth == 0:
            items.append([])
            continue
        items[-1].append(tok)
    drafts: dict[str, _ColumnDraft] = {}
    table_extra: list[str] = []
    constraints: list[list[Token]] = []
    for item in items:
        if not item:
            continue
        first = item[0]
        if first.token_type != TokenType.IDENTIFIER and _word(first) in _TABLE_CONSTRAINT_WORDS:
            constraints.append(item)
        else:
            draft = _parse_column(sql, item)
            drafts[draft.name] = draft
    pk_order: list[str] = []
    for item in constraints:
        _apply_table_constraint(sql, item, drafts, table_extra, pk_order)
    options = _text(sql, tokens[end + 1 :]).rstrip(";").strip()
    if options:
        table_extra.append(options)
    in_order = [d.name for d in drafts.values() if d.name in pk_order]
    if pk_order and pk_order != in_order:
        table_extra.append(f"PRIMARY KEY ({', '.join(pk_order)})")
    single_pk = sum(d.primary_key for d in drafts.values()) == 1
    return Table(
        name=name, columns=tuple(d.build(single_pk) for d in drafts.values()), extra=tuple(table_extra)
    )


def _parse_column(sql: str, item: list[Token]) -> _ColumnDraft:
    draft = _ColumnDraft(name=item[0].text)
    rest = item[1:]
    cut = next(
        (
            i
            for i, t in enumerate(rest)
            if t.token_type != TokenType.IDENTIFIER and _word(t) in _CONSTRAINT_WORDS
        ),
        len(rest),
    )
    declared = _text(sql, rest[:cut])
    draft.type = _EXACT_TYPES.get(declared.lower(), "")
    if not draft.type:
        draft.type = _affinity(declared)
        draft.extra.append(f"type {declared or '(none)'}")
    body = _text(sql, rest[cut:])
    if not body:
        return draft
    quoted = quote_identifier(draft.name)
    # A placeholder type: without one sqlglot would read a leading CHECK(...) as a type name.
    parsed = _parse(f"CREATE TABLE _t ({quoted} BLOB {body})")
    if parsed is None:
        draft.extra.append(body)
        return draft
    coldef = parsed.this.expressions[0]
    for constraint in coldef.args.get("constraints") or []:
        _apply_column_constraint(draft, constraint.args.get("kind"))
    return draft


def _parse(sql: str) -> exp.Create | None:
    """sqlglot's parse, or None when it cannot (or only as an opaque Command)."""
    try:
        parsed = sqlglot.parse_one(sql, dialect="sqlite")
    except sqlglot.errors.SqlglotError:
        return None
    return (
        parsed if isinstance(parsed, exp.Create) and isinstance(parsed.this, exp.Schema | exp.Index) else None
    )


def _affinity(declared: str) -> str:
    """The model type closest to SQLite's affinity rules for a declared type (lang_datatype3.html 3.1)."""
    upper = declared.upper()
    if "INT" in upper:
        return "integer"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if not upper or "BLOB" in upper:
        return "blob"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "real"
    return "integer"  # NUMERIC affinity; the raw type is kept in `extra`, so it never compares equal


def _apply_column_constraint(draft: _ColumnDraft, kind: exp.Expression | None) -> None:
    if isinstance(kind, exp.PrimaryKeyColumnConstraint):
        draft.primary_key = True
        if kind.args.get("desc"):
            draft.extra.append("PRIMARY KEY DESC")
    elif isinstance(kind, exp.AutoIncrementColumnConstraint):
        draft.autoincrement = True
    elif isinstance(kind, exp.NotNullColumnConstraint):
        if not kind.args.get("allow_null"):
            draft.not_null = True
    elif isinstance(kind, exp.DefaultColumnConstraint):
        value, ok = _default(kind.this)
        if ok:
            draft.default = value
        else:
            draft.extra.append(f"DEFAULT {kind.this.sql(dialect='sqlite')}")
    elif isinstance(kind, exp.CheckColumnConstraint):
        if not _apply_check(kind.this, {draft.name: draft}):
            draft.extra.append(f"CHECK ({kind.this.sql(dialect='sqlite')})")
    elif isinstance(kind, exp.Reference):
        fk = _foreign_key(kind)
        if fk is None or draft.references is not None:
            draft.extra.append(kind.sql(dialect="sqlite"))
        else:
            draft.references = fk
    elif kind is not None:
        draft.extra.append(kind.sql(dialect="sqlite"))


def _default(value: exp.Expression) -> tuple[str | int | float | None, bool]:
    """A DEFAULT expression as a model literal; (None, False) when it is not a plain literal."""
    while isinstance(value, exp.Paren):
        value = value.this
    if isinstance(value, exp.Null):
        return None, True
    if isinstance(value, exp.Boolean):
        return int(bool(value.this)), True
    if isinstance(value, exp.Literal):
        return (value.this, True) if value.is_string else (_number(value.this), True)
    if isinstance(value, exp.Neg) and isinstance(value.this, exp.Literal) and not value.this.is_string:
        return -_number(value.this.this), True
    # SQLite reads DEFAULT "pending" as the string 'pending' (a double-quoted word with no column to name).
    if isinstance(value, exp.Column) and not value.table and value.this.args.get("quoted"):
        return value.name, True
    return None, False


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _apply_check(expr: exp.Expression, drafts: dict[str, _ColumnDraft]) -> bool:
    """Map `col IN ('a', ...)` to a closed enum and `json_valid(col)` to a JSON column; False if neither."""
    while isinstance(expr, exp.Paren):
        expr = expr.this
    if isinstance(expr, exp.Or) and _is_null_test(expr.this):
        # `col IS NULL OR json_valid(col)`: the spelling ddl.py uses for nullable JSON columns.
        inner = expr.expression
        while isinstance(inner, exp.Paren):
            inner = inner.this
        args = (
            inner.expressions
            if isinstance(inner, exp.Anonymous)
            else [inner.this]
            if isinstance(inner, exp.In)
            else []
        )
        if len(args) == 1 and isinstance(args[0], exp.Column) and args[0].name == expr.this.this.name:
            expr = inner
    if isinstance(expr, exp.In) and isinstance(expr.this, exp.Column) and not expr.args.get("query"):
        draft = drafts.get(expr.this.name)
        values = expr.expressions
        if (
            draft is not None
            and draft.enum is None
            and values
            and all(isinstance(v, exp.Literal) and v.is_string for v in values)
        ):
            draft.enum = tuple(v.this for v in values)
            return True
    if (
        isinstance(expr, exp.Anonymous)
        and str(expr.this).lower() == "json_valid"
        and len(expr.expressions) == 1
    ):
        arg = expr.expressions[0]
        draft = drafts.get(arg.name) if isinstance(arg, exp.Column) else None
        if draft is not None and not draft.json:
            draft.json = True
            return True
    return False


def _is_null_test(expr: exp.Expression) -> bool:
    """True for `column IS NULL`."""
    return (
        isinstance(expr, exp.Is)
        and isinstance(expr.this, exp.Column)
        and isinstance(expr.expression, exp.Null)
    )


def _foreign_key(ref: exp.Reference) -> ForeignKey | None:
    """A single-column foreign key with ON DELETE/UPDATE actions only; None for anything else."""
    target = ref.this
    if not isinstance(target, exp.Schema) or len(target.expressions) != 1 or ref.args.get("expressions"):
        return None
    actions = {"DELETE": "no action", "UPDATE": "no action"}
    for option in ref.args.get("options") or []:
        words = str(option).upper().split(maxsplit=2)
        if len(words) != 3 or words[0] != "ON" or words[1] not in actions or words[2] not in _FK_ACTIONS:
            return None
        actions[words[1]] = words[2].lower()
    return ForeignKey(
        table=target.this.name,
        column=target.expressions[0].name,
        on_delete=actions["DELETE"],
        on_update=actions["UPDATE"],
    )


def _apply_table_constraint(
    sql: str, item: list[Token], drafts: dict[str, _ColumnDraft], extra: list[str], pk_order: list[str]
) -> None:
    text = _text(sql, item)
    parsed = _parse(f"CREATE TABLE _t (_c, {text})")
    node = parsed.this.expressions[1] if parsed is not None and len(parsed.this.expressions) == 2 else None
    if isinstance(node, exp.PrimaryKey):
        names = [e.name for e in node.expressions]
        if all(n in drafts for n in names) and all(isinstance(e, exp.Identifier) for e in node.expressions):
            for n in names:
                drafts[n].primary_key = True
            pk_order.extend(names)
            return
    elif isinstance(node, exp.ForeignKey):
        ref = node.args.get("reference")
        fk = _foreign_key(ref) if isinstance(ref, exp.Reference) else None
        cols = node.expressions
        if (
            fk is not None
            and len(cols) == 1
            and cols[0].name in drafts
            and drafts[cols[0].name].references is None
        ):
            drafts[cols[0].name].references = fk
            return
    elif isinstance(node, exp.CheckColumnConstraint):
        if _apply_check(node.this, drafts):
            return
        extra.append(f"CHECK ({node.this.sql(dialect='sqlite')})")
        return
    extra.append(node.sql(dialect="sqlite") if node is not None else text)


def parse_create_index(table: str, sql: str) -> Index:
    """Parse one CREATE INDEX statement (anything but plain column lists is kept in `extra`)."""
    parsed = _parse(sql)
    if parsed is None or not isinstance(parsed.this, exp.Index):
        tokens = _tokens(sql, f"an index on {table}")
        name = next(
            (
                t.text
                for t in tokens
                if t.text.upper() not in {"CREATE", "UNIQUE", "INDEX", "IF", "NOT", "EXISTS"}
            ),
            "",
        )
        return Index(name=name, table=table, columns=(), extra=(_flat(sql),))
    index = parsed.this
    params = index.args.get("params")
    columns: list[str] = []
    plain = params is not None and not params.args.get("where")
    for ordered in (params.args.get("columns") or []) if params is not None else []:
        inner = ordered.this if isinstance(ordered, exp.Ordered) else ordered
        if isinstance(inner, exp.Column) and not (
            isinstance(ordered, exp.Ordered) and ordered.args.get("desc")
        ):
            columns.append(inner.name)
        else:
            plain = False
    extra = () if plain else (parsed.sql(dialect="sqlite"),)
    return Index(
        name=index.name,
        table=table,
        columns=tuple(columns),
        unique=bool(parsed.args.get("unique")),
        extra=extra,
    )
