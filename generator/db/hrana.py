"""A libSQL server (sqld, Turso) over Hrana-over-HTTP (``POST {base}/v2/pipeline``), stdlib only.

A whole introspection (plus the write-permission probe) costs one HTTP request, and an ``apply`` runs all
of its statements as one atomic batch in one HTTP request. The transport (deadlines, size cap, .localhost)
is `wire`, the check of every answer's shape `answers`. Secrets never appear in a message, a ``repr`` or a
displayed URL: every message is masked by ``redact`` before it is cut to one line.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.client
import json
import os
import socket
import ssl
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from typing import Any, Literal, TypeAlias

from generator import messages
from generator.db.answers import (
    Batched,
    Executed,
    Failed,
    RequestKind,
    Result,
    ShapeError,
    parse_pipeline,
    parse_stream,
)
from generator.db.base import (
    DEFAULT_APPLY_TIMEOUT,
    DEFAULT_MAX_ANSWER,
    DEFAULT_TIMEOUT,
    PROBE_TABLE,
    READ_ONLY_MESSAGE,
    Database,
    Row,
    Snapshot,
    Statement,
    Value,
    check_params,
    first_line,
    fk_message,
    fk_sql,
    one_line,
    split_statement,
)
from generator.db.proxy import proxy_for
from generator.db.retry import LockedError, is_locked
from generator.db.target import Target, display_url, redact, token_like
from generator.db.wire import (
    Answer,
    AnswerTooLarge,
    DeadlineExceeded,
    Endpoint,
    TunnelRefused,
    WireError,
    post,
)
from generator.errors import AuthError, DatabaseError

_Kind: TypeAlias = Literal["read", "probe", "apply"]  # what a request does: its deadline, its messages
_EXECUTE: RequestKind = ("execute", None)
_UNKNOWN_OUTCOME = "; the changes were applied entirely or not at all: check the database before retrying"


class HttpDatabase(Database):
    """A libSQL server (sqld, Turso) spoken to with Hrana over HTTP: one pipeline per HTTP request."""

    one_transaction = False  # each request is its own transaction (see Database.one_transaction)
    concurrent = True  # requests from several threads at once (see Database.concurrent)
    remote = True  # an interrupted request may have been applied (see Database.remote)

    def __init__(
        self,
        target: Target,
        token: str | None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        apply_timeout: float = DEFAULT_APPLY_TIMEOUT,
        max_answer: int = DEFAULT_MAX_ANSWER,
        ca_file: str | None = None,
    ) -> None:
        self.url = target.url
        self.endpoint = target.address + "/v2/pipeline"
        self.timeout = timeout
        self.apply_timeout = apply_timeout
        self.max_answer = max_answer
        self.requests_sent = 0
        self._count_lock = threading.Lock()  # requests may be sent from several threads (import)
        self._token = token
        # Masked in every message: the token used, one given in the URL too, token-like path segments.
        tls, host, port, path, hidden = _address_parts(target.address)
        self._secrets = (token, target.token, *hidden)
        if token is not None and not (token.isascii() and token.isprintable() and " " not in token):
            # It goes into an HTTP header: never echoed, and refused before anything is sent.
            raise AuthError(f"{self.url}: the auth token holds whitespace, control or non-ASCII characters")
        self._wire = Endpoint(tls, host, port, path, proxy_for(host, port, tls))
        self._context: ssl.SSLContext | None = None
        if tls:
            try:
                self._context = _tls_context(ca_file)
            except (OSError, ssl.SSLError) as err:
                raise DatabaseError(f"cannot load CA file {ca_file}: {err}") from None

    def _error(self, message: str, cls: type[DatabaseError] = DatabaseError) -> DatabaseError:
        """Build an exception whose message is redacted and on one line."""
        return cls(one_line(redact(message, *self._secrets), limit=600))

    # --- transport --------------------------------------------------------------------------------------

    def _send(self, requests: list[dict[str, Any]], kinds: list[RequestKind], kind: _Kind) -> list[Result]:
        """POST one pipeline (closing its stream) and return the checked results of `requests`."""
        return self._send_on(None, requests, kinds, kind, close=True)[0]

    def _send_on(
        self,
        baton: str | None,
        requests: list[dict[str, Any]],
        kinds: list[RequestKind],
        kind: _Kind,
        *,
        close: bool,
    ) -> tuple[list[Result], str | None]:
        """POST one pipeline on the stream `baton` names (None: a new one), closing it or not; returns the
        checked results of `requests` and the baton that continues the stream (None once closed)."""
        try:
            body = _pipeline_json(baton, requests, close=close)
        except ValueError:
            raise self._error(f"{self.url}: an infinite float cannot be sent (JSON has none)") from None
        return self._post(body, kinds, kind, close=close)

    def _post(
        self, body: bytes, kinds: list[RequestKind], kind: _Kind, *, close: bool
    ) -> tuple[list[Result], str | None]:
        """POST one encoded pipeline; the checked results of its requests in `kinds` and the next baton."""
        timeout = self.apply_timeout if kind == "apply" else self.timeout
        headers = {"Content-Type": "application/json", "User-Agent": "schemagen"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        with self._count_lock:
            self.requests_sent += 1
        try:
            answer = post(
                self._wire,
                body,
                headers,
                seconds=timeout,
                max_bytes=self.max_answer,
                context=self._context,
                reuse=kind != "apply",  # an apply is never sent twice: it gets a connection of its own
            )
        except WireError as err:
            raise self._wire_error(err, kind, timeout) from None
        if not 200 <= answer.status < 300:
            raise self._http_error(answer, kind)
        try:
            if close:  # the answer of a closed stream may be one seen already: parse_pipeline remembers
                return parse_pipeline(answer.body, kinds), None
            return parse_stream(answer.body, kinds, closed=False)
        except ShapeError as err:
            after = _UNKNOWN_OUTCOME if kind == "apply" else ""
            raise self._error(f"{self.url}: unexpected answer from the server: {err}{after}") from None

    def _reason(self, reason: object, timeout: float) -> str:
        """Name why a connection could not be made, in a few words."""
        if isinstance(reason, TunnelRefused):
            return str(reason)
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
        if isinstance(reason, UnicodeError):  # idna: a label empty or over 63 characters
            return "the host name is not valid"
        if isinstance(reason, OSError):
            return reason.strerror or type(reason).__name__
        return str(reason)

    def _wire_error(self, err: WireError, kind: _Kind, timeout: float) -> DatabaseError:
        """No complete answer: the server could not be reached, or its answer was late, lost or too large."""
        if err.stage == "connect":
            proxy = None if isinstance(err.cause, TunnelRefused) else self._wire.proxy  # a refusal names it
            via = f" through the proxy {proxy.shown}" if proxy else ""
            if isinstance(err, DeadlineExceeded):
                return self._error(
                    messages.CONNECT_TIMEOUT.format(url=self.url, via=via, seconds=f"{timeout:g}")
                )
            return self._error(f"cannot reach {self.url}{via}: {self._reason(err.cause, timeout)}")
        if isinstance(err, DeadlineExceeded):
            what = messages.NO_ANSWER.format(url=self.url, seconds=f"{timeout:g}")
        elif isinstance(err, AnswerTooLarge):
            what = f"the answer from {self.url} exceeded {_size(self.max_answer)}"
        elif _malformed(err.cause):
            what = f"{self.url}: the answer is not valid HTTP ({_malformed(err.cause)})"
        else:
            what = f"{self.url}: the connection was lost before the server answered"
        if kind == "apply":
            what += _UNKNOWN_OUTCOME
        return self._error(what)

    def _http_error(self, answer: Answer, kind: _Kind) -> DatabaseError:
        """Map an HTTP error status to AuthError or DatabaseError."""
        text = answer.body.decode("utf-8", "replace")
        detail, explained = text, False
        try:
            data = json.loads(text)
            if isinstance(data, dict) and (data.get("error") or data.get("message")):
                detail, explained = str(data.get("error") or data.get("message")), True
        except (ValueError, RecursionError):
            pass
        detail = one_line(redact(detail, *self._secrets), limit=200)  # masked first: a cut token is no token
        if answer.status == 401:
            if not self._token:
                return self._error(
                    f"{self.url}: the server requires an auth token, none was given", AuthError
                )
            return self._error(messages.TOKEN_REJECTED.format(url=self.url, detail=detail), AuthError)
        if answer.status == 403:
            if kind != "read":  # sqld refuses the whole pipeline up front when any statement would write
                return self._error(f"{self.url}: {READ_ONLY_MESSAGE}", AuthError)
            return self._error(f"{self.url}: the server forbade this request ({detail})", AuthError)
        if 300 <= answer.status < 400:
            where = display_url(answer.headers.get("Location", "?"))
            return self._error(f"{self.url}: the server redirects to {where}; use that URL instead")
        # sqld explains its own 404s (an unknown namespace); a bare 404 or 405 is likely another server.
        hint = " (is this a libSQL server?)" if answer.status in (404, 405) and not explained else ""
        return self._error(f"{self.url}: HTTP {answer.status}: {detail or answer.reason}{hint}")

    # --- protocol -----------------------------------------------------------------------------------------

    def _rows(self, result: Result, sql: str) -> list[Row]:
        """Rows of one execute result, or the statement's error."""
        if isinstance(result, Executed):
            return list(result.rows)
        message = result.message if isinstance(result, Failed) else "unexpected batch result"
        raise self._error(f"{self.url}: query failed: {first_line(sql)}: {message}")

    def query(self, sql: str, params: Sequence[Value] = ()) -> list[Row]:
        """Run one statement (one HTTP request) and return its rows."""
        check_params(self.url, sql, params)
        stmt = {"sql": sql, "args": [_encode(p) for p in params]}
        (result,) = self._send([{"type": "execute", "stmt": stmt}], [_EXECUTE], "read")
        return self._rows(result, sql)

    def pipeline(self, reads: Sequence[str], *, probe_write: bool = False) -> list[list[Row]]:
        """Run `reads` (and the write probe) in ONE HTTP request; return each read's rows."""
        if not reads and not probe_write:
            return []
        kinds: list[RequestKind] = [_EXECUTE] * len(reads)
        if probe_write:
            kinds.append(("batch", len(_probe_steps())))
        body = _pipeline_body(tuple(reads), probe_write)
        results = self._post(body, kinds, "probe" if probe_write else "read", close=True)[0]
        rows = [self._rows(result, sql) for result, sql in zip(results, reads, strict=False)]
        if probe_write:
            self._check_probe(results[-1])
        return rows

    @contextlib.contextmanager
    def read_transaction(self) -> Iterator[Snapshot]:
        """Reads on ONE Hrana stream, its baton carried from request to request, inside BEGIN ... ROLLBACK:
        every read sees the same snapshot (sqld keeps the stream while requests keep coming)."""
        baton: str | None = None

        def read(sql: str, params: Sequence[Value] = ()) -> list[Row]:
            nonlocal baton
            check_params(self.url, sql, params)
            stmt = {"type": "execute", "stmt": {"sql": sql, "args": [_encode(p) for p in params]}}
            (result,), baton = self._send_on(baton, [stmt], [_EXECUTE], "read", close=False)
            return self._rows(result, sql)

        read("BEGIN")
        try:
            yield Snapshot(read)
        finally:
            with contextlib.suppress(DatabaseError):  # the stream ends either way; a read error is the news
                rollback = {"type": "execute", "stmt": {"sql": "ROLLBACK"}}
                self._send_on(baton, [rollback], [_EXECUTE], "read", close=True)

    def _check_probe(self, result: Result) -> None:
        """Raise if the write probe's batch failed for a reason other than permissions."""
        if isinstance(result, Failed):
            raise self._error(f"{self.url}: write check failed: {result.message}")
        assert isinstance(result, Batched)  # parse_pipeline checked the kind
        for error in result.errors:
            # Another writer's lock is no refusal: the apply takes the lock first and waits for it.
            if error is not None and not is_locked(error.message):
                raise self._error(f"{self.url}: write check failed: {error.message}")

    def _apply(
        self, statements: list[Statement], foreign_keys_off: bool, check_tables: Sequence[str] | None
    ) -> list[int]:
        """The statements as ONE Hrana batch in ONE HTTP request."""
        for stmt in statements:
            check_params(self.url, *split_statement(stmt))
        plan = _ApplyPlan(statements, foreign_keys_off, check_tables, self.read_after_apply)
        (result,) = self._send(
            [{"type": "batch", "batch": {"steps": plan.steps}}], [("batch", len(plan.steps))], "apply"
        )
        if isinstance(result, Failed):
            raise self._error(
                f"{self.url}: the server rejected the batch, nothing was changed: {result.message}",
                LockedError if is_locked(result.message) else DatabaseError,
            )
        assert isinstance(result, Batched)
        failure = plan.failure(result)
        if failure is not None:
            raise self._error(f"{self.url}: {failure}", LockedError if is_locked(failure) else DatabaseError)
        done = result.results[plan.first : plan.first + len(statements)]
        read = result.results[plan.read] if plan.read >= 0 else None
        if read is not None:  # else read_back stays None: the caller reads again if it needs the rows
            self.read_back = list(read.rows)
        return [r.affected if r is not None else 0 for r in done]

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own stream (kept-alive connections
        belong to the transport, `wire`)."""


@functools.lru_cache(maxsize=4096)  # a fleet opens each database's address once or twice
def _address_parts(address: str) -> tuple[bool, str, int, str, tuple[str, ...]]:
    """TLS or not, host, port and escaped pipeline path of a server address, and its token-like path
    segments (masked in messages)."""
    parts = urllib.parse.urlsplit(address)
    tls = parts.scheme == "https"
    pipeline = parts.path + "/v2/pipeline"
    path = pipeline if pipeline == "/v2/pipeline" else urllib.parse.quote(pipeline, safe=_PATH_SAFE)
    host, port = parts.hostname or "", parts.port or (443 if tls else 80)
    return tls, host, port, path, tuple(part for part in parts.path.split("/") if part and token_like(part))


_PATH_SAFE = "/%:@!$&'()*+,;=~"  # what stays as written in the pipeline's path (spaces, non-ASCII: escaped)


_contexts: dict[tuple[object, ...], ssl.SSLContext] = {}
_contexts_lock = threading.Lock()
_CA_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")  # where OpenSSL finds the default CAs


def _tls_context(ca_file: str | None) -> ssl.SSLContext:
    """The TLS settings for `ca_file` (None: the default CAs), made once per run and version of the CA
    files: loading the CAs costs milliseconds, and a fleet's databases all use the same."""
    try:
        key = tuple(
            (name, os.stat(name).st_mtime_ns, os.stat(name).st_size)
            if name and os.path.isfile(name)
            else name
            for name in (ca_file, *(os.environ.get(v) for v in _CA_VARIABLES))
        )
    except OSError:
        return ssl.create_default_context(cafile=ca_file)  # its own error, as ever
    with _contexts_lock:
        context = _contexts.get(key)
        if context is None:
            context = _contexts[key] = ssl.create_default_context(cafile=ca_file)
    return context


