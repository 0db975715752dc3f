"""One HTTP POST with a total deadline and a cap on the answer's size, on http.client alone.

urllib's timeout applies to each socket operation, so a server sending one byte a second never trips it;
here every connect, send and read gets only the time left until one deadline, and the body is read in
chunks so a huge answer is refused once it passes the cap instead of filling memory. Names under
`.localhost` are dialled on 127.0.0.1 (RFC 6761: they always mean loopback), with the Host header and the
TLS server name left as written, since sqld selects a namespace by the first label of the Host name.
The name lookup, which has no timeout of its own, runs in a thread the deadline bounds. Nothing global
(socket defaults, resolver) is changed. Through an HTTP proxy (see proxy.py), the connection is a CONNECT
tunnel opened within the same deadline, and everything else (TLS, the request) goes inside it.

A request that may be sent twice (a read: `reuse=True`) over plain HTTP goes on a kept-alive connection
when one to the same address is idle (`_Idle`): a fleet of namespaces on one server pays for one TCP
connection per worker instead of one per database. A connection is kept only after an
answer read to its end that did not ask to close; one the server closed while idle is dropped before use,
and a read that fails on a reused connection is sent again on a new one, within the same deadline. An
apply (`reuse=False`) always opens its own connection: it is never sent twice. Through a proxy, every
request opens its own tunnel, as before.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import select
import socket
import ssl
import threading
import time
from email.message import Message
from typing import Any

from msgspec import Struct

from generator.records import repr_without

CHUNK = 64 * 1024
ERROR_BODY_LIMIT = 64 * 1024  # an error page is only ever shown as one short line
TUNNEL_HEAD_LIMIT = 16 * 1024  # a proxy's answer to CONNECT: a status line and a few headers
IDLE_PER_ADDRESS = 16  # kept-alive connections kept per address (a fleet's workers: 8 by default)
IDLE_ADDRESSES = 64  # addresses with idle connections kept; past that the oldest address's are closed


class WireError(Exception):
    """A request failed below HTTP: `stage` says whether anything reached the server."""

    def __init__(self, stage: str, cause: BaseException | None = None, detail: str = "") -> None:
        super().__init__(detail or repr(cause))
        self.stage = stage  # "connect" (nothing was sent), "answer" (sent; no complete answer came back)
        self.cause = cause


class DeadlineExceeded(WireError):
    """The deadline passed before the answer was complete."""


class AnswerTooLarge(WireError):
    """The answer's body is larger than the cap."""


class Answer(Struct, frozen=True):
    """A complete HTTP answer."""

    status: int
    reason: str
    headers: Message
    body: bytes


class TunnelRefused(Exception):
    """The proxy did not open the tunnel (its status), or answered CONNECT with something else."""


class Proxy(Struct, frozen=True):
    """An HTTP proxy reached with CONNECT."""

    host: str
    port: int
    authorization: str | None = None  # the Proxy-Authorization value: never shown (repr)

    def __repr__(self) -> str:
        return repr_without(self, "authorization")

    @property
    def shown(self) -> str:
        """host:port, as messages name the proxy (never its credentials)."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


class Endpoint(Struct, frozen=True):
    """Where to POST: the URL's parts, and the address actually dialled."""

    tls: bool
    host: str  # as written in the URL: the Host header and the TLS server name
    port: int
    path: str
    proxy: Proxy | None = None  # reached through this proxy's tunnel (see proxy.py), else directly

    @property
    def dial(self) -> str:
        """The address to connect to: 127.0.0.1 for localhost and any name under .localhost."""
        return "127.0.0.1" if is_localhost(self.host) else self.host


def is_localhost(host: str) -> bool:
    """`localhost` or a name under `.localhost` (RFC 6761: they always mean loopback)."""
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


class _Clock:
    """Time left until one deadline."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self, stage: str) -> float:
        """Seconds left; DeadlineExceeded when none are."""
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise DeadlineExceeded(stage)
        return remaining


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes, each read allowed only the time left until the deadline."""

    def __init__(self, sock: socket.socket, clock: _Clock) -> None:
        self._sock = sock
        self._clock = clock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        self._sock.settimeout(self._clock.left("answer"))
        return self._sock.recv_into(buffer)


class _Response(http.client.HTTPResponse):
    """http.client's response parser reading through a _DeadlineReader."""

    def __init__(self, sock: socket.socket, clock: _Clock) -> None:
        super().__init__(sock, method="POST")
        # The socket file http.client opened is not read, only kept open until this answer is closed: like
        # http.client's own, the answer keeps the socket alive when its connection is closed first.
        self._socket_file = self.fp
        self.fp = io.BufferedReader(_DeadlineReader(sock, clock), CHUNK)

    def _close_conn(self) -> None:
        super()._close_conn()  # type: ignore[misc]
        self._socket_file.close()


