"""Check spec data: its JSON Schema, then the rules JSON Schema cannot say, then its SQL: every stage that
can run, in one pass, each problem a `Problem` (generator/spec/problems.py).

A JSON Schema problem does not stop the later stages: the broken keys are set aside (a copy of the data
without them) and the rest is checked; only what cannot be set aside (a spec without `tables`) stops them,
and the report says which stage did not run and why.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from generator.errors import SchemagenError
from generator.model import Schema
from generator.severity import Severity
from generator.spec.fastpath import spec_is_valid
from generator.spec.load import Marked, parse_yaml
from generator.spec.problems import Problem, in_file_order, problem_at, show
from generator.spec.source import Path_, read_text

if TYPE_CHECKING:
    import jsonschema

STAGES = ("yaml", "schema", "semantics", "sql", "queries", "engines")


def schema_file() -> Path:
    """The JSON Schema of the spec format, a file of the installed package (editors read it too)."""
    return Path(__file__).resolve().parent / "spec.schema.json"


@cache
def spec_json_schema() -> dict[str, Any]:
    """The JSON Schema of the spec format (shipped in the package for editors too)."""
    text = schema_file().read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


class CheckReport(Struct):
    """What checking a spec found: the model (None when it could not be built) and every problem."""

    file: str
    schema: Schema | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "stage: why it did not run"

    @property
    def errors(self) -> list[Problem]:
        """The problems that fail the check, in file order."""
        return [p for p in in_file_order(self.problems) if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not, in file order."""
        return [p for p in in_file_order(self.problems) if not p.is_error]


def check_spec(
    path: Path | str,
    *,
    text: str | None = None,
    display: str | None = None,
    check_queries: bool = True,
    engines: tuple[str, ...] | None = (),
) -> CheckReport:
    """Every problem of a spec, stage by stage; YAML that does not parse raises SpecError (one line).

    `engines`: check what those engines do not support (None: the spec's `engines:`; empty: no check).
    """
    path = Path(path)
    display = display or str(path)
    if text is None:
        text = read_text(path, display)
    marked, data = parse_yaml(text, display)
    report = CheckReport(display)
    report.problems += [Problem(display, p, m, Severity.ERROR, msg, "yaml") for p, m, msg in marked.problems]
    found = schema_problems(data, marked)
    report.problems += found
    checked, removed = _set_aside(data, found) if found else (data, set())
    if checked is None:
        report.skipped.append(
            f"{display}: note: names, references, SQL and queries not checked: fix the problems above first"
        )
        return report
    from generator.spec.semantics import semantic_problems

    errors, warned = semantic_problems(checked)
    for (where, message, on_key), severity in [(e, Severity.ERROR) for e in errors] + [
        (w, Severity.WARNING) for w in warned
    ]:
        if not _mentions(message, removed):
            report.problems.append(problem_at(marked, where, message, key=on_key, severity=severity))
    _sql_stages(report, marked, checked, removed, check_queries, engines)
    return report


def _sql_stages(
    report: CheckReport,
    marked: Marked,
    data: dict[str, Any],
    removed: set[str],
    check_queries: bool,
    engines: tuple[str, ...] | None,
) -> None:
    """Build the model and run its SQL (fragments, then documented queries) in an in-memory SQLite."""
    from generator.spec.build import build_model
    from generator.spec.sqlcheck import fragment_problems

    earlier = [p.path for p in report.problems if p.is_error]
    try:
        schema = build_model(data)
    except (SchemagenError, KeyError, TypeError, ValueError, IndexError, AttributeError):
        report.skipped.append(
            f"{report.file}: note: SQL and queries not checked: fix the problems above first"
        )
        return
    errors, warnings = fragment_problems(schema)
    for (where, message), severity in [(e, Severity.ERROR) for e in errors] + [
        (w, Severity.WARNING) for w in warnings
    ]:
        if not _overlaps(where, earlier) and not _mentions(message, removed):
            report.problems.append(problem_at(marked, where, message, severity=severity, stage="sql"))
    if check_queries:
        from generator.sqlite.queries import query_problems

        for i, message in query_problems(schema):
            where = ("queries", i, "sql")
            if not _overlaps(where, earlier) and not _mentions(message, removed):
                report.problems.append(problem_at(marked, where, message, stage="queries"))
    if engines != ():
        from generator.engines import unsupported

        for finding in unsupported(schema, engines or schema.engines):
            report.problems.append(problem_at(marked, finding.path, finding.message(), stage="engines"))
    if not any(p.is_error for p in report.problems):
        report.schema = schema


def _overlaps(path: Path_, others: list[Path_]) -> bool:
    """True when an earlier problem is at this place, inside it, or on the same object (one problem per
    place: `unknown table 'tt'` on a trigger is not repeated as SQLite's `no such table: main.tt`)."""
    mine = _object(path)
    return any(o[: len(path)] == path or path[: len(o)] == o or _object(o) == mine for o in others)


def _object(path: Path_) -> Path_:
    """The spec object a path is in: a column, index, view, trigger, ... (a table's own keys: the table)."""
    if len(path) >= 4 and path[0] == "tables" and path[2] in ("columns", "indexes"):
        return path[:4]
    return path[:2]


def _mentions(message: str, names: set[str]) -> bool:
    """True when a message names something set aside (it would be a consequence, not a problem)."""
    return any(re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) for name in names)


