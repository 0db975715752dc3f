"""schemagen: one YAML spec of a Turso (libSQL) database -> DDL, docs, ER diagram, validators, push.

The public names are imported on first use, so `import generator` (and every CLI start) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.data.validate import RowProblem, RowValidator, validate_row, validator_for
    from generator.errors import SchemagenError, SpecError
    from generator.model import Schema
    from generator.spec import load_spec

_HOMES = {
    "RowProblem": "generator.data.validate",
    "RowValidator": "generator.data.validate",
    "validate_row": "generator.data.validate",
    "validator_for": "generator.data.validate",
    "SchemagenError": "generator.errors",
    "SpecError": "generator.errors",
    "Schema": "generator.model",
    "load_spec": "generator.spec",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    return getattr(import_module(home), name)


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
