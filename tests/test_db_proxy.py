"""Databases behind an HTTP proxy (HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, NO_PROXY), as curl reads them.

A real CONNECT proxy on loopback tunnels to the real sqld; the database is named by a made-up host name
that only the proxy sees (it is never looked up). Loopback never goes through a proxy.
"""

from __future__ import annotations

import base64
import socket
import time
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.proxy import connect_proxy
from helpers.sqld import SqldServer
from helpers.tls import TLS_NAME, TlsProxy

from generator.db import connect
from generator.db.proxy import bypassed, parse_proxy, proxy_for
from generator.errors import DatabaseError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxy_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sets the variables it means; none comes from the machine."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_a_database_behind_a_proxy_is_pushed_and_planned_through_its_tunnel(sqld_fresh: SqldServer) -> None:
    url = f"http://db.example.test:{sqld_fresh.port}"
    token = sqld_fresh.tokens.rw
    with connect_proxy(sqld_fresh.port, credentials="ops:p@ss w0rd") as proxy:
        env = {"HTTP_PROXY": f"http://ops:p%40ss%20w0rd@127.0.0.1:{proxy.port}"}
        pushed = cli("push", "--yes", "--spec", str(SPEC), "--url", url, "--token", token, env=env)
        planned = cli("plan", "--check", "--spec", str(SPEC), "--url", url, "--token", token, env=env)
    assert pushed.exit_code == 0, pushed.output
    assert "applied:" in pushed.stdout
    assert planned.exit_code == 0 and "nothing to do" in planned.stdout
    assert {seen.line for seen in proxy.seen} == {f"CONNECT db.example.test:{sqld_fresh.port} HTTP/1.1"}
    assert len(proxy.seen) == 3  # the push's two requests and the plan's one, each through the tunnel
    assert sqld_fresh.run(["SELECT count(*) FROM sqlite_schema WHERE name = 'questions'"])[0][0][0] == "1"
    for ran in (pushed, planned):
        assert "p@ss" not in ran.output and "p%40ss" not in ran.output and token not in ran.output


def test_a_proxy_that_wants_credentials_is_one_line(sqld_fresh: SqldServer) -> None:
    url = f"http://db.example.test:{sqld_fresh.port}"
    with connect_proxy(sqld_fresh.port, credentials="ops:secret") as proxy:
        ran = cli("plan", "--spec", str(SPEC), "--url", url, env={"ALL_PROXY": proxy.url})
    assert ran.exit_code == 2
    assert ran.stderr == (
        f"cannot reach {url}: the proxy 127.0.0.1:{proxy.port} refused the tunnel: 407 Proxy Authentication "
        "Required (it asks for credentials: put user:password before the host in the proxy URL)\n"
    )


def test_a_refusing_an_unreachable_and_a_silent_proxy_each_fail_in_one_line() -> None:
    url = "https://db.example.test"
    with connect_proxy(mode="refuse") as proxy:
        refused = cli("plan", "--spec", str(SPEC), "--url", url, env={"HTTPS_PROXY": proxy.url})
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"cannot reach {url}: the proxy 127.0.0.1:{proxy.port} refused the tunnel: 403 Forbidden by policy\n",
    )
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    gone = cli("plan", "--spec", str(SPEC), "--url", url, env={"HTTPS_PROXY": f"127.0.0.1:{port}"})
    assert (gone.exit_code, gone.stderr) == (
        2,
        f"cannot reach {url} through the proxy 127.0.0.1:{port}: connection refused\n",
    )
    with connect_proxy(mode="silent") as proxy:
        started = time.monotonic()
        silent = cli(
            "plan", "--spec", str(SPEC), "--url", url, "--timeout", "1", env={"HTTPS_PROXY": proxy.url}
        )
        elapsed = time.monotonic() - started
    assert (silent.exit_code, silent.stderr) == (
        2,
        f"cannot reach {url} through the proxy 127.0.0.1:{proxy.port}: timed out after 1 s\n",
    )
    assert elapsed < 8  # the one deadline covers the tunnel too