def _set_aside(data: dict[str, Any], found: list[Problem]) -> tuple[dict[str, Any] | None, set[str]]:
    """A copy of `data` without the keys its JSON Schema problems are at, and the names of the tables,
    columns and views removed with them; None when no such copy passes the JSON Schema."""
    checked = copy.deepcopy(data)
    removed: set[str] = set()
    paths = [p.path for p in found]
    for _round in range(6):
        for path in sorted(set(paths), key=len, reverse=True):
            _remove(checked, path, removed)
        if "tables" not in checked or not isinstance(checked["tables"], dict) or not checked["tables"]:
            return None, removed
        if spec_is_valid(checked):
            return checked, removed
        paths = [p.path for p in schema_problems(checked, Marked(""))]
        if not paths:
            return checked, removed
    return None, removed


def _remove(data: Any, path: Path_, removed: set[str]) -> None:
    """Delete the deepest mapping key on `path` (a list item goes with the key holding the list)."""
    cut = len(path)
    while cut > 0:
        parent = _get(data, path[: cut - 1])
        if isinstance(path[cut - 1], str) and isinstance(parent, dict) and path[cut - 1] in parent:
            break
        cut -= 1
    if cut <= 1:
        if cut == 1 and path[0] not in ("version", "tables"):
            data.pop(path[0], None)
        return
    parent = _get(data, path[: cut - 1])
    key = path[cut - 1]
    owner = path[cut - 2] if cut >= 2 else None
    if owner in ("tables", "views", "columns", "virtual_tables") and isinstance(key, str):
        removed.add(key)
    del parent[key]


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        in_dict = isinstance(data, dict) and isinstance(part, str) and part in data
        if in_dict or (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)):
            data = data[part]
        else:
            return None
    return data


def schema_problems(data: Any, marked: Marked) -> list[Problem]:
    """Every place the spec data breaks its JSON Schema, in the user's words (YAML, never a Python repr)."""
    if spec_is_valid(data):
        return []  # proved valid without jsonschema (generator/spec/fastpath.py)
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(spec_json_schema())
    found = [
        problem_at(marked, path, message, key=on_key, stage="schema")
        for error in validator.iter_errors(data)
        for path, message, on_key in _explain(error)
    ]
    return in_file_order(found)


def _explain(error: jsonschema.ValidationError) -> Iterator[tuple[Path_, str, bool]]:
    path: Path_ = tuple(error.absolute_path)
    hint = _shorthand(path, error.instance)
    if hint:
        yield path, hint, False
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed)):
            yield (*path, key), _unknown_key(key, error.instance[key], allowed), True
    elif error.validator == "required":
        yield path, error.message.replace("is a required property", "is required but missing"), False
    elif "propertyNames" in error.schema_path and isinstance(error.instance, str):
        name = error.instance
        yield (*path, name), f"'{name}' is not a valid name: {describe_error(error)}", True
    elif error.validator in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        yield from _explain(best)
    else:
        yield path, describe_error(error), False


def _unknown_key(key: str, value: Any, allowed: list[str]) -> str:
    import difflib  # only for a hint: not imported on every start

    hint = difflib.get_close_matches(key, allowed, n=1)
    if value is None and (" " in key.strip() or not hint):
        # `{description: Hello, world}` reads as two keys: a comma ends a value inside `{...}`
        return (
            f"unknown key '{key}': a comma inside `{{...}}` ends the value before it; "
            'quote the value (`description: "Hello, world"`)'
        )
    return f"unknown key '{key}'" + (
        f"; did you mean '{hint[0]}'?" if hint else f" (allowed: {', '.join(allowed)})"
    )


def _shorthand(path: Path_, value: Any) -> str:
    """The right spelling of a shorthand people write ('' when `value` is not one)."""
    last = path[-1] if path else None
    if last == "enum" and isinstance(value, list):
        return f"write `enum: {{values: {show(value)}}}` (a list goes under `values:`)"
    if last == "references" and isinstance(value, str):
        found = re.fullmatch(r"\s*([^.()\s]+)\s*(?:\.\s*([^.()\s]+)|\(\s*([^()\s]+)\s*\))?\s*", value)
        if found:
            column = found[2] or found[3]
            spelled = f"{{table: {found[1]}" + (f", column: {column}" if column else "") + "}"
            return f"write `references: {spelled}`"
        return "write `references: {table: TABLE, column: COLUMN}`"
    if last == "primary_key" and isinstance(value, str) and len(path) == 3:
        return f"write `primary_key: [{value}]` (a list of columns)"
    return ""


_TYPES: dict[str, str] = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
}
_TYPES |= {"object": "a mapping", "array": "a list", "null": "null"}


def describe_error(error: jsonschema.ValidationError) -> str:
    """jsonschema's message with values shown as YAML (`[free, team]`), not as Python (`['free', 'team']`)."""
    value: Any = error.instance
    expected: Any = error.validator_value
    if error.validator == "type":
        kinds: list[str] = expected if isinstance(expected, list) else [expected]
        return f"{show(value)} is not {' or '.join(_TYPES.get(str(k), str(k)) for k in kinds)}"
    if error.validator == "enum":
        return f"{show(value)} is not one of {', '.join(show(v) for v in expected)}"
    if error.validator == "pattern":
        if (
            error.absolute_path
            and list(error.absolute_path)[-1] == "id"
            and error.absolute_path[0] == "queries"
        ):
            return (
                f"query id {show(value)}: use lower-case letters, digits, '-' and '_', starting with a "
                "letter or digit (`user_by_email`, `user-by-email`)"
            )
        return f"{show(value)} does not match the pattern {expected}"
    if error.validator == "minLength" and expected == 1:
        return "must not be empty"
    if error.validator == "minItems":
        return f"needs at least {expected} {'item' if expected == 1 else 'items'}"
    if error.validator == "const":
        return f"{show(value)} must be {show(expected)}"
    if error.validator in ("minimum", "maximum"):
        side = "below the minimum" if error.validator == "minimum" else "above the maximum"
        return f"{show(value)} is {side} {expected}"
    return str(error.message)
