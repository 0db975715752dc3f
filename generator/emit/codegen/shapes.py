"""JSON Schema -> a small type tree that both code generators render (TypeScript types, Python TypedDicts).

A JSON column's shape may be any JSON Schema (draft 2020-12). The tree keeps what the two type systems can
say: JSON types, literals (`enum`, `const`), arrays, objects (properties, required keys, other keys) and
unions; `anyOf`/`oneOf`, `allOf` and the keywords of a schema are intersected, and intersections are worked
out in the tree, so neither language needs an intersection type. Keywords that only narrow the valid values
(bounds, lengths, patterns, formats, `not`, `if`/`then`/`else`, `uniqueItems`, ...) are left out and `$ref`
is not followed, so a type is never narrower than its schema: every valid value has the type, and a type can
only be wider than the schema (`JSON` where nothing more precise can be said).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

# The JSON types; "json" is any JSON value and "never" no value at all.
_SCALARS = ("null", "boolean", "integer", "number", "string")
_ALL_TYPES = ("null", "boolean", "number", "string", "array", "object")
_OBJECT_KEYWORDS = frozenset({"properties", "required", "additionalProperties", "patternProperties"})
_ARRAY_KEYWORDS = frozenset({"items", "prefixItems"})


@dataclass(frozen=True, slots=True)
class Prim:
    """A JSON scalar type ("null", "boolean", "integer", "number", "string"), any JSON value, or no value."""

    kind: str


@dataclass(frozen=True, slots=True)
class Lit:
    """One literal value; `kind` keeps `true` apart from `1` (Python's True == 1)."""

    kind: str  # "null" | "boolean" | "number" | "string"
    value: str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Arr:
    """An array whose items all have one type."""

    item: Shape


@dataclass(frozen=True, slots=True)
class Prop:
    """One declared key of an object."""

    name: str
    type: Shape
    required: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class Obj:
    """An object: declared keys, and the type of any other key (None: no other keys allowed)."""

    props: tuple[Prop, ...] = ()
    extra: Shape | None = None


@dataclass(frozen=True, slots=True)
class Union:
    """One of several types (flattened, no duplicates, at least two members)."""

    members: tuple[Shape, ...]


Shape = Prim | Lit | Arr | Obj | Union

JSON = Prim("json")
NEVER = Prim("never")


def shape_of(schema: Any) -> Shape:
    """The type of the values a JSON Schema accepts (never narrower than the schema)."""
    if schema is False:
        return NEVER
    if schema is True or not isinstance(schema, Mapping):
        return JSON
    parts: list[Shape] = [_typed(schema)]
    if "const" in schema:
        parts.append(_literal(schema["const"]))
    if isinstance(schema.get("enum"), list):
        parts.append(union(_literal(v) for v in schema["enum"]))
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            parts.append(union(shape_of(s) for s in schema[key]))
    if isinstance(schema.get("allOf"), list):
        parts += [shape_of(s) for s in schema["allOf"]]
    out = parts[0]
    for part in parts[1:]:
        out = intersect(out, part)
    return out


def _typed(schema: Mapping[str, Any]) -> Shape:
    """What `type` and the type-specific keywords say (every JSON type when `type` is absent)."""
    declared = schema.get("type")
    if isinstance(declared, str):
        kinds: tuple[str, ...] = (declared,)
    elif isinstance(declared, list) and declared:
        kinds = tuple(k for k in declared if isinstance(k, str))
    else:
        if not (_OBJECT_KEYWORDS | _ARRAY_KEYWORDS) & schema.keys():
            return JSON
        kinds = _ALL_TYPES
    return union(_of_kind(kind, schema) for kind in kinds)


def _of_kind(kind: str, schema: Mapping[str, Any]) -> Shape:
    if kind == "object":
        return _object(schema)
    if kind == "array":
        return _array(schema)
    return Prim(kind) if kind in _SCALARS else JSON


def _array(schema: Mapping[str, Any]) -> Shape:
    items = schema.get("items", True)
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list) and prefix:
        # A tuple: its positions, then `items` for the rest; typed as an array of any of them.
        rest = [] if items is False else [shape_of(items)]
        return Arr(union([*(shape_of(p) for p in prefix), *rest]))
    return Arr(shape_of(items))


