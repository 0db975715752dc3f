"""The rules JSON Schema cannot say: names resolve and are unique, keys name real columns, defaults fit.

Errors are what SQLite itself would reject, or what is certainly a mistake (a typo'd column, a default of
the wrong type). Warnings are legal in SQLite but worth a look (a foreign key to a table the spec does not
declare, names that break the lower snake_case convention); `validate` shows them, nothing fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from generator.model import camel_case, fold, unique_index_name
from generator.model.types import STRICT_TYPES, affinity
from generator.spec.build import column_type
from generator.spec.columns import column_problems, column_warnings, primary_names
from generator.spec.source import Path_
from generator.words import plural

Problem = tuple[Path_, str, bool]  # (path, message, point at the key rather than the value)

_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


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
        if fold(name).startswith("sqlite_"):
            self.error(path, "names starting with 'sqlite_' are reserved by SQLite", key=True)
        elif not _SNAKE.match(name):
            self.unconventional.append(name)


def semantic_problems(data: dict[str, Any]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of spec data that passed its JSON Schema."""
    walk = _Walk(data)
    _names(walk)
    _renames(walk)
    for tname, table in data["tables"].items():
        _table(walk, tname, table)
    for i, name in enumerate(data.get("external_tables", ())):
        if name in data["tables"]:
            walk.error(("external_tables", i), f"'{name}' is a table of this spec, not an external one")
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
        names = "1 name is" if count == 1 else f"{count} names are"
        walk.warn((), f"{names} not lower snake_case (a convention, not a rule): {shown}")
    order = lambda p: [str(s) for s in p[0]]  # noqa: E731
    return sorted(walk.errors, key=order), sorted(walk.warnings, key=order)


def _names(walk: _Walk) -> None:
    """Tables, views, virtual tables, indexes and triggers share one namespace, case-insensitively."""
    seen: dict[str, Path_] = {}
    data = walk.data

    def claim(path: Path_, name: str, what: str) -> None:
        folded = fold(name)
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


def _renames(walk: _Walk) -> None:
    """An old name (`renamed_from`) is history: no object of the spec still has it, and only one object
    of a kind claims it (else push could not tell what to rename)."""
    data = walk.data

    def check(kind: str, objects: dict[str, Any], base: Path_, current: set[str]) -> None:
        claimed: dict[str, str] = {}
        for name, spec in objects.items():
            old = spec.get("renamed_from", ()) if isinstance(spec, dict) else ()
            for i, was in enumerate([old] if isinstance(old, str) else old):
                path: Path_ = (*base, name, "renamed_from") + ((i,) if not isinstance(old, str) else ())
                if fold(was) == fold(name):
                    walk.error(path, f"'{was}' is this {kind}'s own name")
                elif fold(was) in current:
                    walk.error(path, f"'{was}' is still a {kind} of the spec: an old name must be gone")
                elif fold(was) in claimed:
                    walk.error(path, f"'{was}' is also claimed by {kind} '{claimed[fold(was)]}'")
                else:
                    claimed[fold(was)] = name

    tables = data["tables"]
    check("table", tables, ("tables",), {fold(n) for n in tables})
    for tname, table in tables.items():
        columns = table["columns"]
        check("column", columns, ("tables", tname, "columns"), {fold(n) for n in columns})
    indexes = {fold(n) for t in tables.values() for n in t.get("indexes", {})}
    for tname, table in tables.items():
        check("index", table.get("indexes", {}), ("tables", tname, "indexes"), indexes)
    for section, kind in (("views", "view"), ("triggers", "trigger")):
        objects = data.get(section, {})
        check(kind, objects, (section,), {fold(n) for n in objects})


