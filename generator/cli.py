"""The `schemagen` command: argument parsing and exit codes only; the work is in the library.

Exit codes: 0 ok; 1 drift, stale output or a refused change; 2 bad input or an error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from generator.config import DEFAULT_CONCURRENCY, DEFAULT_PLATFORM_API, Config, load_config
from generator.errors import SchemagenError

if TYPE_CHECKING:
    from generator.data.audit import AuditReport
    from generator.fleet import DbResult
    from generator.fleet.source import FleetSource

app = typer.Typer(
    name="schemagen",
    help="One YAML spec of a Turso (libSQL) database -> DDL, docs, ER diagram, validators, planned push.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags read as flags, and --help draws nothing with rich
)

T = TypeVar("T")

SpecOpt = Annotated[
    Path | None,
    typer.Option("--spec", help="The spec file (default: from the config, else spec/schema.yaml)."),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one message to stderr and return the Exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def run(action: Callable[[], T]) -> T:
    """Run a library call, turning the project's exceptions into one message and an exit code."""
    try:
        return action()
    except SchemagenError as exc:
        raise fail(str(exc), exc.exit_code) from None
    except KeyboardInterrupt:
        raise fail("interrupted", 130) from None


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"schemagen {version('schemagen')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            typer.echo("schemagen (not installed)")
        raise typer.Exit(0)


@app.callback()
def options(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="The configuration file (default: the nearest schemagen.toml, or pyproject.toml with "
            "[tool.schemagen], from the working directory up).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """One YAML spec of a Turso (libSQL) database -> DDL, docs, ER diagram, validators, planned push."""
    del version
    ctx.obj = config


def settings(ctx: typer.Context) -> Config:
    """The project configuration this command runs with (flags override it)."""
    named = ctx.find_root().obj
    return run(lambda: load_config(named if isinstance(named, Path) else None))


def project_root(config: Config) -> Path:
    """Where `.env` and the embedded local.db live: the folder of the configuration file."""
    return Path(os.path.abspath(config.root))


@app.command()
def validate(ctx: typer.Context, spec: SpecOpt = None) -> None:
    """Check the spec: its JSON Schema, then references, defaults, names and documented queries."""
    from generator.spec import load_spec

    spec = spec or settings(ctx).spec
    warnings: list[str] = []
    schema = run(lambda: load_spec(spec, check_queries=True, warnings=warnings))
    for line in warnings:
        typer.echo(line, err=True)
    typer.echo(
        f"{spec}: ok ({len(schema.tables)} tables, {schema.column_count} columns, "
        f"{sum(len(t.all_indexes) for t in schema.tables)} indexes)"
    )


@app.command()
def generate(
    ctx: typer.Context,
    spec: SpecOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output directory (default: from the config, else generated)."),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option("--output", help="Write only this output (repeatable): ddl, pages, validators, ..."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 with a diff if stale.")
    ] = False,
) -> None:
    """Render the DDL, the docs, the ER diagram and the JSON validators into the output folder."""
    from generator.emit.render import project_options, render_all
    from generator.emit.write import diff_files, write_files
    from generator.spec import load_spec

    config = settings(ctx)
    spec, out = spec or config.spec, out or config.out
    try:
        options = project_options(config, spec, out, output or None)
    except SchemagenError as exc:
        where = "--output" if output else f"{config.file}: {_key(config, 'outputs')}"
        raise fail(f"{where}: {exc}") from None
    command = options.regenerate
    schema = run(lambda: load_spec(spec, check_queries=True))
    files = run(lambda: render_all(schema, options.outputs, options))
    if check:
        diff = diff_files(out, files, options)
        if diff:
            sys.stdout.write(diff)
            raise fail(f"{out}/ is stale: run `{command}` and commit the result", 1)
        typer.echo(f"{out}/ is up to date ({len(files)} files)")
        return
    changed = run(lambda: write_files(out, files, options))
    typer.echo(f"{out}/: {len(changed)} of {len(files)} files changed" if changed else f"{out}/: up to date")


def _key(config: Config, key: str) -> str:
    """A key as the configuration file spells it."""
    return key if config.file is None or config.file.name != "pyproject.toml" else f"tool.schemagen.{key}"


@app.command()
def review(
    ctx: typer.Context,
    base: Annotated[str, typer.Argument(help="Base: a spec file path (wins) or a git revision.")],
    head: Annotated[
        str | None,
        typer.Argument(help="Head: a spec file path or a git revision (default: the working tree)."),
    ] = None,
    spec_path: Annotated[
        str | None,
        typer.Option(
            "--spec",
            "--spec-path",
            help="The spec's path (for revisions; default: from the config, else spec/schema.yaml).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="markdown or json.")] = "markdown",
) -> None:
    """Report a spec change: each change classed by push's planner, the SQL, compatibility, ER diagram."""
    from generator.migrate.review import review_json, review_markdown, review_refs

    if fmt not in ("markdown", "json"):
        raise fail(f"unknown --format '{fmt}' (use markdown or json)")
    spec_path = spec_path or settings(ctx).spec.as_posix()
    result = run(lambda: review_refs(base, head, spec_path))
    sys.stdout.write(review_json(result) if fmt == "json" else review_markdown(result))
    raise typer.Exit(result.exit_code)


UrlOpt = Annotated[
    str | None, typer.Option("--url", help="Database URL (else TURSO_DATABASE_URL, .env, local.db).")
]
TokenOpt = Annotated[str | None, typer.Option("--token", help="Auth token (else TURSO_AUTH_TOKEN or .env).")]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help="Seconds allowed for each read request, answer included (else SCHEMAGEN_TIMEOUT; default 10).",
    ),
]
TargetsOpt = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        help="A fleet: a file of database URLs, one per line, each optionally followed by the name of an "
        "environment variable holding its token (else --token / TURSO_AUTH_TOKEN serves all).",
    ),
]
PlatformOrgOpt = Annotated[
    str | None,
    typer.Option(
        "--platform-org", help="A fleet: this Turso organization's databases (token: TURSO_PLATFORM_TOKEN)."
    ),
]
GroupOpt = Annotated[str | None, typer.Option("--group", help="With --platform-org: only this group.")]
PlatformApiOpt = Annotated[str, typer.Option("--platform-api", help="The Turso Platform API base URL.")]
ConcurrencyOpt = Annotated[
    int, typer.Option("--concurrency", min=1, max=256, help="Fleet: databases worked on at once.")
]
FleetFormatOpt = Annotated[str, typer.Option("--format", help="Fleet output: text or json.")]


