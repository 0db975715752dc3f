"""`schemagen import` on the real exported records, into a file database and into the real sqld."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer

from generator.data.audit import audit_database
from generator.data.importer import import_records
from generator.db import connect
from generator.errors import DataError
from generator.spec import load_spec
from generator.sqlite.ddl import schema_statements

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "schema.yaml"
SPEC = load_spec(SPEC_PATH)
# shared/ sits beside the repository (CI copies it next to its clone)
DATA = ROOT / "tests" / "data" / "reference"  # the real exports, copied from shared/reference/data


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A file database holding the spec's schema."""
    url = f"file:{tmp_path / 'app.db'}"
    with connect(url, create=True) as db:
        db.apply(schema_statements(SPEC))
    return url


def run_cli(*args: str) -> Any:
    return cli(*args, "--spec", str(SPEC_PATH))


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(url.removeprefix("file:")) as conn:
        return conn.execute(sql).fetchall()


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_questions_import_then_rerun_adds_nothing(db_url: str) -> None:
    first = run_cli("import", "questions", str(DATA / "questions/aws.json"), "--url", db_url)
    assert first.exit_code == 0, first.output
    assert "questions: 328 read, 0 invalid; 328 new rows" in first.stdout
    again = run_cli("import", "questions", str(DATA / "questions/aws.json"), "--url", db_url)
    assert again.exit_code == 0
    assert "0 new rows" in again.stdout and "328 already present, skipped" in again.stdout
    assert rows(db_url, "SELECT count(*) FROM questions") == [(328,)]
    source = json.loads((DATA / "questions/aws.json").read_text())[0]
    stored = rows(db_url, f"SELECT tags, sub_channel FROM questions WHERE id = '{source['id']}'")[0]
    assert json.loads(stored[0]) == source["tags"] and stored[1] == source["subChannel"]


def test_invalid_rows_refuse_the_import_and_name_row_key_column(db_url: str) -> None:
    result = run_cli("import", "learning_paths", str(DATA / "learning-paths.json"), "--url", db_url)
    assert result.exit_code == 1
    assert (
        "learning-paths.json:2: row 1 (key company-adobe-advanced): path_type: is required "
        "(NOT NULL, no default) but missing; channels: is required" in result.stderr
    )
    assert "43 invalid" in result.stdout and "nothing written" in result.stdout
    assert rows(db_url, "SELECT count(*) FROM learning_paths") == [(0,)]


def test_skip_invalid_writes_the_valid_rows_only(db_url: str, tmp_path: Path) -> None:
    records = json.loads((DATA / "questions/algorithms.json").read_text())[:20]
    records[3] = {**records[3], "difficulty": "expert"}
    records[7] = {**records[7], "tags": "[broken"}
    del records[9]["question"]
    path = write_json(tmp_path / "q.json", records)
    refused = run_cli("import", "questions", str(path), "--url", db_url)
    assert refused.exit_code == 1 and rows(db_url, "SELECT count(*) FROM questions") == [(0,)]
    assert f"row 4 (key {records[3]['id']}): difficulty:" in refused.stderr
    assert f"row 8 (key {records[7]['id']}): tags: not valid JSON" in refused.stderr
    assert f"row 10 (key {records[9]['id']}): question: is required" in refused.stderr
    done = run_cli("import", "questions", str(path), "--url", db_url, "--skip-invalid")
    assert done.exit_code == 0 and "3 invalid (skipped); 17 new rows" in done.stdout
    assert rows(db_url, "SELECT count(*) FROM questions") == [(17,)]


def test_bot_monitor_members_and_autoincrement_ids(db_url: str) -> None:
    for table, key, count in (
        ("bot_runs", "runs", 50),
        ("work_queue", "queue", 100),
        ("bot_ledger", "ledger", 100),
    ):
        for _ in range(2):
            result = run_cli("import", table, str(DATA / "bot-monitor.json"), "--key", key, "--url", db_url)
            assert result.exit_code == 0, result.output
        assert rows(db_url, f"SELECT count(*) FROM {table}") == [(count,)]
    exported = json.loads((DATA / "bot-monitor.json").read_text())["runs"][0]
    assert rows(db_url, f"SELECT bot_name FROM bot_runs WHERE id = {exported['id']}") == [
        (exported["botName"],)
    ]
    missing = run_cli("import", "bot_runs", str(DATA / "bot-monitor.json"), "--url", db_url)
    assert missing.exit_code == 2
    hint = "pass --key NAME (its arrays of records: stats, runs, queue, ledger)"
    assert f"bot-monitor.json: is a JSON object holding records: {hint}" in missing.stderr


