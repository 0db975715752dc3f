"""The schema rules: what one spec says, checked against SQLite's own answers where it has one.

Every check yields findings with the spec path of the object it is about, so the report can point at
the spec's line and a `lint: {ignore: ...}` on that object (or one of its parents) can silence it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from msgspec.structs import replace

from generator.emit.docs.lookups import child_lookup
from generator.lint.rules import RULES, Finding
from generator.migrate.compare import IndexKey, index_key, key_columns
from generator.model import Schema, Table, fold
from generator.model.constraints import ForeignKey, Index
from generator.model.types import STRICT_TYPES, Affinity, affinity
from generator.spec.source import Path_
from generator.sqlite.ddl import quote_identifier
from generator.sqlite.memory import InMemory, schema_in_memory
from generator.sqlite.tokens import tokenize


def schema_findings(schema: Schema, data: dict[str, Any]) -> Iterator[Finding]:
    """Every schema rule's findings, in spec order (tables, then views, then triggers)."""
    with schema_in_memory(schema) as memory:
        for table in schema.tables:
            yield from _foreign_key_indexes(schema, memory, table, data)
    for table in schema.tables:
        yield from _keys(table)
        yield from _columns(table)
        yield from _indexes(table)
        yield from _table_options(table)
    yield from _descriptions(schema)
    yield from _names(schema)
    yield from _triggers(schema)


def _finding(rule: str, path: Path_, subject: str, message: str) -> Finding:
    found = RULES[rule]
    return Finding(found, found.severity, path, subject, message)


def _table_path(table: Table) -> Path_:
    return ("tables", table.name)


def _column_path(table: Table, column: str) -> Path_:
    return ("tables", table.name, "columns", column)


# ------------------------------------------------------------------------------ foreign keys and indexes


def _fk_path(table: Table, fk: ForeignKey, data: dict[str, Any]) -> Path_:
    """Where the spec writes a foreign key: on its column (`references:`) or in `foreign_keys:`."""
    spec_table = data.get("tables", {}).get(table.name, {})
    if len(fk.columns) == 1:
        column = spec_table.get("columns", {}).get(fk.columns[0], {})
        if isinstance(column, dict) and "references" in column:
            return (*_column_path(table, fk.columns[0]), "references")
    for i, entry in enumerate(spec_table.get("foreign_keys", []) or []):
        if isinstance(entry, dict) and [fold(c) for c in entry.get("columns", [])] == [
            fold(c) for c in fk.columns
        ]:
            return (*_table_path(table), "foreign_keys", i)
    return _table_path(table)


def _foreign_key_indexes(
    schema: Schema, memory: InMemory, table: Table, data: dict[str, Any]
) -> Iterator[Finding]:
    """The pages' own decision (generator/emit/docs/lookups.py): SQLite's plan of the child lookup."""
    if not memory.can_run(f'"{table.name}"'):
        return
    for fk in table.foreign_keys:
        if not child_lookup(schema, memory.conn, table.name, fk.columns, fk.table, fk.to).served:
            cols = ", ".join(fk.columns)
            partial = [
                ix.name for ix in table.all_indexes if ix.where and fold(ix.names[0]) == fold(fk.columns[0])
            ]
            why = f" (the partial index {', '.join(partial)} does not serve it)" if partial else ""
            yield _finding(
                "fk-index",
                _fk_path(table, fk, data),
                f"foreign key {table.name}({cols})",
                f"no index serves the lookup of {table.name} rows by ({cols}){why}: SQLite scans "
                f"{table.name} for every change of a {fk.table} key; add an index on ({cols})",
            )


def _index_key(ix: Index) -> IndexKey:
    """The index's key as the planner compares it, UNIQUE or not (the same keys serve the same lookups)."""
    return replace(index_key(ix), unique=False)


def _indexes(table: Table) -> Iterator[Finding]:
    indexes = table.all_indexes
    seen: dict[IndexKey, Index] = {}
    pk = _index_key(Index("", table.name, table.pk.columns)) if table.pk is not None else None
    for ix in indexes:
        path = ("tables", table.name, "indexes", ix.name)
        key = _index_key(ix)
        if key in seen:
            yield _finding(
                "duplicate-index", path, f"index {ix.name}", f"same key as index {seen[key].name}: drop one"
            )
            continue
        seen[key] = ix
        if pk is not None and key == pk and table.rowid_alias is None:
            yield _finding(
                "duplicate-index",
                path,
                f"index {ix.name}",
                "same key as the primary key, which has its own index",
            )
    for ix in indexes:
        if ix.unique or ix.where:
            continue
        mine = key_columns(ix.columns)
        for other in indexes:
            theirs = key_columns(other.columns)
            if (
                other is not ix
                and not other.where
                and len(theirs) > len(mine)
                and theirs[: len(mine)] == mine
            ):
                yield _finding(
                    "prefix-index",
                    ("tables", table.name, "indexes", ix.name),
                    f"index {ix.name}",
                    f"its key ({', '.join(ix.names)}) is the start of index {other.name}'s key "
                    f"({', '.join(other.names)}), which serves the same lookups",
                )
                break


