"""The one way tests run the `schemagen` command: in-process (fast) or as a real process (`process=True`)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
    """Run `schemagen ARGS`: in-process (stdout, stderr, stdin, the environment and the working directory
    swapped for the call), or with `process` as `python -m generator`.

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
    from generator.cli import execute

    # Text streams over bytes, as a process has (export writes JSON to sys.stdout.buffer).
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    with _environment(env or {}), contextlib.chdir(cwd or Path.cwd()):
        old_stdin = sys.stdin
        sys.stdin = io.StringIO(stdin or "")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = execute(list(args))
        finally:
            sys.stdin = old_stdin
    return Ran(code, _text(out), _text(err))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8")


@contextlib.contextmanager
def _environment(changes: dict[str, str]) -> Iterator[None]:
    """os.environ with `changes` applied, restored afterwards."""
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
