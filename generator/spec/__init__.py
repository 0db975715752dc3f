"""The spec stage: load (YAML with marks) -> check (JSON Schema, semantics) -> build (the frozen model)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generator.config import DEFAULT_SPEC
from generator.errors import SpecError
from generator.model import Schema
from generator.spec.build import build_model
from generator.spec.check import schema_problems, spec_json_schema
from generator.spec.load import Marked, format_path, parse_yaml, read_text
from generator.spec.semantics import Problem, semantic_problems


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
    """Read, check and build the model of a spec; raises SpecError listing every problem.

    `check_queries` also runs every documented query against the schema (EXPLAIN): the commands that
    show them (`validate`, `generate`) ask for it; push, import and audit do not need it. Warnings (legal
    in SQLite, worth a look) are appended to `warnings` when it is given. `check_engines` reports every
    construct that one of `engines` (else the spec's `engines:`) does not support (generator.engines).
    """
    path = Path(path)
    display = display or str(path)
    if text is None:
        text = read_text(path, display)
    marked, data = parse_yaml(text, display)
    problems = [marked.at(m, p, msg) for p, m, msg in marked.problems]
    problems += schema_problems(data, marked)
    if problems:
        raise SpecError(_in_file_order(problems))
    errors, warned = semantic_problems(data)
    if errors:
        raise SpecError(_in_file_order(_lines(marked, errors)))
    schema = build_model(data)
    from generator.spec.sqlcheck import fragment_problems

    sql_errors, sql_warnings = fragment_problems(schema)
    if sql_errors:
        raise SpecError(_in_file_order([marked.line(path, message) for path, message in sql_errors]))
    if warnings is not None:
        found = _lines(marked, warned, severity="warning")
        warnings += _in_file_order(found + [marked.line(p, m, severity="warning") for p, m in sql_warnings])
    if check_engines:
        from generator.engines import unsupported

        findings = unsupported(schema, engines or schema.engines)
        if findings:
            raise SpecError(_in_file_order([marked.line(f.path, f.message()) for f in findings]))
    if check_queries:
        from generator.sqlite.queries import query_problems

        found = [marked.line(("queries", i, "sql"), message) for i, message in query_problems(schema)]
        if found:
            raise SpecError(found)
    return schema


_PLACE = re.compile(r":(\d+):(\d+):")


def _in_file_order(lines: list[str]) -> list[str]:
    """Problems sorted by line and column, as an editor lists them (`file:line:col: ...`)."""

    def place(line: str) -> tuple[int, int]:
        found = _PLACE.search(line)
        return (int(found.group(1)), int(found.group(2))) if found else (0, 0)

    return sorted(lines, key=place)


def _lines(marked: Marked, problems: list[Problem], severity: str = "") -> list[str]:
    return [marked.line(path, message, key=on_key, severity=severity) for path, message, on_key in problems]


__all__ = ["DEFAULT_SPEC", "build_model", "format_path", "load_spec", "spec_json_schema"]
