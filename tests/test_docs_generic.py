"""Any project's pages: nothing of Code Reels leaks in, no section is empty, every construct is shown.

A new project is a temporary folder with a spec and (sometimes) a configuration, run through the real CLI.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.mermaid import Mermaid, mermaid_blocks

from generator.emit.docs.markdown import anchor

REPO = Path(__file__).resolve().parent.parent
EVERY = REPO / "tests/data/golden/every_construct/spec.yaml"
NEUTRAL = ("SCHEMA.md", "DIAGRAM.md", "QUICK_REFERENCE.md")

# A library: no bots, no users, no JSON, no documented queries, no data flow, no categories.
LIBRARY = """\
version: 1
name: library
title: Lending library
tables:
  books:
    description: One row per book on the shelves.
    columns:
      id: {type: integer, primary_key: true}
      title: {type: text, not_null: true}
      isbn: {type: text, unique: true}
  loans:
    description: Who borrowed which book.
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
      book_id: {type: integer, not_null: true, references: {table: books, column: id}}
      borrower: {type: text, not_null: true}
      due: {type: text}
"""

# Words and phrases that belong to Code Reels (its app, bots, hosting, commands and policies).
CODE_REELS = (
    r"\bbots?\b",
    r"Code Reels",
    r"code-reels",
    r"\bquestions?\b",
    r"users\.password",
    r"hashed password",
    r"\bledger\b",
    r"bot_runs",
    r"work_queue",
    r"Drizzle variable",  # the generated Drizzle module is any project's; the app's own variables are not
    r"\$defaultFn",
    r"crypto\.randomUUID",
    r"toISOString",
    r"JSON\.stringify",
    r"make generate",
    r"make push",
    r"_RO\b",
    r"TURSO_WRITE_MODE",
    r"status = 'active'",
    r"soft-deleted",
    r"90 days",
    r"P95",
    r"cold storage",
    r"audit logs",
    r"upstream",
    r"snake_case",
    r"spec/schema\.yaml",  # this project keeps its spec elsewhere
    r"generated/",
)


def _project(
    tmp_path: Path, spec: str, config: str | None = None, spec_path: str = "db/library.yaml"
) -> Path:
    project = tmp_path / "project"
    (project / spec_path).parent.mkdir(parents=True, exist_ok=True)
    (project / spec_path).write_text(spec, encoding="utf-8")
    if config is not None:
        (project / "schemagen.toml").write_text(config, encoding="utf-8")
    return project


def _pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.md"))}


def _sections(page: str) -> list[tuple[str, str]]:
    """(heading, body) of every `## ` section, the body up to the next heading of any level."""
    parts = re.split(r"^(#{1,6} .+)$", page, flags=re.M)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


def _level(heading: str) -> int:
    return len(heading) - len(heading.lstrip("#"))


def assert_no_empty_sections(name: str, page: str) -> None:
    """Every heading has content, and the contents list names exactly the `## ` sections."""
    sections = _sections(page)
    for i, (heading, body) in enumerate(sections):
        deeper = i + 1 < len(sections) and _level(sections[i + 1][0]) > _level(heading)
        assert body.strip() or deeper, f"{name}: '{heading}' is empty"
    contents = page.split("## Contents")[1].split("\n## ")[0]
    listed = re.findall(r"^- \[(.+?)\]\(#([^)]+)\)$", contents, flags=re.M)
    headings = [h[3:] for h, _ in sections if h.startswith("## ") and h != "## Contents"]
    assert [title for title, _ in listed] == headings, name
    assert all(anchor(title) == target for title, target in listed), name


def test_a_new_projects_pages_hold_nothing_of_code_reels(tmp_path: Path) -> None:
    project = _project(tmp_path, LIBRARY, 'spec = "db/library.yaml"\nout = "docs/db"\n')
    result = cli("generate", cwd=project, process=True)
    assert result.exit_code == 0, result.stderr
    files = _pages(project / "docs/db")
    assert sorted(files) == sorted(NEUTRAL)
    files["schema.sql"] = (project / "docs/db/schema.sql").read_text(encoding="utf-8")
    for name, text in files.items():
        for word in CODE_REELS:
            found = re.search(word, text)
            assert found is None, f"{name}: '{found.group(0) if found else ''}' is not this project's"
        assert "JSON field" not in text and "## JSON" not in text, name  # the spec has no JSON column
    for name in NEUTRAL:
        assert_no_empty_sections(name, files[name])
        # The header names the spec that was used and the command that regenerates the pages.
        assert "generated from `db/library.yaml` by schemagen" in files[name]
        assert "run `schemagen generate`" in files[name]
    diagram = files["DIAGRAM.md"]
    for absent in ("Data flow", "Access patterns", "Table categories", "Migration phases", "Growth"):
        assert absent not in diagram
    quick = files["QUICK_REFERENCE.md"]
    for absent in ("Essential queries", "Maintenance", "value sets", "Data volumes", "JSON formats"):
        assert absent not in quick


def test_every_page_of_every_spec_has_no_empty_section(tmp_path: Path) -> None:
    pages = {f"code-reels/{n}": t for n, t in _pages(REPO / "generated").items()}
    for case in ("every_construct", "mini"):
        for name, text in _pages(REPO / "tests/data/golden" / case / "expected").items():
            pages[f"{case}/{name}"] = text
    assert len(pages) == 9
    for name, text in pages.items():
        assert_no_empty_sections(name, text)


def test_headers_name_the_spec_and_flags_used(tmp_path: Path) -> None:
    project = _project(tmp_path, LIBRARY)
    out = "docs/db"
    first = cli("generate", "--spec", "db/library.yaml", "--out", out, cwd=project, process=True)
    assert first.exit_code == 0, first.stderr
    page = (project / out / "SCHEMA.md").read_text(encoding="utf-8")
    assert "generated from `db/library.yaml`" in page
    assert "run `schemagen generate --spec db/library.yaml --out docs/db`" in page
    sql = (project / out / "schema.sql").read_text(encoding="utf-8")
    assert "-- Generated by schemagen from db/library.yaml: do not edit;" in sql
    # The same flags find the pages current; a stale page is reported with the command that fixes it.
    assert cli("generate", "--spec", "db/library.yaml", "--out", out, "--check", cwd=project).exit_code == 0
    (project / out / "SCHEMA.md").write_text(page.replace("Lending", "Lent"), encoding="utf-8")
    stale = cli("generate", "--spec", "db/library.yaml", "--out", out, "--check", cwd=project)
    assert stale.exit_code == 1
    assert "run `schemagen generate --spec db/library.yaml --out docs/db` and commit" in stale.stderr


def test_files_written_by_hand_in_the_output_folder_are_kept(tmp_path: Path) -> None:
    project = _project(tmp_path, LIBRARY, 'spec = "db/library.yaml"\nout = "docs"\n')
    (project / "docs").mkdir()
    (project / "docs/README.md").write_text("# Our docs\n", encoding="utf-8")
    (project / "docs/seed.sql").write_text("INSERT INTO books VALUES (1, 'x', NULL);\n", encoding="utf-8")
    assert cli("generate", cwd=project).exit_code == 0
    assert cli("generate", "--check", cwd=project).exit_code == 0
    assert (project / "docs/README.md").read_text(encoding="utf-8") == "# Our docs\n"
    assert (project / "docs/seed.sql").exists() and (project / "docs/SCHEMA.md").exists()
    # A page the project switched off is the registry's own: generate removes it, --check reports it.
    (project / "schemagen.toml").write_text(
        'spec = "db/library.yaml"\nout = "docs"\noutputs = ["ddl", "validators"]\n', encoding="utf-8"
    )
    check = cli("generate", "--check", cwd=project)
    assert check.exit_code == 1 and "SCHEMA.md" in check.stdout
    assert cli("generate", cwd=project).exit_code == 0
    assert not (project / "docs/SCHEMA.md").exists() and (project / "docs/README.md").exists()


# ---------------------------------------------------------------- the whole language on the pages


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    project = tmp_path_factory.mktemp("every")
    shutil.copyfile(EVERY, project / "shop.yaml")
    result = cli("generate", "--spec", "shop.yaml", "--out", "out", cwd=project, process=True)
    assert result.exit_code == 0, result.stderr
    files = _pages(project / "out")
    files["schema.sql"] = (project / "out/schema.sql").read_text(encoding="utf-8")
    return files


def _section(page: str, heading: str) -> str:
    return page.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_reference_describes_every_construct(every: dict[str, str]) -> None:
    ref = every["SCHEMA.md"]
    views = _section(ref, "## Views")
    for name in ("album_sales", "best_sellers", "customer_names"):
        assert f"### `{name}`" in views
    sales = views.split("### `album_sales`")[1].split("### ")[0]
    assert "*Reads:* `Album`, `order_lines`" in sales
    assert "| `units` | — | Units sold. |" in sales  # columns as SQLite computes them, with the spec's words
    assert "| `Title` | NVARCHAR(160) |" in sales
    assert 'CREATE VIEW "album_sales" AS\nSELECT a.AlbumId' in sales
    assert "| `shown_name` |" in views  # a column-name list
    triggers = _section(ref, "## Triggers")
    assert "*Fires:* BEFORE DELETE ON `order_lines` (with a WHEN condition)" in triggers
    assert "*Fires:* AFTER UPDATE OF `email`, `name` ON `customers`" in triggers
    assert "SELECT RAISE(ABORT, 'the order is paid');" in triggers
    virtual = _section(ref, "## Virtual tables")
    assert "*Module:* `fts5` · *Arguments:* `title`, `artist`, `tokenize = 'porter'`" in virtual
    tables = _section(ref, "## Tables")
    album = tables.split("### `Album`")[1].split("\n### ")[0]
    assert "CHECK `price >= 0` (`price_not_negative`)" in album  # a named column CHECK
    assert "| SQL: `CURRENT_TIMESTAMP` |" in album and "| SQL: `lower(hex(randomblob(4)))` |" in album
    assert "| NVARCHAR(160) (TEXT affinity) |" in album and "DATE (NUMERIC affinity)" in album
    assert "COLLATE NOCASE" in tables.split("### `Artist`")[1].split("\n### ")[0]
    assert "*Options:* `STRICT`" in tables.split("### `customers`")[1].split("\n### ")[0]
    orders = tables.split("### `orders`")[1].split("\n### ")[0]
    assert "*Options:* `WITHOUT ROWID`" in orders
    assert "- PRIMARY KEY (`customer_id`, `number`)" in orders
    assert "deferred (checked at COMMIT)" in orders
    lines = tables.split("### `order_lines`")[1]
    assert "GENERATED `quantity * unit_price` STORED" in lines
    assert "- UNIQUE (`customer_id`, `order_number`, `album_id`)" in lines
    fk = "FOREIGN KEY `fk_line_order` (`customer_id`, `order_number`) → `orders.(customer_id, number)`"
    assert fk in lines
    assert "- CHECK `quantity > 0 AND unit_price >= 0` (`line_positive`): No free or negative lines." in lines
    assert "| `label` | `label` | none (BLOB affinity) |" in lines
    rels = _section(ref, "## Relationships")
    assert "| `order_lines.(customer_id, order_number)` | `orders.(customer_id, number)` |" in rels
    # The composite key is served by the UNIQUE constraint, the deferred one by the primary key.
    assert "a UNIQUE constraint's index (`sqlite_autoindex_order_lines_1`) |" in rels
    assert "deferred | references | the primary key |" in rels


def test_the_quick_reference_and_diagram_cover_every_construct(
    every: dict[str, str], mermaid: Mermaid
) -> None:
    quick = every["QUICK_REFERENCE.md"]
    objects = _section(quick, "## Views, triggers and virtual tables")
    for row in (
        "| [`album_sales`](SCHEMA.md#album_sales) | view |",
        "| [`orders_paid_check`](SCHEMA.md#orders_paid_check) | trigger |",
        "| [`album_search`](SCHEMA.md#album_search) | virtual table | `USING fts5`",
    ):
        assert row in objects
    checks = _section(quick, "## Checks and generated columns")
    assert "| `Album` | `price` | `price_not_negative` | `price >= 0` |" in checks
    assert "| `order_lines` | (table) | `line_positive` |" in checks
    assert "| `order_lines.total` | `quantity * unit_price` | yes (STORED) |" in checks
    assert "| `STRICT` |" in _section(quick, "## Tables at a glance")
    diagram = every["DIAGRAM.md"]
    blocks = mermaid_blocks(diagram)
    assert mermaid(blocks) == [None] * len(blocks)
    er = blocks[0]
    assert '  album_sales["album_sales (view)"]:::view {' in er and "classDef view" in er
    assert '  album_sales ||..|| best_sellers : "read by view"' in er
    assert '  order_lines ||..|| album_sales : "read by view"' in er
    assert "    NUMERIC(10,2) price\n" in er and "    any label\n" in er
    assert "    text email UK\n" in er  # a one-column UNIQUE constraint


def test_every_sql_block_of_the_every_construct_pages_runs(every: dict[str, str]) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(every["schema.sql"])
    ddl = every["schema.sql"].replace("IF NOT EXISTS ", "")
    fenced = re.compile(r"^```sql\n(.*?)^```$", re.M | re.S)
    blocks = [b.strip() for name in NEUTRAL for b in fenced.findall(every[name])]
    assert len(blocks) == 3 + 2 + 1  # views, triggers, the virtual table
    for sql in blocks:
        assert sql in ddl  # the same statement schema.sql runs


@pytest.mark.parametrize("seed", ["1", "77"])
def test_pages_of_a_new_project_are_deterministic(tmp_path: Path, seed: str) -> None:
    project = _project(tmp_path, EVERY.read_text(encoding="utf-8"), spec_path="spec/schema.yaml")
    assert cli("generate", cwd=project, process=True, seed=seed).exit_code == 0
    expected = REPO / "tests/data/golden/every_construct/expected"
    for path in sorted((project / "generated").rglob("*")):
        if path.is_file():
            rel = path.relative_to(project / "generated")
            assert path.read_bytes() == (expected / rel).read_bytes(), rel


def test_a_wrong_docs_section_is_reported_with_its_place(tmp_path: Path) -> None:
    bad = LIBRARY + (
        "docs:\n"
        "  pages:\n"
        "    reference:\n"
        "      bakup: [x]\n"
        "    diagram:\n"
        "      monitoring: [{code: x, lang: s h}]\n"
    )
    project = _project(tmp_path, bad)
    ran = cli("validate", "--spec", "db/library.yaml", cwd=project)
    assert ran.exit_code == 2
    assert ran.stderr.splitlines() == [
        "db/library.yaml:21:7: docs.pages.reference.bakup: unknown key 'bakup'; did you mean 'backup'?",
        "db/library.yaml:23:36: docs.pages.diagram.monitoring[0].lang: "
        "'s h' does not match the pattern ^[A-Za-z0-9_+-]*$",
    ]
