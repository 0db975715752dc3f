"""The Drizzle ORM module (TypeScript, `drizzle-orm/sqlite-core`) the app can import instead of its
hand-written `shared/schema.ts`.

Every table under its `variable`, every column under its property name with its SQL name, in spec order;
keys, NOT NULL, SQL and app defaults, UNIQUE, foreign keys, indexes, every CHECK and the views, as far as
Drizzle can state them (generator.emit.codegen.expressible says what it cannot; the module shows it as
comments). JSON columns are TEXT typed `JsonText<Shape>`: the app keeps calling JSON.stringify and
JSON.parse itself, and the shape is a named, exported type. drizzle-zod insert schemas come from the spec.
"""

from __future__ import annotations

import re

from msgspec import Struct, field

from generator.emit.codegen.expressible import Omission, drizzle_schema
from generator.emit.codegen.names import Namer, is_ts_identifier, pascal, ts_identifier, ts_key, ts_member
from generator.emit.codegen.parts import CustomType, TsColumn, TsShape, TsTable, TsView
from generator.emit.codegen.typescript import (
    chain_lines,
    doc_comment,
    import_line,
    literal,
    sql_tag,
    template_literal,
    ts_type,
)
from generator.emit.codegen.zod import insert_schema_lines, prop
from generator.emit.escape import sql_fragment, ts_comment, ts_string
from generator.emit.header import generated_by
from generator.emit.templates import make_env, tidy
from generator.model import Column, ForeignKey, Index, IndexColumn, Schema, Table, View, camel_case
from generator.model.shape import column_shape
from generator.model.types import value_kind
from generator.sqlite import ddl
from generator.sqlite.memory import view_columns
from generator.sqlite.tokens import strip_parens, tokenize
from generator.words import wrap

PATH = "drizzle/schema.ts"
_WIDTH = 100
BUILTINS = ("text", "integer", "real")  # declared types with a Drizzle builder of the same SQL type
# The TypeScript value of a custom type, by what SQLite stores in a column of that declared type.
_DATA_TYPES = {
    "text": "string",
    "integer": "number",
    "real": "number",
    "numeric": "number | string",
    "blob": "ArrayBuffer | Uint8Array",
    "any": "unknown",
}
_BOOLEANS = ("boolean", "bool")  # declared types the app reads as true / false, stored as 0 / 1
_BOOLEAN_CONVERT = "toDriver: (value) => (value ? 1 : 0), fromDriver: (value) => value !== 0"
# Timestamps as the spec says they are stored (spec/FORMAT.md): text in a format, or unix time as an integer,
# which the app reads as a Date the way integer({ mode }) does (drizzle-orm's SQLiteTimestamp).
_EPOCH_CONVERT = {
    "timestamp": "toDriver: (value) => Math.floor(value.getTime() / 1000),\n"
    "  fromDriver: (value) => new Date(value * 1000)",
    "timestamp_ms": "toDriver: (value) => value.getTime(),\n  fromDriver: (value) => new Date(value)",
}
_EPOCH_STORED = {"timestamp": "unix seconds", "timestamp_ms": "unix milliseconds"}
_EPOCH_NAMES = {"timestamp": "Unix", "timestamp_ms": "UnixMs"}
_TEXT_TIME = re.compile(r"current_(timestamp|date|time)|(?<![a-z_])(datetime|date|time|strftime)\(")
_EPOCH = re.compile(r"unixepoch\(|strftime\('%s'")  # seconds; times 1000: milliseconds
_MILLIS = re.compile(r"\*1000(?![0-9.])")
_JULIAN = re.compile(r"julianday\(.*\*86400(000)?(?![0-9.])")  # days since 1970 times 86400(000)
_APP_DEFAULTS = {"uuid": "() => crypto.randomUUID()", "now": "() => new Date().toISOString()"}
_CORE = frozenset(
    {
        "sqliteTable",
        "sqliteView",
        "customType",
        "text",
        "integer",
        "real",
        "index",
        "uniqueIndex",
        "primaryKey",
        "foreignKey",
        "check",
    }
)
# Names the module declares or imports itself: a table variable or type never takes one of them.
_OWN_NAMES = _CORE | {"sql", "createInsertSchema", "z", "AnySQLiteColumn", "JsonText", "JsonValue"}
_OWN_NAMES |= {"parseJson", "toJson", "jsonShape"}


