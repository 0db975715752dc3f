"""The `schemagen` command: argument parsing and exit codes only; the work is in the library.

Exit codes: 0 ok; 1 drift, stale output or a refused change; 2 bad input or an error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from generator.errors import SchemagenError

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
def validate(spec: SpecOpt = Path("spec/schema.yaml")) -> None:
    """Check the spec: its JSON Schema, then references, defaults, names and documented queries."""
    from generator.spec import load_spec

    schema = run(lambda: load_spec(spec))
    typer.echo(
        f"{spec}: ok ({len(schema.tables)} tables, {schema.column_count} columns, "
        f"{sum(len(t.all_indexes) for t in schema.tables)} indexes)"
    )


@app.command()
def generate(
    spec: SpecOpt = Path("spec/schema.yaml"),
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("generated"),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 with a diff if stale.")
    ] = False,
) -> None:
    """Render the DDL, the docs, the ER diagram and the JSON validators into generated/."""
    from generator.render import diff_files, render_all, write_files
    from generator.spec import load_spec

    schema = run(lambda: load_spec(spec))
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
    ] = "spec/schema.yaml",
    fmt: Annotated[str, typer.Option("--format", help="markdown or json.")] = "markdown",
) -> None:
    """Report a spec change: each change classed by push's planner, the SQL, compatibility, ER diagram."""
    from generator.review import review_json, review_markdown, review_refs

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
    spec: SpecOpt = Path("spec/schema.yaml"),
) -> None:
    """Validate every record of FILE, then insert them in batched transactions (exit 1 if refused)."""
    from generator.importer import run_import

    code = run(lambda: run_import(spec, table, file, key, url, token, on_conflict, skip_invalid))
    raise typer.Exit(code)


@app.command()
def audit(
    url: UrlOpt = None,
    token: TokenOpt = None,
    table: Annotated[
        list[str] | None, typer.Option("--table", help="Audit only this table (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    spec: SpecOpt = Path("spec/schema.yaml"),
) -> None:
    """Check every stored row against the spec; exit 1 when an error is found, 0 when clean."""
    from generator.audit import run_audit

    if fmt not in ("text", "json"):
        raise fail(f"unknown --format '{fmt}' (use text or json)")
    raise typer.Exit(run(lambda: run_audit(spec, url, token, table or [], fmt)))


AllowDestructiveOpt = Annotated[
    bool, typer.Option("--allow-destructive", help="Allow drops (tables, columns, indexes, views, triggers).")
]


@app.command()
def plan(
    spec: SpecOpt = Path("spec/schema.yaml"),
    url: UrlOpt = None,
    token: TokenOpt = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when the database differs from the spec.")
    ] = (False),
    allow_destructive: AllowDestructiveOpt = False,
) -> None:
    """Show what push would change (each step's risk and SQL) without writing anything."""
    from generator.push import run as run_push

    code = run(
        lambda: run_push(
            spec, url, token, write=False, check=check, allow_destructive=allow_destructive, echo=typer.echo
        )
    )
    raise typer.Exit(code)


@app.command()
def push(
    spec: SpecOpt = Path("spec/schema.yaml"),
    url: UrlOpt = None,
    token: TokenOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show the plan (same as `plan`).")] = False,
    allow_destructive: AllowDestructiveOpt = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before rebuilds or drops.")] = False,
) -> None:
    """Apply the spec to the database: planned, atomic (one transaction), idempotent."""
    from generator.push import run as run_push

    def confirm(found: object) -> bool:
        return typer.confirm("apply these changes?", default=False)

    ask = None if yes or not sys.stdin.isatty() else confirm
    code = run(
        lambda: run_push(
            spec,
            url,
            token,
            write=not dry_run,
            allow_destructive=allow_destructive,
            confirm=ask,
            echo=typer.echo,
        )
    )
    raise typer.Exit(code)


def main() -> None:
    """Console-script entry point."""
    app()
