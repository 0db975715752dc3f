"""The rules of one column the JSON Schema cannot say: its declared type reads as a type, its JSON shape
is a JSON Schema with a fitting example, its default fits its type, enum and bounds.

`generator.spec.semantics` runs them over every column; `generator.spec.dump` asks the same questions of
what it reads from a live database, so a dumped spec passes them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from generator.model.types import SHORT_TYPES, Affinity, affinity
from generator.spec.build import column_type
from generator.spec.fastpath import fits, shape_is_well_formed
from generator.spec.problems import show
from generator.spec.source import Path_

JSON_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
# Words that make a declared type look intended; anything else (`strng`) is most likely a typo.
_TYPE_WORDS = re.compile(
    r"INT|CHAR|CLOB|TEXT|BLOB|REAL|FLOA|DOUB|NUM|DEC|BOOL|DATE|TIME|ANY|JSON|UUID|MONEY|BIT|BINARY|BYTE|STRING",
    re.IGNORECASE,
)
_TYPE_GRAMMAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*(\(\s*[+-]?\d+(\s*,\s*[+-]?\d+)?\s*\))?$")
# A string default that would silently be text although it reads as SQL.
_SQL_LOOKING = re.compile(
    r"^(CURRENT_(TIME|DATE|TIMESTAMP)|NULL|TRUE|FALSE|\(.*\)|[A-Za-z_]+\(.*\))$", re.I | re.S
)


def primary_names(table: dict[str, Any]) -> list[str]:
    """The primary-key columns of a spec table, table-level key or column flags."""
    if "primary_key" in table:
        key = table["primary_key"]
        items = key if isinstance(key, list) else key["columns"]
        return [i if isinstance(i, str) else i["column"] for i in items]
    return [c for c, spec in table["columns"].items() if spec.get("primary_key")]


def column_problems(table: dict[str, Any], cname: str, col: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """Every problem of one column, as (path under the column, message)."""
    declared, is_json = column_type(col["type"])
    kind = affinity(declared)
    shown = col["type"] if isinstance(col["type"], str) else declared or "(no type)"
    written = col["type"]
    if (
        isinstance(written, str)
        and written not in SHORT_TYPES
        and not looks_like_a_type(written)
        and not likely_typo(written)
    ):
        options = ", ".join(SHORT_TYPES)
        yield (
            ("type",),
            (
                f"unknown column type '{written}' (short types: {options}; "
                "any other declared type is written `type: {sql: ...}`)"
            ),
        )
    pk_count = len(primary_names(table))
    if col.get("autoincrement") and (
        not col.get("primary_key") or declared.upper() != "INTEGER" or pk_count != 1 or "primary_key" in table
    ):
        yield ("autoincrement",), "autoincrement needs a single integer primary key"
    if "json_check" in col and not is_json:
        yield ("json_check",), f"`json_check` is for `type: json` columns (this column is {shown})"
    if "json" in col and not is_json:
        yield ("json",), f"a `json` shape needs `type: json` (this column is {shown})"
    if is_json:
        yield from _json_problems(col)
    if "enum" in col and kind is not Affinity.TEXT:
        yield ("enum",), f"enum values need a text column (this column is {shown})"
    for bound in ("minimum", "maximum"):
        if bound in col and kind not in (Affinity.INTEGER, Affinity.REAL, Affinity.NUMERIC):
            yield (bound,), f"`{bound}` needs an integer or real column (this column is {shown})"
    if "minimum" in col and "maximum" in col and col["minimum"] > col["maximum"]:
        yield ("minimum",), f"minimum {col['minimum']} is greater than maximum {col['maximum']}"
    if "app_default" in col and kind is not Affinity.TEXT:
        yield ("app_default",), f"app_default '{col['app_default']}' produces text, but the column is {shown}"
    if "format" in col and kind not in (Affinity.TEXT, Affinity.NUMERIC):
        yield ("format",), f"format '{col['format']}' describes text, but the column is {shown}"
    if "app_default" in col and "default" in col:
        yield ("app_default",), "a column has either an SQL `default` or an `app_default`, not both"
    if "generated" in col:
        for clash in ("default", "primary_key", "app_default"):
            if clash in col:
                yield (clash,), f"a generated column cannot have `{clash}`"
    if "default" in col:
        yield from _default_problems(col, kind, is_json, shown)


# Type names people mean; a declared type one letter or two away from one of them is most likely a typo.
COMMON_TYPES = (
    "integer", "text", "real", "blob", "json", "boolean", "timestamp", "datetime", "date", "numeric",
    "varchar", "float", "double", "bigint", "smallint", "decimal", "string",
)  # fmt: skip


# Declared types in common use (SQLite's documentation, section 3.1.1, and other engines' names).
_KNOWN_TYPES = frozenset(
    (
        "int", "integer", "tinyint", "smallint", "mediumint", "bigint", "int2", "int4", "int8",
        "character", "varchar", "nchar", "nvarchar", "clob", "text", "blob", "real", "double", "float",
        "numeric", "decimal", "boolean", "bool", "date", "datetime", "timestamp", "time", "any",
        "json", "jsonb", "uuid", "string", "serial", "money", "bit", "binary", "varbinary", "char",
    )
)  # fmt: skip


def likely_typo(written: str) -> str:
    """The common type name `written` is most likely a typo of (`integr` -> `integer`), else ''."""
    low = written.strip().lower()
    if low in _KNOWN_TYPES or not re.fullmatch(r"[a-z]+", low):
        return ""
    import difflib  # only for a hint: not imported on every start

    hint = difflib.get_close_matches(low, COMMON_TYPES, n=1, cutoff=0.7)
    if not hint and len(low) >= 3:
        hint = [t for t in COMMON_TYPES if _is_abbreviation(low, t)][:1]
    return hint[0] if hint else ""


def _is_abbreviation(short: str, word: str) -> bool:
    """`txt` of `text`: the same first letter, then the rest in order."""
    if short[0] != word[0] or len(short) >= len(word):
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


def column_warnings(col: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """Legal but most likely wrong: a declared type that reads as a typo of a common one."""
    written = col["type"]
    if isinstance(written, str) and written not in SHORT_TYPES:
        hint = likely_typo(written)
        if hint:
            declared = affinity(written).value
            yield (
                ("type",),
                f"type '{written}' looks like a typo: did you mean '{hint}'? "
                f"(SQLite takes it as written, with {declared} affinity)",
            )


def looks_like_a_type(written: str) -> bool:
    """A declared type that reads as one (VARCHAR(45), DATETIME, UNSIGNED BIG INT), not a typo (strng)."""
    return bool(_TYPE_GRAMMAR.match(written) and _TYPE_WORDS.search(written))


def sql_looking(value: str) -> bool:
    """True for a string default that reads as SQL (`NULL`, `CURRENT_TIMESTAMP`, `lower(x)`, `(1)`)."""
    return bool(_SQL_LOOKING.match(value.strip()))


def _json_problems(col: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    if "json" not in col:
        yield ("type",), "JSON column without a shape: add `json:` (a JSON Schema of the parsed value)"
        return
    # jsonschema runs only where the fast checks (generator/spec/fastpath.py) cannot say "fine".
    if not shape_is_well_formed(col["json"]):
        from jsonschema import Draft202012Validator, SchemaError

        try:
            Draft202012Validator.check_schema(col["json"])
        except SchemaError as exc:
            where = tuple(exc.absolute_path)
            msg = exc.message
            if where and where[-1] == "type":
                msg = f"{show(exc.instance)} is not a JSON Schema type ({', '.join(JSON_TYPES)})"
            yield ("json", *where), f"not a valid JSON Schema: {msg}"
            return
    if "example" not in col:
        return  # the docs show none
    if not fits(col["json"], col["example"]):
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import best_match

        err = best_match(Draft202012Validator(col["json"]).iter_errors(col["example"]))
        if err is not None:
            from generator.spec.check import describe_error

            yield ("example",), f"example does not match the shape: {describe_error(err)}"


def default_fits(col: dict[str, Any]) -> bool:
    """True when a column's `default` passes these checks (the spec writer falls back to `{sql: ...}`)."""
    if "default" not in col:
        return True
    declared, is_json = column_type(col["type"])
    shown = col["type"] if isinstance(col["type"], str) else declared or "(no type)"
    return not any(_default_problems(col, affinity(declared), is_json, shown))


