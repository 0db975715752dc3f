"""The database driver: a local SQLite file (stdlib sqlite3), a local file of the Turso engine (pyturso,
imported only for `turso:` URLs) or a libSQL server over Hrana-over-HTTP.

Each driver is imported when a target of its kind is opened (or its class is asked for): a file never
pays for the HTTP client (http.client, ssl, email), nor a server for the file driver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.db.base import (
    DEFAULT_APPLY_TIMEOUT,
    DEFAULT_MAX_ANSWER,
    DEFAULT_TIMEOUT,
    READ_ONLY_MESSAGE,
    Database,
    Row,
    Statement,
    Value,
)
from generator.db.target import (
    DEFAULT_DATABASE,
    Resolved,
    Target,
    display_url,
    parse_url,
    redact,
    resolve_target,
)

if TYPE_CHECKING:
    from generator.db.file import FileDatabase, file_exists
    from generator.db.hrana import HttpDatabase

_DRIVERS = {"FileDatabase": "file", "file_exists": "file", "HttpDatabase": "hrana"}


def __getattr__(name: str) -> Any:
    """The drivers' names, imported on first use (PEP 562)."""
    if name in _DRIVERS:
        from importlib import import_module

        return getattr(import_module(f"generator.db.{_DRIVERS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def connect(
    url: str,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    apply_timeout: float = DEFAULT_APPLY_TIMEOUT,
    max_answer: int = DEFAULT_MAX_ANSWER,
    ca_file: str | None = None,
    create: bool = False,
) -> Database:
    """Open the database at `url`; `token` (else the URL's `?authToken=`) authenticates remote access.

    `timeout` bounds each read request as a whole (connect, send, the complete answer), `apply_timeout`
    each apply; `max_answer` caps an answer's size in bytes. A database file is created only with
    `create` (FileDatabase.created tells whether it was); otherwise a missing file is an error.
    """
    return open_target(
        parse_url(url),
        token,
        timeout,
        apply_timeout=apply_timeout,
        max_answer=max_answer,
        ca_file=ca_file,
        create=create,
    )


def open_target(
    target: Target,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    apply_timeout: float = DEFAULT_APPLY_TIMEOUT,
    max_answer: int = DEFAULT_MAX_ANSWER,
    ca_file: str | None = None,
    create: bool = False,
) -> Database:
    """Open an already parsed target (see `connect`)."""
    if target.kind == "file":
        from generator.db.file import FileDatabase

        return FileDatabase(target, timeout=timeout, create=create)
    if target.kind == "turso":
        from generator.db.turso import TursoDatabase

        return TursoDatabase(target, timeout=timeout, create=create)
    from generator.db.hrana import HttpDatabase

    chosen = token.strip() if token and token.strip() else target.token
    return HttpDatabase(
        target, chosen, timeout=timeout, apply_timeout=apply_timeout, max_answer=max_answer, ca_file=ca_file
    )


def open_resolved(resolved: Resolved, *, create: bool = False) -> Database:
    """Open the target `resolve_target` chose, with its limits (see `connect`)."""
    return connect(
        resolved.url,
        resolved.token,
        resolved.timeout,
        apply_timeout=resolved.apply_timeout,
        max_answer=resolved.max_answer,
        create=create,
    )


__all__ = [
    "DEFAULT_DATABASE",
    "READ_ONLY_MESSAGE",
    "Database",
    "FileDatabase",
    "HttpDatabase",
    "Resolved",
    "Row",
    "Statement",
    "Target",
    "Value",
    "connect",
    "display_url",
    "file_exists",
    "open_resolved",
    "open_target",
    "parse_url",
    "redact",
    "resolve_target",
]