# ------------------------------------------------------------------------------ keys, columns, options


def _keys(table: Table) -> Iterator[Finding]:
    if table.pk is None:
        yield _finding(
            "no-primary-key",
            _table_path(table),
            f"table {table.name}",
            f"{table.name} has no primary key: its rows are told apart only by the rowid",
        )
        return
    if table.without_rowid or table.rowid_alias is not None:
        return
    for column in table.primary_key:
        if not column.not_null:
            yield _finding(
                "nullable-primary-key",
                _column_path(table, column.name),
                f"column {table.name}.{column.name}",
                f"{table.name}.{column.name} is part of the primary key but allows NULL (SQLite stores NULL "
                "keys in a rowid table unless the column is NOT NULL): declare not_null: true",
            )


_ODD_TYPE = re.compile(r"^\s*(NUMERIC|DECIMAL)\b", re.IGNORECASE)


def _columns(table: Table) -> Iterator[Finding]:
    for column in table.columns:
        path = _column_path(table, column.name)
        subject = f"column {table.name}.{column.name}"
        if column.autoincrement:
            yield _finding(
                "autoincrement",
                path,
                subject,
                f"{table.name}.{column.name} is an INTEGER PRIMARY KEY already; AUTOINCREMENT only keeps "
                "numbers of deleted rows from being reused (drop it unless that matters)",
            )
        if column.json and not column.json_check:
            yield _finding(
                "json-valid",
                path,
                subject,
                f"{table.name}.{column.name} holds JSON but has no json_valid CHECK",
            )
        if column.enum is not None and column.enum.open:
            yield _finding(
                "enum-unenforced",
                path,
                subject,
                f"{table.name}.{column.name} documents {len(column.enum.values)} values but no CHECK "
                "enforces them (a closed enum would)",
            )
        constrained = table.strict or column.closed_enum is not None or column.checks or column.json
        if (
            column.type
            and not column.json
            and affinity(column.type) is Affinity.NUMERIC
            and not _ODD_TYPE.match(column.type)
            and not constrained
        ):
            yield _finding(
                "type-affinity",
                path,
                subject,
                f"`{column.type}` gives {table.name}.{column.name} NUMERIC affinity: text that looks like a "
                "number is stored as a number; declare TEXT, INTEGER or REAL, or add a CHECK",
            )


# WITHOUT ROWID pays off for small rows (SQLite's guidance: under about 1/20 of a page): a few columns, no
# JSON documents or blobs.
_SMALL_ROW_COLUMNS = 5


def _table_options(table: Table) -> Iterator[Finding]:
    path = _table_path(table)
    subject = f"table {table.name}"
    if not table.strict and all(col.type.strip().upper() in STRICT_TYPES for col in table.columns):
        yield _finding(
            "strict-candidate",
            path,
            subject,
            f"every column of {table.name} has a STRICT type: `strict: true` makes SQLite refuse values of "
            "the "
            "wrong type",
        )
    key = table.primary_key
    if (
        not table.without_rowid
        and not table.random_rowid
        and key
        and table.rowid_alias is None
        and all(col.not_null for col in key)
        and len(table.columns) <= _SMALL_ROW_COLUMNS
        and not any(col.json or affinity(col.type) is Affinity.BLOB for col in table.columns)
        and (len(key) > 1 or affinity(key[0].type) is not Affinity.INTEGER)
    ):
        yield _finding(
            "without-rowid-candidate",
            path,
            subject,
            f"{table.name} is keyed by ({', '.join(c.name for c in key)}): `without_rowid: true` stores its "
            "rows "
            "once, in key order",
        )


# ------------------------------------------------------------------------------ documentation and names


def _descriptions(schema: Schema) -> Iterator[Finding]:
    for table in schema.tables:
        if not table.docs.description.strip():
            yield _finding(
                "description", _table_path(table), f"table {table.name}", f"{table.name} has no description"
            )
        for column in table.columns:
            if not column.docs.description.strip():
                yield _finding(
                    "description",
                    _column_path(table, column.name),
                    f"column {table.name}.{column.name}",
                    f"{table.name}.{column.name} has no description",
                )
    for view in schema.views:
        if not view.docs.description.strip():
            yield _finding(
                "description", ("views", view.name), f"view {view.name}", f"{view.name} has no description"
            )


