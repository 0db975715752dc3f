"""The check of one column's value: input values (import, app code) and stored values (audit).

Every check returns problems, never raises: odd values (NaN, integers beyond 64 bits, bytes, lone
surrogates, values nested deeper than MAX_DEPTH) are problems with a message, because a value that passes
here must be one the database stores as given (nothing refused later, nothing silently changed).
"""

from __future__ import annotations

import base64
import enum
import json
import math
import re
from collections.abc import Callable
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from generator.data.jsonvalue import (
    STRICT_DECODER,
    SURROGATE_MESSAGE,
    JsonProblem,
    canonical,
    encode,
    has_surrogate,
    parse_text,
    show,
    type_name,
)
from generator.model import Column, json_path
from generator.model.shape import column_shape, json_types
from generator.model.types import value_kind
from generator.spec.fastpath import compile_shape

if TYPE_CHECKING:
    import jsonschema


class ProblemKind(enum.StrEnum):
    """The kinds of problem: the `check` column of audit reports and the key `import` groups its report by."""

    INVALID = "invalid"
    MISSING = "missing"
    NOT_NULL = "not-null"
    TYPE = "type"
    ENUM = "enum"
    RANGE = "range"
    JSON_INVALID = "json-invalid"
    JSON_SHAPE = "json-shape"
    UNKNOWN_COLUMN = "unknown-column"
    RECORD = "record"
    REFUSED = "refused"  # the database refused the row (a constraint or trigger the spec does not know)
    FOREIGN_KEY = "foreign-key"  # a dangling reference
    LOGICAL_REFERENCE = "logical-reference"  # a documented link with no row behind it (audit: a warning)
    TIMESTAMP_FORMAT = "timestamp-format"  # text in another format than the spec declares (audit: a warning)
    NON_FINITE = "non-finite"  # an infinite REAL, which JSON cannot hold
    CHECK = "check"  # a CHECK of the spec fails (audit names one finding per CHECK)
    MISSING_TABLE = "missing-table"  # schema drift the audit reports: a table in the spec only,
    MISSING_COLUMN = "missing-column"  # a column in the spec only,
    EXTRA_COLUMN = "extra-column"  # a column in the table only


# The module's names for the kinds row checks return (validate.py, importer.py and refs.py import them).
MISSING = ProblemKind.MISSING
NOT_NULL = ProblemKind.NOT_NULL
TYPE = ProblemKind.TYPE
ENUM = ProblemKind.ENUM
RANGE = ProblemKind.RANGE
JSON_INVALID = ProblemKind.JSON_INVALID
JSON_SHAPE = ProblemKind.JSON_SHAPE
UNKNOWN_COLUMN = ProblemKind.UNKNOWN_COLUMN
RECORD = ProblemKind.RECORD
REFUSED = ProblemKind.REFUSED

INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # SQLite's INTEGER range
_WANTED = {
    "text": "a string",
    "integer": "an integer",
    "real": "a number",
    "blob": "base64 text",
    "numeric": "a number or a string",
    "any": "a number, a string or bytes",
}
_ARTICLES = {"array": "an array", "object": "an object", "integer": "an integer"}
_STORED_TYPES = {type(None): "null", int: "integer", float: "real", str: "text", bytes: "blob"}
_UNEXPLAINED = "does not match the column's JSON shape"
_CACHED_TEXT = 1024  # stored JSON texts up to this length have their verdict cached (audit)
_CACHE_SIZE = 4096
_MEMO_TEXT = 256  # input JSON values with texts up to this length are remembered (import), up to
_MEMO_SIZE = 1024  # this many per column

InputCheck = Callable[[Any], tuple[Any, "RowProblem | None"]]
StoredCheck = Callable[[Any, bool], "RowProblem | None"]


