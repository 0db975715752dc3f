"""lint: the schema rules over the spec and, with --base, the change rules over base -> spec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli.shell import Context, fail, project_root, run

if TYPE_CHECKING:
    from generator.lint import LintReport


def lint(
    ctx: Context,
    *,
    spec: Path | None,
    base: str | None,
    fmt: str,
    rules: bool,
    url: str | None = None,
    token: str | None = None,
    timeout: float | None = None,
) -> int:
    """Check the spec against the lint rules (and the change from --base or from the database at --url);
    exit 1 on an error finding."""
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
    if base is not None and url is not None:
        raise fail("lint: --base and --url each give the base of the change: choose one")
    if base is not None:
        from generator.migrate.review import load_side

        base_schema = run(lambda: load_side(base, path.as_posix()))[1]
    if url is None:
        report = run(lambda: lint_file(path, base=base_schema, levels=levels))
    else:
        report = run(lambda: _against_database(path, url, token, timeout, levels, project_root(config)))
    if fmt == "json":
        sys.stdout.write(render_json(report))
    elif fmt == "sarif":
        sys.stdout.write(render_sarif(report, _version()))
    else:  # text (the parser's choices)
        sys.stdout.write(render_text(report))
    return report.exit_code


def _against_database(
    path: Path, url: str, token: str | None, timeout: float | None, levels: Any, cwd: Path
) -> LintReport:
    """Lint the change from what the database holds to the spec, with the rows each finding is about."""
    from generator.db import open_target, parse_url, resolve_target
    from generator.lint import lint_file
    from generator.migrate.push import read_live

    target = resolve_target(url, token, cwd, timeout=timeout)
    with open_target(parse_url(target.url), target.token, target.timeout, create=False) as db:
        live = read_live(db, probe_write=False)
        return lint_file(path, base=live.schema, levels=levels, db=db)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("schemagen")
    except PackageNotFoundError:
        return "0"
