"""Everything the doc templates show, computed in Python (templates only loop and lay out)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator import ddl
from generator.model import Schema, Table


def md_cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_code(text: object) -> str:
    """Inline code, safe inside a Markdown table cell."""
    value = str(text).replace("|", "\\|")
    return f"``{value}``" if "`" in value else f"`{value}`"


def json_pretty(value: Any) -> str:
    """Indented JSON for code blocks."""
    return json.dumps(value, indent=2, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class DdlTable:
    """One table's DDL as the schema.sql template shows it."""

    table: Table
    summary: str
    create_sql: str
    index_sql: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class View:
    """Precomputed data for all templates."""

    ddl_tables: tuple[DdlTable, ...]
    index_count: int


def _first_sentence(text: str) -> str:
    head = text.split(". ")[0].strip()
    return head if head.endswith(".") else head + "."


def build_view(schema: Schema) -> View:
    """Compute everything the templates need."""
    ddl_tables = tuple(
        DdlTable(
            table=t,
            summary=_first_sentence(t.description) if t.description else "",
            create_sql=ddl.create_table_sql(t),
            index_sql=tuple(ddl.create_index_sql(ix) for ix in t.all_indexes),
        )
        for t in ddl.dependency_order(schema)
    )
    return View(ddl_tables=ddl_tables, index_count=sum(len(t.all_indexes) for t in schema.tables))
