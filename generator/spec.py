"""Load a spec file: YAML with line marks -> JSON Schema check -> semantic checks -> the frozen model."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from jsonschema import Draft202012Validator

from generator.errors import SpecError
from generator.model import (
    Category,
    Column,
    DataFlow,
    Enum,
    Flow,
    FlowStep,
    ForeignKey,
    Index,
    LogicalReference,
    Query,
    Schema,
    Table,
    Volumes,
    camel_case,
    canonical_json,
)

Path_ = tuple[str | int, ...]
Mark = tuple[int, int]

DEFAULT_SPEC = Path("spec/schema.yaml")
JSON_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")


# libyaml's parser when present (about 10x faster); both keep line marks on every node.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that keeps dates as strings (timestamps are text in this project)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Marked:
    """Plain Python data built from YAML nodes, with the line:col of every key and value."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.value_marks: dict[Path_, Mark] = {}
        self.key_marks: dict[Path_, Mark] = {}
        self.problems: list[tuple[Path_, Mark, str]] = []

    def build(self, node: yaml.Node, loader: _Loader, path: Path_) -> Any:
        self.value_marks[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    key = str(key)
                child = (*path, key)
                if key in out:
                    first = self.key_marks[child]
                    self.problems.append(
                        (child, _mark(key_node), f"duplicate key '{key}' (first defined at line {first[0]})")
                    )
                    continue
                self.key_marks[child] = _mark(key_node)
                out[key] = self.build(value_node, loader, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loader, (*path, i)) for i, item in enumerate(node.value)]
        return loader.construct_object(node, deep=True)

    def mark_of(self, path: Path_, *, key: bool = False) -> Mark:
        """The mark of the nearest node on `path` (the key's own mark when `key`)."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        probe = path
        while probe:
            if probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))

    def line(self, path: Path_, message: str, *, key: bool = False) -> str:
        return self.at(self.mark_of(path, key=key), path, message)

    def at(self, mark: Mark, path: Path_, message: str) -> str:
        where = f" {format_path(path)}:" if path else ""
        return f"{self.display}:{mark[0]}:{mark[1]}:{where} {message}"


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def format_path(path: Path_) -> str:
    """`('tables', 'users', 'columns', 0)` -> `tables.users.columns[0]`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@cache
def spec_json_schema() -> dict[str, Any]:
    """The JSON Schema of the spec format (shipped in the package for editors too)."""
    text = (Path(__file__).parent / "spec.schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def load_spec(
    path: Path | str = DEFAULT_SPEC, *, text: str | None = None, display: str | None = None
) -> Schema:
    """Read, check and build the model of a spec; raises SpecError listing every problem."""
    path = Path(path)
    display = display or str(path)
    if text is None:
        text = _read_text(path, display)
    marked, data = _parse_yaml(text, display)
    problems = [marked.at(m, p, msg) for p, m, msg in marked.problems]
    problems += _schema_problems(data, marked)
    if problems:
        raise SpecError(problems)
    problems = _semantic_problems(data, marked)
    if problems:
        raise SpecError(problems)
    schema = build_model(data)
    query_problems = _query_problems(schema, marked, data)
    if query_problems:
        raise SpecError(query_problems)
    return schema


