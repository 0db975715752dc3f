"""What a JSON-shape or enum change means for app code reading the column and for rows already stored."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator
from msgspec import Struct

from generator.model import Column, Schema, json_path

NONE = "—"  # shown for an absent value


class Compat(Struct, frozen=True):
    """What a JSON-shape or enum change means for app code and for rows the old code wrote."""

    table: str
    column: str
    readers: tuple[str, ...]  # why app code reading/typing the column could break
    old_rows: tuple[str, ...]  # why rows written by the old code may not validate any more
    example: str  # the old example (or old enum values) checked against the new column, in words
    shape_diff: str = ""  # unified diff of the indented JSON Schemas, when both sides are JSON


def compat_changes(base: Schema, head: Schema) -> Iterator[Compat]:
    for table in base.tables:
        if not head.has_table(table.name):
            continue
        new_table = head.table(table.name)
        for old in table.columns:
            if not new_table.has_column(old.name):
                continue
            new = new_table.column(old.name)
            if (old.json_schema, old.enum, old.type) == (new.json_schema, new.enum, new.type):
                continue
            if old.json or new.json or old.enum is not None or new.enum is not None:
                yield _compat(table.name, old, new)


def _compat(table: str, old: Column, new: Column) -> Compat:
    readers: list[str] = []
    rows: list[str] = []
    if old.json and new.json:
        _shape_diff(old.shape(), new.shape(), "$", readers, rows)
    elif new.json:
        readers.append(f"the column holds JSON now (was {old.type}): code reading plain values must parse it")
        rows.append(f"old {old.type} values must be valid JSON of the new shape")
    elif old.json:
        readers.append(f"the column is {new.type} now (was JSON): code parsing it may get non-JSON values")
    _enum_diff(old, new, readers, rows)
    diff = ""
    if old.json and new.json:
        before, after = (
            json.dumps(c.shape(), indent=2, sort_keys=True).splitlines(keepends=True) for c in (old, new)
        )
        diff = "".join(difflib.unified_diff(before, after, "before", "after", n=2))
    return Compat(table, old.name, tuple(readers), tuple(rows), _example_check(old, new), diff)


def _example_check(old: Column, new: Column) -> str:
    """Concretely: does what the old spec documents (example, enum values) validate against the new column?"""
    if new.json and old.docs.example is not None:
        error = jsonschema.exceptions.best_match(
            Draft202012Validator(new.shape() or {}).iter_errors(old.example_value())
        )
        if error is None:
            return "the old example validates against the new shape"
        where = json_path(error.absolute_path, root="$")
        return f"the old example fails the new shape at {where}: {error.message}"
    closed = new.closed_enum
    if old.enum is not None and closed is not None:
        rejected = [v for v in old.enum.values if v not in closed]
        if rejected:
            return f"old documented values rejected by the new CHECK: {', '.join(rejected)}"
        return "every old documented value passes the new CHECK"
    return "nothing concrete to check (no old example, no closed enum)"


def _enum_diff(old: Column, new: Column, readers: list[str], rows: list[str]) -> None:
    before, after = old.closed_enum, new.closed_enum
    if after is not None and before is None:
        readers.append("a closed enum made of an open one: code using other values no longer type-checks")
        rows.append(f"rows with values outside ({', '.join(after)}) fail the new CHECK")
    elif after is None and before is not None and new.type == old.type:
        readers.append("the enum is no longer closed: readers may get values outside the old set")
    elif after is not None and before is not None:
        removed = [v for v in before if v not in after]
        added = [v for v in after if v not in before]
        if removed:
            readers.append(f"enum value removed: {', '.join(removed)}")
            rows.append(f"rows holding {', '.join(removed)} fail the new CHECK")
        if added:
            readers.append(f"new enum value readers may not handle: {', '.join(added)}")


_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_COMPARED = frozenset(
    {"type", "enum", "const", "properties", "required", "additionalProperties", "items", "uniqueItems"}
    | {"anyOf", "oneOf", "allOf", "pattern", "format", *_LOWER_BOUNDS, *_UPPER_BOUNDS}
)
_DOCS_ONLY = frozenset({"description", "title", "examples", "$comment", "default", "deprecated"})


def _shape_diff(old: Any, new: Any, at: str, readers: list[str], rows: list[str]) -> None:
    """Compare two JSON Schema fragments structurally (types, keys, required, enums, bounds, items)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        if old != new:
            readers.append(f"`{at}` shape changed")
            if new is False or (old is True and new is not True):
                rows.append(f"`{at}` accepts less than before")
        return
    was, now = _types(old), _types(new)
    lost, gained = _type_loss(was, now), _type_loss(now, was)
    change = f"{_types_text(was)} -> {_types_text(now)}"
    if lost and gained:
        readers.append(f"`{at}` type changed: {change}")
    elif lost:
        readers.append(f"`{at}` narrowed: {change}")
    elif gained:
        readers.append(f"`{at}` widened: {change}; readers may get {', '.join(gained)}")
    if lost:
        rows.append(f"`{at}` no longer accepts {', '.join(lost)}")
    _enum_values_diff(old, new, at, readers, rows)
    for key in _LOWER_BOUNDS + _UPPER_BOUNDS + ("pattern", "format"):
        if key in new and old.get(key) != new[key] and not _looser(key, old.get(key), new[key]):
            rows.append(f"`{at}` {key} tightened: {old.get(key, NONE)} -> {new[key]}")
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_req, new_req = set(old.get("required", ())), set(new.get("required", ()))
    for key in old_props:
        path = f"{at}.{key}"
        if key not in new_props:
            readers.append(f"key removed: `{path}`")
            if new.get("additionalProperties") is False:
                rows.append(f"rows holding `{path}` fail: the key is gone and additionalProperties is false")
        else:
            _shape_diff(old_props[key], new_props[key], path, readers, rows)
    for key in sorted(new_req - old_req):
        rows.append(f"required key added: `{at}.{key}` (old rows may lack it)")
    for key in sorted(old_req - new_req):
        if key in new_props:
            readers.append(f"`{at}.{key}` is optional now: readers may find it missing")
    if new.get("additionalProperties") is False and old.get("additionalProperties") is not False:
        rows.append(f"`{at}` additionalProperties turned false: old rows with extra keys fail")
    for key in ("items", "additionalProperties"):
        if isinstance(old.get(key), dict) and isinstance(new.get(key), dict):
            _shape_diff(old[key], new[key], f"{at}[]" if key == "items" else f"{at}.*", readers, rows)
    if new.get("uniqueItems") is True and old.get("uniqueItems") is not True:
        rows.append(f"`{at}` uniqueItems turned on: old rows with repeated items fail")
    _branches_diff(old, new, at, readers, rows)
    for key in sorted((old.keys() | new.keys()) - _COMPARED - _DOCS_ONLY):
        if old.get(key) != new.get(key):
            # Anything not compared above is still shown, so a change never passes unseen.
            readers.append(f"`{at}` {key} changed (not compared in detail)")


