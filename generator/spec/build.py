"""Build the frozen model from checked spec data (raw dicts stop here)."""

from __future__ import annotations

from typing import Any

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
