"""Push: resolve the target, pre-flight, introspect, plan, check the data, apply atomically, report.

Round trips over HTTP: 1 for a push with nothing to do (write probe and introspection together), 2 for
any migration (introspect, apply): the data checks of new constraints run inside the apply transaction as
guards, so only a refused push pays one more request, to count the violating rows and show sample keys.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from generator.db import Database, connect, parse_url
from generator.errors import DatabaseError, RefusedError
from generator.introspect import SCHEMA_SQL, SCHEMA_VERSION_SQL, parse_schema_rows, schema_rows
from generator.model import Schema
from generator.plan import DataCheck, Plan, Risk, Violation, apply_plan, count_and_check, plan_migration
from generator.spec import load_spec

DEFAULT_DATABASE = "local.db"
ATTEMPTS = 3  # re-plans after another writer changed the schema between our read and our write

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Resolved:
    """The database to talk to and where that choice came from (the token is never shown)."""

    url: str
    token: str | None
    source: str


def resolve_target(url: str | None, token: str | None, cwd: Path | None = None) -> Resolved:
    """--url/--token, else TURSO_DATABASE_URL/TURSO_AUTH_TOKEN (environment, then .env), else local.db."""
    cwd = cwd or Path.cwd()
    dotenv = {k: v for k, v in dotenv_values(cwd / ".env").items() if v} if (cwd / ".env").is_file() else {}

    def setting(name: str) -> tuple[str | None, str]:
        if os.environ.get(name):
            return os.environ[name], f"${name}"
        if dotenv.get(name):
            return dotenv[name], f"{name} in .env"
        return None, ""

    env_token, _ = setting("TURSO_AUTH_TOKEN")
    chosen_token = token or env_token
    if url:
        return Resolved(url, chosen_token, "--url")
    env_url, source = setting("TURSO_DATABASE_URL")
    if env_url:
        return Resolved(env_url, chosen_token, source)
    path = cwd / DEFAULT_DATABASE
    return Resolved(
        str(path), None, f"no --url or TURSO_DATABASE_URL: using the embedded file {DEFAULT_DATABASE}"
    )


@dataclass(frozen=True)
class Live:
    """What one introspection request returned."""

    schema: Schema
    version: int


def read_live(db: Database, *, probe_write: bool) -> Live:
    """sqlite_schema and schema_version (and the write probe) in ONE request."""
    rows, version = db.pipeline([SCHEMA_SQL, SCHEMA_VERSION_SQL], probe_write=probe_write)
    number = version[0][0] if version and version[0] else 0
    return Live(parse_schema_rows(schema_rows(rows)), int(number) if isinstance(number, int) else 0)


def _check_guard(check: DataCheck) -> str:
    """A statement that fails when a data check finds rows (so the transaction never commits)."""
    return f"SELECT json('data check failed') WHERE ({check.count_sql}) > 0"


def _guard(version: int) -> str:
    """A statement that fails (json() of invalid JSON) when the schema changed since it was read."""
    return (
        f"SELECT json('schema changed') WHERE (SELECT schema_version FROM pragma_schema_version) <> {version}"
    )


def run(
    spec: Path,
    url: str | None,
    token: str | None,
    *,
    write: bool,
    check: bool = False,
    allow_destructive: bool = False,
    confirm: Callable[[Plan], bool] | None = None,
    echo: Echo = print,
    cwd: Path | None = None,
) -> int:
    """Plan (write=False) or push (write=True) `spec` to the target; returns the exit code."""
    started = time.monotonic()
    target = resolve_target(url, token, cwd)
    schema = load_spec(spec)
    parsed = parse_url(target.url)
    if not write and parsed.kind == "file" and not Path(parsed.address).exists():
        # Planning is read-only: a database file that does not exist yet is planned as empty, not created.
        echo(f"target: {parsed.url} (does not exist yet: the plan starts from an empty database)")
        return _plan_and_apply(None, schema, Live(Schema(tables=()), 0), write=False, check=check,
                               allow=allow_destructive, confirm=confirm, echo=echo)  # fmt: skip
    db = connect(target.url, target.token)
    with db:
        echo(f"target: {db.url} ({target.source})" if target.source != "--url" else f"target: {db.url}")
        echo(f"spec: {spec} ({len(schema.tables)} tables)")
        echo(f"token: {'present' if target.token or parsed.token else 'absent'}")
        live = read_live(db, probe_write=write)
        reached = "server: reachable" if parsed.kind == "http" else "database file: opened"
        echo(f"{reached}; {'write access: yes' if write else 'read access: yes'}")
        code = _plan_and_apply(db, schema, live, write=write, check=check, allow=allow_destructive,
                               confirm=confirm, echo=echo)  # fmt: skip
        requests = (
            f", {db.requests_sent} request{'s' if db.requests_sent != 1 else ''}" if db.requests_sent else ""
        )
        echo(f"elapsed: {time.monotonic() - started:.2f} s{requests}")
    return code


def _plan_and_apply(
    db: Database | None,
    schema: Schema,
    live: Live,
    *,
    write: bool,
    check: bool,
    allow: bool,
    confirm: Callable[[Plan], bool] | None,
    echo: Echo,
) -> int:
    for attempt in range(ATTEMPTS):
        plan = plan_migration(live.schema, schema)
        echo("")
        echo(plan.render().rstrip("\n"))
        echo("")
        if plan.is_empty:
            echo("nothing to do" if attempt == 0 else "nothing to do: another push already applied the spec")
            return 0
        refused = plan.refused(allow)
        if not write or db is None:
            violations = count_and_check(db, plan, ())[1] if plan.checks and db is not None else []
            for violation in violations:
                echo(f"would be refused: {violation.message()}")
            for step in refused:
                echo(f"needs --allow-destructive: {step.summary}")
            if check:
                steps = _n(len(plan.steps), "step")
                echo(f"drift: the database differs from the spec ({steps}, risk {plan.risk})")
                echo("next: run `schemagen push` to apply them")
                return 1
            echo(f"{_n(len(plan.steps), 'step')}, risk {plan.risk}; run `schemagen push` to apply them")
            return 0
        if refused:
            names = "; ".join(step.summary for step in refused)
            raise RefusedError(
                f"refused: destructive changes need --allow-destructive, nothing was changed: {names}"
            )
        if confirm is not None and plan.risk is not Risk.SAFE and not confirm(plan):
            raise RefusedError("refused: not confirmed, nothing was changed")
        for table in plan.rebuilds:
            echo(f"rebuilding {table}: copying its rows inside the transaction...")
        guards = (_guard(live.version), *(_check_guard(c) for c in plan.checks))
        try:
            copied = apply_plan(db, plan, guard_sql=guards)
        except DatabaseError as failure:
            # A concurrent push changes schema_version (the guard fails): re-plan. Anything else is reported.
            try:
                fresh = read_live(db, probe_write=False)
            except DatabaseError:
                raise failure from None
            if fresh.version == live.version:
                violations = count_and_check(db, plan, ())[1] if plan.checks else []
                if violations:
                    raise _refuse(violations) from None
                raise failure from None
            echo("the schema changed while planning (another push?): planning again")
            live = fresh
            continue
        for table, rows in copied.items():
            echo(f"rebuilt {table}: {rows:,} row{'' if rows == 1 else 's'} copied")
        statements = len(plan.statements())
        echo(f"applied: {_n(len(plan.steps), 'step')} ({_n(statements, 'statement')}) in one transaction")
        echo(
            "next: run `schemagen plan --check` in CI to catch drift, and `schemagen audit` to check the rows"
        )
        return 0
    raise DatabaseError(
        f"{db.url if db else 'database'}: the schema kept changing during {ATTEMPTS} attempts; "
        "nothing more was applied"
    )


def _n(count: int, noun: str) -> str:
    """`1 step`, `2 steps`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _refuse(violations: list[Violation]) -> RefusedError:
    """The refusal of a push whose data checks found rows: counts and sample keys, one line each."""
    lines = "\n".join(f"  {v.message()}" for v in violations)
    return RefusedError(
        "refused: existing rows would violate new constraints, nothing was changed "
        f"(fix the rows or the spec):\n{lines}"
    )