def _file_version(name: str | None) -> object:
    """A file's name, change time and size (a directory's or a missing file's name alone)."""
    if not name or not os.path.isfile(name):
        return name
    stat = os.stat(name)
    return name, stat.st_mtime_ns, stat.st_size


def _malformed(cause: BaseException | None) -> str:
    """What is wrong with an answer that is not HTTP, in a few words ("" if it was cut short instead)."""
    if isinstance(cause, http.client.RemoteDisconnected | http.client.IncompleteRead) or cause is None:
        return ""
    if isinstance(cause, http.client.LineTooLong):
        return "a line too long"
    if isinstance(cause, http.client.BadStatusLine):
        return "a bad status line"
    if isinstance(cause, http.client.UnknownProtocol):
        return "an unknown protocol version"
    if isinstance(cause, http.client.HTTPException):
        return "malformed headers"
    if isinstance(cause, ValueError):
        return "a bad chunk size"
    return ""


def _size(count: int) -> str:
    """A byte count as MiB (or bytes when small), for messages."""
    return f"{count / 2**20:g} MiB" if count >= 2**20 else f"{count} bytes"


@functools.lru_cache(maxsize=64)
def _pipeline_body(reads: tuple[str, ...], probe_write: bool) -> bytes:
    """The encoded pipeline of `reads` (and the write probe), closing its stream: a fleet sends the same
    few pipelines to every database, so each is encoded once."""
    requests: list[dict[str, Any]] = [{"type": "execute", "stmt": {"sql": sql}} for sql in reads]
    if probe_write:
        requests.append({"type": "batch", "batch": {"steps": _probe_steps()}})
    return _pipeline_json(None, requests, close=True)


