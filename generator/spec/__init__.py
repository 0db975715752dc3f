"""The spec stage: load (YAML with marks) -> check (JSON Schema, semantics) -> build (the frozen model)."""

from __future__ import annotations

from pathlib import Path

from generator.config import DEFAULT_SPEC
from generator.errors import SpecError
from generator.model import Schema
from generator.spec.build import build_model
from generator.spec.check import schema_problems, semantic_problems, spec_json_schema
from generator.spec.load import format_path, parse_yaml, read_text


def load_spec(
    path: Path | str = DEFAULT_SPEC,
    *,
    text: str | None = None,
    display: str | None = None,
    check_queries: bool = False,
) -> Schema:
    """Read, check and build the model of a spec; raises SpecError listing every problem.

    `check_queries` also runs every documented query against the schema (EXPLAIN): the commands that
    show them (`validate`, `generate`) ask for it; push, import and audit do not need it.
    """
    path = Path(path)
    display = display or str(path)
    if text is None:
        text = read_text(path, display)
    marked, data = parse_yaml(text, display)
    problems = [marked.at(m, p, msg) for p, m, msg in marked.problems]
    problems += schema_problems(data, marked)
    if problems:
        raise SpecError(problems)
    problems = semantic_problems(data, marked)
    if problems:
        raise SpecError(problems)
    schema = build_model(data)
    if check_queries:
        from generator.sqlite.queries import query_problems

        found = [marked.line(("queries", i, "sql"), message) for i, message in query_problems(schema)]
        if found:
            raise SpecError(found)
    return schema


__all__ = ["DEFAULT_SPEC", "build_model", "format_path", "load_spec", "spec_json_schema"]
