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
    help="One YAML spec of a Turso (libSQL) database -> DDL, docs, ER diagram, validators, and a planned push.",
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
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 with a diff if stale.")] = False,
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
            raise fail(f"{out}/ is stale: run `make generate` (or `schemagen generate`) and commit the result", 1)
        typer.echo(f"{out}/ is up to date ({len(files)} files)")
        return
    changed = run(lambda: write_files(out, files))
    typer.echo(f"{out}/: {len(changed)} of {len(files)} files changed" if changed else f"{out}/: up to date")


def main() -> None:
    """Console-script entry point."""
    app()
