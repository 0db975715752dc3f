"""A compact reading of a JSON Schema fragment, for the pages' JSON sections."""

from __future__ import annotations

import json
from typing import Any


def shape_summary(schema: Any) -> str:
    """A compact, TypeScript-like reading of a JSON Schema fragment, e.g. `{id: string, weight?: integer}`."""
    if not isinstance(schema, dict):
        return "any"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            base = {k: v for k, v in schema.items() if k not in (key, "description")}
            alts = [shape_summary({**base, **alt}) for alt in schema[key]]
            return " | ".join(dict.fromkeys(alts))
    if "enum" in schema:
        return " | ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(shape_summary({**schema, "type": k}) for k in kind)
    if kind == "array":
        items = shape_summary(schema["items"]) if "items" in schema else "any"
        items = f"({items})" if " | " in items else items
        return f"{items}[]" + (" (unique)" if schema.get("uniqueItems") else "")
    if kind == "object" or "properties" in schema:
        return _object_summary(schema)
    if kind in ("integer", "number"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"{kind} {low}-{high}"
        return f"{kind} >= {low}" if low is not None else str(kind)
    return str(kind) if kind else "any"


def _object_summary(schema: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    parts = [
        f"{name}{'' if name in required else '?'}: {shape_summary(sub)}"
        for name, sub in schema.get("properties", {}).items()
    ]
    extra = schema.get("additionalProperties", True)
    if isinstance(extra, dict):
        parts.append(f"[key: string]: {shape_summary(extra)}")
    elif extra is not False:
        parts.append("...")
    return "{" + ", ".join(parts) + "}" if parts != ["..."] else "object (free-form)"
