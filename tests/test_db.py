"""generator/db.py against a real sqld (http://; https:// and libsql:// via a TLS proxy) and local files."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.loopback import free_port
from helpers.sqld import SqldServer
from helpers.tls import TlsProxy

from generator.db import (
    READ_ONLY_MESSAGE,
    Database,
    FileDatabase,
    HttpDatabase,
    Target,
    connect,
    parse_url,
    redact,
)
from generator.errors import AuthError, DatabaseError

SCHEMA_SQL = "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"


# --- backends: the same behaviour over every transport ----------------------------------------------------


@dataclass
class Backend:
    """A connected database plus an independent view of its schema (not through generator.db)."""

    name: str
    db: Database
    schema: Callable[[], dict[str, str]]
    wire: Callable[[], int] | None = None  # TLS connections the proxy accepted so far (https/libsql only)

    @property
    def remote(self) -> bool:
        return self.name != "file"


@pytest.fixture(params=["http", "https", "libsql", "file"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A rw connection to an empty database over each transport."""
    if request.param == "file":
        path = tmp_path / "local.db"

        def file_schema() -> dict[str, str]:
            with closing(sqlite3.connect(path)) as conn:
                return {str(n): str(s) for n, s in conn.execute(SCHEMA_SQL)}

        with connect(f"file:{path}", create=True) as db:
            yield Backend("file", db, file_schema)
        return
    server: SqldServer = request.getfixturevalue("sqld_fresh")
    if request.param == "http":
        with connect(server.url, server.tokens.rw) as db:
            yield Backend("http", db, server.schema)
        return
    proxy: TlsProxy = request.getfixturevalue("sqld_tls")
    url = proxy.https_url if request.param == "https" else proxy.libsql_url
    with connect(url, server.tokens.rw, ca_file=proxy.ca_file) as db:
        yield Backend(request.param, db, server.schema, lambda: proxy.connections)


def requests_of(backend: Backend, expected_remote: int) -> int:
    """HTTP requests expected for an operation: `expected_remote` remotely, none for a file."""
    return expected_remote if backend.remote else 0


def test_query_round_trips_every_value_type(backend: Backend) -> None:
    params = (None, 2**63 - 1, -(2**63), 1.5, "héllo ✓", b"", b"a", b"ab", b"abc", b"\x00\xff" * 10)
    placeholders = ", ".join("?" for _ in params)
    assert backend.db.query(f"SELECT {placeholders}", params) == [params]
    assert backend.db.query("SELECT typeof(?), typeof(?)", (True, 2.0)) == [("integer", "real")]
    assert backend.db.requests_sent == requests_of(backend, 2)


def test_query_error_names_the_statement(backend: Backend) -> None:
    with pytest.raises(DatabaseError, match=r"query failed: SELECT \* FROM missing_table: .*no such table"):
        backend.db.query("SELECT * FROM missing_table\nWHERE 1")


def test_pipeline_runs_all_reads_in_one_request(backend: Backend) -> None:
    backend.db.apply(["CREATE TABLE t(x)", "INSERT INTO t VALUES (1), (2)"])
    sent, wire = backend.db.requests_sent, backend.wire() if backend.wire else 0
    rows = backend.db.pipeline(["SELECT x FROM t ORDER BY x", "SELECT count(*) FROM t", SCHEMA_SQL])
    assert rows == [[(1,), (2,)], [(2,)], [("t", "CREATE TABLE t(x)")]]
    assert backend.db.requests_sent - sent == requests_of(backend, 1)
    if backend.wire:
        assert backend.wire() - wire == 1  # one TLS connection, one HTTP request, seen by the proxy


def test_introspection_plus_write_probe_is_one_request_and_writes_nothing(backend: Backend) -> None:
    backend.db.apply(["CREATE TABLE t(x)"])
    version = backend.db.query("SELECT * FROM pragma_schema_version")
    sent = backend.db.requests_sent
    rows = backend.db.pipeline([SCHEMA_SQL, "SELECT * FROM pragma_table_info('t')"], probe_write=True)
    assert rows[0] == [("t", "CREATE TABLE t(x)")]
    assert [r[1] for r in rows[1]] == ["x"]
    assert backend.db.requests_sent - sent == requests_of(backend, 1)
    backend.db.probe_write()
    assert backend.db.requests_sent - sent == requests_of(backend, 2)
    assert backend.schema() == {"t": "CREATE TABLE t(x)"}  # no _schemagen_probe table left behind
    assert backend.db.query("SELECT * FROM pragma_schema_version") == version


