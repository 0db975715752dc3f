"""Primary keys: who fills each key column and what an INSERT without it does, as SQLite behaves.

Each kind (the rowid, AUTOINCREMENT, an SQL default, an app default, the writer, a NULL-able key, a
WITHOUT ROWID key, NOT NULL ON CONFLICT IGNORE, no key at all) is stated on the quick reference and
checked by inserting a row without the key into the table SQLite builds (tests/helpers/inserts.py).
"""

from __future__ import annotations

from helpers.inserts import insert_without

from generator.emit.docs import build_view
from generator.spec import load_spec

KEYS = """\
version: 1
name: keys
tables:
  by_rowid:
    columns:
      id: {type: integer, primary_key: true}
  by_autoincrement:
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
  by_default:
    columns:
      id: {type: text, primary_key: true, default: {sql: "(lower(hex(randomblob(16))))"}}
  by_app:
    columns:
      id: {type: text, primary_key: true, app_default: uuid}
  by_app_nullable:
    columns:
      id: {type: text, primary_key: true, not_null: false, app_default: uuid}
  by_writer:
    columns:
      id: {type: text, primary_key: true}
  by_writer_nullable:
    columns:
      id: {type: text, primary_key: true, not_null: false}
  by_integer_desc:  # INTEGER PRIMARY KEY DESC on the column: the one spelling that is no rowid alias
    columns:
      id: {type: integer, primary_key: {desc: true}, not_null: false}
  skipped:
    columns:
      id: {type: text, primary_key: true, not_null: {on_conflict: ignore}}
  no_rowid:
    without_rowid: true
    primary_key: [a, b]
    columns:
      a: {type: text, not_null: false}
      b: {type: integer}
  no_key:
    columns:
      note: {type: text}
"""

OUTCOME = {
    "SQLite assigns it (also when NULL is given)": "filled",
    "SQLite assigns the rowid": "filled",
    "the default": "filled",
    "the INSERT fails (`NOT NULL`)": "refused",
    "the INSERT fails (a `WITHOUT ROWID` key is never NULL)": "refused",
    "NULL is stored as the key (SQLite allows it in a rowid table's non-integer key)": "null",
    "the row is not inserted, silently (`NOT NULL ON CONFLICT IGNORE`)": "skipped",
}


def test_each_kind_of_key_is_described_as_sqlite_behaves() -> None:
    schema = load_spec("keys.yaml", text=KEYS)
    kinds = {}
    for tv in build_view(schema).tables:
        for fill in tv.keys:
            kinds[(tv.table.name, fill.column)] = fill.kind
            assert OUTCOME[fill.without] == insert_without(tv.table, fill.column), (tv.table.name, fill)
    assert kinds == {
        ("by_rowid", "id"): "rowid",
        ("by_autoincrement", "id"): "autoincrement",
        ("by_default", "id"): "sql default",
        ("by_app", "id"): "app",
        ("by_app_nullable", "id"): "app",
        ("by_writer", "id"): "writer",
        ("by_writer_nullable", "id"): "writer",
        ("by_integer_desc", "id"): "writer",
        ("skipped", "id"): "writer",
        ("no_rowid", "a"): "writer",
        ("no_rowid", "b"): "writer",
        ("no_key", ""): "rowid",
    }


def test_an_app_key_is_not_called_automatic() -> None:
    schema = load_spec("keys.yaml", text=KEYS)
    (fill,) = next(tv for tv in build_view(schema).tables if tv.table.name == "by_app").keys
    assert fill.filled_by.startswith("the app: UUID") and fill.without == "the INSERT fails (`NOT NULL`)"
