"""Faults found by fault-testing `import` and `audit` (issue 8): each on a file and on the real sqld.

Nothing is lost: a row is written or reported with its file, line and key; every message states exactly
what was committed; odd input is an invalid row, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer
from helpers.targets import Target, file_target, sqld_target

from generator.data.audit import audit_database
from generator.data.importer import import_records
from generator.data.importreport import ImportProgress
from generator.errors import DatabaseError
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "schema.yaml"
SPEC = load_spec(SPEC_PATH)
DATA = ROOT / "tests" / "data" / "reference"
REAL = json.loads((DATA / "questions/aws.json").read_text()) + json.loads(
    (DATA / "questions/algorithms.json").read_text()
)
BOTH = [pytest.param("file"), pytest.param("sqld", marks=pytest.mark.sqld)]


@pytest.fixture(params=BOTH)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    """An empty database holding the spec's tables: a file, or the real sqld."""
    if request.param == "file":
        return file_target(tmp_path)
    server: SqldServer = request.getfixturevalue("sqld_fresh")
    return sqld_target(server)


def questions(count: int, prefix: str = "r") -> list[dict[str, Any]]:
    """`count` real question records under new ids r-0, r-1, ..."""
    return [{**REAL[i % len(REAL)], "id": f"{prefix}-{i}"} for i in range(count)]


def write(path: Path, records: Any) -> Path:
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def run_import(target: Target, *args: str) -> Any:
    return cli("import", *args, *target.args, "--spec", str(SPEC_PATH))


def test_json_text_with_nan_is_an_invalid_row_not_a_lost_one(target: Target, tmp_path: Path) -> None:
    """Python reads NaN in JSON text, json_valid does not: the CHECK used to drop the row silently."""
    target.create(SPEC)
    records = questions(5)
    records[2]["tags"] = '["aws", NaN]'
    records[3]["companies"] = "[Infinity]"
    path = write(tmp_path / "q.json", records)
    refused = run_import(target, "questions", str(path))
    assert refused.exit_code == 1, refused.output
    assert f"{path}:1: row 3 (key r-2): tags: not valid JSON (NaN is not JSON)" in refused.stderr
    assert f"{path}:1: row 4 (key r-3): companies: not valid JSON (Infinity is not JSON)" in refused.stderr
    assert target.count("questions") == 0
    done = run_import(target, "questions", str(path), "--skip-invalid")
    assert done.exit_code == 0, done.output
    assert "5 read, 2 invalid (skipped); 3 new rows" in done.stdout
    assert target.sql("SELECT id FROM questions ORDER BY id") == [("r-0",), ("r-1",), ("r-4",)]
    again = run_import(target, "questions", str(path), "--skip-invalid")
    assert "0 new rows, 3 already present, skipped" in again.stdout  # counted, not guessed from the size


def test_rows_the_database_refuses_are_reported_not_skipped(target: Target, tmp_path: Path) -> None:
    """A trigger and a unique index the spec does not know: refusals are invalid rows, never 'present'."""
    target.create(
        SPEC,
        "CREATE TRIGGER on_hold BEFORE INSERT ON questions WHEN NEW.id = 'r-3' "
        "BEGIN SELECT RAISE(ABORT, 'question r-3 is on hold'); END",
        "CREATE UNIQUE INDEX one_question_text ON questions (question)",
    )
    records = questions(6)
    records[5]["question"] = records[1]["question"]
    path = write(tmp_path / "q.json", records)
    refused = run_import(target, "questions", str(path))
    assert refused.exit_code == 1, refused.output
    assert "row 4 (key r-3): refused by the database: question r-3 is on hold" in refused.stderr
    assert target.count("questions") == 0  # file: one transaction; sqld: the one batch failed
    done = run_import(target, "questions", str(path), "--skip-invalid")
    assert done.exit_code == 0, done.output
    assert "row 4 (key r-3): refused by the database: question r-3 is on hold" in done.stderr
    unique = "row 6 (key r-5): refused by the database: UNIQUE constraint failed: questions.question"
    assert unique in done.stderr
    assert "6 read, 2 invalid (skipped); 4 new rows" in done.stdout
    assert target.sql("SELECT id FROM questions ORDER BY id") == [("r-0",), ("r-1",), ("r-2",), ("r-4",)]


