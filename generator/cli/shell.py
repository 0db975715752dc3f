"""What every command shares: printing, one message and an exit code per error, the configuration."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from msgspec import Struct

from generator.errors import SchemagenError

if TYPE_CHECKING:
    from generator.config import Config

T = TypeVar("T")


class Exit(Exception):
    """End the command with this exit code (its message, if any, is already printed)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def echo(message: str, *, err: bool = False) -> None:
    """One line to stdout (or stderr)."""
    from generator.emit.escape import terminal

    stream = sys.stderr if err else sys.stdout
    # Names and values from a spec or a database may hold escape sequences: shown, never run by the terminal.
    stream.write(terminal(message) + "\n")
    stream.flush()


def fail(message: str, code: int = 2) -> Exit:
    """Print one message to stderr and return the Exit to raise."""
    echo(message, err=True)
    return Exit(code)


# The cyclic garbage collector, paused while a command starts (generator.cli.main): its imports make
# objects that live as long as the process (modules, classes, functions), and the ~40 collections they
# would set off (a few ms of CPU before an import's or a fleet check's first request) find nothing to free.
_paused = False


def pause_collector() -> None:
    """Pause the cyclic garbage collector for a command's start-up (the console script's, not `execute`'s)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def _start_up_over() -> None:
    """The command's work begins: what the start-up made is frozen out of the collector's walks (it is
    never garbage), and the collector runs again, for the garbage the work makes."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def run(action: Callable[[], T]) -> T:
    """Run a library call, turning the project's exceptions into one message and an exit code."""
    _start_up_over()
    try:
        return action()
    except SchemagenError as exc:
        raise fail(str(exc), exc.exit_code) from None
    except KeyboardInterrupt:
        raise fail("interrupted", 130) from None


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal (default no); the end of input answers no."""
    while True:
        sys.stdout.write(f"{question} [y/N]: ")
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:  # end of input
            sys.stdout.write("\n")
            return False
        answer = line.strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("", "n", "no"):
            return False
        echo("Error: invalid input", err=True)


class Context(Struct, frozen=True):
    """The options given before the command (`schemagen --config FILE COMMAND ...`)."""

    config_file: Path | None = None

    def settings(self) -> Config:
        """The project configuration this command runs with (flags override it)."""
        from generator.config import load_config

        return run(lambda: load_config(self.config_file))


def database(config: Config, url: str | None, token: str | None) -> tuple[str | None, str | None]:
    """The database URL and token a command uses: --url / --token, else the configuration's `url` or
    `url_env`, and `token_env` (environment, then the project's .env); None leaves the choice to the
    defaults (TURSO_DATABASE_URL, TURSO_AUTH_TOKEN, then local.db)."""
    settings = config.database
    if url is None and settings.url:  # a relative file path is taken from the configuration's folder
        from generator.db.target import relative_to

        url = run(lambda: relative_to(settings.url, config.root))
    elif url is None and settings.url_env:
        url = _variable(config, settings.url_env)
        if url is None:
            where = config.file or "the configuration"
            raise fail(
                f"{where}: url_env: ${settings.url_env} is not set (nor in .env); set it, or give --url"
            )
    if token is None and settings.token_env:
        token = _variable(config, settings.token_env)
    return url, token


def _variable(config: Config, name: str) -> str | None:
    """An environment variable, else the project's .env setting of that name."""
    if os.environ.get(name):
        return os.environ[name]
    from generator.db.target import _read_dotenv  # the one .env reader (errors name the line, never a value)

    return run(lambda: _read_dotenv(project_root(config) / ".env")).get(name)


def project_root(config: Config) -> Path:
    """Where `.env` and the embedded local.db live: the folder of the configuration file."""
    return Path(os.path.abspath(config.root))
