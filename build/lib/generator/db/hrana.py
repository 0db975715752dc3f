"""A libSQL server (sqld, Turso) over Hrana-over-HTTP (``POST {base}/v2/pipeline``), stdlib only.

A whole introspection (plus the write-permission probe) costs one HTTP request, and an ``apply`` runs all
of its statements as one atomic batch in one HTTP request. Tokens never appear in a message, a ``repr`` or
a displayed URL: every message goes through ``redact``.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

from generator.db.base import (
    DEFAULT_APPLY_TIMEOUT,
    DEFAULT_TIMEOUT,
    PROBE_TABLE,
    READ_ONLY_MESSAGE,
    Database,
    Row,
    Statement,
    Value,
    first_line,
    fk_message,
    fk_sql,
    one_line,
    split_statement,
)
from generator.db.target import Target, redact
from generator.errors import AuthError, DatabaseError

_Kind: TypeAlias = Literal["read", "probe", "apply"]  # what a request does, for its error messages


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
        return cls(one_line(redact(message, self._token), limit=600))

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
        detail = one_line(detail, limit=200)
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
        return self._error(f"{self.url}: {what}: {first_line(sql)}: {message}")

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
            sql, args = split_statement(stmt)
            last = self._add(sql, _ok(last), args)
        self.fk_rows = self.fk_guard = -1
        if foreign_keys_off:
            fk = fk_sql(check_tables)
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
                sql = split_statement(self.statements[number])[0]
                return (
                    f"statement {number + 1} of {len(self.statements)} failed, nothing was changed: "
                    f"{first_line(sql)}: {message}"
                )
            if index == self.fk_guard:
                rows = [tuple(_decode(v) for v in row) for row in results[self.fk_rows]["rows"]]
                return f"{fk_message(rows)}; nothing was changed"
            if index == self.commit:
                return f"COMMIT failed, nothing was changed: {message}"
            return f"{self.steps[index]['stmt']['sql']} failed, nothing was changed: {message}"
        return "the transaction did not commit; nothing was changed"


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
