"""A fleet from Turso's Platform API: `GET /v1/organizations/{org}/databases?group=G`, stdlib only.

The documented answer is `{"databases": [{"Name": ..., "Hostname": ..., "group": ..., ...}, ...]}`; each
database is reached at `libsql://{Hostname}`. The answer is checked like any input: its size, its shape,
every host name, and the group of every database (a server that ignored the filter must not widen a
rollout to the whole organization). The platform token is never shown.
"""

from __future__ import annotations

import http.client
import json
import re
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from generator.config import DEFAULT_PLATFORM_API
from generator.db import redact
from generator.errors import AuthError, DatabaseError, SchemagenError
from generator.fleet.targets import FleetTarget, target_for

TOKEN_VARIABLE = "TURSO_PLATFORM_TOKEN"
MAX_BYTES = 64 * 1024 * 1024  # ~150,000 databases of the documented shape
TIMEOUT = 10.0  # per read, and for the whole answer
_HOST_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?$")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the platform token to another host: refuse it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def list_databases(
    org: str,
    token: str,
    *,
    group: str | None = None,
    api_url: str = DEFAULT_PLATFORM_API,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> tuple[FleetTarget, ...]:
    """The databases of `org` (of `group` only, when given) as fleet targets, sorted by name."""
    endpoint = _endpoint(api_url, org, group)
    payload = _fetch(endpoint, token, timeout, max_bytes)
    targets = _targets(payload, endpoint, group)
    if not targets:
        where = f"group {group!r} of organization {org!r}" if group else f"organization {org!r}"
        raise DatabaseError(f"{endpoint}: no databases in {where}")
    return targets


def _endpoint(api_url: str, org: str, group: str | None) -> str:
    """The List Databases URL; the API base must be http(s) with a host (no credentials, query)."""
    parts = urllib.parse.urlsplit(api_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or parts.query:
        raise DatabaseError(f"invalid Platform API URL {redact(api_url, None)}: use https://host")
    if not org.strip():
        raise DatabaseError("--platform-org needs an organization name")
    path = f"{parts.path.rstrip('/')}/v1/organizations/{urllib.parse.quote(org.strip(), safe='')}/databases"
    query = urllib.parse.urlencode({"group": group}) if group else ""
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _fetch(endpoint: str, token: str, timeout: float, max_bytes: int) -> bytes:
    """GET the endpoint with the token; the body, at most `max_bytes`, within `timeout` overall."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=ssl.create_default_context()), _NoRedirect()
    )
    request = urllib.request.Request(
        endpoint,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json", "User-Agent": "schemagen"},
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read1(65536):  # read1: one recv, so a slow drip meets the deadline
                size += len(chunk)
                if size > max_bytes:
                    raise DatabaseError(f"{endpoint}: the answer is larger than {max_bytes:,} bytes")
                if time.monotonic() > deadline:
                    raise DatabaseError(f"{endpoint}: the answer took more than {timeout:g} s")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as err:
        raise _http_error(endpoint, err, token) from None
    except urllib.error.URLError as err:
        reason = err.reason.strerror if isinstance(err.reason, OSError) else None
        raise DatabaseError(f"cannot reach {endpoint}: {reason or err.reason}") from None
    except TimeoutError:
        raise DatabaseError(f"{endpoint}: no answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as err:
        detail = redact(str(err), token) or type(err).__name__
        raise DatabaseError(
            f"{endpoint}: the connection failed before the answer was complete ({detail})"
        ) from None


def _http_error(endpoint: str, err: urllib.error.HTTPError, token: str) -> DatabaseError:
    """An error status as one line (the server's message shortened, the token masked)."""
    try:
        body = err.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        body = ""
    try:
        data = json.loads(body)
        detail = str(data.get("error") or data.get("message") or body) if isinstance(data, dict) else body
    except ValueError:
        detail = body
    detail = redact(" ".join(detail.split())[:200], token)
    suffix = f" ({detail})" if detail else ""
    if err.code in (401, 403):
        return AuthError(
            f"{endpoint}: the platform token ({TOKEN_VARIABLE}) was rejected: HTTP {err.code}{suffix}"
        )
    if 300 <= err.code < 400:
        return DatabaseError(f"{endpoint}: the API redirects (HTTP {err.code}); redirects are not followed")
    return DatabaseError(f"{endpoint}: HTTP {err.code}{suffix}")


def _targets(payload: bytes, endpoint: str, group: str | None) -> tuple[FleetTarget, ...]:
    """The documented answer's databases (of `group`), checked entry by entry."""

    def bad(what: str) -> DatabaseError:
        return DatabaseError(f"{endpoint}: unexpected answer: {what}")

    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise bad("not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("databases"), list):
        raise bad('expected an object with a "databases" list')
    found: dict[str, FleetTarget] = {}
    for index, entry in enumerate(data["databases"]):
        if not isinstance(entry, dict):
            raise bad(f"databases[{index}] is not an object")
        name, host, member = entry.get("Name"), entry.get("Hostname"), entry.get("group")
        if not isinstance(name, str) or not name:
            raise bad(f"databases[{index}].Name is not a non-empty string")
        if not isinstance(host, str) or not _HOST_RE.match(host):
            raise bad(f"databases[{index}] ({name}): Hostname is not a host name")
        if member is not None and not isinstance(member, str):
            raise bad(f"databases[{index}] ({name}): group is not a string")
        if group is not None and member != group:
            continue  # the filter is ours too: never widen a rollout beyond the group asked for
        if name in found:
            raise bad(f"databases[{index}]: database {name!r} is listed twice")
        try:
            found[name] = target_for(f"libsql://{host}", None, name)
        except SchemagenError as err:
            raise bad(f"databases[{index}] ({name}): {err}") from None
    return tuple(found[name] for name in sorted(found))
