"""`schemagen init`: a new project's spec and config, from a live database or from nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers.cli import cli


def test_init_from_nothing_writes_a_starter_that_generates_and_pushes(tmp_path: Path) -> None:
    result = cli("init", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "spec/schema.yaml").is_file()
    assert (tmp_path / "schemagen.toml").read_text().splitlines()[1:] == [
        'spec = "spec/schema.yaml"',
        'out = "generated"',
    ]
    assert cli("validate", cwd=tmp_path).exit_code == 0
    assert cli("generate", cwd=tmp_path).exit_code == 0
    assert (tmp_path / "generated/schema.sql").is_file() and (tmp_path / "generated/SCHEMA.md").is_file()
    assert cli("push", cwd=tmp_path).exit_code == 0
    assert "nothing to do" in cli("plan", cwd=tmp_path).stdout


def test_init_never_overwrites(tmp_path: Path) -> None:
    assert cli("init", cwd=tmp_path).exit_code == 0
    spec = tmp_path / "spec/schema.yaml"
    spec.write_text(spec.read_text() + "# mine\n")
    again = cli("init", cwd=tmp_path)
    assert again.exit_code == 2 and "already exists (--force replaces it)" in again.stderr
    assert spec.read_text().endswith("# mine\n")
    forced = cli("init", "--force", cwd=tmp_path)
    assert forced.exit_code == 0 and not spec.read_text().endswith("# mine\n")
    assert "kept as it is" in forced.stdout  # the schemagen.toml the first init wrote


def test_init_from_a_database_gives_a_spec_that_plans_as_a_no_op(tmp_path: Path) -> None:
    source = tmp_path / "app.db"
    conn = sqlite3.connect(source)
    conn.executescript(
        "CREATE TABLE users (id TEXT PRIMARY KEY NOT NULL, email TEXT NOT NULL UNIQUE, prefs TEXT);"
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), body TEXT,"
        " status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'live')));"
        "CREATE VIEW live_posts AS SELECT * FROM posts WHERE status = 'live';"
        "INSERT INTO users VALUES ('u1', 'a@x', '{\"theme\": \"dark\"}'),"
        " ('u2', 'b@x', '{\"theme\": \"light\"}');"
    )
    conn.commit()
    conn.close()
    project = tmp_path / "project"
    project.mkdir()
    result = cli("init", "--url", str(source), cwd=project)
    assert result.exit_code == 0, result.output
    assert "read from" in result.stdout
    assert "nothing to do" in cli("plan", "--url", str(source), cwd=project).stdout
    assert cli("generate", cwd=project).exit_code == 0


def test_init_from_a_missing_database_writes_nothing(tmp_path: Path) -> None:
    result = cli("init", "--url", str(tmp_path / "nope.db"), cwd=tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "spec").exists() and not (tmp_path / "schemagen.toml").exists()
    assert not (tmp_path / "nope.db").exists()


def test_init_from_an_empty_database_starts_from_the_starter(tmp_path: Path) -> None:
    """A new project's database (no tables yet) is no error: the starter spec, and push fills the database."""
    source = tmp_path / "new.db"
    sqlite3.connect(source).execute("CREATE TABLE gone (a)").connection.execute(
        "DROP TABLE gone"
    ).connection.close()
    project = tmp_path / "project"
    project.mkdir()
    result = cli("init", "--url", str(source), cwd=project)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"spec/schema.yaml: {source} has no tables yet: a starter spec with one example table\n"
    )
    assert cli("push", "--url", str(source), cwd=project).exit_code == 0
    assert "nothing to do" in cli("plan", "--url", str(source), cwd=project).stdout
    # A database holding views but no tables is not empty: nothing is written, and the line says why.
    views = tmp_path / "views.db"
    sqlite3.connect(views).execute("CREATE VIEW one AS SELECT 1 AS x").connection.close()
    refused = cli("init", "--url", str(views), "--force", cwd=project)
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"{views}: the database holds 1 view but no tables: nothing to inspect "
        "(a spec needs at least one table)\n",
    )


def test_init_keeps_the_database_and_the_token_out_of_git(tmp_path: Path) -> None:
    result = cli("init", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert ".gitignore: added local.db*, .env" in result.stdout
    lines = (tmp_path / ".gitignore").read_text().splitlines()
    assert "local.db*" in lines and ".env" in lines
    again = cli("init", "--force", cwd=tmp_path)
    assert again.exit_code == 0 and ".gitignore" not in again.stdout
    assert (tmp_path / ".gitignore").read_text().splitlines() == lines  # never a line twice


def test_init_extends_an_existing_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/\n/.env")  # no newline at the end; .env there
    (tmp_path / ".gitignore").chmod(0o640)
    result = cli("init", cwd=tmp_path)
    assert result.exit_code == 0 and ".gitignore: added local.db* (" in result.stdout, result.output
    text = (tmp_path / ".gitignore").read_text()
    assert text.startswith("node_modules/\n/.env\n") and text.endswith("\nlocal.db*\n")
    assert text.count(".env") == 1 and (tmp_path / ".gitignore").stat().st_mode & 0o777 == 0o640
