"""Each injection the fault campaign found (issue 19), held by the one escaping function of its language."""

from __future__ import annotations

import ast
import json
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.mermaid import mermaid_blocks, parse_mermaid
from markdown_it import MarkdownIt

from generator.emit import escape
from generator.emit.codegen.python import docstring
from generator.emit.codegen.typescript import doc_comment
from generator.emit.render import render_all
from generator.emit.review import review_markdown
from generator.migrate.review import review_schemas
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent

SPEC = """\
version: 1
name: hostile
title: "Shop\\nDELETE FROM users; --\\u2028require('fs')"
description: |
  First line.
  DELETE FROM users; <!-- hidden
categories:
  - {name: "Sales\\nDROP TABLE users; --", description: "Money.\\u2028x"}
tables:
  users:
    category: "Sales\\nDROP TABLE users; --"
    description: |
      Who buys.
      DELETE FROM users;
    columns:
      id: {type: integer, primary_key: true}
      status: {type: text, description: 'A state, e.g. "draft"'}
      note: {type: text, description: "*/ require('fs') \\"\\"\\" \\\\ ${x} <!-- --> <b>x</b>"}
    unique: [{columns: [status], name: "uq\\nrequire('fs').writeFileSync('pwned', 'x')"}]
    indexes:
      ix_status: {columns: [status], where: "status IS NOT NULL -- only set ones"}
  "order lines":
    columns:
      id: {type: integer, primary_key: true}
views:
  "v (all)":
    description: "Line one\\nDELETE FROM users;"
    sql: "SELECT id FROM users -- every user"
  "v\\u2028x":
    sql: SELECT id FROM users
data_flow:
  actors:
    app: "Web app (React) \\"beta\\""
  flows:
    - name: 'Checkout "fast"'
      steps:
        - {from: app, to: order lines, label: "writes (rows)"}
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    path = tmp_path_factory.mktemp("hostile") / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return render_all(load_spec(path))


def test_sql_comments_stay_comments_and_fragments_keep_their_semicolon(files: dict[str, str]) -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(files["schema.sql"])
    db.execute("INSERT INTO users (id) VALUES (1)")
    db.executescript(files["schema.sql"])  # a DELETE hidden in a comment would run here
    assert db.execute("SELECT count(*) FROM users").fetchone() == (1,)
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"users", "order lines", "ix_status", "v (all)"} <= names
    comments = [line for line in files["schema.sql"].splitlines() if "DELETE" in line or "DROP" in line]
    assert comments and all(line.startswith("-- ") for line in comments), comments


def test_python_docstring_ending_in_a_quote_parses(files: dict[str, str]) -> None:
    module = ast.parse(files["python/rows.py"])
    docs = [
        n.value.value
        for n in ast.walk(module)
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)
    ]
    assert 'A state, e.g. "draft"' in docs
    assert '*/ require(\'fs\') """ \\ ${x} <!-- --> <b>x</b>' in docs


