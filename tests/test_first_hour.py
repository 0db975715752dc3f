"""The first hour of a new team, from an installed wheel in a temporary folder, and the README's commands.

What issue 24 asked for: install, init, a spec with the usual mistakes (each answered in one run with the
right spelling), generate, plan and push with JSON output parsed, a piped audit with no escape codes,
`init --url` remembered; and every command the README shows, run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from test_install import BIN, _clean_env, installed, wheel, wheelhouse  # noqa: F401 (fixtures)

from generator.cli.output import shape_schema
from generator.cli.parser import COMMANDS, parse

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ESCAPE = re.compile(r"\x1b\[")


def _blocks(lang: str) -> list[str]:
    """The README's fenced blocks of one language, in order."""
    return re.findall(rf"^```{lang}\n(.*?)^```$", README, re.S | re.M)


def _run(args: list[str], cwd: Path, env: dict[str, str], code: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == code, f"{' '.join(args)}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def test_the_wheel_ships_the_references_and_the_output_schemas(wheel: Path) -> None:  # noqa: F811
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "generator/reference/FORMAT.md",
        "generator/cli/formats/validate.schema.json",
        "generator/cli/formats/plan.schema.json",
        "generator/cli/formats/push.schema.json",
    } <= names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: turso-schemagen" in text
    assert "Requires-Dist: jinja2<4,>=3.1" in text and "==" not in "".join(
        line for line in text.splitlines() if line.startswith("Requires-Dist") and "extra ==" not in line
    )
    assert "Project-URL: " in text


def test_the_first_hour(installed: Path, tmp_path: Path) -> None:  # noqa: F811
    env = _clean_env(NO_COLOR="")
    tool = str(installed / "schemagen")
    app = tmp_path / "my-app"
    app.mkdir()

    # init: a starter spec whose first line points editors at the packaged JSON Schema
    _run([tool, "init"], app, env)
    spec = app / "spec" / "schema.yaml"
    first = spec.read_text().splitlines()[0]
    schema_path = _run([tool, "schema-path"], app, env).stdout.strip()
    assert first == f"# yaml-language-server: $schema={Path(schema_path).as_uri()}"
    assert Path(schema_path).is_file() and str(installed.parent) in schema_path
    assert _run([tool, "docs", "format"], app, env).stdout.startswith("# The spec format")

    # the spec with the README's eight mistakes: every one answered in one run, with the right spelling
    (mistakes,) = [b for b in _blocks("yaml") if "GROUP BY team_id" in b]
    (answer,) = [b for b in _blocks("text") if "duplicate key 'email'" in b]
    spec.write_text(mistakes)
    broken = _run([tool, "validate"], app, env, code=2)
    assert broken.stderr == answer and broken.stdout == ""
    data = json.loads(_run([tool, "validate", "--format", "json"], app, env, code=2).stdout)
    _conforms("validate", data)
    assert [p["line"] for p in data["problems"]] == [7, 11, 12, 16, 17, 17, 18, 21]

    # fixed as the answers say: valid, generated
    fixed = (
        mistakes.replace("      email: {type: text}\n", "")
        .replace("enum: [free, team]", "enum: {values: [free, team]}")
        .replace("description: Paid plans, yearly", 'description: "Paid plans, yearly"')
        .replace("references: organizations.id", "references: {table: organizations, column: id}")
        .replace("type: integr, references: {table: user}", "type: integer, references: {table: users}")
        .replace('default: "[]"', "default: {sql: \"'[]'\"}")
        .replace("team_id", "org_id")
    )
    spec.write_text(fixed)
    assert _run([tool, "validate"], app, env).stdout.startswith("spec/schema.yaml: ok (3 tables,")
    _run([tool, "generate"], app, env)
    assert (app / "generated" / "schema.sql").is_file()

    # plan and push, JSON parsed and checked against the shipped schemas
    plan = json.loads(_run([tool, "plan", "--format", "json"], app, env).stdout)
    _conforms("plan", plan)
    assert plan["outcome"] == "planned" and {s["object"] for s in plan["steps"]} >= {"users", "memberships"}
    push = json.loads(_run([tool, "push", "--format", "json"], app, env).stdout)
    _conforms("push", push)
    assert push["outcome"] == "applied" and push["target"].endswith("local.db")
    again = json.loads(_run([tool, "plan", "--format", "json"], app, env).stdout)
    assert again["outcome"] == "nothing to do" and again["steps"] == []

    # a piped audit: plain text
    conn = sqlite3.connect(app / "local.db")
    conn.execute("INSERT INTO organizations (id, tier) VALUES (1, 'free')")
    conn.commit()
    conn.close()
    audit = _run([tool, "audit"], app, env)
    assert audit.stdout.startswith("users: 0 rows, clean\norganizations: 1 row, clean\n")
    assert not ESCAPE.search(audit.stdout + audit.stderr) and "(s)" not in audit.stdout

    # init --url, remembered: the next plan reads that database, not an empty local.db
    shop = tmp_path / "shop"
    shop.mkdir()
    _run([tool, "init", "--url", str(app / "local.db")], shop, env)
    assert f'url = "{app / "local.db"}"' in (shop / "schemagen.toml").read_text()
    remembered = json.loads(_run([tool, "plan", "--format", "json"], shop, env).stdout)
    assert remembered["outcome"] == "nothing to do" and remembered["target"] == str(app / "local.db")
    assert not (shop / "local.db").exists()


