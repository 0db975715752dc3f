"""plan and push: the migration plan against a live database, and its atomic apply."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec.structs import replace

from generator.cli.fleet import Fleet, run_fleet_command
from generator.cli.shell import Context, confirm, database, fail, project_root, run
from generator.cli.terminal import print_lines
from generator.db.retry import lock_timeout_setting
from generator.migrate.online import Pacing
from generator.migrate.pace import CHUNK_SECONDS
from generator.migrate.push import OnlineOptions, PushOptions

if TYPE_CHECKING:
    from generator.config import Config
    from generator.migrate.plan import Plan
    from generator.migrate.renames import RenameHint


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
    options = PushOptions(
        check=check, allow_destructive=allow_destructive, timeout=timeout, engines=(engine,) if engine else ()
    )
    if fleet.source.given:
        _refuse_engine(spec_file, engine)
        return run(lambda: run_fleet_command(fleet, "plan", spec_file, url, token, options))
    fleet.single()
    url, token = database(config, url, token)
    return _push(config, spec_file, url, token, options, fmt="plan-json" if fmt == "json" else "text")


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
    lock_timeout: float | None,
    targets: Path | None,
    platform_org: str | None,
    group: str | None,
    platform_api: str | None,
    concurrency: int | None,
    canary: int,
    max_failures: int | None,
    fmt: str,
    online: bool = False,
    chunk_rows: int | None = None,
    chunk_pause: float | None = None,
    chunk_seconds: float | None = None,
    keep_indexes: bool = False,
    engine: str | None = None,
) -> int:
    """Apply the spec to the database: planned, atomic (one transaction), idempotent."""
    ask = not yes and sys.stdin.isatty()
    config = ctx.settings()
    spec_file = spec or config.spec
    fleet = Fleet(targets, platform_org, group, platform_api, concurrency, fmt, canary, max_failures)
    pace = (chunk_rows, chunk_pause, chunk_seconds)
    if (any(v is not None for v in pace) or keep_indexes) and not online:
        raise fail("--chunk-seconds, --chunk-rows, --chunk-pause and --keep-indexes go with --online")
    if fleet.source.given and online:
        raise fail("--online works on one database at a time (not with --targets or --platform-org)")
    options = PushOptions(
        write=not dry_run,
        allow_destructive=allow_destructive,
        timeout=timeout,
        lock_timeout=lock_timeout_setting(lock_timeout),
        online=OnlineOptions(_pacing(*pace), keep_indexes) if online else None,
        engines=(engine,) if engine else (),
    )
    if fleet.source.given:
        _refuse_engine(spec_file, engine)
        action = "plan" if dry_run else "push"
        return run(
            lambda: run_fleet_command(fleet, action, spec_file, url, token, options, ask=ask and not dry_run)
        )
    fleet.single()
    url, token = database(config, url, token)
    if ask and fmt == "text":  # a terminal: ask before what is not safe, and ask about each likely rename
        options = replace(options, confirm=_ask_to_apply, ask_rename=_ask_rename)
    json_shape = ("push-json" if not dry_run else "plan-json") if fmt == "json" else "text"
    return _push(config, spec_file, url, token, options, fmt=json_shape)


def _pacing(rows: int | None, pause: float | None, seconds: float | None) -> Pacing:
    """The online copy's pace from the flags (each left out: the default)."""
    if seconds is not None and seconds <= 0:
        raise fail("--chunk-seconds must be above 0")
    if pause is not None and pause < 0:
        raise fail("--chunk-pause cannot be negative")
    return Pacing(rows, pause, CHUNK_SECONDS if seconds is None else seconds)


def _refuse_engine(spec: Path, engine: str | None) -> None:
    """A fleet with --engine: the spec is checked for that engine before any database is touched."""
    if engine is None:
        return
    from generator.engines import unsupported
    from generator.spec import load_spec
    from generator.spec.source import format_path

    found = unsupported(run(lambda: load_spec(spec)), [engine])
    if found:
        lines = "\n".join(f"  {format_path(f.path)}: {f.message()}" for f in found)
        raise fail(f"refused: nothing was sent (the spec uses what the engine does not support):\n{lines}", 1)


def _ask_to_apply(_plan: Plan) -> bool:
    return confirm("apply these changes?")


def _ask_rename(hint: RenameHint) -> bool:
    return confirm(hint.question)


def _push(
    config: Config, spec: Path, url: str | None, token: str | None, options: PushOptions, *, fmt: str = "text"
) -> int:
    """Run a plan or a push, showing its progress and result (or, with `fmt` plan-json / push-json, one
    JSON document); returns the exit code."""
    from generator.emit.escape import terminal
    from generator.migrate.online import Copying
    from generator.migrate.push import Swapping, push_spec
    from generator.migrate.report import event_lines, result_lines
    from generator.spec import load_spec

    as_json = fmt != "text"
    progress = sys.stderr.isatty() and not os.environ.get("NO_COLOR") and not as_json

    def show(event: object) -> None:
        if isinstance(event, Copying):
            if as_json:  # one JSON line on stderr per range copied (stdout holds the one report)
                line = {
                    "event": "copying",
                    "table": event.table,
                    "copied": event.copied,
                    "total": event.total,
                }
                sys.stderr.write(json.dumps(line, ensure_ascii=False) + "\n")
                sys.stderr.flush()
            elif progress:  # one line rewritten in place, on a terminal only
                share = f" ({100 * event.copied // event.total}%)" if event.total else ""
                table = terminal(event.table)  # a table's name may hold escape sequences: shown, never run
                sys.stderr.write(f"\rcopying {table}: {event.copied:,} of {event.total:,} rows{share}")
                sys.stderr.flush()
            return
        if progress and isinstance(event, Swapping):
            sys.stderr.write("\n")
        if as_json:
            return  # the JSON document says it all at the end
        print_lines(event_lines(event))  # type: ignore[arg-type]

    schema = run(lambda: load_spec(spec))
    options = replace(options, spec_label=str(spec), cwd=project_root(config))
    report = run(lambda: push_spec(schema, url, token, options, on_event=show))
    if as_json:
        from generator.cli.output import dumps, push_json

        command = "push" if fmt == "push-json" else "plan"
        sys.stdout.write(dumps(push_json(command, report)))
        return report.exit_code
    print_lines(result_lines(report))
    if report.reason:
        print_lines(report.reason.splitlines(), err=True)
    return report.exit_code
