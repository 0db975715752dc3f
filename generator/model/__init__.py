"""The frozen model between the spec and everything built from it (DDL, docs, validators, plans)."""

from __future__ import annotations

from generator.model.rules import camel_case, canonical_json, json_path, unique_index_name
from generator.model.schema import (
    FK_ACTIONS,
    SQL_TYPES,
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
    SchemaObject,
    Table,
    Volumes,
)

__all__ = [
    "FK_ACTIONS",
    "SQL_TYPES",
    "Category",
    "Column",
    "DataFlow",
    "Enum",
    "Flow",
    "FlowStep",
    "ForeignKey",
    "Index",
    "LogicalReference",
    "Query",
    "Schema",
    "SchemaObject",
    "Table",
    "Volumes",
    "camel_case",
    "canonical_json",
    "json_path",
    "unique_index_name",
]
