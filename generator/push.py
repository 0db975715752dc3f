"""Push: resolve the target, pre-flight, introspect, plan, check the data, apply atomically, report.

Round trips over HTTP: 1 for a push with nothing to do (write probe and introspection together), 2 for
an additive migration, 3 when a table is rebuilt or a constraint is added (row counts and data checks).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from generator.db import Database, connect
from generator.errors import DatabaseError, RefusedError
from generator.introspect import SCHEMA_SQL, SCHEMA_VERSION_SQL, parse_schema_rows, schema_rows
from generator.model import Schema
from generator.plan import Plan, Risk, apply_plan, count_and_check, plan_migration
from generator.spec import load_spec

DEFAULT_DATABASE = "local.db"
ATTEMPTS = 3  # re-plans after another writer changed the schema between our read and our write
LARGE_TABLE = 10_000

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
    return Resolved(str(path), None, f"no --url or TURSO_DATABASE_URL: using the embedded file {DEFAULT_DATABASE}")


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


def _guard(version: int) -> str:
    """A statement that fails (json() of invalid JSON) when the schema changed since it was read."""
    return f"SELECT json('schema changed') WHERE (SELECT schema_version FROM pragma_schema_version) <> {version}"


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
    db = connect(target.url, target.token)
    with db:
        echo(f"target: {db.url} ({target.source})" if target.source != "--url" else f"target: {db.url}")
        echo(f"spec: {spec} ({len(schema.tables)} tables)")
        echo(f"token: {'present' if target.token else 'absent'}")
        live = read_live(db, probe_write=write)
        echo(f"server: reachable; {'write access: yes' if write else 'read access: yes'}")
        code = _plan_and_apply(db, schema, live, write=write, check=check, allow=allow_destructive,
                               confirm=confirm, echo=echo)  # fmt: skip
        requests = f", {db.requests_sent} request{'s' if db.requests_sent != 1 else ''}" if db.requests_sent else ""
        echo(f"elapsed: {time.monotonic() - started:.2f} s{requests}")
    return code


def _plan_and_apply(
    db: Database,
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
        counts, violations = count_and_check(db, plan, plan.rebuilds) if (write or plan.checks) else ({}, [])
        if not write:
            for violation in violations:
                echo(f"would be refused: {violation.message()}")
            for step in refused:
                echo(f"needs --allow-destructive: {step.summary}")
            if check:
                echo(f"drift: the database differs from the spec ({len(plan.steps)} steps, risk {plan.risk})")
                echo("next: run `schemagen push` to apply them")
                return 1
            echo(f"{len(plan.steps)} steps, risk {plan.risk}; run `schemagen push` to apply them")
            return 0
        if refused:
            names = "; ".join(step.summary for step in refused)
            raise RefusedError(f"refused: destructive changes need --allow-destructive, nothing was changed: {names}")
        if violations:
            lines = "\n".join(f"  {v.message()}" for v in violations)
            raise RefusedError(
                f"refused: existing rows would violate new constraints, nothing was changed "
                f"(fix the rows or the spec):\n{lines}"
            )
        if confirm is not None and plan.risk is not Risk.SAFE and not confirm(plan):
            raise RefusedError("refused: not confirmed, nothing was changed")
        for table, rows in counts.items():
            if rows >= LARGE_TABLE:
                echo(f"rebuilding {table} ({rows:,} rows)...")
        try:
            apply_plan(db, plan, guard_sql=(_guard(live.version),))
        except DatabaseError:
            fresh = read_live(db, probe_write=False)
            if fresh.version == live.version:
                raise
            echo("the schema changed while planning (another push?): planning again")
            live = fresh
            continue
        statements = len(plan.statements())
        echo(f"applied: {len(plan.steps)} steps ({statements} statements) in one transaction")
        echo("next: run `schemagen plan --check` in CI to catch drift")
        return 0
    raise DatabaseError(f"{db.url}: the schema kept changing during {ATTEMPTS} attempts; nothing more was applied")