class _Module(Struct):
    """What the template needs, gathered while walking the model."""

    schema: Schema
    names: Namer
    custom: dict[str, CustomType] = field(default_factory=dict)
    imports: set[str] = field(default_factory=set)
    variables: dict[str, str] = field(default_factory=dict)  # table name -> variable
    order: dict[str, int] = field(default_factory=dict)  # table name -> its place in the module
    uses_columns: bool = False  # set while a table's extra config refers to its columns


def render(schema: Schema, generated: str = "") -> dict[str, str]:
    """The Drizzle module: `drizzle/schema.ts` (`generated`: its first sentence, see emit/header.py)."""
    reduced, omissions = drizzle_schema(schema)
    mod = _Module(reduced, Namer(_OWN_NAMES | _spec_exports(schema)), imports={"sqliteTable"})
    mod.variables = _variables(reduced, mod.names)
    mod.order = {name: i for i, name in enumerate(mod.variables)}
    checks = Namer(frozenset(c.name for t in reduced.tables for c in t.all_checks if c.name))
    tables = [_table(mod, t, omissions, checks) for t in reduced.tables]
    columns = view_columns(schema) if reduced.views else {}  # the whole schema: views may read anything
    views = [_view(mod, v, columns.get(v.name, ())) for v in reduced.views]
    exports = [
        line for t in reduced.tables for line in insert_schema_lines(t, mod.variables[t.name], mod.imports)
    ]
    core = sorted(mod.imports & _CORE) + (
        ["type AnySQLiteColumn"] if "AnySQLiteColumn" in mod.imports else []
    )
    text = (
        make_env()
        .get_template("drizzle_schema.ts.j2")
        .render(
            header=_header(schema, [o for o in omissions if not _owner(o)], generated or generated_by()),
            tables=tables,
            views=views,
            custom=sorted(mod.custom.values(), key=lambda c: c.variable),
            exports=exports,
            core_imports=import_line(core, "drizzle-orm/sqlite-core"),
            imports=mod.imports,
        )
    )
    return {PATH: tidy(text)}


def table_variables(schema: Schema) -> dict[str, str]:
    """Each table's variable in the module: its `variable` (or camelCase name), made a safe, unique name."""
    return _variables(schema, Namer(_OWN_NAMES | _spec_exports(schema)))


def _spec_exports(schema: Schema) -> frozenset[str]:
    """The names the spec gives the insert schemas and row types (nothing else may take them)."""
    names: set[str] = set()
    for table in schema.tables:
        insert = table.drizzle.insert_schema
        names |= {table.drizzle.select_type} | ({insert.name, insert.type} if insert else set())
    return frozenset(names - {""})


def _variables(schema: Schema, names: Namer) -> dict[str, str]:
    out = {}
    for table in schema.tables:
        wanted = table.drizzle.variable or camel_case(table.name)
        out[table.name] = names.take(wanted if is_ts_identifier(wanted) else ts_identifier(wanted))
    return out


def _header(schema: Schema, elsewhere: list[Omission], generated: str) -> list[str]:
    """The module's opening comment lines."""
    about = (
        f"The Drizzle ORM schema (drizzle-orm/sqlite-core) of {schema.title or schema.name or 'the database'}"
        ":"
        " every table in spec order, each column under its property name and SQL name, with its keys,"
        " defaults, indexes and CHECKs. JSON columns are TEXT that holds JSON, typed JsonText<Shape>: a"
        " string, so JSON.stringify and JSON.parse work as before, that carries the exported type of its"
        " parsed value (see parseJson and toJson)."
    )
    lines = [
        generated,  # one line, so the command can be copied whole
        "",
        *wrap(ts_comment(about), _WIDTH - 3),
    ]
    if elsewhere:
        lines += ["", "Not stated here (Drizzle cannot say it; `schemagen push` creates it, see schema.sql):"]
        for o in elsewhere:
            item = f"{o.place}: {o.what} ({o.why.split(';')[0]})"
            lines += wrap(ts_comment(item), _WIDTH - 3, initial_indent="- ", subsequent_indent="  ")
    return [f"// {ts_comment(line)}".rstrip() for line in lines]


