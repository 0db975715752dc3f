"""A small HTTP proxy on loopback that answers CONNECT, for the driver's proxy tests.

Whatever host a client asks for, the tunnel goes to one upstream port on 127.0.0.1 (a local sqld), so a
test can name a database by a made-up host name that is never looked up. It records every CONNECT it was
sent (request line and headers) and can refuse, ask for credentials or never answer.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Seen:
    """One CONNECT as the proxy received it."""

    line: str
    headers: dict[str, str] = field(default_factory=dict)


class ConnectProxy:
    """`mode`: "tunnel" (to 127.0.0.1:`upstream`), "refuse" (403), "silent" (never answers); with
    `credentials` ("user:password"), a CONNECT without them is answered 407."""

    def __init__(self, upstream: int = 0, mode: str = "tunnel", credentials: str | None = None) -> None:
        self.upstream = upstream
        self.mode = mode
        self.credentials = credentials
        self.seen: list[Seen] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self._open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                return
            head += chunk
        line, *rest = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
        seen = Seen(line, dict(h.split(": ", 1) for h in rest if ": " in h))
        self.seen.append(seen)
        if self.mode == "silent":
            self._stop.wait()
            return
        if self.mode == "refuse":
            conn.sendall(b"HTTP/1.1 403 Forbidden by policy\r\nContent-Length: 0\r\n\r\n")
            conn.close()
            return
        if self.credentials is not None:
            import base64

            wanted = "Basic " + base64.b64encode(self.credentials.encode()).decode()
            if seen.headers.get("Proxy-Authorization") != wanted:
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
                conn.close()
                return
        upstream = socket.create_connection(("127.0.0.1", self.upstream))
        self._open.append(upstream)
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        threading.Thread(target=_pipe, args=(upstream, conn), daemon=True).start()
        _pipe(conn, upstream)

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        for sock in self._open:
            sock.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    """Copy bytes one way until either side closes."""
    try:
        while data := source.recv(65536):
            sink.sendall(data)
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass


@contextmanager
def connect_proxy(
    upstream: int = 0, mode: str = "tunnel", credentials: str | None = None
) -> Iterator[ConnectProxy]:
    proxy = ConnectProxy(upstream, mode, credentials)
    try:
        yield proxy
    finally:
        proxy.stop()
