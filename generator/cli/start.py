"""inspect and init: a spec read from a live database, and a new project's first files."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cli.shell import Context, database, echo, run
from generator.cli.terminal import progress

if TYPE_CHECKING:
    from generator.inspect import Inspection
    from generator.project import Started


def inspect(
    ctx: Context,
    *,
    url: str | None,
    token: str | None,
    out: Path | None,
    profile: bool,
    rows: int,
    timeout: float | None,
) -> int:
    """Read a live database into a spec that describes it exactly (read-only), with proposals from data."""
    from generator.inspect import inspect_target, write_spec

    url, token = database(ctx.settings(), url, token)

    def work() -> Inspection:
        # On stderr: stdout may be the spec itself (`schemagen inspect > spec.yaml`).
        with progress("profiling", unit="tables") as bar:
            if bar is None:
                return inspect_target(url, token, profile=profile, rows=rows, timeout=timeout)

            def show(table: str, done: int, total: int) -> None:
                bar(done, total, f"profiling {table}")

            return inspect_target(url, token, profile=profile, rows=rows, progress=show, timeout=timeout)

    found = run(work)
    text = found.to_yaml()
    if out is None:
        sys.stdout.write(text)
        echo(found.summary, err=True)
    else:
        run(lambda: write_spec(out, text))
        echo(f"{out}: {found.summary}")
    if found.problems:
        # Written all the same (it is what the database holds), but it needs a hand before it loads.
        echo("warning: the spec does not load as it is (the database holds what a spec refuses):", err=True)
        for line in found.problems:
            echo(f"  {line}", err=True)
        return 1
    return 0


def init(
    ctx: Context,
    *,
    url: str | None,
    token: str | None,
    spec: Path | None,
    force: bool,
    profile: bool,
    timeout: float | None,
) -> int:
    """Start a project here: its spec (read from --url / TURSO_DATABASE_URL, else a starter) and config."""
    from generator.project import init_project

    del ctx
    started = run(
        lambda: init_project(
            Path.cwd(), url=url, token=token, spec=spec, force=force, profile=profile, timeout=timeout
        )
    )
    if started.spec_kept:
        echo(f"{started.spec}: kept as it is")
    else:
        what = f"read from {started.source}: {started.summary}" if started.source else started.summary
        echo(f"{started.spec}: {what}")
    if started.config is not None:
        echo(f"{started.config}: {_settings(started)}")
    else:
        echo(f"{started.kept_config}: kept as it is (set `spec` and `url` there if they changed)")
    if started.database.token_env and not os.environ.get(started.database.token_env):
        echo(f"the token is not written anywhere: keep it in ${started.database.token_env} (or .env)")
    if started.ignored:
        echo(f".gitignore: added {', '.join(started.ignored)} (the local database, the token: out of git)")
    echo(
        f"next: edit {started.spec.as_posix()}, then `schemagen validate`, `schemagen generate`, "
        "`schemagen plan` (compares the spec with the database) and `schemagen push`"
    )
    return 0


def _settings(started: Started) -> str:
    """What the configuration written says, in one line."""
    said = [f"spec = {started.spec.as_posix()}", "out = generated"]
    db = started.database
    said += [
        f"{k} = {v}" for k, v in (("url", db.url), ("url_env", db.url_env), ("token_env", db.token_env)) if v
    ]
    return ", ".join(said)
