"""`schemagen export`: the round trip is the contract (every table of the spec, values and storage types),
plus split files, --where, stdout, atomic writes; on a file and on the real sqld."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.reference import REAL_EXPORTS
from helpers.sqld import SqldServer
from helpers.targets import Target, file_target, sqld_target, typed_rows

from generator.data.export import export_table, file_name
from generator.data.importer import import_records
from generator.errors import DataError
from generator.model import Column, Schema, Table
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "schema.yaml"
SPEC = load_spec(SPEC_PATH)
DATA = ROOT / "tests" / "data" / "reference"
BOTH = [pytest.param("file"), pytest.param("sqld", marks=pytest.mark.sqld)]
# The real exports, and the member holding the records.
REAL = {
    **REAL_EXPORTS,
    "question_history": [(f"history/{p.name}", "history") for p in sorted((DATA / "history").iterdir())],
}
INTEGERS = [0, 1, -1, 2**63 - 1, -(2**63), 42]
TEXTS = [
    "plain",
    "",
    "é漢字 🙂",
    "quotes ' and \" and \\ and\nnewline",
    "[1, 2]",
    "null",
    "nul\x00in",
    "'); --",
]


@pytest.fixture(params=BOTH)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    if request.param == "file":
        return file_target(tmp_path)
    server: SqldServer = request.getfixturevalue("sqld_fresh")
    return sqld_target(server)


def synthetic_value(table: Table, column: Column, i: int, parents: list[str]) -> Any:
    """A value that fits the column, cycling through edge cases (NULLs, 64-bit ends, unicode, JSON null)."""
    if not table.not_null(column) and i % 4 == 1:
        return None
    if any(column.name in fk.columns for fk in table.foreign_keys):
        return parents[i % len(parents)]
    if column.closed_enum:
        return column.closed_enum[i % len(column.closed_enum)]
    if column.json:
        example = column.example_value()
        return "null" if not table.not_null(column) and i % 4 == 3 else example  # JSON text null
    if column.type == "integer":
        if column.primary_key:
            return 1000 + i
        if column.minimum is not None or column.maximum is not None:
            low, high = column.minimum or 0, column.maximum if column.maximum is not None else 10**12
            return [low, high, (low + high) // 2][i % 3]
        return INTEGERS[i % len(INTEGERS)]
    if column.type == "real":
        return [0.1, -2.5e-300, 1e300, 3.0, -0.0][i % 5]
    if column.unique or column.primary_key:
        return f"{table.name}-{column.name}-{i}"
    return TEXTS[i % len(TEXTS)] + (f" {i}" if i >= len(TEXTS) else "")  # distinct rows: none is matched away


def synthetic(table: Table, count: int, parents: list[str]) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        columns = [c for c in table.columns if not (c.autoincrement and i % 2)]  # half without their id
        rows.append({c.name: synthetic_value(table, c, i, parents) for c in columns})
    return rows


def fill(target: Target, schema: Schema, tmp_path: Path) -> None:
    """Every table: the real exports where there are some, and synthetic rows covering the edge cases."""
    parents = [q["id"] for q in json.loads((DATA / "questions/aws.json").read_text())[:20]]
    with target.connect() as db:
        for table in schema.tables:
            for name, key in REAL.get(table.name, []):
                report = import_records(db, schema, table.name, DATA / name, key=key)
                assert not report.refused, report.summary()
            path = tmp_path / f"synthetic-{table.name}.json"
            path.write_text(json.dumps(synthetic(table, 24, parents)), encoding="utf-8")
            report = import_records(db, schema, table.name, path)
            assert not report.refused and not report.invalid_count, (
                table.name,
                [str(r) for r in report.invalid],
            )


def snapshot(target: Target, schema: Schema) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in schema.tables:
        alias = table.rowid_alias
        key = [alias.name] if alias else [c.name for c in table.primary_key] or ["rowid"]
        out[table.name] = typed_rows(target, table.name, [c.name for c in table.columns], ", ".join(key))
    return out


def reset(target: Target, schema: Schema, tmp_path: Path) -> Target:
    if target.server is not None:
        target.server.reset()
        return target.create(schema)
    fresh = tmp_path / "second"
    fresh.mkdir()
    return file_target(fresh).create(schema)


def test_round_trip_every_table_of_the_spec(target: Target, tmp_path: Path) -> None:
    """Export every table (JSON with SQL names, JSON Lines with property names), import into an empty
    database: every row is identical, values and storage types."""
    target.create(SPEC)
    fill(target, SPEC, tmp_path)
    before = snapshot(target, SPEC)
    assert all(len(rows) >= 24 for rows in before.values()) and len(before) == 12
    exported: dict[str, Path] = {}
    for number, table in enumerate(SPEC.tables):
        fmt, names = ("json", "sql") if number % 2 else ("jsonl", "property")
        out = tmp_path / "exports" / f"{table.name}.{fmt}"
        out.parent.mkdir(exist_ok=True)
        result = cli("export", table.name, "--out", str(out), "--format", fmt, "--names", names,
                     *target.args, "--spec", str(SPEC_PATH))  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"{table.name}: {len(before[table.name]):,} rows from " in result.stdout
        exported[table.name] = out
    second = reset(target, SPEC, tmp_path)
    assert all(second.count(t.name) == 0 for t in SPEC.tables)
    for table in SPEC.tables:
        result = cli("import", table.name, str(exported[table.name]), *second.args, "--spec", str(SPEC_PATH))
        assert result.exit_code == 0, result.output
    assert snapshot(second, SPEC) == before


ODD_SPEC = load_spec(
    "odd.yaml",
    text="""version: 1
