"""Every row accounted for on import (issue 20): identical keyless records, database errors that are not the
rows' fault, counts that say what happened, values SQLite would turn into something else."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer
from helpers.targets import Target, file_target, sqld_target

from generator.data.audit import audit_database
from generator.data.importer import ImportInterrupted, import_records
from generator.data.importreport import ImportProgress
from generator.errors import DatabaseError
from generator.spec import load_spec

BOTH = [pytest.param("file"), pytest.param("sqld", marks=pytest.mark.sqld)]
SPEC_TEXT = """version: 1
tables:
  events:
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
      kind: {type: text}
      n: {type: integer}
  plain:
    columns:
      a: {type: text}
      b: {type: real}
  measures:
    columns:
      id: {type: text, primary_key: true}
      amount: {type: numeric}
"""
SPEC = load_spec("acct.yaml", text=SPEC_TEXT)


@pytest.fixture(params=BOTH)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    if request.param == "file":
        return file_target(tmp_path).create(SPEC)
    server: SqldServer = request.getfixturevalue("sqld_fresh")
    return sqld_target(server).create(SPEC)


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(records))
    return path


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_identical_keyless_records_are_all_written_once(target: Target, tmp_path: Path, batch: int) -> None:
    records = write(tmp_path / "e.json", [{"kind": "tick", "n": 1}] * 150 + [{"kind": "tock", "n": None}] * 3)
    with target.connect() as db:
        first = import_records(db, SPEC, "events", records, batch_rows=batch)
    assert (first.new, first.skipped, target.count("events")) == (153, 0, 153), first.summary()
    with target.connect() as db:
        again = import_records(db, SPEC, "events", records, batch_rows=batch)
    assert (again.new, again.skipped, target.count("events")) == (0, 153, 153), again.summary()
    target.execute("DELETE FROM events WHERE id % 3 = 0")  # 51 rows gone: a re-run puts back just those
    with target.connect() as db:
        mended = import_records(db, SPEC, "events", records, batch_rows=batch)
    assert (mended.new, mended.skipped, target.count("events")) == (51, 102, 153), mended.summary()


def test_keyless_table_without_a_key_and_1_equal_to_1_0(target: Target, tmp_path: Path) -> None:
    target.execute("INSERT INTO plain VALUES ('x', 1.0)")
    records = write(tmp_path / "p.json", [{"a": "x", "b": 1}, {"a": "x", "b": 1}, {"a": "y", "b": 2.5}])
    with target.connect() as db:
        report = import_records(db, SPEC, "plain", records, batch_rows=1)
    assert (report.new, report.skipped, target.count("plain")) == (2, 1, 3)


@pytest.mark.parametrize("batch", [1, 1000])
def test_records_with_and_without_their_id_together(target: Target, tmp_path: Path, batch: int) -> None:
    """An id the database gives a keyless row never takes the id a later record gives, in an empty table
    (where nothing is matched) as in one holding rows."""
    given = [{"id": 1, "kind": "given", "n": 2}, {"id": 3, "kind": "given", "n": 3}]
    loose = [{"kind": "loose", "n": 1}] * 2
    records = write(tmp_path / "m.json", [loose[0], given[0], loose[1], given[1]])
    for round_, (new, skipped) in enumerate([(4, 0), (0, 4)]):
        with target.connect() as db:
            report = import_records(db, SPEC, "events", records, batch_rows=batch)
        assert (report.new, report.skipped) == (new, skipped), (round_, report.summary())
        rows = [(int(i), k) for i, k in target.sql("SELECT id, kind FROM events ORDER BY id")]
        assert [r for r in rows if r[1] == "given"] == [(1, "given"), (3, "given")]
        assert len(rows) == 4


def test_keyless_import_is_linear(tmp_path: Path) -> None:
    """Keyless records cost about what records with their ids do (the machine's speed cancels out)."""
    count = 30_000
    keyless = write(tmp_path / "keyless.json", [{"kind": f"k{i % 1000}", "n": i % 7} for i in range(count)])
    ids = write(
        tmp_path / "ids.json", [{"id": i + 1, "kind": f"k{i % 1000}", "n": i % 7} for i in range(count)]
    )
    took = {}
    for name, path in (("ids", ids), ("keyless", keyless), ("again", keyless)):
        folder = tmp_path / ("ids" if name == "ids" else "keyless")
        folder.mkdir(exist_ok=True)
        target = file_target(folder)
        if name != "again":
            target.create(SPEC)
        started = time.perf_counter()
        with target.connect() as db:
            report = import_records(db, SPEC, "events", path)
        took[name] = time.perf_counter() - started
        assert report.new + report.skipped == count and report.new == (0 if name == "again" else count)
    # Matching every keyless record with NOT EXISTS was quadratic: 106 s for 50,000 against 1.4 s with ids.
    assert took["keyless"] < 4 * took["ids"] and took["again"] < 4 * took["ids"], took


def test_a_full_disk_stops_the_import_on_the_first_error(tmp_path: Path) -> None:
    target = file_target(tmp_path).create(SPEC)
    records = write(tmp_path / "big.json", [{"a": "x" * 2000, "b": i} for i in range(3000)])
    for skip_invalid in (False, True):
        with target.connect() as db:
            db.query("PRAGMA max_page_count = 20")  # the file cannot grow past 20 pages: SQLITE_FULL
            with pytest.raises(DatabaseError) as failed:
                import_records(db, SPEC, "plain", records, skip_invalid=skip_invalid)
        message = str(failed.value)
        assert "database or disk is full" in message and "nothing was written" in message
        assert "savepoint" not in message and "\n" not in message
        assert target.count("plain") == 0


def corrupt(target: Target, tmp_path: Path) -> None:
    """A table whose pages (not the schema's) are overwritten with garbage."""
    target.execute(
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200) "
        "INSERT INTO measures SELECT printf('%0500d', i), i FROM c"
    )
    path = Path(target.url.removeprefix("file:"))
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page * 1 + 8, len(data), page):
        data[start : start + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def test_a_corrupt_database_is_not_blamed_on_the_rows(tmp_path: Path) -> None:
    target = file_target(tmp_path).create(SPEC)
    corrupt(target, tmp_path)
    records = write(tmp_path / "m.json", [{"id": f"r{i}", "amount": i} for i in range(50)])
    spec = tmp_path / "schema.yaml"
    spec.write_text(SPEC_TEXT)
    ran = cli("import", "measures", str(records), *target.args, "--spec", str(spec), "--skip-invalid")
    assert ran.exit_code == 2 and len(ran.stderr.strip().splitlines()) == 1, ran.output
    assert "malformed" in ran.stderr and "refused by the database" not in ran.output
    assert "the import stopped on a database error (nothing was written)" in ran.stderr  # at the INSERT


@pytest.mark.sqld
def test_a_read_only_token_stops_the_import_with_one_line(sqld_fresh: SqldServer, tmp_path: Path) -> None:
    target = sqld_target(sqld_fresh).create(SPEC)
    records = write(tmp_path / "p.json", [{"a": f"r{i}", "b": i} for i in range(50)])
    spec = tmp_path / "schema.yaml"
    spec.write_text(SPEC_TEXT)
    args = ["--url", target.url, "--token", sqld_fresh.tokens.ro, "--spec", str(spec), "--skip-invalid"]
    ran = cli("import", "plain", str(records), *args)
    assert ran.exit_code == 2 and len(ran.stderr.strip().splitlines()) == 1, ran.output
    assert "refused by the database" not in ran.output and sqld_fresh.tokens.ro not in ran.output
    assert target.count("plain") == 0


IGNORE_TRIGGERS = (
    "CREATE TRIGGER drop_negative BEFORE INSERT ON measures WHEN NEW.amount < 0 "
    "BEGIN SELECT RAISE(IGNORE); END",
    "CREATE TRIGGER drop_empty BEFORE INSERT ON plain WHEN NEW.a = '' BEGIN SELECT RAISE(IGNORE); END",
)


def test_rows_a_trigger_drops_are_counted_as_dropped(target: Target, tmp_path: Path) -> None:
    target.execute(*IGNORE_TRIGGERS)
    keyed = write(tmp_path / "m.json", [{"id": f"m{i}", "amount": i - 3} for i in range(10)])
    keyless = write(tmp_path / "p.json", [{"a": "" if i % 4 == 0 else f"p{i}", "b": i} for i in range(10)])
    for table, path, dropped in (("measures", keyed, 3), ("plain", keyless, 3)):
        with target.connect() as db:
            first = import_records(db, SPEC, table, path, batch_rows=4)
        assert (first.new, first.skipped, first.ignored) == (10 - dropped, 0, dropped), first.summary()
        assert f"{dropped} dropped by a trigger (RAISE(IGNORE))" in first.summary()
        with target.connect() as db:
            again = import_records(db, SPEC, table, path, batch_rows=4)
        assert (again.new, again.skipped, again.ignored) == (0, 10 - dropped, dropped), again.summary()
        assert target.count(table) == 10 - dropped


def test_ctrl_c_says_what_was_committed_and_a_rerun_finishes(target: Target, tmp_path: Path) -> None:
    records = write(tmp_path / "m.json", [{"id": f"m{i:05}", "amount": i} for i in range(5000)])

    def interrupt(step: ImportProgress) -> None:
        if step.phase == "writing" or (target.kind == "file" and step.done >= 2000):  # written while read
            raise KeyboardInterrupt

    with target.connect() as db, pytest.raises(ImportInterrupted) as stopped:
        import_records(db, SPEC, "measures", records, batch_rows=500, progress=interrupt)
    message = str(stopped.value)
    assert stopped.value.exit_code == 130 and "\n" not in message
    written = target.count("measures")
    if target.kind == "file":
        assert written == 0 and message == "measures: interrupted (nothing was written)"
    else:
        assert 500 <= written < 5000
        assert message.startswith(f"measures: interrupted (committed: {written:,} rows in {written // 500} ")
        assert "Re-running the same import finishes it" in message
    with target.connect() as db:
        again = import_records(db, SPEC, "measures", records, batch_rows=500)
    assert (again.new, again.skipped, target.count("measures")) == (5000 - written, written, 5000)


def test_numeric_text_that_would_become_infinity_is_refused_and_audit_flags_it(
    target: Target, tmp_path: Path
) -> None:
    records = write(
        tmp_path / "m.json",
        [
            {"id": "big", "amount": "1e400"},
            {"id": "neg", "amount": " -2E+999 "},
            {"id": "ok", "amount": "1e300"},
        ],
    )
    with target.connect() as db:
        report = import_records(db, SPEC, "measures", records)
    assert report.refused and report.invalid_count == 2 and target.count("measures") == 0
    assert "would be stored as an infinite number" in str(report.invalid[0])
    with target.connect() as db:
        report = import_records(db, SPEC, "measures", records, skip_invalid=True)
    assert report.new == 1 and target.sql("SELECT typeof(amount) FROM measures") == [("real",)]
    target.execute("INSERT INTO measures VALUES ('inf', 9e999), ('minf', -9e999)")  # written behind its back
    with target.connect() as db:
        audit = audit_database(db, SPEC, tables=["measures"])
    (finding,) = [f for f in audit.tables[0].findings if f.check == "non-finite"]
    assert finding.count == 2 and finding.severity == "error" and sorted(finding.examples) == ["inf", "minf"]


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_a_key_the_live_table_does_not_enforce_is_matched_whatever_the_batches(
    target: Target, tmp_path: Path, batch: int
) -> None:
    target.execute("DROP TABLE measures", "CREATE TABLE measures (id text, amount numeric)")  # drifted
    target.execute("INSERT INTO measures VALUES ('m1', 1), ('m1', 1)")
    given = [{"id": f"m{i % 5}", "amount": i} for i in range(12)]  # m0..m4, each two or three times
    records = write(tmp_path / "m.json", given)
    with target.connect() as db:
        report = import_records(db, SPEC, "measures", records, batch_rows=batch)
    assert (report.new, report.skipped) == (4, 8), report.summary()  # m0, m2, m3, m4: the first of each
    found = target.sql("SELECT id, CAST(amount AS TEXT) FROM measures WHERE id <> 'm1'")
    assert sorted(found) == [("m0", "0"), ("m2", "2"), ("m3", "3"), ("m4", "4")]
    with target.connect() as db:
        again = import_records(db, SPEC, "measures", records, batch_rows=batch)
    assert (again.new, again.skipped, target.count("measures")) == (0, 12, 6)
