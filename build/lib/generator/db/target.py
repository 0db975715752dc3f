"""Where a database lives: URL parsing, token redaction, and the target from flags, environment or .env."""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values

from generator.errors import DatabaseError

WS_MESSAGE = "{scheme}:// URLs are not supported: use libsql:// or https:// (Hrana over HTTP)"

DEFAULT_DATABASE = "local.db"  # the embedded database, at the project root, when no URL is set

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TOKEN_PARAM_RE = re.compile(r"(?i)(authToken=)[^&#\s]*")
_USERINFO_RE = re.compile(r"(?i)^([a-z][a-z0-9+.-]*://)[^/@?#]*@")


@dataclass(frozen=True)
class Target:
    """Where a database lives: a local SQLite file (kind "file") or a Hrana-over-HTTP server (kind "http")."""

    kind: Literal["file", "http"]
    url: str  # the URL as shown to users: never holds the token
    address: str  # the file path (kind "file") or the base URL "http(s)://host[:port][/path]" (kind "http")
    token: str | None = field(default=None, repr=False, compare=False)


def redact(text: str, token: str | None) -> str:
    """Return `text` with `token` (raw or URL-quoted) and any `authToken=` value replaced by `***`."""
    if token:
        for form in {token, urllib.parse.quote(token, safe=""), urllib.parse.quote_plus(token)}:
            text = text.replace(form, "***")
    text = _TOKEN_PARAM_RE.sub(r"\1***", text)
    return _USERINFO_RE.sub(r"\1***@", text)


def parse_url(url: str) -> Target:
    """Parse a database URL (file:, plain path, http://, https://, libsql://) into a Target."""
    raw = url.strip()
    if not raw:
        raise DatabaseError("no database URL given")
    match = _SCHEME_RE.match(raw)
    if match is None or len(match.group(1)) == 1:  # no scheme (or a Windows drive letter): a plain path
        return Target("file", raw, raw)
    scheme = match.group(1).lower()
    if scheme == "file":
        return _parse_file_url(raw)
    if scheme in ("ws", "wss"):
        raise DatabaseError(f"{_strip_token(raw)}: {WS_MESSAGE.format(scheme=scheme)}")
    if scheme in ("http", "https", "libsql"):
        return _parse_http_url(raw, scheme)
    raise DatabaseError(
        f"{_strip_token(raw)}: unsupported URL scheme {scheme}:// (use libsql://, https://, http:// or file:)"
    )


def _strip_token(url: str) -> str:
    """Best-effort display form of a URL that may not parse: token parameters and userinfo masked."""
    return redact(url, None)


def _parse_file_url(raw: str) -> Target:
    """Parse `file:path`, `file:/abs` and `file:///abs` (percent-decoded); a query is not supported."""
    try:
        parts = urllib.parse.urlsplit(raw)
    except ValueError as err:
        raise DatabaseError(f"invalid database URL {_strip_token(raw)}: {err}") from None
    query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    query.pop("authToken", None)  # meaningless for a file, but never shown
    if query:
        raise DatabaseError(f"invalid database URL {_strip_token(raw)}: file: URLs take no parameters")
    if parts.netloc not in ("", "localhost"):
        raise DatabaseError(f"invalid database URL {_strip_token(raw)}: remote file hosts are not supported")
    path = urllib.parse.unquote(parts.path)
    if not path:
        raise DatabaseError(f"invalid database URL {_strip_token(raw)}: no file path")
    return Target("file", raw.split("?", 1)[0], path)


def _parse_http_url(raw: str, scheme: str) -> Target:
    """Parse an http://, https:// or libsql:// URL: `?authToken=` is taken out, `?tls=0` means plain HTTP."""
    shown = _strip_token(raw)
    try:
        parts = urllib.parse.urlsplit(raw)
        port = parts.port
    except ValueError as err:
        raise DatabaseError(f"invalid database URL {shown}: {err}") from None
    if "@" in parts.netloc:
        raise DatabaseError(f"invalid database URL {shown}: credentials in the URL are not supported")
    if not parts.hostname:
        raise DatabaseError(f"invalid database URL {shown}: no host name")
    if parts.fragment:
        raise DatabaseError(f"invalid database URL {shown}: unexpected #fragment")
    try:
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        raise DatabaseError(f"invalid database URL {shown}: malformed query string") from None
    tokens = query.pop("authToken", [])
    token = tokens[-1].strip() if tokens else None
    tls = query.pop("tls", None) if scheme == "libsql" else None
    if query:
        names = ", ".join(sorted(query))
        raise DatabaseError(f"invalid database URL {shown}: unsupported URL parameter(s): {names}")
    wire = scheme
    if scheme == "libsql":
        if tls is None or tls[-1] in ("1", "true"):
            wire = "https"
        elif tls[-1] in ("0", "false"):
            wire = "http"
        else:
            raise DatabaseError(f"invalid database URL {shown}: tls must be 0 or 1")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    address = urllib.parse.urlunsplit((wire, netloc, parts.path.rstrip("/"), "", ""))
    kept = urllib.parse.urlencode(
        [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "authToken"]
    )
    display = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, kept, ""))
    return Target("http", display, address, token or None)


@dataclass(frozen=True)
class Resolved:
    """The database to talk to and where that choice came from (the token is never shown)."""

    url: str
    token: str | None
    source: str


def resolve_target(url: str | None, token: str | None, cwd: Path | None = None) -> Resolved:
    """--url/--token, else TURSO_DATABASE_URL/TURSO_AUTH_TOKEN (environment, then .env), else local.db."""
    cwd = cwd or Path.cwd()
    dotenv = {k: v for k, v in dotenv_values(cwd / ".env").items() if v} if (cwd / ".env").is_file() else {}

    def setting(name: str) -> tuple[str | None, str]:
        if os.environ.get(name):
            return os.environ[name], f"${name}"
        if dotenv.get(name):
            return dotenv[name], f"{name} in .env"
        return None, ""

    env_token, _ = setting("TURSO_AUTH_TOKEN")
    chosen_token = token or env_token
    if url:
        return Resolved(url, chosen_token, "--url")
    env_url, source = setting("TURSO_DATABASE_URL")
    if env_url:
        return Resolved(env_url, chosen_token, source)
    path = cwd / DEFAULT_DATABASE
    return Resolved(
        str(path), None, f"no --url or TURSO_DATABASE_URL: using the embedded file {DEFAULT_DATABASE}"
    )
