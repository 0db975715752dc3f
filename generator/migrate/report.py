"""Plan and push reports as lines of text: what the CLI shows (the library itself never prints)."""

from __future__ import annotations

from generator.migrate.apply import fix_advice
from generator.migrate.online import (
    INDEX_ROWS_PER_SECOND,
    OFFLINE_ROWS_PER_SECOND,
    ONLINE_ROWS,
    SWAP_ROWS_PER_SECOND,
    Copying,
)
from generator.migrate.push import (
    CopyStarting,
    Event,
    Opened,
    Outcome,
    Planned,
    PushReport,
    Reached,
    Rebuilding,
    Replanning,
    Swapping,
)
from generator.words import plural


def event_lines(event: Event) -> list[str]:
    """The lines shown as a plan or push goes along."""
    if isinstance(event, Opened):
        report = event.report
        if report.kind is Reached.MISSING_FILE:
            return [f"target: {report.target} (does not exist yet: the plan starts from an empty database)"]
        source = f" ({report.source})" if report.source != "--url" else ""
        reached = "server: reachable" if report.kind is Reached.HTTP else "database file: opened"
        if report.created:
            reached = "database file: created"
        access = "write access: yes" if report.write else "read access: yes"
        return [
            f"target: {report.target}{source}",
            f"spec: {report.spec} ({plural(report.tables, 'table')})",
            f"token: {'present' if report.token else 'absent'}",
            f"{reached}; {access}",
        ]
    if isinstance(event, Planned):
        return ["", event.plan.render(event.losses).rstrip("\n"), ""]
    if isinstance(event, Rebuilding):
        return [f"rebuilding {event.table}: copying its rows inside the transaction..."]
    if isinstance(event, CopyStarting):
        return [
            f"indexes moved for the online copy of {table}: until the swap, {', '.join(names)} index the "
            f"new table (filled as rows are copied), so the app's queries that used them scan {table} "
            "(`push --online --keep-indexes` keeps them, and builds the new ones in the swap)"
            for table, names in event.moved.items()
        ]
    if isinstance(event, Copying):
        return []  # the CLI shows a progress bar (or nothing, in a pipe); the result says how many rows
    if isinstance(event, Swapping):
        return [f"copied online: {', '.join(event.tables)}; swapping in one short transaction..."]
    if isinstance(event, Replanning):
        return ["the schema changed while planning (another push?): planning again"]
    raise TypeError(event)  # pragma: no cover - every event kind is handled above


def result_lines(report: PushReport) -> list[str]:
    """The lines that end a plan or a push (a refusal's reason goes to stderr, not here)."""
    plan = report.plan
    out: list[str] = []
    if report.outcome is Outcome.NOTHING:
        out.append(
            "nothing to do: another push already applied the spec" if report.replanned else "nothing to do"
        )
    elif report.outcome in (Outcome.PLANNED, Outcome.DRIFT):
        out += [f"would be refused: {v.message()}" for v in report.violations]
        out += [f"needs --allow-destructive: {step.line(report.losses)}" for step in report.needs_flag]
        out += [
            _rebuild_line(table, rows, report.online_swaps.get(table, ()))
            for table, rows in report.rows.items()
        ]
        steps = plural(len(plan.steps), "step")
        if report.outcome is Outcome.DRIFT:
            out.append(f"drift: the database differs from the spec ({steps}, risk {plan.risk})")
        else:
            out.append(f"{steps}, risk {plan.risk}")
        out.append(f"next: {_next_step(report)}")
    elif report.outcome is Outcome.APPLIED and report.online:
        out += _declare_lines(report)
        out += [f"resumed the online copy of {table} left by an interrupted push" for table in report.resumed]
        out += [
            f"rebuilt {table} online: {plural(rows, 'row')} copied in ranges (the app's writes meanwhile "
            "were mirrored by triggers)"
            for table, rows in report.copied.items()
        ]
        statements = plural(len(plan.statements()), "statement")
        out.append(
            f"applied: {plural(len(plan.steps), 'step')} ({statements}); the swap held the write lock for "
            f"{report.swap_seconds:.2f} s"
        )
        out.append(
            "next: run `schemagen plan --check` in CI to catch drift, and `schemagen audit` to check the rows"
        )
    elif report.outcome is Outcome.APPLIED:
        out += _declare_lines(report)
        out += [f"rebuilt {table}: {plural(rows, 'row')} copied" for table, rows in report.copied.items()]
        if report.lock_wait.attempts > 1:
            out.append(
                f"waited {report.lock_wait.seconds:.2f} s for another writer's lock "
                f"({plural(report.lock_wait.attempts, 'attempt')})"
            )
        statements = plural(len(plan.statements()), "statement")
        out.append(f"applied: {plural(len(plan.steps), 'step')} ({statements}) in one transaction")
        out.append(
            "next: run `schemagen plan --check` in CI to catch drift, and `schemagen audit` to check the rows"
        )
    if report.reindex:
        names = ", ".join(report.reindex)
        out.append(
            f"then, in the app: run `REINDEX` once on a connection that has its own {names}: this push built "
            "keys and indexes with schemagen's stand-ins, whose order or values may differ "
            "(docs/sqlite-dialect.md)"
        )
    if report.kind is not Reached.MISSING_FILE:
        requests = f", {plural(report.requests, 'request')}" if report.requests else ""
        out.append(f"elapsed: {report.seconds:.2f} s{requests}")
    return out


def _declare_lines(report: PushReport) -> list[str]:
    """The likely renames confirmed on the terminal: to be declared so every database renames them."""
    return [f"declare it in the spec so every database renames it: {h.declaration}" for h in report.renamed]


def _rebuild_line(table: str, rows: int, swap: tuple[str, ...] | str) -> str:
    """How long a rebuild would hold the write lock, and the online alternative for a big table: how long
    its swap would (estimates from docs/online.md's measurements), or why it cannot be copied online."""
    seconds = rows / OFFLINE_ROWS_PER_SECOND
    line = f"rebuild {table}: {plural(rows, 'row')} copied inside the transaction"
    if rows < ONLINE_ROWS:
        return line
    limit = " (sqld and Turso end a transaction after 5 s: the push would fail)" if seconds >= 4 else ""
    line = (
        f"{line}: the app's writes wait (a file) or are refused (sqld) for about {_duration(seconds)}{limit}"
    )
    if isinstance(swap, str):
        return f"{line}; `schemagen push --online` cannot copy it ({swap})"
    held = rows / SWAP_ROWS_PER_SECOND + len(swap) * rows / INDEX_ROWS_PER_SECOND
    built = f", building {', '.join(swap)}" if swap else ""
    return (
        f"{line}; `schemagen push --online` copies them while the app writes and holds the lock only for "
        f"the swap (about {_duration(held)}{built})"
    )


def _duration(seconds: float) -> str:
    """An estimate said at its precision: `40 ms`, `1.5 s`."""
    return f"{max(10, round(seconds * 100) * 10):.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def _next_step(report: PushReport) -> str:
    """What to do after a plan: push, or first fix what push would refuse."""
    command = "schemagen push --allow-destructive" if report.needs_flag else "schemagen push"
    steps = []
    if report.violations:
        steps.append(fix_advice(report.violations))
    if report.needs_flag:
        steps.append("take a backup")
    if steps:
        return ", ".join(steps) + f", then run `{command}`"
    return f"run `{command}` to apply them"