def _owner(omission: Omission) -> str:
    """The table an omission is about ('' for views, triggers and virtual tables)."""
    if omission.place.startswith(("view ", "trigger ", "virtual table ")):
        return ""
    return omission.place.split("(")[0].split(".")[0]


def _note(omission: Omission, pad: str) -> str:
    return f"{pad}// Not stated here: {ts_comment(omission.what)}: {ts_comment(omission.why)}."


def _table(mod: _Module, table: Table, omissions: tuple[Omission, ...], checks: Namer) -> TsTable:
    inline = _inline_fks(table)
    shapes: list[TsShape] = []
    columns: list[TsColumn] = []
    for col in table.columns:
        shape_name = ""
        if col.json:
            shape = column_shape(col)
            shape_name = mod.names.take(pascal(table.name, col.name))
            shapes.append(TsShape(shape_name, ts_type(shape.type), tuple(doc_comment(shape.description))))
        place = f"{table.name}.{col.name}"
        notes = tuple(_note(o, "  ") for o in omissions if o.place == place)
        columns.append(_column(mod, table, col, shape_name, inline.get(col.name), notes))
    mod.uses_columns = False
    extras = tuple(_extras(mod, table, inline, checks))
    return TsTable(
        variable=mod.variables[table.name],
        name=ts_string(table.name),
        columns=tuple(columns),
        extras=extras,
        uses_columns=mod.uses_columns,
        shapes=tuple(shapes),
        doc=tuple(doc_comment(table.docs.description)),
        notes=tuple(_note(o, "") for o in omissions if _owner(o) == table.name and "." not in o.place),
    )


def _column(
    mod: _Module, table: Table, col: Column, shape_name: str, fk: ForeignKey | None, notes: tuple[str, ...]
) -> TsColumn:
    builder = _builder(mod, col.type, time_storage(col))
    enum: list[str] = []
    typed: list[str] = []
    values = [literal(v) for v in col.enum.values] if col.enum is not None else []
    if col.json:
        typed = [f"JsonText<{shape_name}>"]
    elif values and col.closed_enum is not None and builder == "text":
        enum = values  # text({ enum }): drizzle-zod makes it a z.enum
    elif values:
        typed = values if col.closed_enum is not None else [*values, "(string & {})"]
    inline_pk = table.pk is not None and table.pk.names == (col.name,)
    chain: list[str] = []
    if inline_pk:
        chain.append(".primaryKey({ autoIncrement: true })" if col.autoincrement else ".primaryKey()")
    if col.not_null and not inline_pk:  # primaryKey() says NOT NULL itself
        chain.append(".notNull()")
    converted = builder.endswith(")") or any(c.variable == builder and c.driver for c in mod.custom.values())
    if col.default is not None and converted:  # the app's value (true, a Date) is not the stored one
        mod.imports.add("sql")
        chain.append(f".default({sql_tag(literal(col.default))})")
    elif col.default is not None:
        chain.append(f".default({literal(col.default)})")
    elif col.default_expr is not None and not col.null_default:  # Drizzle's columns default to NULL
        mod.imports.add("sql")
        chain.append(f".default({sql_tag(_parenthesized(col.default_expr))})")
    if col.app.default is not None:
        chain.append(f".$defaultFn({_APP_DEFAULTS[col.app.default]})")
    if col.unique and not inline_pk:
        chain.append(".unique()")
    if fk is not None:
        chain.append(f".references({_reference(mod, table, fk.table, fk.to[0])}{_actions(fk, ', {{ {} }}')})")
    if col.generated is not None:
        mod.imports.add("sql")
        mode = "stored" if col.generated.stored else "virtual"
        chain.append(f'.generatedAlwaysAs({sql_tag(col.generated.sql)}, {{ mode: "{mode}" }})')
    call, _, mode = builder.partition("(")  # `integer({ mode: "timestamp" })`: the mode after the name
    head = f"{ts_key(prop(col))}: {call}({ts_string(col.name)}" + (f", {mode[:-1]}" if mode else "")
    return TsColumn(
        tuple(chain_lines(head, enum, typed, chain)), tuple(doc_comment(col.docs.description, "  ")), notes
    )


