"""Build the frozen model from checked spec data (raw dicts stop here)."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from generator.model import (
    AppCollation,
    AppFunction,
    Category,
    Check,
    Column,
    ColumnApp,
    ColumnDocs,
    DataFlow,
    DocBlock,
    DocCommand,
    DocFix,
    Docs,
    DocVariable,
    DrizzleExports,
    Enum,
    FkAction,
    Flow,
    FlowStep,
    ForeignKey,
    Generated,
    Index,
    IndexColumn,
    InsertSchema,
    LogicalReference,
    ObjectDocs,
    PrimaryKey,
    Query,
    Schema,
    Table,
    TableDocs,
    Trigger,
    TriggerEvent,
    TriggerTiming,
    Unique,
    View,
    ViewColumn,
    ViewDocs,
    VirtualTable,
    Volumes,
    camel_case,
    canonical_json,
)
from generator.model.types import SHORT_TYPES
from generator.sqlite.parse import default_value


def build_model(data: dict[str, Any]) -> Schema:
    """Turn checked spec data into the frozen model (raw dicts stop here)."""
    tables = tuple(_build_table(name, spec) for name, spec in data["tables"].items())
    categories = tuple(
        Category(
            name=c["name"],
            description=c.get("description", ""),
            tables=tuple(t.name for t in tables if t.docs.category == c["name"]),
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
        views=tuple(_build_view(name, spec) for name, spec in data.get("views", {}).items()),
        triggers=tuple(_build_trigger(name, spec) for name, spec in data.get("triggers", {}).items()),
        virtual_tables=tuple(
            VirtualTable(
                name=name,
                module=spec["module"],
                arguments=tuple(spec.get("arguments", ())),
                docs=ObjectDocs(spec.get("description", "").strip()),
            )
            for name, spec in data.get("virtual_tables", {}).items()
        ),
        name=data.get("name", ""),
        title=data.get("title", ""),
        description=data.get("description", "").strip(),
        version=data["version"],
        categories=categories,
        queries=queries,
        docs=build_docs(data.get("docs", {})),
        engines=tuple(data.get("engines", ("libsql",))),
        external_tables=tuple(data.get("external_tables", ())),
        functions=tuple(_function(name, spec) for name, spec in data.get("functions", {}).items()),
        collations=tuple(
            AppCollation(
                name, like=spec.get("like", "binary"), description=spec.get("description", "").strip()
            )
            for name, spec in data.get("collations", {}).items()
        ),
    )


def _function(name: str, spec: dict[str, Any]) -> AppFunction:
    """An app-defined function: `arguments: any` is SQLite's -1 (variadic)."""
    arguments = spec.get("arguments", "any")
    return AppFunction(
        name=name,
        arguments=-1 if arguments == "any" else int(arguments),
        deterministic=spec.get("deterministic", False),
        sql=spec.get("sql", "").strip(),
        description=spec.get("description", "").strip(),
    )


def _build_table(name: str, spec: dict[str, Any]) -> Table:
    columns = tuple(_build_column(cname, cspec) for cname, cspec in spec["columns"].items())
    indexes = tuple(
        sorted(
            (
                Index(
                    name=iname,
                    table=name,
                    columns=tuple(_index_column(c) for c in ispec["columns"]),
                    unique=ispec.get("unique", False),
                    docs=ObjectDocs(ispec.get("description", "")),
                    where=ispec.get("where", "").strip(),
                    renamed_from=renamed_from(ispec),
                )
                for iname, ispec in spec.get("indexes", {}).items()
            ),
            key=lambda ix: ix.name,
        )
    )
    vol = spec.get("volumes", {})
    return Table(
        name=name,
        columns=_with_table_key(columns, spec),
        indexes=indexes,
        pk=_primary_key(spec),
        uniques=tuple(_unique(u) for u in spec.get("unique", ())),
        foreign_keys=_foreign_keys(spec),
        checks=tuple(_check(c) for c in spec.get("checks", ())),
        strict=spec.get("strict", False),
        without_rowid=spec.get("without_rowid", False),
        random_rowid=spec.get("random_rowid", False),
        renamed_from=renamed_from(spec),
        docs=TableDocs(
            category=spec.get("category", ""),
            description=spec.get("description", "").strip(),
            estimated_rows=spec.get("estimated_rows", ""),
            growth=spec.get("growth", ""),
            storage=spec.get("storage", ""),
            migration_phase=spec.get("migration_phase", 0),
            volumes=Volumes(
                small=vol.get("small", ""), medium=vol.get("medium", ""), large=vol.get("large", "")
            ),
            notes=tuple(spec.get("notes", ())),
        ),
        drizzle=_drizzle(spec.get("drizzle", {}), spec.get("variable", camel_case(name))),
    )


