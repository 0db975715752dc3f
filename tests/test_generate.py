"""`schemagen generate` through the real CLI: golden output, determinism, the DDL runs and parses."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlglot
from helpers.cli import cli
from helpers.golden import UPDATE, assert_golden

from generator.config import load_config
from generator.emit.render import project_options, render_all
from generator.spec import load_spec
from generator.sqlite.ddl import schema_statements

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests/data/golden"


def read_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_golden_output_through_cli(case: str, tmp_path: Path) -> None:
    """A new project with no configuration: the spec where the defaults look, `schemagen generate`."""
    (tmp_path / "spec").mkdir()
    shutil.copyfile(GOLDEN / case / "spec.yaml", tmp_path / "spec" / "schema.yaml")
    result = cli("generate", cwd=tmp_path, process=True)
    assert result.exit_code == 0, result.stderr
    actual = read_tree(tmp_path / "generated")
    expected_dir = GOLDEN / case / "expected"
    if not UPDATE:
        assert sorted(actual) == sorted(read_tree(expected_dir)), (
            "file set differs: run `UPDATE_GOLDEN=1 make test`"
        )
    for name, content in actual.items():
        assert_golden(expected_dir / name, content)


def test_checked_in_output_is_current() -> None:
    """generated/ equals a fresh render (UPDATE_GOLDEN=1 rewrites it, like `make generate`)."""
    if UPDATE:
        assert cli("generate", process=True).exit_code == 0
    result = cli("generate", "--check", process=True)
    assert result.exit_code == 0, result.stdout[-3000:] + result.stderr


def test_check_reports_stale_output_with_a_diff(tmp_path: Path) -> None:
    assert cli("generate", "--out", str(tmp_path), process=True).exit_code == 0
    target = tmp_path / "schema.sql"
    target.write_text(target.read_text().replace("NOT NULL", "NULL", 1))
    users = (tmp_path / "validators" / "users.schema.json").read_text()
    (tmp_path / "validators" / "stale_table.schema.json").write_text(users)  # written by generate, once
    result = cli("generate", "--check", "--out", str(tmp_path), process=True)
    assert result.exit_code == 1
    assert "is stale" in result.stderr
    assert "-" in result.stdout and "schema.sql" in result.stdout and "stale_table" in result.stdout
    # and generate repairs both
    assert cli("generate", "--out", str(tmp_path), process=True).exit_code == 0
    assert not (tmp_path / "validators" / "stale_table.schema.json").exists()
    assert cli("generate", "--check", "--out", str(tmp_path), process=True).exit_code == 0


def test_output_is_identical_under_any_hash_seed(tmp_path: Path) -> None:
    trees = []
    for seed in ("1", "42", "random"):
        out = tmp_path / seed
        assert cli("generate", "--out", str(out), seed=seed, process=True).exit_code == 0
        trees.append(read_tree(out))
    assert trees[0] == trees[1] == trees[2]
    for name, content in trees[0].items():
        assert content.endswith("\n") and not content.endswith("\n\n"), name
        assert "\r" not in content and str(ROOT) not in content, name


def test_ddl_executes_in_sqlite_twice_and_parses_with_sqlglot() -> None:
    sql = (ROOT / "generated/schema.sql").read_text()
    conn = sqlite3.connect(":memory:")
    conn.executescript(sql)
    conn.executescript(sql)  # idempotent: IF NOT EXISTS everywhere
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    assert len(tables) == 12
    indexes = conn.execute(
        "SELECT count(*) FROM sqlite_schema WHERE type='index' AND sql IS NOT NULL"
    ).fetchone()
    assert indexes[0] == 33
    objects = conn.execute(
        "SELECT type, count(*) FROM sqlite_schema WHERE type IN ('view', 'trigger') GROUP BY type"
    )
    assert dict(objects.fetchall()) == {"trigger": 1, "view": 3}
    parsed = sqlglot.parse(sql, read="sqlite")
    kinds = [p.args.get("kind") for p in parsed if isinstance(p, sqlglot.exp.Create)]
    assert (kinds.count("TABLE"), kinds.count("INDEX"), kinds.count("VIEW")) == (12, 33, 3)


def test_ddl_matches_drizzle_kit_push_column_for_column() -> None:
    """Pushing to the app's existing database must not change what drizzle-kit created (CHECKs aside)."""
    ours = sqlite3.connect(":memory:")
    for stmt in schema_statements(load_spec(ROOT / "spec/schema.yaml")):
        ours.execute(stmt)
    theirs = sqlite3.connect(":memory:")
    theirs.executescript((ROOT / "tests/data/drizzle_push.sql").read_text())
    names = [
        r[0]
        for r in theirs.execute(
            "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    assert len(names) == 12
    for name in names:
        assert (
            ours.execute(f'PRAGMA table_info("{name}")').fetchall()
            == theirs.execute(f'PRAGMA table_info("{name}")').fetchall()
        ), name
        assert (
            ours.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
            == theirs.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
        ), name
    assert (
        ours.execute("PRAGMA index_info('users_username_unique')").fetchall()
        == theirs.execute("PRAGMA index_info('users_username_unique')").fetchall()
    )


def test_closed_enums_and_json_columns_are_enforced_by_the_ddl() -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript((ROOT / "generated/schema.sql").read_text())
    base = "INSERT INTO questions (id, question, answer, explanation, difficulty, channel, sub_channel"
    conn.execute(f"{base}, tags) VALUES ('q-1', 'q', 'a', 'e', 'beginner', 'aws', 'compute', '[\"a\"]')")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(f"{base}) VALUES ('q-2', 'q', 'a', 'e', 'expert', 'aws', 'compute')")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(
            f"{base}, tags) VALUES ('q-3', 'q', 'a', 'e', 'beginner', 'aws', 'compute', '[not json')"
        )


def test_render_is_pure_and_covers_every_table() -> None:
    schema = load_spec(ROOT / "spec/schema.yaml")
    files = render_all(schema)
    assert files == render_all(schema)
    assert {f"validators/{t.name}.schema.json" for t in schema.tables} <= set(files)
    # With no configuration the pages get the neutral names; the repository's config keeps TURSO_*.md.
    assert {"schema.sql", "SCHEMA.md", "DIAGRAM.md", "QUICK_REFERENCE.md"} <= set(files)
    config = load_config(start=ROOT)
    named = render_all(schema, options=project_options(config, config.spec, config.out))
    assert {"TURSO_SCHEMA_DIAGRAM.md", "TURSO_DATABASE_SCHEMA.md", "TURSO_QUICK_REFERENCE.md"} <= set(named)
    assert named["TURSO_DATABASE_SCHEMA.md"] == (ROOT / "generated/TURSO_DATABASE_SCHEMA.md").read_text()


def test_the_summary_says_what_was_written_and_what_was_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = str(ROOT / "spec" / "schema.yaml")
    first = cli("generate", "--spec", spec, "--out", str(out))
    assert first.stdout == f"{out}/: 18 of 18 files changed\n"
    narrowed = cli("generate", "--spec", spec, "--out", str(out), "--output", "ddl")
    assert narrowed.stdout == f"{out}/: 1 of 1 files changed, 17 removed (outputs not written now)\n"
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["schema.sql"]
    again = cli("generate", "--spec", spec, "--out", str(out), "--output", "ddl")
    assert again.stdout == f"{out}/: up to date\n"
