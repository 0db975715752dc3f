"""Project settings and their defaults (one home for each default path)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SPEC = Path("spec/schema.yaml")
DEFAULT_OUT = Path("generated")
DEFAULT_CONCURRENCY = 8  # fleet: databases worked on at once
DEFAULT_PLATFORM_API = "https://api.turso.tech"  # Turso's Platform API (fleets from --platform-org)