class RowProblem(Struct, frozen=True):
    """One thing wrong with a row: the column ('' for the whole row), why, and the kind of failed check."""

    column: str
    message: str
    kind: ProblemKind = ProblemKind.INVALID

    def __str__(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message


def stored_type(value: Any) -> str:
    """The SQLite storage class of a value read back from the database (what `typeof()` returns)."""
    return _STORED_TYPES.get(type(value), type(value).__name__)


def _scalar_tests(column: Column) -> Callable[[Any], RowProblem | None]:
    """Enum and range checks of a scalar value already known to have the right type."""
    name = column.name
    values = column.closed_enum
    allowed = frozenset(values) if values is not None else None
    listed = ", ".join(values) if values is not None else ""
    low, high = column.minimum, column.maximum

    def check(value: Any) -> RowProblem | None:
        if allowed is not None and value not in allowed:
            return RowProblem(name, f"{show(value)} is not one of: {listed}", ENUM)
        if type(value) is not int and type(value) is not float:
            return None  # a bound applies to numbers (text in a NUMERIC column is not compared)
        if low is not None and value < low:
            return RowProblem(name, f"{value} is below the minimum {low}", RANGE)
        if high is not None and value > high:
            return RowProblem(name, f"{value} is above the maximum {high}", RANGE)
        return None

    return check


def input_check(column: Column, *, not_null: bool) -> InputCheck:
    """The check of one column's input value: (value to store, problem or None)."""
    name = column.name
    null_problem = None
    if not_null:
        null_problem = RowProblem(name, "is null but the column is NOT NULL", NOT_NULL)
    if column.json:
        return _json_input_check(column, null_problem, not_null)
    tests = _scalar_tests(column)
    kind = value_kind(column.type)

    def wrong(value: Any) -> tuple[Any, RowProblem]:
        message = f"expected {_WANTED[kind]}, got {type_name(value)} {show(value)}"
        return value, RowProblem(name, message, TYPE)

    def check(value: Any) -> tuple[Any, RowProblem | None]:
        if value is None:
            return None, null_problem
        vtype = type(value)
        if kind == "blob" or (kind == "any" and isinstance(value, bytes | bytearray | memoryview)):
            if vtype is str:  # base64 text, as the JSON Schema says
                try:
                    return base64.b64decode(value, validate=True), None
                except ValueError:
                    return value, RowProblem(name, "is not valid base64", TYPE)
            if isinstance(value, bytes | bytearray | memoryview):
                return bytes(value), tests(value)
            return wrong(value)
        if vtype is str:
            if kind not in ("text", "numeric", "any"):
                return wrong(value)
            if has_surrogate(value):
                return value, RowProblem(name, SURROGATE_MESSAGE, TYPE)
            if kind == "numeric" and NUMERIC_TEXT.match(value) and not math.isfinite(float(value)):
                # NUMERIC affinity turns numeric text into a number: this one into Infinity, which no JSON
                # can hold: it would not be stored as given, nor come back out of export.
                message = (
                    f"{show(value)} would be stored as an infinite number by the column's NUMERIC affinity"
                )
                return value, RowProblem(name, message, RANGE)
            return value, tests(value)
        if (vtype is not int and vtype is not float) or kind == "text":
            return wrong(value)
        if vtype is float and not math.isfinite(value):
            return value, RowProblem(name, f"{show(value)} is not a number SQLite can store", TYPE)
        if kind == "integer" and vtype is float:
            if not value.is_integer():
                return wrong(value)
            value = int(value)
        if type(value) is int and not INT_MIN <= value <= INT_MAX:
            if kind != "real":
                message = f"{show(value)} is beyond SQLite's 64-bit integer range"
                return value, RowProblem(name, message, RANGE)
            try:
                value = float(value)  # stored as the nearest REAL, as the column's affinity would
            except OverflowError:
                return value, RowProblem(name, f"{show(value)} is too large for a REAL", RANGE)
        return value, tests(value)

    return check


# How RowValidator.prepare takes a column's clean values inline, without calling its InputCheck. Each
# mode accepts only values whose check answers (the value as stored, no problem); anything else goes to the
# check (tests/test_validate_fast.py holds every mode to the check on real exports and seeded mutations).
FAST_NONE = 0  # no inline path: every value goes to the check
FAST_TEXT = 1  # a str without a lone surrogate is stored as given (text without enum: nothing else to check)
FAST_ENUM = 2  # a str of the argument (the closed enum's values the check accepts as given)
FAST_INT = 3  # an int within the argument's (low, high) is stored as given (no enum)
FAST_JSON = 4  # a list or dict: the argument (_clean_json) gives its canonical text when the shape accepts it


def fast_input(column: Column, check: InputCheck) -> tuple[int, Any]:
    """How prepare accepts `column`'s clean values inline: (FAST_* mode, its argument)."""
    if column.json:
        clean = _clean_json(column)
        return (FAST_JSON, clean) if clean is not None else (FAST_NONE, None)
    kind = value_kind(column.type)
    values = column.closed_enum
    if values is not None:
        # The check itself picks the values it stores as given (a value of an INTEGER column's enum is not).
        accepted = frozenset(v for v in values if check(v) == (v, None))
        return (FAST_ENUM, accepted) if accepted else (FAST_NONE, None)
    if kind == "text":
        return FAST_TEXT, None
    if kind in ("integer", "real", "numeric", "any"):
        low = INT_MIN if column.minimum is None else max(INT_MIN, column.minimum)
        high = INT_MAX if column.maximum is None else min(INT_MAX, column.maximum)
        return FAST_INT, (low, high)
    return FAST_NONE, None


def _clean_json(column: Column) -> Callable[[Any], str | None] | None:
    """The canonical text of a list or dict the column's compiled shape accepts, else None (then the check
    decides); None when the shape does not compile.

    Imports repeat small flat values (tags, `{"a": null}`): a list of str, or a dict of str or null by str,
    is remembered with its text (bounded), as such a value is all its text and verdict depend on. A column
    whose values rarely repeat (fewer hits than values remembered when the memo fills) stops remembering.
    """
    fast = compiled_shape(column)
    if fast is None:
        return None
    memo: dict[Any, str] = {}
    hits = 0
    on = True

    def clean(value: Any) -> str | None:
        nonlocal hits, on
        key: Any = None
        if type(value) is list:
            if on and _STR.issuperset(map(type, value)):
                key = tuple(value)
        elif type(value) is dict:
            if on and _STR.issuperset(map(type, value)) and _FLAT.issuperset(map(type, value.values())):
                key = tuple(value.items()) or _EMPTY_OBJECT  # () is the empty list's
        else:
            return None
        if key is not None:
            text = memo.get(key)
            if text is not None:
                hits += 1
                return text
        text = canonical(value)
        if text is None or not fast(value):
            return None
        if key is not None and len(text) <= _MEMO_TEXT:
            if len(memo) >= _MEMO_SIZE:
                on = hits >= _MEMO_SIZE
                memo.clear()
                hits = 0
            memo[key] = text
        return text

    return clean


_EMPTY_OBJECT = object()
_STR = frozenset({str})
_FLAT = frozenset({str, type(None)})


def compiled_shape(column: Column) -> Callable[[Any], bool] | None:
    """A JSON column's shape (`column.shape() or {}`) compiled by fastpath.compile_shape, once per text."""
    return _compiled(column.json_schema)


@cache
def _compiled(text: str | None) -> Callable[[Any], bool] | None:
    return compile_shape((json.loads(text) if text is not None else None) or {})


# Text SQLite's NUMERIC affinity reads as a number (a well-formed real literal, spaces around allowed).
NUMERIC_TEXT = re.compile(r"[ \t\n\f\r]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\f\r]*\Z")


def _json_input_check(column: Column, null_problem: RowProblem | None, not_null: bool) -> InputCheck:
    """A JSON column's input: the parsed value, or its JSON text; stored as canonical compact text."""
    name = column.name
    shape = ShapeCheck(column)

    def check(value: Any) -> tuple[Any, RowProblem | None]:
        if value is None:
            return None, null_problem
        if type(value) is str:
            try:
                value = parse_text(value)
            except JsonProblem as exc:
                if value.lstrip()[:1] in ("[", "{"):
                    return value, RowProblem(name, exc.of_text(), JSON_INVALID)
                # Not JSON text: the string is the value itself (`"labels": "bug"`), judged as one.
                problem = shape.plain_string(value)
                if problem is not None:
                    return value, problem
        try:
            text = encode(value)
        except JsonProblem as exc:
            return value, RowProblem(name, f"cannot be stored as JSON ({exc})", JSON_INVALID)
        return text, shape(value, not_null, text)

    return check


def stored_check(column: Column, *, not_null: bool) -> StoredCheck:
    """The check of one column's stored value (as read back): storage type, NULL, enum, range, JSON."""
    name = column.name
    null_problem = RowProblem(name, "is NULL but the column is NOT NULL", NOT_NULL) if not_null else None
    if column.json:
        shape = ShapeCheck(column)
        cache: dict[str, RowProblem | None] = {}

        def check_json(value: Any, explain: bool) -> RowProblem | None:
            if value is None:
                return null_problem
            if type(value) is not str:
                message = f"stored as {stored_type(value)} {show(value)}, expected JSON text"
                return RowProblem(name, message, TYPE)
            cached = len(value) <= _CACHED_TEXT
            if cached and value in cache:
                return cache[value]
            try:
                problem = shape(parse_text(value), not_null, value, explain, parsed=True)
            except JsonProblem as exc:
                problem = RowProblem(name, exc.of_text(), JSON_INVALID)
            if cached:
                if len(cache) >= _CACHE_SIZE:
                    cache.clear()
                cache[value] = problem
            return problem

        return check_json
    tests = _scalar_tests(column)
    kind = value_kind(column.type)
    wanted: tuple[type, ...] = {
        "text": (str,),
        "integer": (int,),
        "real": (float, int),
        "blob": (bytes,),
        "numeric": (int, float, str),
        "any": (int, float, str, bytes),
    }[kind]
    expected = column.type or "any value"

    def check(value: Any, explain: bool) -> RowProblem | None:
        del explain
        if value is None:
            return null_problem
        if type(value) not in wanted:
            message = f"stored as {stored_type(value)} {show(value)}, expected {expected}"
            return RowProblem(name, message, TYPE)
        return tests(value)

    return check


class ShapeCheck:
    """A JSON column's shape (JSON Schema): a compiled fast accept, jsonschema to decide and explain."""

    def __init__(self, column: Column) -> None:
        self.name = column.name
        self.shape = column.shape() or {}
        self.fast = compiled_shape(column)
        # The compiled test decides alone (False means invalid) unless the shape uses uniqueItems, the one
        # keyword it only approximates (for arrays that are not all strings).
        self.exact = self.fast is not None and "uniqueItems" not in (column.json_schema or "")
        self.types = json_types(column_shape(column).type)  # () for any JSON value

    @cached_property
    def validator(self) -> jsonschema.protocols.Validator:
        """jsonschema's validator of the shape, made when a value first fails the compiled test: most runs
        never need it, and importing jsonschema takes a good part of a short command's start-up."""
        from jsonschema import Draft202012Validator

        return Draft202012Validator(self.shape)

    def __call__(
        self, value: Any, not_null: bool, text: str, explain: bool = True, parsed: bool = False
    ) -> RowProblem | None:
        """The problem of a value (`text`: its JSON; `parsed`: the value was read from it), or None.

        With `explain` False a failure may come back with a generic message (audit keeps one per column).
        """
        if value is None:
            # JSON `null` text: the row schema allows it exactly where SQL NULL is allowed.
            if not_null:
                return RowProblem(self.name, "is JSON null but the column is NOT NULL", NOT_NULL)
            return None
        if self.fast is not None and self.fast(value):
            return None
        if not explain and self.exact and parsed:
            return RowProblem(self.name, _UNEXPLAINED, JSON_SHAPE)
        # jsonschema sees the value as the database will hold it (string keys, lists), whatever came in.
        canonical = value if parsed else STRICT_DECODER.decode(text)
        if not explain:
            valid = self.validator.is_valid(canonical)
            return None if valid else RowProblem(self.name, _UNEXPLAINED, JSON_SHAPE)
        from jsonschema.exceptions import best_match

        error = best_match(self.validator.iter_errors(canonical))
        if error is None:
            return None
        path = json_path(error.absolute_path)
        where = f"at {path}: " if path else ""
        return RowProblem(self.name, f"{where}{_explain(error)}", JSON_SHAPE)

    def plain_string(self, value: str) -> RowProblem | None:
        """The problem of a string that is not JSON text, taken as a string value."""
        if self.types and "string" not in self.types:
            wanted = " or ".join(_ARTICLES.get(t, f"a {t}") for t in self.types)
            return RowProblem(self.name, f"expected {wanted}, got the string {show(value)}", TYPE)
        return (
            self(value, True, encode(value))
            if not has_surrogate(value)
            else RowProblem(self.name, SURROGATE_MESSAGE, TYPE)
        )


def _explain(error: jsonschema.ValidationError) -> str:
    """jsonschema's message with the values shown as JSON, not as Python reprs ({'a': 1}, None, True)."""
    message = error.message
    instance = repr(error.instance)
    if message.startswith(instance):
        message = show(error.instance, 80) + message[len(instance) :]
    if isinstance(error.validator_value, list | dict):
        message = message.replace(repr(error.validator_value), show(error.validator_value, 120))
    return message if len(message) <= 160 else message[:157] + "..."
