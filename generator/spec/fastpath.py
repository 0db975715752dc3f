"""The one JSON Schema compiler: a schema compiled into a predicate that answers as jsonschema does.

Used for the spec (`spec_is_valid`), for a column's example (`fits`) and for JSON column values
(`compile_shape`, which generator/data/checks.py runs on every value an import or audit sees). One set of
type rules for all three, jsonschema's own over JSON data: bool is not a number, 1.0 is an integer, NaN is
a number that no bound excludes (jsonschema fails `minimum` only when `value < minimum`), and an object is a
dict with text keys. A dict with another key (`{1: "a"}` from YAML or app code) is Unsure: JSON would turn
the key into text, and which form is meant (the spec's as given, a column value's as stored) is for
jsonschema to judge; the compiler never says True for it (tests/test_shape_compiler.py holds all of this
against jsonschema on seeded random schemas and values).

jsonschema walks the schema for every value (tens of milliseconds for a 12-table spec, plus its import);
a valid spec, the everyday case, needs only a yes. So spec.schema.json is compiled once per process into
plain closures that answer exactly what jsonschema's Draft 2020-12 validator answers, keyword by keyword:
True (valid) or False (invalid: jsonschema then runs and explains, so every message stays its own). Where
exactness would need jsonschema's finer rules (uniqueItems over values that are not strings), a closure
raises Unsure and jsonschema decides. A keyword the compiler does not know is refused when compiling, so
a change to spec.schema.json can never be half-checked here (tests/test_spec_fastpath.py compiles it and
compares the answers with jsonschema's on thousands of mutated specs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

Check = Callable[[Any], bool]

_OBJECT_KEYWORDS = frozenset(
    {"properties", "additionalProperties", "propertyNames", "required", "minProperties"}
)

# Words that only annotate (they constrain nothing in Draft 2020-12 without a format checker).
_ANNOTATIONS = frozenset(
    {"$comment", "title", "description", "examples", "default", "format"}
    | {"deprecated", "readOnly", "writeOnly"}
)
_STR = frozenset({str})


def _object(v: Any) -> bool:
    """An object of JSON data; a dict with keys other than text is for jsonschema to judge (Unsure)."""
    if not isinstance(v, dict):
        return False
    if not _STR.issuperset(map(type, v)):
        raise Unsure
    return True


def _text_keys(v: Any) -> bool:
    """True for anything but a dict with keys other than text (then Unsure)."""
    if not isinstance(v, dict) or _STR.issuperset(map(type, v)):
        return True
    raise Unsure


# jsonschema's Draft 2020-12 type checker (bool is not a number; 1.0 is an integer), objects as above.
_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": _object,
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
}

# `items: {type: T}` over plain values: one pass over the element types accepts at C speed.
_PLAIN = {"string": str, "boolean": bool, "array": list, "null": type(None)}


# Python types all of whose values have the JSON type (an int subclass, a dict with other keys do not).
_EXACT: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "array": (list,),
    "null": (type(None),),
    "number": (int, float),
    "integer": (int,),
}


def _plain_items(items: Any) -> type | None:
    """The Python type that passes `items: {type: T}` for the plain types T of _PLAIN, else None."""
    kind = items.get("type") if isinstance(items, dict) and items.keys() - _ANNOTATIONS == {"type"} else None
    return _PLAIN.get(kind) if isinstance(kind, str) else None


class Unsure(Exception):
    """This value needs jsonschema's own rules to decide."""


class Unsupported(Exception):
    """The schema uses a keyword (or a form of one) this compiler does not answer exactly."""


def spec_is_valid(data: Any) -> bool | None:
    """True when the spec data is valid, False when it is not, None when jsonschema must decide."""
    try:
        return _spec_check()(data)
    except Unsure:
        return None


@cache
def _spec_check() -> Check:
    from generator.spec.check import spec_json_schema

    return compile_schema(spec_json_schema())


def compile_schema(root: Any) -> Check:
    """The predicate of a JSON Schema document (references inside it only: `#/$defs/...`).

    `$id` and `$schema` are read only at the root: an `$id` deeper down starts another resource, whose
    references resolve against it, which this compiler does not follow. The predicate answers True (valid)
    or False (invalid; for data that is not JSON's own form, a dict with keys other than text, False only
    means "ask jsonschema") or raises Unsure (jsonschema decides).
    """
    return _Compiler(root if isinstance(root, dict) else {}).compile(root)


