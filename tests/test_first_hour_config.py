"""The first hour, the project remembers its database: init --url writes it, every command uses it."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

import pytest
from helpers.cli import cli

SPEC = "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"


def _database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()


def test_init_url_is_remembered_and_used_by_plan(tmp_path: Path) -> None:
    _database(tmp_path / "app.db")
    code, out, err = cli("init", "--url", "app.db", "--no-profile", cwd=tmp_path)
    assert (code, err) == (0, "")
    config = tomllib.loads((tmp_path / "schemagen.toml").read_text())
    assert config == {"spec": "spec/schema.yaml", "out": "generated", "url": "app.db"}
    assert out.splitlines()[-1] == (
        "next: edit spec/schema.yaml, then `schemagen validate`, `schemagen generate`, "
        "`schemagen plan` (compares the spec with the database) and `schemagen push`"
    )
    spec = (tmp_path / "spec" / "schema.yaml").read_text()
    assert (
        spec.startswith("# yaml-language-server: $schema=file:///")
        and "spec.schema.json" in spec.split("\n")[0]
    )
    code, out, _err = cli("plan", cwd=tmp_path)
    assert code == 0 and out.startswith("target: app.db\n") and "nothing to do" in out
    assert not (tmp_path / "local.db").exists()
    # --url overrides the configuration
    code, out, _err = cli("plan", "--url", "other.db", cwd=tmp_path)
    assert out.startswith(f"target: {tmp_path / 'other.db'}") or out.startswith("target: other.db")


def test_a_token_never_goes_in_the_file(tmp_path: Path) -> None:
    secret = "eyJhbGciOiJFZERTQSJ9.c2VjcmV0LXRva2Vu.c2ln"
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "schema.yaml").write_text(SPEC)
    code, out, err = cli("init", "--url", f"libsql://db-org.turso.io?authToken={secret}", cwd=tmp_path)
    assert code == 0, err
    text = (tmp_path / "schemagen.toml").read_text()
    assert secret not in text and secret not in out + err
    assert tomllib.loads(text) == {
        "spec": "spec/schema.yaml",
        "out": "generated",
        "url": "libsql://db-org.turso.io",
        "token_env": "TURSO_AUTH_TOKEN",
    }
    assert out.startswith("spec/schema.yaml: kept as it is\n")  # a folder with a spec: just the config
    assert (tmp_path / "spec" / "schema.yaml").read_text() == SPEC


def test_url_env_and_token_env_are_read(tmp_path: Path) -> None:
    _database(tmp_path / "app.db")
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "schema.yaml").write_text(
        SPEC.replace("primary_key: true}", "primary_key: true}\n      name: {type: text}")
    )
    (tmp_path / "schemagen.toml").write_text('url_env = "MY_DB"\ntoken_env = "MY_TOKEN"\n')
    code, _out, err = cli("plan", cwd=tmp_path, env={"MY_DB": ""})
    assert (
        code == 2
        and err == "schemagen.toml: url_env: $MY_DB is not set (nor in .env); set it, or give --url\n"
    )
    (tmp_path / ".env").write_text("MY_DB=app.db\n")
    code, out, err = cli("plan", cwd=tmp_path)
    assert code == 0 and out.startswith("target: app.db"), err


def test_init_with_the_environment_url_remembers_the_variable(tmp_path: Path) -> None:
    _database(tmp_path / "app.db")
    code, _out, err = cli("init", "--no-profile", cwd=tmp_path, env={"TURSO_DATABASE_URL": "app.db"})
    assert code == 0, err
    assert tomllib.loads((tmp_path / "schemagen.toml").read_text())["url_env"] == "TURSO_DATABASE_URL"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'token = "abc"',
            "schemagen.toml: token: a token never goes in a file: name the environment variable",
        ),
        ('url = "libsql://x.turso.io?authToken=abc"', "schemagen.toml: url: a token never goes in a file"),
        (
            'token_env = "eyJ.abc.def"',
            "schemagen.toml: token_env: must be the name of an environment variable",
        ),
        ('url = "a.db"\nurl_env = "X"', "schemagen.toml: url_env: give `url` or `url_env`, not both"),
    ],
)
def test_database_settings_are_checked(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / "schemagen.toml").write_text(line + "\n")
    code, _out, err = cli("plan", cwd=tmp_path)
    assert code == 2 and err.startswith(message), err
    assert "abc" not in err


@pytest.mark.parametrize("url", ["app.db", "file:app.db", "turso:app.db"])
def test_a_relative_url_in_the_configuration_is_taken_from_its_folder(tmp_path: Path, url: str) -> None:
    """As every path in the configuration: a command run from a subfolder reaches the same database."""
    _database(tmp_path / "app.db")
    code, _out, err = cli("init", "--url", "app.db", "--no-profile", cwd=tmp_path)
    assert (code, err) == (0, "")
    (tmp_path / "schemagen.toml").write_text(
        (tmp_path / "schemagen.toml").read_text().replace('"app.db"', f'"{url}"')
    )
    (tmp_path / "deep" / "er").mkdir(parents=True)
    code, out, err = cli("plan", cwd=tmp_path / "deep" / "er")
    scheme = url.removesuffix("app.db")
    assert (code, err) == (0, ""), err
    assert out.startswith(f"target: {scheme}../../app.db\n") and "nothing to do" in out, out
    assert not (tmp_path / "deep" / "er" / "app.db").exists()
