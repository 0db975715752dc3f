"""The database driver: a local SQLite file (stdlib sqlite3) or a libSQL server over Hrana-over-HTTP.

Remote access speaks the Hrana-over-HTTP JSON protocol (``POST {base}/v2/pipeline``) with the stdlib only,
so a whole introspection (plus the write-permission probe) costs one HTTP request and an ``apply`` runs all
of its statements as one atomic batch in one HTTP request.

Tokens never appear in a message, a ``repr`` or a displayed URL: every message goes through ``redact``.
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import socket
import sqlite3
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, TypeAlias

from generator.errors import AuthError, DatabaseError

Value: TypeAlias = int | float | str | bytes | None
Row: TypeAlias = tuple[Value, ...]
Statement: TypeAlias = str | tuple[str, Sequence[Value]]  # SQL text, or SQL with its ? parameters
_Kind: TypeAlias = Literal["read", "probe", "apply"]  # what a request does, for its error messages

DEFAULT_TIMEOUT = 10.0
DEFAULT_APPLY_TIMEOUT = 300.0
READ_ONLY_MESSAGE = "this token is read-only; push needs a read-write token"
WS_MESSAGE = "{scheme}:// URLs are not supported: use libsql:// or https:// (Hrana over HTTP)"
PROBE_TABLE = "_schemagen_probe"

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TOKEN_PARAM_RE = re.compile(r"(?i)(authToken=)[^&#\s]*")
_USERINFO_RE = re.compile(r"(?i)^([a-z][a-z0-9+.-]*://)[^/@?#]*@")
_FK_ROWS_SQL = 'SELECT "table", rowid, parent, fkid FROM pragma_foreign_key_check LIMIT 20'
# Fails (json() of invalid JSON) only when a foreign key violation exists: a Hrana batch can condition the
# COMMIT on a step's success, not on a step's rows.
_FK_GUARD_SQL = "SELECT json('foreign key violations') WHERE EXISTS (SELECT 1 FROM pragma_foreign_key_check)"


def _fk_sql(tables: Sequence[str] | None) -> tuple[str, str] | None:
    """The foreign-key check (rows, guard) of `tables` as children; None: all tables; empty: no check."""
    if tables is None:
        return _FK_ROWS_SQL, _FK_GUARD_SQL
    if not tables:
        return None
    source = " UNION ALL ".join(
        "SELECT * FROM pragma_foreign_key_check('" + t.replace("'", "''") + "')" for t in tables
    )
    rows = f'SELECT "table", rowid, parent, fkid FROM ({source}) LIMIT 20'
    return rows, f"SELECT json('foreign key violations') WHERE EXISTS ({source})"


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


def _first_line(sql: str, limit: int = 100) -> str:
    """The first non-blank line of a statement, shortened for messages."""
    for line in sql.strip().splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return "<empty statement>"


def _one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace so a server message fits the one-line error convention."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _fk_message(rows: Sequence[Row]) -> str:
    """Describe foreign_key_check rows (table, rowid, parent, fkid)."""
    shown = ", ".join(f"{r[0]!r} rowid {r[1]!r} -> {r[2]!r}" for r in rows[:5])
    more = f" (and {len(rows) - 5} more)" if len(rows) > 5 else ""
    return f"foreign key violations after the changes: {shown}{more}"


class Database(ABC):
    """An open database: query, pipelined reads, write probe and atomic apply."""

    url: str
    requests_sent: int = 0

    @abstractmethod
    def query(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Run one statement and return its rows."""

    @abstractmethod
    def pipeline(self, reads: Sequence[str], *, probe_write: bool = False) -> list[list[Row]]:
        """Run several read statements (and optionally the write probe) at once; return each one's rows."""

    def probe_write(self) -> None:
        """Check, without changing anything, that this connection may write; AuthError if it may not."""
        self.pipeline([], probe_write=True)

    def apply(
        self,
        statements: Sequence[Statement],
        *,
        foreign_keys_off: bool = False,
        check_tables: Sequence[str] | None = None,
    ) -> list[int]:
        """Run `statements` in one all-or-nothing transaction; returns the rows each one changed.

        With `foreign_keys_off` (table rebuilds) the foreign keys are checked before COMMIT, of the
        `check_tables` as children when given (rows already dangling elsewhere do not block), else of all.
        Nothing is sent when there are no statements.
        """
        if not statements:
            return []
        return self._apply(list(statements), foreign_keys_off, check_tables)

    @abstractmethod
    def _apply(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> list[int]:
        """The backend's apply of a non-empty list of statements."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"


def connect(
    url: str,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    apply_timeout: float = DEFAULT_APPLY_TIMEOUT,
    ca_file: str | None = None,
) -> Database:
    """Open the database at `url`; `token` (else the URL's `?authToken=`) authenticates remote access."""
    target = parse_url(url)
    if target.kind == "file":
        return FileDatabase(target, timeout=timeout)
    chosen = token.strip() if token and token.strip() else target.token
    return HttpDatabase(target, chosen, timeout=timeout, apply_timeout=apply_timeout, ca_file=ca_file)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: a redirected POST would lose its body, and the token must not follow it elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class HttpDatabase(Database):
    """A libSQL server (sqld, Turso) spoken to with Hrana over HTTP: one pipeline per HTTP request."""

    def __init__(
        self,
        target: Target,
        token: str | None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        apply_timeout: float = DEFAULT_APPLY_TIMEOUT,
        ca_file: str | None = None,
    ) -> None:
        self.url = target.url
        self.endpoint = target.address + "/v2/pipeline"
        self.timeout = timeout
        self.apply_timeout = apply_timeout
        self.requests_sent = 0
        self._count_lock = threading.Lock()  # requests may be sent from several threads (import)
        self._token = token
        if token is not None and (not token.isprintable() or any(c.isspace() for c in token)):
            raise AuthError(f"{self.url}: the auth token contains whitespace or control characters")
        self._opener = self._build_opener(ca_file)

    def _build_opener(self, ca_file: str | None) -> urllib.request.OpenerDirector:
        """An opener verifying TLS against `ca_file`, or the system roots when it is None."""
        try:
            context = ssl.create_default_context(cafile=ca_file)
        except (OSError, ssl.SSLError) as err:
            raise DatabaseError(f"cannot load CA file {ca_file}: {err}") from None
        return urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirect())

    def _error(self, message: str, cls: type[DatabaseError] = DatabaseError) -> DatabaseError:
        """Build an exception whose message is redacted and on one line."""
        return cls(_one_line(redact(message, self._token), limit=600))

    # --- transport --------------------------------------------------------------------------------------

    def _send(self, requests: list[dict[str, Any]], *, kind: _Kind, timeout: float) -> list[dict[str, Any]]:
        """POST one pipeline (closing its stream) and return the results of `requests`."""
        try:
            body = json.dumps({"baton": None, "requests": [*requests, {"type": "close"}]}, allow_nan=False)
        except ValueError:
            raise self._error(f"{self.url}: NaN and infinite floats cannot be sent as parameters") from None
        headers = {"Content-Type": "application/json", "User-Agent": "schemagen"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(self.endpoint, data=body.encode(), headers=headers, method="POST")
        with self._count_lock:
            self.requests_sent += 1
        try:
            with self._opener.open(request, timeout=timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as err:
            raise self._http_error(err, kind) from None
        except urllib.error.URLError as err:
            raise self._error(f"cannot reach {self.url}: {self._reason(err.reason, timeout)}") from None
        except (OSError, http.client.HTTPException) as err:
            raise self._lost(err, kind, timeout) from None
        return self._results(payload, len(requests))

    def _reason(self, reason: object, timeout: float) -> str:
        """Name why a connection could not be made, in a few words."""
        if isinstance(reason, ConnectionRefusedError):
            return "connection refused"
        if isinstance(reason, socket.gaierror):
            return f"DNS lookup failed ({reason.strerror})"
        if isinstance(reason, TimeoutError):
            return f"timed out after {timeout:g} s"
        if isinstance(reason, ssl.SSLCertVerificationError):
            return f"TLS certificate verification failed ({reason.verify_message})"
        if isinstance(reason, ssl.SSLError):
            hint = ""
            if "WRONG_VERSION_NUMBER" in str(reason) or "record layer failure" in str(reason):
                hint = "; the server may speak plain HTTP: use http:// or libsql://...?tls=0"
            return f"TLS handshake failed ({reason.reason or reason}){hint}"
        if isinstance(reason, OSError):
            return reason.strerror or type(reason).__name__
        return str(reason)

    def _lost(self, err: BaseException, kind: _Kind, timeout: float) -> DatabaseError:
        """The server was reached but no complete answer came back."""
        if isinstance(err, TimeoutError):
            what = f"no answer within {timeout:g} s"
        else:
            what = "the connection was lost before the server answered"
        if kind == "apply":
            return self._error(
                f"{self.url}: {what}; the changes were applied entirely or not at all: "
                "check the database before retrying"
            )
        return self._error(f"cannot reach {self.url}: {what}")

    def _http_error(self, err: urllib.error.HTTPError, kind: _Kind) -> DatabaseError:
        """Map an HTTP error status to AuthError or DatabaseError."""
        try:
            text = err.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            text = ""
        detail = text
        try:
            data = json.loads(text)
            if isinstance(data, dict):
                detail = str(data.get("error") or data.get("message") or text)
        except ValueError:
            pass
        detail = _one_line(detail, limit=200)
        if err.code == 401:
            if not self._token:
                return self._error(
                    f"{self.url}: the server requires an auth token, none was given", AuthError
                )
            return self._error(f"{self.url}: the auth token was rejected ({detail})", AuthError)
        if err.code == 403:
            if kind != "read":  # sqld refuses the whole pipeline up front when any statement would write
                return self._error(f"{self.url}: {READ_ONLY_MESSAGE}", AuthError)
            return self._error(f"{self.url}: the server forbade this request ({detail})", AuthError)
        if 300 <= err.code < 400:
            where = err.headers.get("Location", "?")
            return self._error(f"{self.url}: the server redirects to {where}; use that URL instead")
        hint = " (is this a libSQL server?)" if err.code in (404, 405) else ""
        return self._error(f"{self.url}: HTTP {err.code}: {detail or err.reason}{hint}")

    def _results(self, payload: bytes, expected: int) -> list[dict[str, Any]]:
        """Decode a pipeline response body and check its shape."""
        try:
            data = json.loads(payload)
            results = data["results"]
            if not isinstance(results, list) or len(results) != expected + 1:
                raise TypeError("wrong number of results")
        except (ValueError, KeyError, TypeError) as err:
            raise self._error(f"{self.url}: unexpected response from the server ({err})") from None
        return results[:expected]

    # --- protocol -----------------------------------------------------------------------------------------

    def _stmt_error(self, what: str, sql: str, error: dict[str, Any]) -> DatabaseError:
        """A failed statement, named by its first line, with the server's message."""
        message = str(error.get("message", "unknown error"))
        return self._error(f"{self.url}: {what}: {_first_line(sql)}: {message}")

    def _rows(self, result: dict[str, Any], sql: str) -> list[Row]:
        """Rows of one execute result, or the statement's error."""
        if result.get("type") != "ok":
            raise self._stmt_error("query failed", sql, result.get("error") or {})
        return [tuple(_decode(v) for v in row) for row in result["response"]["result"]["rows"]]

    def query(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Run one statement (one HTTP request) and return its rows."""
        stmt = {"sql": sql, "args": [_encode(p) for p in params]}
        (result,) = self._send([{"type": "execute", "stmt": stmt}], kind="read", timeout=self.timeout)
        return self._rows(result, sql)

    def pipeline(self, reads: Sequence[str], *, probe_write: bool = False) -> list[list[Row]]:
        """Run `reads` (and the write probe) in ONE HTTP request; return each read's rows."""
        if not reads and not probe_write:
            return []
        requests: list[dict[str, Any]] = [{"type": "execute", "stmt": {"sql": sql}} for sql in reads]
        if probe_write:
            requests.append({"type": "batch", "batch": {"steps": _probe_steps()}})
        results = self._send(requests, kind="probe" if probe_write else "read", timeout=self.timeout)
        rows = [self._rows(result, sql) for result, sql in zip(results, reads, strict=False)]
        if probe_write:
            self._check_probe(results[-1])
        return rows

    def _check_probe(self, result: dict[str, Any]) -> None:
        """Raise if the write probe's batch failed for a reason other than permissions."""
        if result.get("type") != "ok":
            message = (result.get("error") or {}).get("message", "unknown error")
            raise self._error(f"{self.url}: write check failed: {message}")
        errors = result["response"]["result"]["step_errors"]
        for error in errors:
            if error is not None:
                raise self._error(f"{self.url}: write check failed: {error.get('message', 'unknown error')}")

    def _apply(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> list[int]:
        """The statements as ONE Hrana batch in ONE HTTP request."""
        plan = _ApplyPlan(statements, foreign_keys_off, check_tables)
        (result,) = self._send(
            [{"type": "batch", "batch": {"steps": plan.steps}}], kind="apply", timeout=self.apply_timeout
        )
        if result.get("type") != "ok":
            message = (result.get("error") or {}).get("message", "unknown error")
            raise self._error(f"{self.url}: the server rejected the batch, nothing was changed: {message}")
        batch = result["response"]["result"]
        failure = plan.failure(batch["step_results"], batch["step_errors"])
        if failure is not None:
            raise self._error(f"{self.url}: {failure}")
        results = batch["step_results"][plan.first : plan.first + len(statements)]
        return [int((r or {}).get("affected_row_count") or 0) for r in results]

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own stream."""


def _probe_steps() -> list[dict[str, Any]]:
    """BEGIN; CREATE TABLE IF NOT EXISTS probe; ROLLBACK: a write that sqld must authorize but never keeps."""
    return [
        {"stmt": {"sql": "BEGIN"}},
        {"stmt": {"sql": f'CREATE TABLE IF NOT EXISTS "{PROBE_TABLE}"(x)'}, "condition": _ok(0)},
        {"stmt": {"sql": "ROLLBACK"}, "condition": _ok(0)},
    ]


def _ok(step: int) -> dict[str, Any]:
    """Hrana batch condition: step `step` ran and succeeded."""
    return {"type": "ok", "step": step}


class _ApplyPlan:
    """An apply as a Hrana batch: [fk off] BEGIN, statements, [fk check], COMMIT, ROLLBACK, [fk on]."""

    def __init__(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> None:
        self.statements = statements
        self.steps: list[dict[str, Any]] = []
        # PRAGMA foreign_keys is a no-op inside a transaction, so it goes before BEGIN. sqld opens its
        # connections with foreign_keys=ON, hence it is turned back on at the end.
        if foreign_keys_off:
            self._add("PRAGMA foreign_keys=OFF", None)
        self.begin = last = self._add("BEGIN", None)
        self.first = len(self.steps)
        for stmt in statements:
            sql, args = _split(stmt)
            last = self._add(sql, _ok(last), args)
        self.fk_rows = self.fk_guard = -1
        if foreign_keys_off:
            fk = _fk_sql(check_tables)
            if fk is not None:
                self.fk_rows = last = self._add(fk[0], _ok(last))
                self.fk_guard = last = self._add(fk[1], _ok(last))
        self.commit = self._add("COMMIT", _ok(last))
        self._add("ROLLBACK", {"type": "not", "cond": _ok(self.commit)})
        if foreign_keys_off:
            self._add("PRAGMA foreign_keys=ON", None)

    def _add(self, sql: str, condition: dict[str, Any] | None, args: Sequence[Value] = ()) -> int:
        step: dict[str, Any] = {
            "stmt": {"sql": sql, "args": [_encode(a) for a in args]} if args else {"sql": sql}
        }
        if condition is not None:
            step["condition"] = condition
        self.steps.append(step)
        return len(self.steps) - 1

    def failure(self, results: list[Any], errors: list[Any]) -> str | None:
        """The message for the first failed step, or None if the COMMIT succeeded."""
        if results[self.commit] is not None:
            return None
        for index, error in enumerate(errors):
            if error is None:
                continue
            message = str(error.get("message", "unknown error"))
            if self.first <= index < self.first + len(self.statements):
                number = index - self.first
                sql = _split(self.statements[number])[0]
                return (
                    f"statement {number + 1} of {len(self.statements)} failed, nothing was changed: "
                    f"{_first_line(sql)}: {message}"
                )
            if index == self.fk_guard:
                rows = [tuple(_decode(v) for v in row) for row in results[self.fk_rows]["rows"]]
                return f"{_fk_message(rows)}; nothing was changed"
            if index == self.commit:
                return f"COMMIT failed, nothing was changed: {message}"
            return f"{self.steps[index]['stmt']['sql']} failed, nothing was changed: {message}"
        return "the transaction did not commit; nothing was changed"


def _split(statement: Statement) -> tuple[str, Sequence[Value]]:
    """(SQL, parameters) of a statement given as text or as a (SQL, parameters) pair."""
    return (statement, ()) if isinstance(statement, str) else statement


def _encode(value: Value) -> dict[str, Any]:
    """A Python value as a Hrana value."""
    if value is None:
        return {"type": "null"}
    if isinstance(value, bool | int):
        return {"type": "integer", "value": str(int(value))}
    if isinstance(value, float):
        return {"type": "float", "value": value}
    if isinstance(value, str):
        return {"type": "text", "value": value}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"type": "blob", "base64": base64.b64encode(bytes(value)).decode("ascii")}
    raise DatabaseError(f"cannot send a parameter of type {type(value).__name__}")


def _decode(value: dict[str, Any]) -> Value:
    """A Hrana value as a Python value."""
    kind = value.get("type")
    if kind == "null":
        return None
    if kind == "integer":
        return int(value["value"])
    if kind == "float":
        number = value.get("value")
        # sqld sends +-Infinity as JSON null (JSON has no infinities); NaN is stored by SQLite as NULL anyway.
        return None if number is None else float(number)
    if kind == "text":
        return str(value["value"])
    if kind == "blob":
        encoded = str(value["base64"])
        return base64.b64decode(encoded + "=" * (-len(encoded) % 4))  # sqld omits the padding
    raise DatabaseError(f"unexpected value type from the server: {kind}")


class FileDatabase(Database):
    """A local SQLite file through the stdlib sqlite3 module, in autocommit mode."""

    def __init__(self, target: Target, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = target.url
        self.path = target.address
        self.requests_sent = 0
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchall()
        except sqlite3.Error as err:
            raise DatabaseError(f"cannot open {self.url}: {err}") from None

    def _run(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Execute one statement, returning its rows as tuples."""
        return [tuple(row) for row in self._conn.execute(sql, tuple(params)).fetchall()]

    def query(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Run one statement and return its rows."""
        try:
            return self._run(sql, params)
        except sqlite3.Error as err:
            raise DatabaseError(f"{self.url}: query failed: {_first_line(sql)}: {err}") from None

    def pipeline(self, reads: Sequence[str], *, probe_write: bool = False) -> list[list[Row]]:
        """Run `reads` in turn (and the write probe); return each read's rows."""
        rows = [self.query(sql) for sql in reads]
        if probe_write:
            try:
                self._run("BEGIN")
                try:
                    self._run(f'CREATE TABLE IF NOT EXISTS "{PROBE_TABLE}"(x)')
                finally:
                    self._run("ROLLBACK")
            except sqlite3.Error as err:
                raise DatabaseError(f"{self.url}: write check failed: {err}") from None
        return rows

    def _apply(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> list[int]:
        """The statements in one BEGIN IMMEDIATE ... COMMIT transaction, rolled back on any error."""
        if not foreign_keys_off:
            return self._transaction(statements, None)
        # PRAGMA foreign_keys is a no-op inside a transaction: set it before BEGIN, restore it after.
        was_on = self._run("PRAGMA foreign_keys") == [(1,)]
        self._run("PRAGMA foreign_keys=OFF")
        try:
            fk = _fk_sql(check_tables)
            return self._transaction(statements, fk[0] if fk else None)
        finally:
            self._run(f"PRAGMA foreign_keys={'ON' if was_on else 'OFF'}")

    def _transaction(self, statements: list[Statement], fk_rows_sql: str | None) -> list[int]:
        """The transaction body of apply; returns each statement's changed-row count."""
        try:
            self._run("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise DatabaseError(f"{self.url}: cannot start a write transaction: {err}") from None
        changed: list[int] = []
        try:
            for number, stmt in enumerate(statements, start=1):
                sql, args = _split(stmt)
                try:
                    changed.append(max(self._conn.execute(sql, tuple(args)).rowcount, 0))
                except sqlite3.Error as err:
                    raise DatabaseError(
                        f"{self.url}: statement {number} of {len(statements)} failed, nothing was changed: "
                        f"{_first_line(sql)}: {err}"
                    ) from None
            if fk_rows_sql is not None:
                violations = self._run(fk_rows_sql)
                if violations:
                    raise DatabaseError(f"{self.url}: {_fk_message(violations)}; nothing was changed")
            try:
                self._run("COMMIT")
            except sqlite3.Error as err:
                raise DatabaseError(f"{self.url}: COMMIT failed, nothing was changed: {err}") from None
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        return changed

    def close(self) -> None:
        """Close the sqlite3 connection."""
        self._conn.close()


__all__ = [
    "READ_ONLY_MESSAGE",
    "Database",
    "FileDatabase",
    "HttpDatabase",
    "Row",
    "Statement",
    "Target",
    "Value",
    "connect",
    "parse_url",
    "redact",
]