def compile_shape(schema: Any) -> Check | None:
    """A JSON column's shape as a fast accept, or None for a schema the compiler does not answer exactly.

    True exactly for values jsonschema accepts. False also stands for "jsonschema must decide" (uniqueItems
    over values that are not all strings, an object with keys that are not strings), so a caller that
    trusts False checks for those.
    """
    compiler = _Compiler(schema if isinstance(schema, dict) else {})
    try:
        check = compiler.compile(schema)
    except Unsupported:
        return None
    if not compiler.unsure:
        return check  # no keyword of the shape is ever unsure: the check answers alone

    def accepts(value: Any) -> bool:
        try:
            return check(value)
        except Unsure:
            return False

    return accepts


def fits(schema: Any, value: Any) -> bool | None:
    """True when `value` is valid against the JSON Schema, False when not, None when jsonschema decides."""
    try:
        return compile_schema(schema)(value)
    except (Unsupported, Unsure):
        return None


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, list[Check]] = {}
        self.unsure = False  # True once a check that may raise Unsure is part of the result

    def compile(self, root: Any) -> Check:
        """The predicate of the root schema (`$id` and `$schema` read there only)."""
        if isinstance(root, dict):
            return self.schema({k: v for k, v in root.items() if k not in ("$id", "$schema")})
        return self.schema(root)

    def schema(self, schema: Any) -> Check:
        if schema is True:
            return lambda _v: True
        if schema is False:
            return lambda _v: False
        if not isinstance(schema, dict):
            raise Unsupported(f"a schema must be an object or a boolean, not {schema!r}")
        words = schema.keys() - _ANNOTATIONS
        if words == {"type", "items"} and schema["type"] == "array":
            plain = _plain_items(schema["items"])
            if plain is not None:  # the common shape, an array of one plain type: one closure, one pass
                item, allowed = self.schema(schema["items"]), frozenset({plain})
                return lambda v: (
                    isinstance(v, list) and (allowed.issuperset(map(type, v)) or all(item(x) for x in v))
                )
        checks = [self.keyword(key, arg, schema) for key, arg in schema.items() if key not in _ANNOTATIONS]
        if _OBJECT_KEYWORDS.intersection(schema) and schema.get("type") != "object":
            self.unsure = True
            checks.insert(0, _text_keys)  # the keywords below judge a dict by its keys as given
        return _all(
            [c for c in checks if c is not None] + ([self.conditional(schema)] if "if" in schema else [])
        )

    def keyword(self, key: str, arg: Any, schema: dict[str, Any]) -> Check | None:
        """One keyword's check; None for those that act only with another (then, else, $defs)."""
        if key in ("then", "else", "if", "$defs"):
            return None
        if key == "$ref":
            return self.ref(arg)
        if key == "type":
            names = [arg] if isinstance(arg, str) else list(arg)
            if not names or not all(isinstance(n, str) and n in _TYPES for n in names):
                raise Unsupported(f"type {arg!r}")
            self.unsure = self.unsure or "object" in names
            tests = [_TYPES[n] for n in names]
            if len(tests) == 1:
                return tests[0]
            # Python types whose every value is of one of the names (`[string, "null"]`: str, None) decide
            # at once; any other value asks each name's test.
            exact = frozenset(t for n in names for t in _EXACT.get(n, ()))
            return lambda v: type(v) in exact or any(t(v) for t in tests)
        if key in _OBJECT_KEYWORDS:
            return self.object_keyword(key, arg, schema)
        if key in ("items", "minItems", "maxItems", "uniqueItems"):
            return self.array_keyword(key, arg)
        if key in ("minLength", "maxLength", "pattern"):
            return _string_keyword(key, arg)
        if key in ("enum", "const"):
            return _equal_to(arg if key == "enum" else [arg])
        if key in ("minimum", "maximum"):
            # jsonschema fails only `v < minimum` (`v > maximum`): NaN, which compares False, passes.
            number = _TYPES["number"]
            if key == "minimum":
                return lambda v: not number(v) or not v < arg
            return lambda v: not number(v) or not v > arg
        if key in ("oneOf", "anyOf", "allOf"):
            subs = [self.schema(s) for s in arg]
            if key == "allOf":
                return _all(subs)
            if key == "anyOf":
                return _any(subs)
            return lambda v: _count(subs, v, enough=2) == 1
        raise Unsupported(f"keyword {key!r}")

    def ref(self, ref: Any) -> Check:
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            raise Unsupported(f"$ref {ref!r} (only #/$defs/NAME)")
        name = ref.removeprefix("#/$defs/")
        if not isinstance(self.root.get("$defs"), dict) or name not in self.root["$defs"]:
            raise Unsupported(f"$ref {ref!r} names no definition")
        if name not in self.refs:
            cell: list[Check] = []
            self.refs[name] = cell  # filled below; a recursive reference reads it when called
            cell.append(self.schema(self.root["$defs"][name]))
        cell = self.refs[name]
        return lambda v: cell[0](v)

    def conditional(self, schema: dict[str, Any]) -> Check:
        test = self.schema(schema["if"])
        then = self.schema(schema.get("then", True))
        other = self.schema(schema.get("else", True))
        return lambda v: then(v) if test(v) else other(v)

    def object_keyword(self, key: str, arg: Any, schema: dict[str, Any]) -> Check:
        if key == "properties":
            subs = [(name, self.schema(sub)) for name, sub in arg.items()]

            def properties(v: Any) -> bool:  # a loop: a few times faster than all() over a generator
                if not isinstance(v, dict):
                    return True
                for n, s in subs:  # noqa: SIM110
                    if n in v and not s(v[n]):
                        return False
                return True

            return properties
        if key == "additionalProperties":
            if "patternProperties" in schema:
                raise Unsupported("additionalProperties beside patternProperties")
            known = frozenset(schema.get("properties", {}))
            if arg is False:
                return lambda v: not isinstance(v, dict) or v.keys() <= known
            extra = self.schema(arg)
            return lambda v: not isinstance(v, dict) or all(extra(x) for k, x in v.items() if k not in known)
        if key == "propertyNames":
            name = self.schema(arg)
            return lambda v: not isinstance(v, dict) or all(name(k) for k in v)
        if key == "required":
            names = tuple(arg)
            return lambda v: not isinstance(v, dict) or all(n in v for n in names)
        return lambda v: not isinstance(v, dict) or len(v) >= arg

    def array_keyword(self, key: str, arg: Any) -> Check:
        if key == "items":
            item = self.schema(arg)
            plain = _plain_items(arg)
            if plain is not None:  # exactly that type, every element: accepted in one pass
                allowed = frozenset({plain})
                return lambda v: (
                    not isinstance(v, list) or allowed.issuperset(map(type, v)) or all(item(x) for x in v)
                )
            return lambda v: not isinstance(v, list) or all(item(x) for x in v)
        if key == "minItems":
            return lambda v: not isinstance(v, list) or len(v) >= arg
        if key == "maxItems":
            return lambda v: not isinstance(v, list) or len(v) <= arg
        self.unsure = self.unsure or bool(arg)
        return _unique if arg else (lambda _v: True)


