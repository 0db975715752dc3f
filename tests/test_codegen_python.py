"""The generated Python row types: mypy --strict accepts them with typed sample rows and a usage sample,
`validate_row` accepts every sample built to the types, and the module imports and says what it should."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers.samples import sample_rows, typed_for_python

from generator.data.rowschema import row_schema
from generator.data.validate import validate_row
from generator.emit.codegen.names import pascal
from generator.model import Schema, Table
from generator.model.shape import shape_of
from generator.model.types import value_kind
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "code_reels": (ROOT / "spec/schema.yaml", ROOT / "generated/python/rows.py"),
    "every_construct": (
        ROOT / "tests/data/golden/every_construct/spec.yaml",
        ROOT / "tests/data/golden/every_construct/expected/python/rows.py",
    ),
    "mini": (
        ROOT / "tests/data/golden/mini/spec.yaml",
        ROOT / "tests/data/golden/mini/expected/python/rows.py",
    ),
    "odd_names": (
        ROOT / "tests/data/golden/odd_names/spec.yaml",
        ROOT / "tests/data/golden/odd_names/expected/python/rows.py",
    ),
}
USAGE = ROOT / "tests/data/codegen/code_reels_usage.py"
_GENERATED_VALUES = {"text": "x", "integer": 1, "real": 2.5, "numeric": 3, "blob": b"\x00", "any": "x"}


def typed_samples(table: Table, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(an Insert sample, a Row sample) of one table, holding only what the Python types can say."""
    insert = {
        name: typed_for_python(value, shape_of(table.column(name).shape()))
        if table.column(name).json
        else value
        for name, value in row.items()
    }
    full = {c.name: insert.get(c.name, _GENERATED_VALUES[value_kind(c.type)]) for c in table.columns}
    return insert, full


def samples_module(case: str, schema: Schema) -> str:
    """A module of typed literals: one Insert and one Row per table."""
    lines = ["from __future__ import annotations", "", f"import {case}_rows as rows", ""]
    for table, row in sample_rows(schema):
        insert, full = typed_samples(table, row)
        base = pascal(table.name)
        var = re.sub(r"\W", "_", table.name.lower())
        lines.append(f"{var}_insert: rows.{base}Insert = {insert!r}")
        lines.append(f"{var}_row: rows.{base}Row = {full!r}")
    return "\n".join(lines) + "\n"


def load_module(name: str, path: Path) -> ModuleType:
    """Import a golden module without writing bytecode beside it (a __pycache__ in a golden folder would
    be read as output by the golden comparison)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    was, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = was
    return module


def test_mypy_strict_accepts_the_row_types_the_samples_and_the_usage_sample(tmp_path: Path) -> None:
    for case, (spec_path, rows) in CASES.items():
        shutil.copy(rows, tmp_path / f"{case}_rows.py")
        (tmp_path / f"{case}_samples.py").write_text(samples_module(case, load_spec(spec_path)))
    shutil.copy(USAGE, tmp_path / "code_reels_usage.py")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".mypy_cache"), "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Success: no issues found in {2 * len(CASES) + 1} source files" in done.stdout


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_row_accepts_every_sample_built_to_the_types(case: str) -> None:
    schema = load_spec(CASES[case][0])
    for table, row in sample_rows(schema):
        insert, full = typed_samples(table, row)
        assert validate_row(table.name, insert, schema) == [], table.name
        readable = {k: v for k, v in full.items() if not table.column(k).is_generated}
        assert validate_row(table.name, readable, schema) == [], table.name


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_module_imports_with_a_row_and_an_insert_type_per_table(case: str) -> None:
    spec_path, rows = CASES[case]
    schema = load_spec(spec_path)
    module = load_module(f"{case}_rows", rows)
    for table in schema.tables:
        row = getattr(module, pascal(table.name) + "Row")
        insert = getattr(module, pascal(table.name) + "Insert")
        assert list(row.__annotations__) == [c.name for c in table.columns]
        assert row.__required_keys__ == frozenset(c.name for c in table.columns)
        assert list(insert.__annotations__) == [c.name for c in table.writable_columns]
        assert insert.__required_keys__ == frozenset(row_schema(table)["required"])
    assert module.TableName.__args__ == tuple(t.name for t in schema.tables)