def _object(schema: Mapping[str, Any]) -> Shape:
    extra_schema = schema.get("additionalProperties", True)
    extra: Shape | None = None if extra_schema is False else shape_of(extra_schema)
    if schema.get("patternProperties"):
        extra = JSON  # keys matching a pattern are allowed too: any JSON value, to stay wide enough
    properties = schema.get("properties")
    properties = properties if isinstance(properties, Mapping) else {}
    required = schema.get("required")
    required = {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
    props = [
        Prop(
            name,
            shape_of(sub),
            name in required,
            sub.get("description", "").strip() if isinstance(sub, Mapping) else "",
        )
        for name, sub in properties.items()
    ]
    if extra is not None:
        # A required key the schema does not describe still has to be there, with the type of other keys.
        props += [Prop(name, extra, True) for name in sorted(required - set(properties))]
    return _checked_object(tuple(props), extra)


def _checked_object(props: tuple[Prop, ...], extra: Shape | None) -> Shape:
    """An object, or NEVER when a required key can hold no value; optional keys that cannot exist go."""
    if any(p.required and p.type == NEVER for p in props):
        return NEVER
    return Obj(tuple(p for p in props if p.type != NEVER), extra)


def _literal(value: Any) -> Shape:
    if value is None:
        return Lit("null", None)
    if isinstance(value, bool):
        return Lit("boolean", value)
    if isinstance(value, int | float):
        return Lit("number", value)
    if isinstance(value, str):
        return Lit("string", value)
    return Arr(JSON) if isinstance(value, list) else Obj((), JSON)


def union(members: Iterable[Shape]) -> Shape:
    """One of the members: flattened, duplicates and impossible members dropped, wider members absorbing."""
    flat: list[Shape] = []
    for member in members:
        for m in member.members if isinstance(member, Union) else (member,):
            if m != NEVER and m not in flat:
                flat.append(m)
    if JSON in flat:
        return JSON
    kinds = {m.kind for m in flat if isinstance(m, Prim)}
    if "number" in kinds:
        flat = [m for m in flat if m != Prim("integer")]
    flat = [m for m in flat if not (isinstance(m, Lit) and _absorbed(m, kinds))]
    if not flat:
        return NEVER
    return flat[0] if len(flat) == 1 else Union(tuple(flat))


def _absorbed(lit: Lit, kinds: set[str]) -> bool:
    """True when one of the scalar types `kinds` already holds the literal."""
    if lit.kind == "number":
        return "number" in kinds or ("integer" in kinds and _whole(lit.value))
    return lit.kind in kinds


def _whole(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()


def intersect(a: Shape, b: Shape) -> Shape:
    """The values that have both types, worked out (no intersection type is left)."""
    if NEVER in (a, b):
        return NEVER
    if a == JSON:
        return b
    if b == JSON or a == b:
        return a
    if isinstance(a, Union):
        return union(intersect(m, b) for m in a.members)
    if isinstance(b, Union):
        return union(intersect(a, m) for m in b.members)
    if isinstance(a, Lit) or isinstance(b, Lit):
        return _intersect_literal(a, b)
    if isinstance(a, Prim) and isinstance(b, Prim):
        return Prim("integer") if {a.kind, b.kind} == {"integer", "number"} else NEVER
    if isinstance(a, Arr) and isinstance(b, Arr):
        item = intersect(a.item, b.item)
        return Arr(item)
    if isinstance(a, Obj) and isinstance(b, Obj):
        return _merge(a, b)
    return NEVER


def _intersect_literal(a: Shape, b: Shape) -> Shape:
    lit, other = (a, b) if isinstance(a, Lit) else (b, a)
    assert isinstance(lit, Lit)
    if isinstance(other, Lit):
        return lit if (lit.kind, lit.value) == (other.kind, other.value) else NEVER
    if isinstance(other, Prim):
        if other.kind == lit.kind:
            return lit
        if other.kind == "integer" and lit.kind == "number":
            return lit if _whole(lit.value) else NEVER
    return NEVER


def _merge(a: Obj, b: Obj) -> Shape:
    """Two object types at once: each key has both types, other keys both types of other keys."""
    by_name = {p.name: p for p in b.props}
    props: list[Prop] = []
    for p in a.props:
        q = by_name.pop(p.name, None)
        if q is None:
            props.append(_constrained(p, b.extra))
        else:
            props.append(replace(p, type=intersect(p.type, q.type), required=p.required or q.required))
    props += [_constrained(q, a.extra) for q in by_name.values()]
    extra = None if a.extra is None or b.extra is None else intersect(a.extra, b.extra)
    return _checked_object(tuple(props), extra)


def _constrained(prop: Prop, extra: Shape | None) -> Prop:
    """A key one object declares, seen by the other object as one of its other keys."""
    return replace(prop, type=NEVER if extra is None else intersect(prop.type, extra))
