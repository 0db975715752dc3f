"""One database of a fleet: plan or push it (`push_spec`, atomic as ever) or audit it, as a small record.

Nothing here raises for a database's own trouble (unreachable, bad token, a failed statement, a refusal):
it becomes that database's outcome, so one bad tenant never stops the others. Every message is redacted
with the database's token and the fleet's token before it is kept.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from msgspec import Struct, field
from msgspec.structs import replace

from generator.db import Resolved, open_resolved, redact, resolve_target
from generator.errors import SchemagenError
from generator.fleet.summary import DbOutcome, DbResult, PlanGroup, fingerprint
from generator.fleet.targets import FleetTarget
from generator.migrate.cache import SchemaCache
from generator.migrate.plan import Plan
from generator.migrate.push import Outcome, PushOptions, PushReport, push_spec
from generator.model import Schema
from generator.words import plural

if TYPE_CHECKING:
    from generator.data.audit import AuditReport

_OUTCOMES = {
    Outcome.NOTHING: DbOutcome.NOTHING,
    Outcome.PLANNED: DbOutcome.PLANNED,
    Outcome.DRIFT: DbOutcome.DRIFT,
    Outcome.APPLIED: DbOutcome.APPLIED,
    Outcome.REFUSED: DbOutcome.REFUSED,
}


class Settings:
    """What `resolve_target` reads (the environment, `.env`: timeouts, answer cap, the default token), read
    once per fleet run and token instead of once per database."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_token: dict[str | None, Resolved] = {}

    def resolve(self, url: str, token: str | None, options: PushOptions) -> Resolved:
        """resolve_target(url, token, ...) for a database of the fleet (DatabaseError for a bad setting)."""
        known = self._by_token.get(token)
        if known is None:
            known = resolve_target("-", token, options.cwd, timeout=options.timeout)
            with self._lock:
                self._by_token[token] = known
        return replace(known, url=url)


class Job(Struct, frozen=True):
    """What to do to every database: the spec (loaded once) and the flags of the command."""

    action: str  # plan | push | audit
    schema: Schema
    options: PushOptions = field(default_factory=PushOptions)  # write: the action is push
    tables: tuple[str, ...] = ()
    cache: SchemaCache = field(default_factory=SchemaCache)  # models and plans, shared by the workers
    settings: Settings = field(default_factory=Settings)


def run_one(job: Job, index: int, target: FleetTarget, token: str | None, fleet_token: str | None) -> Done:
    """Plan, push or audit one database; its trouble becomes its outcome, never an exception."""
    started = time.monotonic()
    try:
        if job.action == "audit":
            done = _audit(job, index, target, token)
        else:
            done = _push(job, index, target, token)
    except SchemagenError as err:
        done = Done(_failed(index, target, str(err)))
    except Exception as err:  # a bug met on one database must not abandon a half-done rollout
        done = Done(_failed(index, target, f"internal error: {type(err).__name__}: {err}"))
    message = _hide(done.result.message, (token, fleet_token))
    result = replace(done.result, seconds=time.monotonic() - started, message=message)
    return Done(result, done.group)


class Done(Struct, frozen=True):
    """One database's record and the group (plan or findings) it met."""

    result: DbResult
    group: PlanGroup | None = None


def _failed(index: int, target: FleetTarget, message: str) -> DbResult:
    """An error record; the line already names the database, so its message does not repeat the URL."""
    url = target.display
    if message.startswith(f"{url}: "):
        message = message[len(url) + 2 :]
    else:
        message = message.replace(
            f" {url}: ", ": ", 1
        )  # "cannot reach URL: refused" -> "cannot reach: refused"
    return DbResult(index, url, target.origin, DbOutcome.ERROR, message=" ".join(message.split()))


def _hide(message: str, tokens: tuple[str | None, ...]) -> str:
    """The message with every token that could be in it masked."""
    if not message:
        return message
    for token in tokens:
        message = redact(message, token)
    return message