@app.command("import")
def import_(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(help="The table to fill.")],
    files: Annotated[
        list[Path],
        typer.Argument(help="JSON or JSON Lines files, or directories of them (read in name order)."),
    ],
    key: Annotated[str | None, typer.Option("--key", help="The member of FILE holding the records.")] = None,
    url: UrlOpt = None,
    token: TokenOpt = None,
    on_conflict: Annotated[str, typer.Option("--on-conflict", help="skip, replace or fail.")] = "skip",
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Import the valid rows only.")] = False,
    spec: SpecOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    """Validate every record of FILES, then write them (exit 1 if refused)."""
    from generator.data.importer import import_records
    from generator.data.validate import validator_for
    from generator.db import open_resolved, resolve_target
    from generator.spec import load_spec

    config = settings(ctx)
    spec_file = spec or config.spec

    def work() -> int:
        schema = load_spec(spec_file)
        validator_for(table, schema)  # an unknown table is an error before any connection
        target = resolve_target(url, token, project_root(config), timeout=timeout)
        with open_resolved(target) as db:
            options: dict[str, Any] = {"key": key, "on_conflict": on_conflict, "skip_invalid": skip_invalid}
            if sys.stderr.isatty():
                from rich.progress import Progress

                with Progress(transient=True) as bar:
                    task = bar.add_task(f"{table}: reading", total=None)

                    def show(step: Any) -> None:
                        bar.update(
                            task, description=f"{table}: {step.phase}", completed=step.done, total=step.total
                        )

                    report = import_records(db, schema, table, files, **options, progress=show)
            else:
                report = import_records(db, schema, table, files, **options)
        for line in report.details():
            typer.echo(line, err=True)
        for line in report.file_lines():
            typer.echo(line)
        typer.echo(report.summary())
        return 1 if report.refused else 0

    raise typer.Exit(run(work))


