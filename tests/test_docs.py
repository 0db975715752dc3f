"""The three generated Markdown pages: valid Mermaid, runnable SQL, complete column coverage, working links.

The real spec is rendered once through the CLI (`schemagen generate --out`); ER-diagram details and the
shape summaries are checked on small inline specs.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import sqlglot
from helpers.cli import cli
from helpers.mermaid import Mermaid, mermaid_blocks

from generator.config import load_config
from generator.emit import docs, erd
from generator.emit.render import project_options, render_all
from generator.errors import SchemagenError
from generator.model import Schema
from generator.model.shape import shape_of
from generator.spec import load_spec
from generator.sqlite.queries import split_statements

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec" / "schema.yaml"
PAGES = ("TURSO_SCHEMA_DIAGRAM.md", "TURSO_DATABASE_SCHEMA.md", "TURSO_QUICK_REFERENCE.md")

MINI = """\
version: 1
name: shop
categories:
  - name: Sales
    description: Orders and customers.
tables:
  customers:
    category: Sales
    description: People who buy. They have accounts.
    columns:
      id: {type: text, primary_key: true, app_default: uuid, description: A UUID.}
      email: {type: text, not_null: true, unique: true}
  orders:
    category: Sales
    description: One row per order.
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
      customer_id: {type: text, not_null: true, references: {table: customers, column: id, label: places}}
      status: {type: text, default: open, enum: {values: [open, paid]}}
      lines:
        type: json
        json:
          type: array
          items:
            type: object
            required: [sku]
            properties: {sku: {type: string}, qty: {type: integer, minimum: 1}}
        example: [{sku: a-1, qty: 2}]
  audit_log:
    category: Sales
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
      order_id: {type: integer, logical_reference: {table: orders, column: id, label: audits}}
  tags:
    category: Sales
    columns:
      name: {type: text, primary_key: true}