def test_typescript_comments_end_where_they_are_meant_to(files: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "schema.ts"
    path.write_text(files["drizzle/schema.ts"], encoding="utf-8")
    done = subprocess.run(
        ["node", str(ROOT / "tests/escaping/ts_outline.cjs")],
        input=json.dumps([str(path)]),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    outline = json.loads(done.stdout)
    assert outline["diagnostics"] == []
    assert not [s for s in outline["statements"] if s["kind"] == "ExpressionStatement"]
    assert "\u2028" not in files["drizzle/schema.ts"]


def test_pages_hold_no_raw_html_and_every_diagram_parses(files: dict[str, str]) -> None:
    pages = [text for name, text in files.items() if name.endswith(".md")]
    md = MarkdownIt("commonmark").enable("table")
    for text in pages:
        tokens = md.parse(text)
        kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
        assert not kinds & {"html_block", "html_inline"}
    blocks = [b for text in pages for b in mermaid_blocks(text)]
    assert any("flowchart" in b for b in blocks)
    assert parse_mermaid(blocks) == [None] * len(blocks)


def test_a_review_cannot_hide_its_rows_in_an_html_comment(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text("version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer}\n", encoding="utf-8")
    head = tmp_path / "head.yaml"
    head.write_text(
        'version: 1\ntables:\n  "x <!-- y":\n    columns:\n      id: {type: integer}\n', encoding="utf-8"
    )
    text = review_markdown(review_schemas(load_spec(base), load_spec(head)))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    html = [c.content for t in tokens for c in [t, *(t.children or [])] if c.type.startswith("html")]
    assert html == [], html
    assert "DROP TABLE" in text or "drop" in text.lower()


def test_names_with_line_breaks_are_written_exactly_in_code(files: dict[str, str]) -> None:
    # A constraint name holding a newline once ended its `//` comment; a view name holding U+2028 too.
    ts = files["drizzle/schema.ts"]
    assert "\"uq\\nrequire('fs').writeFileSync('pwned', 'x')\"" in ts
    assert '"v\\u2028x"' in ts
    sql = files["schema.sql"]
    assert "CONSTRAINT \"uq\nrequire('fs').writeFileSync('pwned', 'x')\" UNIQUE" in sql


def test_a_long_word_wraps_in_linear_time() -> None:
    word = "a" * 8_000_000
    started = time.process_time()
    ts, py = doc_comment(f"x {word} y", "  "), docstring(f"x {word} y", "    ")
    assert time.process_time() - started < 2.0  # textwrap took 30 s (quadratic in the word)
    assert ts[2] == f"   * {word}" and py[2] == f"    {word}"


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (escape.sql_comment, "a\nDELETE FROM t; --\u2028b", "a DELETE FROM t; -- b"),
        (escape.sql_fragment, "SELECT 1 -- c", "SELECT 1 -- c\n"),
        (escape.sql_fragment, "SELECT 1 /* c", "SELECT 1 /* c */\n"),
        (escape.sql_fragment, "SELECT '--' AS x", "SELECT '--' AS x"),
        (escape.ts_string, 'a\u2028b"\\\u202e', '"a\\u2028b\\"\\\\\\u202e"'),
        (escape.ts_doc, "a */ b\nc", "a *\\/ b c"),
        (escape.ts_template, "`${x}`\\", "\\`\\${x}\\`\\\\"),
        (escape.py_doc, 'e.g. "draft"', 'e.g. "draft\\"'),
        (escape.py_doc, 'a """ b \\', 'a \\"\\"\\" b \\\\'),
        (escape.md_text, "<!-- x --> <b>", "&lt;!-- x --> &lt;b>"),
        (escape.md_text, "# title", "\\# title"),
        (escape.md_text, "`<b>` <b>", "`<b>` &lt;b>"),
        (escape.md_cell, "a|b\nc", "a\\|b c"),
        (escape.md_code, "a`b", "``a`b``"),
        (escape.md_heading, "x #", "x \\#"),
        (escape.md_fence, "```\nx", "````"),
        (escape.mermaid_label, 'a "b" %% #x; <i> `c`', "\"a 'b' ％％ ＃x; ＜i> ｀c｀\""),
        (escape.mermaid_text, "Web app (React)", '"Web app (React)"'),
        (escape.mermaid_text, "Web app", "Web app"),
        (escape.mermaid_id, "my t", "tx_6d_79_20_74"),
    ],
)
def test_each_escaping_function(function: object, text: str, expected: str) -> None:
    args = ("t", text) if function is escape.mermaid_id else (text,)
    assert function(*args) == expected  # type: ignore[operator]


def test_inspect_writes_database_text_into_yaml_comments_safely(tmp_path: Path) -> None:
    import yaml

    db = tmp_path / "c.db"
    with sqlite3.connect(db) as conn:
        conn.execute(
            'CREATE TABLE t (id integer PRIMARY KEY, status text, CONSTRAINT "pk\nx" CHECK (id > 0))'
        )
        conn.executemany("INSERT INTO t (status) VALUES (?)", [("a\x07\u2028<!--",), ("b",)] * 50)
    conn.close()
    ran = cli("inspect", "--url", str(db))
    spec = yaml.safe_load(ran.stdout)  # a control character in a comment would make the YAML unreadable
    assert spec["tables"]["t"]["checks"][0]["name"] == "pk\nx"
    assert ran.exit_code == 0, ran.stderr
    assert "a\\u0007" in ran.stdout