class _Connection(http.client.HTTPConnection):
    """An HTTP(S) connection that dials `endpoint.dial` but names `endpoint.host` (Host header, SNI)."""

    def __init__(self, endpoint: Endpoint, context: ssl.SSLContext | None, clock: _Clock) -> None:
        super().__init__(endpoint.host, endpoint.port)
        self.default_port = 443 if context else 80  # the Host header carries the port only if not default
        self._endpoint = endpoint
        self._context = context
        self.clock = clock  # the deadline of the request under way (a kept-alive connection gets each one's)
        self.response_class = self._response  # type: ignore[assignment]

    def _response(self, sock: socket.socket, method: str | None = None) -> _Response:
        """http.client's response, reading within the current request's deadline."""
        return _Response(sock, self.clock)

    def set_host(self, host: str, port: int) -> None:
        """Name another host of the same address in the Host header (a kept-alive plain connection)."""
        self.host, self.port = host, port

    def connect(self) -> None:
        proxy = self._endpoint.proxy
        if proxy is None:
            sock = _dial(self._endpoint.dial, self._endpoint.port, self.clock)
        else:
            sock = _dial(proxy.host, proxy.port, self.clock)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if proxy is not None:
                _tunnel(sock, proxy, self._endpoint, self.clock)
            if self._context is not None:
                tls = self._context.wrap_socket(
                    sock, server_hostname=self._endpoint.host, do_handshake_on_connect=False
                )
                sock = tls
                tls.settimeout(self.clock.left("connect"))
                tls.do_handshake()  # the timeout bounds the whole handshake, not each read
        except BaseException:
            sock.close()
            raise
        self.sock = sock


def _tunnel(sock: socket.socket, proxy: Proxy, endpoint: Endpoint, clock: _Clock) -> None:
    """Ask the proxy for a tunnel to the endpoint (CONNECT) and read its answer, within the deadline."""
    host = f"[{endpoint.host}]" if ":" in endpoint.host else endpoint.host
    lines = [f"CONNECT {host}:{endpoint.port} HTTP/1.1", f"Host: {host}:{endpoint.port}"]
    if proxy.authorization:
        lines.append(f"Proxy-Authorization: {proxy.authorization}")
    sock.settimeout(clock.left("connect"))
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
    head = b""
    while b"\r\n\r\n" not in head:
        sock.settimeout(clock.left("connect"))
        chunk = sock.recv(1024)
        if not chunk:
            raise TunnelRefused(f"the proxy {proxy.shown} closed the connection instead of opening a tunnel")
        head += chunk
        if len(head) > TUNNEL_HEAD_LIMIT:
            raise TunnelRefused(f"the proxy {proxy.shown} answered CONNECT with more than headers")
    status_line = head.partition(b"\r\n")[0]
    words = status_line.decode("latin-1").split(None, 2)
    if len(words) < 2 or not words[0].startswith("HTTP/") or not words[1].isdigit():
        raise TunnelRefused(f"the proxy {proxy.shown} did not answer CONNECT with HTTP")
    status = int(words[1])
    if not 200 <= status < 300:
        reason = "".join(c for c in (words[2] if len(words) > 2 else "") if c.isprintable())[:80]
        hint = " (it asks for credentials: put user:password before the host in the proxy URL)"
        hint = hint if status == 407 else ""
        raise TunnelRefused(f"the proxy {proxy.shown} refused the tunnel: {status} {reason}".rstrip() + hint)
    if head.index(b"\r\n\r\n") + 4 != len(head):
        raise TunnelRefused(f"the proxy {proxy.shown} sent data before the tunnel was used")


def _resolve(host: str, port: int, clock: _Clock) -> list[tuple[Any, ...]]:
    """getaddrinfo within the deadline: the resolver has no timeout of its own, so it runs in a thread
    that is abandoned (it ends on its own) if the deadline passes first; IP literals need no lookup."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:  # as bytes when ASCII: a str host is encoded with the idna codec, whose import costs milliseconds
        literal = host.encode("ascii") if host.isascii() else host
        return list(socket.getaddrinfo(literal, port, type=socket.SOCK_STREAM))
    found: list[Any] = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as err:  # handed to the caller
            found.append(err)

    worker = threading.Thread(target=lookup, name="schemagen-dns", daemon=True)
    worker.start()
    worker.join(clock.left("connect"))
    if not found:
        raise DeadlineExceeded("connect")
    if isinstance(found[0], BaseException):
        raise found[0]
    return list(found[0])


def _dial(host: str, port: int, clock: _Clock) -> socket.socket:
    """A TCP connection to the first address of `host` that answers, all tries within the deadline."""
    last: OSError | None = None
    for family, kind, proto, _name, address in _resolve(host, port, clock):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(clock.left("connect"))
            sock.connect(address)
            return sock
        except TimeoutError:
            sock.close()
            raise DeadlineExceeded("connect") from None  # the whole time left is gone
        except OSError as err:
            sock.close()
            last = err
        except BaseException:
            sock.close()
            raise
    raise last or OSError(f"no address for {host}")


class _Idle:
    """Kept-alive plain connections, idle, by the address they reach (dial address and port): taken by one
    request at a time, given back only when their answer was read to its end."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[tuple[str, int], list[_Connection]] = {}

    def take(self, key: tuple[str, int]) -> _Connection | None:
        """An idle connection to `key` that the server has not closed, or None."""
        while True:
            with self._lock:
                idle = self._by_key.get(key)
                if not idle:
                    return None
                conn = idle.pop()
            if _usable(conn):
                return conn
            conn.close()

    def give(self, key: tuple[str, int], conn: _Connection) -> None:
        """Keep `conn` for the next request to `key` (closed instead when enough are kept)."""
        closing: list[_Connection] = []
        with self._lock:
            idle = self._by_key.setdefault(key, [])
            if len(idle) < IDLE_PER_ADDRESS:
                idle.append(conn)
            else:
                closing.append(conn)
            while len(self._by_key) > IDLE_ADDRESSES:  # the oldest address first (dicts keep order)
                closing += self._by_key.pop(next(iter(self._by_key)))
        for old in closing:
            old.close()