tables:
  files:
    primary_key: [owner, path]
    columns:
      owner: {type: text}
      path: {type: text}
      data: {type: blob}
      ratio: {type: real}
      size: {type: integer}
      meta: {type: json, json: {}, example: {"k": 1}}
  log:
    columns:
      line: {type: text}
      at: {type: integer}
""",
)


def test_round_trip_of_blobs_reals_composite_keys_and_tables_without_a_key(
    target: Target, tmp_path: Path
) -> None:
    target.create(ODD_SPEC)
    target.execute(
        "INSERT INTO files VALUES ('ann', 'a', X'00FF10', 0.1, 9223372036854775807, '{\"k\":[1,2.5,null]}'), "
        "('ann', 'b', X'', -0.0, -9223372036854775808, 'null'), ('bob', 'a', NULL, 1e300, 0, '\"[1]\"'), "
        "('bob', 'c', X'61', 3.0, NULL, '\"text\"'), ('cy', 'd', NULL, NULL, 1, '[]')",
        "INSERT INTO log VALUES ('x', 1), ('x', 1), (NULL, NULL), ('y', 2)",
    )
    before = {
        "files": typed_rows(
            target, "files", ["owner", "path", "data", "ratio", "size", "meta"], "owner, path"
        ),
        "log": typed_rows(target, "log", ["line", "at"], "rowid"),
    }
    outs = {name: tmp_path / f"{name}.json" for name in before}
    with target.connect() as db:
        for name, out in outs.items():
            assert export_table(db, ODD_SPEC, name, out=out).rows == len(before[name])
    assert json.loads(outs["files"].read_text())[0] == {
        "owner": "ann", "path": "a", "data": "AP8Q", "ratio": 0.1, "size": 2**63 - 1,
        "meta": {"k": [1, 2.5, None]},
    }  # fmt: skip
    second = reset(target, ODD_SPEC, tmp_path)
    with second.connect() as db:
        for name, out in outs.items():
            report = import_records(db, ODD_SPEC, name, out)
            assert not report.refused and report.new == len(before[name]), report.summary()
    after = {
        "files": typed_rows(
            second, "files", ["owner", "path", "data", "ratio", "size", "meta"], "owner, path"
        ),
        "log": typed_rows(second, "log", ["line", "at"], "rowid"),
    }
    assert after == before


def questions_db(target: Target) -> Target:
    target.create(SPEC)
    with target.connect() as db:
        import_records(db, SPEC, "questions", DATA / "questions/aws.json")
        import_records(db, SPEC, "questions", DATA / "questions/algorithms.json")
    return target


def test_split_by_channel_writes_one_file_per_value_deterministically(target: Target, tmp_path: Path) -> None:
    questions_db(target)
    out = tmp_path / "by-channel"
    args = [
        "export",
        "questions",
        "--split-by",
        "channel",
        "--out",
        str(out),
        *target.args,
        "--spec",
        str(SPEC_PATH),
    ]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["algorithms.json", "aws.json"]
    aws = json.loads((out / "aws.json").read_text())
    source = json.loads((DATA / "questions/aws.json").read_text())
    assert [r["id"] for r in aws] == sorted(r["id"] for r in source)  # primary-key order
    assert {r["id"]: r["tags"] for r in aws} == {r["id"]: r["tags"] for r in source}  # JSON parsed back
    assert "questions: 658 rows from " in result.stdout and "to 2 files by channel" in result.stdout
    first = (out / "aws.json").read_bytes()
    assert cli(*args).exit_code == 0 and (out / "aws.json").read_bytes() == first
    second = reset(target, SPEC, tmp_path)
    again = cli("import", "questions", str(out), *second.args, "--spec", str(SPEC_PATH))
    assert again.exit_code == 0 and "658 read from 2 files, 0 invalid; 658 new rows" in again.stdout


def test_stdout_where_and_property_names(target: Target) -> None:
    questions_db(target)
    base = ["export", "questions", *target.args, "--spec", str(SPEC_PATH)]
    result = cli(*base, "--where", "id IN ('gh-12', 'gh-13') AND channel = 'aws'", "--names", "property")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == ["gh-12", "gh-13"] and "subChannel" in records[0]
    assert "questions: 2 rows from" in result.stderr and "to standard output" in result.stderr
    lines = cli(*base, "--where", "channel = 'aws'", "--format", "jsonl")
    assert len(lines.stdout.splitlines()) == 328


def test_where_cannot_run_other_statements_and_errors_leave_nothing(target: Target, tmp_path: Path) -> None:
    questions_db(target)
    out = tmp_path / "exports" / "out.json"
    out.parent.mkdir()
    base = ["export", "questions", "--out", str(out), *target.args, "--spec", str(SPEC_PATH)]
    refused = cli(*base, "--where", "1; DROP TABLE questions")
    assert refused.exit_code == 2 and "--where takes one SQL expression (no ';')" in refused.stderr
    broken = cli(*base, "--where", "nope = 1")
    assert (
        broken.exit_code == 2
        and "no such column: nope" in broken.stderr
        and len(broken.stderr.splitlines()) == 1
    )
    assert not list(out.parent.iterdir())  # nothing written, no temporary file left
    assert target.count("questions") == 658


def test_a_row_json_cannot_hold_fails_the_export_atomically(target: Target, tmp_path: Path) -> None:
    target.create(ODD_SPEC)
    target.execute("INSERT INTO files (owner, path, ratio) VALUES ('a', '1', 1.5), ('z', '9', 9e999)")
    out = tmp_path / "exports" / "files.json"
    out.parent.mkdir()
    out.write_text("previous export\n")
    result = cli("export", "files", "--out", str(out), *target.args, "--spec", "/dev/null")
    assert result.exit_code == 2  # the spec path is wrong: nothing is read
    with (
        target.connect() as db,
        pytest.raises(DataError, match="row owner=z, path=9: ratio holds an infinite number, which JSON"),
    ):
        export_table(db, ODD_SPEC, "files", out=out)
    assert out.read_text() == "previous export\n" and [p.name for p in out.parent.iterdir()] == ["files.json"]


def test_split_file_names() -> None:
    assert [file_name(v) for v in ["aws", "sys design", "a/b", ".hidden", "", None, 7, "é"]] == [
        "aws", "sys%20design", "a%2Fb", "%2Ehidden", "%", "null", "7", "%C3%A9",
    ]  # fmt: skip


def test_rows_of_a_legacy_table_with_null_keys_are_not_lost(target: Target, tmp_path: Path) -> None:
    target.execute(
        "CREATE TABLE files (owner text, path text, data blob, ratio real, size integer, meta text)",
        "INSERT INTO files (owner, path, size) VALUES "
        "('b', 'x', 1), (NULL, 'y', 2), ('a', NULL, 3), ('a', 'z', 4)",
    )
    with target.connect() as db:
        report = export_table(db, ODD_SPEC, "files", out=tmp_path / "files.json", page_size=1)
    assert report.rows == 4
    rows = json.loads((tmp_path / "files.json").read_text())
    assert [r["size"] for r in rows] == [1, 2, 3, 4]  # the live table does not enforce the key: rowid order
    target.execute("CREATE UNIQUE INDEX files_key ON files (owner, path)")
    with target.connect() as db:
        report = export_table(db, ODD_SPEC, "files", out=tmp_path / "files.json", page_size=1)
    rows = json.loads((tmp_path / "files.json").read_text())
    assert [r["size"] for r in rows] == [2, 3, 4, 1]  # NULL keys first (by rowid), then in key order
