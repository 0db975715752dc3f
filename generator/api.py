"""The library's public names, for apps that check rows against the spec in Python.

    from generator.api import load_spec, validator_for

The package's own `__init__` imports nothing, so every CLI start pays only for the command it runs.
"""

from __future__ import annotations

from generator.data.validate import RowProblem, RowValidator, validate_row, validator_for
from generator.errors import SchemagenError, SpecError
from generator.model import Schema
from generator.spec import load_spec

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
