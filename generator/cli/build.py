"""validate, generate and review: the commands that read specs and write files, never a database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator import messages
from generator.cli.shell import Context, echo, fail, run
from generator.errors import SchemagenError

if TYPE_CHECKING:
    from generator.config import Config
    from generator.model import Schema


def validate(ctx: Context, *, spec: Path | None, engine: str | None = None, fmt: str = "text") -> int:
    """Check the spec: its JSON Schema, then references, defaults, names, documented queries, engines."""
    from generator.spec import load_spec
    from generator.words import plural

    path = spec or ctx.settings().spec
    if fmt == "json":
        return _validate_json(path, (engine,) if engine else None)
    warnings: list[str] = []
    engines = (engine,) if engine else ()
    schema = run(
        lambda: load_spec(path, check_queries=True, warnings=warnings, check_engines=True, engines=engines)
    )
    for line in warnings:
        echo(line, err=True)
    code = _lint_findings(ctx, path, schema)
    indexes = sum(len(t.all_indexes) for t in schema.tables)
    counts = [
        plural(len(schema.tables), "table"),
        plural(schema.column_count, "column"),
        plural(indexes, "index"),
    ]
    echo(f"{path}: ok ({', '.join(counts)})")
    return code


def _lint_findings(ctx: Context, path: Path, schema: Schema) -> int:
    """The lint warnings and errors of the spec on stderr (notices only in `lint`); 1 when one is an error."""
    from generator.emit.lint import finding_line
    from generator.lint import Severity, lint_schema, severities
    from generator.spec.load import parse_yaml, read_text

    config = ctx.settings()
    levels = run(lambda: severities(dict(config.lint), str(config.file or "configuration")))
    marked, data = parse_yaml(read_text(path, str(path)), str(path))
    report = run(lambda: lint_schema(schema, data, marked, levels=levels))
    for placed in report.findings:
        if placed.finding.severity.rank >= Severity.WARNING.rank:
            echo(finding_line(report, placed, as_validate=True), err=True)
    return report.exit_code


def _validate_json(path: Path, engines: tuple[str, ...] | None) -> int:
    """validate --format json: every problem as an object (generator/cli/formats/validate.schema.json)."""
    from generator.cli.output import dumps, validate_json
    from generator.errors import SpecError
    from generator.spec import check_spec

    try:
        report = check_spec(path, check_queries=True, engines=engines)
    except SpecError as err:  # the file does not read or parse: one line, no place to point at
        data = validate_json(str(path), None, [], list(err.problems), [])
    else:
        data = validate_json(str(path), report.schema, report.problems, [], report.skipped)
    sys.stdout.write(dumps(data))
    return int(data["exit_code"])


def generate(
    ctx: Context, *, spec: Path | None, out: Path | None, output: list[str] | None, check: bool
) -> int:
    """Render the DDL, the docs, the ER diagram and the JSON validators into the output folder."""
    from generator.emit.render import project_options, render_all
    from generator.emit.write import diff_files, write_files
    from generator.spec import load_spec

    config = ctx.settings()
    spec_file, out_dir = spec or config.spec, out or config.out
    try:
        options = project_options(config, spec_file, out_dir, output or None)
    except SchemagenError as exc:
        where = "--output" if output else f"{config.file}: {_key(config, 'outputs')}"
        raise fail(f"{where}: {exc}") from None
    schema = run(lambda: load_spec(spec_file, check_queries=True))
    files = run(lambda: render_all(schema, options.outputs, options))
    if check:
        diff = diff_files(out_dir, files, options)
        if diff:
            sys.stdout.write(diff)
            raise fail(messages.STALE.format(out=out_dir, command=options.regenerate), 1)
        echo(f"{out_dir}/ is up to date ({len(files)} files)")
        return 0
    changed = run(lambda: write_files(out_dir, files, options))
    written = sum(1 for name in changed if name in files)
    removed = len(changed) - written  # the files of outputs switched off (see generated_globs)
    if not changed:
        echo(f"{out_dir}/: up to date")
    else:
        gone = f", {removed} removed (outputs not written now)" if removed else ""
        echo(f"{out_dir}/: {written} of {len(files)} files changed{gone}")
    return 0


def _key(config: Config, key: str) -> str:
    """A key as the configuration file spells it."""
    return key if config.file is None or config.file.name != "pyproject.toml" else f"tool.schemagen.{key}"


def review(ctx: Context, *, base: str, head: str | None, spec_path: str | None, fmt: str) -> int:
    """Report a spec change: each change classed by push's planner, the SQL, compatibility, ER diagram."""
    from generator.emit.review import review_json, review_markdown
    from generator.lint import severities
    from generator.migrate.review import review_refs

    config = ctx.settings()
    path = spec_path or config.spec.as_posix()
    levels = run(lambda: severities(dict(config.lint), str(config.file or "configuration")))
    result = run(lambda: review_refs(base, head, path, lint_levels=levels))
    sys.stdout.write(review_json(result) if fmt == "json" else review_markdown(result))
    return result.exit_code
