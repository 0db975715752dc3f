"""`localhost` and `*.localhost` are dialled on 127.0.0.1 by the driver (RFC 6761), Host header unchanged:
that is how sqld's namespaces (one database per Host name) are reached on one machine."""

from __future__ import annotations

import socket

import pytest
from helpers.sqld import SqldServer

from generator.db import connect
from generator.db.wire import Endpoint
from generator.errors import AuthError, DatabaseError


def test_two_namespaces_are_two_databases(sqld_namespaced: SqldServer) -> None:
    server = sqld_namespaced
    a, b = server.new_namespace("a"), server.new_namespace("b")
    with pytest.raises(socket.gaierror):  # the system resolver does not know these names
        socket.getaddrinfo(f"{a}.localhost", server.port)
    with (
        connect(server.url_for(a), server.tokens.rw) as db_a,
        connect(server.url_for(b), server.tokens.rw) as db_b,
    ):
        db_a.apply(["CREATE TABLE only_in_a(x)", "INSERT INTO only_in_a VALUES (1)"])
        db_b.apply(["CREATE TABLE only_in_b(y)"])
        assert db_a.query("SELECT name FROM sqlite_schema") == [("only_in_a",)]
        assert db_b.query("SELECT name FROM sqlite_schema") == [("only_in_b",)]
        assert db_a.url == f"http://{a}.localhost:{server.port}"
    # Seen through an independent client naming each namespace in the Host header:
    assert set(server.schema(a)) == {"only_in_a"}
    assert set(server.schema(b)) == {"only_in_b"}


def test_an_unknown_namespace_is_an_error_naming_the_url(sqld_namespaced: SqldServer) -> None:
    url = sqld_namespaced.url_for("nosuchns")
    with connect(url, sqld_namespaced.tokens.rw) as db, pytest.raises(DatabaseError) as caught:
        db.query("SELECT 1")
    assert str(caught.value) == f"{url}: HTTP 404: Namespace `nosuchns` doesn't exist"


def test_only_localhost_names_are_mapped() -> None:
    assert Endpoint(False, "localhost", 80, "/").dial == "127.0.0.1"
    assert Endpoint(False, "Tenant7.LOCALHOST.", 80, "/").dial == "127.0.0.1"
    assert Endpoint(False, "a.b.localhost", 80, "/").dial == "127.0.0.1"
    for other in ("localhost.example.com", "notlocalhost", "db-org.turso.io", "127.0.0.2"):
        assert Endpoint(False, other, 80, "/").dial == other


def test_namespaces_keep_jwt_auth(sqld_namespaced: SqldServer) -> None:
    url = sqld_namespaced.url_for(sqld_namespaced.new_namespace("auth"))
    with connect(url) as db, pytest.raises(AuthError, match="requires an auth token"):
        db.query("SELECT 1")
    with connect(url, sqld_namespaced.tokens.forged) as db, pytest.raises(AuthError, match="rejected"):
        db.query("SELECT 1")
    with connect(url, sqld_namespaced.tokens.ro) as db:
        assert db.query("SELECT 1") == [(1,)]