def _branches_diff(
    old: dict[str, Any], new: dict[str, Any], at: str, readers: list[str], rows: list[str]
) -> None:
    """anyOf / oneOf / allOf: compared branch by branch when the branches line up, else flagged."""
    for key in ("anyOf", "oneOf", "allOf"):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
            for i, (a, b) in enumerate(zip(before, after, strict=True)):
                _shape_diff(a, b, f"{at}({key} {i + 1})", readers, rows)
        else:
            readers.append(f"`{at}` {key} branches changed: compare them by hand")
            rows.append(f"`{at}` {key} branches changed: see the concrete check below")


def _enum_values_diff(
    old: dict[str, Any], new: dict[str, Any], at: str, readers: list[str], rows: list[str]
) -> None:
    before = old.get("enum", [old["const"]] if "const" in old else None)
    after = new.get("enum", [new["const"]] if "const" in new else None)
    if after is None:
        return
    shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in after)
    if before is None:
        readers.append(f"`{at}` closed to {shown} (any value was allowed)")
        rows.append(f"`{at}` restricted to {shown}")
        return
    removed = [json.dumps(v, ensure_ascii=False) for v in before if v not in after]
    added = [json.dumps(v, ensure_ascii=False) for v in after if v not in before]
    if removed:
        readers.append(f"`{at}` enum value removed: {', '.join(removed)}")
        rows.append(f"`{at}` rows holding {', '.join(removed)} fail")
    if added:
        readers.append(f"`{at}` new enum value readers may not handle: {', '.join(added)}")


def _types(schema: dict[str, Any]) -> frozenset[str] | None:
    value = schema.get("type")
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


def _type_loss(was: frozenset[str] | None, now: frozenset[str] | None) -> list[str]:
    """Types `was` allows that `now` does not (None = any type; integer is a number)."""
    if now is None:
        return []
    if was is None:
        return sorted({"array", "boolean", "null", "number", "object", "string"} - now)
    return sorted(t for t in was if t not in now and not (t == "integer" and "number" in now))


def _types_text(types: frozenset[str] | None) -> str:
    return "any" if types is None else " | ".join(sorted(types))


def _looser(key: str, before: Any, after: Any) -> bool:
    if before is None or key in ("pattern", "format"):
        return False
    if not isinstance(before, int | float) or not isinstance(after, int | float):
        return False
    return bool(after < before) if key in _LOWER_BOUNDS else bool(after > before)
