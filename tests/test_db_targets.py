"""URLs that cannot be mistaken (issue 10): a server address without a scheme is an error, not a new SQLite
file; only push creates a database file, and says so; plan, audit and import never create one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.cli import cli

from generator.db import connect, parse_url
from generator.errors import DatabaseError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"
DATA = ROOT / "tests" / "data" / "reference"


@pytest.mark.parametrize(
    "url",
    [
        "127.0.0.1:23456",
        "127.0.0.1:23456/db",
        "localhost:8080",
        "LOCALHOST:8080/x?authToken=abc",
        "db.example.com:443",
        "[::1]:8080",
        "db-org.turso.io",
        "db-org.aws-eu-west-1.turso.io/",
        "127.0.0.1",
        "localhost",
    ],
)
def test_a_server_address_without_a_scheme_is_an_error(url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        parse_url(url)
    message = str(caught.value)
    assert "looks like a server address without a scheme" in message
    assert "use libsql://" in message and "or http://" in message and "abc" not in message


@pytest.mark.parametrize("url", ["local.db", "./127.0.0.1:23456", "data/app.sqlite", "file:127.0.0.1:1"])
def test_paths_stay_paths(url: str) -> None:
    assert parse_url(url).kind == "file"


@pytest.mark.parametrize("command", ["push", "plan", "audit"])
def test_a_typed_host_port_creates_nothing_and_exits_2(command: str, tmp_path: Path) -> None:
    ran = cli(
        command, "--spec", str(SPEC), "--url", "127.0.0.1:23456", cwd=tmp_path, process=command == "push"
    )
    assert ran.exit_code == 2 and ran.stderr.startswith("127.0.0.1:23456: this looks like a server address")
    assert ran.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    [
        "file:missing.db",
        "missing.db",
        "file:missing.db?mode=ro",
        "file:missing.db#x",
        "file://otherhost/missing.db",
        "file:",
        "file:sub/missing.db",
    ],
)
@pytest.mark.parametrize("command", ["audit", "import"])
def test_audit_and_import_never_create_a_file(command: str, url: str, tmp_path: Path) -> None:
    args = (
        ("import", "certifications", str(DATA / "certifications.json")) if command == "import" else ("audit",)
    )
    ran = cli(*args, "--spec", str(SPEC), "--url", url, cwd=tmp_path)
    assert ran.exit_code == 2 and ran.stderr.count("\n") == 1 and "Traceback" not in ran.output, ran.output
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    ran = cli("audit", "--spec", str(SPEC), "--url", "file:missing.db", cwd=tmp_path)
    assert (
        ran.stderr == "file:missing.db: no such database file (nothing was created; only push creates one)\n"
    )


def test_plan_of_a_missing_file_plans_from_empty_and_creates_nothing(tmp_path: Path) -> None:
    ran = cli("plan", "--spec", str(SPEC), "--url", "new.db", cwd=tmp_path)
    assert ran.exit_code == 0 and "does not exist yet: the plan starts from an empty database" in ran.stdout
    assert list(tmp_path.iterdir()) == []


def test_push_creates_the_file_and_says_so(tmp_path: Path) -> None:
    first = cli("push", "--spec", str(SPEC), "--url", "new.db", cwd=tmp_path)
    assert first.exit_code == 0 and "database file: created; write access: yes" in first.stdout
    assert (tmp_path / "new.db").is_file()
    again = cli("push", "--spec", str(SPEC), "--url", "new.db", cwd=tmp_path)
    assert again.exit_code == 0 and "database file: opened; write access: yes" in again.stdout
    dry = cli("push", "--dry-run", "--spec", str(SPEC), "--url", "other.db", cwd=tmp_path)
    assert dry.exit_code == 0 and not (tmp_path / "other.db").exists()


def test_connect_creates_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with pytest.raises(DatabaseError, match="no such database file"):
        connect(str(path))
    assert not path.exists()
    with connect(str(path), create=True) as db:
        assert db.created
    with connect(str(path)) as db:
        assert not db.created
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
