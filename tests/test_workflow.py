"""The schema PR workflow and the action it runs are valid, their shell parses, and the steps really work.

The workflow calls this repository's composite action (action.yml), which other repositories use too.
actionlint is not installable here (its package downloads a binary at install time), so both files are
checked against SchemaStore's schemas (check-jsonschema's builtins), every `run:` script is parsed with
`bash -n`, the github-script code with `node --check`, and the steps that decide the outcome are run for
real on a temporary git repository.
"""

from __future__ import annotations

import json
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
ACTION = ROOT / "action.yml"
MARKER = "<!-- schemagen-review -->"
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


def _action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return data


def _steps() -> list[dict[str, Any]]:
    """The action's steps (the workflow's work is all in them)."""
    steps: list[dict[str, Any]] = _action()["runs"]["steps"]
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


def test_action_matches_the_github_action_schema(tmp_path: Path) -> None:
    schema = ("--builtin-schema", "vendor.github-actions")
    ok = subprocess.run(
        [str(VENV_BIN / "check-jsonschema"), *schema, str(ACTION)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "action.yml"
    broken.write_text(ACTION.read_text(encoding="utf-8").replace("using: composite", "using: compost"))
    bad = subprocess.run(
        [str(VENV_BIN / "check-jsonschema"), *schema, str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode != 0


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
    assert len(scripts) == 6  # install, check, review, lint, review gate, lint gate
    assert all(s.get("shell") == "bash" for s in _steps() if "run" in s)  # composite steps must say
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
    assert "process.env.COMMENT_FILE" in script


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
    assert "if" not in data["jobs"]["review"]  # a skipped run would pass the check in place of a failed one
    job = data["jobs"]["review"]["steps"]
    assert job[0]["uses"].startswith("actions/checkout@") and job[0]["with"]["fetch-depth"] == 0
    assert job[1]["uses"] == "./" and job[1]["with"]["python-version"] == "3.11"  # this repository's action
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert action["inputs"]["acknowledge-label"]["default"] == "schema-change-acknowledged"
    assert set(action["outputs"]) == {"review-code", "lint-code"}
    for step in _steps():
        if "uses" in step:
            assert re.fullmatch(r"(actions/[a-z-]+|github/codeql-action/upload-sarif)@v\d+", step["uses"]), (
                step["uses"]
            )
    assert _step("check")["run"].strip() == "schemagen generate --check"
    review = _step("review")
    assert review["env"]["BASE"] == "${{ inputs.base || format('origin/{0}', github.base_ref) }}"
    assert review["env"]["MARKER"] == MARKER
    assert 'schemagen review "${BASE}" HEAD' in review["run"]
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
    return repo


def _run_step(step: dict[str, Any], cwd: Path, tmp_path: Path, **env: str) -> tuple[int, dict[str, str], str]:
    """Run one step's script as the runner does (bash -e), returning (exit code, outputs, summary)."""
    outputs, summary = tmp_path / "output.txt", tmp_path / "summary.md"
    outputs.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    literal = {k: v for k, v in step.get("env", {}).items() if "${{" not in str(v)}
    full_env = {
        **os.environ,
        **literal,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",  # the install step puts schemagen on PATH
        "ACK_LABEL": "schema-change-acknowledged",
        "COMMENT_FILE": str(tmp_path / "comment.md"),
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
    rc, outputs, summary = _run_step(_step("review"), repo, tmp_path, BASE="origin/main")
    assert rc == 0  # the step itself succeeds; the gate step decides
    assert outputs == {"code": code}
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
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


@pytest.mark.parametrize(("head_spec", "code"), [(SPEC_SAFE, "0"), (SPEC_DESTRUCTIVE, "0")])
def test_lint_step_writes_findings_and_sarif(tmp_path: Path, head_spec: str, code: str) -> None:
    repo = _repo(tmp_path, head_spec)
    step = _step("lint")
    rc, outputs, summary = _run_step(
        step, repo, tmp_path, BASE="origin/main", SARIF_FILE=str(tmp_path / "l.sarif")
    )
    assert rc == 0 and outputs == {"code": code}
    assert summary.startswith("## Lint\n") and "spec/schema.yaml: 0 errors" in summary
    assert json.loads((tmp_path / "l.sarif").read_text())["version"] == "2.1.0"


def test_lint_step_reports_an_error_finding_and_the_gate_fails(tmp_path: Path) -> None:
    repo = _repo(tmp_path, SPEC_SAFE)
    (repo / "schemagen.toml").write_text('[lint]\nno-primary-key = "error"\ndescription = "error"\n')
    rc, outputs, summary = _run_step(
        _step("lint"), repo, tmp_path, BASE="", SARIF_FILE=str(tmp_path / "l.sarif")
    )
    assert rc == 0 and outputs == {"code": "1"} and "error[description]" in summary
    gate = next(s for s in _steps() if "LINT_CODE" in s.get("env", {}))
    assert _run_step(gate, tmp_path, tmp_path, LINT_CODE="1")[0] == 1
    assert _run_step(gate, tmp_path, tmp_path, LINT_CODE="0")[0] == 0


def test_check_step_fails_on_stale_output_and_passes_when_current(tmp_path: Path) -> None:
    repo = _repo(tmp_path, SPEC_SAFE)
    check = _step("check")
    rc, _outputs, _summary = _run_step(check, repo, tmp_path)
    assert rc == 1  # nothing generated yet: every file is missing
    assert (
        subprocess.run(
            [str(VENV_BIN / "schemagen"), "generate"], cwd=repo, capture_output=True, check=False
        ).returncode
        == 0
    )
    rc, _outputs, _summary = _run_step(check, repo, tmp_path)
    assert rc == 0
