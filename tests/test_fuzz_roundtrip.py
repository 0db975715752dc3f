"""Seeded, bounded fuzz of import -> export -> import (issue 20, "Done means").

Random tables (a text key, a composite key, an autoincrement id records may leave out, no key at all),
random values (64-bit ends, tiny and huge reals, -0.0, numeric text, text of every kind, blobs, JSON, NULL),
random batch and page sizes, into a file and into the real sqld: every row comes back exactly (value and
storage type), and the counts add up (read = invalid + new + already present + dropped) on every import.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers.sqld import SqldServer
from helpers.targets import Target, file_target, sqld_target

from generator.data.export import export_table
from generator.data.importer import import_records
from generator.data.importreport import ImportReport
from generator.db import Database, connect
from generator.model import Schema
from generator.spec import load_spec
from generator.sqlite.ddl import quote_identifier, schema_statements

SEED = 20
ROUNDS = 8  # per target; the whole test stays well under a minute
BOTH = [pytest.param("file"), pytest.param("sqld", marks=pytest.mark.sqld)]
TYPES = ("text", "integer", "real", "numeric", "blob", "json", "any")
INTEGERS = [0, 1, -1, 2**63 - 1, -(2**63), 2**31, -(2**53) - 1]
REALS = [0.1, -0.0, 1e300, -1e-300, 5e-324, 1.7976931348623157e308, 3.0, 2.5e-7]
TEXTS = [
    "", "plain", "é漢字 🙂", "quotes ' \" \\ `", "line\nbreak\r\n", "nul\x00in", "null", "[1, 2]", "1e400",
    "12", "  7  ", "\u2028\u2029", "'); DROP TABLE x; --", "🙂" * 50, "x" * 3000,
]  # fmt: skip
NUMERIC_TEXT = ["12", "-3", "1.5", "1e5", " 42 ", "abc", "0x10", "1e400", "9223372036854775808"]


def spec_text(rng: random.Random, name: str) -> tuple[str, str, list[tuple[str, str, bool]]]:
    """A one-table spec: its text, its key kind, and its columns (name, type, nullable)."""
    key = rng.choice(["text", "composite", "auto", "none"])
    columns = [(f"c{i}", rng.choice(TYPES), rng.random() < 0.7) for i in range(rng.randint(1, 5))]
    lines = ["version: 1", "tables:", f"  {name}:"]
    if key == "composite":
        lines.append("    primary_key: [k1, k2]")
    lines.append("    columns:")
    if key == "text":
        lines.append("      k: {type: text, primary_key: true}")
    elif key == "composite":
        lines += ["      k1: {type: text, not_null: true}", "      k2: {type: integer, not_null: true}"]
    elif key == "auto":
        lines.append("      id: {type: integer, primary_key: true, autoincrement: true}")
    for column, kind, nullable in columns:
        declared = "{sql: ''}" if kind == "any" else kind
        extra = ", json: {}, example: {a: 1}" if kind == "json" else ""
        lines.append(f"      {column}: {{type: {declared}{extra}, not_null: {str(not nullable).lower()}}}")
    return "\n".join(lines) + "\n", key, columns


def value(rng: random.Random, kind: str, nullable: bool) -> Any:
    if nullable and rng.random() < 0.15:
        return None
    if kind == "text":
        return rng.choice(TEXTS)
    if kind == "integer":
        return rng.choice([*INTEGERS, rng.randint(-(2**63), 2**63 - 1)])
    if kind == "real":
        return rng.choice([*REALS, rng.uniform(-1e6, 1e6), rng.randint(-5, 5)])
    if kind == "numeric":
        return rng.choice([*INTEGERS, *REALS, *NUMERIC_TEXT])
    if kind == "blob":
        return rng.choice(["", "AP8Q", "YWJj", "////"])  # base64, as import reads blobs
    if kind == "json":
        return rng.choice([{"a": [1, 2.5, None]}, [], "text", 0, {"k": "é\n"}, [[{"x": True}]], 1e300])
    return rng.choice([*INTEGERS[:3], *REALS[:3], *TEXTS[:5]])


def records(rng: random.Random, key: str, columns: list[tuple[str, str, bool]]) -> list[dict[str, Any]]:
    count = rng.randint(0, 120)
    out: list[dict[str, Any]] = []
    for i in range(count):
        record = {name: value(rng, kind, nullable) for name, kind, nullable in columns}
        if key == "text":
            record["k"] = f"key-{i}-{rng.choice(TEXTS[:4])}"
        elif key == "composite":
            record["k1"], record["k2"] = rng.choice(["a", "B", "é"]), i
        elif key == "auto" and rng.random() < 0.5:
            record["id"] = 10_000 + i
        out.append(record)
    if key in ("none", "auto") and out:  # identical keyless records
        keyless = [r for r in out if "id" not in r]
        out += [dict(rng.choice(keyless)) for _ in range(rng.randint(0, 10))] if keyless else []
    rng.shuffle(out)
    return out


def rows(db: Database, table: str, names: list[str]) -> Counter[tuple[Any, ...]]:
    """Every row as (typeof, value) pairs, as a multiset (repr tells -0.0 from 0.0 and 1 from 1.0)."""
    parts = []
    for name in names:
        q = quote_identifier(name)
        parts += [f"typeof({q})", q]
    found = db.query(f"SELECT {', '.join(parts)} FROM {quote_identifier(table)}")
    return Counter(tuple(repr(v) for v in row) for row in found)


def adds_up(report: ImportReport) -> None:
    assert not report.refused, report.summary()
    assert report.read == report.invalid_count + report.new + report.skipped + report.ignored, (
        report.summary()
    )
    assert report.replaced == 0


def one_round(rng: random.Random, target: Target, tmp_path: Path, number: int) -> None:
    name = f"fuzz_{number}"
    text, key, columns = spec_text(rng, name)
    schema: Schema = load_spec(f"{name}.yaml", text=text)
    given = records(rng, key, columns)
    source = tmp_path / f"{name}.json"
    source.write_text(json.dumps(given, ensure_ascii=rng.random() < 0.5))
    names = [c.name for c in schema.table(name).columns]
    with connect(target.url, target.token, create=True) as db:
        db.apply(schema_statements(schema))
        first = import_records(db, schema, name, source, skip_invalid=True, batch_rows=rng.randint(1, 50))
        adds_up(first)
        assert first.skipped == 0 and first.new == first.read - first.invalid_count, (text, first.details())
        assert int(str(db.query(f'SELECT count(*) FROM "{name}"')[0][0])) == first.new
        again = import_records(db, schema, name, source, skip_invalid=True, batch_rows=rng.randint(1, 50))
        adds_up(again)
        assert again.new == 0 and again.skipped == first.new, again.summary()
        before = rows(db, name, names)
        out = tmp_path / f"{name}.out.{rng.choice(['json', 'jsonl'])}"
        exported = export_table(db, schema, name, out=out, fmt=out.suffix[1:], page_size=rng.randint(1, 40))
        assert exported.rows == first.new
    copy = file_target(tmp_path / name)
    (tmp_path / name).mkdir()
    with connect(copy.url, None, create=True) as db:
        db.apply(schema_statements(schema))
        back = import_records(db, schema, name, out, batch_rows=rng.randint(1, 50))
        adds_up(back)
        assert (back.invalid_count, back.new, back.skipped) == (0, first.new, 0), back.summary()
        after = rows(db, name, names)
        assert after == before, (text, sorted(before - after)[:3], sorted(after - before)[:3])
    with target.connect() as db:  # the export, into the table it came from: everything already there
        home = import_records(db, schema, name, out, batch_rows=rng.randint(1, 50))
        adds_up(home)
        assert (home.new, home.skipped) == (0, first.new) and rows(db, name, names) == before


@pytest.mark.parametrize("kind", BOTH)
def test_import_export_import_finds_every_row(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "file":
        target = file_target(tmp_path)
    else:
        server: SqldServer = request.getfixturevalue("sqld_fresh")
        target = sqld_target(server)
    rng = random.Random(f"{SEED}-{kind}")
    started = time.perf_counter()
    for number in range(ROUNDS):
        one_round(rng, target, tmp_path, number)
    assert time.perf_counter() - started < 60
