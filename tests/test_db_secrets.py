"""Tokens never leak: not whole, not cut short, not from wherever in a URL they were put, not when a hostile
server echoes them back (issue 8.3)."""

from __future__ import annotations

import random
import socket
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.hostile import HostileServer, Request, answer, echo, head, respond

from generator.db import connect, display_url, parse_url, redact, target
from generator.errors import DatabaseError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"
# Fixed (test ids must not vary between xdist workers), and unlike any text a message could hold.
OPAQUE = "tok_5e0c1f7a9b3d2e8846a1c0ff3e7d9b2a4c6e8f01b3d5a7c9e2f4a6b8d0c1e3f5a7b9"  # not JWT-shaped
JWT = (
    "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJhIjoicnciLCJleHAiOjQxMDI0NDQ4MDB9."
    "Zk3q9X2mR7vT1wY8bN4cH6jL0pS5dF3gK7hA2sE9uI1oP4rW6tQ8yV0xC3zB5nM7"
)


def leaks(text: str, secret: str, piece: int = 8) -> list[str]:
    """Every `piece`-character run of `secret` found in `text` (a cut token is still a leak)."""
    return sorted(
        {secret[i : i + piece] for i in range(len(secret) - piece + 1) if secret[i : i + piece] in text}
    )


def error_of(url: str, token: str | None, *, write: bool = False) -> str:
    """The message of the DatabaseError a query (or the write probe) raises; checked to be one line."""
    with connect(url, token) as db, pytest.raises(DatabaseError) as caught:
        db.probe_write() if write else db.query("SELECT 1")
    message = str(caught.value)
    assert "\n" not in message and message == caught.value.args[0]
    return message


@pytest.mark.parametrize("token", [OPAQUE, JWT], ids=["opaque", "jwt"])
@pytest.mark.parametrize(
    ("status", "as_json", "write"),
    [(401, True, False), (401, False, False), (403, True, False), (403, True, True), (500, False, False),
     (404, True, False), (502, True, True)],
)  # fmt: skip
def test_a_server_echoing_the_authorization_header_never_shows_the_token(
    token: str, status: int, as_json: bool, write: bool
) -> None:
    with HostileServer(echo(status, as_json)) as server:
        message = error_of(server.url, token, write=write)
        assert server.requests[0].headers["authorization"] == f"Bearer {token}"  # it was sent, and echoed
    assert message.startswith(server.url)
    assert leaks(message, token) == [], message
    assert "***" in message or status == 403


def test_a_cut_at_the_message_limit_leaves_no_prefix_of_the_token() -> None:
    # The server's text puts the token across the point where the detail is cut (200 characters).
    def behave(request: Request, conn: socket.socket) -> None:
        text = "x" * 170 + request.headers["authorization"] + " and again " + request.headers["authorization"]
        respond(conn, 401, text.encode(), "text/plain")

    with HostileServer(behave) as server:
        message = error_of(server.url, OPAQUE)
    assert leaks(message, OPAQUE) == [] and "the auth token was rejected" in message


def test_a_server_echoing_part_of_the_token_shows_none_of_it() -> None:
    def behave(request: Request, conn: socket.socket) -> None:
        token = request.headers["authorization"].removeprefix("Bearer ")
        respond(conn, 401, f"bad token starting {token[:20]} ending {token[-12:]}".encode(), "text/plain")

    with HostileServer(behave) as server:
        message = error_of(server.url, OPAQUE)
    assert leaks(message, OPAQUE) == [], message


def test_statement_errors_and_unknown_jwts_from_a_server_are_masked() -> None:
    other_jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzb21lb25lIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
    body = {
        "results": [
            {
                "type": "error",
                "error": {"message": f"denied for Bearer {OPAQUE}; also {other_jwt} token={OPAQUE[:9]}"},
            },
            {"type": "ok", "response": {"type": "close"}},
        ]
    }
    with HostileServer(answer(body)) as server:
        message = error_of(server.url, OPAQUE)
    assert message.startswith(f"{server.url}: query failed: SELECT 1: denied for Bearer ***")
    assert leaks(message, OPAQUE) == [] and leaks(message, other_jwt) == [] and "eyJ" not in message


