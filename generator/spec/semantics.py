"""The rules JSON Schema cannot say: names resolve and are unique, keys name real columns, defaults fit.

Errors are what SQLite itself would reject, or what is certainly a mistake (a typo'd column, a default of
the wrong type). Warnings are legal in SQLite but worth a look (a foreign key to a table the spec does not
declare, names that break the lower snake_case convention); `validate` shows them, nothing fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from generator.model import camel_case, unique_index_name
from generator.model.types import SHORT_TYPES, STRICT_TYPES, Affinity, affinity
from generator.spec.build import column_type
from generator.spec.fastpath import fits, shape_is_well_formed
from generator.spec.load import Path_

JSON_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
Problem = tuple[Path_, str, bool]  # (path, message, point at the key rather than the value)

# Words that make a declared type look intended; anything else (`strng`) is most likely a typo.
_TYPE_WORDS = re.compile(
    r"INT|CHAR|CLOB|TEXT|BLOB|REAL|FLOA|DOUB|NUM|DEC|BOOL|DATE|TIME|ANY|JSON|UUID|MONEY|BIT|BINARY|BYTE|STRING",
    re.IGNORECASE,
)
_TYPE_GRAMMAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*(\(\s*[+-]?\d+(\s*,\s*[+-]?\d+)?\s*\))?$")
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
# A string default that would silently be text although it reads as SQL.
_SQL_LOOKING = re.compile(
    r"^(CURRENT_(TIME|DATE|TIMESTAMP)|NULL|TRUE|FALSE|\(.*\)|[A-Za-z_]+\(.*\))$", re.I | re.S
)


class _Walk:
    """Collects errors and warnings while walking the spec data."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.unconventional: list[str] = []

    def error(self, path: Path_, message: str, *, key: bool = False) -> None:
        self.errors.append((path, message, key))

    def warn(self, path: Path_, message: str, *, key: bool = False) -> None:
        self.warnings.append((path, message, key))

    def name(self, path: Path_, name: str) -> None:
        """Reserved names are errors; names off the snake_case convention are noted for one warning."""
        if name.lower().startswith("sqlite_"):
            self.error(path, "names starting with 'sqlite_' are reserved by SQLite", key=True)
        elif not _SNAKE.match(name):
            self.unconventional.append(name)


