"""A JSON column's shape as a type tree: the one reading of a JSON Schema fragment that every renderer walks.

A JSON column's shape may be any JSON Schema (draft 2020-12); it is read here once (`column_shape`), and the
TypeScript types (emit/codegen/typescript.py), the Python TypedDicts (emit/codegen/python.py), the reference
pages (emit/docs/shapes.py) and the ER diagram (emit/erd.py) render the same tree. The tree keeps what type
systems can say: JSON types, literals (`enum`, `const`), arrays, objects (properties, required keys, other
keys) and unions; `anyOf`/`oneOf`, `allOf` and the keywords of a schema are intersected, and intersections
are worked out in the tree, so no language needs an intersection type. Keywords that only narrow the valid
values (lengths, patterns, formats, `not`, `if`/`then`/`else`, ...) are left out and `$ref` is not followed,
so a type is never narrower than its schema: every valid value has the type, and a type can only be wider
than the schema (`JSON` where nothing more precise can be said). Two narrowing keywords the pages show ride
along as notes that take no part in the type algebra (left out of `==` and `hash`): a number's `minimum` and
`maximum` and an array's `uniqueItems`; a union of two notes keeps only what both say, an intersection what
either says, so a note is never narrower than the schema either.

Validating values is not this tree's job: generator/spec/fastpath.py compiles the schema itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from msgspec.structs import replace

from generator.records import compared_on

if TYPE_CHECKING:
    from generator.model.schema import Column

# The JSON types; "json" is any JSON value and "never" no value at all.
_SCALARS = ("null", "boolean", "integer", "number", "string")
_ALL_TYPES = ("null", "boolean", "number", "string", "array", "object")
_OBJECT_KEYWORDS = frozenset({"properties", "required", "additionalProperties", "patternProperties"})
_ARRAY_KEYWORDS = frozenset({"items", "prefixItems"})


Bound = int | float | None


class Prim(Struct, frozen=True):
    """A JSON scalar type ("null", "boolean", "integer", "number", "string"), any JSON value, or no value.

    A number's `minimum` and `maximum` are notes for the pages, not part of the type (equality ignores them).
    """

    kind: str
    minimum: Bound = None
    maximum: Bound = None

    __eq__, __hash__ = compared_on("kind")


class Lit(Struct, frozen=True):
    """One literal value; `kind` keeps `true` apart from `1` (Python's True == 1)."""

    kind: str  # "null" | "boolean" | "number" | "string"
    value: str | int | float | bool | None


class Arr(Struct, frozen=True):
    """An array whose items all have one type (`unique`: a note for the pages, not part of the type)."""

    item: Shape
    unique: bool = False

    __eq__, __hash__ = compared_on("item")


class Prop(Struct, frozen=True):
    """One declared key of an object."""

    name: str
    type: Shape
    required: bool = False
    description: str = ""


class Obj(Struct, frozen=True):
    """An object: declared keys, and the type of any other key (None: no other keys allowed)."""

    props: tuple[Prop, ...] = ()
    extra: Shape | None = None


class Union(Struct, frozen=True):
    """One of several types (flattened, no duplicates, at least two members)."""

    members: tuple[Shape, ...]


Shape = Prim | Lit | Arr | Obj | Union

JSON = Prim("json")
NEVER = Prim("never")


class JsonShape(Struct, frozen=True):
    """A JSON column's shape read once: the type tree and the schema's own description ('' for none)."""

    type: Shape
    description: str = ""


def column_shape(column: Column) -> JsonShape:
    """The shape of a JSON column (any JSON value for a column without one), read once per process."""
    return read_shape(column.json_schema or "{}")


@lru_cache(maxsize=4096)  # bounded: a long-lived process (fleet) reads many specs
def read_shape(text: str) -> JsonShape:
    """The shape of a JSON Schema fragment given as JSON text (a column's canonical `json_schema`)."""
    schema = json.loads(text)
    described = schema.get("description") if isinstance(schema, Mapping) else None
    return JsonShape(shape_of(schema), described if isinstance(described, str) else "")


def json_types(shape: Shape) -> tuple[str, ...]:
    """The JSON types a shape's values may have, in its order; () when any type will do (or none)."""
    kinds: list[str] = []
    for m in shape.members if isinstance(shape, Union) else (shape,):
        if m == JSON:
            return ()
        kind = m.kind if isinstance(m, Prim | Lit) else "object" if isinstance(m, Obj) else "array"
        if kind != "never" and kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)


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
    if kind in ("integer", "number"):
        return Prim(kind, _bound(schema.get("minimum")), _bound(schema.get("maximum")))
    return Prim(kind) if kind in _SCALARS else JSON


