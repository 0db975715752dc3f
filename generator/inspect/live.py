"""The live schema as a spec would say it: the doc defaults the loader fills in, tables in name order."""

from __future__ import annotations

import re

from msgspec.structs import replace

from generator.model import Schema, Table, camel_case, fold

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_PROPERTY = re.compile(r"^[a-z][A-Za-z0-9]*$")  # what the spec accepts as an explicit `property:`


def spec_model(live: Schema, name: str = "") -> Schema:
    """`live` (introspected) with what loading a spec gives by default, so dump -> load gives it back.

    Properties and variables become the loader's camelCase defaults (numbered where two columns would share
    one); tables, views, triggers and virtual tables are sorted by name (sqlite_schema order changes when
    a table is rebuilt; names do not).
    """
    tables = tuple(sorted((_table(t) for t in live.tables), key=lambda t: _order(t.name)))
    known = {fold(t.name) for t in live.tables}
    missing = {fk.table for t in live.tables for fk in t.foreign_keys if fold(fk.table) not in known}
    return replace(
        live,
        external_tables=tuple(sorted(missing, key=_order)),  # referred to, created elsewhere (or never)
        name=name if _NAME.match(name) else "",
        tables=tables,
        views=tuple(sorted(live.views, key=lambda v: _order(v.name))),
        triggers=tuple(sorted(live.triggers, key=lambda t: _order(t.name))),
        virtual_tables=tuple(sorted(live.virtual_tables, key=lambda v: _order(v.name))),
    )


def _order(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def _table(table: Table) -> Table:
    columns = []
    taken: set[str] = set()
    for c in table.columns:
        prop = _property(c.app.prop or camel_case(c.name), taken)
        taken.add(prop)
        # The loader wants an example of a CHECKed JSON column: `null` until the data gives one.
        example = "null" if c.json and c.json_check and c.docs.example is None else c.docs.example
        columns.append(replace(c, app=replace(c.app, prop=prop), docs=replace(c.docs, example=example)))
    drizzle = replace(table.drizzle, variable=table.drizzle.variable or camel_case(table.name))
    return replace(table, columns=tuple(columns), drizzle=drizzle)


def _property(prop: str, taken: set[str]) -> str:
    """The column's property name, numbered when another column has it already (`user_id` and `userId`)."""
    if prop not in taken:
        return prop
    base = prop if _PROPERTY.match(prop) else "column"
    return next(f"{base}{n}" for n in range(2, len(taken) + 3) if f"{base}{n}" not in taken)


def database_name(url: str) -> str:
    """A spec `name` from a database URL: the file's stem or the host's first label ('' when none fits)."""
    text = url.split("?", 1)[0].rstrip("/")
    if "://" in text:
        text = text.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].split(".", 1)[0]
    else:
        text = text.removeprefix("file:").rsplit("/", 1)[-1].split(".", 1)[0]
    return text if _NAME.match(text) else ""
