"""lint: the schema rules over the spec and, with --base, the change rules over base -> spec."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.cli.shell import Context, fail, run


def lint(ctx: Context, *, spec: Path | None, base: str | None, fmt: str, rules: bool) -> int:
    """Check the spec against the lint rules (and the change from --base); exit 1 on an error finding."""
    from generator.emit.lint import render_json, render_sarif, render_text, rules_page
    from generator.lint import lint_file, severities

    if rules:
        sys.stdout.write(rules_page())
        return 0
    config = ctx.settings()
    path = spec or config.spec
    where = str(config.file) if config.file is not None else "configuration"
    levels = run(lambda: severities(dict(config.lint), where))
    base_schema = None
    if base is not None:
        from generator.migrate.review import load_side

        base_schema = run(lambda: load_side(base, path.as_posix()))[1]
    report = run(lambda: lint_file(path, base=base_schema, levels=levels))
    if fmt == "json":
        sys.stdout.write(render_json(report))
    elif fmt == "sarif":
        sys.stdout.write(render_sarif(report, _version()))
    elif fmt == "text":
        sys.stdout.write(render_text(report))
    else:
        raise fail(f"unknown --format '{fmt}' (use text, json or sarif)")
    return report.exit_code


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("schemagen")
    except PackageNotFoundError:
        return "0"
