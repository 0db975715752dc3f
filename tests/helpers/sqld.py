"""A running sqld (libSQL server) for the tests: bound to 127.0.0.1, JWT auth with a key made per server,
its own database directory, namespaces on request.

This module talks to sqld with its own minimal Hrana requests (``SqldServer.run``), independently of
generator/db.py, so tests can check what the code under test did through a separate path.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from helpers.loopback import HOST, STOP_TIMEOUT, clean_env, free_port, healthy
from helpers.sqld_binary import ensure_sqld_binary
from helpers.tokens import Tokens, mint

START_TIMEOUT = 30.0
MAX_ACTIVE_NAMESPACES = 5000  # more than any test or benchmark creates on one server

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
            forged=mint(Ed25519PrivateKey.generate(), {"a": "rw", "iat": now, "exp": now + 86400}),
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
        return mint(self._key, claims)

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
                env=clean_env(),
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not healthy(port):
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
