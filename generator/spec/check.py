"""Check spec data: its JSON Schema, then the rules JSON Schema cannot say (references, defaults, names)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from generator.model import camel_case, unique_index_name
from generator.spec.load import Marked, Path_, format_path

JSON_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")


@cache
def spec_json_schema() -> dict[str, Any]:
    """The JSON Schema of the spec format (shipped in the package for editors too)."""
    text = (Path(__file__).parent / "spec.schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def schema_problems(data: Any, marked: Marked) -> list[str]:
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
            hint = difflib.get_close_matches(key, allowed, n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else f" (allowed: {', '.join(allowed)})"
            yield (*path, key), f"unknown key '{key}'{extra}", True
    elif error.validator == "required":
        yield path, error.message.replace("is a required property", "is required but missing"), False
    elif "propertyNames" in error.schema_path and isinstance(error.instance, str):
        name = error.instance
        yield (*path, name), f"'{name}' is not a valid name: use lower snake_case (a-z, 0-9, _)", True
    elif error.validator == "enum" and error.path and error.path[-1] == "type":
        options = ", ".join(str(v) for v in error.validator_value)  # type: ignore[union-attr]
        yield path, f"unknown column type {error.instance!r} (one of: {options})", False
    elif error.validator in ("anyOf", "oneOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        yield from _explain(best)
    else:
        yield path, error.message, False


def semantic_problems(data: dict[str, Any], marked: Marked) -> list[str]:
    """Rules JSON Schema cannot say: references resolve, defaults fit, names are unique."""
    out: list[tuple[Path_, str, bool]] = []
    tables: dict[str, Any] = data["tables"]
    categories = [c["name"] for c in data.get("categories", [])]
    for i, name in enumerate(categories):
        if name in categories[:i]:
            out.append((("categories", i, "name"), f"duplicate category '{name}'", False))
    index_names: dict[str, Path_] = {}
    for tname, table in tables.items():
        tpath: Path_ = ("tables", tname)
        if tname.startswith("sqlite_"):
            out.append((tpath, "names starting with 'sqlite_' are reserved by SQLite", True))
        if categories and "category" in table and table["category"] not in categories:
            out.append(((*tpath, "category"), f"unknown category '{table['category']}'", False))
        columns: dict[str, Any] = table["columns"]
        pks = [c for c, spec in columns.items() if spec.get("primary_key")]
        properties: dict[str, str] = {}
        for cname, col in columns.items():
            cpath: Path_ = (*tpath, "columns", cname)
            out += [((*cpath, *sub), msg, False) for sub, msg in _column_problems(col, len(pks))]
            prop = col.get("property", camel_case(cname))
            if prop in properties:
                out.append(
                    ((*cpath, "property"), f"property '{prop}' is also used by '{properties[prop]}'", False)
                )
            properties[prop] = cname
            for kind in ("references", "logical_reference"):
                ref = col.get(kind)
                if ref is None:
                    continue
                target = tables.get(ref["table"])
                if target is None:
                    out.append(((*cpath, kind, "table"), f"unknown table '{ref['table']}'", False))
                elif ref["column"] not in target["columns"]:
                    msg = f"table '{ref['table']}' has no column '{ref['column']}'"
                    out.append(((*cpath, kind, "column"), msg, False))
                elif kind == "references":
                    tcol = target["columns"][ref["column"]]
                    target_pks = [c for c, s in target["columns"].items() if s.get("primary_key")]
                    if not (tcol.get("unique") or target_pks == [ref["column"]]):
                        msg = f"'{ref['table']}.{ref['column']}' is neither the primary key nor unique"
                        out.append(((*cpath, kind, "column"), msg, False))
                    elif tcol["type"] != col["type"]:
                        where = f"{ref['table']}.{ref['column']}"
                        msg = f"type {col['type']} does not match '{where}' ({tcol['type']})"
                        out.append(((*cpath, kind), msg, False))
        for iname, index in table.get("indexes", {}).items():
            ipath: Path_ = (*tpath, "indexes", iname)
            if iname in index_names:
                msg = f"index name '{iname}' is already used at {format_path(index_names[iname])}"
                out.append((ipath, msg, True))
            index_names[iname] = ipath
            for j, icol in enumerate(index["columns"]):
                if icol not in columns:
                    out.append(((*ipath, "columns", j), f"table '{tname}' has no column '{icol}'", False))
        for cname, col in columns.items():
            implied = unique_index_name(tname, cname)
            if col.get("unique") and implied in index_names:
                msg = f"index name '{implied}' clashes with the unique index of column '{cname}'"
                out.append((index_names[implied], msg, True))
    flow = data.get("data_flow", {})
    for i, f in enumerate(flow.get("flows", ())):
        for j, step in enumerate(f["steps"]):
            for end in ("from", "to"):
                name = step[end]
                if name not in tables and name not in flow["actors"]:
                    msg = f"'{name}' is neither a table nor an actor of data_flow.actors"
                    out.append((("data_flow", "flows", i, "steps", j, end), msg, False))
    seen_ids: set[str] = set()
    for i, query in enumerate(data.get("queries", [])):
        if query["id"] in seen_ids:
            out.append((("queries", i, "id"), f"duplicate query id '{query['id']}'", False))
        seen_ids.add(query["id"])
        if query["section"] == "access_patterns" and "frequency" not in query:
            out.append((("queries", i), "access_patterns queries need a `frequency`", False))
    return [marked.line(p, m, key=k) for p, m, k in sorted(out, key=lambda x: [str(s) for s in x[0]])]


def _column_problems(col: dict[str, Any], pk_count: int) -> Iterator[tuple[Path_, str]]:
    ctype = col["type"]
    if col.get("autoincrement") and (not col.get("primary_key") or ctype != "integer" or pk_count != 1):
        yield ("autoincrement",), "autoincrement needs a single integer primary key"
    if "json" in col and ctype != "json":
        yield ("json",), f"a `json` shape needs `type: json` (this column is {ctype})"
    if ctype == "json":
        if "json" not in col:
            yield ("type",), "JSON column without a shape: add `json:` (a JSON Schema of the parsed value)"
        else:
            try:
                Draft202012Validator.check_schema(col["json"])
            except jsonschema.SchemaError as exc:
                where = tuple(exc.absolute_path)
                msg = exc.message
                if where and where[-1] == "type":
                    msg = f"{exc.instance!r} is not a JSON Schema type ({', '.join(JSON_TYPES)})"
                yield ("json", *where), f"not a valid JSON Schema: {msg}"
            else:
                if "example" not in col:
                    yield ("json",), "JSON column without an `example:` (the docs show one)"
                else:
                    err = jsonschema.exceptions.best_match(
                        Draft202012Validator(col["json"]).iter_errors(col["example"])
                    )
                    if err is not None:
                        yield ("example",), f"example does not match the shape: {err.message}"
    if "enum" in col and ctype != "text":
        yield ("enum",), f"enum values need a text column (this column is {ctype})"
    for bound in ("minimum", "maximum"):
        if bound in col and ctype not in ("integer", "real"):
            yield (bound,), f"`{bound}` needs an integer or real column (this column is {ctype})"
    if "minimum" in col and "maximum" in col and col["minimum"] > col["maximum"]:
        yield ("minimum",), f"minimum {col['minimum']} is greater than maximum {col['maximum']}"
    if "app_default" in col and ctype != "text":
        yield ("app_default",), f"app_default '{col['app_default']}' produces text, but the column is {ctype}"
    if "app_default" in col and "default" in col:
        yield ("app_default",), "a column has either an SQL `default` or an `app_default`, not both"
    if "default" in col:
        yield from _default_problems(col)


def _default_problems(col: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    ctype, value = col["type"], col["default"]
    if ctype == "json":
        yield ("default",), "JSON columns take no SQL default"
    elif ctype == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        yield ("default",), f"default {value!r} is not an integer"
    elif ctype == "real" and not isinstance(value, int | float):
        yield ("default",), f"default {value!r} is not a number"
    elif ctype in ("text", "blob") and not isinstance(value, str):
        yield ("default",), f"default {value!r} is not a string (quote it)"
    else:
        enum = col.get("enum")
        if enum and not enum.get("open") and value not in enum["values"]:
            yield ("default",), f"default {value!r} is not one of the enum values {enum['values']}"
        if isinstance(value, int) and not isinstance(value, bool):
            if "minimum" in col and value < col["minimum"]:
                yield ("default",), f"default {value} is below the minimum {col['minimum']}"
            if "maximum" in col and value > col["maximum"]:
                yield ("default",), f"default {value} is above the maximum {col['maximum']}"