@app.command()
def export(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(help="The table to export.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="The file (or with --split-by, the directory); else stdout.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="json (an array) or jsonl (one record per line).")
    ] = "json",
    names: Annotated[
        str, typer.Option("--names", help="Keys as sql column names or the app's property names.")
    ] = "sql",
    split_by: Annotated[
        str | None, typer.Option("--split-by", help="One file per value of this column.")
    ] = None,
    where: Annotated[str | None, typer.Option("--where", help="An SQL expression choosing the rows.")] = None,
    url: UrlOpt = None,
    token: TokenOpt = None,
    spec: SpecOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    """Write a table's rows as JSON that `import` reads back (primary-key order, atomic files)."""
    from generator.data.export import export_table
    from generator.db import open_resolved, resolve_target
    from generator.spec import load_spec

    config = settings(ctx)
    spec_file = spec or config.spec

    def work() -> int:
        schema = load_spec(spec_file)
        target = resolve_target(url, token, project_root(config), timeout=timeout)
        options: dict[str, Any] = {
            "out": out,
            "fmt": fmt,
            "names": names,
            "split_by": split_by,
            "where": where,
        }
        with open_resolved(target) as db:
            if sys.stderr.isatty():
                from rich.progress import Progress

                with Progress(transient=True) as bar:
                    task = bar.add_task(f"{table}: exporting", total=None)
                    report = export_table(
                        db, schema, table, **options, progress=lambda done: bar.update(task, completed=done)
                    )
            else:
                report = export_table(db, schema, table, **options)
        for line in report.details():
            typer.echo(line, err=True)
        typer.echo(report.summary(split_by), err=out is None)
        return 0

    raise typer.Exit(run(work))


@app.command()
def audit(
    ctx: typer.Context,
    url: UrlOpt = None,
    token: TokenOpt = None,
    table: Annotated[
        list[str] | None, typer.Option("--table", help="Audit only this table (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    spec: SpecOpt = None,
    timeout: TimeoutOpt = None,
    targets: TargetsOpt = None,
    platform_org: PlatformOrgOpt = None,
    group: GroupOpt = None,
    platform_api: PlatformApiOpt = DEFAULT_PLATFORM_API,
    concurrency: ConcurrencyOpt = DEFAULT_CONCURRENCY,
) -> None:
    """Check every stored row against the spec; exit 1 when an error is found, 0 when clean."""
    from generator.data.audit import audit_database
    from generator.db import open_resolved, resolve_target
    from generator.errors import DataError
    from generator.spec import load_spec

    if fmt not in ("text", "json"):
        raise fail(f"unknown --format '{fmt}' (use text or json)")
    config = settings(ctx)
    spec_file = spec or config.spec
    fleet = Fleet(targets, platform_org, group, platform_api, concurrency, fmt)

    def work() -> int:
        schema = load_spec(spec_file)
        chosen = table or []
        unknown = [t for t in chosen if not schema.has_table(t)]
        if unknown:
            names = ", ".join(t.name for t in schema.tables)
            raise DataError(f"{spec_file}: no table {', '.join(unknown)} (tables: {names})")
        if fleet.source.given:
            return _run_fleet(fleet, "audit", spec_file, url, token, timeout, tables=tuple(chosen))
        fleet.source.check(url)
        target = resolve_target(url, token, project_root(config), timeout=timeout)
        with open_resolved(target) as db:
            report = audit_database(db, schema, tables=chosen or None)
        if fmt == "json":
            sys.stdout.write(report.to_json())
        else:
            from rich.console import Console

            Console(width=None if sys.stdout.isatty() else 160).print(_audit_text(report))
        return 0 if report.clean else 1

    raise typer.Exit(run(work))


def _audit_text(report: AuditReport) -> Any:
    """A rich renderable: one table of findings per audited table with any, one line per clean table."""
    from rich.console import Group
    from rich.table import Table as RichTable
    from rich.text import Text

    parts: list[Any] = []
    for audit in report.tables:
        if not audit.findings:
            parts.append(Text(f"{audit.table}: {audit.rows} rows, clean"))
            continue
        grid = RichTable(title=f"{audit.table}: {audit.rows} rows", title_justify="left", expand=False)
        for heading in ("column", "check", "severity", "rows", "example keys", "first message"):
            grid.add_column(heading, overflow="fold")
        for f in audit.findings:
            grid.add_row(
                f.column or "(table)", f.check, f.severity, str(f.count), ", ".join(f.examples), f.message
            )
        parts.append(grid)
    errors, warnings = report.count("error"), report.count("warning")
    parts.append(Text(f"{report.url}: {errors} error finding(s), {warnings} warning finding(s)"))
    return Group(*parts)


@app.command()
def inspect(
    url: UrlOpt = None,
    token: TokenOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the spec here (atomically); default: stdout.")
    ] = None,
    profile: Annotated[
        bool, typer.Option("--profile/--no-profile", help="Read rows to propose JSON shapes, enums, ...")
    ] = True,
    rows: Annotated[int, typer.Option("--rows", help="Rows read per table when profiling.")] = 10_000,
    timeout: TimeoutOpt = None,
) -> None:
    """Read a live database into a spec that describes it exactly (read-only), with proposals from data."""
    from generator.inspect import Inspection, inspect_target, write_spec

    def work() -> Inspection:
        if not sys.stderr.isatty():
            return inspect_target(url, token, profile=profile, rows=rows, timeout=timeout)
        from rich.console import Console
        from rich.progress import Progress

        # On stderr: stdout may be the spec itself (`schemagen inspect > spec.yaml`).
        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("profiling", total=None)

            def show(table: str, done: int, total: int) -> None:
                bar.update(task, description=f"profiling {table}", completed=done, total=total)

            return inspect_target(url, token, profile=profile, rows=rows, progress=show, timeout=timeout)

    found = run(work)
    text = found.to_yaml()
    if out is None:
        sys.stdout.write(text)
        typer.echo(found.summary, err=True)
    else:
        run(lambda: write_spec(out, text))
        typer.echo(f"{out}: {found.summary}")
    if found.problems:
        # Written all the same (it is what the database holds), but it needs a hand before it loads.
        typer.echo(
            "warning: the spec does not load as it is (the database holds what a spec refuses):", err=True
        )
        for line in found.problems:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(1)


@app.command()
def init(
    url: UrlOpt = None,
    token: TokenOpt = None,
    spec: Annotated[Path, typer.Option("--spec", help="Where to write the spec.")] = Path("spec/schema.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing spec.")] = False,
    profile: Annotated[
        bool, typer.Option("--profile/--no-profile", help="Read rows to propose JSON shapes, enums, ...")
    ] = True,
    timeout: TimeoutOpt = None,
) -> None:
    """Start a project here: its spec (read from --url / TURSO_DATABASE_URL, else a starter) and config."""
    from generator.project import init_project

    started = run(
        lambda: init_project(
            Path.cwd(), url=url, token=token, spec=spec, force=force, profile=profile, timeout=timeout
        )
    )
    what = f"read from {started.source}: {started.summary}" if started.source else started.summary
    typer.echo(f"{started.spec}: {what}")
    if started.config is not None:
        typer.echo(f"{started.config}: spec = {started.spec.as_posix()}, out = generated")
    else:
        typer.echo(f"{started.kept_config}: kept as it is (set `spec` there if the spec moved)")
    typer.echo("next: `schemagen generate` writes the DDL, the pages and the code; `schemagen plan` compares")