_IDLE = _Idle()


def _usable(conn: _Connection) -> bool:
    """True when an idle connection is still open: nothing to read on it (the server sends nothing unasked,
    so a readable socket means it closed the connection, or is broken)."""
    sock = conn.sock
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


def _key(endpoint: Endpoint) -> tuple[str, int]:
    """What a kept-alive plain connection may be reused for: the same address and port (the Host header
    names the database: sqld's namespaces)."""
    return endpoint.dial, endpoint.port


def post(
    endpoint: Endpoint,
    body: bytes,
    headers: dict[str, str],
    *,
    seconds: float,
    max_bytes: int,
    context: ssl.SSLContext | None,
    reuse: bool = False,
) -> Answer:
    """POST `body` and return the whole answer within `seconds`; WireError (or a subclass) otherwise.

    Bodies of 2xx answers are capped at `max_bytes` (AnswerTooLarge); other answers are read only up to
    ERROR_BODY_LIMIT, since they are shown as one line. With `reuse` (a request safe to send twice), a
    kept-alive connection is used when one is idle, and this one is kept afterwards.
    """
    clock = _Clock(seconds)
    context = context if endpoint.tls else None
    # Plain HTTP only: over TLS every database has a host name of its own (Turso), so a connection would
    # serve one database's requests only; a tunnel is opened per request, as the proxy expects.
    reuse = reuse and context is None and endpoint.proxy is None
    key = _key(endpoint)
    conn = _IDLE.take(key) if reuse else None
    if conn is not None:
        conn.clock = clock
        conn.set_host(endpoint.host, endpoint.port)
        try:
            return _exchange(conn, endpoint, body, headers, clock, max_bytes, key if reuse else None)
        except DeadlineExceeded:
            raise
        except WireError:
            pass  # the server closed it meanwhile: sent again below, on a new connection
    conn = _Connection(endpoint, context, clock)
    try:
        conn.connect()
    except DeadlineExceeded:
        conn.close()
        raise
    except TimeoutError as err:
        conn.close()
        raise DeadlineExceeded("connect", err) from None
    except (OSError, ValueError, TunnelRefused) as err:  # ValueError: e.g. a NUL in the host name
        conn.close()
        raise WireError("connect", err) from None
    return _exchange(conn, endpoint, body, headers, clock, max_bytes, key if reuse else None)


def _exchange(
    conn: _Connection,
    endpoint: Endpoint,
    body: bytes,
    headers: dict[str, str],
    clock: _Clock,
    max_bytes: int,
    keep: tuple[str, int] | None,
) -> Answer:
    """Send the request on a connected `conn` and read the whole answer; `conn` is kept idle under `keep`
    when the answer was read to its end and the server keeps the connection open, else closed."""
    kept = False
    response: http.client.HTTPResponse | None = None
    try:
        assert conn.sock is not None
        conn.sock.settimeout(clock.left("answer"))  # sendall: the timeout bounds the whole send
        conn.request("POST", endpoint.path, body=body, headers=headers)
        response = conn.getresponse()
        answer = Answer(response.status, response.reason, response.headers, _body(response, max_bytes))
        if keep is not None and not response.will_close and response.isclosed() and conn.sock is not None:
            _IDLE.give(keep, conn)
            kept = True
        return answer
    except WireError:
        raise
    except TimeoutError as err:
        raise DeadlineExceeded("answer", err) from None
    except (OSError, http.client.HTTPException, ValueError) as err:
        # ValueError: http.client's chunked decoding lets int() errors of a bad chunk size through.
        raise WireError("answer", err) from None
    finally:
        if not kept:
            if response is not None:
                response.close()
            conn.close()


def _body(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    """Read the body in chunks: refused as soon as it passes the cap (a 2xx), cut short (any other)."""
    ok = 200 <= response.status < 300
    limit = max_bytes if ok else ERROR_BODY_LIMIT
    declared = response.getheader("Content-Length")
    if ok and declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise AnswerTooLarge("answer")
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            if ok:
                raise AnswerTooLarge("answer")
            return b"".join(parts)[:limit]
    if declared is not None and declared.strip().isdigit() and size < int(declared):
        # http.client returns a body cut short by a closed connection without complaint.
        raise WireError("answer", http.client.IncompleteRead(b"", int(declared) - size))
    return b"".join(parts)