def test_apply_runs_everything_in_one_request(backend: Backend) -> None:
    statements = [f"CREATE TABLE t{i}(id INTEGER PRIMARY KEY, v TEXT)" for i in range(50)]
    statements += [f"INSERT INTO t{i}(v) VALUES ('row {i}')" for i in range(50)]
    backend.db.apply(statements)
    assert backend.db.requests_sent == requests_of(backend, 1)
    assert len(backend.schema()) == 50
    assert backend.db.query("SELECT v FROM t49") == [("row 49",)]


def test_apply_binds_statement_parameters(backend: Backend) -> None:
    rows = [(1, "a'b", None, b"\x00\x01"), (2, "ü", 2.5, b"")]
    insert = "INSERT INTO p(id, t, f, b) VALUES (?, ?, ?, ?)"
    backend.db.apply(
        ["CREATE TABLE p(id INTEGER PRIMARY KEY, t TEXT, f REAL, b BLOB)"] + [(insert, r) for r in rows]
    )
    assert backend.db.requests_sent == requests_of(backend, 1)
    assert backend.db.query("SELECT id, t, f, b FROM p ORDER BY id") == rows
    with pytest.raises(
        DatabaseError, match=r"statement 1 of 1 failed.*: INSERT INTO p\(id, t, f, b\) VALUES"
    ):
        backend.db.apply([(insert, (1, "duplicate id", None, None))])
    assert backend.db.query("SELECT count(*) FROM p") == [(2,)]


def test_apply_nothing_sends_nothing(backend: Backend) -> None:
    backend.db.apply([])
    assert backend.db.pipeline([]) == []
    assert backend.db.requests_sent == 0


def test_apply_is_atomic_when_a_middle_statement_fails(backend: Backend) -> None:
    backend.db.apply(["CREATE TABLE keep(x)", "INSERT INTO keep VALUES (1)"])
    before = backend.schema()
    sent = backend.db.requests_sent
    statements = [
        "CREATE TABLE a(x)",
        "INSERT INTO keep VALUES (2)",
        "INSERT INTO no_such_table\nVALUES (1)",
        "CREATE TABLE b(x)",
    ]
    with pytest.raises(DatabaseError) as caught:
        backend.db.apply(statements)
    message = str(caught.value)
    assert "statement 3 of 4 failed, nothing was changed: INSERT INTO no_such_table: " in message
    assert "no such table: no_such_table" in message
    assert "\n" not in message
    assert backend.db.requests_sent - sent == requests_of(backend, 1)
    assert backend.schema() == before
    assert backend.db.query("SELECT x FROM keep") == [(1,)]
    backend.db.apply(["CREATE TABLE after_failure(x)"])  # the connection/stream is still usable
    assert "after_failure" in backend.schema()


def test_apply_rejected_batch_changes_nothing(backend: Backend) -> None:
    # sqld parses the whole batch first: a syntax error anywhere rejects it before any step runs.
    with pytest.raises(DatabaseError, match="nothing was changed"):
        backend.db.apply(["CREATE TABLE a(x)", "CREAT TABLE b(x)"])
    assert backend.schema() == {}


PARENT_CHILD = [
    "CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT)",
    "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))",
    "INSERT INTO parent VALUES (1, 'one'), (2, 'two')",
    "INSERT INTO child VALUES (10, 1), (20, 2)",
]


def rebuild_parent(keep_where: str = "1") -> list[str]:
    """SQLite's table rebuild of `parent` (adding a NOT NULL column), keeping the rows WHERE keep_where."""
    return [
        "CREATE TABLE parent_new(id INTEGER PRIMARY KEY, name TEXT, rank INTEGER NOT NULL DEFAULT 0)",
        f"INSERT INTO parent_new(id, name) SELECT id, name FROM parent WHERE {keep_where}",
        "DROP TABLE parent",
        "ALTER TABLE parent_new RENAME TO parent",
    ]


def test_apply_table_rebuild_with_foreign_keys_off(backend: Backend) -> None:
    backend.db.apply(PARENT_CHILD)
    if backend.remote:
        # sqld opens connections with foreign_keys=ON: dropping a referenced table fails without the option.
        assert backend.db.query("PRAGMA foreign_keys") == [(1,)]
        with pytest.raises(DatabaseError, match=r"DROP TABLE parent: .*FOREIGN KEY constraint failed"):
            backend.db.apply(rebuild_parent())
    sent = backend.db.requests_sent
    backend.db.apply(rebuild_parent(), foreign_keys_off=True)
    assert backend.db.requests_sent - sent == requests_of(backend, 1)
    assert "rank INTEGER NOT NULL" in backend.schema()["parent"]
    assert backend.db.query("SELECT c.id, p.name FROM child c JOIN parent p ON p.id = c.parent_id") == [
        (10, "one"),
        (20, "two"),
    ]
    if backend.remote:
        assert backend.db.query("PRAGMA foreign_keys") == [(1,)]  # new streams still start with it on