def _all(checks: list[Check]) -> Check:
    """Every check holds; one that is unsure matters only when no other fails."""
    if not checks:
        return lambda _v: True
    if len(checks) == 1:
        return checks[0]

    def slow(v: Any) -> bool:  # a check was unsure: does another one fail?
        unsure = False
        for check in checks:
            try:
                if not check(v):
                    return False
            except Unsure:
                unsure = True
        if unsure:
            raise Unsure
        return True

    if len(checks) == 2:
        first, second = checks

        def both(v: Any) -> bool:
            try:
                return first(v) and second(v)
            except Unsure:
                return slow(v)

        return both

    def every(v: Any) -> bool:
        try:
            for check in checks:
                if not check(v):
                    return False
        except Unsure:
            return slow(v)
        return True

    return every


def _any(checks: list[Check]) -> Check:
    """One check holds at least; an unsure one matters only when none holds."""

    def any_of(v: Any) -> bool:
        unsure = False
        for check in checks:
            try:
                if check(v):
                    return True
            except Unsure:
                unsure = True
        if unsure:
            raise Unsure
        return False

    return any_of


def _count(checks: list[Check], v: Any, enough: int) -> int:
    """How many checks hold (counting stops at `enough`); unsure when an unsure one could change it."""
    held, unsure = 0, False
    for check in checks:
        try:
            held += check(v)
        except Unsure:
            unsure = True
        if held >= enough:
            return held
    if unsure:
        raise Unsure
    return held


def _string_keyword(key: str, arg: Any) -> Check:
    if key == "pattern":
        search = re.compile(arg).search  # jsonschema: re.search, anywhere in the string
        return lambda v: not isinstance(v, str) or search(v) is not None
    if key == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= arg
    return lambda v: not isinstance(v, str) or len(v) <= arg