def _drizzle(spec: dict[str, Any], variable: str) -> DrizzleExports:
    insert = spec.get("insert_schema")
    return DrizzleExports(
        variable=variable,
        select_type=spec.get("select_type", ""),
        insert_schema=InsertSchema(
            name=insert["name"],
            type=insert.get("type", ""),
            pick=tuple(insert.get("pick", ())),
            omit=tuple(insert.get("omit", ())),
        )
        if insert is not None
        else None,
    )


def _key_column(item: str | dict[str, Any]) -> IndexColumn:
    """A PRIMARY KEY / UNIQUE column: a name, or {column, desc, collate}."""
    if isinstance(item, str):
        return IndexColumn(name=item)
    return IndexColumn(name=item["column"], desc=item.get("desc", False), collate=item.get("collate", ""))


def _index_column(item: str | dict[str, Any]) -> IndexColumn:
    """An index key: a name, or {column | expr, desc, collate}."""
    if isinstance(item, str):
        return IndexColumn(name=item)
    return IndexColumn(
        name=item.get("column", ""),
        expr=item.get("expr", "").strip(),
        desc=item.get("desc", False),
        collate=item.get("collate", ""),
    )


def _key(spec: list[Any] | dict[str, Any]) -> tuple[tuple[IndexColumn, ...], str, str]:
    """(columns, name, on_conflict) of a key written as a list of columns or as an object."""
    if isinstance(spec, list):
        return tuple(_key_column(c) for c in spec), "", ""
    return tuple(_key_column(c) for c in spec["columns"]), spec.get("name", ""), spec.get("on_conflict", "")


def _primary_key(spec: dict[str, Any]) -> PrimaryKey | None:
    """The table's primary key: table-level `primary_key`, else the column marked `primary_key`."""
    if "primary_key" in spec:
        columns, name, conflict = _key(spec["primary_key"])
        return PrimaryKey(columns, name=name, on_conflict=conflict, table_level=True)
    for cname, cspec in spec["columns"].items():
        pk = cspec.get("primary_key")
        if isinstance(pk, dict):
            column = IndexColumn(name=cname, desc=pk.get("desc", False))
            return PrimaryKey((column,), name=pk.get("name", ""), on_conflict=pk.get("on_conflict", ""))
    return None  # built from the columns' flags (Table.__post_init__)


def _with_table_key(columns: tuple[Column, ...], spec: dict[str, Any]) -> tuple[Column, ...]:
    """Mark the columns of a table-level primary key as primary-key members."""
    if "primary_key" not in spec:
        return columns
    members = {c.name for c in _key(spec["primary_key"])[0]}
    return tuple(replace(c, primary_key=True) if c.name in members else c for c in columns)


def _unique(spec: list[Any] | dict[str, Any]) -> Unique:
    columns, name, conflict = _key(spec)
    return Unique(columns, name=name, on_conflict=conflict)


def _check(spec: str | dict[str, Any]) -> Check:
    if isinstance(spec, str):
        return Check(spec.strip())
    return Check(
        spec["sql"].strip(), name=spec.get("name", ""), description=spec.get("description", "").strip()
    )


def _foreign_keys(spec: dict[str, Any]) -> tuple[ForeignKey, ...]:
    """Column-level `references` first (in column order), then the table-level `foreign_keys`."""
    out = []
    for cname, cspec in spec["columns"].items():
        ref = cspec.get("references")
        if ref is not None:
            to = (ref["column"],) if "column" in ref else ()
            out.append(_foreign_key((cname,), ref["table"], to, ref))
    for fk in spec.get("foreign_keys", ()):
        ref = fk["references"]
        out.append(_foreign_key(tuple(fk["columns"]), ref["table"], tuple(ref.get("columns", ())), fk))
    return tuple(out)


def _foreign_key(
    columns: tuple[str, ...], table: str, to: tuple[str, ...], spec: dict[str, Any]
) -> ForeignKey:
    return ForeignKey(
        columns=columns,
        table=table,
        to=to,
        on_delete=FkAction(spec.get("on_delete", "no action")),
        on_update=FkAction(spec.get("on_update", "no action")),
        deferred=spec.get("deferred", False),
        name=spec.get("name", ""),
        label=spec.get("label", "references"),
    )


def column_type(spec: str | dict[str, Any]) -> tuple[str, bool]:
    """(declared SQL type, is JSON) of a column's `type`: a short name, a declared type, or {sql: ...}."""
    if isinstance(spec, dict):
        return spec["sql"], False
    return SHORT_TYPES.get(spec, spec), spec == "json"


