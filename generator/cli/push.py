"""plan and push: the migration plan against a live database, and its atomic apply."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cli.fleet import Fleet, run_fleet_command
from generator.cli.shell import Context, confirm, database, fail, project_root, run
from generator.cli.terminal import print_lines

if TYPE_CHECKING:
    from generator.config import Config


def plan(
    ctx: Context,
    *,
    spec: Path | None,
    url: str | None,
    token: str | None,
    check: bool,
    allow_destructive: bool,
    timeout: float | None,
    targets: Path | None,
    platform_org: str | None,
    group: str | None,
    platform_api: str | None,
    concurrency: int | None,
    fmt: str,
    engine: str | None = None,
) -> int:
    """Show what push would change (each step's risk and SQL) without writing anything."""
    config = ctx.settings()
    spec_file = spec or config.spec
    fleet = Fleet(targets, platform_org, group, platform_api, concurrency, fmt)
    if fleet.source.given:
        _refuse_engine(spec_file, engine)
        return run(
            lambda: run_fleet_command(
                fleet, "plan", spec_file, url, token, timeout, check=check, allow=allow_destructive
            )
        )
    fleet.single()
    url, token = database(config, url, token)
    return _push(
        config,
        spec_file,
        url,
        token,
        fmt="plan-json" if fmt == "json" else "text",
        write=False,
        check=check,
        allow_destructive=allow_destructive,
        timeout=timeout,
        engine=engine,
    )


def push(
    ctx: Context,
    *,
    spec: Path | None,
    url: str | None,
    token: str | None,
    dry_run: bool,
    allow_destructive: bool,
    yes: bool,
    timeout: float | None,
    targets: Path | None,
    platform_org: str | None,
    group: str | None,
    platform_api: str | None,
    concurrency: int | None,
    canary: int,
    max_failures: int | None,
    fmt: str,
    online: bool = False,
    chunk_rows: int = 2_000,
    chunk_pause: float = 0.02,
    move_indexes: bool = False,
    engine: str | None = None,
) -> int:
    """Apply the spec to the database: planned, atomic (one transaction), idempotent."""
    ask = not yes and sys.stdin.isatty()
    config = ctx.settings()
    spec_file = spec or config.spec
    fleet = Fleet(targets, platform_org, group, platform_api, concurrency, fmt, canary, max_failures)
    if (chunk_rows != 2_000 or chunk_pause != 0.02 or move_indexes) and not online:
        raise fail("--chunk-rows, --chunk-pause and --move-indexes go with --online")
    if fleet.source.given and online:
        raise fail("--online works on one database at a time (not with --targets or --platform-org)")
    if fleet.source.given:
        _refuse_engine(spec_file, engine)
        action = "plan" if dry_run else "push"
        return run(
            lambda: run_fleet_command(
                fleet,
                action,
                spec_file,
                url,
                token,
                timeout,
                allow=allow_destructive,
                ask=ask and not dry_run,
            )
        )
    fleet.single()
    url, token = database(config, url, token)
    return _push(
        config,
        spec_file,
        url,
        token,
        fmt=("push-json" if not dry_run else "plan-json") if fmt == "json" else "text",
        write=not dry_run,
        allow_destructive=allow_destructive,
        ask=ask and fmt == "text",
        timeout=timeout,
        online=(chunk_rows, chunk_pause, move_indexes) if online else None,
        engine=engine,
    )


def _refuse_engine(spec: Path, engine: str | None) -> None:
    """A fleet with --engine: the spec is checked for that engine before any database is touched."""
    if engine is None:
        return
    from generator.engines import unsupported
    from generator.spec import load_spec
    from generator.spec.load import format_path

    found = unsupported(run(lambda: load_spec(spec)), [engine])
    if found:
        lines = "\n".join(f"  {format_path(f.path)}: {f.message()}" for f in found)
        raise fail(f"refused: nothing was sent (the spec uses what the engine does not support):\n{lines}", 1)


def _push(
    config: Config,
    spec: Path,
    url: str | None,
    token: str | None,
    *,
    fmt: str = "text",
    write: bool,
    check: bool = False,
    allow_destructive: bool = False,
    ask: bool = False,
    timeout: float | None = None,
    online: tuple[int, float, bool] | None = None,
    engine: str | None = None,
) -> int:
    """Run a plan or a push, showing its progress and result; returns the exit code."""
    from generator.migrate.online import Copying
    from generator.migrate.push import OnlineOptions, Swapping, push_spec
    from generator.migrate.report import event_lines, result_lines
    from generator.spec import load_spec

    as_json = fmt != "text"
    progress = sys.stderr.isatty() and not os.environ.get("NO_COLOR") and not as_json

    def show(event: object) -> None:
        if isinstance(event, Copying):
            if progress:  # one line rewritten in place, on a terminal only
                share = f" ({100 * event.copied // event.total}%)" if event.total else ""
                sys.stderr.write(f"\rcopying {event.table}: {event.copied:,} of {event.total:,} rows{share}")
                sys.stderr.flush()
            return
        if progress and isinstance(event, Swapping):
            sys.stderr.write("\n")
        if as_json:
            return  # the JSON document says it all at the end
        print_lines(event_lines(event))  # type: ignore[arg-type]

    def ask_to_apply(_plan: object) -> bool:
        return confirm("apply these changes?")

    schema = run(lambda: load_spec(spec))
    report = run(
        lambda: push_spec(
            schema,
            url,
            token,
            write=write,
            spec_label=str(spec),
            check=check,
            allow_destructive=allow_destructive,
            confirm=ask_to_apply if ask else None,
            on_event=show,
            cwd=project_root(config),
            timeout=timeout,
            online=OnlineOptions(*online) if online is not None else None,
            engines=(engine,) if engine else (),
        )
    )
    if as_json:
        from generator.cli.output import dumps, push_json

        command = "push" if fmt == "push-json" else "plan"
        sys.stdout.write(dumps(push_json(command, report)))
        return report.exit_code
    print_lines(result_lines(report))
    if report.reason:
        print_lines(report.reason.splitlines(), err=True)
    return report.exit_code