def documented(schema: Schema) -> tuple[int, int]:
    """Doc coverage: (described, describable) over tables, their columns and views."""
    items = [t.docs.description for t in schema.tables]
    items += [c.docs.description for t in schema.tables for c in t.columns]
    items += [v.docs.description for v in schema.views]
    return sum(1 for d in items if d.strip()), len(items)


def needs_quoting(conn: sqlite3.Connection, name: str) -> bool:
    """True when SQLite does not accept `name` unquoted as a table and column name (asked of SQLite)."""
    if not name or any(ch in name for ch in "\"'`[]();,.-+*/%<>=!|&~ \t\r\n") or name[0].isdigit():
        return True
    try:
        conn.execute(f"CREATE TEMP TABLE {name} ({name})")
        conn.execute(f"DROP TABLE temp.{name}")
    except sqlite3.Error:
        return True
    return False


def _names(schema: Schema) -> Iterator[Finding]:
    conn = sqlite3.connect(":memory:")
    try:
        for table in schema.tables:
            if needs_quoting(conn, table.name):
                yield _finding(
                    "quoted-name", _table_path(table), f"table {table.name}", _quote_message(table.name)
                )
            for column in table.columns:
                if needs_quoting(conn, column.name):
                    yield _finding(
                        "quoted-name",
                        _column_path(table, column.name),
                        f"column {table.name}.{column.name}",
                        _quote_message(column.name),
                    )
        for view in schema.views:
            if needs_quoting(conn, view.name):
                yield _finding(
                    "quoted-name", ("views", view.name), f"view {view.name}", _quote_message(view.name)
                )
    finally:
        conn.close()


def _quote_message(name: str) -> str:
    return f"{quote_identifier(name)} must be quoted in every query that names it"


# ------------------------------------------------------------------------------ triggers


_STATEMENT_END = frozenset({"WHERE", "FROM", "RETURNING", "ORDER", "LIMIT"})


def _writes(body: str) -> list[tuple[str, str, frozenset[str]]]:
    """What a trigger body writes: (event, folded table, folded SET columns of an UPDATE) per statement."""
    toks = tokenize(body)
    out: list[tuple[str, str, frozenset[str]]] = []
    for i, tok in enumerate(toks):
        if tok.kw("UPDATE"):
            event, at = "update", i + 1
            if at < len(toks) and toks[at].kw("OR"):
                at += 2  # UPDATE OR IGNORE t
        elif (
            tok.kw("INTO")
            and i
            and toks[i - 1].kw("INSERT", "REPLACE", "IGNORE", "ABORT", "FAIL", "ROLLBACK")
        ):
            event, at = "insert", i + 1
        elif tok.kw("DELETE") and i + 1 < len(toks) and toks[i + 1].kw("FROM"):
            event, at = "delete", i + 2
        else:
            continue
        if at >= len(toks) or toks[at].kind not in ("word", "qident", "string"):
            continue
        table, sets = fold(toks[at].name), set()
        if event == "update":
            for j in range(at + 1, len(toks) - 1):
                if toks[j].text == ";" or toks[j].kw(*_STATEMENT_END):
                    break
                if (
                    toks[j + 1].text == "="
                    and toks[j].kind in ("word", "qident")
                    and (toks[j - 1].text == "," or toks[j - 1].kw("SET"))
                ):
                    sets.add(fold(toks[j].name))
                elif toks[j].kw("SET") and toks[j + 1].text == "(":
                    k = j + 2
                    while k < len(toks) and toks[k].text != ")":
                        if toks[k].kind in ("word", "qident"):
                            sets.add(fold(toks[k].name))
                        k += 1
        out.append((event, table, frozenset(sets)))
    return out


def _triggers(schema: Schema) -> Iterator[Finding]:
    for trigger in schema.triggers:
        if trigger.when.strip() or trigger.timing == "instead of":
            continue
        watched = {fold(c) for c in trigger.columns}
        if any(
            event == trigger.event and table == fold(trigger.table) and not (watched and not sets & watched)
            for event, table, sets in _writes(trigger.body)
        ):
            yield _finding(
                "trigger-recursion",
                ("triggers", trigger.name),
                f"trigger {trigger.name}",
                f"{trigger.name} fires on {trigger.event} of {trigger.table} and does an {trigger.event} of "
                f"{trigger.table} itself, with no WHEN clause: add one that is false for its own write",
            )
