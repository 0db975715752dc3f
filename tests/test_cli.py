"""The command line as a new user meets it: help that reads right, the same flag names everywhere."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest
from helpers.cli import ROOT, cli

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


def test_no_command_prints_the_help_on_stderr_and_exits_2() -> None:
    code, out, err = cli()
    assert code == 2 and out == ""
    assert err.startswith("usage: schemagen") and "generate" in err


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("generate", "--bogus"), "unrecognized arguments: --bogus"),
        (("push", "--concurrency", "0"), "argument --concurrency: must be between 1 and 256 (got 0)"),
        (("plan", "--timeout", "soon"), "argument --timeout: not a number of seconds: 'soon'"),
        (("import", "questions"), "the following arguments are required: FILE"),
        (("bogus",), "unknown command 'bogus' (commands: validate,"),
        (("generat",), "unknown command 'generat'; did you mean 'generate'?"),
        (("--config", "x.toml"), "missing command"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_flag_and_exits_2(args: tuple[str, ...], named: str) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and named in err, err
    assert err.startswith("schemagen") and "--help')" in err


def test_help_and_version_load_no_library_module() -> None:
    """`schemagen --help` costs the parser alone: no spec, template, database or terminal library."""
    probe = (
        "import sys\nfrom generator.cli import execute\n"
        "for args in (['--help'], ['--version'], ['generate', '--help'], ['push', '--help']):\n"
        "    execute(args)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('yaml', 'jinja2', 'jsonschema', 'rich', 'sqlglot', 'generator')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert loaded == [
        "generator",
        "generator.cli",
        "generator.cli.parser",
        "generator.cli.shell",
        "generator.engines",
        "generator.errors",
        "generator.migrate",
        "generator.migrate.pace",
    ]


BUG = """
import sys
import generator.cli.push as push


def broken(*args, **kwargs):
    raise KeyError("server echoed Bearer eyJhbGciOiJFZERTQSJ9.eyJhIjoicncifQ.c2lnbmF0dXJlMTIzNDU2 and "
                   "authToken=tok3nFromTheFlagValue99 in https://me:pw@db.example/x?authToken=abc123def456")


push.plan = broken
sys.argv = ["schemagen", "plan", "--url", "http://127.0.0.1:9", "--token", "tok3nFromTheFlagValue99"]
from generator.cli import main

main()
"""


@pytest.mark.parametrize("debug", ["", "1"])
def test_a_bug_is_one_line_exit_2_with_every_secret_masked(debug: str) -> None:
    """An exception schemagen did not expect: one line and exit 2 (SCHEMAGEN_DEBUG=1: the traceback)."""
    env = {k: v for k, v in os.environ.items() if k != "SCHEMAGEN_DEBUG"} | {"SCHEMAGEN_DEBUG": debug}
    done = subprocess.run(
        [sys.executable, "-c", BUG], capture_output=True, text=True, env=env, check=False, cwd=ROOT
    )
    if debug:
        assert done.returncode == 1 and "Traceback" in done.stderr and "KeyError" in done.stderr
        return
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("schemagen: internal error: KeyError: ")
    assert "SCHEMAGEN_DEBUG=1" in done.stderr
    for secret in ("eyJhbGciOiJFZERTQSJ9", "tok3nFromTheFlag", "abc123def456", "me:pw"):
        assert secret not in done.stderr, secret
