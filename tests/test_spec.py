"""The spec loader: every bad spec gives one line per problem naming file:line:col and the spec path."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.golden import assert_golden

from generator.errors import SpecError
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
INVALID = sorted((ROOT / "tests/data/invalid").glob("*.yaml"))
WARNINGS = sorted((ROOT / "tests/data/warnings").glob("*.yaml"))


def test_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 20


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_spec_is_reported_with_its_place(case: Path, tmp_path: Path) -> None:
    rel = case.relative_to(ROOT).as_posix()
    out = tmp_path / "out"
    result = cli("generate", "--spec", rel, "--out", str(out), process=True)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not out.exists(), "nothing may be written for a bad spec"
    for line in result.stderr.splitlines():
        assert line.startswith(f"{rel}:"), line
        if not line.startswith(f"{rel}: note: "):  # a stage that could not run says so
            assert line.split(":")[1].isdigit() and line.split(":")[2].isdigit(), line
    assert_golden(case.with_suffix(".expected"), result.stderr)


@pytest.mark.parametrize("case", WARNINGS, ids=lambda p: p.stem)
def test_legal_but_odd_specs_validate_with_warnings(case: Path) -> None:
    """SQLite accepts these (a foreign key to a table it lacks, a camelCase name): warnings, exit 0."""
    rel = case.relative_to(ROOT).as_posix()
    result = cli("validate", "--spec", rel, process=True)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stdout.startswith(f"{rel}: ok")
    warning = re.compile(r": warning(\[[\w-]+\])?: ")  # the spec's checks, or a lint rule's
    assert all(warning.search(line) for line in result.stderr.splitlines()), result.stderr
    assert_golden(case.with_suffix(".expected"), result.stderr)


def test_missing_file() -> None:
    result = cli("validate", "--spec", "spec/nope.yaml", process=True)
    assert result.exit_code == 2
    assert result.stderr == "spec/nope.yaml: no such file\n"


def test_problems_are_collected_not_just_the_first() -> None:
    with pytest.raises(SpecError) as info:
        load_spec(ROOT / "tests/data/invalid/bad_defaults.yaml", display="x.yaml")
    assert len(info.value.problems) == 4


def test_dates_stay_strings_and_order_is_kept() -> None:
    text = (
        "version: 1\ntables:\n  t:\n    columns:\n"
        "      b: {type: text, default: 2026-01-27}\n      a: {type: integer}\n"
    )
    schema = load_spec("inline.yaml", text=text)
    table = schema.table("t")
    assert [c.name for c in table.columns] == ["b", "a"]
    assert table.column("b").default == "2026-01-27"


def test_real_spec_validates() -> None:
    result = cli("validate", process=True)
    assert result.exit_code == 0, result.stderr
    assert "12 tables, 150 columns, 33 indexes" in result.stdout


def test_shipped_json_schema_validates_the_spec_in_an_editor_tool() -> None:
    """Editors and other tools can use generator/spec.schema.json on their own (check-jsonschema here)."""

    def check(spec: str) -> subprocess.CompletedProcess[str]:
        tool = str(Path(sys.executable).parent / "check-jsonschema")
        command = [tool, "--schemafile", "generator/spec/spec.schema.json", spec]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    ok = check("spec/schema.yaml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = check("tests/data/invalid/unknown_key.yaml")
    assert bad.returncode == 1 and "nullable" in bad.stdout + bad.stderr


def test_problems_are_listed_in_file_order() -> None:
    result = cli("validate", "--spec", "tests/data/invalid/composite_key_problems.yaml")
    places = [tuple(int(n) for n in line.split(":")[1:3]) for line in result.stderr.splitlines()]
    assert len(places) >= 4 and places == sorted(places)


def test_an_unknown_table_name_gets_a_did_you_mean() -> None:
    result = cli("validate", "--spec", "tests/data/invalid/trigger_problems.yaml")
    assert result.exit_code == 2 and "unknown table 'tt'; did you mean 't'?" in result.stderr


def test_a_module_this_sqlite_lacks_still_generates(tmp_path: Path) -> None:
    """Views, a trigger and a query on a vec0 table: the docs list them with the columns the spec gives."""
    spec = ROOT / "tests/data/warnings/missing_module.yaml"
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "schema.yaml").write_text(spec.read_text())
    result = cli("generate", cwd=tmp_path, process=True)  # a project with no configuration
    assert result.exit_code == 0, result.stderr
    reference = (tmp_path / "generated" / "SCHEMA.md").read_text()
    for name in ("item_vectors", "vector_rows", "vector_count", "items_drop_vector", "item_names"):
        assert name in reference, name
    module = (tmp_path / "generated" / "drizzle" / "schema.ts").read_text()
    assert "virtual table item_vectors: USING vec0" in module
    assert 'sqliteView("item_names"' in module