def _default_problems(
    col: dict[str, Any], kind: Affinity, is_json: bool, shown: str
) -> Iterator[tuple[Path_, str]]:
    spec = col["default"]
    if isinstance(spec, dict) and "sql" in spec:
        return  # an expression: SQLite itself checks it (spec/sqlcheck.py)
    value = spec["value"] if isinstance(spec, dict) else spec
    if isinstance(value, str) and not isinstance(spec, dict) and sql_looking(value):
        yield (
            ("default",),
            (
                f"{show(value)} would be stored as that string: write `default: {{sql: {value}}}` for the "
                f"SQL expression, or `default: {{value: {value}}}` for the string"
            ),
        )
        return
    if is_json:
        literal = json.dumps(value) if not isinstance(value, str) else value
        quoted = "'" + literal.replace("'", "''") + "'"
        yield (
            ("default",),
            f"a JSON column's default is SQL text: write `default: {{sql: {json.dumps(quoted)}}}`",
        )
    elif kind is Affinity.INTEGER and (isinstance(value, bool) or not isinstance(value, int)):
        yield ("default",), f"default {show(value)} is not an integer"
    elif kind is Affinity.REAL and not isinstance(value, int | float):
        yield ("default",), f"default {show(value)} is not a number"
    elif kind in (Affinity.TEXT, Affinity.BLOB) and shown != "" and not isinstance(value, str):
        yield ("default",), f"default {show(value)} is not a string (quote it)"
    else:
        enum = col.get("enum")
        if enum and not enum.get("open") and value not in enum["values"]:
            yield ("default",), f"default {show(value)} is not one of the enum values {show(enum['values'])}"
        if isinstance(value, int | float) and not isinstance(value, bool):
            if "minimum" in col and value < col["minimum"]:
                yield ("default",), f"default {value} is below the minimum {col['minimum']}"
            if "maximum" in col and value > col["maximum"]:
                yield ("default",), f"default {value} is above the maximum {col['maximum']}"
