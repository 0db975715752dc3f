"""Hostile HTTP servers on 127.0.0.1: real sockets whose answers a test writes byte by byte.

`HostileServer(behaviour)` accepts connections, reads each HTTP request, and hands it with the socket to
`behaviour`, which may answer anything: wrong-shaped JSON, HTML, a body trickled one byte a second, an
endless body, broken HTTP, or an echo of the request's headers. `forward(upstream)` relays to a real
sqld, so a test can let some requests through and spoil the next. Only loopback is ever bound.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Request:
    """One HTTP request as received."""

    line: str  # "POST /v2/pipeline HTTP/1.1"
    headers: dict[str, str]  # names lower-cased
    body: bytes
    index: int  # 0 for the server's first request, 1 for the next, ...

    @property
    def path(self) -> str:
        return self.line.split(" ")[1] if " " in self.line else ""

    def json(self) -> Any:
        return json.loads(self.body)

    def kinds(self) -> list[tuple[str, int]]:
        """The Hrana requests of a pipeline, with the step count of each batch (0 for others)."""
        return [
            (r["type"], len(r["batch"]["steps"]) if r["type"] == "batch" else 0)
            for r in self.json()["requests"]
        ]


Behaviour = Callable[[Request, socket.socket], None]


class HostileServer:
    """An HTTP server on 127.0.0.1 whose every answer `behaviour` writes; `.requests` holds what came."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[Request] = []
        self.sent = 0  # body bytes written by the streaming behaviours (trickle, endless)
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._conns: list[socket.socket] = []
        self._listener = socket.create_server((HOST, 0))
        self._listener.settimeout(0.2)  # accept() wakes up to notice stop()
        self.port: int = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, name="hostile", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), name="hostile-conn", daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(30)
                request = self._read(conn)
                if request is not None:
                    self.behaviour(request, conn)
            except OSError:
                pass  # the client hung up, or stop() closed the socket

    def _read(self, conn: socket.socket) -> Request | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        line, *fields = head.decode("latin-1").split("\r\n")
        headers = {}
        for field in fields:
            name, _, value = field.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        with self._lock:
            request = Request(line, headers, body, len(self.requests))
            self.requests.append(request)
        return request

    def count(self, sent: int) -> None:
        with self._lock:
            self.sent += sent

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._listener.close()
        with self._lock:
            for conn in self._conns:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- behaviours -------------------------------------------------------------------------------------------


def head(status: int = 200, headers: dict[str, str] | None = None, reason: str = "X") -> bytes:
    """A status line and headers (Connection: close added), up to the blank line."""
    lines = [
        f"HTTP/1.1 {status} {reason}",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(conn: socket.socket, status: int, body: bytes, content_type: str = "application/json") -> None:
    """A complete answer with a Content-Length."""
    conn.sendall(head(status, {"Content-Type": content_type, "Content-Length": str(len(body))}) + body)


def answer(body: bytes | str | Any, status: int = 200, content_type: str = "application/json") -> Behaviour:
    """Always the same answer: bytes or str as they are, anything else as JSON."""
    data = (
        body
        if isinstance(body, bytes)
        else body.encode()
        if isinstance(body, str)
        else json.dumps(body).encode()
    )

    def behave(request: Request, conn: socket.socket) -> None:
        respond(conn, status, data, content_type)

    return behave


def shaped(make: Callable[[Request], Any]) -> Behaviour:
    """A JSON answer computed from the request (e.g. the right number of results, of the wrong shape)."""

    def behave(request: Request, conn: socket.socket) -> None:
        respond(conn, 200, json.dumps(make(request)).encode())

    return behave


def echo(status: int = 401, as_json: bool = True) -> Behaviour:
    """An error whose text repeats the request line and every header (Authorization included)."""

    def behave(request: Request, conn: socket.socket) -> None:
        seen = request.line + " " + " ".join(f"{k}: {v}" for k, v in request.headers.items())
        body = json.dumps({"error": f"denied: {seen}"}) if as_json else f"denied: {seen}"
        respond(conn, status, body.encode(), "application/json" if as_json else "text/plain")

    return behave


def raw(data: bytes, then_close: bool = True) -> Behaviour:
    """Exactly these bytes (broken HTTP of any kind), then hang up (or wait for the client to)."""

    def behave(request: Request, conn: socket.socket) -> None:
        conn.sendall(data)
        if not then_close:
            conn.recv(1)

    return behave


def trickle(server_ref: list[HostileServer], interval: float = 1.0, in_headers: bool = False) -> Behaviour:
    """A promised 1,000,000-byte answer sent one byte every `interval` seconds (or its headers so)."""

    def behave(request: Request, conn: socket.socket) -> None:
        server = server_ref[0]
        if not in_headers:
            conn.sendall(head(200, {"Content-Type": "application/json", "Content-Length": "1000000"}))
        stream = head(200, {"Content-Length": "1000000"}) if in_headers else b"{" + b" " * 999_999
        for byte in stream:
            if server.stopped:
                return
            conn.sendall(bytes([byte]))
            server.count(1)
            time.sleep(interval)

    return behave


def endless(server_ref: list[HostileServer], length: int | None, chunked: bool = False) -> Behaviour:
    """A body of `length` bytes (None: no length, until the client hangs up) sent as fast as it is read."""

    def behave(request: Request, conn: socket.socket) -> None:
        server = server_ref[0]
        headers = {"Content-Type": "application/json"}
        if chunked:
            headers["Transfer-Encoding"] = "chunked"
        elif length is not None:
            headers["Content-Length"] = str(length)
        conn.sendall(head(200, headers))
        block = b"[" * 65536
        left = length if length is not None else 1 << 62
        while left > 0 and not server.stopped:
            piece = block[: min(len(block), left)]
            conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            server.count(len(piece))
            left -= len(piece)

    return behave


def forward(upstream: str, spoil: Callable[[Request], Behaviour | None]) -> Behaviour:
    """Relay each request to `upstream` (a real sqld) unless `spoil(request)` gives another behaviour."""

    def behave(request: Request, conn: socket.socket) -> None:
        other = spoil(request)
        if other is not None:
            other(request, conn)
            return
        headers = {k: v for k, v in request.headers.items() if k in ("authorization", "content-type")}
        relay = urllib.request.Request(upstream + request.path, data=request.body, headers=headers)
        try:
            with urllib.request.urlopen(relay, timeout=30) as response:
                respond(conn, response.status, response.read())
        except urllib.error.HTTPError as err:
            respond(conn, err.code, err.read())

    return behave


def serve(make: Callable[[list[HostileServer]], Behaviour]) -> HostileServer:
    """A server whose behaviour needs the server itself (to count bytes, to notice stop())."""
    ref: list[HostileServer] = []
    server = HostileServer(lambda request, conn: make(ref)(request, conn))
    ref.append(server)
    return server
