"""import, export and audit: rows in and out of a live database, checked against the spec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli.shell import Context, database, echo, project_root, run
from generator.cli.terminal import SEVERITY_STYLES, console, progress, styled

if TYPE_CHECKING:
    from generator.data.audit import AuditReport


def import_(
    ctx: Context,
    *,
    table: str,
    files: list[Path],
    key: str | None,
    url: str | None,
    token: str | None,
    on_conflict: str,
    skip_invalid: bool,
    spec: Path | None,
    timeout: float | None,
    lock_timeout: float | None,
) -> int:
    """Validate every record of FILES, then write them (exit 1 if refused)."""
    from generator.data.importer import import_records
    from generator.data.validate import validator_for
    from generator.db import open_resolved, resolve_target
    from generator.spec import load_spec

    config = ctx.settings()
    spec_file = spec or config.spec

    def work() -> int:
        schema = load_spec(spec_file)
        validator_for(table, schema)  # an unknown table is an error before any connection
        target = resolve_target(*database(config, url, token), project_root(config), timeout=timeout)
        with open_resolved(target) as db, progress(f"{table}: reading", thread=False) as bar:
            options: dict[str, Any] = {
                "key": key,
                "on_conflict": on_conflict,
                "skip_invalid": skip_invalid,
                "lock_timeout": lock_timeout,
            }
            if bar is not None:

                def show(step: Any) -> None:
                    bar(step.done, step.total, f"{table}: {step.phase}")

                options["progress"] = show
            report = import_records(db, schema, table, files, **options)
        for line in report.details():
            echo(line, err=True)
        for line in report.file_lines():
            echo(line)
        echo(report.summary())
        return 1 if report.refused else 0

    return run(work)


def export(
    ctx: Context,
    *,
    table: str,
    out: Path | None,
    fmt: str,
    names: str,
    split_by: str | None,
    where: str | None,
    url: str | None,
    token: str | None,
    spec: Path | None,
    timeout: float | None,
) -> int:
    """Write a table's rows as JSON that `import` reads back (primary-key order, atomic files)."""
    from generator.data.export import export_table
    from generator.db import open_resolved, resolve_target
    from generator.spec import load_spec

    config = ctx.settings()
    spec_file = spec or config.spec

    def work() -> int:
        schema = load_spec(spec_file)
        target = resolve_target(*database(config, url, token), project_root(config), timeout=timeout)
        options: dict[str, Any] = {
            "out": out,
            "fmt": fmt,
            "names": names,
            "split_by": split_by,
            "where": where,
        }
        with open_resolved(target) as db, progress(f"{table}: exporting") as bar:
            if bar is not None:
                options["progress"] = bar
            report = export_table(db, schema, table, **options)
        for line in report.details():
            echo(line, err=True)
        echo(report.summary(split_by), err=out is None)
        return 0

    return run(work)


def audit(
    ctx: Context,
    *,
    url: str | None,
    token: str | None,
    table: list[str] | None,
    fmt: str,
    spec: Path | None,
    timeout: float | None,
    targets: Path | None,
    platform_org: str | None,
    group: str | None,
    platform_api: str | None,
    concurrency: int | None,
) -> int:
    """Check every stored row against the spec; exit 1 when an error is found, 0 when clean."""
    from generator.cli.fleet import Fleet, run_fleet_command
    from generator.data.audit import audit_database
    from generator.db import open_resolved, resolve_target
    from generator.errors import DataError
    from generator.spec import load_spec

    config = ctx.settings()
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
            from generator.migrate.push import PushOptions

            options = PushOptions(timeout=timeout)
            return run_fleet_command(fleet, "audit", spec_file, url, token, options, tables=tuple(chosen))
        fleet.source.check(url)
        target = resolve_target(*database(config, url, token), project_root(config), timeout=timeout)
        with open_resolved(target) as db:
            report = audit_database(db, schema, tables=chosen or None)
        if fmt == "json":
            sys.stdout.write(report.to_json())
        elif styled():
            console().print(_audit_table(report))
        else:
            sys.stdout.write("".join(line + "\n" for line in _audit_lines(report)))
        return 0 if report.clean else 1

    return run(work)


def _audit_lines(report: AuditReport) -> list[str]:
    """Plain audit text for pipes and logs: one line a table, one indented line a finding."""
    from generator.words import plural

    out = []
    for audit in report.tables:
        if not audit.findings:
            out.append(f"{audit.table}: {plural(audit.rows, 'row')}, clean")
            continue
        out.append(f"{audit.table}: {plural(audit.rows, 'row')}")
        for f in audit.findings:
            keys = f" (e.g. {', '.join(f.examples)})" if f.examples else ""
            where = f.column or "(table)"
            out.append(f"  {f.severity}: {where}: {f.check}: {plural(f.count, 'row')}: {f.message}{keys}")
    out.append(_audit_summary(report))
    return out


def _audit_summary(report: AuditReport) -> str:
    from generator.words import plural

    errors, warnings = report.errors, report.warnings
    return f"{report.url}: {plural(errors, 'error finding')}, {plural(warnings, 'warning finding')}"


def _audit_table(report: AuditReport) -> Any:
    """A rich renderable for a terminal: one table of findings per audited table with any, one line per
    clean table; severities coloured."""
    from rich.console import Group
    from rich.table import Table as RichTable
    from rich.text import Text

    from generator.words import plural

    parts: list[Any] = []
    for audit in report.tables:
        if not audit.findings:
            parts.append(Text(f"{audit.table}: {plural(audit.rows, 'row')}, clean"))
            continue
        # Every piece of data is a Text: database text such as `[/b]` or `[bold red]` is never markup.
        grid = RichTable(
            title=Text(f"{audit.table}: {plural(audit.rows, 'row')}"), title_justify="left", expand=False
        )
        for heading in ("column", "check", "severity", "rows", "example keys", "first message"):
            grid.add_column(heading, overflow="fold")
        for f in audit.findings:
            grid.add_row(
                Text(f.column or "(table)"),
                Text(f.check),
                Text(f.severity, style=SEVERITY_STYLES.get(f.severity, "")),
                Text(str(f.count)),
                Text(", ".join(f.examples)),
                Text(f.message),
            )
        parts.append(grid)
    parts.append(Text(_audit_summary(report)))
    return Group(*parts)