def semantic_problems(data: dict[str, Any]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of spec data that passed its JSON Schema."""
    walk = _Walk(data)
    _names(walk)
    for tname, table in data["tables"].items():
        _table(walk, tname, table)
    for vname in data.get("views", {}):
        walk.name(("views", vname), vname)
    for vname in data.get("virtual_tables", {}):
        walk.name(("virtual_tables", vname), vname)
    for tname, trigger in data.get("triggers", {}).items():
        _trigger(walk, tname, trigger)
    _docs(walk)
    if walk.unconventional:
        shown = ", ".join(walk.unconventional[:5]) + (" ..." if len(walk.unconventional) > 5 else "")
        count = len(walk.unconventional)
        walk.warn((), f"{count} name(s) are not lower snake_case (a convention, not a rule): {shown}")
    order = lambda p: [str(s) for s in p[0]]  # noqa: E731
    return sorted(walk.errors, key=order), sorted(walk.warnings, key=order)


def _names(walk: _Walk) -> None:
    """Tables, views, virtual tables, indexes and triggers share one namespace, case-insensitively."""
    seen: dict[str, Path_] = {}
    data = walk.data

    def claim(path: Path_, name: str, what: str) -> None:
        folded = name.lower()
        if folded in seen:
            walk.error(path, f"{what} name '{name}' is already used at {_show(seen[folded])}", key=True)
        else:
            seen[folded] = path

    for section in ("tables", "views", "virtual_tables"):
        for name in data.get(section, {}):
            claim((section, name), name, section[:-1].replace("_", " "))
    for tname, table in data["tables"].items():
        for iname in table.get("indexes", {}):
            claim(("tables", tname, "indexes", iname), iname, "index")
        for cname, col in table["columns"].items():
            if col.get("unique"):
                claim(("tables", tname, "columns", cname, "unique"), unique_index_name(tname, cname), "index")
    for name in data.get("triggers", {}):
        claim(("triggers", name), name, "trigger")


def _show(path: Path_) -> str:
    from generator.spec.load import format_path

    return format_path(path)


def _table(walk: _Walk, tname: str, table: dict[str, Any]) -> None:
    tpath: Path_ = ("tables", tname)
    walk.name(tpath, tname)
    categories = [c["name"] for c in walk.data.get("categories", [])]
    if categories and "category" in table and table["category"] not in categories:
        walk.error((*tpath, "category"), f"unknown category '{table['category']}'")
    columns: dict[str, Any] = table["columns"]
    folded: dict[str, str] = {}
    properties: dict[str, str] = {}
    for cname, col in columns.items():
        cpath: Path_ = (*tpath, "columns", cname)
        walk.name(cpath, cname)
        if cname.lower() in folded:
            walk.error(
                cpath, f"column '{cname}' repeats '{folded[cname.lower()]}' (names ignore case)", key=True
            )
        folded[cname.lower()] = cname
        for sub, message in _column_problems(table, cname, col):
            walk.error((*cpath, *sub), message)
        prop = col.get("property", camel_case(cname))
        if prop in properties:
            walk.error((*cpath, "property"), f"property '{prop}' is also used by '{properties[prop]}'")
        properties[prop] = cname
        if "references" in col:
            ref = col["references"]
            to = [ref["column"]] if "column" in ref else []
            _reference(walk, (*cpath, "references"), tname, [cname], ref["table"], to)
        if "logical_reference" in col:
            _logical(walk, (*cpath, "logical_reference"), col["logical_reference"])
    _keys(walk, tpath, table, columns)
    for i, fk in enumerate(table.get("foreign_keys", ())):
        fpath: Path_ = (*tpath, "foreign_keys", i)
        for j, name in enumerate(fk["columns"]):
            if name not in columns:
                walk.error((*fpath, "columns", j), f"table '{tname}' has no column '{name}'")
        ref = fk["references"]
        to = list(ref.get("columns", ()))
        if to and len(to) != len(fk["columns"]):
            walk.error(
                (*fpath, "references", "columns"), f"{len(fk['columns'])} column(s) refer to {len(to)}"
            )
        _reference(walk, (*fpath, "references"), tname, list(fk["columns"]), ref["table"], to)
    _options(walk, tpath, table, columns)
    insert = table.get("drizzle", {}).get("insert_schema", {})
    if "pick" in insert and "omit" in insert:
        walk.error(
            (*tpath, "drizzle", "insert_schema", "omit"), "an insert schema takes `pick` or `omit`, not both"
        )
    for key in ("pick", "omit"):
        for j, cname in enumerate(insert.get(key, ())):
            if cname not in columns:
                walk.error(
                    (*tpath, "drizzle", "insert_schema", key, j), f"table '{tname}' has no column '{cname}'"
                )


def _keys(walk: _Walk, tpath: Path_, table: dict[str, Any], columns: dict[str, Any]) -> None:
    """Primary key, UNIQUE constraints and indexes name columns of their own table."""
    tname = tpath[1]
    keys: list[tuple[Path_, Any]] = []
    if "primary_key" in table:
        keys.append(((*tpath, "primary_key"), table["primary_key"]))
        marked = [c for c, spec in columns.items() if spec.get("primary_key")]
        if marked:
            walk.error(
                (*tpath, "columns", marked[0], "primary_key"), "the table-level primary_key says it already"
            )
    elif sum(1 for spec in columns.values() if spec.get("primary_key")) > 1:
        many = [c for c, spec in columns.items() if spec.get("primary_key")]
        walk.error(
            (*tpath, "columns", many[1], "primary_key"), f"a composite key is written `primary_key: {many}`"
        )
    for i, unique in enumerate(table.get("unique", ())):
        keys.append(((*tpath, "unique", i), unique))
    for path, key in keys:
        items = key if isinstance(key, list) else key["columns"]
        for j, item in enumerate(items):
            name = item if isinstance(item, str) else item["column"]
            if name not in columns:
                where = (*path, j) if isinstance(key, list) else (*path, "columns", j)
                walk.error(where, f"table '{tname}' has no column '{name}'")
    for iname, index in table.get("indexes", {}).items():
        ipath: Path_ = (*tpath, "indexes", iname)
        for j, item in enumerate(index["columns"]):
            if isinstance(item, dict) and ("column" in item) == ("expr" in item):
                walk.error((*ipath, "columns", j), "an index key is either a `column` or an `expr`")
                continue
            name = item if isinstance(item, str) else item.get("column")
            if name is not None and name not in columns:
                walk.error((*ipath, "columns", j), f"table '{tname}' has no column '{name}'")


def _options(walk: _Walk, tpath: Path_, table: dict[str, Any], columns: dict[str, Any]) -> None:
    """STRICT and WITHOUT ROWID rules SQLite enforces when it creates the table."""
    has_pk = "primary_key" in table or any(spec.get("primary_key") for spec in columns.values())
    if table.get("without_rowid") and not has_pk:
        walk.error((*tpath, "without_rowid"), "a WITHOUT ROWID table needs a primary key")
    for cname, col in columns.items():
        declared, _json = column_type(col["type"])
        if table.get("strict") and declared.upper() not in STRICT_TYPES:
            allowed = "INT, INTEGER, REAL, TEXT, BLOB, ANY"
            walk.error(
                (*tpath, "columns", cname, "type"), f"a STRICT table takes only {allowed}, not '{declared}'"
            )
        if table.get("without_rowid") and col.get("autoincrement"):
            walk.error((*tpath, "columns", cname, "autoincrement"), "AUTOINCREMENT needs a rowid table")


def _reference(walk: _Walk, path: Path_, tname: str, columns: list[str], parent: str, to: list[str]) -> None:
    """A foreign key's parent: SQLite accepts any, but inserts fail unless it exists and is unique."""
    tables = walk.data["tables"]
    target = tables.get(parent)
    if target is None:
        more = _did_you_mean(parent, tables)
        walk.warn(
            (*path, "table"),
            f"table '{parent}' is not in the spec (inserts fail while foreign keys are on){more}",
        )
        return
    if not to:
        to = _primary_names(target)
        if len(to) != len(columns):
            walk.warn(path, f"'{parent}' has no primary key of {len(columns)} column(s) to refer to")
            return
    for name in to:
        if name not in target["columns"]:
            walk.warn(path, f"table '{parent}' has no column '{name}'")
            return
    unique_sets = [set(_primary_names(target))]
    unique_sets += [
        {c if isinstance(c, str) else c["column"] for c in (u if isinstance(u, list) else u["columns"])}
        for u in target.get("unique", ())
    ]
    unique_sets += [{c} for c, spec in target["columns"].items() if spec.get("unique")]
    unique_sets += [
        {c for c in ix["columns"] if isinstance(c, str)}
        for ix in target.get("indexes", {}).values()
        if ix.get("unique") and all(isinstance(c, str) for c in ix["columns"])
    ]
    if set(to) not in unique_sets:
        walk.warn(path, f"'{parent}({', '.join(to)})' is neither the primary key nor unique")
        return
    own = tables[tname]["columns"]
    for mine, theirs in zip(columns, to, strict=False):
        if mine in own and column_type(own[mine]["type"]) != column_type(target["columns"][theirs]["type"]):
            mine_t, their_t = own[mine]["type"], target["columns"][theirs]["type"]
            walk.warn(path, f"type {mine_t} of '{mine}' does not match '{parent}.{theirs}' ({their_t})")


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'questions'?` for a close name, else ''."""
    import difflib  # only for a hint: not imported on every start

    hint = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean '{hint[0]}'?" if hint else ""


def _primary_names(table: dict[str, Any]) -> list[str]:
    if "primary_key" in table:
        key = table["primary_key"]
        items = key if isinstance(key, list) else key["columns"]
        return [i if isinstance(i, str) else i["column"] for i in items]
    return [c for c, spec in table["columns"].items() if spec.get("primary_key")]


def _logical(walk: _Walk, path: Path_, ref: dict[str, Any]) -> None:
    target = walk.data["tables"].get(ref["table"])
    if target is None:
        walk.error(
            (*path, "table"),
            f"unknown table '{ref['table']}'{_did_you_mean(ref['table'], walk.data['tables'])}",
        )
    elif ref["column"] not in target["columns"]:
        walk.error((*path, "column"), f"table '{ref['table']}' has no column '{ref['column']}'")


def _column_problems(table: dict[str, Any], cname: str, col: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    declared, is_json = column_type(col["type"])
    kind = affinity(declared)
    shown = col["type"] if isinstance(col["type"], str) else declared or "(no type)"
    written = col["type"]
    if isinstance(written, str) and written not in SHORT_TYPES and not looks_like_a_type(written):
        import difflib  # only for a hint: not imported on every start

        hint = difflib.get_close_matches(written, list(SHORT_TYPES), n=1)
        more = f"did you mean '{hint[0]}'? " if hint else ""
        options = ", ".join(SHORT_TYPES)
        yield (
            ("type",),
            (
                f"unknown column type {written!r} ({more}short types: {options}; "
                "any other declared type is written `type: {sql: ...}`)"
            ),
        )
    pk_count = len(_primary_names(table))
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
    if "app_default" in col and "default" in col:
        yield ("app_default",), "a column has either an SQL `default` or an `app_default`, not both"
    if "generated" in col:
        for clash in ("default", "primary_key", "app_default"):
            if clash in col:
                yield (clash,), f"a generated column cannot have `{clash}`"
    if "default" in col:
        yield from _default_problems(col, kind, is_json, shown)


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
                msg = f"{exc.instance!r} is not a JSON Schema type ({', '.join(JSON_TYPES)})"
            yield ("json", *where), f"not a valid JSON Schema: {msg}"
            return
    if "example" not in col:
        yield ("json",), "JSON column without an `example:` (the docs show one)"
        return
    if not fits(col["json"], col["example"]):
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import best_match

        err = best_match(Draft202012Validator(col["json"]).iter_errors(col["example"]))
        if err is not None:
            yield ("example",), f"example does not match the shape: {err.message}"


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
                f"{value!r} would be stored as that string: write `default: {{sql: {value}}}` for the SQL "
                f"expression, or `default: {{value: {value}}}` for the string"
            ),
        )
        return
    if is_json:
        yield ("default",), "JSON columns take no literal default (use `default: {sql: ...}`)"
    elif kind is Affinity.INTEGER and (isinstance(value, bool) or not isinstance(value, int)):
        yield ("default",), f"default {value!r} is not an integer"
    elif kind is Affinity.REAL and not isinstance(value, int | float):
        yield ("default",), f"default {value!r} is not a number"
    elif kind in (Affinity.TEXT, Affinity.BLOB) and shown != "" and not isinstance(value, str):
        yield ("default",), f"default {value!r} is not a string (quote it)"
    else:
        enum = col.get("enum")
        if enum and not enum.get("open") and value not in enum["values"]:
            yield ("default",), f"default {value!r} is not one of the enum values {enum['values']}"
        if isinstance(value, int | float) and not isinstance(value, bool):
            if "minimum" in col and value < col["minimum"]:
                yield ("default",), f"default {value} is below the minimum {col['minimum']}"
            if "maximum" in col and value > col["maximum"]:
                yield ("default",), f"default {value} is above the maximum {col['maximum']}"


def _trigger(walk: _Walk, name: str, trigger: dict[str, Any]) -> None:
    path: Path_ = ("triggers", name)
    walk.name(path, name)
    tables, views = walk.data["tables"], walk.data.get("views", {})
    target = trigger["table"]
    if target in views:
        if trigger["timing"] != "instead of":
            walk.error((*path, "timing"), f"'{target}' is a view: its triggers are `instead of`")
    elif target not in tables:
        known = [*tables, *views]
        walk.error((*path, "table"), f"unknown table '{target}'{_did_you_mean(target, known)}")
        return
    elif trigger["timing"] == "instead of":
        walk.error((*path, "timing"), f"`instead of` triggers are for views; '{target}' is a table")
    columns = trigger.get("columns", ())
    if columns and trigger["event"] != "update":
        walk.error((*path, "columns"), "`columns` (UPDATE OF) needs `event: update`")
    if target in tables:
        for j, cname in enumerate(columns):
            if cname not in tables[target]["columns"]:
                walk.error((*path, "columns", j), f"table '{target}' has no column '{cname}'")


def _docs(walk: _Walk) -> None:
    """Data flow and documented queries."""
    data = walk.data
    categories = [c["name"] for c in data.get("categories", [])]
    for i, name in enumerate(categories):
        if name in categories[:i]:
            walk.error(("categories", i, "name"), f"duplicate category '{name}'")
    flow = data.get("data_flow", {})
    for i, f in enumerate(flow.get("flows", ())):
        for j, step in enumerate(f["steps"]):
            for end in ("from", "to"):
                name = step[end]
                if name not in data["tables"] and name not in flow["actors"]:
                    msg = f"'{name}' is neither a table nor an actor of data_flow.actors"
                    walk.error(("data_flow", "flows", i, "steps", j, end), msg)
    seen_ids: set[str] = set()
    for i, query in enumerate(data.get("queries", [])):
        if query["id"] in seen_ids:
            walk.error(("queries", i, "id"), f"duplicate query id '{query['id']}'")
        seen_ids.add(query["id"])
        if query["section"] == "access_patterns" and "frequency" not in query:
            walk.error(("queries", i), "access_patterns queries need a `frequency`")
