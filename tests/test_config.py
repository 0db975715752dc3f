"""Project configuration: found like ruff finds its own, read by every command and by validate_row; flags win.

Each test builds a small project in a temporary folder and runs the real CLI there.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import cli

from generator.config import Config, PageNames, find_config, load_config
from generator.errors import ConfigError

SPEC = """\
version: 1
name: shop
tables:
  items:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text, not_null: true}
      kind: {type: text, enum: {values: [a, b]}}
"""


def _project(
    root: Path, config: str | None, *, name: str = "schemagen.toml", spec: str = "db/shop.yaml"
) -> Path:
    (root / spec).parent.mkdir(parents=True, exist_ok=True)
    (root / spec).write_text(SPEC, encoding="utf-8")
    if config is not None:
        (root / name).write_text(config, encoding="utf-8")
    return root


# ---------------------------------------------------------------- finding the file


def test_the_nearest_file_wins_and_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nspec = "outer.yaml"\n', encoding="utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(inner) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "schemagen.toml").write_text('spec = "inner.yaml"\n', encoding="utf-8")
    assert find_config(inner) == tmp_path / "a" / "schemagen.toml"
    # In one folder, schemagen.toml wins over pyproject.toml's table.
    (inner / "pyproject.toml").write_text('[tool.schemagen]\nspec = "p.yaml"\n', encoding="utf-8")
    (inner / "schemagen.toml").write_text('spec = "s.yaml"\n', encoding="utf-8")
    assert find_config(inner) == inner / "schemagen.toml"


def test_paths_are_relative_to_the_files_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, 'spec = "db/shop.yaml"\nout = "docs"\n')
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "sub" / "deeper")
    config = load_config()
    assert config.spec == Path("../../db/shop.yaml") and config.out == Path("../../docs")
    assert config.label(config.spec) == "db/shop.yaml"
    assert config.generate_command(config.spec, config.out) == "schemagen generate"
    assert (
        config.generate_command(Path("other.yaml"), config.out)
        == "schemagen generate --spec sub/deeper/other.yaml"
    )


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config == Config(root=Path(), spec=Path("spec/schema.yaml"), out=Path("generated"))
    assert config.pages == PageNames("SCHEMA.md", "DIAGRAM.md", "QUICK_REFERENCE.md")


def test_the_repositorys_own_settings_keep_the_code_reels_names() -> None:
    root = Path(__file__).resolve().parent.parent
    config = load_config(start=root)
    assert config.file is not None and config.file.name == "pyproject.toml"
    assert config.pages.reference == "TURSO_DATABASE_SCHEMA.md" and config.regenerate == "make generate"


# ---------------------------------------------------------------- every command reads it, flags win


def test_every_command_reads_the_config_from_a_subfolder(tmp_path: Path) -> None:
    project = _project(tmp_path, 'spec = "db/shop.yaml"\nout = "docs/db"\n')
    sub = project / "src"
    sub.mkdir()
    ran = cli("validate", cwd=sub)
    assert ran.exit_code == 0 and ran.stdout.startswith("../db/shop.yaml: ok (1 table,"), ran.output
    assert cli("generate", cwd=sub).exit_code == 0
    assert (project / "docs/db/schema.sql").exists() and (project / "docs/db/SCHEMA.md").exists()
    assert cli("generate", "--check", cwd=sub).exit_code == 0
    # plan and push use the project's folder for local.db (and .env), wherever they run.
    planned = cli("plan", cwd=sub)
    assert planned.exit_code == 0 and "create table items" in planned.stdout, planned.output
    assert cli("push", "--yes", cwd=sub).exit_code == 0
    assert (project / "local.db").exists() and not (sub / "local.db").exists()
    rows = project / "rows.json"
    rows.write_text(json.dumps([{"id": 1, "name": "x", "kind": "a"}]), encoding="utf-8")
    assert cli("import", "items", "../rows.json", cwd=sub).exit_code == 0
    with sqlite3.connect(project / "local.db") as conn:
        assert conn.execute("SELECT name FROM items").fetchall() == [("x",)]
    audited = cli("audit", cwd=sub)
    assert audited.exit_code == 0 and "items: 1 row, clean" in audited.stdout
    # review reads the configured spec path in the working tree.
    (project / "base.yaml").write_text(SPEC, encoding="utf-8")
    reviewed = cli("review", "../base.yaml", cwd=sub)
    assert reviewed.exit_code == 0 and "`../base.yaml` → `working tree`" in reviewed.stdout


def test_flags_override_the_config(tmp_path: Path) -> None:
    project = _project(tmp_path, 'spec = "missing.yaml"\nout = "docs"\noutputs = ["ddl"]\n')
    assert cli("validate", cwd=project).exit_code == 2  # the configured spec does not exist
    assert cli("validate", "--spec", "db/shop.yaml", cwd=project).exit_code == 0
    done = cli(
        "generate", "--spec", "db/shop.yaml", "--out", "elsewhere", "--output", "validators", cwd=project
    )
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (project / "elsewhere").rglob("*") if p.is_file()) == ["items.schema.json"]
    assert cli("generate", "--spec", "db/shop.yaml", cwd=project).exit_code == 0
    assert sorted(p.name for p in (project / "docs").iterdir()) == ["schema.sql"]  # outputs = ["ddl"]


def test_an_explicit_config_file(tmp_path: Path) -> None:
    project = _project(tmp_path, None)
    (project / "ci.toml").write_text('spec = "db/shop.yaml"\nout = "site"\n', encoding="utf-8")
    done = cli("--config", "ci.toml", "generate", cwd=project)
    assert done.exit_code == 0, done.output
    page = (project / "site" / "SCHEMA.md").read_text(encoding="utf-8")
    assert "run `schemagen generate --config ci.toml`" in page
    missing = cli("--config", "nope.toml", "validate", cwd=project)
    assert (missing.exit_code, missing.stderr) == (2, "nope.toml: no such configuration file\n")


def test_page_names_and_the_regenerate_command(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        'spec = "db/shop.yaml"\nregenerate = "just docs"\n[pages]\nreference = "DB.md"\ndiagram = "ERD.md"\n',
    )
    assert cli("generate", cwd=project).exit_code == 0
    names = sorted(p.name for p in (project / "generated").glob("*.md"))
    assert names == ["DB.md", "ERD.md", "QUICK_REFERENCE.md"]
    page = (project / "generated" / "QUICK_REFERENCE.md").read_text(encoding="utf-8")
    assert "[DB.md](DB.md)" in page and "[ERD.md](ERD.md)" in page and "run `just docs`" in page
    stale_hint = cli("generate", "--check", "--out", "other", cwd=project)
    assert stale_hint.exit_code == 1 and "run `just docs` and commit" in stale_hint.stderr


def test_validate_row_takes_the_schema_it_is_given(tmp_path: Path) -> None:
    """The library reads no configuration from the working directory: the caller loads the spec."""
    project = _project(tmp_path, 'spec = "db/shop.yaml"\n', name="pyproject.toml")
    (project / "pyproject.toml").write_text('[tool.schemagen]\nspec = "db/shop.yaml"\n', encoding="utf-8")
    sub = project / "app"
    sub.mkdir()
    code = (
        "from generator.api import load_spec, validate_row\n"
        "schema = load_spec('../db/shop.yaml')\n"
        "print([str(p) for p in validate_row('items', {'id': 1, 'name': 'x', 'kind': 'z'}, schema)])\n"
        "try:\n"
        "    validate_row('items', {})\n"
        "except TypeError:\n"
        "    print('schema required')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=sub, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "kind" in done.stdout and "is not one of" in done.stdout and "schema required" in done.stdout


# ---------------------------------------------------------------- a bad file: one line, the key, exit 2


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("schemagen.toml", 'spc = "x.yaml"\n', "schemagen.toml: spc: unknown key; did you mean 'spec'?"),
        (
            "pyproject.toml",
            "[tool.schemagen]\nout = 3\n",
            "pyproject.toml: tool.schemagen.out: must be a non-empty path string",
        ),
        ("schemagen.toml", 'spec = "a.yaml"\nout = [\n', "schemagen.toml: invalid TOML: Invalid value"),
        ("schemagen.toml", "spec = 'a.yaml'\n[pages\n", "schemagen.toml:2:7: invalid TOML:"),
        (
            "schemagen.toml",
            '[pages]\nreference = "docs/SCHEMA.md"\n',
            "schemagen.toml: pages.reference: must be a file name ending in .md (no folders)",
        ),
        (
            "schemagen.toml",
            '[pages]\nreferense = "A.md"\n',
            "schemagen.toml: pages.referense: unknown page; did you mean 'reference'?",
        ),
        (
            "schemagen.toml",
            '[pages]\nreference = "A.md"\ndiagram = "A.md"\n',
            "schemagen.toml: pages: two pages have the same file name",
        ),
        (
            "schemagen.toml",
            "outputs = []\n",
            "schemagen.toml: outputs: must be a non-empty list of output names",
        ),
        (
            "schemagen.toml",
            'regenerate = ""\n',
            "schemagen.toml: regenerate: must be a non-empty command string",
        ),
        (
            "schemagen.toml",
            'outputs = ["pages", "docs"]\n',
            "schemagen.toml: outputs: unknown output docs (known: ddl, pages, validators",
        ),
        (
            "pyproject.toml",
            '[tool.schemagen]\noutputs = ["ddl", "html"]\n',
            "pyproject.toml: tool.schemagen.outputs: unknown output html (known: ddl, pages, validators",
        ),
    ],
)
def test_a_bad_config_is_one_line_naming_the_file_and_key(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    project = _project(tmp_path, text, name=name)
    # In-process: a traceback would escape the runner (catch_exceptions=False) and fail the test.
    for command in (["generate"], ["validate"]) if "outputs" not in text else (["generate"],):
        ran = cli(*command, cwd=project)
        assert ran.exit_code == 2, (command, ran.output)
        assert ran.stderr.startswith(expected) and ran.stderr.count("\n") == 1, ran.stderr
        assert "Traceback" not in ran.output
    assert not (project / "generated").exists()  # nothing half-written


def test_a_bad_config_as_a_real_process(tmp_path: Path) -> None:
    project = _project(tmp_path, '[tool.schemagen]\nspec = ""\n', name="pyproject.toml")
    ran = cli("plan", cwd=project, process=True)
    assert ran.exit_code == 2 and "Traceback" not in ran.output
    assert ran.stderr == "pyproject.toml: tool.schemagen.spec: must be a non-empty path string\n"


def test_an_unknown_output_flag(tmp_path: Path) -> None:
    project = _project(tmp_path, 'spec = "db/shop.yaml"\n')
    ran = cli("generate", "--output", "html", cwd=project)
    assert ran.exit_code == 2 and ran.stderr.startswith("--output: unknown output html (known: ddl, pages")


def test_load_config_raises_config_errors(tmp_path: Path) -> None:
    (tmp_path / "schemagen.toml").write_bytes(b'spec = "\xff"\n')
    with pytest.raises(ConfigError, match="not valid UTF-8"):
        load_config(start=tmp_path)


def test_version() -> None:
    ran = cli("--version", process=True)
    assert ran.exit_code == 0 and ran.stdout.startswith("schemagen 0.")