def test_apply_foreign_key_violation_rolls_back(backend: Backend) -> None:
    backend.db.apply(PARENT_CHILD)
    before = backend.schema()
    with pytest.raises(DatabaseError) as caught:
        backend.db.apply(rebuild_parent(keep_where="id <> 2"), foreign_keys_off=True)
    assert "foreign key violations after the changes: 'child' rowid 20 -> 'parent'" in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert backend.schema() == before
    assert backend.db.query("SELECT count(*) FROM parent") == [(2,)]
    if isinstance(backend.db, FileDatabase):
        backend.db.query("PRAGMA foreign_keys=ON")
        backend.db.apply(["DELETE FROM child"], foreign_keys_off=True)
        assert backend.db.query("PRAGMA foreign_keys") == [(1,)]  # restored to what it was


# --- auth -------------------------------------------------------------------------------------------------


def test_rw_token_can_probe_and_write(sqld_fresh: SqldServer) -> None:
    with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
        db.probe_write()
        db.apply(["CREATE TABLE t(x)"])
    assert sqld_fresh.schema() == {"t": "CREATE TABLE t(x)"}


def test_ro_token_reads_but_probe_and_apply_are_refused(sqld_fresh: SqldServer) -> None:
    sqld_fresh.run(["CREATE TABLE t(x)", "INSERT INTO t VALUES (7)"])
    with connect(sqld_fresh.url, sqld_fresh.tokens.ro) as db:
        assert db.query("SELECT x FROM t") == [(7,)]
        assert db.pipeline([SCHEMA_SQL]) == [[("t", "CREATE TABLE t(x)")]]
        with pytest.raises(AuthError) as caught:
            db.pipeline([SCHEMA_SQL], probe_write=True)
        assert str(caught.value) == f"{sqld_fresh.url}: {READ_ONLY_MESSAGE}"
        with pytest.raises(AuthError, match=READ_ONLY_MESSAGE):
            db.probe_write()
        with pytest.raises(AuthError, match=READ_ONLY_MESSAGE):
            db.apply(["CREATE TABLE written(x)", "INSERT INTO t VALUES (8)"])
        assert db.requests_sent == 5
    assert sqld_fresh.schema() == {"t": "CREATE TABLE t(x)"}
    assert sqld_fresh.run(["SELECT x FROM t"]) == [[("7",)]]


def test_ro_token_cannot_run_pragma_statements(sqld_fresh: SqldServer) -> None:
    # sqld classifies every PRAGMA statement as a write; the pragma_* table-valued functions are reads.
    with connect(sqld_fresh.url, sqld_fresh.tokens.ro) as db:
        with pytest.raises(AuthError, match="forbade"):
            db.query("PRAGMA foreign_keys")
        assert db.query("SELECT * FROM pragma_foreign_keys") == [(1,)]


@pytest.mark.parametrize("which", ["expired", "forged", "garbage"])
def test_bad_tokens_are_rejected(sqld: SqldServer, which: str) -> None:
    token = getattr(sqld.tokens, which)
    with connect(sqld.url, token) as db, pytest.raises(AuthError) as caught:
        db.query("SELECT 1")
    message = str(caught.value)
    assert message.startswith(f"{sqld.url}: the auth token was rejected")
    assert token not in message and token not in repr(caught.value)


def test_missing_token_is_reported(sqld: SqldServer) -> None:
    with connect(sqld.url) as db, pytest.raises(AuthError, match="requires an auth token, none was given"):
        db.query("SELECT 1")


def test_token_with_control_characters_is_refused_without_echo(sqld: SqldServer) -> None:
    secret = "abc\ndef-secret"
    with pytest.raises(AuthError) as caught:
        connect(sqld.url, secret)
    assert "secret" not in str(caught.value)


# --- URLs and secrets -------------------------------------------------------------------------------------


def test_auth_token_in_url_is_used_and_stripped(sqld_fresh: SqldServer) -> None:
    token = sqld_fresh.tokens.rw
    with connect(f"{sqld_fresh.url}/?authToken={token}") as db:
        db.apply(["CREATE TABLE via_url(x)"])
        assert db.url == f"{sqld_fresh.url}/"
        assert token not in repr(db) and token not in str(vars(db).get("url"))
    assert "via_url" in sqld_fresh.schema()