def _build_column(name: str, spec: dict[str, Any]) -> Column:
    enum = spec.get("enum")
    logical = spec.get("logical_reference")
    declared, is_json = column_type(spec["type"])
    pk = spec.get("primary_key", False)
    not_null = spec.get("not_null", bool(pk))
    literal, expr = _default(spec.get("default"))
    generated = spec.get("generated")
    return Column(
        name=name,
        type=declared,
        json=is_json,
        json_check=spec.get("json_check", True),
        not_null=bool(not_null),
        not_null_conflict=not_null.get("on_conflict", "") if isinstance(not_null, dict) else "",
        primary_key=bool(pk),
        autoincrement=spec.get("autoincrement", False),
        unique=spec.get("unique", False),
        default=literal,
        default_expr=expr,
        format=spec.get("format", ""),
        enum=Enum(values=tuple(enum["values"]), open=enum.get("open", False)) if enum else None,
        minimum=spec.get("minimum"),
        maximum=spec.get("maximum"),
        logical_reference=LogicalReference(
            table=logical["table"], column=logical["column"], label=logical.get("label", "references")
        )
        if logical
        else None,
        json_schema=canonical_json(spec["json"]) if "json" in spec else None,
        collate=spec.get("collate", ""),
        generated=Generated(generated["sql"].strip(), generated.get("stored", False)) if generated else None,
        checks=tuple(_check(c) for c in spec.get("checks", ())),
        renamed_from=renamed_from(spec),
        docs=ColumnDocs(
            description=spec.get("description", "").strip(),
            example=canonical_json(spec["example"]) if "example" in spec else None,
        ),
        app=ColumnApp(prop=spec.get("property", camel_case(name)), default=spec.get("app_default")),
    )


def _default(spec: Any) -> tuple[str | int | float | None, str | None]:
    """(literal, expression) of a column's `default`: a literal, {value: literal} or {sql: expression}."""
    if spec is None:
        return None, None
    if isinstance(spec, dict):
        if "value" in spec:
            return spec["value"], None
        return default_value(spec["sql"].strip())
    return spec, None


def _build_view(name: str, spec: dict[str, Any]) -> View:
    return View(
        name=name,
        sql=spec["sql"].strip().rstrip(";").rstrip(),
        column_names=tuple(spec.get("column_names", ())),
        renamed_from=renamed_from(spec),
        docs=ViewDocs(
            category=spec.get("category", ""),
            description=spec.get("description", "").strip(),
            columns=tuple(
                ViewColumn(cname, cspec.get("description", "").strip())
                for cname, cspec in spec.get("columns", {}).items()
            ),
        ),
    )


def _build_trigger(name: str, spec: dict[str, Any]) -> Trigger:
    return Trigger(
        name=name,
        table=spec["table"],
        timing=TriggerTiming(spec["timing"]),
        event=TriggerEvent(spec["event"]),
        body=spec["sql"].strip(),
        columns=tuple(spec.get("columns", ())),
        when=spec.get("when", "").strip(),
        renamed_from=renamed_from(spec),
        docs=ObjectDocs(spec.get("description", "").strip()),
    )


def renamed_from(spec: dict[str, Any]) -> tuple[str, ...]:
    """An object's earlier names (`renamed_from: old` or a list, newest first)."""
    old = spec.get("renamed_from", ())
    return (old,) if isinstance(old, str) else tuple(old)


def build_docs(spec: dict[str, Any]) -> Docs:
    """The spec's `docs:` section: the project's own prose for the generated pages."""

    def block(item: str | dict[str, Any]) -> DocBlock:
        if isinstance(item, str):
            return DocBlock(text=item.strip())
        return DocBlock(
            text=item.get("text", "").strip(), code=item["code"].strip("\n"), lang=item.get("lang", "")
        )

    return Docs(
        database_url=spec.get("database_url", ""),
        app_defaults=tuple(spec.get("app_defaults", {}).items()),
        commands=tuple(DocCommand(c["command"], c["description"].strip()) for c in spec.get("commands", ())),
        environment=tuple(
            DocVariable(v["name"], v["description"].strip(), v.get("example", ""))
            for v in spec.get("environment", ())
        ),
        security=tuple(s.strip() for s in spec.get("security", ())),
        troubleshooting=tuple(
            DocFix(t["symptom"], t["fix"].strip()) for t in spec.get("troubleshooting", ())
        ),
        sections=tuple(
            (f"{page}.{section}", tuple(block(b) for b in blocks))
            for page, sections in spec.get("pages", {}).items()
            for section, blocks in sections.items()
        ),
    )
