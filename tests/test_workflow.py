"""The schema PR workflow is valid, its shell parses, and its review and gate steps really work.

actionlint is not installable here (its package downloads a binary at install time), so the workflow is
checked against SchemaStore's GitHub-workflow schema (check-jsonschema's builtin), every `run:` script is
parsed with `bash -n`, the github-script code with `node --check`, and the two steps that decide the outcome
are run for real on a temporary git repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "schema.yml"
VENV_BIN = Path(sys.executable).parent

SPEC_BASE = """\
version: 1
name: mini
tables:
  users:
    columns:
      id: {type: integer, primary_key: true}
      email: {type: text, not_null: true}
      nickname: {type: text}
"""
SPEC_SAFE = SPEC_BASE + "      bio: {type: text}\n"
SPEC_DESTRUCTIVE = SPEC_BASE.replace("      nickname: {type: text}\n", "")


def _workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _workflow()["jobs"]["review"]["steps"]
    return steps


def _step(step_id: str) -> dict[str, Any]:
    return next(s for s in _steps() if s.get("id") == step_id)


def test_workflow_matches_the_github_workflow_schema() -> None:
    result = subprocess.run(
        [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:"), encoding="utf-8")
    result = subprocess.run(
        [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0


def test_every_run_script_parses_with_bash() -> None:
    scripts = [s["run"] for s in _steps() if "run" in s]
    assert len(scripts) == 3
    for script in scripts:
        result = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{result.stderr}\n{script}"
        # Expressions are handed in through env, never pasted into shell text (script injection).
        assert "${{" not in script
    broken = subprocess.run(
        ["bash", "-n"], input="if true; then\n", capture_output=True, text=True, check=False
    )
    assert broken.returncode != 0


def test_github_script_parses_with_node(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node is not None, "node is needed (it also runs the Mermaid harness)"
    script = next(s for s in _steps() if s.get("uses", "").startswith("actions/github-script@"))["with"][
        "script"
    ]
    wrapped = tmp_path / "script.js"
    # github-script runs the text as the body of an async function.
    wrapped.write_text(f"(async function (github, context, core) {{\n{script}\n}});\n", encoding="utf-8")
    result = subprocess.run([node, "--check", str(wrapped)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "updateComment" in script and "createComment" in script and "process.env.MARKER" in script


def test_workflow_shape() -> None:
    data = _workflow()
    trigger = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert set(trigger) == {"pull_request"}
    assert set(trigger["pull_request"]["paths"]) == {
        "spec/**",
        "generator/**",
        "templates/**",
        "generated/**",
    }
    assert {"labeled", "unlabeled", "synchronize"} <= set(trigger["pull_request"]["types"])
    assert data["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert data["env"]["MARKER"] == "<!-- schemagen-review -->"
    assert data["env"]["ACK_LABEL"] == "schema-change-acknowledged"
    assert "if" not in data["jobs"]["review"]  # a skipped run would pass the check in place of a failed one
    steps = _steps()
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert (
        steps[1]["uses"].startswith("actions/setup-python@") and steps[1]["with"]["python-version"] == "3.11"
    )
    assert _step("check")["run"].strip() == "make check"
    review = _step("review")
    assert review["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert '.venv/bin/schemagen review "origin/${BASE_REF}" HEAD' in review["run"]
    assert '>> "$GITHUB_STEP_SUMMARY"' in review["run"]


# ---------------------------------------------------------------- the review and gate steps, run for real


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def _repo(tmp_path: Path, head_spec: str) -> Path:
    """A repo whose `origin/main` has SPEC_BASE and whose HEAD has `head_spec`, with the project's venv."""
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "ci@example.invalid")
    _git(repo, "config", "user.name", "CI")
    (repo / "spec" / "schema.yaml").write_text(SPEC_BASE, encoding="utf-8")
    _git(repo, "add", "spec")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "spec" / "schema.yaml").write_text(head_spec, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "head")
    (repo / ".venv").symlink_to(VENV_BIN.parent)
    return repo


def _run_step(step: dict[str, Any], cwd: Path, tmp_path: Path, **env: str) -> tuple[int, dict[str, str], str]:
    """Run one step's script as the runner does (bash -e), returning (exit code, outputs, summary)."""
    outputs, summary = tmp_path / "output.txt", tmp_path / "summary.md"
    outputs.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    workflow_env = _workflow()["env"]
    full_env = {
        **os.environ,
        **workflow_env,
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
        **env,
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    pairs = dict(
        line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines() if "=" in line
    )
    return result.returncode, pairs, summary.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("head_spec", "code", "expected"),
    [
        (SPEC_SAFE, "0", "✅ safe: 1 additive change"),
        (SPEC_DESTRUCTIVE, "1", "⚠️ 1 destructive change: review before merging"),
        (
            SPEC_BASE.replace("      email:", "      email:\n        bogus: 1\n       "),
            "2",
            "HEAD:spec/schema.yaml:",
        ),
    ],
)
def test_review_step_writes_the_comment_and_summary(
    tmp_path: Path, head_spec: str, code: str, expected: str
) -> None:
    repo = _repo(tmp_path, head_spec)
    rc, outputs, summary = _run_step(_step("review"), repo, tmp_path, BASE_REF="main")
    assert rc == 0  # the step itself succeeds; the gate step decides
    assert outputs == {"code": code}
    comment = (repo / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- schemagen-review -->\n")
    assert expected in comment
    assert summary == comment
    assert ("schema-change-acknowledged" in comment) == (code == "1")


@pytest.mark.parametrize(
    ("code", "acknowledged", "passes"),
    [("0", "false", True), ("1", "false", False), ("1", "true", True), ("2", "true", False)],
)
def test_gate_step(tmp_path: Path, code: str, acknowledged: str, passes: bool) -> None:
    gate = next(s for s in _steps() if "CODE" in s.get("env", {}))
    rc, _outputs, _summary = _run_step(gate, tmp_path, tmp_path, CODE=code, ACKNOWLEDGED=acknowledged)
    assert (rc == 0) is passes
