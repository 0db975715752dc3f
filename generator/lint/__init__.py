"""The lint stage: schema rules over one spec and change rules over a base -> head change, each finding
placed on the spec's line, with the configuration's severities and the spec's own `lint: {ignore: ...}`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct

from generator.db import Database
from generator.errors import ConfigError, SpecError
from generator.lint.rules import RULES, Finding, Rule, Scope, Severity
from generator.model import Schema
from generator.spec.load import Mark, Marked, Path_

# The spec objects that may carry `lint: {ignore: {RULE: reason}}`, as paths with `*` for a name.
_IGNORE_HOLDERS = (
    ("tables", "*"),
    ("tables", "*", "columns", "*"),
    ("tables", "*", "indexes", "*"),
    ("views", "*"),
    ("triggers", "*"),
)


class Placed(Struct, frozen=True):
    """A finding with its place in the spec file, and the reason the spec gives for ignoring it ('' when
    it is not ignored)."""

    finding: Finding
    mark: Mark
    ignored: str = ""


class LintReport(Struct, frozen=True):
    """What lint found in one spec (and its change from a base), in file order."""

    spec: str  # the spec file as messages name it
    placed: tuple[Placed, ...]
    described: int
    describable: int
    rules: tuple[Rule, ...]  # the rules that ran (those not turned off)

    @property
    def findings(self) -> tuple[Placed, ...]:
        """The findings not ignored by the spec."""
        return tuple(p for p in self.placed if not p.ignored)

    @property
    def coverage(self) -> float:
        """Described tables, columns and views, in percent (100 for none)."""
        return 100.0 * self.described / self.describable if self.describable else 100.0

    @property
    def exit_code(self) -> int:
        """1 when a finding is an error, else 0."""
        return 1 if any(p.finding.severity is Severity.ERROR for p in self.findings) else 0

    def count(self, severity: Severity) -> int:
        """How many findings (not ignored) have this severity."""
        return sum(1 for p in self.findings if p.finding.severity is severity)


def severities(settings: Mapping[str, str], where: str) -> dict[str, Severity]:
    """The configuration's `[lint]` severities, checked: `{rule id: off|notice|warning|error}`."""
    out: dict[str, Severity] = {}
    for rule, level in settings.items():
        if rule not in RULES:
            raise ConfigError(f"{where}: lint.{rule}: unknown rule{_hint(rule)}")
        try:
            out[rule] = Severity(str(level))
        except ValueError:
            raise ConfigError(
                f"{where}: lint.{rule}: must be one of {', '.join(s.value for s in Severity)}"
            ) from None
    return out


def _hint(rule: str) -> str:
    import difflib

    close = difflib.get_close_matches(rule, list(RULES), n=1)
    return f"; did you mean '{close[0]}'?" if close else f" (rules: {', '.join(RULES)})"


def ignores(data: dict[str, Any], marked: Marked) -> dict[tuple[Path_, str], str]:
    """Every `lint: {ignore: {RULE: reason}}` of the spec: (object path, rule) -> reason; an unknown rule or
    an empty reason is a SpecError naming its line."""
    found: dict[tuple[Path_, str], str] = {}
    problems: list[str] = []
    for path, obj in _holders(data):
        lint = obj.get("lint")
        if not isinstance(lint, dict):
            continue
        for rule, reason in (lint.get("ignore") or {}).items():
            place = (*path, "lint", "ignore", rule)
            if rule not in RULES:
                problems.append(marked.line(place, f"unknown lint rule{_hint(rule)}", key=True))
            elif not isinstance(reason, str) or not reason.strip():
                problems.append(marked.line(place, "say why the rule is ignored here (a non-empty reason)"))
            else:
                found[(path, rule)] = reason.strip()
    if problems:
        raise SpecError(problems)
    return found


def _holders(data: dict[str, Any]) -> Iterable[tuple[Path_, dict[str, Any]]]:
    for pattern in _IGNORE_HOLDERS:
        level: list[tuple[Path_, Any]] = [((), data)]
        for part in pattern:
            nxt: list[tuple[Path_, Any]] = []
            for path, value in level:
                if not isinstance(value, dict):
                    continue
                if part == "*":
                    nxt += [((*path, k), v) for k, v in value.items()]
                elif part in value:
                    nxt.append(((*path, part), value[part]))
            level = nxt
        yield from ((p, v) for p, v in level if isinstance(v, dict))


def lint_schema(
    schema: Schema,
    data: dict[str, Any],
    marked: Marked,
    *,
    base: Schema | None = None,
    levels: Mapping[str, Severity] | None = None,
    only: frozenset[str] | None = None,
    db: Database | None = None,
) -> LintReport:
    """Run the rules over a loaded spec (and its change from `base`, when given).

    `levels` overrides default severities (`off` turns a rule off); `only` keeps the findings about these
    tables and views (folded names), as `review` shows the changed objects alone. With `db` (the database
    the change applies to), the change findings count the rows they are about, in one request.
    """
    from generator.lint.change import change_findings
    from generator.lint.schema import documented, schema_findings
    from generator.model import fold

    levels = levels or {}
    ignored = ignores(data, marked)
    found: list[Finding] = list(schema_findings(schema, data))
    if base is not None:
        found += change_findings(base, schema)
    if db is not None:
        found = _counted(db, found)
    placed: list[Placed] = []
    for finding in found:
        level = levels.get(finding.rule.id, finding.rule.severity)
        if level is Severity.OFF:
            continue
        if only is not None and (len(finding.path) < 2 or fold(str(finding.path[1])) not in only):
            continue
        reason = next(
            (
                ignored[(finding.path[:n], finding.rule.id)]
                for n in range(len(finding.path), 0, -1)
                if (finding.path[:n], finding.rule.id) in ignored
            ),
            "",
        )
        finding = Finding(finding.rule, level, finding.path, finding.subject, finding.message)
        placed.append(Placed(finding, marked.mark_of(finding.path, key=True), reason))
    placed.sort(key=lambda p: (p.mark, p.finding.rule.id))
    described, describable = documented(schema)
    ran = tuple(
        r
        for r in RULES.values()
        if levels.get(r.id, r.severity) is not Severity.OFF and (base is not None or r.scope is Scope.SCHEMA)
    )
    return LintReport(marked.display, tuple(placed), described, describable, ran)


def _counted(db: Database, found: list[Finding]) -> list[Finding]:
    """The findings with their counts read from `db` (all the counts in one request)."""
    asked = [f for f in found if f.count_sql]
    if not asked:
        return found
    results = db.pipeline([f.count_sql for f in asked])
    counts = {id(f): rows[0][0] if rows and rows[0] else 0 for f, rows in zip(asked, results, strict=True)}
    return [f.with_count(int(n)) if isinstance(n := counts.get(id(f)), int) else f for f in found]


def lint_file(
    path: Path,
    *,
    base: Schema | None = None,
    levels: Mapping[str, Severity] | None = None,
    db: Database | None = None,
) -> LintReport:
    """Load the spec at `path` (every check of `validate` but the documented queries) and lint it."""
    from generator.spec import load_spec
    from generator.spec.load import parse_yaml, read_text

    display = str(path)
    text = read_text(path, display)
    schema = load_spec(path, text=text, display=display)
    marked, data = parse_yaml(text, display)
    return lint_schema(schema, data, marked, base=base, levels=levels, db=db)


__all__ = [
    "RULES",
    "Finding",
    "LintReport",
    "Placed",
    "Rule",
    "Severity",
    "lint_file",
    "lint_schema",
    "severities",
]
