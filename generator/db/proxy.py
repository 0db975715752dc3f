"""The HTTP proxy a database request goes through, from the environment, as curl and urllib read it.

`HTTPS_PROXY` for https:// and libsql:// databases, `HTTP_PROXY` for http:// ones, `ALL_PROXY` for either
(upper or lower case; the standard library's `urllib.request.getproxies_environment` reads them), and
`NO_PROXY` names the hosts reached directly, as curl reads it: comma-separated names, each matching the
host and every name under it (a leading dot changes nothing), `*` for every host, an optional `:port`.
Loopback is always reached directly: `localhost`, names under `.localhost` and loopback addresses never go
through a proxy. The proxy must be an `http://` one: the request reaches the database through a CONNECT
tunnel, TLS to the database inside it as without a proxy. Credentials in the proxy URL become a
`Proxy-Authorization` header and are never shown.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import urllib.parse

from generator.db.wire import Proxy, is_localhost
from generator.errors import DatabaseError

_VARIABLES = ("https_proxy", "http_proxy", "all_proxy")


def proxy_for(host: str, port: int, tls: bool) -> Proxy | None:
    """The proxy to reach `host` through (None: directly); DatabaseError for a proxy URL it cannot use."""
    if _loopback(host) or not any(name in os.environ for name in _names()):
        return None  # the common case answers without importing urllib.request
    import urllib.request

    proxies = urllib.request.getproxies_environment()
    wanted = "https" if tls else "http"
    url = proxies.get(wanted) or proxies.get("all")
    if not url or bypassed(host, port, proxies.get("no", "")):
        return None
    variable = f"{wanted.upper()}_PROXY" if proxies.get(wanted) else "ALL_PROXY"
    return parse_proxy(url, variable)


def parse_proxy(url: str, variable: str) -> Proxy:
    """`http://[user:password@]host[:port]` (the scheme may be left out) as a Proxy; its port is 80 when
    not given, as urllib has it."""
    text = url.strip()
    parts = urllib.parse.urlsplit(text if "://" in text else f"http://{text}")
    shown = f"{variable} ({parts.scheme}://{parts.hostname or ''}{_port_text(parts)})"
    if parts.scheme.lower() != "http":
        raise DatabaseError(
            f"{shown}: only an http:// proxy is supported (the connection to the database inside its "
            "tunnel is still TLS); or name the database's host in NO_PROXY"
        )
    try:
        port = parts.port or 80
    except ValueError:
        raise DatabaseError(f"{variable}: the proxy URL has an invalid port") from None
    if not parts.hostname:
        raise DatabaseError(f"{variable}: the proxy URL names no host")
    authorization = None
    if parts.username is not None:
        pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return Proxy(parts.hostname, port, authorization)


def bypassed(host: str, port: int, no_proxy: str) -> bool:
    """True when NO_PROXY names the host (or a domain it is under), with its port if one is given."""
    name = host.rstrip(".").lower().strip("[]")
    for entry in no_proxy.replace(" ", ",").split(","):
        entry = entry.strip().lower()
        if entry == "*":
            return True
        if entry.startswith("[") and "]" in entry:  # [v6] or [v6]:port
            pattern, _, tail = entry[1:].partition("]")
            wanted = tail.removeprefix(":")
        else:
            pattern, _, wanted = entry.partition(":") if entry.count(":") == 1 else (entry, "", "")
        pattern = pattern.strip(".")
        if not pattern or (wanted and wanted != str(port)):
            continue
        if name == pattern or name.endswith("." + pattern):
            return True
    return False


def _port_text(parts: urllib.parse.SplitResult) -> str:
    try:
        return f":{parts.port}" if parts.port else ""
    except ValueError:
        return ""


def _names() -> tuple[str, ...]:
    return (*_VARIABLES, *(name.upper() for name in _VARIABLES))


def _loopback(host: str) -> bool:
    """localhost, a name under .localhost (RFC 6761), or a loopback address."""
    if is_localhost(host):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
