"""A problem found in a spec: a typed value (path, mark, severity, message), sorted by its mark.

Every stage of the spec check (YAML, JSON Schema, semantics, SQL fragments, documented queries) reports
`Problem` values; they are printed as `file:line:col: [warning: ]path: message` only at the end, and
`--format json` gives them as objects. Nothing parses a formatted line back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from msgspec import Struct

from generator.errors import SpecError
from generator.severity import Severity
from generator.spec.load import Marked
from generator.spec.source import Mark, Path_, format_path


class Problem(Struct, frozen=True):
    """One problem of a spec: where (file, YAML path, line:col), how bad, and what."""

    file: str
    path: Path_
    mark: Mark
    severity: Severity
    message: str
    stage: str = "schema"  # yaml, schema, semantics, sql, queries (the stage that found it)

    @property
    def is_error(self) -> bool:
        """True for an error (a warning leaves the exit code 0)."""
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[int, int, int, str]:
        """File order (line, column), errors before warnings at one place."""
        return (self.mark[0], self.mark[1], 0 if self.is_error else 1, self.message)

    def __str__(self) -> str:
        level = " warning:" if self.severity is Severity.WARNING else ""
        where = f" {format_path(self.path)}:" if self.path else ""
        return f"{self.file}:{self.mark[0]}:{self.mark[1]}:{level}{where} {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The problem as `validate --format json` gives it."""
        return {
            "file": self.file,
            "line": self.mark[0],
            "column": self.mark[1],
            "path": format_path(self.path),
            "severity": self.severity.value,
            "stage": self.stage,
            "message": self.message,
        }


def problem_at(
    marked: Marked,
    path: Path_,
    message: str,
    *,
    key: bool = False,
    severity: Severity = Severity.ERROR,
    stage: str = "semantics",
) -> Problem:
    """A problem at the YAML node of `path` (its key's mark when `key`)."""
    return Problem(marked.display, path, marked.mark_of(path, key=key), severity, message, stage)


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by their mark, as an editor lists them; one per (place, message)."""
    return sorted(set(problems), key=Problem.sort_key)


class SpecProblems(SpecError):
    """A spec that does not pass: every problem of every stage that could run, errors and warnings."""

    def __init__(self, found: Iterable[Problem], skipped: Iterable[str] = ()) -> None:
        self.found = tuple(in_file_order(found))
        self.skipped = tuple(skipped)  # stages not run because an earlier one failed, with why
        super().__init__([str(p) for p in self.found] + list(self.skipped))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that fail the check."""
        return tuple(p for p in self.found if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that do not."""
        return tuple(p for p in self.found if not p.is_error)


def show(value: Any, *, inner: bool = False) -> str:
    """A value as YAML writes it: `'archived'`, `[free, team]`, `{table: x}`, `null`, `true`; never a
    Python repr."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        plain = re.fullmatch(r"[A-Za-z_][\w.()-]*", value) is not None
        if inner and plain and value.lower() not in ("null", "true", "false", "yes", "no", "on", "off"):
            return value
        return f"'{value}'" if "'" not in value and "\n" not in value else json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(v, inner=True) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{show(k, inner=True)}: {show(v, inner=True)}" for k, v in value.items()) + "}"
        )
    return json.dumps(str(value))
