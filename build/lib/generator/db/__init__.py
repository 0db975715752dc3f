"""The database driver: a local SQLite file (stdlib sqlite3) or a libSQL server over Hrana-over-HTTP."""

from __future__ import annotations

from generator.db.base import (
    DEFAULT_APPLY_TIMEOUT,
    DEFAULT_TIMEOUT,
    READ_ONLY_MESSAGE,
    Database,
    Row,
    Statement,
    Value,
)
from generator.db.file import FileDatabase
from generator.db.hrana import HttpDatabase
from generator.db.target import DEFAULT_DATABASE, Resolved, Target, parse_url, redact, resolve_target


def connect(
    url: str,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    apply_timeout: float = DEFAULT_APPLY_TIMEOUT,
    ca_file: str | None = None,
) -> Database:
    """Open the database at `url`; `token` (else the URL's `?authToken=`) authenticates remote access."""
    return open_target(parse_url(url), token, timeout, apply_timeout=apply_timeout, ca_file=ca_file)


def open_target(
    target: Target,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    apply_timeout: float = DEFAULT_APPLY_TIMEOUT,
    ca_file: str | None = None,
) -> Database:
    """Open an already parsed target (see `connect`)."""
    if target.kind == "file":
        return FileDatabase(target, timeout=timeout)
    chosen = token.strip() if token and token.strip() else target.token
    return HttpDatabase(target, chosen, timeout=timeout, apply_timeout=apply_timeout, ca_file=ca_file)


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
    "open_target",
    "parse_url",
    "redact",
    "resolve_target",
]
