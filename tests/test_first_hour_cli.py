"""The first hour, the command line: --config anywhere, did-you-mean, shell completion, shipped references."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SPEC = "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"


def test_config_after_the_command(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "s.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "cfg.toml").write_text('spec = "elsewhere/s.yaml"\n', encoding="utf-8")
    before = cli("--config", "cfg.toml", "validate", cwd=tmp_path)
    after = cli("validate", "--config", "cfg.toml", cwd=tmp_path)
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout and after.stdout.startswith("elsewhere/s.yaml: ok")


def test_a_mistyped_command_gets_did_you_mean() -> None:
    code, out, err = cli("valdate")
    assert (code, out) == (2, "")
    assert err == "schemagen: unknown command 'valdate'; did you mean 'validate'? (see 'schemagen --help')\n"
    code, _out, err = cli("xyzzy")
    assert code == 2 and "unknown command 'xyzzy' (commands: validate, generate," in err


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    code, out, err = cli("completion", shell)
    assert (code, err) == (0, "")
    assert "schemagen" in out and "_ARGCOMPLETE" in out
    if shell == "bash":
        done = subprocess.run(["bash", "-n"], input=out, text=True, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("line", "expected"),
    [("schemagen val", {"validate"}), ("schemagen push --allow-d", {"--allow-destructive"})],
)
def test_completion_answers_the_shell(tmp_path: Path, line: str, expected: set[str]) -> None:
    """What the shell function does: run the command with argcomplete's variables; it answers and exits."""
    answer = tmp_path / "answer"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
    }
    done = subprocess.run(
        [sys.executable, "-m", "generator"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert set(answer.read_text().split()) == expected


def test_docs_format_prints_the_shipped_reference() -> None:
    code, out, _err = cli("docs", "format")
    assert code == 0
    assert out == (ROOT / "spec" / "FORMAT.md").read_text(encoding="utf-8")


def test_schema_path_is_the_packaged_json_schema() -> None:
    code, out, _err = cli("schema-path")
    assert code == 0 and Path(out.strip()) == ROOT / "generator" / "spec" / "spec.schema.json"
    code, out, _err = cli("schema-path", "--uri")
    assert out.strip() == (ROOT / "generator" / "spec" / "spec.schema.json").as_uri()
