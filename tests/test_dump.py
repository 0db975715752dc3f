"""The spec writer: load -> dump -> load is the identity, the text is stable, and it reads as hand-written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.model import Schema
from generator.spec import load_spec
from generator.spec.columns import sql_looking
from generator.spec.dump import dump_spec, spec_data
from generator.spec.yamltext import WIDTH

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(
    [
        *ROOT.glob("tests/data/golden/*/spec.yaml"),
        ROOT / "spec/schema.yaml",
        *ROOT.glob("tests/data/transitions/*/*.yaml"),
    ]
)


def load(text: str) -> Schema:
    return load_spec("dumped.yaml", text=text)


def assert_round_trip(schema: Schema) -> str:
    """Dump, load again: the same model, and the same text when dumped again."""
    text = dump_spec(schema)
    again = load(text)
    assert again == schema
    assert dump_spec(again) == text
    return text


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_load_dump_load_is_the_identity(path: Path) -> None:
    assert_round_trip(load_spec(path))


def test_the_real_spec_dumps_to_short_lines_and_flow_columns() -> None:
    text = assert_round_trip(load_spec(ROOT / "spec/schema.yaml"))
    assert "      question: {type: text, not_null: true, description: The interview question text.}\n" in text
    # Long text is folded; only unbreakable words may run past the width.
    assert max(len(line) for line in text.splitlines()) <= WIDTH + 20
    assert text.endswith("\n") and not text.endswith("\n\n")


def spec_text(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


ODD = [
    "AlbumId",
    "Album Title",
    'say "hi"',
    "it's",
    "a: b",
    "#hash",
    "- dash",
    "yes",
    "null",
    "~",
    "1",
    "0x10",
    "1e3",
    "true",
    "@at",
    "`tick`",
    "[bracket]",
    "{brace}",
    "Größe",
    "日本語",
    "emoji 🎵",
    " lead",
    "trail ",
    "tab\there",
    "x" * 200,
]


def test_odd_names_and_strings_round_trip() -> None:
    """Identifiers and strings YAML could misread (booleans, nulls, numbers, indicators, unicode, long keys)
    are quoted by PyYAML's own emitter, so they load back exactly."""
    columns: dict[str, Any] = {"id": {"type": "integer", "primary_key": True}}
    for i, name in enumerate(ODD):
        default = {"value": name} if sql_looking(name) else name
        columns[name] = {"type": "text", "default": default, "description": name.strip() or "x"}
        if name.strip():
            columns[name]["enum"] = {"values": [name.strip(), f"v{i}"], "open": True}
    data = {
        "version": 1,
        "title": "it's: odd # not a comment",
        "description": "line one\nline two\n  indented line\ntrailing space \nend",
        "tables": {
            "odd table": {"columns": columns, "notes": ["a: b", "# c", "multi\nline"]},
            "Mixed Case": {
                "columns": {
                    "Id": {"type": "INTEGER", "primary_key": True},
                    "Ref": {"type": "INTEGER", "references": {"table": "odd table", "column": "id"}},
                },
            },
        },
    }
    schema = load(spec_text(data))
    assert_round_trip(schema)
    assert schema.table("odd table").column("null").default == "null"


def test_types_are_short_declared_or_sql() -> None:
    text = """\
version: 1
tables:
  t:
    columns:
      a: {type: text}
      b: {type: VARCHAR(45)}
      c: {type: {sql: ""}}
      d: {type: {sql: json}}
      e: {type: json, json: {type: array}, example: []}
      f: {type: {sql: strng}}
      g: {type: "NUMERIC(10,2)"}
      h: {type: TEXT}
"""
    schema = load(text)
    types = {c.name: c for c in schema.table("t").columns}
    assert types["d"].type == "json" and not types["d"].json  # the declared type json, not a JSON column
    written = spec_data(schema)["tables"]["t"]["columns"]
    assert {name: col["type"] for name, col in written.items()} == {
        "a": "text",
        "b": "VARCHAR(45)",
        "c": {"sql": ""},
        "d": {"sql": "json"},
        "e": "json",
        "f": {"sql": "strng"},
        "g": "NUMERIC(10,2)",
        "h": "TEXT",
    }
    assert_round_trip(schema)


def test_defaults_are_plain_value_or_sql() -> None:
    """Plain literals; `{value: ...}` for strings that read as SQL; `{sql: ...}` for expressions and for
    literals the spec's checks would refuse (SQLite takes any literal on any column)."""
    text = """\
version: 1
tables:
  t:
    columns:
      a: {type: text, default: active}
      b: {type: text, default: {value: "NULL"}}
      c: {type: text, default: {value: "lower(x)"}}
      d: {type: text, default: {sql: CURRENT_TIMESTAMP}}
      e: {type: integer, default: {sql: "'n/a'"}}
      f: {type: text, default: {sql: "0"}}
      g: {type: json, json: {}, example: [], default: {sql: "'[]'"}}
      h: {type: text, default: {sql: "'gone'"}, enum: {values: [here, there]}}
      i: {type: real, default: -1.5}
      j: {type: integer, default: 0}
      k: {type: text, default: ""}
"""
    schema = load(text)
    written = {n: c.get("default") for n, c in spec_data(schema)["tables"]["t"]["columns"].items()}
    assert written == {
        "a": "active",
        "b": {"value": "NULL"},
        "c": {"value": "lower(x)"},
        "d": {"sql": "CURRENT_TIMESTAMP"},
        "e": {"sql": "'n/a'"},
        "f": {"sql": "0"},
        "g": {"sql": "'[]'"},
        "h": {"sql": "'gone'"},
        "i": -1.5,
        "j": 0,
        "k": "",
    }
    assert_round_trip(schema)


