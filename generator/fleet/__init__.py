"""Fleets: one spec, many databases (Turso's database-per-tenant pattern), planned, pushed or audited.

`read_targets` (a file) or `list_databases` (Turso's Platform API) give the targets; `run_fleet` goes
through them with bounded concurrency and returns a `FleetReport`; `summary` turns it into text or JSON.

The names below are imported on first use, so `generator.fleet.source` (which every plan, push and
audit asks whether a fleet was named) costs no more than itself.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.fleet.platform import TOKEN_VARIABLE, list_databases
    from generator.fleet.run import Progress, Rollout, run_fleet
    from generator.fleet.summary import (
        DbOutcome,
        DbResult,
        FleetReport,
        PlanGroup,
        report_json,
        summary_lines,
    )
    from generator.fleet.targets import FleetTarget, Secrets, read_targets, target_for

_HOMES = {
    "TOKEN_VARIABLE": "platform",
    "list_databases": "platform",
    "Progress": "run",
    "Rollout": "run",
    "run_fleet": "run",
    "DbOutcome": "summary",
    "DbResult": "summary",
    "FleetReport": "summary",
    "PlanGroup": "summary",
    "report_json": "summary",
    "summary_lines": "summary",
    "FleetTarget": "targets",
    "Secrets": "targets",
    "read_targets": "targets",
    "target_for": "targets",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'generator.fleet' has no attribute {name!r}")
    return getattr(import_module(f"generator.fleet.{home}"), name)


__all__ = [
    "TOKEN_VARIABLE",
    "DbOutcome",
    "DbResult",
    "FleetReport",
    "FleetTarget",
    "PlanGroup",
    "Progress",
    "Rollout",
    "Secrets",
    "list_databases",
    "read_targets",
    "report_json",
    "run_fleet",
    "summary_lines",
    "target_for",
]
