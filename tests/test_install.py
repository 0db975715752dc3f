"""The tool as a new user gets it: a wheel built from the sources, installed into fresh environments with
pip, pipx and uv, run in a project folder far from this repository; and the pre-commit hooks, run for real.

One wheelhouse per test session: the wheel (built by pip with the pinned setuptools, from a copy of the
sources, so the checkout stays clean) and every dependency's wheel, fetched once from the configured
index. Every install after that is offline (`--no-index --find-links`), so each takes a few seconds.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SOURCES = ("pyproject.toml", "README.md", "generator", "templates", ".pre-commit-hooks.yaml")

SPEC = """\
version: 1
name: shop
title: Shop
tables:
  customers:
    description: People who buy.
    columns:
      id: {type: integer, primary_key: true}
      email: {type: text, not_null: true, unique: true}
      tier: {type: text, default: basic, enum: {values: [basic, gold]}}
      prefs:
        type: json
        json: {type: object, properties: {news: {type: boolean}}, additionalProperties: false}
        example: {news: true}
views:
  gold_customers:
    sql: SELECT id, email FROM customers WHERE tier = 'gold'
"""
ROWS = [
    {"id": 1, "email": "a@example.invalid", "tier": "gold", "prefs": {"news": True}},
    {"id": 2, "email": "b@example.invalid"},
]


def _run(
    args: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=timeout
    )
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a new user: no virtualenv of ours, no PYTHONPATH, offline pip."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != BIN)
    return {**env, **extra}


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built wheel and every wheel it needs (plus the pinned setuptools, for builds from source).

    Built once per test run: xdist workers share it through a folder of the run, under a lock.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    base = tmp_path_factory.getbasetemp().parent / f"dist-{run}" if run else tmp_path_factory.mktemp("dist")
    base.mkdir(exist_ok=True)
    house = base / "wheelhouse"
    with (base / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / "done").exists():
            src = base / "src"
            _copy_sources(src)
            setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
            _run([sys.executable, "-m", "pip", "wheel", "--quiet", "-w", house, src, *setuptools], cwd=base)
            (base / "done").touch()
    return house


@pytest.fixture(scope="session")
def wheel(wheelhouse: Path) -> Path:
    (found,) = wheelhouse.glob("turso_schemagen-*.whl")
    return found


@pytest.fixture(scope="session")
def installed(wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel and its dependencies; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv.parent)
    pip = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet"]
    dist = "turso-schemagen"
    _run([*pip, "--no-index", "--find-links", wheelhouse, dist], cwd=venv.parent, env=_clean_env())
    return venv / "bin"


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "spec").mkdir(parents=True)
    (project / "spec" / "schema.yaml").write_text(SPEC, encoding="utf-8")
    return project


def test_the_wheel_carries_every_module_template_and_the_spec_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py")}
    assert modules <= names, f"packages missing from pyproject.toml: {sorted(modules - names)}"
    templates = {f"generator/templates/{p.name}" for p in (ROOT / "templates").glob("*.j2")}
    assert templates and templates <= names
    assert {"generator/spec/spec.schema.json", "generator/py.typed"} <= names
    assert not any(n.startswith(("tests/", "spec/", "templates/")) for n in names)


def test_every_command_from_a_pip_installed_wheel(installed: Path, tmp_path: Path) -> None:
    project = _project(tmp_path)
    env = _clean_env()
    tool = installed / "schemagen"
    where = _run([installed / "python", "-c", "import generator; print(generator.__file__)"], project, env)
    assert where.startswith(str(installed.parent)), where  # the installed copy, not this checkout
    assert _run([tool, "--version"], project, env).startswith("schemagen 0.")
    assert "spec/schema.yaml: ok (1 table," in _run([tool, "validate"], project, env)
    _run([tool, "generate"], project, env)
    out = project / "generated"
    assert {"SCHEMA.md", "DIAGRAM.md", "QUICK_REFERENCE.md", "schema.sql"} <= {p.name for p in out.iterdir()}
    assert "gold_customers" in (out / "SCHEMA.md").read_text(encoding="utf-8")
    assert "up to date" in _run([tool, "generate", "--check"], project, env)
    db = f"file:{project / 'shop.db'}"
    assert "create table customers" in _run([tool, "plan", "--url", db], project, env)
    _run([tool, "push", "--url", db, "--yes"], project, env)
    (project / "rows.json").write_text(json.dumps(ROWS), encoding="utf-8")
    assert "2" in _run([tool, "import", "customers", "rows.json", "--url", db], project, env)
    assert "customers: 2 rows, clean" in _run([tool, "audit", "--url", db], project, env)
    after = SPEC.split("      prefs:")[0] + "views:" + SPEC.split("views:")[1]  # drops the JSON column
    (project / "after.yaml").write_text(after, encoding="utf-8")
    review = subprocess.run(
        [tool, "review", "spec/schema.yaml", "after.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert review.returncode == 1 and "## Schema review: `spec/schema.yaml` → `after.yaml`" in review.stdout
    assert "destructive" in review.stdout
    broken = subprocess.run([tool, "validate", "--spec", "missing.yaml"], cwd=project, capture_output=True,
                            text=True, env=env)  # fmt: skip
    assert broken.returncode == 2 and broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr


def test_pipx_install_of_the_wheel(wheel: Path, wheelhouse: Path, tmp_path: Path) -> None:
    home = tmp_path / "pipx"
    env = _clean_env(
        PIPX_HOME=str(home / "home"),
        PIPX_BIN_DIR=str(home / "bin"),
        PIPX_MAN_DIR=str(home / "man"),
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheelhouse),
    )
    _run([BIN / "pipx", "install", "--python", sys.executable, wheel], tmp_path, env)
    _check_tool(home / "bin" / "schemagen", _project(tmp_path), env)


def test_uv_tool_install_of_the_wheel(wheelhouse: Path, tmp_path: Path) -> None:
    home = tmp_path / "uv"
    env = _clean_env(
        UV_TOOL_DIR=str(home / "tools"),
        UV_TOOL_BIN_DIR=str(home / "bin"),
        UV_CACHE_DIR=str(home / "cache"),
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_CONFIG="1",
    )
    args = [
        "tool",
        "install",
        "--offline",
        "--no-index",
        "--find-links",
        wheelhouse,
        "--python",
        sys.executable,
    ]
    _run([BIN / "uv", *args, "turso-schemagen"], tmp_path, env)  # by name, as the README says
    _check_tool(home / "bin" / "schemagen", _project(tmp_path), env)


def _check_tool(tool: Path, project: Path, env: dict[str, str]) -> None:
    """The installed command works in a folder of its own: pages (templates), review (its template too)."""
    assert _run([tool, "--version"], project, env).startswith("schemagen 0.")
    _run([tool, "generate"], project, env)
    assert (project / "generated" / "QUICK_REFERENCE.md").exists()
    after = SPEC.replace("      prefs:\n", "      note: {type: text}\n      prefs:\n")
    (project / "after.yaml").write_text(after, encoding="utf-8")
    report = _run([tool, "review", "spec/schema.yaml", "after.yaml"], project, env)
    assert "✅ safe: 1 additive change" in report


# ---------------------------------------------------------------- pre-commit, for real


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    subprocess.run(
        ["git", "-c", "user.email=dev@example.invalid", "-c", "user.name=Dev", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env=env,
    )


def test_the_pre_commit_hooks_manifest_is_valid() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"schemagen-check", "schemagen-validate"}
    assert hooks["schemagen-check"]["entry"] == "schemagen generate --check"
    assert all(h["language"] == "python" and not h["pass_filenames"] for h in hooks.values())


def test_the_pre_commit_hooks_run_in_another_repository(
    wheelhouse: Path, installed: Path, tmp_path: Path
) -> None:
    """A project that lists the hooks in its .pre-commit-config.yaml, as the README shows."""
    hooks_repo = tmp_path / "schemagen"
    _copy_sources(hooks_repo)
    _git(hooks_repo, "init", "-q")
    _git(hooks_repo, "add", "-A")
    _git(hooks_repo, "commit", "-qm", "schemagen")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hooks_repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    project = _project(tmp_path)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo}\n    rev: {rev}\n    hooks:\n"
        "      - id: schemagen-check\n      - id: schemagen-validate\n",
        encoding="utf-8",
    )
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = _clean_env(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheelhouse)
    )

    def run_hooks() -> subprocess.CompletedProcess[str]:
        command = [str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"]
        return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=300)

    stale = run_hooks()  # nothing generated yet
    assert stale.returncode == 1, stale.stdout
    assert (
        "schemagen generate --check...Failed" in stale.stdout.replace(".", "...", 1)
        or "Failed" in stale.stdout
    )
    assert "generated/ is stale: run `schemagen generate`" in stale.stdout
    assert re.search(r"^schemagen validate\.+Passed$", stale.stdout, re.M)
    _run([installed / "schemagen", "generate"], project, _clean_env())
    _git(project, "add", "-A")
    fresh = run_hooks()
    assert fresh.returncode == 0, fresh.stdout
    (project / "spec" / "schema.yaml").write_text(SPEC.replace("not_null: true", "not_null: maybe", 1))
    broken = run_hooks()
    assert broken.returncode == 1 and "spec/schema.yaml:9:37: tables.customers" in broken.stdout, (
        broken.stdout
    )


def _copy_sources(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
