"""Date columns in the generated Drizzle module, typed by what the spec says is stored (spec/FORMAT.md):
text in a format -> string; a unix-seconds default -> Date, integer({ mode: "timestamp" }); milliseconds ->
"timestamp_ms"; nothing said -> number | string. Through `schemagen generate`; tsc, drizzle-kit and a round
trip prove the every_construct module, which has each kind (tests/test_codegen_drizzle.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import cli

CASES = [
    ("{type: TIMESTAMP, default: {sql: CURRENT_TIMESTAMP}}", 'a: timestampType("a")', "data: string }"),
    ("{type: TIMESTAMP, format: date-time}", 'a: timestampType("a")', "data: string }"),
    ("{type: DATE, default: {sql: CURRENT_DATE}}", 'a: dateType("a")', "data: string }"),
    ("{type: TIMESTAMP}", 'a: timestampType("a")', "data: number | string }"),
    ("{type: integer, default: {sql: (unixepoch())}}", 'a: integer("a", { mode: "timestamp" })', ""),
    (
        "{type: integer, default: {sql: (unixepoch() * 1000)}}",
        'a: integer("a", { mode: "timestamp_ms" })',
        "",
    ),
    ("{type: integer, default: {sql: CURRENT_TIMESTAMP}}", 'a: integer("a")', ""),
    ("{type: integer}", 'a: integer("a")', ""),
    (
        "{type: TIMESTAMP, default: {sql: \"(strftime('%s', 'now'))\"}}",
        'a: timestampUnixType("a")',
        "new Date(value * 1000)",
    ),
    ("{type: BIGINT, default: {sql: (unixepoch() * 1000)}}", 'a: bigintUnixMsType("a")', "new Date(value)"),
]


@pytest.mark.parametrize(("column", "builder", "custom"), CASES)
def test_a_date_column_is_typed_by_what_is_stored(
    column: str, builder: str, custom: str, tmp_path: Path
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "version: 1\ntables:\n  t:\n    columns:\n"
        f"      id: {{type: integer, primary_key: true}}\n      a: {column}\n"
    )
    ran = cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--output", "drizzle")
    assert ran.exit_code == 0, ran.output
    module = (tmp_path / "out" / "drizzle" / "schema.ts").read_text()
    assert f"    {builder}" in module, module
    assert custom in module
