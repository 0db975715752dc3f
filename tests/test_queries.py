"""The docs' index analysis (generator/sqlite/queries.py, on sqlglot): which index serves a query, and how.

The documented queries of every golden spec are covered by the golden pages; these cases pin each rule.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.errors import SchemagenError
from generator.model import Query
from generator.spec import load_spec
from generator.sqlite.queries import index_uses

SPEC = """
version: 1
tables:
  users:
    columns:
      id: {type: integer, primary_key: true}
      email: {type: text, unique: true}
      team: {type: text}
    indexes:
      users_team_idx: {columns: [team]}
  posts:
    columns:
      id: {type: integer, primary_key: true}
      author_id: {type: integer, references: {table: users}}
      created_at: {type: text}
      team: {type: text}
    indexes:
      posts_author_idx: {columns: [author_id]}
      posts_created_idx: {columns: [created_at]}
"""
SCHEMA = load_spec("t.yaml", text=SPEC)


def uses(sql: str) -> set[str]:
    return {str(u) for u in index_uses(SCHEMA, Query(id="q", section="essential", title="q", sql=sql))}


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT * FROM users WHERE email = ?", {"users_email_unique (filter on users.email)"}),
        ("SELECT * FROM users WHERE ? = email", {"users_email_unique (filter on users.email)"}),
        ("SELECT * FROM posts ORDER BY created_at DESC", {"posts_created_idx (sort on posts.created_at)"}),
        (
            "SELECT * FROM posts p JOIN users u ON u.id = p.author_id WHERE u.team IN ('a', 'b')",
            {"posts_author_idx (join on posts.author_id)", "users_team_idx (filter on users.team)"},
        ),
        # filter beats join beats sort, for one column
        (
            "SELECT * FROM posts JOIN users ON users.id = posts.author_id WHERE posts.author_id = 1 "
            "ORDER BY posts.author_id",
            {"posts_author_idx (filter on posts.author_id)"},
        ),
        (  # `team` is in both tables: no filter credited
            "SELECT * FROM posts JOIN users ON users.id = posts.author_id WHERE team = 'x'",
            {"posts_author_idx (join on posts.author_id)"},
        ),
        (
            "SELECT * FROM Posts AS P WHERE p.CREATED_AT > ?",
            {"posts_created_idx (filter on posts.created_at)"},
        ),
        (
            "WITH recent AS (SELECT * FROM posts WHERE created_at BETWEEN ? AND ?) SELECT * FROM recent",
            {"posts_created_idx (filter on posts.created_at)"},
        ),
        ("UPDATE users SET team = 'x' WHERE email IS NULL", {"users_email_unique (filter on users.email)"}),
        ("SELECT * FROM elsewhere WHERE team = 1", set()),
    ],
)
def test_which_index_serves_a_query(sql: str, expected: set[str]) -> None:
    assert uses(sql) == expected


def test_sql_it_cannot_read_is_one_error_naming_the_query() -> None:
    with pytest.raises(
        SchemagenError, match=r"^queries\.q: cannot read it: Expected table name but got 'WHERE'"
    ):
        uses("SELECT FROM WHERE")


def test_sqlglot_is_imported_only_for_documented_queries() -> None:
    probe = (
        "import sys\nfrom generator.spec import load_spec\nfrom generator.emit.render import render_all\n"
        f"render_all(load_spec('t.yaml', text={SPEC!r}))\nprint('sqlglot' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