def test_a_redirect_is_named_without_its_query_or_userinfo() -> None:
    def behave(request: Request, conn: socket.socket) -> None:
        location = f"https://user:{OPAQUE}@elsewhere.example/db?authToken={OPAQUE}&x=1#{OPAQUE}"
        conn.sendall(head(307, {"Location": location, "Content-Length": "0"}))

    with HostileServer(behave) as server:
        message = error_of(server.url, OPAQUE)
    where = "https://elsewhere.example/db?authToken=***&x=***"
    assert message == f"{server.url}: the server redirects to {where}; use that URL instead"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/?token={t}",
        "http://127.0.0.1:9/?auth_token={t}",
        "http://127.0.0.1:9/?access_token={t}",
        "http://127.0.0.1:9/?jwt={t}",
        "http://127.0.0.1:9/?AuthToken={t}",
        "http://127.0.0.1:9/?TOKEN={t}&tls=1",
        "libsql://127.0.0.1:9?tls=maybe&authToken={t}",
        "http://127.0.0.1:9/#{t}",
        "http://127.0.0.1:9/#authToken={t}",
        "https://user:{t}@127.0.0.1:9/",
        "https://{t}@127.0.0.1:9/",
        "wss://127.0.0.1:9/?authToken={t}",
        "ftp://127.0.0.1:9/{t}?authToken={t}",
        "http://127.0.0.1:notaport/?authToken={t}",
        "127.0.0.1:9/?authToken={t}",
        "file:x.db?authToken={t}&mode=ro",
    ],
)
@pytest.mark.parametrize("token", [OPAQUE, JWT], ids=["opaque", "jwt"])
def test_a_token_anywhere_in_a_bad_url_is_never_shown(url: str, token: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        connect(url.format(t=token))
    assert leaks(str(caught.value), token) == [], str(caught.value)
    assert "@" not in str(caught.value)


def test_a_token_in_the_path_is_never_shown(tmp_path: Path) -> None:
    with HostileServer(echo(404, as_json=False)) as server:
        url = f"{server.url}/{OPAQUE}"
        message = error_of(url, None)
        assert server.requests[0].path == f"/{OPAQUE}/v2/pipeline"  # it went out, and came back echoed
    assert message.startswith(f"{server.url}/***: HTTP 404")
    assert leaks(message, OPAQUE) == []


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://host/db?authToken=abc", "https://host/db?authToken=***"),
        ("libsql://h?tls=0&authToken=abc&region=eu", "libsql://h?tls=0&authToken=***&region=***"),
        ("libsql://h?tls=banana", "libsql://h?tls=***"),
        ("https://user:pw@host:8080/x#frag", "https://host:8080/x"),
        (f"https://host/{OPAQUE}/db", "https://host/***/db"),
        ("https://host/eyJhbGciOi.eyJhIjoi.c2ln", "https://host/***"),
    ],
)
def test_displayed_urls_hold_no_query_values_userinfo_or_token_like_parts(url: str, shown: str) -> None:
    assert display_url(url) == shown


def test_a_valid_target_shows_no_token() -> None:
    target = parse_url(f"libsql://db-org.turso.io?authToken={OPAQUE}&tls=1")
    assert target.url == "libsql://db-org.turso.io?tls=1" and target.token == OPAQUE
    assert OPAQUE not in repr(target)


def test_redact_masks_credentials_in_any_text() -> None:
    assert redact(f"a {OPAQUE[:30]} b", OPAQUE) == "a *** b"  # a cut token, not just the whole one
    assert redact("Authorization: Bearer xyz", None) == "Authorization: Bearer ***"
    assert redact('{"token": "abc", "jwt": "def"}', None) == '{"token": "***", "jwt": "***"}'
    assert redact("?api_key=1&password=2&x=3", None) == "?api_key=***&password=***&x=3"
    assert redact("invalid token: expired", None) == "invalid token: expired"  # words are not secrets


def test_redact_skips_a_pattern_only_where_it_cannot_match() -> None:
    # redact runs each pattern only on a text holding the character it needs: the same result as running
    # every pattern, on texts mixing every trigger (Unicode whitespace and case included). Seeded, bounded.
    def every_pattern(text: str) -> str:
        for param in target._PARAM_RES:
            text = param.sub(rf"\1{target.MASK}", text)
        text = target._SCHEME_AUTH_RE.sub(rf"\1\2{target.MASK}", text)
        text = target._JWT_RE.sub(target.MASK, text)
        return target._USERINFO_RE.sub(r"\1", text)

    pieces = [
        "authToken=",
        "TOKEN=",
        "api_key=",
        "x",
        "=",
        '"',
        ":",
        " ",
        "\u2003",
        "\u00a0",
        "\t",
        "Bearer",
        "BASIC",
        "bearer\u2003",
        "Authorization",
        "AUTHORIZATION: ",
        '"jwt"',
        '"secret" : "',
        "eyJhbGciOi",
        ".e30.",
        "@",
        "http://",
        "user:pw@",
        "libsql://h.turso.io",
        "?",
        "&",
        "#",
        "é",
        "\u212a",
        "abc123",
    ]
    rng = random.Random(29)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert redact(text) == every_pattern(text), text


def test_the_cli_shows_no_token_from_an_echoing_server(tmp_path: Path) -> None:
    with HostileServer(echo(401)) as server:
        for args in (("plan",), ("push",), ("audit",)):
            ran = cli(
                *args, "--spec", str(SPEC), "--url", server.url, "--token", OPAQUE, process=args == ("push",)
            )
            assert ran.exit_code == 2 and ran.stdout.count(OPAQUE[:8]) == 0
            assert ran.stderr.count("\n") == 1 and leaks(ran.stderr, OPAQUE) == [], ran.stderr
            assert "the auth token was rejected" in ran.stderr and "Traceback" not in ran.stderr


def test_a_token_given_in_the_environment_is_masked_too(tmp_path: Path) -> None:
    with HostileServer(echo(500, as_json=False)) as server:
        ran = cli(
            "plan", "--spec", str(SPEC), env={"TURSO_DATABASE_URL": server.url, "TURSO_AUTH_TOKEN": JWT}
        )
    assert ran.exit_code == 2 and leaks(ran.output, JWT) == [], ran.output


def test_server_strings_are_never_cut_before_masking() -> None:
    # A cut at 40 characters would have kept "tok_5" of the token, too short for masking to recognise.
    body = {"results": [{"type": "x" * 35 + OPAQUE}, {"type": "ok", "response": {"type": "close"}}]}
    with HostileServer(answer(body)) as server:
        message = error_of(server.url, OPAQUE)
    assert message == (
        f"{server.url}: unexpected answer from the server: results[0].type: expected 'ok' or 'error', "
        f"got a string of {35 + len(OPAQUE)} characters"
    )
