"""`schemagen import TABLE FILE...` at the app's real scale: many files and directories in one process,
JSON Lines, single-record files; on a file and on the real sqld."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer
from helpers.targets import Target, file_target, sqld_target

from generator.data.importer import import_records
from generator.data.importreport import ImportProgress
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "schema.yaml"
SPEC = load_spec(SPEC_PATH)
DATA = ROOT / "tests" / "data" / "reference"
REAL = json.loads((DATA / "questions/aws.json").read_text())
BOTH = [pytest.param("file"), pytest.param("sqld", marks=pytest.mark.sqld)]


@pytest.fixture(params=BOTH)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    """A database holding the spec's tables: a file, or the real sqld."""
    if request.param == "file":
        return file_target(tmp_path).create(SPEC)
    server: SqldServer = request.getfixturevalue("sqld_fresh")
    return sqld_target(server).create(SPEC)


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def jsonl(path: Path, records: list[Any], extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n" + extra, encoding="utf-8")
    return path


def run_import(target: Target, *args: str) -> Any:
    return cli("import", *args, *target.args, "--spec", str(SPEC_PATH))


def test_files_and_directories_in_one_process(target: Target, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    write(exports / "b-aws.json", REAL[:40])
    jsonl(exports / "a-more.jsonl", REAL[40:60])
    write(exports / "c-one.json", REAL[60])  # a single record: an object of columns
    (exports / "notes.txt").write_text("not an export")
    (exports / "sub").mkdir()
    loose = write(tmp_path / "loose.json", REAL[61:70])
    result = run_import(target, "questions", str(exports), str(loose))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines == [
        f"{exports / 'a-more.jsonl'}: 20 read, 0 invalid, 20 new rows",
        f"{exports / 'b-aws.json'}: 40 read, 0 invalid, 40 new rows",
        f"{exports / 'c-one.json'}: 1 read, 0 invalid, 1 new row",
        f"{loose}: 9 read, 0 invalid, 9 new rows",
        lines[-1],
    ]
    assert lines[-1].startswith("questions: 70 read from 4 files, 0 invalid; 70 new rows in ")
    assert target.count("questions") == 70
    again = run_import(target, "questions", str(exports), str(loose))
    skipped = "1 read, 0 invalid, 0 new rows, 1 already present, skipped"
    assert f"{exports / 'c-one.json'}: {skipped}" in again.stdout


def test_batches_span_files_and_references_are_looked_up_once(target: Target, tmp_path: Path) -> None:
    with target.connect() as db:
        import_records(db, SPEC, "questions", DATA / "questions/aws.json")
    ids = [q["id"] for q in REAL[:9]]
    mapping = {"channelId": "aws", "subChannel": "s"}
    files = [
        write(tmp_path / f"m{n}.json", [{**mapping, "questionId": q} for q in chunk])
        for n, chunk in enumerate([ids[:4], ids[4:7], ids[7:]])
    ]
    files.append(jsonl(tmp_path / "m3.jsonl", [{**mapping, "questionId": "q-404"}]))
    steps: list[ImportProgress] = []
    with target.connect() as db:
        before = db.requests_sent
        report = import_records(db, SPEC, "channel_mappings", files, batch_rows=5, progress=steps.append)
        requests = db.requests_sent - before
    assert report.refused and [str(r) for r in report.invalid] == [
        f"{files[3]}:1: row 1 (question_id=q-404): question_id: no row in questions with id 'q-404'"
    ]
    assert requests == (2 if target.kind == "sqld" else 0)  # the table check and ONE lookup of all references
    assert not [s for s in steps if s.phase == "writing"] and target.count("channel_mappings") == 0
    with target.connect() as db:
        done = import_records(db, SPEC, "channel_mappings", files, batch_rows=5, skip_invalid=True)
    assert [f.new for f in done.files] == [4, 3, 2, 0] and done.invalid_count == 1
    if target.kind == "sqld":
        assert (
            done.requests == 2 + 1 + 2
        )  # table check, lookup, one read of the table (keyless rows), 2 batches
    assert target.count("channel_mappings") == 9


def test_progress_covers_every_row_of_every_file(target: Target, tmp_path: Path) -> None:
    records = [{**REAL[i % len(REAL)], "id": f"p-{i}"} for i in range(1500)]
    files = [write(tmp_path / f"q{n}.json", records[n * 600 : (n + 1) * 600]) for n in range(2)]
    files.append(jsonl(tmp_path / "q2.jsonl", records[1200:]))
    steps: list[ImportProgress] = []
    with target.connect() as db:
        report = import_records(db, SPEC, "questions", files, batch_rows=100, progress=steps.append)
    assert report.new == 1500 == target.count("questions")
    reading = [s.done for s in steps if s.phase == "reading"]
    assert reading == sorted(reading) and reading[-1] == 1000  # every 1,000 records read
    if target.kind == "sqld":  # over HTTP writing follows validation: a bar over all valid rows
        writing = [(s.done, s.total) for s in steps if s.phase == "writing"]
        assert writing[-1] == (report.valid, report.valid) and len(writing) == report.valid // 100


def test_single_record_files_and_objects_holding_records(target: Target, tmp_path: Path) -> None:
    record = write(tmp_path / "one.json", {**REAL[0], "extra": [1, 2], "notes": {"a": 1}})
    result = run_import(target, "questions", str(record))
    assert result.exit_code == 0, result.output
    assert "1 read, 0 invalid; 1 new row" in result.stdout
    assert "ignored keys that name no column: extra (1 row), notes (1 row)" in result.stderr
    holder = write(tmp_path / "holder.json", {"total": 2, "questions": REAL[:2], "empty": []})
    hint = run_import(target, "questions", str(holder))
    assert hint.exit_code == 2
    arrays = "its arrays of records: questions, empty"
    assert hint.stderr.strip() == f"{holder}: is a JSON object holding records: pass --key NAME ({arrays})"
    done = run_import(target, "questions", str(holder), "--key", "questions")
    assert done.exit_code == 0 and "2 read, 0 invalid; 1 new row, 1 already present" in done.stdout


def test_json_lines_name_bad_lines_by_file_and_line(target: Target, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "q.ndjson", REAL[:3], extra='\n{"id": "x", \n[1, 2]\n{"id": NaN}\n')
    refused = run_import(target, "questions", str(path))
    assert refused.exit_code == 1
    broken = "invalid JSON: Expecting property name enclosed in double quotes (column 13)"
    assert f"{path}:5: row 4: {broken}" in refused.stderr
    assert f"{path}:6: row 5: record is an array, not an object" in refused.stderr
    assert f"{path}:7: row 6: invalid JSON: NaN is not JSON" in refused.stderr
    assert "6 read, 3 invalid; nothing written" in refused.stdout
    done = run_import(target, "questions", str(path), "--skip-invalid")
    assert done.exit_code == 0 and "6 read, 3 invalid (skipped); 3 new rows" in done.stdout
    with_key = run_import(target, "questions", str(path), "--key", "x")
    assert with_key.exit_code == 2 and "--key x does not apply to a JSON Lines file" in with_key.stderr


def test_missing_sources_are_one_line_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    url = file_target(tmp_path).create(SPEC).url
    for args, message in (
        ([str(tmp_path / "nope.json")], f"{tmp_path / 'nope.json'}: no such file or directory"),
        ([str(empty)], f"{empty}: no .json, .jsonl or .ndjson file in this directory"),
    ):
        result = cli("import", "questions", *args, "--url", url, "--spec", str(SPEC_PATH))
        assert (result.exit_code, result.stderr.strip()) == (2, message)