def test_a_proxy_this_driver_cannot_use_is_named_not_bypassed() -> None:
    ran = cli(
        "plan", "--spec", str(SPEC), "--url", "libsql://db.example.test",
        env={"ALL_PROXY": "socks5://me:hunter2@127.0.0.1:1080"},
    )  # fmt: skip
    assert ran.exit_code == 2 and "Traceback" not in ran.output
    assert ran.stderr == (
        "ALL_PROXY (socks5://127.0.0.1:1080): only an http:// proxy is supported (the connection to the "
        "database inside its tunnel is still TLS); or name the database's host in NO_PROXY\n"
    )


def test_loopback_never_goes_through_a_proxy(sqld_fresh: SqldServer) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
    env = {"HTTP_PROXY": dead, "HTTPS_PROXY": dead, "ALL_PROXY": dead}
    ran = cli("plan", "--spec", str(SPEC), "--url", sqld_fresh.url, "--token", sqld_fresh.tokens.rw, env=env)
    assert ran.exit_code == 0 and "proxy" not in ran.output
    for host in ("localhost", "tenant7.localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("ALL_PROXY", dead)
            assert proxy_for(host, 8080, tls=False) is None, host


def test_no_proxy_names_hosts_and_domains_as_curl_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bypassed("db.example.test", 443, ".example.test")
    assert bypassed("db.example.test", 443, "example.test")
    assert bypassed("example.test", 443, "other.test, example.test")
    assert not bypassed("badexample.test", 443, "example.test")
    assert bypassed("db.internal", 8080, "db.internal:8080")
    assert not bypassed("db.internal", 9090, "db.internal:8080")
    assert bypassed("anything.turso.io", 443, "*")
    assert bypassed("fd00::5", 443, "[fd00::5]:443")
    assert not bypassed("db.example.test", 443, "")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    monkeypatch.setenv("NO_PROXY", "internal.corp")
    assert proxy_for("db.internal.corp", 443, tls=True) is None
    found = proxy_for("code-reels-acme.turso.io", 443, tls=True)
    assert found is not None and (found.host, found.port, found.authorization) == ("proxy.corp", 3128, None)
    assert proxy_for("db.example.test", 80, tls=False) is None  # HTTP_PROXY is not set: http:// is direct


def test_proxy_credentials_become_a_header_and_never_show() -> None:
    proxy = parse_proxy("http://ops:p%40ss@proxy.corp", "HTTPS_PROXY")
    assert (proxy.host, proxy.port) == ("proxy.corp", 80)
    assert proxy.authorization == "Basic " + base64.b64encode(b"ops:p@ss").decode()
    assert "p@ss" not in repr(proxy) and "cEBzcw" not in repr(proxy) and proxy.shown == "proxy.corp:80"
    with pytest.raises(DatabaseError) as caught:
        parse_proxy("https://ops:p%40ss@proxy.corp:443", "HTTPS_PROXY")
    assert "p%40ss" not in str(caught.value) and "ops" not in str(caught.value)


def test_tls_to_the_database_runs_inside_the_tunnel_and_is_verified(
    sqld: SqldServer, sqld_tls: TlsProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proxy sees only CONNECT and encrypted bytes; the certificate is checked for the database's name."""
    with connect_proxy(sqld_tls.port) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        for scheme in ("https", "libsql"):
            url = f"{scheme}://{TLS_NAME}:{sqld_tls.port}"
            with connect(url, sqld.tokens.rw, ca_file=sqld_tls.ca_file) as db:
                assert db.query("SELECT 41 + 1") == [(42,)]
            with connect(url, sqld.tokens.rw) as db, pytest.raises(DatabaseError) as caught:
                db.query("SELECT 1")  # the machine's CAs do not know the test CA
            assert "TLS certificate verification failed" in str(caught.value)
    assert {seen.line for seen in proxy.seen} == {f"CONNECT {TLS_NAME}:{sqld_tls.port} HTTP/1.1"}
