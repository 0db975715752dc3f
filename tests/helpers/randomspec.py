"""Seeded random specs for the page checks: every kind of key, foreign keys of every shape, indexes that do
and do not serve them (partial, other collation, other affinity, composite), categories, views, triggers
and an FTS5 table. `random_spec(seed, tables)` is the same text for the same arguments.
"""

from __future__ import annotations

import random

import yaml

WORDS = (
    "account", "order", "invoice", "product", "review", "ticket", "team", "member", "project", "task",
    "comment", "file", "folder", "invite", "session", "device", "payment", "refund", "plan", "coupon",
    "shipment", "address", "vendor", "stock", "report",
)  # fmt: skip
KEY_KINDS = ("rowid", "autoincrement", "uuid", "writer", "default", "composite", "without_rowid")


def random_spec(seed: int, tables: int = 12, *, extras: bool = True) -> str:
    """A valid spec of `tables` tables (YAML text); `extras` adds a view, a trigger and an FTS5 table."""
    rng = random.Random(seed)
    categories = max(1, (tables + 7) // 8)
    spec: dict[str, object] = {
        "version": 1,
        "name": f"random-{seed}",
        "title": f"Random schema {seed}",
        "categories": [
            {"name": f"Area {c + 1}", "description": f"Tables of area {c + 1}."} for c in range(categories)
        ],
    }
    made: dict[str, dict[str, object]] = {}
    keys: dict[str, tuple[str, str]] = {}  # table -> (key column, its type) for single-column keys
    for i in range(tables):
        name = f"{WORDS[i % len(WORDS)]}_{i}"
        table, key = _table(rng, name, i, categories, keys)
        made[name] = table
        if key is not None:
            keys[name] = key
    spec["tables"] = made
    if extras and tables >= 2:
        first = next(iter(made))
        spec["views"] = {
            f"v_{first}": {"description": f"Every row of {first}.", "sql": f"SELECT * FROM {first}"}
        }
        spec["triggers"] = {
            f"trg_{first}_guard": {
                "table": first,
                "timing": "before",
                "event": "delete",
                "sql": "SELECT RAISE(ABORT, 'kept');",
            }
        }
        spec["virtual_tables"] = {"search_notes": {"module": "fts5", "arguments": ["title", "body"]}}
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=200)


def _table(
    rng: random.Random, name: str, index: int, categories: int, keys: dict[str, tuple[str, str]]
) -> tuple[dict[str, object], tuple[str, str] | None]:
    kind = KEY_KINDS[index % len(KEY_KINDS)] if index < len(KEY_KINDS) else rng.choice(KEY_KINDS)
    columns: dict[str, dict[str, object]] = {}
    table: dict[str, object] = {
        "category": f"Area {rng.randrange(categories) + 1}",
        "description": f"The {name} rows.",
    }
    key: tuple[str, str] | None = None
    if kind == "rowid":
        columns["id"], key = {"type": "integer", "primary_key": True}, ("id", "integer")
    elif kind == "autoincrement":
        columns["id"] = {"type": "integer", "primary_key": True, "autoincrement": True}
        key = ("id", "integer")
    elif kind == "uuid":
        columns["id"], key = {"type": "text", "primary_key": True, "app_default": "uuid"}, ("id", "text")
    elif kind == "writer":
        columns["code"] = {"type": "text", "primary_key": True, "not_null": rng.random() < 0.7}
        key = ("code", "text")
    elif kind == "default":
        columns["id"] = {
            "type": "text",
            "primary_key": True,
            "default": {"sql": "(lower(hex(randomblob(8))))"},
        }
        key = ("id", "text")
    else:
        columns["part_a"] = {"type": "text", "not_null": True}
        columns["part_b"] = {"type": "integer", "not_null": True}
        table["primary_key"] = ["part_a", "part_b"]
        if kind == "without_rowid":
            table["without_rowid"] = True
    indexes: dict[str, object] = {}
    parents = list(keys)
    for n in range(rng.randint(0, 3) if parents else 0):
        parent = rng.choice(parents + [name] * (1 if key else 0))
        pkey = keys.get(parent, key)
        if pkey is None:
            continue
        col = f"{parent.split('_')[0]}_ref_{n}"
        # mostly the parent key's type; sometimes the other one (a TEXT index does not serve an INTEGER key)
        ctype = pkey[1] if rng.random() < 0.8 else ("text" if pkey[1] == "integer" else "integer")
        columns[col] = {
            "type": ctype,
            "not_null": rng.random() < 0.4,
            "references": {"table": parent, "column": pkey[0], "label": rng.choice(["owns", "has", "links"])},
        }
        style = rng.choice(
            ("plain", "partial_served", "partial_not", "nocase", "composite", "second", "none")
        )
        ix = f"idx_{name}_{col}"
        if style == "plain":
            indexes[ix] = {"columns": [col]}
        elif style == "partial_served":
            indexes[ix] = {"columns": [col], "where": f"{col} IS NOT NULL"}
        elif style == "partial_not":
            indexes[ix] = {"columns": [col], "where": "note IS NULL"}
        elif style == "nocase":
            indexes[ix] = {"columns": [{"column": col, "collate": "NOCASE"}]}
        elif style == "composite":
            indexes[ix] = {"columns": [col, "note"]}
        elif style == "second":
            indexes[ix] = {"columns": ["note", col]}
    columns["note"] = {"type": "text", "description": "A free note."}
    for n in range(rng.randint(1, 4)):
        columns[f"field_{n}"] = rng.choice(
            [
                {"type": "text"},
                {"type": "integer", "default": 0, "not_null": True},
                {"type": "real"},
                {"type": "text", "enum": {"values": ["new", "done"]}, "default": "new"},
                {"type": "text", "enum": {"values": ["a", "b", "c"], "open": True}},
                {"type": "json", "json": {"type": "array", "items": {"type": "string"}}, "example": ["x"]},
                {"type": "text", "unique": True},
                {"type": "DATETIME", "format": "sqlite-datetime"},
                {"type": "text", "collate": "NOCASE"},
            ]
        )
    table["columns"] = columns
    if indexes:
        table["indexes"] = indexes
    return table, key
