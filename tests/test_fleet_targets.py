"""Targets files: a database per line, an optional token variable, every bad line named up front."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.fleet import write_spec, write_targets

from generator.errors import DataError
from generator.fleet.targets import Secrets, read_targets


def secrets(tmp_path: Path, **environ: str) -> Secrets:
    return Secrets(tmp_path, environ)


def test_lines_comments_blank_lines_and_token_variables(tmp_path: Path) -> None:
    path = write_targets(
        tmp_path / "targets.txt",
        [
            "# tenants of the eu group",
            "",
            "http://127.0.0.1:8080   ACME_TOKEN   # acme has its own token",
            "libsql://tenant-b.example.turso.io",
            "   ",
            "https://tenant-c.example.turso.io?authToken=secret-in-url",
            f"{tmp_path / 'local.db'}",
        ],
    )
    targets = read_targets(path, secrets(tmp_path, ACME_TOKEN="acme-secret"))
    assert [t.display for t in targets] == [
        "http://127.0.0.1:8080",
        "libsql://tenant-b.example.turso.io",
        "https://tenant-c.example.turso.io",  # the token in the URL is used, never shown
        str(tmp_path / "local.db"),
    ]
    assert [t.token_env for t in targets] == ["ACME_TOKEN", None, None, None]
    assert [t.origin for t in targets] == [f"{path}:{n}" for n in (3, 4, 6, 7)]
    assert "acme-secret" not in repr(targets) and "secret-in-url" not in repr([t.display for t in targets])


def test_token_variable_may_come_from_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ACME_TOKEN=from-dotenv\n")
    path = write_targets(tmp_path / "t.txt", ["http://127.0.0.1:1 ACME_TOKEN"])
    found = Secrets(tmp_path, {})
    assert read_targets(path, found)[0].token_env == "ACME_TOKEN"
    assert found.get("ACME_TOKEN") == "from-dotenv"


def test_every_bad_line_is_named_at_once(tmp_path: Path) -> None:
    path = write_targets(
        tmp_path / "targets.txt",
        [
            "http://127.0.0.1:8080",
            "ws://127.0.0.1:8080",  # 2: unsupported scheme
            "http://127.0.0.1:8080/",  # 3: the same database as line 1
            "http://a.example TOKEN extra",  # 4: three fields
            "http://b.example not-a-name",  # 5: not a variable name
            "http://c.example UNSET_TOKEN",  # 6: variable not set
            "http://user:pw@d.example",  # 7: credentials in the URL
            "http://e.example:99999",  # 8: bad port
        ],
    )
    with pytest.raises(DataError) as caught:
        read_targets(path, secrets(tmp_path))
    lines = str(caught.value).splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6, 7, 8)]
    assert "ws:// URLs are not supported" in lines[0]
    assert "already listed on line 1" in lines[1]
    assert "got 3 fields" in lines[2]
    assert "the second field is not an environment variable name" in lines[3]
    assert "not-a-name" not in lines[3]
    assert "environment variable UNSET_TOKEN (the token of http://c.example) is not set" in lines[4]
    assert "pw" not in str(caught.value)


def test_same_database_written_two_ways_is_a_duplicate(tmp_path: Path) -> None:
    lines = [
        "libsql://db-acme.turso.io",
        "https://DB-ACME.turso.io",
        f"{tmp_path}/a.db",
        f"{tmp_path}/x/../a.db",
    ]
    path = write_targets(tmp_path / "t.txt", lines)
    with pytest.raises(DataError) as caught:
        read_targets(path, secrets(tmp_path))
    assert str(caught.value).splitlines() == [
        f"{path}:2: https://DB-ACME.turso.io is already listed on line 1",
        f"{path}:4: {tmp_path}/x/../a.db is already listed on line 3",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"# nothing but comments\n\n", "no databases listed"),
        (b"http://127.0.0.1:1\n\xff\xfe\n", "not UTF-8 text"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "targets.txt"
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        read_targets(path, secrets(tmp_path))


def test_cli_bad_targets_file_exits_2_before_touching_any_database(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    first = tmp_path / "first.db"
    path = write_targets(
        tmp_path / "targets.txt", [str(first), "http://x.example TENANT_TOKEN", "ftp://nope"]
    )
    code, out, err = cli("push", "--spec", str(spec), "--targets", str(path), "--yes")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"{path}:2: environment variable TENANT_TOKEN (the token of http://x.example) is not set",
        f"{path}:3: ftp://nope: unsupported URL scheme ftp:// "
        "(use libsql://, https://, http://, file: or turso:)",
    ]
    assert not first.exists()


def test_cli_missing_targets_file(tmp_path: Path) -> None:
    code, _out, err = cli(
        "plan", "--spec", str(write_spec(tmp_path)), "--targets", str(tmp_path / "nope.txt")
    )
    assert (code, err.strip()) == (2, f"{tmp_path / 'nope.txt'}: no such targets file")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["plan", "--url", "x.db"],
            "--url names one database: leave it out with --targets or --platform-org",
        ),
        (["plan", "--platform-org", "acme"], "--targets and --platform-org are two ways to name a fleet"),
        (["audit", "--group", "g"], "--group needs --platform-org"),
        (["push", "--group", "g"], "--group needs --platform-org"),
    ],
)
def test_cli_contradicting_fleet_options(tmp_path: Path, args: list[str], message: str) -> None:
    spec = write_spec(tmp_path)
    targets = write_targets(tmp_path / "t.txt", [str(tmp_path / "a.db")])
    extra = ["--targets", str(targets)] if args[1] != "--group" else []
    code, _out, err = cli(*args, "--spec", str(spec), *extra)
    assert code == 2
    assert message in err
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize("option", [["--canary", "2"], ["--max-failures", "1"]])
def test_cli_fleet_only_options_need_a_fleet(tmp_path: Path, option: list[str]) -> None:
    code, _out, err = cli(
        "push", "--spec", str(write_spec(tmp_path)), "--url", str(tmp_path / "a.db"), *option
    )
    assert code == 2
    assert "need --targets or --platform-org" in err  # (--format json also serves one database)
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize(
    "line",
    [
        "http://127.0.0.1:8080 eyJhbGciOiJFZERTQSJ9.eyJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlX3NlY3JldA",
        "http://127.0.0.1:8080 c2lnbmF0dXJlX3NlY3JldA0123456789abcdef",  # a token that is a valid name
        "http://127.0.0.1:8080 tok-en+secret/value==",
        "eyJhbGciOiJFZERTQSJ9.eyJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlX3NlY3JldA",  # a token in place of the URL
    ],
)
def test_a_token_pasted_into_a_targets_file_is_never_shown(tmp_path: Path, line: str) -> None:
    path = write_targets(tmp_path / "t.txt", [line])
    secret = line.split()[-1]
    with pytest.raises(DataError) as caught:
        read_targets(path, secrets(tmp_path))
    message = str(caught.value)
    assert message.startswith(f"{path}:1: ")
    for piece in (secret, secret[:12], secret[-12:]):
        assert piece not in message
    code, out, err = cli("plan", "--spec", str(write_spec(tmp_path)), "--targets", str(path))
    assert code == 2
    assert secret[-12:] not in out + err