def _show(path: Path_) -> str:
    from generator.spec.source import format_path

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
        if fold(cname) in folded:
            message = f"column '{cname}' repeats '{folded[fold(cname)]}' (names ignore case)"
            walk.error(cpath, message, key=True)
        folded[fold(cname)] = cname
        for sub, message in column_problems(table, cname, col):
            walk.error((*cpath, *sub), message)
        for sub, message in column_warnings(col):
            walk.warn((*cpath, *sub), message)
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
                (*fpath, "references", "columns"),
                f"{plural(len(fk['columns']), 'column')} refer to {len(to)}",
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
    """STRICT, WITHOUT ROWID and RANDOM ROWID rules SQLite and libSQL enforce when they create the table."""
    has_pk = "primary_key" in table or any(spec.get("primary_key") for spec in columns.values())
    if table.get("without_rowid") and not has_pk:
        walk.error((*tpath, "without_rowid"), "a WITHOUT ROWID table needs a primary key")
    if table.get("without_rowid") and table.get("random_rowid"):
        walk.warn((*tpath, "random_rowid"), "a WITHOUT ROWID table has no rowid for RANDOM ROWID to choose")
    for cname, col in columns.items():
        declared, _json = column_type(col["type"])
        if table.get("strict") and declared.upper() not in STRICT_TYPES:
            allowed = "INT, INTEGER, REAL, TEXT, BLOB, ANY"
            walk.error(
                (*tpath, "columns", cname, "type"), f"a STRICT table takes only {allowed}, not '{declared}'"
            )
        if table.get("without_rowid") and col.get("autoincrement"):
            walk.error((*tpath, "columns", cname, "autoincrement"), "AUTOINCREMENT needs a rowid table")
        if table.get("random_rowid") and col.get("autoincrement"):
            walk.error(
                (*tpath, "columns", cname, "autoincrement"),
                "AUTOINCREMENT is not allowed on a RANDOM ROWID table (libSQL refuses it)",
            )


def _reference(walk: _Walk, path: Path_, tname: str, columns: list[str], parent: str, to: list[str]) -> None:
    """A foreign key's parent: SQLite accepts any, but inserts fail unless it exists and is unique."""
    tables = walk.data["tables"]
    found = _named(tables, parent)
    if found is None:
        if fold(parent) in {fold(t) for t in walk.data.get("external_tables", ())}:
            return  # the spec says this table lives elsewhere (created by another tool)
        more = _did_you_mean(parent, tables)
        walk.error(
            (*path, "table"),
            f"table '{parent}' is not in the spec{more} (if another tool creates it, list it under "
            "`external_tables:`)",
        )
        return
    parent, target = found, tables[found]
    if not to:
        to = list(primary_names(target))
        if len(to) != len(columns):
            walk.warn(path, f"'{parent}' has no primary key of {plural(len(columns), 'column')} to refer to")
            return
    for i, name in enumerate(to):
        column = _named(target["columns"], name)
        if column is None:
            walk.warn(path, f"table '{parent}' has no column '{name}'")
            return
        to[i] = column
    unique_sets = [set(primary_names(target))]
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
        if mine not in own:
            continue
        (mine_t, _j1), (their_t, _j2) = (
            column_type(own[mine]["type"]),
            column_type(target["columns"][theirs]["type"]),
        )
        if affinity(mine_t) is not affinity(their_t):  # INT and INTEGER, integer and BIGINT: one affinity
            walk.warn(
                path,
                f"type {mine_t or '(none)'} of '{mine}' ({affinity(mine_t).value} affinity) does not match "
                f"'{parent}.{theirs}' ({their_t or '(none)'}, {affinity(their_t).value} affinity)",
            )


def _named(named: dict[str, Any], name: str) -> str | None:
    """The key of `named` that SQLite takes `name` for (names compare without ASCII case), or None."""
    if name in named:
        return name
    key = fold(name)
    return next((k for k in named if fold(k) == key), None)


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'questions'?` for a close name, else ''."""
    import difflib  # only for a hint: not imported on every start

    hint = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean '{hint[0]}'?" if hint else ""


def _logical(walk: _Walk, path: Path_, ref: dict[str, Any]) -> None:
    found = _named(walk.data["tables"], ref["table"])
    if found is None:
        walk.error(
            (*path, "table"),
            f"unknown table '{ref['table']}'{_did_you_mean(ref['table'], walk.data['tables'])}",
        )
    elif _named(walk.data["tables"][found]["columns"], ref["column"]) is None:
        walk.error((*path, "column"), f"table '{ref['table']}' has no column '{ref['column']}'")


def _trigger(walk: _Walk, name: str, trigger: dict[str, Any]) -> None:
    path: Path_ = ("triggers", name)
    walk.name(path, name)
    tables, views = walk.data["tables"], walk.data.get("views", {})
    target = trigger["table"]
    target = _named(tables, target) or _named(views, target) or target
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
            if _named(tables[target]["columns"], cname) is None:
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
