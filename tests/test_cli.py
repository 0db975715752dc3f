"""The command line as a new user meets it: help that reads right, the same flag names everywhere."""

from __future__ import annotations

import re

import pytest
from helpers.cli import cli

COMMANDS = ("validate", "generate", "plan", "push", "review", "import", "audit")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_boolean_flags_as_flags(command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.stdout
    assert not re.search(r"--(check|yes|dry-run|allow-destructive|skip-invalid)\s+<", result.stdout)


@pytest.mark.parametrize("command", ("validate", "generate", "plan", "push", "review", "import", "audit"))
def test_every_command_that_reads_a_spec_takes_spec(command: str) -> None:
    assert "--spec" in cli(command, "--help").stdout


def test_top_level_help_lists_every_command() -> None:
    out = cli("--help").stdout
    for command in COMMANDS:
        assert command in out
