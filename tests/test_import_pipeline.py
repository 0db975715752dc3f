"""How an import's writing is arranged: the database says what it can do (one transaction, or a commit per
batch), and over HTTP with --skip-invalid the batches are sent while later ones are still being validated.

Either way nothing is lost: every record is written or reported (in input order) with its file, index and key,
and a stop says exactly what was committed, checked against the real sqld.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers.sqld import SqldServer
from helpers.targets import file_target, sqld_target

from generator.data import ahead
from generator.data.importer import IN_FLIGHT, import_records
from generator.db import FileDatabase, parse_url
from generator.errors import DatabaseError
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC = load_spec(ROOT / "spec" / "schema.yaml")
DATA = ROOT / "tests" / "data" / "reference"
REAL = json.loads((DATA / "questions/aws.json").read_text())


def questions(count: int) -> list[dict[str, Any]]:
    return [{**REAL[i % len(REAL)], "id": f"r-{i}"} for i in range(count)]


def write(path: Path, records: Any) -> Path:
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


class CommitPerBatch(FileDatabase):
    """A local file that declares the capabilities of a server: no transaction held across batches."""

    one_transaction = False


def test_the_database_says_whether_the_import_is_one_transaction(tmp_path: Path) -> None:
    """The importer reads the database's capability, not its class: a file that declares a commit per batch
    is written batch by batch, and a stop says which batches stayed committed."""
    target = file_target(tmp_path).create(
        SPEC,
        "CREATE TRIGGER on_hold BEFORE INSERT ON questions WHEN NEW.id = 'r-2400' "
        "BEGIN SELECT RAISE(ABORT, 'question r-2400 is on hold'); END",
    )
    path = write(tmp_path / "q.json", questions(2500))
    with FileDatabase(parse_url(target.url)) as db:
        whole = import_records(db, SPEC, "questions", path)
    assert whole.one_transaction and whole.batches == 0 and whole.committed == ""
    assert target.count("questions") == 0  # one transaction: nothing stays
    with CommitPerBatch(parse_url(target.url)) as db:
        report = import_records(db, SPEC, "questions", path)
    assert not report.one_transaction and report.batches == 2
    assert report.committed.startswith("committed: 2,000 rows in 2 batches (2,000 new, 0 replaced")
    assert target.count("questions") == 2000


@pytest.mark.sqld
def test_skip_invalid_over_http_streams_and_reports_every_row_in_order(
    sqld_fresh: SqldServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches go out while later records are validated; invalid rows (the spec's and the database's) come
    back in input order, and the counts are the database's."""
    monkeypatch.setattr(ahead, "MIN_BYTES", 1 << 40)  # too small for two readers (test_import_ahead.py)
    target = sqld_target(sqld_fresh).create(
        SPEC,
        "CREATE TRIGGER on_hold BEFORE INSERT ON questions WHEN NEW.id = 'r-2200' "
        "BEGIN SELECT RAISE(ABORT, 'question r-2200 is on hold'); END",
    )
    records = questions(3500)
    for bad in (3400, 10, 1500):
        records[bad]["tags"] = 7
    first = write(tmp_path / "a.json", records[:1800])
    second = write(tmp_path / "b.json", records[1800:])
    with target.connect() as db:
        report = import_records(db, SPEC, "questions", [first, second], skip_invalid=True)
    assert report.streamed and report.refused == ""
    shown = [(row.source, row.index, row.label, row.problems[0].message[:22]) for row in report.invalid]
    assert shown == [
        (str(first), 10, "key r-10", "7 is not of type 'arra"),
        (str(first), 1500, "key r-1500", "7 is not of type 'arra"),
        (str(second), 400, "key r-2200", "refused by the databas"),
        (str(second), 1600, "key r-3400", "7 is not of type 'arra"),
    ]
    assert (report.read, report.invalid_count, report.new) == (3500, 4, 3496)
    assert [(f.read, f.invalid, f.new) for f in report.files] == [(1800, 2, 1798), (1700, 2, 1698)]
    assert target.count("questions") == 3496
    left_out = "SELECT count(*) FROM questions WHERE id IN ('r-10', 'r-1500', 'r-2200', 'r-3400')"
    assert int(target.sql(left_out)[0][0]) == 0


@pytest.mark.sqld
def test_a_later_batch_that_fails_stops_with_exactly_what_was_committed(
    sqld_fresh: SqldServer, tmp_path: Path
) -> None:
    """The database fails on the third batch while the next may be in flight: the one line counts exactly the
    rows the table holds, names the committed spans, and a re-run finishes the job."""
    target = sqld_target(sqld_fresh).create(
        SPEC,
        "CREATE TRIGGER full BEFORE INSERT ON questions WHEN NEW.id = 'r-2600' "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    )
    records = questions(5000)
    records[700]["tags"] = 7
    path = write(tmp_path / "q.json", records)
    with target.connect() as db, pytest.raises(DatabaseError) as stopped:
        import_records(db, SPEC, "questions", path, skip_invalid=True)
    message = str(stopped.value)
    assert message.startswith("questions: the import stopped on a database error (committed: ")
    assert message.endswith("database or disk is full") and "\n" not in message
    found = re.search(r"committed: ([\d,]+) rows in (\d) batches \(([\d,]+) new", message)
    assert found is not None, message
    rows, batches = int(found[1].replace(",", "")), int(found[2])
    assert rows == target.count("questions") == int(found[3].replace(",", ""))
    # Batch 3 (rows 2,001-3,001) failed; the batches after it sent before its answer (IN_FLIGHT) may be in.
    assert 2 <= batches <= min(4, 2 + IN_FLIGHT - 1) and 1000 * batches - 1 <= rows <= 1000 * batches
    assert f"{path}:1 to {path}:1" in message
    target.execute("DROP TRIGGER full")
    with target.connect() as db:
        again = import_records(db, SPEC, "questions", path, skip_invalid=True)
    assert (again.new, again.skipped, again.invalid_count) == (4999 - rows, rows, 1)
    assert target.count("questions") == 4999


@pytest.mark.parametrize("options", [{"skip_invalid": True}, {}, {"on_conflict": "replace"}])
def test_a_key_given_again_in_a_later_batch_is_decided_in_input_order_over_http(
    sqld_fresh: SqldServer, tmp_path: Path, options: dict[str, Any]
) -> None:
    """Batches in flight may commit in any order on the server. A batch that gives a key an earlier
    batch gave waits until every batch before it is committed: with skip the first record of the key is
    the one kept, with replace the last, whatever the timing (the batches of 201 rows put a repeat across
    nearly every boundary)."""
    target = sqld_target(sqld_fresh).create(SPEC)
    records = []
    for b in range(30):
        records += [{**REAL[i % len(REAL)], "id": f"b{b}-{i}", "answer": f"first {b}"} for i in range(200)]
        if b:
            records.append({**REAL[0], "id": f"b{b}-0", "answer": f"again {b}"})
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    with target.connect() as db:
        report = import_records(db, SPEC, "questions", path, batch_rows=201, **options)
    kept = dict(
        (str(k), str(v)) for k, v in target.sql("SELECT id, answer FROM questions WHERE id LIKE '%-0'")
    )
    winner = "again" if options.get("on_conflict") == "replace" else "first"
    assert {k: v.split()[0] for k, v in kept.items() if k != "b0-0"} == {
        f"b{b}-0": winner for b in range(1, 30)
    }
    assert report.repeated_count == 29 and report.new == 30 * 200
