"""Deadlines and size caps (issue 8.6): a request has a total deadline, not one per socket read, and an
answer a size cap, read in chunks; both configurable (--timeout, SCHEMAGEN_TIMEOUT, SCHEMAGEN_APPLY_TIMEOUT,
SCHEMAGEN_MAX_ANSWER_MB). The only timed assertions are generous ceilings."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.hostile import Behaviour, HostileServer, Request, endless, forward, serve, trickle
from helpers.sqld import SqldServer

from generator.db import connect, resolve_target
from generator.errors import DatabaseError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"


def test_a_trickling_server_is_given_up_on_after_the_default_10_s() -> None:
    """One byte a second kept `push` running past 100 s when the timeout was per read."""
    with serve(lambda ref: trickle(ref, interval=1.0)) as server:
        started = time.monotonic()
        ran = cli(
            "push", "--yes", "--spec", str(SPEC), "--url", server.url, "--token", "tok-12345678", process=True
        )
        elapsed = time.monotonic() - started
        assert server.sent >= 3  # it did trickle
    assert ran.exit_code == 2 and "Traceback" not in ran.output
    assert ran.stderr == f"no complete answer from {server.url} within 10 s\n"
    assert elapsed < 25  # generous ceiling around 10 s (+ interpreter start-up on a loaded machine)


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_the_deadline_covers_headers_and_body(in_headers: bool) -> None:
    with serve(lambda ref: trickle(ref, interval=0.2, in_headers=in_headers)) as server:
        started = time.monotonic()
        with connect(server.url, "tok-12345678", timeout=1.5) as db, pytest.raises(DatabaseError) as caught:
            db.query("SELECT 1")
        elapsed = time.monotonic() - started
    assert str(caught.value) == f"no complete answer from {server.url} within 1.5 s"
    assert elapsed < 6


def test_timeout_flag_and_environment_set_the_read_deadline() -> None:
    with serve(lambda ref: trickle(ref, interval=0.2)) as server:
        flag = cli("plan", "--spec", str(SPEC), "--url", server.url, "--timeout", "1")
        env = cli("audit", "--spec", str(SPEC), "--url", server.url, env={"SCHEMAGEN_TIMEOUT": "1.5"})
    assert (flag.exit_code, flag.stderr) == (2, f"no complete answer from {server.url} within 1 s\n")
    assert (env.exit_code, env.stderr) == (2, f"no complete answer from {server.url} within 1.5 s\n")


def test_the_apply_has_its_own_deadline(sqld_fresh: SqldServer) -> None:
    """The introspection is real and quick; the apply's answer trickles: SCHEMAGEN_APPLY_TIMEOUT ends it."""

    def spoil(request: Request) -> Behaviour | None:
        apply = any(kind == "batch" and steps > 3 for kind, steps in request.kinds())
        return trickle([server], interval=0.2) if apply else None

    with HostileServer(forward(sqld_fresh.url, spoil)) as server:
        started = time.monotonic()
        ran = cli(
            "push", "--yes", "--spec", str(SPEC), "--url", server.url, "--token", sqld_fresh.tokens.rw,
            "--timeout", "30", env={"SCHEMAGEN_APPLY_TIMEOUT": "2"},
        )  # fmt: skip
        elapsed = time.monotonic() - started
    assert ran.exit_code == 2
    assert ran.stderr.startswith(f"no complete answer from {server.url} within 2 s; the changes were applied")
    assert elapsed < 20  # not 30 s (--timeout bounds reads only), and never the 300 s default


@pytest.mark.parametrize(
    ("length", "chunked"),
    [(None, False), (None, True), (64 * 2**20, False)],
    ids=["until-close", "chunked", "declared"],
)
def test_a_huge_answer_is_refused_in_chunks(length: int | None, chunked: bool) -> None:
    """A body without end: refused once past the cap, having read little more than the cap."""
    with serve(lambda ref: endless(ref, length, chunked)) as server:
        ran = cli("plan", "--spec", str(SPEC), "--url", server.url, env={"SCHEMAGEN_MAX_ANSWER_MB": "1"})
        sent = server.sent
    assert (ran.exit_code, ran.stderr) == (2, f"the answer from {server.url} exceeded 1 MiB\n")
    # The client stopped reading at the cap (the socket buffers hold a few MiB more), so memory stayed flat;
    # a declared length over the cap is refused before any of the body is read.
    assert sent < 32 * 2**20