def test_snake_case_row_with_json_string(db_url: str) -> None:
    result = run_cli("import", "bot_runs", str(DATA / "bot-runs-row.json"), "--url", db_url)
    assert result.exit_code == 0, result.output
    (summary,) = rows(db_url, "SELECT summary FROM bot_runs")[0]
    assert json.loads(summary)["message"] == "Session Builder completed"


def test_history_export_rows_without_ids_are_not_duplicated(db_url: str) -> None:
    path = DATA / "history/al-1.json"
    for _ in range(2):
        result = run_cli("import", "question_history", str(path), "--key", "history", "--url", db_url)
        assert result.exit_code == 0, result.output
    assert "filled from the file's top level: questionId, questionType" in result.stderr
    assert rows(db_url, "SELECT question_id, event_type FROM question_history") == [("al-1", "created")]


def test_unknown_keys_are_reported_once_and_ignored(db_url: str, tmp_path: Path) -> None:
    sessions = json.loads((DATA / "voice-sessions.json").read_text())["sessions"]
    data = {"sessions": [{**s, "questionCount": 4, "stats": {"x": 1}} for s in sessions], "total": 3}
    result = run_cli(
        "import",
        "voice_sessions",
        str(write_json(tmp_path / "v.json", data)),
        "--key",
        "sessions",
        "--url",
        db_url,
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("ignored keys") == 1
    assert "questionCount (3 rows), stats (3 rows)" in result.stderr
    assert rows(db_url, "SELECT count(*) FROM voice_sessions") == [(3,)]


def test_conflict_modes(db_url: str, tmp_path: Path) -> None:
    certs = json.loads((DATA / "certifications.json").read_text())
    path = DATA / "certifications.json"
    assert (
        run_cli("import", "certifications", str(path), "--url", db_url, "--on-conflict", "fail").exit_code
        == 0
    )
    refused = run_cli("import", "certifications", str(path), "--url", db_url, "--on-conflict", "fail")
    assert refused.exit_code == 1 and "53 keys already in certifications" in refused.stderr
    changed = write_json(tmp_path / "c.json", [{**certs[0], "name": "Renamed"}])
    skipped = run_cli("import", "certifications", str(changed), "--url", db_url)
    assert skipped.exit_code == 0 and "1 already present, skipped" in skipped.stdout
    assert rows(db_url, f"SELECT name FROM certifications WHERE id = '{certs[0]['id']}'") == [
        (certs[0]["name"],)
    ]
    replaced = run_cli("import", "certifications", str(changed), "--url", db_url, "--on-conflict", "replace")
    assert replaced.exit_code == 0 and "1 replaced" in replaced.stdout
    assert rows(db_url, f"SELECT name FROM certifications WHERE id = '{certs[0]['id']}'") == [("Renamed",)]


def test_broken_files_are_one_line_errors(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "q-1"},\n {"id": ]\n', encoding="utf-8")
    result = run_cli("import", "questions", str(bad), "--url", db_url)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{bad}:2:9: invalid JSON: Expecting value"
    assert rows(db_url, "SELECT count(*) FROM questions") == [(0,)]
    scalar = write_json(tmp_path / "s.json", [1, "x"])
    report = run_cli("import", "questions", str(scalar), "--url", db_url)
    assert report.exit_code == 1 and "s.json:1: row 1: record is a number, not an object" in report.stderr
    with connect(db_url) as db, pytest.raises(DataError, match="has no member 'nope'"):
        import_records(db, SPEC, "questions", DATA / "voice-sessions.json", key="nope")


def test_streaming_reader_crosses_chunk_boundaries(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.data.records

    monkeypatch.setattr(generator.data.records, "CHUNK", 7)  # every value spans several reads
    runs = json.loads((DATA / "bot-monitor.json").read_text())["runs"]
    with connect(db_url) as db:
        report = import_records(db, SPEC, "bot_runs", DATA / "bot-monitor.json", key="runs", batch_rows=16)
    assert report.new == len(runs) == 50 and not report.refused
    assert rows(db_url, "SELECT max(items_processed) FROM bot_runs") == [
        (max(r["itemsProcessed"] for r in runs),)
    ]


def test_import_into_sqld_over_http(sqld_fresh: SqldServer) -> None:
    with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
        db.apply(schema_statements(SPEC))
        before = db.requests_sent
        report = import_records(db, SPEC, "questions", DATA / "questions/algorithms.json", batch_rows=200)
        assert report.new == 330 and report.invalid_count == 0
        assert db.requests_sent - before == 3  # table check (1 request), 2 batches
        again = import_records(db, SPEC, "questions", DATA / "questions/algorithms.json")
        assert (again.new, again.skipped) == (0, 330)
        runs = import_records(db, SPEC, "bot_runs", DATA / "bot-monitor.json", key="runs")
        assert runs.new == 50
    counted = sqld_fresh.run(["SELECT count(*) FROM questions", "SELECT count(*) FROM bot_runs"])
    assert [str(r[0][0]) for r in counted] == ["330", "50"]
    result = run_cli(
        "import", "bot_ledger", str(DATA / "bot-monitor.json"), "--key", "ledger", "--url", sqld_fresh.url,
        "--token", sqld_fresh.tokens.rw,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sqld_fresh.tokens.rw not in result.output
    assert "bot_ledger: 100 read, 0 invalid; 100 new rows" in result.stdout


def mappings_with_one_dangling(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """Five channel mappings of real aws questions; the fourth names a question that does not exist."""
    ids = [q["id"] for q in json.loads((DATA / "questions/aws.json").read_text())[:5]]
    records = [{"channelId": "aws", "subChannel": "ec2", "questionId": qid} for qid in ids]
    records[3]["questionId"] = "q-404"
    return write_json(tmp_path / "mappings.json", records), records


def test_dangling_foreign_keys_are_invalid_rows_in_a_file_database(db_url: str, tmp_path: Path) -> None:
    assert run_cli("import", "questions", str(DATA / "questions/aws.json"), "--url", db_url).exit_code == 0
    path, _records = mappings_with_one_dangling(tmp_path)
    refused = run_cli("import", "channel_mappings", str(path), "--url", db_url)
    assert refused.exit_code == 1, refused.output
    assert "mappings.json:1: row 4 (question_id=q-404): question_id: no row in questions with id 'q-404'" in (
        refused.stderr
    )
    assert "problems by column: question_id foreign-key x1" in refused.stderr
    assert "5 read, 1 invalid; nothing written" in refused.stdout
    assert rows(db_url, "SELECT count(*) FROM channel_mappings") == [(0,)]
    done = run_cli("import", "channel_mappings", str(path), "--url", db_url, "--skip-invalid")
    assert done.exit_code == 0 and "1 invalid (skipped); 4 new rows" in done.stdout
    assert ("q-404",) not in rows(db_url, "SELECT question_id FROM channel_mappings")


def test_dangling_foreign_keys_into_sqld_write_nothing(sqld_fresh: SqldServer, tmp_path: Path) -> None:
    path, records = mappings_with_one_dangling(tmp_path)
    with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
        db.apply(schema_statements(SPEC))
        import_records(db, SPEC, "questions", DATA / "questions/aws.json")
        db.apply([("INSERT INTO channel_mappings VALUES (1, 'aws', 'iam', ?)", [records[0]["questionId"]])])
        before = db.requests_sent
        # Batches of 2: before the check, the first batch committed and the second failed in sqld.
        refused = import_records(db, SPEC, "channel_mappings", path, batch_rows=2)
        assert db.requests_sent - before == 2  # the table check and ONE lookup of every reference
        assert refused.refused and refused.invalid_count == 1 and refused.written == 0
        assert [str(row) for row in refused.invalid] == [
            f"{path}:1: row 4 (question_id=q-404): question_id: no row in questions with id 'q-404'"
        ]
        assert str(sqld_fresh.run(["SELECT count(*) FROM channel_mappings"])[0][0][0]) == "1"
        done = import_records(db, SPEC, "channel_mappings", path, batch_rows=2, skip_invalid=True)
        assert (done.invalid_count, done.new) == (1, 4)
    stored = sqld_fresh.run(["SELECT question_id FROM channel_mappings ORDER BY question_id"])[0]
    assert [r[0] for r in stored] == sorted(
        [records[0]["questionId"]] + [r["questionId"] for r in records if r["questionId"] != "q-404"]
    )


def test_references_to_logical_parents_are_not_checked(db_url: str) -> None:
    path = DATA / "history/al-1.json"  # question al-1 is not in the database: a logical reference only
    result = run_cli("import", "question_history", str(path), "--key", "history", "--url", db_url)
    assert result.exit_code == 0 and "1 new row" in result.stdout


def test_self_reference_may_name_an_earlier_row_of_the_same_file(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    tree = load_spec(
        "tree.yaml",
        text="version: 1\ntables:\n  nodes:\n    columns:\n      id: {type: text, primary_key: true}\n"
        "      parent_id: {type: text, references: {table: nodes, column: id}}\n      label: {type: text}\n",
    )
    nodes = [
        {"id": "a"},
        {"id": "b", "parent_id": "a"},
        {"id": "c", "label": "x"},
        {"id": "d", "parent_id": "c"},  # grouped by columns, d would be inserted before c
        {"id": "e", "parent_id": "f"},  # f comes later
        {"id": "f", "parent_id": "zz"},  # zz is nowhere
        {"id": "g", "parent_id": "f"},  # f is refused, so g is too
        {"id": "h", "parent_id": "h"},
        {"id": "i", "parent_id": "root"},  # in the database
        {"id": "j", "parent_id": "d"},  # d is in an earlier batch
    ]
    path = write_json(tmp_path / "nodes.json", nodes)
    with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
        db.apply([*schema_statements(tree), "INSERT INTO nodes (id) VALUES ('root')"])
        refused = import_records(db, tree, "nodes", path, batch_rows=4)
        assert [str(row).removeprefix(f"{path}:1: ") for row in refused.invalid] == [
            "row 5 (key e): parent_id: no row in nodes with id 'f'",
            "row 6 (key f): parent_id: no row in nodes with id 'zz'",
            "row 7 (key g): parent_id: no row in nodes with id 'f'",
        ]
        assert refused.refused and refused.written == 0
        done = import_records(db, tree, "nodes", path, batch_rows=4, skip_invalid=True)
        assert (done.invalid_count, done.new) == (3, 7)
    stored = sqld_fresh.run(["SELECT id FROM nodes ORDER BY id"])[0]
    assert [r[0] for r in stored] == ["a", "b", "c", "d", "h", "i", "j", "root"]


def test_a_row_with_another_error_also_lists_its_dangling_reference(db_url: str, tmp_path: Path) -> None:
    path, records = mappings_with_one_dangling(tmp_path)
    del records[3]["subChannel"]
    write_json(path, records)
    assert run_cli("import", "questions", str(DATA / "questions/aws.json"), "--url", db_url).exit_code == 0
    refused = run_cli("import", "channel_mappings", str(path), "--url", db_url)
    assert refused.exit_code == 1
    assert (
        "row 4 (question_id=q-404): sub_channel: is required (NOT NULL, no default) but missing; "
        "question_id: no row in questions with id 'q-404'" in refused.stderr
    )
    assert "5 read, 1 invalid; nothing written" in refused.stdout


def test_app_defaults_are_filled_and_reruns_still_match_rows_without_ids(db_url: str, tmp_path: Path) -> None:
    ledger = json.loads((DATA / "bot-monitor.json").read_text())["ledger"][:5]
    entries = [{k: v for k, v in e.items() if k not in ("id", "createdAt")} for e in ledger]
    entries[4]["createdAt"] = None  # an explicit null is a value: kept
    path = write_json(tmp_path / "ledger.json", entries)
    for expected in ("5 new rows", "0 new rows, 5 already present, skipped"):
        result = run_cli("import", "bot_ledger", str(path), "--url", db_url)
        assert result.exit_code == 0 and expected in result.stdout, result.output
    stamps = [r[0] for r in rows(db_url, "SELECT created_at FROM bot_ledger ORDER BY id")]
    assert stamps[4] is None and all(s.endswith("Z") and "T" in s for s in stamps[:4])
    entries[2]["reason"] = 5
    refused = run_cli("import", "bot_ledger", str(write_json(path, entries)), "--url", db_url)
    label = f"bot_name={entries[2]['botName']}"  # an autoincrement row without its id: named by a column
    assert f"ledger.json:1: row 3 ({label}): reason: expected a string, got a number 5" in refused.stderr


COMPOSITE = """version: 1
tables:
  releases:
    primary_key: [app, version]
    columns:
      app: {type: text, not_null: true}
      version: {type: integer, not_null: true}
  installs:
    primary_key: [id]
    columns:
      id: {type: text, not_null: true}
      app: {type: text}
      version: {type: integer}
      prev_app: {type: text}
      prev_id: {type: text}
    foreign_keys:
      - {columns: [app, version], references: {table: releases, columns: [app, version]}}
      - {columns: [prev_id, prev_app], references: {table: installs, columns: [id, app]}}
    unique:
      - [id, app]
"""


@pytest.mark.parametrize("target", ["file", "sqld"])
def test_multi_column_foreign_keys_are_checked_on_every_target(
    target: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A file database does not enforce foreign keys while importing: a dangling composite reference went
    in there silently (sqld refused it). Now it is an invalid row on both, named with its whole key."""
    spec = load_spec("composite.yaml", text=COMPOSITE)
    installs = [
        {"id": "i1", "app": "web", "version": 1},
        {"id": "i2", "app": "web", "version": 2},  # no release web 2
        {"id": "i3", "app": None, "version": 9},  # a NULL in the key: nothing to check (MATCH SIMPLE)
        {"id": "i4", "app": "web", "version": 1, "prev_id": "i1", "prev_app": "web"},  # an earlier row
        {"id": "i5", "app": "web", "version": 1, "prev_id": "i9", "prev_app": "web"},  # nowhere
    ]
    path = write_json(tmp_path / "installs.json", installs)
    if target == "file":
        url, token = f"file:{tmp_path / 'app.db'}", None
        create = True
    else:
        server: SqldServer = request.getfixturevalue("sqld_fresh")
        url, token, create = server.url, server.tokens.rw, False
    with connect(url, token, create=create) as db:
        db.apply([*schema_statements(spec), "INSERT INTO releases VALUES ('web', 1)"])
        refused = import_records(db, spec, "installs", path)
        assert [str(row).removeprefix(f"{path}:1: ") for row in refused.invalid] == [
            "row 2 (key i2): app, version: no row in releases with (app, version) = ('web', 2)",
            "row 5 (key i5): prev_id, prev_app: no row in installs with (id, app) = ('i9', 'web')",
        ]
        assert refused.refused and refused.written == 0
        done = import_records(db, spec, "installs", path, skip_invalid=True)
        assert (done.invalid_count, done.new) == (2, 3)
        assert sorted(r[0] for r in db.query("SELECT id FROM installs")) == ["i1", "i3", "i4"]
        # The audit finds a dangling composite key too (here written around the import, on the file).
        if target == "file":
            db.apply(["INSERT INTO installs (id, app, version) VALUES ('i9', 'web', 7)"])
            found = audit_database(db, spec, tables=["installs"])
            (finding,) = [f for t in found.tables for f in t.findings if f.check == "foreign-key"]
            assert (finding.column, finding.count, finding.examples) == (
                "app, version",
                1,
                ["i9 -> 'web', 7"],
            )
            assert finding.message == "1 value not found in releases(app, version)"