def test_replace_that_fails_midway_says_exactly_what_was_committed(target: Target, tmp_path: Path) -> None:
    """2,500 rows in batches of 1,000, row 2,400 refused by a trigger: a file keeps nothing (one transaction);
    sqld keeps the two committed batches, the message says so, and a re-run finishes the job."""
    target.create(
        SPEC,
        "CREATE TRIGGER on_hold BEFORE INSERT ON questions WHEN NEW.id = 'r-2400' "
        "BEGIN SELECT RAISE(ABORT, 'question r-2400 is on hold'); END",
    )
    records = questions(2500)
    assert run_import(target, "questions", str(write(tmp_path / "first.json", records[:100]))).exit_code == 0
    changed = [{**r, "answer": "rewritten"} for r in records]
    path = write(tmp_path / "all.json", changed)
    result = run_import(target, "questions", str(path), "--on-conflict", "replace")
    assert result.exit_code == 1, result.output
    assert "row 2401 (key r-2400): refused by the database: question r-2400 is on hold" in result.stderr
    rewritten = "SELECT count(*) FROM questions WHERE answer = 'rewritten'"
    if target.kind == "file":
        assert "2,500 read, 1 invalid; nothing written: 1 invalid row" in result.stdout
        assert target.count("questions") == 100 and target.sql(rewritten)[0][0] == 0
    else:
        assert "2,500 read, 1 invalid; stopped: row 2401 (" in result.stdout
        assert "committed: 2,000 rows in 2 batches (1,900 new, 100 replaced, 0 already present)" in (
            result.stdout
        )
        assert "Re-running the same import finishes it" in result.stdout
        assert target.count("questions") == 2000 and int(target.sql(rewritten)[0][0]) == 2000
    target.execute("DROP TRIGGER on_hold")
    again = run_import(target, "questions", str(path), "--on-conflict", "replace")
    assert again.exit_code == 0, again.output
    assert target.count("questions") == 2500 and int(target.sql(rewritten)[0][0]) == 2500
    expected = "2,400 new rows, 100 replaced" if target.kind == "file" else "500 new rows, 2,000 replaced"
    assert expected in again.stdout


TREE = load_spec(
    "tree.yaml",
    text="version: 1\ntables:\n  nodes:\n    columns:\n      id: {type: text, primary_key: true}\n"
    "      parent_id: {type: text, references: {table: nodes, column: id}}\n      label: {type: text}\n",
)


def test_killed_server_midway_then_rerun_finishes(
    sqld_factory: Callable[[], SqldServer], tmp_path: Path
) -> None:
    """sqld dies after the first batch committed: the report says exactly that; a re-run finishes the job."""
    server = sqld_factory()
    target = sqld_target(server).create(TREE)
    nodes = [{"id": f"n{i:04}", "parent_id": f"n{i - 1:04}" if i else None} for i in range(2500)]
    path = write(tmp_path / "nodes.json", nodes)

    def kill_after_first_batch(step: ImportProgress) -> None:
        if step.phase == "writing":
            server.kill()

    with target.connect() as db, pytest.raises(DatabaseError) as stopped:
        import_records(db, TREE, "nodes", path, progress=kill_after_first_batch)
    message = str(stopped.value)  # the database's failure, not the rows': one line (exit 2)
    assert message.startswith("nodes: the import stopped on a database error (committed: 1,000 rows in 1 ")
    assert "Re-running the same import finishes it" in message and "\n" not in message
    assert "connection refused" in message.lower()
    server.start()
    assert target.count("nodes") == 1000
    with target.connect() as db:
        again = import_records(db, TREE, "nodes", path)
    assert (again.new, again.skipped, again.refused) == (1500, 1000, "")
    assert target.count("nodes") == 2500


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_records_are_invalid_rows_not_tracebacks(target: Target, tmp_path: Path) -> None:
    target.create(SPEC)
    records = questions(4)
    text = json.dumps(records)
    # Spliced in as raw JSON: 300 levels (a value too deep), 990 and 100,000 (records too deep to decode).
    head, *rest = text.split('"tags": ', 3)
    pieces = [nested(300), nested(990), nested(100_000)]
    spliced = head + "".join(f'"tags": {deep}, "x": ' + part for deep, part in zip(pieces, rest, strict=True))
    path = tmp_path / "deep.json"
    path.write_text(spliced, encoding="utf-8")
    result = run_import(target, "questions", str(path))  # in-process: a traceback would fail the test
    assert result.exit_code == 1, result.output
    assert f"{path}:1: row 1 (key r-0): tags: cannot be stored as JSON (nested more than 256 levels)" in (
        result.stderr
    )
    assert "row 2" in result.stderr and "row 3" in result.stderr
    assert result.stderr.count("nested more than 256 levels") == 3
    assert "4 read, 3 invalid; nothing written" in result.stdout
    lines = tmp_path / "deep.jsonl"
    lines.write_text(
        json.dumps(records[3]) + "\n" + nested(5000) + "\n" + '{"id": "x", "tags": ' + nested(999) + "}\n",
        encoding="utf-8",
    )
    jsonl = run_import(target, "questions", str(lines), "--skip-invalid")
    assert jsonl.exit_code == 0, jsonl.output
    assert f"{lines}:2: row 2: record nested more than 256 levels" in jsonl.stderr
    assert f"{lines}:3: row 3" in jsonl.stderr
    assert target.sql("SELECT id FROM questions") == [("r-3",)]


