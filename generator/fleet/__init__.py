"""Fleets: one spec, many databases (Turso's database-per-tenant pattern), planned, pushed or audited.

`read_targets` (a file) or `list_databases` (Turso's Platform API) give the targets; `run_fleet` goes
through them with bounded concurrency and returns a `FleetReport`; `summary` turns it into text or JSON.
"""

from __future__ import annotations

from generator.fleet.platform import TOKEN_VARIABLE, list_databases
from generator.fleet.run import Progress, Rollout, run_fleet
from generator.fleet.summary import DbOutcome, DbResult, FleetReport, PlanGroup, report_json, summary_lines
from generator.fleet.targets import FleetTarget, Secrets, read_targets, target_for

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
