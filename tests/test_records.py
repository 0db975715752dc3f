"""The record types are msgspec Structs (docs/dependencies.md): what stands in for the dataclass options
msgspec lacks keeps its meaning. Secrets stay out of repr, notes stay out of equality, the schema's table
index stays out of the fields, and no module goes back to dataclasses."""

from __future__ import annotations

import ast
from pathlib import Path

import msgspec
from msgspec.structs import replace

from generator.db.target import Resolved, Target, parse_url
from generator.db.wire import Proxy
from generator.model.shape import Arr, Prim
from generator.records import repr_without
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "eyJhbGciOiJFZERTQSJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl"


def test_a_record_without_hidden_fields_is_shown_as_msgspec_shows_it() -> None:
    prim = Prim("number", minimum=0, maximum=1.5)
    assert repr_without(prim) == repr(prim) == "Prim(kind='number', minimum=0, maximum=1.5)"
    assert repr_without(prim, "minimum") == "Prim(kind='number', maximum=1.5)"


def test_secrets_stay_out_of_every_repr() -> None:
    target = Target("http", "http://db.example:8080", "http://db.example:8080", TOKEN)
    resolved = Resolved("http://db.example:8080", TOKEN, "--token")
    proxy = Proxy("proxy.example", 3128, f"Basic {TOKEN}")
    for record in (target, resolved, proxy):
        shown = repr(record)
        assert TOKEN not in shown and TOKEN not in str(record) and TOKEN not in f"{record!r}"
        assert shown.startswith(f"{type(record).__name__}(")
    assert repr(resolved) == (
        "Resolved(url='http://db.example:8080', source='--token', timeout=10.0, apply_timeout=300.0, "
        "max_answer=67108864)"
    )
    # A token in the URL: parse_url moves it into the field that is never shown.
    parsed = parse_url(f"libsql://db.example?authToken={TOKEN}")
    assert parsed.token == TOKEN and TOKEN not in repr(parsed)
    # A container's repr goes through the same __repr__.
    assert TOKEN not in repr([target, {"proxy": proxy}])


def test_a_target_is_its_place_not_its_token() -> None:
    a = Target("http", "http://h:1", "http://h:1", "one")
    b = Target("http", "http://h:1", "http://h:1", "two")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != replace(a, url="http://h:2") and a != replace(a, kind="file")
    assert a.__eq__("http://h:1") is NotImplemented


def test_shape_notes_take_no_part_in_the_type() -> None:
    assert Prim("number", minimum=0) == Prim("number", maximum=9) == Prim("number")
    assert hash(Prim("number", minimum=0)) == hash(Prim("number"))
    assert Prim("number") != Prim("integer")
    assert Arr(Prim("string"), unique=True) == Arr(Prim("string"))
    assert hash(Arr(Prim("string"), unique=True)) == hash(Arr(Prim("string")))
    assert Arr(Prim("string")) != Arr(Prim("number"))
    assert Prim("null") != Arr(Prim("null"))
    # The notes are still there for the pages.
    assert Prim("number", minimum=0).minimum == 0 and Arr(Prim("string"), unique=True).unique


def test_the_table_index_is_kept_beside_the_fields() -> None:
    text = "version: 1\ntables:\n  Users:\n    columns:\n      id: {type: integer, primary_key: true}\n"
    schema = load_spec("inline.yaml", text=text)
    again = load_spec("inline.yaml", text=text)
    assert schema.table("users").name == "Users"  # the index is built
    assert "_tables_by_name" not in {f.name for f in msgspec.structs.fields(schema)}
    assert schema == again and hash(schema.tables) == hash(again.tables)  # one indexed, one not
    assert "_tables_by_name" not in repr(schema)


def test_no_module_of_the_tool_uses_dataclasses() -> None:
    """A dataclass compiles its methods from source as its module loads (~0.9 ms each, before any work):
    the records are Structs. Plain classes and Enums are fine."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if "dataclasses" in names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found