AllowDestructiveOpt = Annotated[
    bool, typer.Option("--allow-destructive", help="Allow drops (tables, columns, indexes, views, triggers).")
]


def _push(
    config: Config,
    spec: Path,
    url: str | None,
    token: str | None,
    *,
    write: bool,
    check: bool = False,
    allow_destructive: bool = False,
    ask: bool = False,
    timeout: float | None = None,
) -> int:
    """Run a plan or a push, showing its progress and result; returns the exit code."""
    from generator.migrate.push import push_spec
    from generator.migrate.report import event_lines, result_lines
    from generator.spec import load_spec

    def show(event: object) -> None:
        for line in event_lines(event):  # type: ignore[arg-type]
            typer.echo(line)

    def confirm(_plan: object) -> bool:
        return typer.confirm("apply these changes?", default=False)

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
            confirm=confirm if ask else None,
            on_event=show,
            cwd=project_root(config),
            timeout=timeout,
        )
    )
    for line in result_lines(report):
        typer.echo(line)
    if report.reason:
        typer.echo(report.reason, err=True)
    return report.exit_code


@app.command()
def plan(
    ctx: typer.Context,
    spec: SpecOpt = None,
    url: UrlOpt = None,
    token: TokenOpt = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when the database differs from the spec.")
    ] = (False),
    allow_destructive: AllowDestructiveOpt = False,
    timeout: TimeoutOpt = None,
    targets: TargetsOpt = None,
    platform_org: PlatformOrgOpt = None,
    group: GroupOpt = None,
    platform_api: PlatformApiOpt = DEFAULT_PLATFORM_API,
    concurrency: ConcurrencyOpt = DEFAULT_CONCURRENCY,
    fmt: FleetFormatOpt = "text",
) -> None:
    """Show what push would change (each step's risk and SQL) without writing anything."""
    config = settings(ctx)
    spec_file = spec or config.spec
    fleet = Fleet(targets, platform_org, group, platform_api, concurrency, fmt)
    if fleet.source.given:
        code = run(
            lambda: _run_fleet(
                fleet, "plan", spec_file, url, token, timeout, check=check, allow=allow_destructive
            )
        )
        raise typer.Exit(code)
    fleet.single()
    code = _push(
        config,
        spec_file,
        url,
        token,
        write=False,
        check=check,
        allow_destructive=allow_destructive,
        timeout=timeout,
    )
    raise typer.Exit(code)