def test_explicit_token_wins_over_url_token(sqld: SqldServer) -> None:
    with connect(f"{sqld.url}?authToken={sqld.tokens.garbage}", sqld.tokens.rw) as db:
        assert db.query("SELECT 1") == [(1,)]


def test_tokens_never_appear_in_errors(sqld: SqldServer, sqld_tls: TlsProxy) -> None:
    secret = sqld.tokens.expired
    closed = free_port()
    attempts: list[tuple[str, str | None, str | None]] = [
        (f"{sqld.url}?authToken={secret}", None, None),  # rejected (401)
        (f"{sqld.url}", secret, None),
        (f"http://127.0.0.1:{closed}/?authToken={secret}", None, None),  # unreachable
        (f"{sqld_tls.https_url}?authToken={secret}", None, None),  # untrusted certificate
        (f"libsql://127.0.0.1:{sqld.port}?authToken={secret}", None, None),  # TLS to a plain server
        (f"{sqld.url}/no/such/path?authToken={secret}", None, None),  # HTTP 404
    ]
    for url, token, ca_file in attempts:
        with connect(url, token, ca_file=ca_file) as db:
            assert secret not in repr(db)
            with pytest.raises(DatabaseError) as caught:
                db.query("SELECT 1")
        for text in (str(caught.value), repr(caught.value), *map(str, caught.value.args)):
            assert secret not in text, url
            assert "\n" not in text
    for bad in (
        f"wss://h?authToken={secret}",
        f"https://u:{secret}@h/",
        f"libsql://h?tls=9&authToken={secret}",
    ):
        with pytest.raises(DatabaseError) as caught:
            connect(bad)
        assert secret not in str(caught.value)


def test_target_repr_hides_token() -> None:
    target = parse_url("libsql://db-org.turso.io?authToken=s3cr3t-token")
    assert target == Target("http", "libsql://db-org.turso.io", "https://db-org.turso.io")
    assert target.token == "s3cr3t-token"
    assert "s3cr3t" not in repr(target) and "s3cr3t" not in str(target)


def test_redact() -> None:
    assert redact("bad token abc.def in x", "abc.def") == "bad token *** in x"
    assert redact("https://h/?authToken=zzz&tls=1", None) == "https://h/?authToken=***&tls=1"
    assert redact("https://user:pw@h/", None) == "https://h/"
    assert redact("a+b/c= and a%2Bb%2Fc%3D", "a+b/c=") == "*** and ***"
    assert redact("nothing", None) == "nothing"


@pytest.mark.parametrize(
    ("url", "kind", "shown", "address"),
    [
        ("file:local.db", "file", "file:local.db", "local.db"),
        ("file:///abs/x.db", "file", "file:///abs/x.db", "/abs/x.db"),
        ("file:my%20db.sqlite", "file", "file:my%20db.sqlite", "my db.sqlite"),
        ("./local.db", "file", "./local.db", "./local.db"),
        ("/srv/app.db", "file", "/srv/app.db", "/srv/app.db"),
        ("http://127.0.0.1:8080", "http", "http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://db.example.com/", "http", "https://db.example.com/", "https://db.example.com"),
        ("libsql://db-org.turso.io", "http", "libsql://db-org.turso.io", "https://db-org.turso.io"),
        ("libsql://127.0.0.1:8080?tls=0", "http", "libsql://127.0.0.1:8080?tls=0", "http://127.0.0.1:8080"),
        ("http://[::1]:8080/prefix/", "http", "http://[::1]:8080/prefix/", "http://[::1]:8080/prefix"),
    ],
)
def test_parse_url(url: str, kind: str, shown: str, address: str) -> None:
    target = parse_url(url)
    assert (target.kind, target.url, target.address, target.token) == (kind, shown, address, None)


@pytest.mark.parametrize("scheme", ["ws", "wss"])
def test_websocket_urls_are_rejected(scheme: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        connect(f"{scheme}://127.0.0.1:8080")
    assert str(caught.value) == (
        f"{scheme}://127.0.0.1:8080: {scheme}:// URLs are not supported: use libsql:// or https:// "
        "(Hrana over HTTP)"
    )


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("", "no database URL given"),
        ("ftp://host/db", "unsupported URL scheme ftp://"),
        ("https://", "no host name"),
        ("http://host:notaport/", "Port could not be cast"),
        ("http://[::1", "Invalid IPv6 URL"),
        ("libsql://host?tls=maybe", "tls must be 0 or 1"),
        ("libsql://host?region=eu", "unsupported URL parameter"),
        ("file://elsewhere/db", "remote file hosts"),
    ],
)
def test_malformed_urls(url: str, why: str) -> None:
    with pytest.raises(DatabaseError, match=why) as caught:
        parse_url(url)
    assert url.split("?")[0] in str(caught.value)


