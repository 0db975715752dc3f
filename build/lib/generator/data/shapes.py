"""A compiled fast path for JSON Schema: a predicate that accepts valid values without jsonschema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_IGNORED_KEYWORDS = frozenset({"description", "title", "examples", "$comment", "default", "format"})
_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int or (type(v) is float and v.is_integer()),
    "number": lambda v: type(v) is int or type(v) is float,
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
}


def compile_shape(schema: Any) -> Callable[[Any], bool] | None:
    """A predicate that is True only for values the JSON Schema accepts, or None for schemas it cannot do.

    Only accepting matters: a False answer sends the value to jsonschema, which decides and explains.
    """
    if schema is True or schema == {}:
        return lambda _v: True
    if not isinstance(schema, dict):
        return None
    tests: list[Callable[[Any], bool]] = []
    for key, arg in schema.items():
        test = _keyword(key, arg, schema)
        if test is _UNSUPPORTED:
            return None
        if test is not None:
            tests.append(test)
    if len(tests) == 1:
        return tests[0]
    return lambda v: all(t(v) for t in tests)


def _unsupported(_v: Any) -> bool:
    return False


_UNSUPPORTED: Callable[[Any], bool] = _unsupported


def _keyword(key: str, arg: Any, schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """The predicate of one keyword; None when it constrains nothing, _UNSUPPORTED when unknown."""
    if key in _IGNORED_KEYWORDS:
        return None
    if key == "type":
        names = (arg,) if isinstance(arg, str) else tuple(arg)
        if not all(n in _TYPE_TESTS for n in names):
            return _UNSUPPORTED
        checks = [_TYPE_TESTS[n] for n in names]
        return checks[0] if len(checks) == 1 else (lambda v: any(c(v) for c in checks))
    if key in ("items", "additionalProperties", "anyOf", "properties"):
        return _composite(key, arg, schema)
    if key == "required":
        return lambda v: type(v) is not dict or all(k in v for k in arg)
    if key == "enum":
        if not all(isinstance(e, str) for e in arg):
            return _UNSUPPORTED
        allowed = frozenset(arg)
        return lambda v: type(v) is str and v in allowed
    bounds: dict[str, Callable[[Any], bool]] = {
        "minimum": lambda v: v >= arg,
        "maximum": lambda v: v <= arg,
        "exclusiveMinimum": lambda v: v > arg,
        "exclusiveMaximum": lambda v: v < arg,
    }
    if key in bounds:
        bound = bounds[key]
        return lambda v: not (type(v) is int or type(v) is float) or bound(v)
    if key == "uniqueItems":
        # strings only: anything else goes to jsonschema, whose equality rules (1 == 1.0, not True) decide
        return lambda v: (
            not arg or type(v) is not list or (all(type(x) is str for x in v) and len(set(v)) == len(v))
        )
    sizes = {"minItems": (list, 1), "maxItems": (list, -1), "minLength": (str, 1), "maxLength": (str, -1)}
    if key in sizes:
        kind, sign = sizes[key]
        return lambda v: type(v) is not kind or (len(v) - arg) * sign >= 0
    return _UNSUPPORTED


def _composite(key: str, arg: Any, schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """Predicates of the keywords holding subschemas."""
    if key == "items":
        item = compile_shape(arg)
        if item is None:
            return _UNSUPPORTED
        each: Callable[[Any], bool] = item
        return lambda v: type(v) is not list or all(each(x) for x in v)
    if key == "properties":
        subs = {name: compile_shape(s) for name, s in arg.items()}
        if any(s is None for s in subs.values()):
            return _UNSUPPORTED
        pairs: list[tuple[str, Callable[[Any], bool]]] = [(n, s) for n, s in subs.items() if s is not None]
        return lambda v: type(v) is not dict or all(n not in v or s(v[n]) for n, s in pairs)
    if key == "additionalProperties":
        if "patternProperties" in schema:
            return _UNSUPPORTED
        known = frozenset(schema.get("properties", {}))
        if arg is False:
            return lambda v: type(v) is not dict or v.keys() <= known
        sub = compile_shape(arg)
        if sub is None:
            return _UNSUPPORTED
        return lambda v: type(v) is not dict or all(sub(x) for k, x in v.items() if k not in known)
    subs_any = [compile_shape(s) for s in arg]
    if any(s is None for s in subs_any):
        return _UNSUPPORTED
    alternatives = [s for s in subs_any if s is not None]
    return lambda v: any(s(v) for s in alternatives)