def time_storage(col: Column) -> str:
    """How the spec says a date-typed column stores its time: "text" (a `format:`, or a text default such
    as CURRENT_TIMESTAMP), "timestamp" (unix seconds: a `unixepoch()` default) or
    "timestamp_ms" (milliseconds: such a default times 1000); "" when it does not say (or is not one)."""
    if col.json or value_kind(col.type) not in ("integer", "numeric"):
        return ""
    numeric = value_kind(col.type) == "numeric"
    if numeric and col.format:
        return "text"
    expr = re.sub(r"\s+", "", (col.default_expr or "").lower())
    if julian := _JULIAN.search(expr):
        return "timestamp_ms" if julian.group(1) else "timestamp"
    if _EPOCH.search(expr):
        return "timestamp_ms" if _MILLIS.search(expr) else "timestamp"
    return "text" if numeric and _TEXT_TIME.search(expr) else ""


def _builder(mod: _Module, declared: str, time: str = "") -> str:
    """The column builder of a declared type: text/integer/real, else a customType of exactly that type;
    a timestamp stored as unix time is a Date (`integer({ mode })`, or a customType that converts alike)."""
    low = declared.strip().lower()
    if low == "integer" and time in _EPOCH_CONVERT:
        mod.imports.add(low)
        return f'integer({{ mode: "{time}" }})'
    if low in BUILTINS:
        mod.imports.add(low)
        return low
    key = f"{declared}\0{time}" if time else declared  # one declared type, stored two ways: two types
    if key not in mod.custom:
        variable = _type_variable(declared)
        if time in _EPOCH_NAMES:  # timestampType (text) beside timestampUnixType
            variable = variable[: -len("Type")] + _EPOCH_NAMES[time] + "Type"
        variable = mod.names.take(variable)
        if low in _BOOLEANS:  # what integer({ mode: "boolean" }) gives, keeping the declared type exact
            mod.custom[key] = CustomType(variable, declared, "boolean", "number", _BOOLEAN_CONVERT)
        elif time in _EPOCH_CONVERT:  # what integer({ mode }) gives, keeping the declared type exact
            convert = _EPOCH_CONVERT[time]
            mod.custom[key] = CustomType(variable, declared, "Date", "number", convert, _EPOCH_STORED[time])
        else:
            mod.custom[key] = CustomType(
                variable, declared, "string" if time else _DATA_TYPES[value_kind(declared)]
            )
        mod.imports.add("customType")
    return mod.custom[key].variable


def _type_variable(declared: str) -> str:
    """`NVARCHAR(120)` -> `nvarchar120Type`, `NUMERIC(10,2)` -> `numeric10_2Type`, none -> `untypedType`."""
    words = re.findall(r"[A-Za-z0-9]+", declared.lower())
    text = ""
    for i, word in enumerate(words):
        text += "_" + word if i and word[0].isdigit() and words[i - 1][-1].isdigit() else word
    return ts_identifier((text or "untyped") + "Type")


def _parenthesized(expr: str) -> str:
    """An expression default in parentheses (drizzle-kit writes `DEFAULT <the SQL as given>`)."""
    toks = tokenize(expr)
    return expr.strip() if len(strip_parens(toks)) < len(toks) else f"({expr.strip()})"


def _reference(mod: _Module, table: Table, parent: str, column: str) -> str:
    """The `.references()` callback; typed when the parent is this table or declared further down."""
    target = mod.schema.table(parent)  # the declared table SQLite resolves the name to
    member = ts_member(mod.variables[target.name], prop(target.column(column)))
    if mod.order[target.name] >= mod.order[table.name]:
        mod.imports.add("AnySQLiteColumn")
        return f"(): AnySQLiteColumn => {member}"
    return f"() => {member}"


def _actions(fk: ForeignKey, form: str) -> str:
    """The actions other than NO ACTION (drizzle-kit's default) in `form`, '' when none."""
    pairs = (("onDelete", fk.on_delete), ("onUpdate", fk.on_update))
    parts = [f'{key}: "{value}"' for key, value in pairs if value != "no action"]
    return form.format(", ".join(parts)) if parts else ""


def _inline_fks(table: Table) -> dict[str, ForeignKey]:
    """Single-column foreign keys written on their column (the others go to the table's extra config)."""
    singles = [fk for fk in table.foreign_keys if len(fk.columns) == 1]
    counts: dict[str, int] = {}
    for fk in singles:
        counts[fk.columns[0]] = counts.get(fk.columns[0], 0) + 1
    return {fk.columns[0]: fk for fk in singles if counts[fk.columns[0]] == 1}