def test_primary_keys_go_on_the_column_only_where_they_round_trip() -> None:
    """The loader makes a column-level key NOT NULL: a nullable key column gets the table-level form, except
    with AUTOINCREMENT (column-level only), which then says `not_null: false`."""
    text = """\
version: 1
tables:
  nullable:
    primary_key: [id]
    columns:
      id: {type: integer}
  auto:
    columns:
      id: {type: integer, primary_key: true, autoincrement: true, not_null: false}
  strict_key:
    columns:
      id: {type: text, primary_key: true}
  named:
    primary_key: {columns: [{column: id, desc: true}], name: pk_named, on_conflict: replace}
    columns:
      id: {type: text, not_null: true}
  collated:
    primary_key: [{column: id, collate: NOCASE}]
    columns:
      id: {type: text, not_null: true}
"""
    tables = spec_data(load(text))["tables"]
    assert (
        tables["nullable"]["primary_key"] == ["id"]
        and "primary_key" not in tables["nullable"]["columns"]["id"]
    )
    assert tables["auto"]["columns"]["id"] == {
        "type": "integer",
        "primary_key": True,
        "autoincrement": True,
        "not_null": False,
    }
    assert tables["strict_key"]["columns"]["id"] == {"type": "text", "primary_key": True}
    # A single DESC key stays where it was written (on the table it would keep an INTEGER rowid alias).
    assert tables["named"]["primary_key"] == {
        "columns": [{"column": "id", "desc": True}],
        "name": "pk_named",
        "on_conflict": "replace",
    }
    assert tables["collated"]["primary_key"] == [{"column": "id", "collate": "NOCASE"}]
    assert_round_trip(load(text))


def test_foreign_keys_stay_in_order() -> None:
    """Column-level `references` load first, in column order: keys written in another order stay at table
    level, so the model's order survives."""
    text = """\
version: 1
tables:
  p:
    columns:
      id: {type: integer, primary_key: true}
  c:
    columns:
      a: {type: integer}
      b: {type: integer}
    foreign_keys:
      - {columns: [b], references: {table: p}}
      - {columns: [a], references: {table: p, columns: [id]}, on_delete: cascade}
  d:
    columns:
      a: {type: integer, references: {table: p, column: id, deferred: true, label: owns}}
      b: {type: integer}
    foreign_keys:
      - {columns: [b], references: {table: p}, name: fk_b}
"""
    tables = spec_data(load(text))["tables"]
    # b's key comes first: it goes on b; a's comes after, but a is before b: it stays at table level.
    assert tables["c"]["columns"]["b"]["references"] == {"table": "p"}
    assert "references" not in tables["c"]["columns"]["a"] and len(tables["c"]["foreign_keys"]) == 1
    assert tables["d"]["columns"]["a"]["references"] == {
        "table": "p",
        "column": "id",
        "deferred": True,
        "label": "owns",
    }
    assert tables["d"]["columns"]["b"]["references"] == {"table": "p", "name": "fk_b"}
    assert "foreign_keys" not in tables["d"]
    assert_round_trip(load(text))


def test_layout_flow_for_short_things_block_for_long_and_sql_text() -> None:
    text = dump_spec(load_spec(ROOT / "tests/data/golden/every_construct/spec.yaml"))
    assert "      Title: {type: NVARCHAR(160), not_null: true}\n" in text
    assert "    sql: |-\n      SELECT a.AlbumId, a.Title, sum(l.quantity) AS units\n" in text
    # A string holding single quotes is double-quoted rather than doubled up.
    assert """placed_at: {type: text, not_null: true, default: {sql: "(strftime('%Y-%m-%dT""" in text
    assert all(len(line) <= WIDTH for line in text.splitlines() if line.lstrip().startswith(("{", "[")))


def test_comments_go_above_their_keys_and_header_on_top() -> None:
    schema = load_spec(ROOT / "tests/data/golden/mini/spec.yaml")
    comments = {
        ("tables", "links"): ["about links"],
        ("tables", "questions", "columns", "status"): ["inferred: two\nlines"],
    }
    text = dump_spec(schema, comments=comments, header=["made by a test"])
    assert text.startswith("# made by a test\nversion: 1\n")
    assert "\n  # about links\n  links:\n" in text
    assert "\n      # inferred: two lines\n      status: {" in text
    assert load(text) == schema
