"""The spec stage: load (YAML with marks) -> check (JSON Schema, semantics, SQL) -> build (the frozen model).

Every stage that can run, runs: one `validate` reports every problem of the spec (YAML, JSON Schema,
names and references, SQL fragments, documented queries), and says which stage could not run because
an earlier one failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.config import DEFAULT_SPEC
from generator.model import Schema
from generator.severity import Severity
from generator.spec.build import build_model
from generator.spec.check import CheckReport, check_spec, schema_problems, spec_json_schema
from generator.spec.load import format_path
from generator.spec.problems import Problem, SpecProblems


def load_spec(
    path: Path | str = DEFAULT_SPEC,
    *,
    text: str | None = None,
    display: str | None = None,
    check_queries: bool = False,
    warnings: list[str] | None = None,
    check_engines: bool = False,
    engines: Sequence[str] = (),
) -> Schema:
    """Read, check and build the model of a spec; raises SpecProblems listing every problem found.

    `check_queries` also runs every documented query against the schema (EXPLAIN): the commands that
    show them (`validate`, `generate`) ask for it; push, import and audit do not need it. Warnings (legal
    in SQLite, worth a look) are appended to `warnings` when it is given. `check_engines` reports every
    construct that one of `engines` (else the spec's `engines:`) does not support (generator.engines).
    """
    report = check_spec(
        path,
        text=text,
        display=display,
        check_queries=check_queries,
        engines=(tuple(engines) or None) if check_engines else (),
    )
    if report.schema is None or report.errors:
        raise SpecProblems(report.problems, report.skipped)
    if warnings is not None:
        warnings += [str(p) for p in report.warnings]
    return report.schema


__all__ = [
    "DEFAULT_SPEC",
    "CheckReport",
    "Problem",
    "Severity",
    "SpecProblems",
    "build_model",
    "check_spec",
    "format_path",
    "load_spec",
    "schema_problems",
    "spec_json_schema",
]