def _extras(mod: _Module, table: Table, inline: dict[str, ForeignKey], checks: Namer) -> list[str]:
    """The table's extra config: composite key, indexes, other foreign keys, CHECKs."""
    out: list[str] = []
    pk = table.pk
    if pk is not None and len(pk.columns) > 1:
        mod.imports.add("primaryKey")
        cols = ", ".join(_member(mod, table, n) for n in pk.names)
        out.append(f"primaryKey({{ columns: [{cols}] }})")
    out += [_index(mod, table, ix) for ix in table.indexes]
    for fk in table.foreign_keys:
        if inline.get(fk.columns[0]) is fk:
            continue
        mod.imports.add("foreignKey")
        parent = mod.schema.table(fk.table)
        cols = ", ".join(_member(mod, table, c) for c in fk.columns)
        if parent.name == table.name:
            foreign = ", ".join(_member(mod, table, c) for c in fk.to)
        else:
            foreign = ", ".join(ts_member(mod.variables[parent.name], prop(parent.column(c))) for c in fk.to)
        calls = "".join(f'.{key}("{value}")' for key, value in _action_pairs(fk))
        out.append(f"foreignKey({{ columns: [{cols}], foreignColumns: [{foreign}] }}){calls}")
    for name, expr in _checks(table, checks):
        mod.imports.update(("check", "sql"))
        out.append(f"check({ts_string(name)}, {sql_tag(expr)})")
    return out


def _action_pairs(fk: ForeignKey) -> list[tuple[str, str]]:
    pairs = (("onDelete", fk.on_delete), ("onUpdate", fk.on_update))
    return [(key, value) for key, value in pairs if value != "no action"]


def _member(mod: _Module, table: Table, column: str) -> str:
    mod.uses_columns = True
    return ts_member("t", prop(table.column(column)))


def _index(mod: _Module, table: Table, ix: Index) -> str:
    fn = "uniqueIndex" if ix.unique else "index"
    mod.imports.add(fn)
    if not all(k.plain for k in ix.columns) or ix.where:
        mod.imports.add("sql")
    keys = ", ".join(_index_key(mod, table, k) for k in ix.columns)
    where = f".where({sql_tag(ix.where)})" if ix.where else ""
    return f"{fn}({ts_string(ix.name)}).on({keys}){where}"


def _index_key(mod: _Module, table: Table, key: IndexColumn) -> str:
    """A plain column as `t.prop`; an expression, collation or DESC as the SQL of the key."""
    return _member(mod, table, key.name) if key.plain else sql_tag(ddl.key_sql((key,)))


def _checks(table: Table, names: Namer) -> list[tuple[str, str]]:
    """Every CHECK of the table as (name, SQL): the closed enums, JSON validity, and the written ones.

    Drizzle's check() needs a name: an unnamed CHECK gets `<table>_<column>_<kind>` (the planner matches an
    unnamed spec CHECK with a live one of the same expression, whatever its name).
    """
    out: list[tuple[str, str]] = []
    for col in table.columns:
        kinds = ["enum"] if col.closed_enum is not None else []
        kinds += ["json"] if col.json and col.json_check else []
        for kind, expr in zip(kinds, ddl.column_checks(col, not_null=table.not_null(col)), strict=True):
            out.append((names.take(f"{table.name}_{col.name}_{kind}"), expr))
        out += [(c.name or names.take(f"{table.name}_{col.name}_check"), c.sql) for c in col.checks]
    out += [(c.name or names.take(f"{table.name}_check"), c.sql) for c in table.checks]
    return out


def _view(mod: _Module, view: View, columns: tuple[tuple[str, str], ...]) -> TsView:
    mod.imports.update(("sqliteView", "sql"))
    described = {c.name: c.description for c in view.docs.columns}
    cols = tuple(
        TsColumn(
            (f"  {ts_key(name)}: {_builder(mod, declared)}({ts_string(name)}),",),
            tuple(doc_comment(described.get(name, ""), "  ")),
        )
        for name, declared in columns
    )
    variable = mod.names.take(ts_identifier(camel_case(view.name)))
    name = ts_string(view.name)
    return TsView(
        variable,
        name,
        cols,
        template_literal(sql_fragment(view.sql)),
        tuple(doc_comment(view.docs.description)),
    )