def _bound(value: Any) -> Bound:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _array(schema: Mapping[str, Any]) -> Shape:
    items = schema.get("items", True)
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list) and prefix:
        # A tuple: its positions, then `items` for the rest; typed as an array of any of them.
        rest = [] if items is False else [shape_of(items)]
        return Arr(union([*(shape_of(p) for p in prefix), *rest]), schema.get("uniqueItems") is True)
    return Arr(shape_of(items), schema.get("uniqueItems") is True)


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
    members_seen: list[Shape] = []
    for member in members:
        for m in member.members if isinstance(member, Union) else (member,):
            members_seen.append(m)
            if m == NEVER:
                continue
            if m not in flat:
                flat.append(m)
            else:  # the same type twice: keep only the notes both say
                i = flat.index(m)
                flat[i] = _notes(flat[i], m, wider=True)
    if JSON in flat:
        return JSON
    kinds = {m.kind for m in flat if isinstance(m, Prim)}
    if "number" in kinds:
        flat = [m for m in flat if m != Prim("integer")]
    flat = [m for m in flat if not (isinstance(m, Lit) and _absorbed(m, kinds))]
    absorbed = [m for m in members_seen if isinstance(m, Lit | Prim) and m not in flat]
    if absorbed:  # a wider member holds them now: its notes must hold them too
        flat = [_holding(m, absorbed) for m in flat]
    if not flat:
        return NEVER
    return flat[0] if len(flat) == 1 else Union(tuple(flat))


def _holding(member: Shape, absorbed: Iterable[Shape]) -> Shape:
    """A number type whose bounds are widened to the numbers it absorbed (other members as they are)."""
    if not isinstance(member, Prim) or member.kind not in ("integer", "number"):
        return member
    out: Shape = member
    for m in absorbed:
        if isinstance(m, Prim) and m.kind in ("integer", "number"):
            out = _notes(out, m, wider=True)
        elif isinstance(m, Lit) and m.kind == "number" and isinstance(m.value, int | float):
            out = _notes(out, Prim(member.kind, m.value, m.value), wider=True)
    return out


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
    if b == JSON:
        return a
    if a == b:
        return _notes(a, b, wider=False)
    if isinstance(a, Union):
        return union(intersect(m, b) for m in a.members)
    if isinstance(b, Union):
        return union(intersect(a, m) for m in b.members)
    if isinstance(a, Lit) or isinstance(b, Lit):
        return _intersect_literal(a, b)
    if isinstance(a, Prim) and isinstance(b, Prim):
        if {a.kind, b.kind} != {"integer", "number"}:
            return NEVER
        return _notes(Prim("integer", a.minimum, a.maximum), b, wider=False)
    if isinstance(a, Arr) and isinstance(b, Arr):
        return Arr(intersect(a.item, b.item), a.unique or b.unique)
    if isinstance(a, Obj) and isinstance(b, Obj):
        return _merge(a, b)
    return NEVER


def _notes(a: Shape, b: Shape, *, wider: bool) -> Shape:
    """`a` (a type equal to `b`) with the notes of both: those both say (`wider`), or those either says."""
    if isinstance(a, Prim) and isinstance(b, Prim):
        low = _pick(a.minimum, b.minimum, low=True, wider=wider)
        high = _pick(a.maximum, b.maximum, low=False, wider=wider)
        return a if (low, high) == (a.minimum, a.maximum) else replace(a, minimum=low, maximum=high)
    if isinstance(a, Arr) and isinstance(b, Arr):
        unique = (a.unique and b.unique) if wider else (a.unique or b.unique)
        return a if unique == a.unique else replace(a, unique=unique)
    return a


def _pick(x: Bound, y: Bound, *, low: bool, wider: bool) -> Bound:
    """Of two lower (`low`) or upper bounds (None: none), the looser (`wider`) or the tighter one."""
    if x is None or y is None:
        return None if wider else (y if x is None else x)
    return min(x, y) if low == wider else max(x, y)


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
