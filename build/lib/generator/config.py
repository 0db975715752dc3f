"""Project settings and their defaults (one home for each default path)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SPEC = Path("spec/schema.yaml")
DEFAULT_OUT = Path("generated")