def _equal_to(values: list[Any]) -> Check:
    """enum and const, by jsonschema's equality, for strings and numbers (the forms the spec uses)."""
    if all(isinstance(x, str) for x in values):
        allowed = frozenset(values)
        return lambda v: isinstance(v, str) and v in allowed
    if all(isinstance(x, int | float) and not isinstance(x, bool) for x in values):
        number = _TYPES["number"]
        return lambda v: number(v) and v in values
    raise Unsupported(f"enum or const of {values!r}")


def _unique(v: Any) -> bool:
    if not isinstance(v, list):
        return True
    if all(isinstance(x, str) for x in v):
        return len(set(v)) == len(v)
    raise Unsure


# --- a JSON column's shape, as Draft 2020-12's metaschema checks it ------------------------------------
# The metaschema's rule for each keyword's value, restated for the keywords shapes use. A shape with any
# other keyword ($ref, $id, ...) goes to jsonschema's check_schema, which also explains what is wrong.
_NUMBER = _TYPES["number"]
_SIMPLE_TYPES = frozenset({"array", "boolean", "integer", "null", "number", "object", "string"})


def _count_of(v: Any) -> bool:
    """nonNegativeInteger: an integer (1.0 counts) of at least 0."""
    return _TYPES["integer"](v) and v >= 0


def _regex(v: Any) -> bool:
    """A string Python's re compiles (the `regex` format check_schema asserts)."""
    if not isinstance(v, str):
        return False
    try:
        re.compile(v)
    except re.error:
        return False
    return True


def _strings(v: Any) -> bool:
    """stringArray: an array of distinct strings."""
    return isinstance(v, list) and all(isinstance(x, str) for x in v) and len(set(v)) == len(v)


def _type_value(v: Any) -> bool:
    if isinstance(v, str):
        return v in _SIMPLE_TYPES
    return _strings(v) and len(v) >= 1 and all(x in _SIMPLE_TYPES for x in v)


_VALUE_RULES: dict[str, Check] = {
    "type": _type_value,
    "enum": lambda v: isinstance(v, list),
    "const": lambda _v: True,
    "default": lambda _v: True,
    "multipleOf": lambda v: _NUMBER(v) and v > 0,
    **dict.fromkeys(("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"), _NUMBER),
    **dict.fromkeys(
        ("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"), _count_of
    ),
    **dict.fromkeys(("maxContains", "minContains"), _count_of),
    "pattern": _regex,
    "uniqueItems": lambda v: isinstance(v, bool),
    "required": _strings,
    "dependentRequired": lambda v: isinstance(v, dict) and all(_strings(x) for x in v.values()),
    **dict.fromkeys(
        ("title", "description", "$comment", "format", "contentEncoding", "contentMediaType"),
        lambda v: isinstance(v, str),
    ),
    "examples": lambda v: isinstance(v, list),
    **dict.fromkeys(("deprecated", "readOnly", "writeOnly"), lambda v: isinstance(v, bool)),
}
_ONE_SCHEMA = frozenset(
    {"items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not"}
    | {"unevaluatedItems", "unevaluatedProperties", "contentSchema"}
)
_SCHEMA_MAPS = frozenset({"properties", "dependentSchemas", "$defs", "definitions", "patternProperties"})
_SCHEMA_LISTS = frozenset({"prefixItems", "allOf", "anyOf", "oneOf"})


def shape_is_well_formed(shape: Any) -> bool:
    """True only for a JSON Schema that Draft 2020-12's check_schema accepts (False: let it decide)."""
    if isinstance(shape, bool):
        return True
    if not isinstance(shape, dict):
        return False
    for key, value in shape.items():
        rule = _VALUE_RULES.get(key)
        if rule is not None:
            if not rule(value):
                return False
        elif key in _ONE_SCHEMA:
            if not shape_is_well_formed(value):
                return False
        elif key in _SCHEMA_MAPS:
            if not isinstance(value, dict) or not all(shape_is_well_formed(x) for x in value.values()):
                return False
            if key == "patternProperties" and not all(_regex(k) for k in value):
                return False
        elif key in _SCHEMA_LISTS:
            if not isinstance(value, list) or not value or not all(shape_is_well_formed(x) for x in value):
                return False
        else:
            return False  # another keyword (or one of the metaschema's URIs): check_schema decides
    return True
