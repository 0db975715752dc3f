"""The `schemagen` command: argument parsing and exit codes only; the work is in the library.

Exit codes: 0 ok; 1 drift, stale output or a refused change; 2 bad input or an error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from generator.config import DEFAULT_OUT, DEFAULT_SPEC
from generator.errors import SchemagenError

if TYPE_CHECKING:
    from generator.data.audit import AuditReport

app = typer.Typer(
    name="schemagen",
    help="One YAML spec of a Turso (libSQL) database -> DDL, docs, ER diagram, validators, planned push.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

T = TypeVar("T")

SpecOpt = Annotated[Path, typer.Option("--spec", help="The spec file.", show_default=True)]


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


@app.command()
def validate(spec: SpecOpt = DEFAULT_SPEC) -> None:
    """Check the spec: its JSON Schema, then references, defaults, names and documented queries."""
    from generator.spec import load_spec

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
    spec: SpecOpt = DEFAULT_SPEC,
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = DEFAULT_OUT,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 with a diff if stale.")
    ] = False,
) -> None:
    """Render the DDL, the docs, the ER diagram and the JSON validators into generated/."""
    from generator.emit.render import render_all
    from generator.emit.write import diff_files, write_files
    from generator.spec import load_spec

    schema = run(lambda: load_spec(spec, check_queries=True))
    files = run(lambda: render_all(schema))
    if check:
        diff = diff_files(out, files)
        if diff:
            sys.stdout.write(diff)
            raise fail(
                f"{out}/ is stale: run `make generate` (or `schemagen generate`) and commit the result", 1
            )
        typer.echo(f"{out}/ is up to date ({len(files)} files)")
        return
    changed = run(lambda: write_files(out, files))
    typer.echo(f"{out}/: {len(changed)} of {len(files)} files changed" if changed else f"{out}/: up to date")


@app.command()
def review(
    base: Annotated[str, typer.Argument(help="Base: a spec file path (wins) or a git revision.")],
    head: Annotated[
        str | None,
        typer.Argument(help="Head: a spec file path or a git revision (default: the working tree)."),
    ] = None,
    spec_path: Annotated[
        str, typer.Option("--spec-path", help="The spec's path in the repository (for revisions).")
    ] = str(DEFAULT_SPEC),
    fmt: Annotated[str, typer.Option("--format", help="markdown or json.")] = "markdown",
) -> None:
    """Report a spec change: each change classed by push's planner, the SQL, compatibility, ER diagram."""
    from generator.migrate.review import review_json, review_markdown, review_refs

    if fmt not in ("markdown", "json"):
        raise fail(f"unknown --format '{fmt}' (use markdown or json)")
    result = run(lambda: review_refs(base, head, spec_path))
    sys.stdout.write(review_json(result) if fmt == "json" else review_markdown(result))
    raise typer.Exit(result.exit_code)


UrlOpt = Annotated[
    str | None, typer.Option("--url", help="Database URL (else TURSO_DATABASE_URL, .env, local.db).")
]
TokenOpt = Annotated[str | None, typer.Option("--token", help="Auth token (else TURSO_AUTH_TOKEN or .env).")]


@app.command("import")
def import_(
    table: Annotated[str, typer.Argument(help="The table to fill.")],
    file: Annotated[Path, typer.Argument(help="A JSON array of records, or an object holding one (--key).")],
    key: Annotated[str | None, typer.Option("--key", help="The member of FILE holding the records.")] = None,
    url: UrlOpt = None,
    token: TokenOpt = None,
    on_conflict: Annotated[str, typer.Option("--on-conflict", help="skip, replace or fail.")] = "skip",
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Import the valid rows only.")] = False,
    spec: SpecOpt = DEFAULT_SPEC,
) -> None:
    """Validate every record of FILE, then insert them in batched transactions (exit 1 if refused)."""
    from generator.data.importer import import_records
    from generator.data.validate import validator_for
    from generator.db import connect, resolve_target
    from generator.spec import load_spec

    def work() -> int:
        schema = load_spec(spec)
        validator_for(table, schema)  # an unknown table is an error before any connection
        target = resolve_target(url, token)
        with connect(target.url, target.token) as db:
            options = {"key": key, "on_conflict": on_conflict, "skip_invalid": skip_invalid}
            if sys.stderr.isatty():
                from rich.progress import Progress

                with Progress(transient=True) as bar:
                    task = bar.add_task(f"{table}: writing", total=None)
                    report = import_records(
                        db, schema, table, file, **options,  # type: ignore[arg-type]
                        progress=lambda done, total: bar.update(task, completed=done, total=total),
                    )  # fmt: skip
            else:
                report = import_records(db, schema, table, file, **options)  # type: ignore[arg-type]
        for line in report.details():
            typer.echo(line, err=True)
        typer.echo(report.summary())
        return 1 if report.refused else 0

    raise typer.Exit(run(work))


@app.command()
def audit(
    url: UrlOpt = None,
    token: TokenOpt = None,
    table: Annotated[
        list[str] | None, typer.Option("--table", help="Audit only this table (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    spec: SpecOpt = DEFAULT_SPEC,
) -> None:
    """Check every stored row against the spec; exit 1 when an error is found, 0 when clean."""
    from generator.data.audit import audit_database
    from generator.db import connect, resolve_target
    from generator.errors import DataError
    from generator.spec import load_spec

    if fmt not in ("text", "json"):
        raise fail(f"unknown --format '{fmt}' (use text or json)")

    def work() -> int:
        schema = load_spec(spec)
        chosen = table or []
        unknown = [t for t in chosen if not schema.has_table(t)]
        if unknown:
            names = ", ".join(t.name for t in schema.tables)
            raise DataError(f"{spec}: no table {', '.join(unknown)} (tables: {names})")
        target = resolve_target(url, token)
        with connect(target.url, target.token) as db:
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


AllowDestructiveOpt = Annotated[
    bool, typer.Option("--allow-destructive", help="Allow drops (tables, columns, indexes, views, triggers).")
]


def _push(
    spec: Path,
    url: str | None,
    token: str | None,
    *,
    write: bool,
    check: bool = False,
    allow_destructive: bool = False,
    ask: bool = False,
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
        )
    )
    for line in result_lines(report):
        typer.echo(line)
    if report.reason:
        typer.echo(report.reason, err=True)
    return report.exit_code


@app.command()
def plan(
    spec: SpecOpt = DEFAULT_SPEC,
    url: UrlOpt = None,
    token: TokenOpt = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when the database differs from the spec.")
    ] = (False),
    allow_destructive: AllowDestructiveOpt = False,
) -> None:
    """Show what push would change (each step's risk and SQL) without writing anything."""
    raise typer.Exit(_push(spec, url, token, write=False, check=check, allow_destructive=allow_destructive))


@app.command()
def push(
    spec: SpecOpt = DEFAULT_SPEC,
    url: UrlOpt = None,
    token: TokenOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show the plan (same as `plan`).")] = False,
    allow_destructive: AllowDestructiveOpt = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before rebuilds or drops.")] = False,
) -> None:
    """Apply the spec to the database: planned, atomic (one transaction), idempotent."""
    ask = not yes and sys.stdin.isatty()
    raise typer.Exit(_push(spec, url, token, write=not dry_run, allow_destructive=allow_destructive, ask=ask))


def main() -> None:
    """Console-script entry point."""
    app()