def _conforms(command: str, data: dict[str, object]) -> None:
    errors = list(Draft202012Validator(shape_schema(command)).iter_errors(data))
    assert not errors, errors[0].message


def test_every_readme_shell_block_runs(wheelhouse: Path, tmp_path: Path) -> None:  # noqa: F811
    """The README's ```sh blocks, in order, as one bash script in an empty home: the install line installs
    the built wheel (pip reads the wheelhouse instead of PyPI), the rest runs the installed command. Then
    every `schemagen ...` the README names in its text runs in the project they made (INLINE_RUNS).
    `pip install turso-schemagen` and `uv tool install turso-schemagen` run in tests/test_install.py."""
    home = tmp_path / "home"
    home.mkdir()
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "pipx").symlink_to(BIN / "pipx")
    env = _clean_env(
        HOME=str(home),
        PIPX_HOME=str(tmp_path / "pipx"),
        PIPX_BIN_DIR=str(home / ".local" / "bin"),
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheelhouse),
        UV_NO_INDEX="1",  # pipx installs with uv when uv is there
        UV_FIND_LINKS=str(wheelhouse),
        UV_OFFLINE="1",
        UV_CACHE_DIR=str(tmp_path / "uv-cache"),
        NO_COLOR="1",
    )
    env["PATH"] = os.pathsep.join([str(home / ".local" / "bin"), str(tools), env["PATH"]])
    blocks = _blocks("sh")
    assert len(blocks) >= 8 and blocks[0].startswith("pipx install turso-schemagen")
    script = "set -euo pipefail\n" + "\n".join(blocks)
    done = subprocess.run(
        ["bash", "-c", script], cwd=home, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "\nschemagen 0.1.0\n" in "\n" + done.stdout
    assert (home / "my-app" / "generated" / "SCHEMA.md").is_file()
    assert json.loads((home / "my-app" / "plan.json").read_text())["outcome"] == "nothing to do"
    assert 'url = "../my-app/local.db"' in (home / "shop" / "schemagen.toml").read_text()
    # Then every command the README names in its text, in the project the blocks made (see INLINE_RUNS).
    named = sorted(set(re.findall(r"`(schemagen [^`]*)`", README)))
    assert sorted(INLINE_RUNS) == named, "a command the README names has no run in INLINE_RUNS"
    env.update(GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@example.test", TURSO_AUTH_TOKEN="not-a-real-token")
    env.update(GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@example.test")
    for command, line in INLINE_RUNS.items():
        ran = subprocess.run(
            ["bash", "-c", f"set -euo pipefail\n{line}"],
            cwd=home / "my-app",
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert ran.returncode == 0, f"{command!r} as `{line}`:\n{ran.stdout[-2000:]}\n{ran.stderr[-2000:]}"


def test_the_readme_spec_example_validates(tmp_path: Path) -> None:
    (example,) = [b for b in _blocks("yaml") if "idx_memberships_email" in b]
    (tmp_path / "schema.yaml").write_text(example)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--spec", "schema.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")


INLINE = sorted(
    {m for m in re.findall(r"`(schemagen [^`]*)`", README) if not re.search(r"[\[|<]|\.\.\.|\$\(", m)}
)


# How each command the README names in its text runs for real (test_every_readme_shell_block_runs), in the
# project its shell blocks made (my-app: the starter spec, pushed to local.db), placeholders filled in.
_MISTYPED = (
    'code=0; schemagen valdate 2> e.txt || code=$?; test "$code" = 2; grep -q "did you mean .validate" e.txt'
)
INLINE_RUNS = {
    "schemagen COMMAND --help": f"for c in {' '.join(COMMANDS)}; do schemagen $c --help > /dev/null; done",
    "schemagen validate": "schemagen validate",
    "schemagen valdate": _MISTYPED,
    "schemagen lint": "schemagen lint",
    "schemagen generate": "schemagen generate",
    "schemagen generate --check": "schemagen generate --check",
    "schemagen plan": "schemagen plan",
    "schemagen push": "schemagen push",
    "schemagen push --online": "schemagen push --online",
    "schemagen import TABLE FILE": (
        'echo \'[{"title": "from the README"}]\' > new.json; schemagen import notes new.json'
    ),
    "schemagen export TABLE": "schemagen export notes --out out.json; grep -q 'from the README' out.json",
    "schemagen audit": "schemagen audit",
    "schemagen inspect": "schemagen inspect > inspected.yaml; grep -q '^  notes:' inspected.yaml",
    "schemagen review BASE HEAD": "schemagen review spec/schema.yaml spec/schema.yaml",
    "schemagen review main": "git init -q -b main; git add spec; git commit -qm spec; schemagen review main",
    "schemagen docs format": "schemagen docs format > format.md; grep -q '^### Types' format.md",
    "schemagen schema-path": 'test -f "$(schemagen schema-path)"',
    "schemagen completion bash": "schemagen completion bash > c.bash; bash -n c.bash",
    # zsh and fish are not installed here: their scripts are checked for their first line, not sourced
    "schemagen completion zsh": "schemagen completion zsh > c.zsh; grep -qx '#compdef schemagen' c.zsh",
    "schemagen completion fish | source": "schemagen completion fish > c.fish; grep -q '^function' c.fish",
    "schemagen init": "mkdir ../fresh; cd ../fresh; schemagen init; schemagen validate",
    "schemagen init --url URL": (
        "mkdir ../again; cd ../again; schemagen init --url ../my-app/local.db; schemagen plan --check"
    ),
    # A folder with its spec: init writes the configuration, dialling nothing (the suite dials loopback only)
    "schemagen init --url\nlibsql://shop-myorg.turso.io": (
        "mkdir ../turso; cp -r spec ../turso; cd ../turso; "
        "schemagen init --url libsql://shop-myorg.turso.io; "
        "grep -q '^token_env = \"TURSO_AUTH_TOKEN\"' schemagen.toml"
    ),
}


def test_the_readme_developer_commands() -> None:
    """The README's ```text block of developer commands: `make lint` runs for real. `make test` cannot run
    inside the suite it runs (it would start this test again): `make -n test` shows the commands the target
    runs (the stale-output check, lint, then this suite on 2 workers), and CI runs `make test` itself
    (.ci/run)."""
    (block,) = [b for b in _blocks("text") if b.startswith("make ")]
    assert [line.split("#")[0].strip() for line in block.splitlines()] == ["make test", "make lint"]
    # as a developer types them: not as a sub-make of `make test` (whose flags and level would leak in)
    env = {
        k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")
    }
    lint = subprocess.run(
        ["make", "lint"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert lint.returncode == 0, lint.stdout[-3000:] + lint.stderr[-3000:]
    assert "ruff check" in lint.stdout and "mypy" in lint.stdout
    dry = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert dry.returncode == 0, dry.stderr
    steps = dry.stdout.splitlines()
    for step in ("schemagen generate --check", "ruff check", "ruff format --check", "mypy", "pytest -n 2 -q"):
        assert any(step in line for line in steps), f"make test no longer runs {step}: {dry.stdout}"
    assert steps[-1].endswith("pytest -n 2 -q")
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("make test")


@pytest.mark.parametrize("command", INLINE)
def test_every_command_the_readme_names_parses(command: str) -> None:
    """Commands named in the text (not in a block): the parser takes each as written."""
    words = command.split()[1:]
    if words in (["COMMAND", "--help"],):
        words = ["validate", "--help"]
    try:
        parse(words)
    except SystemExit as exit_:
        if words == ["valdate"]:  # the README's example of a mistyped command
            assert exit_.code == 2
            return
        assert exit_.code == 0 and "--help" in words, command


def test_the_readme_links_every_docs_page() -> None:
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert pages
    for name in pages:
        assert f"](docs/{name})" in README, f"README.md does not link docs/{name}"
    lines = README.count("\n")
    assert lines <= 1141 // 2, f"README.md has {lines} lines (the first-hour README halves the old 1,141)"


def test_readme_has_no_code_reels_and_no_engineering_notes() -> None:
    assert "Code Reels" not in README.replace("(Code Reels)", "")
    for note in ("Typer", "bench/RESULTS.md", "Hrana"):
        assert note not in README
    assert shutil.which("bash")
