"""Headers: every generated file names the exact command that regenerates it, and that command does.

A project with no Makefile and no configuration, generating from a spec and into a folder of its own with
`--output` flags: each file (pages, schema.sql, validators, the Drizzle and Python modules) names the same
command; run as written (plus `--check`) it finds every file up to date, and the check command the pages
name does too. No file says `make generate`.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from helpers.cli import cli

SPEC = """\
version: 1
name: lib
tables:
  books:
    columns:
      id: {type: integer, primary_key: true}
      title: {type: text, not_null: true}
"""
COMMAND = re.compile(r"run `([^`]+)`")


def _commands(text: str) -> set[str]:
    return set(COMMAND.findall(text.split("\n\n", 2)[0] + text[:600]))


def test_every_file_names_the_command_that_regenerates_it(tmp_path: Path) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "lib.yaml").write_text(SPEC)
    flags = ["--spec", "db/lib.yaml", "--out", "docs/gen"]
    flags += [w for name in ("ddl", "pages", "validators", "drizzle", "python") for w in ("--output", name)]
    assert cli("generate", *flags, cwd=tmp_path).exit_code == 0
    files = sorted(p for p in (tmp_path / "docs" / "gen").rglob("*") if p.is_file())
    assert {p.suffix for p in files} == {".md", ".sql", ".json", ".ts", ".py"}
    named = set()
    for path in files:
        text = path.read_text()
        assert "make generate" not in text, path
        found = _commands(text)
        assert len(found) == 1, (path, found)
        named |= found
    (command,) = named
    assert command == "schemagen generate " + " ".join(flags)
    words = shlex.split(command)
    assert words[:2] == ["schemagen", "generate"]
    checked = cli(*words[1:], "--check", cwd=tmp_path)
    assert checked.exit_code == 0, checked.output
    # the pages name the check command: the same command with --check
    page = (tmp_path / "docs" / "gen" / "SCHEMA.md").read_text()
    assert f"(`{command} --check` exits 1 when this page is stale)" in page.replace("\n", " ")
    (tmp_path / "docs" / "gen" / "schema.sql").write_text("-- edited\n")
    assert cli(*words[1:], "--check", cwd=tmp_path).exit_code == 1


def test_a_configured_command_is_named_everywhere(tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "schema.yaml").write_text(SPEC)
    (tmp_path / "schemagen.toml").write_text('regenerate = "just docs"\n')
    assert cli("generate", cwd=tmp_path).exit_code == 0
    for path in sorted(p for p in (tmp_path / "generated").rglob("*") if p.is_file()):
        assert _commands(path.read_text()) == {"just docs"}, path
