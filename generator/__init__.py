"""schemagen: one YAML spec of a Turso (libSQL) database -> DDL, docs, ER diagram, validators, push."""

from __future__ import annotations

from generator.errors import SchemagenError, SpecError
from generator.model import Schema
from generator.spec import load_spec
from generator.validators import RowProblem, RowValidator, validate_row, validator_for

__all__ = [
    "RowProblem",
    "RowValidator",
    "Schema",
    "SchemagenError",
    "SpecError",
    "load_spec",
    "validate_row",
    "validator_for",
]