"""


@pytest.fixture(scope="module")
def schema() -> Schema:
    return load_spec(SPEC)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("generated")
    result = cli("generate", "--spec", str(SPEC), "--out", str(out), cwd=REPO)
    assert result.exit_code == 0, result.output
    return {name: (out / name).read_text(encoding="utf-8") for name in (*PAGES, "schema.sql")}


@pytest.fixture(scope="module")
def mini() -> Schema:
    return load_spec(SPEC, text=MINI, display="mini.yaml")


def _fenced(markdown: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", markdown, flags=re.M | re.S)


def _entities(diagram: str) -> dict[str, list[str]]:
    """ER entity name -> attribute names, read from Mermaid source."""
    out: dict[str, list[str]] = {}
    for name, body in re.findall(
        r'^  (\w+)(?:\["[^"\n]*"\])?(?::::\w+)? \{\n(.*?)^  \}$', diagram, flags=re.M | re.S
    ):
        out[name] = [line.split()[1] for line in body.splitlines()]
    return out


def test_every_mermaid_block_parses_with_mermaid(pages: dict[str, str], mermaid: Mermaid) -> None:
    blocks = [block for name in PAGES for block in mermaid_blocks(pages[name])]
    assert len(blocks) == 2  # the ER diagram and the data flow
    assert mermaid(blocks) == [None] * len(blocks)


def test_er_diagram_has_every_table_and_column(pages: dict[str, str], schema: Schema) -> None:
    diagram = next(b for b in mermaid_blocks(pages["TURSO_SCHEMA_DIAGRAM.md"]) if "\nerDiagram\n" in b)
    entities = _entities(diagram)
    assert len(schema.tables) == 12 and schema.column_count == 150
    assert {n: c for n, c in entities.items() if schema.has_table(n)} == {
        t.name: [c.name for c in t.columns] for t in schema.tables
    }
    # Views are entities too, with the columns SQLite computes, and the rest of the names are the views.
    assert set(entities) - {t.name for t in schema.tables} == {v.name for v in schema.views}
    assert '  v_bot_activity["v_bot_activity (view)"]:::view {' in diagram
    assert '  bot_ledger ||..|| v_bot_activity : "read by view"' in diagram
    assert '  questions ||--o{ channel_mappings : "question_id"' in diagram  # labelled by the column
    assert '  questions ||..o{ question_history : "question_id (logical, no FK)"' in diagram
    assert "    text username UK\n" in diagram
    assert "    text question_id FK\n" in diagram  # the line to questions is drawn: no note repeats it


def test_every_sql_block_parses_runs_and_comes_from_the_spec(pages: dict[str, str], schema: Schema) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(pages["schema.sql"])
    spec_sql = {q.sql for q in schema.queries}
    ddl = pages["schema.sql"].replace("IF NOT EXISTS ", "")
    seen = []
    for name in PAGES:
        for block in _fenced(pages[name], "sql"):
            sql = block.strip()
            if sql.startswith(("CREATE VIEW", "CREATE TRIGGER")):
                assert sql in ddl, f"{name}: a view or trigger shown otherwise than schema.sql creates it"
                continue
            assert sql in spec_sql, f"{name}: SQL block not taken from the spec's queries:\n{sql}"
            assert all(tree is not None for tree in sqlglot.parse(sql, read="sqlite"))
            for stmt in split_statements(sql):
                conn.execute(f"EXPLAIN {stmt}")
            seen.append(sql)
    assert set(seen) == spec_sql  # every documented query is shown somewhere
    assert not re.search(r"\b(userSessions|channelMappings|createdAt|questionId)\b", "\n".join(seen))


def test_access_patterns_are_grouped_and_indexes_credit_their_queries(pages: dict[str, str]) -> None:
    page = pages["TURSO_SCHEMA_DIAGRAM.md"]
    assert (
        page.index("### High frequency")
        < page.index("### Medium frequency")
        < page.index("### Low frequency")
    )
    # Indexes are credited from the SQL itself (filter, join, sort on the leading column), never from a
    # SQLite-version-dependent plan, so the page is the same on every machine.
    assert "`idx_bot_ledger_bot (filter on bot_ledger.bot_name)`" in page
    assert "`idx_question_relationships_target (join on question_relationships.target_question_id)`" in page
    assert "`idx_work_queue_priority (sort on work_queue.priority)`" in page
    assert "SEARCH " not in page and "USING INDEX" not in page
    row = next(line for line in page.splitlines() if line.startswith("| `idx_bot_ledger_bot` |"))
    assert "`bot-activity`" in row
    unused = next(line for line in page.splitlines() if line.startswith("| `idx_questions_difficulty` |"))
    assert unused.endswith("| none |")


def test_every_index_is_listed(pages: dict[str, str], schema: Schema) -> None:
    page = pages["TURSO_SCHEMA_DIAGRAM.md"]
    listed = re.findall(r"^\| `(\w+)` \| `(\w+)` \|", page.split("## Indexing strategy")[1], flags=re.M)
    assert listed == [(ix.name, t.name) for t in schema.tables for ix in t.all_indexes]


def test_reference_documents_every_column(pages: dict[str, str], schema: Schema) -> None:
    page = pages["TURSO_DATABASE_SCHEMA.md"]
    for table in schema.tables:
        section = page.split(f"\n### `{table.name}`\n", 1)[1].split("\n### ", 1)[0]
        for col in table.columns:
            assert f"\n| `{col.name}` | `{col.app.prop}` |" in section, f"{table.name}.{col.name} missing"
    for table in schema.tables:
        for col in table.json_columns:
            assert f"### `{table.name}.{col.name}`" in page
    # SQL defaults and app defaults are told apart.
    assert "| SQL: `'active'` |" in page
    assert "| app: ISO timestamp (`new Date().toISOString()`) |" in page
    assert "| app: UUID (`crypto.randomUUID()`) |" in page


def test_reference_is_right_about_foreign_key_indexes(pages: dict[str, str]) -> None:
    page = pages["TURSO_DATABASE_SCHEMA.md"]
    assert "Foreign keys are not indexed automatically in SQLite." in page
    assert "`channel_mappings.question_id` (`idx_channel_mappings_question`)" in page
    for var in ("TURSO_DATABASE_URL", "TURSO_AUTH_TOKEN", "TURSO_DATABASE_URL_RO", "TURSO_AUTH_TOKEN_RO"):
        assert f"| `{var}` |" in page
    assert "file:local.db" in page


def test_quick_reference_lists_every_enum_and_primary_key(pages: dict[str, str], schema: Schema) -> None:
    page = pages["TURSO_QUICK_REFERENCE.md"]
    closed = page.split("## Closed value sets")[1].split("\n## ")[0]
    opened = page.split("## Open value sets")[1].split("\n## ")[0]
    for table in schema.tables:
        for col in table.enum_columns:
            assert col.enum is not None
            where = opened if col.enum.open else closed
            assert f"| `{table.name}.{col.name}` | " + ", ".join(f"`{v}`" for v in col.enum.values) in where
        pk_row = next(line for line in page.splitlines() if line.startswith(f"| `{table.name}` | `id`"))
        (key,) = table.primary_key
        if key.autoincrement:
            assert pk_row.endswith("| SQLite assigns it (also when NULL is given) |"), pk_row
        else:  # app-filled (UUID) or the writer's: a raw INSERT without it fails
            assert pk_row.endswith("| the INSERT fails (`NOT NULL`) |"), pk_row
            assert ("the app: UUID" in pk_row) == (key.app.default == "uuid"), pk_row


def test_pages_use_this_tools_commands_not_drizzles(pages: dict[str, str]) -> None:
    for cmd in ("make push", "schemagen plan --check", "schemagen generate --check", "schemagen review"):
        assert f"| `{cmd}" in pages["TURSO_QUICK_REFERENCE.md"]  # the commands table, on the cheat sheet only
    assert "## Schema management" not in pages["TURSO_DATABASE_SCHEMA.md"]
    assert "schemagen plan --check" in pages["TURSO_DATABASE_SCHEMA.md"]
    assert not any("drizzle-kit" in pages[name] or "pnpm" in pages[name] for name in PAGES)


def test_links_and_contents_resolve(pages: dict[str, str]) -> None:
    anchors = {
        name: {docs.anchor(h) for h in re.findall(r"^#{1,6} (.+)$", pages[name], flags=re.M)}
        for name in PAGES
    }
    for name in PAGES:
        headings = re.findall(r"^#{2,3} (.+)$", pages[name], flags=re.M)
        assert len({docs.anchor(h) for h in headings}) == len(headings), f"{name}: duplicate headings"
        for target, frag in re.findall(r"\]\(([A-Z_]*\.md)?#([^)]+)\)", pages[name]):
            assert frag in anchors[target or name], f"{name}: broken link {target}#{frag}"


def test_pages_are_stable_and_hold_no_paths_or_dates(
    pages: dict[str, str], schema: Schema, tmp_path: Path
) -> None:
    config = load_config(start=REPO)
    again = render_all(schema, options=project_options(config, config.spec, config.out))
    for name in PAGES:
        assert again[name] == pages[name]
        assert str(REPO) not in pages[name] and "/tmp" not in pages[name]
        assert (
            pages[name].startswith("# ") and pages[name].endswith("\n") and not pages[name].endswith("\n\n")
        )
        assert "generated from `spec/schema.yaml` by schemagen" in pages[name]
        assert "`make generate`" in pages[name]


def test_a_small_spec_renders_valid_pages(mini: Schema, mermaid: Mermaid) -> None:
    files = render_all(mini)  # no configuration: the neutral page names
    names = ("DIAGRAM.md", "SCHEMA.md", "QUICK_REFERENCE.md")
    blocks = [b for name in names for b in mermaid_blocks(files[name])]
    assert mermaid(blocks) == [None] * len(blocks)
    # No data flow is documented: the section and its contents entry are left out.
    assert "Data flow" not in files["DIAGRAM.md"] and "flowchart" not in files["DIAGRAM.md"]
    assert "`orders.customer_id` have none" not in files["SCHEMA.md"]
    assert "For `orders.customer_id` it scans the child table," in files["SCHEMA.md"]
    assert "Shape: `{qty?: integer >= 1, sku: string, ...}[]`" in files["SCHEMA.md"]


def test_er_diagram_subset_with_marks_is_valid_and_limited(mini: Schema, mermaid: Mermaid) -> None:
    names = erd.neighbours(mini, ["customers"])
    assert names == ("customers", "orders")
    marks = {"orders": "changed", "orders.status": "added", "customers.email": "removed"}
    diagram = erd.er_diagram(mini, names, marks)
    assert mermaid([diagram]) == [None]
    assert set(_entities(diagram)) == {"customers", "orders"}
    assert "audit_log" not in diagram and "tags" not in diagram
    assert '  orders["orders [changed]"]:::changed {' in diagram
    assert '    text status "[added]"' in diagram
    assert '    text email UK "[removed]"' in diagram
    assert "classDef added" in diagram and "classDef removed" in diagram and "classDef changed" in diagram
    assert '  customers ||--o{ orders : "customer_id"' in diagram
    # A relationship to a table left out is not drawn; the logical link is drawn dotted when both ends are in.
    full = erd.er_diagram(mini)
    assert '  orders |o..o{ audit_log : "order_id (logical, no FK)"' in full
    # Mermaid strings cannot hold a double quote: one in a label (a column may be named so) becomes a single
    # quote; the spec's own label (`places`) is the Label column of the tables, not the edge's text.
    assert erd._quoted('cust"id') == '"cust\'id"' and "places" not in full
    assert mermaid([full]) == [None]


def test_er_diagram_refuses_marks_and_tables_it_cannot_draw(mini: Schema) -> None:
    with pytest.raises(SchemagenError, match="no table named 'nope'"):
        erd.er_diagram(mini, ["nope"])
    with pytest.raises(SchemagenError, match=re.escape("'tags.name' names no drawn table or column")):
        erd.er_diagram(mini, ["orders"], {"tags.name": "added"})
    with pytest.raises(SchemagenError, match=re.escape("'orders.nope' names no drawn")):
        erd.er_diagram(mini, None, {"orders.nope": "added"})
    with pytest.raises(SchemagenError, match="must be one lower-case word"):
        erd.er_diagram(mini, None, {"orders": 'x" }'})


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ({"type": "array", "items": {"type": "string"}}, "string[]"),
        ({"type": ["string", "null"]}, "string | null"),
        ({"type": "object"}, "object (free-form)"),
        (
            {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": False},
            "{a?: integer}",
        ),
        (
            {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 9}},
            "{[key: string]: integer 0-9}",
        ),
        ({"type": "array", "items": {"enum": ["x", "y"]}, "uniqueItems": True}, '("x" | "y")[] (unique)'),
        # Without `type` the first branch accepts any non-object too (5 is valid): the page says so, as the
        # TypeScript type does (it used to read `{a: string, ...} | null`, which 5 is not).
        (
            {"anyOf": [{"required": ["a"], "properties": {"a": {"type": "string"}}}, {"type": "null"}]},
            "null | boolean | number | string | any[] | {a: string, ...}",
        ),
        ({"type": "object", "anyOf": [{"required": ["a"]}, {"type": "null"}]}, "{a: any, ...}"),
        ({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "number", "minimum": 5}]}, "number >= 0"),
        ({"anyOf": [{"type": "integer", "minimum": 2, "maximum": 9}, {"enum": [1, 12]}]}, "integer 1-12"),
        ({"allOf": [{"type": "integer", "minimum": 2}, {"type": "number", "maximum": 9}]}, "integer 2-9"),
        ({"const": "x"}, '"x"'),
        (False, "never"),
    ],
)
def test_shape_summary(fragment: dict[str, object], expected: str) -> None:
    assert docs.shape_summary(shape_of(fragment)) == expected


def test_anchor_matches_github() -> None:
    assert docs.anchor("Relationships & Sessions") == "relationships--sessions"
    assert docs.anchor("`questions.tags`") == "questionstags"
    assert docs.anchor("Bot action types and other open values") == "bot-action-types-and-other-open-values"


def test_index_analysis_reads_filters_joins_and_sorts() -> None:
    from generator.model import Query
    from generator.spec import load_spec
    from generator.sqlite.queries import index_uses

    schema = load_spec(Path(__file__).resolve().parent.parent / "spec/schema.yaml")
    sql = (
        "SELECT q.id FROM questions AS q JOIN channel_mappings AS cm ON cm.question_id = q.id "
        "WHERE q.difficulty IN ('beginner') ORDER BY q.created_at"
    )
    uses = {str(u) for u in index_uses(schema, Query(id="x", section="essential", title="x", sql=sql))}
    assert uses == {
        "idx_channel_mappings_question (join on channel_mappings.question_id)",
        "idx_questions_difficulty (filter on questions.difficulty)",
        "idx_questions_created (sort on questions.created_at)",
    }
    # a column that is only selected, or belongs to no table of the query, credits nothing
    plain = Query(id="y", section="essential", title="y", sql="SELECT channel FROM questions")
    assert index_uses(schema, plain) == ()