def test_audit_of_a_deeply_nested_stored_value(target: Target) -> None:
    target.create(SPEC)
    with target.connect() as db:
        import_records(db, SPEC, "questions", DATA / "questions/aws.json")
    target.execute(f"UPDATE questions SET tags = '{nested(980)}' WHERE id = 'gh-12'")
    with target.connect() as db:
        report = audit_database(db, SPEC, tables=["questions"])
    (audit,) = report.tables
    finding = next(f for f in audit.findings if f.column == "tags")
    assert (finding.check, finding.count, finding.examples) == ("json-invalid", 1, ["gh-12"])
    # SQLite takes it as JSON (980 levels is under its own limit): it is JSON schemagen cannot read.
    assert finding.message == "JSON that cannot be read (nested more than 256 levels)"
    text = cli("audit", *target.args, "--spec", str(SPEC_PATH), "--table", "questions")
    assert text.exit_code == 1 and "nested more than 256" in text.stdout


def test_integers_beyond_64_bits_and_odd_values_are_invalid_rows(target: Target, tmp_path: Path) -> None:
    target.create(SPEC)
    records = questions(4)
    path = tmp_path / "odd.json"
    text = json.dumps(records)
    text = text.replace('"isNew": ', '"relevanceScore": 123456789012345678901234567890, "isNew": ', 1)
    path.write_text("\ufeff" + text, encoding="utf-8")  # a byte-order mark, as Windows editors write
    result = run_import(target, "questions", str(path))
    assert result.exit_code == 1, result.output
    huge = "123456789012345678901234567890 is beyond SQLite's 64-bit integer range"
    assert f"row 1 (key r-0): relevance_score: {huge}" in result.stderr
    assert "4 read, 1 invalid" in result.stdout


def test_fail_mode_names_keys_repeated_in_the_input(target: Target, tmp_path: Path) -> None:
    target.create(SPEC)
    records = questions(4)
    records[3]["id"] = records[1]["id"]
    path = write(tmp_path / "dup.json", records)
    result = run_import(target, "questions", str(path), "--on-conflict", "fail")
    assert result.exit_code == 1, result.output
    assert "1 key given more than once in the input: r-1" in result.stderr
    assert "already in" not in result.output  # the table is empty
    refusal = "nothing written: 1 key given more than once (--on-conflict fail needs new keys)"
    assert refusal in result.stdout
    assert target.count("questions") == 0


def test_many_ignored_keys_are_summarised(target: Target, tmp_path: Path) -> None:
    target.create(SPEC)
    records = questions(3)
    records[0].update({f"extra{i:04}": i for i in range(5000)})
    path = write(tmp_path / "wide.json", records)
    result = run_import(target, "questions", str(path))
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if "ignored" in line]
    assert line.startswith("questions: ignored 5,000 keys that name no column: extra0000 (1 row), ")
    assert line.endswith(" and 4,992 more") and len(line) < 300
