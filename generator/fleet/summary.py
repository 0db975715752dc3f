"""What a fleet run did: one small record per database, identical plans counted once, and its text/JSON.

Memory stays flat in the number of databases: a database's record holds its URL, outcome, counts and, only
when it failed or was refused, one message; the plan (or audit findings) it met is a 12-hex fingerprint of
the plan's rendered SQL, and each distinct plan's text is kept once, with how many databases met it.
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from typing import Any

from msgspec import Struct, field

from generator.words import plural


class DbOutcome(enum.StrEnum):
    """How one database of a fleet ended."""

    NOTHING = "nothing to do"  # plan or push: it matches the spec
    PLANNED = "planned"  # plan: it would change
    DRIFT = "drift"  # plan --check: it differs from the spec
    APPLIED = "applied"
    REFUSED = "refused"  # push: nothing was changed (destructive steps, or rows violating a new constraint)
    CLEAN = "clean"  # audit: no error finding
    INVALID = "invalid rows"  # audit: error findings
    ERROR = "error"  # unreachable, bad token, a failed statement: nothing was changed
    NOT_STARTED = "not started"  # the rollout stopped before this database

    @property
    def exit_code(self) -> int:
        """2 for an error; 1 for drift, a refusal, invalid rows or a database left out; else 0."""
        if self is DbOutcome.ERROR:
            return 2
        failing = (DbOutcome.DRIFT, DbOutcome.REFUSED, DbOutcome.INVALID, DbOutcome.NOT_STARTED)
        return 1 if self in failing else 0

    @property
    def notable(self) -> bool:
        """Shown one line per database (unchanged, clean and not-started ones are only counted)."""
        return self not in (DbOutcome.NOTHING, DbOutcome.CLEAN, DbOutcome.NOT_STARTED)


class DbResult(Struct, frozen=True):
    """One database's outcome (its token is never held here)."""

    index: int  # position in the target list
    database: str  # the display URL (never holds a token)
    origin: str
    outcome: DbOutcome
    plan: str = ""  # fingerprint of the plan it met (or of its audit findings); "" when none
    requests: int = 0
    seconds: float = 0.0
    message: str = ""  # why it failed or was refused; the findings of an audit


class PlanGroup(Struct):
    """One distinct plan (or set of audit findings) and how many databases met it, by outcome."""

    id: str
    title: str  # "2 steps, risk safe"
    text: str  # the rendered plan: steps and SQL
    detail: dict[str, Any]  # the JSON form
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def databases(self) -> int:
        """How many databases met this plan."""
        return sum(self.outcomes.values())


def fingerprint(text: str) -> str:
    """A short stable id of a rendered plan: the same SQL on two databases gets the same id."""
    import hashlib  # only a run that met a plan or findings pays for its import

    return hashlib.sha256(text.encode()).hexdigest()[:12]


class FleetReport(Struct):
    """Every database's outcome, the distinct plans, and why the rollout stopped early (if it did)."""

    action: str  # plan | push | audit
    total: int
    results: list[DbResult] = field(default_factory=list)
    plans: dict[str, PlanGroup] = field(default_factory=dict)
    stopped: str = ""
    interrupted: bool = False
    seconds: float = 0.0

    def add(self, result: DbResult, group: PlanGroup | None = None) -> None:
        """Record one database (and count it under its plan's group)."""
        self.results.append(result)
        if group is not None:
            kept = self.plans.setdefault(group.id, group)
            kept.outcomes[result.outcome.value] += 1

    @property
    def outcomes(self) -> Counter[DbOutcome]:
        """Databases per outcome."""
        return Counter(r.outcome for r in self.results)

    @property
    def requests(self) -> int:
        """HTTP requests sent to every database together."""
        return sum(r.requests for r in self.results)

    @property
    def exit_code(self) -> int:
        """2 if any database errored, else 1 if any drifted, was refused or left out, else 0."""
        return max((r.outcome.exit_code for r in self.results), default=0)

    def failures(self) -> int:
        """Databases that errored or were refused."""
        return sum(1 for r in self.results if r.outcome in (DbOutcome.ERROR, DbOutcome.REFUSED))


def result_line(result: DbResult) -> str:
    """The one line shown for a database that changed, failed, was refused or drifted."""
    line = f"{result.outcome}: {result.database}"
    if result.message:
        line += f": {result.message}"
    if result.plan and result.outcome in (DbOutcome.APPLIED, DbOutcome.DRIFT, DbOutcome.PLANNED):
        line += f" (plan {result.plan})"
    return line


ORDER = list(DbOutcome)


def summary_lines(report: FleetReport, *, max_plans: int = 20) -> list[str]:
    """The summary table by outcome, each distinct plan once with its count, and how the run ended."""
    out = ["", f"{plural(report.total, 'database')}:"]
    counts = report.outcomes
    width = max(len(o.value) for o in ORDER)
    for outcome in ORDER:
        if counts[outcome]:
            out.append(f"  {outcome.value:<{width}}  {counts[outcome]:>9,}")
    noun = "finding set" if report.action == "audit" else "plan"
    groups = sorted(report.plans.values(), key=lambda g: (-g.databases, g.id))
    if groups:
        out += ["", f"{plural(len(groups), 'distinct ' + noun)}:"]
    for group in groups[:max_plans]:
        by = ", ".join(f"{name} {n:,}" for name, n in sorted(group.outcomes.items()))
        out.append(f"{noun} {group.id}: {plural(group.databases, 'database')} ({by}): {group.title}")
        out += [f"    {line}" for line in group.text.rstrip("\n").splitlines()]
    if len(groups) > max_plans:
        out.append(f"... and {len(groups) - max_plans} more (`--format json` lists them all)")
    if report.stopped:
        out += ["", f"stopped: {report.stopped}"]
    started = report.total - counts[DbOutcome.NOT_STARTED]
    requests = ""
    if report.requests:  # HTTP databases (a file costs none)
        requests = f", {plural(report.requests, 'request')} ({report.requests / started:.1f} per database)"
    out.append(f"elapsed: {report.seconds:.2f} s{requests}")
    return out


def report_json(report: FleetReport) -> str:
    """Every database's outcome, the distinct plans and the totals, as indented JSON."""
    data = {
        "action": report.action,
        "databases": report.total,
        "exit_code": report.exit_code,
        "stopped": report.stopped or None,
        "interrupted": report.interrupted,
        "seconds": round(report.seconds, 3),
        "requests": report.requests,
        "outcomes": {o.value: n for o in ORDER if (n := report.outcomes[o])},
        "plans": [
            {"id": g.id, "databases": g.databases, "outcomes": dict(sorted(g.outcomes.items())), **g.detail}
            for g in sorted(report.plans.values(), key=lambda g: (-g.databases, g.id))
        ],
        "results": [
            {
                "database": r.database,
                "origin": r.origin,
                "outcome": r.outcome.value,
                "plan": r.plan or None,
                "requests": r.requests,
                "seconds": round(r.seconds, 4),
                "message": r.message or None,
            }
            for r in sorted(report.results, key=lambda r: r.index)
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