def _pipeline_json(baton: str | None, requests: list[dict[str, Any]], *, close: bool) -> bytes:
    """The body of one pipeline on the stream `baton` names (None: a new one), closing it or not;
    ValueError for an infinite float (JSON has none)."""
    closing = [{"type": "close"}] if close else []
    return json.dumps({"baton": baton, "requests": [*requests, *closing]}, allow_nan=False).encode()


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
    """An apply as one Hrana batch: [fk off] BEGIN, statements, [fk check], COMMIT, ROLLBACK, [read], [fk on]
    (the read runs only after a COMMIT that succeeded)."""

    def __init__(
        self,
        statements: list[Statement],
        foreign_keys_off: bool,
        check_tables: Sequence[str] | None,
        read_after: str | None = None,
    ) -> None:
        self.statements = statements
        self.steps: list[dict[str, Any]] = []
        # PRAGMA foreign_keys is a no-op inside a transaction, so it goes before BEGIN. sqld opens its
        # connections with foreign_keys=ON, hence it is turned back on at the end.
        if foreign_keys_off:
            self._add("PRAGMA foreign_keys=OFF", None)
        # IMMEDIATE: the write lock is taken first, so a busy database refuses the whole batch at once
        # (and it can be tried again) instead of failing in its middle.
        self.begin = last = self._add("BEGIN IMMEDIATE", None)
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
        self.read = self._add(read_after, _ok(self.commit)) if read_after is not None else -1
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

    def failure(self, batch: Batched) -> str | None:
        """The message for the first failed step, or None if the COMMIT succeeded."""
        if batch.results[self.commit] is not None:
            return None
        for index, error in enumerate(batch.errors):
            if error is None:
                continue
            if self.first <= index < self.first + len(self.statements):
                number = index - self.first
                sql = split_statement(self.statements[number])[0]
                return (
                    f"statement {number + 1} of {len(self.statements)} failed, nothing was changed: "
                    f"{first_line(sql)}: {error.message}"
                )
            if index == self.fk_guard:
                found = batch.results[self.fk_rows]
                return f"{fk_message(found.rows if found else ())}; nothing was changed"
            if index == self.commit:
                hint = ""
                if "timed out" in error.message.lower():
                    # sqld (and Turso) end a transaction after 5 s (a namespace's txn_timeout_s).
                    hint = (
                        " (the server ends a transaction after a few seconds, 5 by default: a table this big "
                        "is rebuilt with `schemagen push --online`, which copies it in short transactions)"
                    )
                return f"COMMIT failed, nothing was changed: {error.message}{hint}"
            return f"{self.steps[index]['stmt']['sql']} failed, nothing was changed: {error.message}"
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
