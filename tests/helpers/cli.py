"""The one way tests run the `schemagen` command: in-process (fast) or as a real process (`process=True`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Ran:
    """What a command printed, and its exit code."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """stdout and stderr together."""
        return self.stdout + self.stderr

    def __iter__(self) -> Iterator[int | str]:
        """`code, out, err = cli(...)`."""
        return iter((self.exit_code, self.stdout, self.stderr))


def cli(
    *args: str,
    cwd: Path | None = None,
    process: bool = False,
    seed: str = "0",
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Ran:
    """Run `schemagen ARGS`: in-process through Typer's runner, or with `process` as `python -m generator`.

    A real process is for what in-process cannot show: PYTHONHASHSEED, start-up, signals, a fresh import.
    """
    if process:
        done = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd or ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {}), "PYTHONHASHSEED": seed},
            input=stdin,
            check=False,
        )
        return Ran(done.returncode, done.stdout, done.stderr)
    from generator.cli import app

    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(app, list(args), env=env, input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Ran(result.exit_code, result.stdout, result.stderr)
