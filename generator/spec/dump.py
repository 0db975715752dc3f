"""The spec writer, the loader's inverse: the model -> spec data -> YAML text a person would have written.

`spec_data` gives the plain data `build_model` turns back into an equal model (load -> dump -> load is the
identity); `dump_spec` writes it as YAML (generator.spec.yamltext): short types where the declared type is
one, declared types as written, `type: {sql: ...}` for anything the loader would not read as a type;
literal defaults plain, `{value: ...}` for a string that reads as SQL, `{sql: ...}` for a literal the
loader would refuse (a string default on an INTEGER column is legal in SQLite) and for expressions; a
column-level `primary_key: true` where it round-trips, else the table-level key; single-column foreign
keys on their column where that keeps their order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from generator.model import (
    Check,
    Column,
    Docs,
    DrizzleExports,
    ForeignKey,
    Index,
    IndexColumn,
    Schema,
    Table,
    Trigger,
    View,
    VirtualTable,
    camel_case,
)
from generator.spec.columns import default_fits, looks_like_a_type, sql_looking
from generator.spec.yamltext import Comments, write_yaml
from generator.sqlite.ddl import sql_literal

# The short types the spec writes bare (`json` is a JSON column, never a declared type).
_SHORT = frozenset({"text", "integer", "real", "blob"})


def dump_spec(schema: Schema, *, comments: Comments | None = None, header: Sequence[str] = ()) -> str:
    """The spec of `schema` as YAML text; `comments` go above the keys at their spec paths."""
    return write_yaml(spec_data(schema), comments=comments or {}, header=header)


def spec_data(schema: Schema) -> dict[str, Any]:
    """The spec of `schema` as plain data, in the order a person writes it (build_model's inverse)."""
    data: dict[str, Any] = {"version": schema.version}
    if schema.engines != ("libsql",):
        data["engines"] = list(schema.engines)
    _put(data, "name", schema.name)
    _put(data, "title", schema.title)
    _put(data, "description", schema.description)
    if schema.categories:
        data["categories"] = [
            _omit_empty({"name": c.name, "description": c.description}) for c in schema.categories
        ]
    data["tables"] = {t.name: _table(t) for t in schema.tables}
    if schema.views:
        data["views"] = {v.name: _view(v) for v in schema.views}
    if schema.triggers:
        data["triggers"] = {t.name: _trigger(t) for t in schema.triggers}
    if schema.virtual_tables:
        data["virtual_tables"] = {v.name: _virtual(v) for v in schema.virtual_tables}
    if schema.external_tables:
        data["external_tables"] = list(schema.external_tables)
    if schema.functions:
        data["functions"] = {
            f.name: {"arguments": "any" if f.arguments < 0 else f.arguments}
            | _omit_empty({"deterministic": f.deterministic, "sql": f.sql, "description": f.description})
            for f in schema.functions
        }
    if schema.collations:
        data["collations"] = {
            c.name: {"like": c.like} | _omit_empty({"description": c.description}) for c in schema.collations
        }
    flow = schema.data_flow
    if flow.actors or flow.flows:
        data["data_flow"] = {
            "actors": dict(flow.actors),
            "flows": [
                {
                    "name": f.name,
                    "steps": [{"from": s.source, "to": s.target, "label": s.label} for s in f.steps],
                }
                for f in flow.flows
            ],
        }
    if schema.queries:
        data["queries"] = [
            _omit_empty(
                {"id": q.id, "section": q.section, "frequency": q.frequency, "title": q.title, "sql": q.sql}
            )
            for q in schema.queries
        ]
    if schema.docs != Docs():
        data["docs"] = _docs(schema.docs)
    return data


def _docs(docs: Docs) -> dict[str, Any]:
    """The `docs:` section (build_docs' inverse)."""
    pages: dict[str, dict[str, list[Any]]] = {}
    for key, blocks in docs.sections:
        page, section = key.split(".", 1)
        pages.setdefault(page, {})[section] = [
            _omit_empty({"text": b.text, "code": b.code, "lang": b.lang}) if b.code else b.text
            for b in blocks
        ]
    return _omit_empty(
        {
            "database_url": docs.database_url,
            "app_defaults": dict(docs.app_defaults),
            "commands": [{"command": c.command, "description": c.description} for c in docs.commands],
            "environment": [
                _omit_empty({"name": v.name, "description": v.description, "example": v.example})
                for v in docs.environment
            ],
            "security": list(docs.security),
            "troubleshooting": [{"symptom": t.symptom, "fix": t.fix} for t in docs.troubleshooting],
            "pages": pages,
        }
    )


def _empty(value: Any) -> bool:
    """True for what the loader reads as absent: None, '', false, an empty list or mapping."""
    return value is None or value is False or (isinstance(value, str | list | tuple | dict) and not value)


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set `key` unless `value` is empty (the loader's default)."""
    if not _empty(value):
        data[key] = value


def _omit_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if not _empty(v)}


def _renamed(out: dict[str, Any], names: tuple[str, ...]) -> None:
    """`renamed_from`: one earlier name plain, several as a list (newest first)."""
    if names:
        out["renamed_from"] = names[0] if len(names) == 1 else list(names)


def _table(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _renamed(out, table.renamed_from)
    if table.drizzle.variable != camel_case(table.name):
        out["variable"] = table.drizzle.variable
    _put(out, "drizzle", _drizzle(table.drizzle))
    docs = table.docs
    for key in ("category", "description", "estimated_rows", "growth", "storage"):
        _put(out, key, getattr(docs, key))
    _put(out, "migration_phase", docs.migration_phase or None)
    volumes = _omit_empty(
        {"small": docs.volumes.small, "medium": docs.volumes.medium, "large": docs.volumes.large}
    )
    _put(out, "volumes", volumes)
    _put(out, "notes", list(docs.notes))
    _put(out, "strict", table.strict)
    _put(out, "without_rowid", table.without_rowid)
    _put(out, "random_rowid", table.random_rowid)
    inline = _inline_pk(table)
    if table.pk is not None and inline is None:
        out["primary_key"] = _key(table.pk.columns, table.pk.name, table.pk.on_conflict)
    on_column, table_fks = _split_foreign_keys(table)
    out["columns"] = {
        c.name: _column(
            c, inline[1] if inline is not None and c.name == inline[0] else None, on_column.get(c.name)
        )
        for c in table.columns
    }
    if table.uniques:
        out["unique"] = [_key(u.columns, u.name, u.on_conflict) for u in table.uniques]
    if table_fks:
        out["foreign_keys"] = [_table_fk(fk) for fk in table_fks]
    if table.checks:
        out["checks"] = [_check(c) for c in table.checks]
    if table.indexes:
        out["indexes"] = {ix.name: _index(ix) for ix in table.indexes}
    return out


def _drizzle(exports: DrizzleExports) -> dict[str, Any]:
    """The table's `drizzle:` key (what the generated Drizzle module exports besides the table)."""
    out = _omit_empty({"select_type": exports.select_type})
    insert = exports.insert_schema
    if insert is not None:
        out["insert_schema"] = _omit_empty(
            {"name": insert.name, "type": insert.type, "pick": list(insert.pick), "omit": list(insert.omit)}
        )
    return out


def _inline_pk(table: Table) -> tuple[str, Any] | None:
    """(column, its `primary_key` value) when the key is best written on its column, else None.

    The loader makes a column-level key NOT NULL unless `not_null: false` is written: the column form is
    used where the column is NOT NULL (or must be: AUTOINCREMENT lives on the column only).
    """
    pk = table.pk
    if pk is None or len(pk.columns) != 1 or pk.columns[0].collate or pk.table_level:
        return None  # a key written on the table stays there (it decides whether DESC keeps the rowid alias)
    column = table.column(pk.columns[0].name)
    # A DESC key written on its column is said there only (on the table it would be a rowid alias).
    if not (column.not_null or column.autoincrement or pk.columns[0].desc):
        return None
    value = _omit_empty({"desc": pk.columns[0].desc, "on_conflict": pk.on_conflict, "name": pk.name})
    return column.name, value or True


def _split_foreign_keys(table: Table) -> tuple[dict[str, ForeignKey], list[ForeignKey]]:
    """Single-column foreign keys written on their column, and the rest at table level.

    The loader reads column-level `references` first, in column order, then `foreign_keys`: the longest
    run of leading single-column keys in column order goes on the columns, so the order survives.
    """
    order = {c.name: i for i, c in enumerate(table.columns)}
    on_column: dict[str, ForeignKey] = {}
    last = -1
    for i, fk in enumerate(table.foreign_keys):
        if len(fk.columns) != 1 or fk.columns[0] not in order or order[fk.columns[0]] <= last:
            return on_column, list(table.foreign_keys[i:])
        last = order[fk.columns[0]]
        on_column[fk.columns[0]] = fk
    return on_column, []


def column_type(column: Column) -> str | dict[str, str]:
    """A column's `type` as the spec writes it: a short name, the declared type, or {sql: ...}."""
    if column.json:
        return "json"
    declared = column.type
    if declared in _SHORT or (declared not in ("json", "") and looks_like_a_type(declared)):
        return declared
    return {"sql": declared}


def _column(column: Column, pk: Any, fk: ForeignKey | None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": column_type(column)}
    if column.json and not column.json_check:
        out["json_check"] = False
    if pk is not None:
        out["primary_key"] = pk
    _put(out, "autoincrement", column.autoincrement)
    implied = bool(pk)  # the loader's NOT NULL default
    if column.not_null and column.not_null_conflict:
        out["not_null"] = {"on_conflict": column.not_null_conflict}
    elif column.not_null != implied:
        out["not_null"] = column.not_null
    _put(out, "unique", column.unique)
    default = _default(column)
    if default is not None:
        out["default"] = default
    _put(out, "app_default", column.app.default)
    _put(out, "format", column.format)
    _put(out, "collate", column.collate)
    if column.generated is not None:
        out["generated"] = {"sql": column.generated.sql} | (
            {"stored": True} if column.generated.stored else {}
        )
    if fk is not None:
        out["references"] = _column_fk(fk)
    if column.enum is not None:
        out["enum"] = {"values": list(column.enum.values)} | ({"open": True} if column.enum.open else {})
    if column.json_schema is not None:
        out["json"] = _schema_order(json.loads(column.json_schema))
    if column.docs.example is not None:
        out["example"] = json.loads(column.docs.example)
    for key in ("minimum", "maximum"):
        if getattr(column, key) is not None:
            out[key] = getattr(column, key)
    if column.checks:
        out["checks"] = [_check(c) for c in column.checks]
    if column.logical_reference is not None:
        ref = column.logical_reference
        out["logical_reference"] = {"table": ref.table, "column": ref.column} | _label(ref.label)
    if column.app.prop != camel_case(column.name):
        out["property"] = column.app.prop
    _put(out, "description", column.docs.description)
    _renamed(out, column.renamed_from)
    return out


def _default(column: Column) -> Any:
    """A literal plain (`{value: ...}` when it reads as SQL), an expression or a misfit literal `{sql: ...}`.

    SQLite takes any literal on any column (`DEFAULT 'n/a'` on an INTEGER); the spec's checks refuse the
    ones that are most likely mistakes, so those are written as the SQL they are, which loads the same.
    """
    if column.default_expr is not None:
        return {"sql": column.default_expr}
    value = column.default
    if value is None:
        return None
    written: Any = {"value": value} if isinstance(value, str) and sql_looking(value) else value
    probe: dict[str, Any] = {"type": column_type(column), "default": written}
    if column.enum is not None:
        probe["enum"] = {"values": list(column.enum.values), "open": column.enum.open}
    probe |= {k: getattr(column, k) for k in ("minimum", "maximum") if getattr(column, k) is not None}
    return written if default_fits(probe) else {"sql": sql_literal(value)}


def _label(label: str) -> dict[str, str]:
    return {} if label == "references" else {"label": label}


def _fk_options(fk: ForeignKey) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if fk.on_delete != "no action":
        out["on_delete"] = str(fk.on_delete)
    if fk.on_update != "no action":
        out["on_update"] = str(fk.on_update)
    _put(out, "deferred", fk.deferred)
    _put(out, "name", fk.name)
    return out | _label(fk.label)


def _column_fk(fk: ForeignKey) -> dict[str, Any]:
    return {"table": fk.table} | ({"column": fk.to[0]} if fk.to else {}) | _fk_options(fk)


def _table_fk(fk: ForeignKey) -> dict[str, Any]:
    references: dict[str, Any] = {"table": fk.table} | ({"columns": list(fk.to)} if fk.to else {})
    return {"columns": list(fk.columns), "references": references} | _fk_options(fk)


def _key_column(key: IndexColumn) -> Any:
    """A PRIMARY KEY / UNIQUE column: its name, or {column, desc, collate}."""
    if key.plain:
        return key.name
    return {"column": key.name} | _omit_empty({"desc": key.desc, "collate": key.collate})


def _key(columns: Sequence[IndexColumn], name: str, on_conflict: str) -> Any:
    """A key as a list of columns, or {columns, name, on_conflict} when it has either."""
    items = [_key_column(c) for c in columns]
    if not name and not on_conflict:
        return items
    return {"columns": items} | _omit_empty({"name": name, "on_conflict": on_conflict})


def _check(check: Check) -> Any:
    if not check.name and not check.description:
        return check.sql
    return {"sql": check.sql} | _omit_empty({"name": check.name, "description": check.description})


def _index(index: Index) -> dict[str, Any]:
    columns = [
        c.name
        if c.plain
        else ({"column": c.name} if c.name else {"expr": c.expr})
        | _omit_empty({"desc": c.desc, "collate": c.collate})
        for c in index.columns
    ]
    out: dict[str, Any] = {"columns": columns}
    _put(out, "unique", index.unique)
    _put(out, "where", index.where)
    _put(out, "description", index.docs.description)
    _renamed(out, index.renamed_from)
    return out


def _view(view: View) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "description", view.docs.description)
    _put(out, "category", view.docs.category)
    _put(out, "column_names", list(view.column_names))
    out["sql"] = view.sql
    if view.docs.columns:
        out["columns"] = {c.name: _omit_empty({"description": c.description}) for c in view.docs.columns}
    _renamed(out, view.renamed_from)
    return out


def _trigger(trigger: Trigger) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "description", trigger.docs.description)
    out |= {"table": trigger.table, "timing": str(trigger.timing), "event": str(trigger.event)}
    _put(out, "columns", list(trigger.columns))
    _put(out, "when", trigger.when)
    out["sql"] = trigger.body
    _renamed(out, trigger.renamed_from)
    return out


def _virtual(table: VirtualTable) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "description", table.docs.description)
    out["module"] = table.module
    _put(out, "arguments", list(table.arguments))
    return out


__all__ = ["Comments", "column_type", "dump_spec", "spec_data"]


# JSON Schema keywords in the order people write them; the model keeps shapes with sorted keys.
_SCHEMA_FIRST = ("$schema", "$id", "title", "description", "type", "enum", "const", "properties", "required")
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})


def _schema_order(schema: Any) -> Any:
    """A JSON Schema with `type` and `properties` first in every subschema (meaning unchanged)."""
    if not isinstance(schema, dict):
        return schema
    rank = {k: i for i, k in enumerate(_SCHEMA_FIRST)}
    out: dict[str, Any] = {}
    for key in sorted(schema, key=lambda k: (rank.get(k, len(rank)), k)):
        value = schema[key]
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            value = {name: _schema_order(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            value = [_schema_order(sub) for sub in value]
        elif isinstance(value, dict):
            value = _schema_order(value)
        out[key] = value
    return out