def _read_text(path: Path, display: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SpecError([f"{display}: no such file"]) from None
    except IsADirectoryError:
        raise SpecError([f"{display}: is a directory, not a spec file"]) from None
    except OSError as exc:
        raise SpecError([f"{display}: cannot read: {exc.strerror}"]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SpecError(
            [f"{display}:{line}:{col}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"]
        ) from None


def _parse_yaml(text: str, display: str) -> tuple[_Marked, Any]:
    marked = _Marked(display)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SpecError([f"{display}:1:1: the spec is empty; it needs at least `version` and `tables`"])
        data = marked.build(node, loader, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark:
            ctx = exc.context_mark
            problem += f" ({exc.context} at {ctx.line + 1}:{ctx.column + 1})"
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            problem = "tab character: indent with spaces"
        raise SpecError([f"{display}:{line}:{col}: YAML syntax error: {problem}"]) from None
    except yaml.YAMLError as exc:
        raise SpecError([f"{display}:1:1: YAML error: {exc}"]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise SpecError([marked.line((), "the spec must be a mapping with `version` and `tables`")])
    return marked, data


def _schema_problems(data: Any, marked: _Marked) -> list[str]:
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


def _semantic_problems(data: dict[str, Any], marked: _Marked) -> list[str]:
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
            implied = f"{tname}_{cname}_unique"
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


def _query_problems(schema: Schema, marked: _Marked, data: dict[str, Any]) -> list[str]:
    """Every documented query must compile against the schema (SQLite's own EXPLAIN says so)."""
    import sqlite3

    from generator.ddl import schema_statements

    if not schema.queries:
        return []
    conn = sqlite3.connect(":memory:")
    try:
        for stmt in schema_statements(schema):
            conn.execute(stmt)
        problems = []
        for i, query in enumerate(schema.queries):
            for stmt in split_statements(query.sql):
                try:
                    conn.execute(f"EXPLAIN {stmt}")
                except sqlite3.Error as exc:
                    problems.append(marked.line(("queries", i, "sql"), f"does not run on this schema: {exc}"))
        return problems
    finally:
        conn.close()


def split_statements(sql: str) -> list[str]:
    """Split a snippet into complete statements (SQLite decides where each ends)."""
    import sqlite3

    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def build_model(data: dict[str, Any]) -> Schema:
    """Turn checked spec data into the frozen model (raw dicts stop here)."""
    tables = tuple(_build_table(name, spec) for name, spec in data["tables"].items())
    categories = tuple(
        Category(
            name=c["name"],
            description=c.get("description", ""),
            tables=tuple(t.name for t in tables if t.category == c["name"]),
        )
        for c in data.get("categories", [])
    )
    queries = tuple(
        Query(
            id=q["id"],
            section=q["section"],
            title=q["title"],
            sql=q["sql"].strip(),
            frequency=q.get("frequency", ""),
        )
        for q in data.get("queries", [])
    )
    flow = data.get("data_flow", {})
    data_flow = DataFlow(
        actors=tuple(flow.get("actors", {}).items()),
        flows=tuple(
            Flow(
                name=f["name"],
                steps=tuple(FlowStep(source=s["from"], target=s["to"], label=s["label"]) for s in f["steps"]),
            )
            for f in flow.get("flows", ())
        ),
    )
    return Schema(
        data_flow=data_flow,
        tables=tables,
        name=data.get("name", ""),
        title=data.get("title", ""),
        description=data.get("description", "").strip(),
        version=data["version"],
        categories=categories,
        queries=queries,
    )


def _build_table(name: str, spec: dict[str, Any]) -> Table:
    columns = tuple(_build_column(cname, cspec) for cname, cspec in spec["columns"].items())
    indexes = tuple(
        sorted(
            (
                Index(
                    name=iname,
                    table=name,
                    columns=tuple(ispec["columns"]),
                    unique=ispec.get("unique", False),
                    description=ispec.get("description", ""),
                )
                for iname, ispec in spec.get("indexes", {}).items()
            ),
            key=lambda ix: ix.name,
        )
    )
    vol = spec.get("volumes", {})
    return Table(
        name=name,
        columns=columns,
        indexes=indexes,
        variable=spec.get("variable", camel_case(name)),
        category=spec.get("category", ""),
        description=spec.get("description", "").strip(),
        estimated_rows=spec.get("estimated_rows", ""),
        growth=spec.get("growth", ""),
        storage=spec.get("storage", ""),
        migration_phase=spec.get("migration_phase", 0),
        volumes=Volumes(small=vol.get("small", ""), medium=vol.get("medium", ""), large=vol.get("large", "")),
        notes=tuple(spec.get("notes", ())),
    )


def _build_column(name: str, spec: dict[str, Any]) -> Column:
    enum = spec.get("enum")
    ref = spec.get("references")
    logical = spec.get("logical_reference")
    return Column(
        name=name,
        type=spec["type"],
        prop=spec.get("property", camel_case(name)),
        not_null=spec.get("not_null", False) or spec.get("primary_key", False),
        primary_key=spec.get("primary_key", False),
        autoincrement=spec.get("autoincrement", False),
        unique=spec.get("unique", False),
        default=spec.get("default"),
        app_default=spec.get("app_default"),
        description=spec.get("description", "").strip(),
        enum=Enum(values=tuple(enum["values"]), open=enum.get("open", False)) if enum else None,
        minimum=spec.get("minimum"),
        maximum=spec.get("maximum"),
        references=ForeignKey(
            table=ref["table"],
            column=ref["column"],
            on_delete=ref.get("on_delete", "no action"),
            on_update=ref.get("on_update", "no action"),
            label=ref.get("label", "references"),
        )
        if ref
        else None,
        logical_reference=LogicalReference(
            table=logical["table"], column=logical["column"], label=logical.get("label", "references")
        )
        if logical
        else None,
        json_schema=canonical_json(spec["json"]) if "json" in spec else None,
        example=canonical_json(spec["example"]) if "example" in spec else None,
    )