def _push(job: Job, index: int, target: FleetTarget, token: str | None) -> Done:
    """plan (--check) or push one database through push_spec."""
    options = job.options  # write set by run_fleet from the action
    resolved = job.settings.resolve(target.url, token, options)
    report = push_spec(job.schema, target.url, token, options, cache=job.cache, resolved=resolved)
    # A push that left a schema stock SQLite cannot open counts as failed: a rollout stops on it.
    outcome = DbOutcome.ERROR if report.unreadable else _OUTCOMES[report.outcome]
    group = None if report.plan.is_empty else plan_group(report.plan)
    result = DbResult(
        index,
        target.display,
        target.origin,
        outcome,
        plan=group.id if group else "",
        requests=report.requests,
        message=_reasons(report),
    )
    return Done(result, group)


def plan_group(plan: Plan) -> PlanGroup:
    """A plan as a group: fingerprinted by its rendered steps and SQL."""
    text = plan.render()
    steps = [{"risk": str(s.risk), "summary": s.summary, "sql": list(s.sql)} for s in plan.steps]
    title = f"{plural(len(plan.steps), 'step')}, risk {plan.risk}"
    return PlanGroup(fingerprint(text), title, text, {"risk": str(plan.risk), "steps": steps})


def _reasons(report: PushReport) -> str:
    """Why a push was (or would be) refused, on one line; empty otherwise."""
    reasons = [f"needs --allow-destructive: {step.line(report.losses)}" for step in report.needs_flag]
    reasons += [v.message() for v in report.violations]
    if report.unreadable:
        return "applied, but stock SQLite cannot open the schema it left: " + "; ".join(report.unreadable)
    if not reasons and report.outcome is Outcome.REFUSED:  # what the engine lacks, or not confirmed
        return " ".join(report.reason.split())
    if not reasons:
        return ""
    head = "nothing was changed" if report.outcome is Outcome.REFUSED else "would be refused"
    return f"{head}: " + "; ".join(reasons)


def _audit(job: Job, index: int, target: FleetTarget, token: str | None) -> Done:
    """Audit one database's rows against the spec."""
    from generator.data.audit import ERROR, audit_database  # only an audit pays for the data checks

    resolved = job.settings.resolve(target.url, token, job.options)
    with open_resolved(resolved) as db:  # never creates a missing file: auditing it is an error
        report = audit_database(db, job.schema, tables=list(job.tables) or None)
        requests = db.requests_sent
    group = findings_group(report)
    errors = [
        f"{t.table}.{f.column or '(table)'}: {f.check} {plural(f.count, 'row')}"
        + (f" (e.g. {', '.join(f.examples)})" if f.examples and f.examples != ["-"] else "")
        for t in report.tables
        for f in t.findings
        if f.severity == ERROR
    ]
    outcome = DbOutcome.CLEAN if report.clean else DbOutcome.INVALID
    result = DbResult(
        index,
        target.display,
        target.origin,
        outcome,
        group.id if group else "",
        requests,
        0.0,
        "; ".join(errors),
    )
    return Done(result, group)


def findings_group(report: AuditReport) -> PlanGroup | None:
    """The kinds of findings of an audit (table, column, check, severity; not counts or values) as a group."""
    from generator.data.audit import ERROR

    kinds = [(t.table, f.column or "(table)", f.check, f.severity) for t in report.tables for f in t.findings]
    if not kinds:
        return None
    text = "".join(f"[{severity}] {table}.{column}: {check}\n" for table, column, check, severity in kinds)
    errors = sum(1 for k in kinds if k[3] == ERROR)
    title = f"{plural(errors, 'error finding')}, {plural(len(kinds) - errors, 'warning finding')}"
    detail = {"findings": [{"table": t, "column": c, "check": k, "severity": s} for t, c, k, s in kinds]}
    return PlanGroup(fingerprint(text), title, text, detail)
