"""Fleets on the command line: plan, push or audit one spec across many databases."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from msgspec.structs import replace

from generator.cli.shell import confirm, echo, fail, run

if TYPE_CHECKING:
    from generator.fleet.source import FleetSource
    from generator.fleet.summary import DbResult
    from generator.migrate.push import PushOptions


class Fleet(Struct, frozen=True):
    """The fleet options of plan, push and audit."""

    targets: Path | None
    platform_org: str | None
    group: str | None
    platform_api: str | None  # None: FleetSource's default (generator.config)
    concurrency: int | None  # None: Rollout's default (generator.config)
    fmt: str
    canary: int = 0
    max_failures: int | None = None

    @property
    def source(self) -> FleetSource:
        """Where the databases come from."""
        from generator.fleet.source import FleetSource

        source = FleetSource(self.targets, self.platform_org, self.group)
        return replace(source, platform_api=self.platform_api) if self.platform_api else source

    def single(self) -> None:
        """Refuse the fleet-only options without a fleet."""
        run(self.source.check)
        if self.fmt not in ("text", "json"):
            raise fail(f"unknown --format '{self.fmt}' (use text or json)")
        if self.canary or self.max_failures is not None:
            raise fail("--canary and --max-failures (of push) need --targets or --platform-org")


def run_fleet_command(
    fleet: Fleet,
    action: str,
    spec: Path,
    url: str | None,
    token: str | None,
    options: PushOptions,
    *,
    tables: tuple[str, ...] = (),
    ask: bool = False,
) -> int:
    """Plan, push or audit every database of the fleet; prints lines, a progress bar and the summary."""
    from generator.fleet.run import Rollout, run_fleet
    from generator.fleet.summary import report_json, summary_lines
    from generator.fleet.targets import Secrets
    from generator.spec import load_spec

    fleet.source.check(url)
    rollout = Rollout(canary=fleet.canary, max_failures=fleet.max_failures)
    if fleet.concurrency is not None:
        rollout = replace(rollout, concurrency=fleet.concurrency)
    schema = load_spec(spec)
    secrets = Secrets()
    listed = fleet.source.load(secrets)
    text = fleet.fmt == "text"
    if text:
        from generator.words import plural

        echo(
            f"fleet: {plural(len(listed), 'database')} from {fleet.source.label}; spec {spec} "
            f"({plural(len(schema.tables), 'table')}); concurrency {rollout.concurrency}"
        )
    if ask and not confirm(f"push the spec to {len(listed):,} databases?"):
        raise fail("not confirmed: nothing was changed", 1)
    with _FleetDisplay(len(listed), show_lines=text) as display:
        report = run_fleet(
            schema,
            listed,
            action,
            options,
            token=token or secrets.get("TURSO_AUTH_TOKEN"),
            tables=tables,
            rollout=rollout,
            progress=display.update,
            secrets=secrets,
        )
    sys.stdout.write(("\n".join(summary_lines(report)) + "\n") if text else report_json(report))
    return 130 if report.interrupted else report.exit_code


class _FleetDisplay:
    """A fleet's live output: a line per notable database, and a progress bar when stderr is a terminal."""

    def __init__(self, total: int, *, show_lines: bool) -> None:
        self.total = total
        self.show_lines = show_lines
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _FleetDisplay:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(
                *Progress.get_default_columns(),
                "{task.completed:,}/{task.total:,}",
                console=Console(stderr=True),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self.bar.start()
            self.task = self.bar.add_task("databases", total=self.total)
        return self

    def update(self, result: DbResult, done: int, total: int) -> None:
        """Called once per finished database (by one worker at a time)."""
        if self.show_lines and result.outcome.notable:
            from generator.fleet.summary import result_line

            line = result_line(result)
            if self.bar is not None and sys.stdout.isatty():
                self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                echo(line)
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
