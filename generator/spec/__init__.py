"""The spec stage: load (YAML with marks) -> check (JSON Schema, semantics, SQL) -> build (the frozen model).

Every stage that can run, runs: one `validate` reports every problem of the spec (YAML, JSON Schema,
names and references, SQL fragments, documented queries), and says which stage could not run because
an earlier one failed.

A spec that loaded without errors before is taken from the user's cache (generator/spec/kept.py): then
neither the YAML reader nor the checks are imported. The other names here are imported on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.config import DEFAULT_SPEC
from generator.model import Schema
from generator.severity import Severity

if TYPE_CHECKING:
    from generator.spec.build import build_model
    from generator.spec.check import CheckReport, check_spec, schema_problems, spec_json_schema
    from generator.spec.problems import Problem, SpecProblems
    from generator.spec.source import format_path

_LAZY = {
    "build_model": "generator.spec.build",
    "CheckReport": "generator.spec.check",
    "check_spec": "generator.spec.check",
    "schema_problems": "generator.spec.check",
    "spec_json_schema": "generator.spec.check",
    "Problem": "generator.spec.problems",
    "SpecProblems": "generator.spec.problems",
    "format_path": "generator.spec.source",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


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
    from generator.spec.kept import keep_spec, kept_spec, spec_key
    from generator.spec.source import read_text

    path = Path(path)
    display = display or str(path)
    if text is None:
        text = read_text(path, display)
    checked_engines = (tuple(engines) or None) if check_engines else ()
    key = spec_key(text, display, (check_queries, checked_engines))
    kept = kept_spec(key) if key is not None else None
    if kept is not None:
        schema, found = kept
    else:
        from generator.spec.check import check_spec
        from generator.spec.problems import SpecProblems

        report = check_spec(
            path, text=text, display=display, check_queries=check_queries, engines=checked_engines
        )
        if report.schema is None or report.errors:
            raise SpecProblems(report.problems, report.skipped)
        schema, found = report.schema, [str(p) for p in report.warnings]
        if key is not None:
            keep_spec(key, schema, found)
    if warnings is not None:
        warnings += found
    return schema


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
