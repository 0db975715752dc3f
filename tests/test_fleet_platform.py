"""Fleets from Turso's Platform API (List Databases), against small real loopback servers, some hostile."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.fleet import write_spec
from helpers.loopback import HOST, free_port
from helpers.sqld import SqldServer
from helpers.tls import TlsProxy

from generator.errors import AuthError, DatabaseError
from generator.fleet.platform import list_databases

TOKEN = "platform-secret-0123456789"

Behaviour = Callable[[BaseHTTPRequestHandler], None]


def answer(status: int, body: Any, headers: dict[str, str] | None = None) -> Behaviour:
    """Answer every request with `status` and `body` (JSON unless bytes)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return respond


class FakePlatform:
    """A loopback HTTP server standing in for api.turso.tech; records every request it gets."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[tuple[str, str]] = []  # (path, Authorization header)
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                platform.requests.append((self.path, self.headers.get("Authorization", "")))
                platform.behaviour(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{HOST}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def platform() -> Iterator[Callable[[Behaviour], FakePlatform]]:
    made: list[FakePlatform] = []

    def make(behaviour: Behaviour) -> FakePlatform:
        made.append(FakePlatform(behaviour))
        return made[-1]

    yield make
    for server in made:
        server.close()


def database(name: str, group: str = "tenants", host: str | None = None) -> dict[str, Any]:
    """One database as the documented List Databases answer has it."""
    return {
        "Name": name,
        "DbId": f"0eb771dd-{name}",
        "Hostname": host or f"{name}-acme.turso.io",
        "block_reads": False,
        "block_writes": False,
        "primaryRegion": "aws-us-east-1",
        "group": group,
        "delete_protection": False,
        "type": "logical",
        "is_schema": False,
        "schema": "",
        "sleeping": False,
    }


def test_lists_the_group_as_libsql_targets_even_when_the_server_ignores_the_filter(
    platform: Callable[[Behaviour], FakePlatform],
) -> None:
    dbs = [database("tenant-b"), database("billing", group="internal"), database("tenant-a")]
    api = platform(answer(200, {"databases": dbs}))
    targets = list_databases("acme", TOKEN, group="tenants", api_url=api.url)
    assert [(t.display, t.origin) for t in targets] == [
        ("libsql://tenant-a-acme.turso.io", "tenant-a"),
        ("libsql://tenant-b-acme.turso.io", "tenant-b"),
    ]
    assert api.requests == [("/v1/organizations/acme/databases?group=tenants", f"Bearer {TOKEN}")]
    assert len(list_databases("acme", TOKEN, api_url=api.url)) == 3  # no group: the whole organization


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>maintenance</html>", "unexpected answer: not JSON"),
        ([], 'expected an object with a "databases" list'),
        ({"databases": {"a": 1}}, 'expected an object with a "databases" list'),
        ({"databases": ["tenant-a"]}, "databases[0] is not an object"),
        ({"databases": [{"Hostname": "a.turso.io"}]}, "databases[0].Name is not a non-empty string"),
        (
            {"databases": [database("a", host="evil.example/x?authToken=")]},
            "(a): Hostname is not a host name",
        ),
        ({"databases": [database("a", host="user@evil.example")]}, "(a): Hostname is not a host name"),
        ({"databases": [database("a", host="a.example:99999")]}, "(a): invalid database URL"),
        ({"databases": [database("a"), database("a")]}, "databases[1]: database 'a' is listed twice"),
        ({"databases": [{**database("a"), "group": 7}]}, "(a): group is not a string"),
        ({"databases": [database("a", group="internal")]}, "no databases in group 'tenants' of organization"),
    ],
)
def test_wrong_answers_are_one_line_errors(
    platform: Callable[[Behaviour], FakePlatform], body: Any, message: str
) -> None:
    api = platform(answer(200, body))
    with pytest.raises(DatabaseError) as caught:
        list_databases("acme", TOKEN, group="tenants", api_url=api.url)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{api.url}/v1/organizations/acme/databases?group=tenants: ")
    assert "\n" not in str(caught.value)


def test_rejected_token_is_named_and_never_shown(platform: Callable[[Behaviour], FakePlatform]) -> None:
    api = platform(answer(401, {"error": f"token {TOKEN} is not valid"}))
    with pytest.raises(AuthError) as caught:
        list_databases("acme", TOKEN, api_url=api.url)
    assert "the platform token (TURSO_PLATFORM_TOKEN) was rejected: HTTP 401" in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_redirects_are_not_followed(platform: Callable[[Behaviour], FakePlatform]) -> None:
    elsewhere = platform(answer(200, {"databases": [database("a")]}))
    api = platform(answer(302, b"", {"Location": f"{elsewhere.url}/v1/organizations/acme/databases"}))
    with pytest.raises(DatabaseError, match="redirects are not followed"):
        list_databases("acme", TOKEN, api_url=api.url)
    assert elsewhere.requests == []  # the token never went anywhere else


def test_huge_answer_is_refused(platform: Callable[[Behaviour], FakePlatform]) -> None:
    api = platform(answer(200, {"databases": [database(f"tenant-{n}") for n in range(100)]}))
    with pytest.raises(DatabaseError, match="the answer is larger than 5,000 bytes"):
        list_databases("acme", TOKEN, api_url=api.url, max_bytes=5000)


def test_endless_slow_answer_fails_within_the_deadline(platform: Callable[[Behaviour], FakePlatform]) -> None:
    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        for _ in range(200):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.1)

    api = platform(drip)
    started = time.monotonic()
    with pytest.raises(DatabaseError, match="the answer took more than 1 s"):
        list_databases("acme", TOKEN, api_url=api.url, timeout=1.0)
    assert time.monotonic() - started < 10


def test_no_answer_and_no_server(platform: Callable[[Behaviour], FakePlatform]) -> None:
    api = platform(lambda handler: time.sleep(5))
    started = time.monotonic()
    with pytest.raises(DatabaseError, match="no answer within 1 s"):
        list_databases("acme", TOKEN, api_url=api.url, timeout=1.0)
    assert time.monotonic() - started < 10
    closed = f"http://{HOST}:{free_port()}"
    with pytest.raises(DatabaseError, match=r"cannot reach .*: Connection refused"):
        list_databases("acme", TOKEN, api_url=closed)


def test_cli_needs_the_platform_token(tmp_path: Path) -> None:
    code, _out, err = cli(
        "plan",
        "--spec",
        str(write_spec(tmp_path)),
        "--platform-org",
        "acme",
        env={"TURSO_PLATFORM_TOKEN": ""},
    )
    assert (code, err.strip()) == (
        2,
        "--platform-org needs a Turso Platform API token in TURSO_PLATFORM_TOKEN",
    )


def test_cli_bad_answer_exits_2_with_one_line(
    tmp_path: Path, platform: Callable[[Behaviour], FakePlatform]
) -> None:
    api = platform(answer(500, {"error": "internal"}))
    code, out, err = cli(
        "push", "--spec", str(write_spec(tmp_path)), "--platform-org", "acme", "--platform-api", api.url,
        "--yes", env={"TURSO_PLATFORM_TOKEN": TOKEN},
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == f"{api.url}/v1/organizations/acme/databases: HTTP 500 (internal)\n"


def test_cli_plans_and_pushes_the_group_over_tls(
    tmp_path: Path,
    platform: Callable[[Behaviour], FakePlatform],
    sqld_fresh: SqldServer,
    sqld_tls: TlsProxy,
) -> None:
    """End to end: the API lists two databases (two names of one TLS sqld), push reaches them at libsql://."""
    dbs = [
        database("tenant-a", host=f"{HOST}:{sqld_tls.port}"),
        database("tenant-b", host=f"localhost:{sqld_tls.port}"),
        database("billing", group="internal", host=f"{HOST}:{free_port()}"),
    ]
    api = platform(answer(200, {"databases": dbs}))
    env = {
        "TURSO_PLATFORM_TOKEN": TOKEN,
        "TURSO_AUTH_TOKEN": sqld_fresh.tokens.rw,  # a group token serves every database of the group
        "SSL_CERT_FILE": sqld_tls.ca_file,  # trust the test CA (the system store, for libsql:// URLs)
    }
    spec = str(write_spec(tmp_path))
    common = ["--spec", spec, "--platform-org", "acme", "--group", "tenants", "--platform-api", api.url]
    code, out, _ = cli("plan", *common, "--check", env=env)
    assert code == 1, out
    assert out.splitlines()[0].startswith("fleet: 2 databases from Turso organization acme, group tenants;")
    assert {line.split(" (plan")[0] for line in out.splitlines() if line.startswith("drift")} == {
        f"drift: libsql://{HOST}:{sqld_tls.port}",
        f"drift: libsql://localhost:{sqld_tls.port}",
    }
    code, out, _ = cli("push", *common, "--yes", "--concurrency", "1", env=env)
    assert code == 0, out
    assert "applied                1" in out and "nothing to do          1" in out
    # tenant-a: introspect, apply. tenant-b (the same database, migrated meanwhile) has a schema this run
    # has not seen: a cheap read of sqlite_schema, then the full introspection.
    assert "elapsed: " in out and "4 requests (2.0 per database)" in out
    assert set(sqld_fresh.schema()) == {"notes", "idx_notes_status"}
    assert TOKEN not in out and sqld_fresh.tokens.rw not in out
