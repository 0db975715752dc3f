"""Every other way the driver can fail ends as one line and exit 2: socket and TLS errors, broken HTTP,
bodies that are not text or nest too deeply, files that are not databases, values SQLite cannot hold."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.hostile import HostileServer, Request, answer, echo, head, raw

from generator.db import connect, parse_url
from generator.errors import AuthError, DatabaseError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"
DATA = ROOT / "tests" / "data" / "reference"


def query_error(url: str, token: str | None = "tok-12345678", **options: object) -> str:
    """The one-line message of the DatabaseError a `SELECT 1` raises."""
    with connect(url, token, **options) as db, pytest.raises(DatabaseError) as caught:  # type: ignore[arg-type]
        db.query("SELECT 1")
    message = str(caught.value)
    assert "\n" not in message
    return message


def reset(request: Request, conn: socket.socket) -> None:
    """Half an answer, then a TCP reset (SO_LINGER 0) instead of an orderly close."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Le")
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


BROKEN_HTTP = {
    "reset mid-headers": (reset, "the connection was lost before the server answered"),
    "closed without a word": (raw(b""), "the connection was lost before the server answered"),
    "not HTTP": (raw(b"HELLO THERE\r\n\r\n"), "the answer is not valid HTTP (a bad status line)"),
    "unknown protocol": (
        raw(b"HTTP/9.9 200 OK\r\n\r\n"),
        "the answer is not valid HTTP (an unknown protocol version)",
    ),
    "header line too long": (
        raw(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n"),
        "the answer is not valid HTTP (a line too long)",
    ),
    "too many headers": (
        raw(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 150 + b"\r\n"),
        "the answer is not valid HTTP (malformed headers)",
    ),
    "bad chunk size": (
        raw(head(200, {"Transfer-Encoding": "chunked"}) + b"ZZZ\r\n"),
        "the connection was lost before the server answered",  # http.client reports it as IncompleteRead
    ),
    "chunked body cut short": (
        raw(head(200, {"Transfer-Encoding": "chunked"}) + b'40\r\n{"results":'),
        "the connection was lost before the server answered",
    ),
    "body shorter than its length": (
        raw(head(200, {"Content-Length": "100"}) + b'{"results": []}'),
        "the connection was lost before the server answered",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_HTTP))
def test_broken_http_is_one_line(case: str) -> None:
    behaviour, why = BROKEN_HTTP[case]
    with HostileServer(behaviour) as server:
        assert query_error(server.url) == f"{server.url}: {why}"


def test_a_broken_answer_to_an_apply_says_the_outcome_is_unknown() -> None:
    with (
        HostileServer(reset) as server,
        connect(server.url, "tok-12345678") as db,
        pytest.raises(DatabaseError) as caught,
    ):
        db.apply(["CREATE TABLE t(x)"])
    assert str(caught.value) == (
        f"{server.url}: the connection was lost before the server answered; the changes were applied "
        "entirely or not at all: check the database before retrying"
    )


@pytest.mark.parametrize("case", ["not HTTP", "reset mid-headers", "bad chunk size"])
def test_broken_http_through_the_cli(case: str) -> None:
    with HostileServer(BROKEN_HTTP[case][0]) as server:
        ran = cli("plan", "--spec", str(SPEC), "--url", server.url, process=case == "not HTTP")
    assert ran.exit_code == 2 and ran.stderr.count("\n") == 1 and "Traceback" not in ran.output


@pytest.fixture
def tls_dropper() -> Iterator[int]:
    """A port that accepts TCP, reads the TLS ClientHello, and hangs up: a handshake that cannot finish."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def serve() -> None:
        try:
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
        except OSError:
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    listener.close()
    thread.join(timeout=5)


def test_a_tls_handshake_cut_short_is_one_line(tls_dropper: int) -> None:
    url = f"https://127.0.0.1:{tls_dropper}"
    message = query_error(url)
    assert message.startswith(f"cannot reach {url}: "), message


def test_an_unreadable_ca_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate")
    with pytest.raises(DatabaseError, match=f"cannot load CA file {bad}"):
        connect("https://127.0.0.1:9", "tok-12345678", ca_file=str(bad))


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe\xfd not text", b"[" * 200_000, b'{"error": ' * 100_000],
    ids=["binary", "deep", "deep-object"],
)
@pytest.mark.parametrize("status", [401, 500])
def test_error_bodies_that_are_not_text_or_nest_too_deeply(body: bytes, status: int) -> None:
    with HostileServer(answer(body, status=status)) as server:
        message = query_error(server.url)
    assert message.startswith(server.url) and len(message) < 400


def test_a_path_with_spaces_and_non_ascii_is_escaped() -> None:
    with HostileServer(echo(404, as_json=False)) as server:
        message = query_error(f"{server.url}/my db/ü")
        assert server.requests[0].path == "/my%20db/%C3%BC/v2/pipeline"
    assert message.startswith(f"{server.url}/my db/ü: HTTP 404")


def test_a_host_name_that_cannot_be_encoded_is_one_line() -> None:
    url = f"http://{'a' * 70}.invalid:9"  # idna refuses a 70-character label before any lookup
    assert query_error(url).startswith(f"cannot reach {url}: ")


def test_a_non_ascii_token_is_refused_before_anything_is_sent() -> None:
    with HostileServer(answer({})) as server:
        with pytest.raises(AuthError) as caught:
            connect(server.url, "tökén-€-secret")
        assert server.requests == []
    assert "secret" not in str(caught.value) and "non-ASCII" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (2**64, "an integer beyond SQLite's 64-bit range"),
        ("\ud800", "text that is not valid Unicode"),
        (float("nan"), "NaN"),
        (object(), "a value of type object"),
    ],
)
def test_values_sqlite_cannot_hold_are_refused_by_both_backends(
    value: object, why: str, tmp_path: Path
) -> None:
    with connect(str(tmp_path / "v.db"), create=True) as local, pytest.raises(DatabaseError, match=why):
        local.query("SELECT ?", (value,))  # type: ignore[arg-type]
    with HostileServer(answer({})) as server, connect(server.url, "tok-12345678") as remote:
        with pytest.raises(DatabaseError, match=why):
            remote.apply([("INSERT INTO t VALUES (?)", (value,))])  # type: ignore[list-item]
        assert server.requests == []  # refused before sending


# --- files -----------------------------------------------------------------------------------------------


@pytest.fixture
def not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 100)
    return path


@pytest.mark.parametrize("command", ["plan", "push", "audit", "import"])
def test_a_file_that_is_not_a_database(command: str, not_a_database: Path) -> None:
    args = (
        ("import", "certifications", str(DATA / "certifications.json")) if command == "import" else (command,)
    )
    before = not_a_database.read_bytes()
    ran = cli(*args, "--spec", str(SPEC), "--url", str(not_a_database))
    assert ran.exit_code == 2 and ran.stderr == f"cannot open {not_a_database}: file is not a database\n"
    assert not_a_database.read_bytes() == before


@pytest.mark.parametrize("command", ["plan", "push", "audit", "import"])
def test_a_directory_given_as_the_database(command: str, tmp_path: Path) -> None:
    args = (
        ("import", "certifications", str(DATA / "certifications.json")) if command == "import" else (command,)
    )
    ran = cli(*args, "--spec", str(SPEC), "--url", str(tmp_path))
    assert (
        ran.exit_code == 2
        and ran.stderr == f"cannot open {tmp_path}: it is a directory, not a database file\n"
    )


def test_a_file_in_a_missing_directory(tmp_path: Path) -> None:
    url = str(tmp_path / "no" / "such" / "dir" / "x.db")
    ran = cli("push", "--spec", str(SPEC), "--url", url)
    assert ran.exit_code == 2 and ran.stderr == f"cannot open {url}: unable to open database file\n"


@pytest.mark.parametrize("command", ["plan", "push", "audit"])
def test_a_file_name_too_long(command: str, tmp_path: Path) -> None:
    ran = cli(command, "--spec", str(SPEC), "--url", "x" * 5000 + ".db", cwd=tmp_path)
    assert ran.exit_code == 2 and ran.stderr.count("\n") == 1 and "File name too long" in ran.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_nul_in_a_file_url() -> None:
    with pytest.raises(DatabaseError, match="the path holds a NUL character"):
        parse_url("file:a%00b.db")


def test_a_dotenv_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"TURSO_DATABASE_URL=\xff\xfe\n")
    ran = cli(
        "plan", "--spec", str(SPEC), cwd=tmp_path, env={"TURSO_DATABASE_URL": "", "TURSO_AUTH_TOKEN": ""}
    )
    assert (ran.exit_code, ran.stderr) == (2, f"{tmp_path / '.env'}: not UTF-8 text (byte 19)\n")


def test_a_dotenv_line_that_cannot_be_parsed(tmp_path: Path) -> None:
    env = {"TURSO_DATABASE_URL": "", "TURSO_AUTH_TOKEN": ""}
    (tmp_path / ".env").write_text("OTHER='unclosed\nTURSO_DATABASE_URL=local.db\n")
    ran = cli("plan", "--spec", str(SPEC), cwd=tmp_path, env=env)  # an unrelated bad line: skipped, silently
    assert ran.exit_code == 0 and ran.stderr == "" and "target: local.db" in ran.stdout
    (tmp_path / ".env").write_text("TURSO_DATABASE_URL=local.db\nTURSO_AUTH_TOKEN='tok-secret-value\n")
    ran = cli("plan", "--spec", str(SPEC), cwd=tmp_path, env=env)
    assert (ran.exit_code, ran.stderr) == (
        2,
        f"{tmp_path / '.env'}:2: cannot parse the line setting TURSO_AUTH_TOKEN\n",
    )