@app.command()
def push(
    ctx: typer.Context,
    spec: SpecOpt = None,
    url: UrlOpt = None,
    token: TokenOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show the plan (same as `plan`).")] = False,
    allow_destructive: AllowDestructiveOpt = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before rebuilds or drops.")] = False,
    timeout: TimeoutOpt = None,
    targets: TargetsOpt = None,
    platform_org: PlatformOrgOpt = None,
    group: GroupOpt = None,
    platform_api: PlatformApiOpt = DEFAULT_PLATFORM_API,
    concurrency: ConcurrencyOpt = DEFAULT_CONCURRENCY,
    canary: Annotated[
        int, typer.Option("--canary", min=0, help="Fleet: push K databases first; stop if any fails.")
    ] = 0,
    max_failures: Annotated[
        int | None,
        typer.Option("--max-failures", min=1, help="Fleet: start no new database after M failed or refused."),
    ] = None,
    fmt: FleetFormatOpt = "text",
) -> None:
    """Apply the spec to the database: planned, atomic (one transaction), idempotent.

    A missing database file is created (and said so); the apply request may take SCHEMAGEN_APPLY_TIMEOUT
    seconds (default 300).
    """
    ask = not yes and sys.stdin.isatty()
    config = settings(ctx)
    spec_file = spec or config.spec
    fleet = Fleet(targets, platform_org, group, platform_api, concurrency, fmt, canary, max_failures)
    if fleet.source.given:
        action = "plan" if dry_run else "push"
        code = run(
            lambda: _run_fleet(
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
        raise typer.Exit(code)
    fleet.single()
    code = _push(
        config,
        spec_file,
        url,
        token,
        write=not dry_run,
        allow_destructive=allow_destructive,
        ask=ask,
        timeout=timeout,
    )
    raise typer.Exit(code)


# --- fleets: one spec, many databases ---------------------------------------------------------------------


@dataclass(frozen=True)
class Fleet:
    """The fleet options of plan, push and audit."""

    targets: Path | None
    platform_org: str | None
    group: str | None
    platform_api: str
    concurrency: int
    fmt: str
    canary: int = 0
    max_failures: int | None = None

    @property
    def source(self) -> FleetSource:
        """Where the databases come from."""
        from generator.fleet.source import FleetSource

        return FleetSource(self.targets, self.platform_org, self.group, self.platform_api)

    def single(self) -> None:
        """Refuse the fleet-only options without a fleet."""
        run(self.source.check)
        if self.fmt != "text" or self.canary or self.max_failures is not None:
            raise fail(
                "--format, --canary and --max-failures (of plan and push) need --targets or --platform-org"
            )


def _run_fleet(
    fleet: Fleet,
    action: str,
    spec: Path,
    url: str | None,
    token: str | None,
    timeout: float | None,
    *,
    check: bool = False,
    allow: bool = False,
    tables: tuple[str, ...] = (),
    ask: bool = False,
) -> int:
    """Plan, push or audit every database of the fleet; prints lines, a progress bar and the summary."""
    from generator.fleet import Rollout, Secrets, report_json, run_fleet, summary_lines
    from generator.spec import load_spec

    fleet.source.check(url)
    if fleet.fmt not in ("text", "json"):
        raise fail(f"unknown --format '{fleet.fmt}' (use text or json)")
    schema = load_spec(spec)
    secrets = Secrets()
    listed = fleet.source.load(secrets)
    text = fleet.fmt == "text"
    if text:
        from generator.migrate.report import plural

        typer.echo(
            f"fleet: {plural(len(listed), 'database')} from {fleet.source.label}; spec {spec} "
            f"({plural(len(schema.tables), 'table')}); concurrency {fleet.concurrency}"
        )
    if ask:
        try:
            confirmed = typer.confirm(f"push the spec to {len(listed):,} databases?", default=False)
        except typer.Abort:  # end of input
            confirmed = False
        if not confirmed:
            raise fail("not confirmed: nothing was changed", 1)
    with _FleetDisplay(len(listed), show_lines=text) as display:
        report = run_fleet(
            schema,
            listed,
            action,
            token=token or secrets.get("TURSO_AUTH_TOKEN"),
            check=check,
            allow_destructive=allow,
            tables=tables,
            timeout=timeout,
            rollout=Rollout(fleet.concurrency, fleet.canary, fleet.max_failures),
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
        from generator.fleet.summary import result_line

        if self.show_lines and result.outcome.notable:
            line = result_line(result)
            if self.bar is not None and sys.stdout.isatty():
                self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                typer.echo(line)
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def main() -> None:
    """Console-script entry point."""
    app()
