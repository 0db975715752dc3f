"""A JSON column's shape in words for the pages' JSON sections: the type tree (generator/model/shape.py)."""

from __future__ import annotations

import json

from generator.model.shape import JSON, NEVER, Arr, Lit, Obj, Prim, Shape

_FREE = "..."


def shape_summary(shape: Shape) -> str:
    """A compact, TypeScript-like reading of a shape, e.g. `{id: string, weight?: integer 1-5}`."""
    if isinstance(shape, Prim):
        return _scalar(shape)
    if isinstance(shape, Lit):
        return json.dumps(shape.value, ensure_ascii=False)
    if isinstance(shape, Arr):
        item = shape_summary(shape.item)
        item = f"({item})" if " | " in item else item
        return f"{item}[]" + (" (unique)" if shape.unique else "")
    if isinstance(shape, Obj):
        return _object(shape)
    return " | ".join(dict.fromkeys(shape_summary(m) for m in shape.members))


def _scalar(shape: Prim) -> str:
    if shape == JSON:
        return "any"
    if shape == NEVER:
        return "never"
    low, high = shape.minimum, shape.maximum
    if low is not None and high is not None:
        return f"{shape.kind} {low}-{high}"
    return f"{shape.kind} >= {low}" if low is not None else shape.kind


def _object(shape: Obj) -> str:
    parts = [f"{p.name}{'' if p.required else '?'}: {shape_summary(p.type)}" for p in shape.props]
    if shape.extra == JSON:
        parts.append(_FREE)
    elif shape.extra is not None:
        parts.append(f"[key: string]: {shape_summary(shape.extra)}")
    return "{" + ", ".join(parts) + "}" if parts != [_FREE] else "object (free-form)"
