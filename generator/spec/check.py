"""Check spec data: its JSON Schema, then the rules JSON Schema cannot say (references, defaults, names)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.spec.fastpath import spec_is_valid
from generator.spec.load import Marked, Path_, format_path

if TYPE_CHECKING:
    import jsonschema


@cache
def spec_json_schema() -> dict[str, Any]:
    """The JSON Schema of the spec format (shipped in the package for editors too)."""
    text = (Path(__file__).parent / "spec.schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def schema_problems(data: Any, marked: Marked) -> list[str]:
    """Every place the spec data breaks its JSON Schema, one line each (file:line:col: path: message)."""
    if spec_is_valid(data):
        return []  # proved valid without jsonschema (generator/spec/fastpath.py)
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(spec_json_schema())
    found: list[tuple[str, str]] = []
    for error in validator.iter_errors(data):
        for path, message, on_key in _explain(error):
            found.append((format_path(path), marked.line(path, message, key=on_key)))
    return [line for _p, line in sorted(set(found))]


def _explain(error: jsonschema.ValidationError) -> Iterator[tuple[Path_, str, bool]]:
    path: Path_ = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed)):
            import difflib  # only for a hint: not imported on every start

            hint = difflib.get_close_matches(key, allowed, n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else f" (allowed: {', '.join(allowed)})"
            yield (*path, key), f"unknown key '{key}'{extra}", True
    elif error.validator == "required":
        yield path, error.message.replace("is a required property", "is required but missing"), False
    elif "propertyNames" in error.schema_path and isinstance(error.instance, str):
        name = error.instance
        yield (*path, name), f"{name!r} is not a valid name: {error.message}", True
    elif error.validator in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        yield from _explain(best)
    else:
        yield path, error.message, False