def test_the_default_cap_is_64_mib() -> None:
    with (
        serve(lambda ref: endless(ref, 2**30)) as server,
        connect(server.url) as db,
        pytest.raises(DatabaseError) as caught,
    ):
        db.query("SELECT 1")
    assert str(caught.value) == f"the answer from {server.url} exceeded 64 MiB"


def test_an_error_answer_is_read_only_as_far_as_it_is_shown() -> None:
    def behave(request: Request, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 500 Oops\r\nConnection: close\r\n\r\n" + b"e" * (8 * 2**20))

    with HostileServer(behave) as server, connect(server.url) as db, pytest.raises(DatabaseError) as caught:
        db.query("SELECT 1")
    assert str(caught.value).startswith(f"{server.url}: HTTP 500: eeee")


@pytest.mark.parametrize(
    ("name", "value"),
    [("SCHEMAGEN_TIMEOUT", "soon"), ("SCHEMAGEN_APPLY_TIMEOUT", "-5"), ("SCHEMAGEN_MAX_ANSWER_MB", "nan")],
)
def test_bad_limit_settings_are_one_line_errors(name: str, value: str, tmp_path: Path) -> None:
    ran = cli("plan", "--spec", str(SPEC), "--url", str(tmp_path / "x.db"), env={name: value})
    assert (ran.exit_code, ran.stderr) == (2, f"${name}: expected a positive number, got {value!r}\n")
    assert (
        cli("plan", "--spec", str(SPEC), "--timeout", "0").stderr
        == "--timeout: expected a positive number, got '0.0'\n"
    )


def test_limits_resolve_from_flag_environment_dotenv_and_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SCHEMAGEN_TIMEOUT", "SCHEMAGEN_APPLY_TIMEOUT", "SCHEMAGEN_MAX_ANSWER_MB"):
        monkeypatch.delenv(name, raising=False)
    default = resolve_target(None, None, tmp_path)
    assert (default.timeout, default.apply_timeout, default.max_answer) == (10.0, 300.0, 64 * 2**20)
    (tmp_path / ".env").write_text(
        "SCHEMAGEN_APPLY_TIMEOUT=600\nSCHEMAGEN_MAX_ANSWER_MB=0.5\nSCHEMAGEN_TIMEOUT=3\n"
    )
    monkeypatch.setenv("SCHEMAGEN_TIMEOUT", "4")
    chosen = resolve_target(None, None, tmp_path)
    assert (chosen.timeout, chosen.apply_timeout, chosen.max_answer) == (4.0, 600.0, 2**19)
    assert resolve_target(None, None, tmp_path, timeout=2.5).timeout == 2.5


@pytest.mark.parametrize(
    ("args", "env", "line"),
    [
        (["--timeout", "99999999999"], {}, "--timeout: at most 604,800 seconds, got 99999999999.0"),
        ([], {"SCHEMAGEN_TIMEOUT": "1e300"}, "$SCHEMAGEN_TIMEOUT: at most 604,800 seconds, got 1e300"),
        (
            [],
            {"SCHEMAGEN_APPLY_TIMEOUT": "1e20"},
            "$SCHEMAGEN_APPLY_TIMEOUT: at most 604,800 seconds, got 1e20",
        ),
        (
            [],
            {"SCHEMAGEN_MAX_ANSWER_MB": "1e300"},
            "$SCHEMAGEN_MAX_ANSWER_MB: at most 1,048,576 MB, got 1e300",
        ),
    ],
)
def test_huge_limits_are_one_line_errors_not_overflow(
    args: list[str], env: dict[str, str], line: str
) -> None:
    # Over HTTP a wait this long overflowed the socket's timeout (internal error: OverflowError).
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}"
    ran = cli("plan", "--spec", str(SPEC), "--url", url, *args, env=env)
    assert (ran.exit_code, ran.stderr) == (2, line + "\n")
