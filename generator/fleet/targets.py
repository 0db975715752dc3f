"""A fleet's databases: read from a targets file, one per line, each checked before anything runs.

A line is a database URL, optionally followed by the name of an environment variable holding its token
(otherwise the fleet's token serves it: `--token` or `TURSO_AUTH_TOKEN`, as a Turso group token serves
every database of its group). `#` starts a comment (at the start of a line or after a space); blank lines
are skipped. Every bad line is reported at once as `FILE:LINE: problem`, exit 2, before any database is
contacted. Tokens are looked up when the fleet runs and never held in a target.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct

from generator.db import Target, parse_url
from generator.errors import DataError, SchemagenError

_ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# What is shown of a variable's name in a message: a conventional name, not a token pasted in its place.
_SHOWN_NAME_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
# A JSON Web Token (what Turso's tokens are), pasted where the URL belongs.
_TOKEN_RE = re.compile(r"^eyJ[\w-]*\.[\w-]+\.[\w-]*$")
_COMMENT_RE = re.compile(r"(^|\s)#.*$")
MAX_PROBLEMS = 20  # a file of 10,000 bad lines is reported by its first few


class FleetTarget(Struct, frozen=True):
    """One database of a fleet: its URL (as written; never shown), display URL, and its token's variable."""

    url: str  # may hold `?authToken=`: only `display` is ever shown
    display: str
    token_env: str | None = None  # the environment variable holding this database's own token
    origin: str = ""  # where it was listed: `targets.txt:7`, or the Platform API database name


class Secrets:
    """Environment variables (then `.env`) by name, read once for a whole fleet."""

    def __init__(self, cwd: Path | None = None, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ
        self._dotenv = _read_dotenv((cwd or Path.cwd()) / ".env")

    def get(self, name: str) -> str | None:
        """The non-blank value of `name`, from the environment first, then `.env`; None if unset."""
        value = self._environ.get(name) or self._dotenv.get(name)
        return value.strip() if value and value.strip() else None


def _read_dotenv(path: Path) -> dict[str, str]:
    """The settings of a `.env` file; lines python-dotenv cannot parse are skipped (it would log them)."""
    try:
        if not path.is_file():
            return {}
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None
    from dotenv import dotenv_values  # imported only when there is a .env to read
    from dotenv.parser import parse_stream

    kept = "".join(b.original.string for b in parse_stream(io.StringIO(text)) if not b.error)
    return {k: v for k, v in dotenv_values(stream=io.StringIO(kept)).items() if v}


def target_for(url: str, token_env: str | None = None, origin: str = "") -> FleetTarget:
    """A fleet target for `url` (DatabaseError when the URL does not parse)."""
    return FleetTarget(url, parse_url(url).url, token_env, origin)


def _target_and_identity(url: str, token_env: str | None, origin: str) -> tuple[FleetTarget, tuple[str, str]]:
    """A fleet target and what makes two lines the same database (the URL parsed once)."""
    parsed = parse_url(url)
    return FleetTarget(url, parsed.url, token_env, origin), _identity(parsed)


def read_targets(path: Path, secrets: Secrets | None = None) -> tuple[FleetTarget, ...]:
    """Parse a targets file; DataError listing every bad line (`path:line: ...`) if any."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: no such targets file") from None
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None
    secrets = secrets or Secrets()
    targets: list[FleetTarget] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        fields = (_COMMENT_RE.sub("", raw) if "#" in raw else raw).split()
        if not fields:
            continue
        where = f"{path}:{number}"
        try:
            target, key = _parse_line(fields, where, secrets)
        except SchemagenError as err:
            problems.append(f"{where}: {err}")
            continue
        if key in seen:
            problems.append(f"{where}: {target.display} is already listed on line {seen[key]}")
            continue
        seen[key] = number
        targets.append(target)
    if problems:
        more = len(problems) - MAX_PROBLEMS
        shown = problems[:MAX_PROBLEMS] + ([f"{path}: ... and {more} more bad lines"] if more > 0 else [])
        raise DataError("\n".join(shown))
    if not targets:
        raise DataError(f"{path}: no databases listed (one URL per line)")
    return tuple(targets)


def _parse_line(fields: list[str], where: str, secrets: Secrets) -> tuple[FleetTarget, tuple[str, str]]:
    """One non-blank line: `URL [TOKEN_VARIABLE]`; the target and its identity."""
    if len(fields) > 2:
        raise DataError(
            f"expected a URL and optionally the name of the environment variable holding its token, "
            f"got {len(fields)} fields"
        )
    url, env = fields[0], (fields[1] if len(fields) == 2 else None)
    if _TOKEN_RE.match(url):
        raise DataError("the first field looks like a token, not a database URL (not shown)")
    target, key = _target_and_identity(url, env, where)
    if env is not None:
        # The second field is where a token gets pasted by mistake: it is named only when it reads as the
        # conventional name of a variable (upper case, short), never echoed otherwise.
        shown = env if _SHOWN_NAME_RE.match(env) else ""
        if not _ENV_NAME_RE.match(env):
            raise DataError(
                "the second field is not an environment variable name (letters, digits and _; not shown:"
                " it may be a token, which belongs in the environment, not in this file)"
            )
        if secrets.get(env) is None and shown:
            raise DataError(f"environment variable {shown} (the token of {target.display}) is not set")
        if secrets.get(env) is None:
            raise DataError(
                f"the environment variable named in the second field (the token of {target.display}) is not"
                " set; its name is not shown, as it may be a token"
            )
    return target, key


def _identity(parsed: Target) -> tuple[str, str]:
    """What makes two lines the same database: the file's absolute path, or the server and path."""
    if parsed.kind in ("file", "turso"):
        return "file", os.path.abspath(parsed.address)
    return "http", parsed.address.split("://", 1)[1].lower()