# --- reachability -----------------------------------------------------------------------------------------


def test_connection_refused_is_reported_quickly() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    started = time.monotonic()
    with connect(url, "token") as db, pytest.raises(DatabaseError) as caught:
        db.query("SELECT 1")
    assert str(caught.value) == f"cannot reach {url}: connection refused"
    assert time.monotonic() - started < 2
    assert db.requests_sent == 1


def test_silent_server_times_out() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts via the backlog, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with connect(url, "token", timeout=0.5) as db, pytest.raises(DatabaseError) as caught:
            db.query("SELECT 1")
        elapsed = time.monotonic() - started
    assert str(caught.value) == f"no complete answer from {url} within 0.5 s"
    assert 0.4 < elapsed < 3


def test_dns_failure_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with connect("libsql://db-org.example.invalid", "token") as db, pytest.raises(DatabaseError) as caught:
        db.query("SELECT 1")
    assert str(caught.value) == (
        "cannot reach libsql://db-org.example.invalid: DNS lookup failed (Name or service not known)"
    )


def test_untrusted_certificate_is_refused_by_default(sqld: SqldServer, sqld_tls: TlsProxy) -> None:
    with connect(sqld_tls.libsql_url, sqld.tokens.rw) as db, pytest.raises(DatabaseError) as caught:
        db.query("SELECT 1")
    assert str(caught.value).startswith(
        f"cannot reach {sqld_tls.libsql_url}: TLS certificate verification failed"
    )


def test_tls_to_a_plain_http_server_hints_at_the_fix(sqld: SqldServer) -> None:
    url = f"libsql://127.0.0.1:{sqld.port}"
    with connect(url, sqld.tokens.rw) as db, pytest.raises(DatabaseError, match="TLS handshake failed"):
        db.query("SELECT 1")
    with connect(f"{url}?tls=0", sqld.tokens.rw) as db:
        assert db.query("SELECT 1") == [(1,)]


def test_wrong_path_is_an_http_error(sqld: SqldServer) -> None:
    with connect(f"{sqld.url}/nope", sqld.tokens.rw) as db, pytest.raises(DatabaseError) as caught:
        db.query("SELECT 1")
    assert str(caught.value).startswith(f"{sqld.url}/nope: HTTP 404")


def test_unopenable_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match=r"cannot open file:.*missing-dir/x\.db: unable to open"):
        connect(f"file:{tmp_path}/missing-dir/x.db", create=True)


def test_connect_returns_the_right_class(sqld: SqldServer, tmp_path: Path) -> None:
    with connect(sqld.url, sqld.tokens.rw) as remote, connect(str(tmp_path / "a.db"), create=True) as local:
        assert isinstance(remote, HttpDatabase) and isinstance(local, FileDatabase)


# --- crash safety -----------------------------------------------------------------------------------------


def test_sigkill_during_a_large_apply_keeps_the_old_schema(sqld_factory: Callable[[], SqldServer]) -> None:
    server = sqld_factory()
    db = connect(server.url, server.tokens.rw, apply_timeout=60)
    db.apply(["CREATE TABLE old_t(id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO old_t VALUES (1, 'kept')"])
    before = server.schema()
    statements = ["DROP TABLE old_t"]
    statements += [f"CREATE TABLE new_{i}(id INTEGER PRIMARY KEY, v BLOB)" for i in range(300)]
    # ~40 MB of rows: more than the page cache, so uncommitted pages spill into the WAL before the crash.
    statements.append(
        "INSERT INTO new_0(v) SELECT randomblob(200) FROM "
        "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 200000) SELECT i FROM r)"
    )
    # Then a long CPU-bound step (about a minute) that the SIGKILL interrupts.
    statements.append(
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000000000) "
        "SELECT count(*) FROM r"
    )
    statements.append("CREATE TABLE never(x)")
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            db.apply(statements)
            outcome.append(None)
        except BaseException as err:  # handed to the main thread
            outcome.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.5)
    assert not outcome, "the batch finished before the crash"
    server.kill()
    worker.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], DatabaseError)
    assert "the connection was lost before the server answered" in str(outcome[0])
    assert "applied entirely or not at all" in str(outcome[0])
    server.start()
    assert server.schema() == before
    assert server.run(["SELECT id, v FROM old_t"]) == [[("1", "kept")]]
    with connect(server.url, server.tokens.rw) as after:
        after.apply(["CREATE TABLE works_after_restart(x)"])
    assert "works_after_restart" in server.schema()
