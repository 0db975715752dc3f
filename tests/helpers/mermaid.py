"""Validate Mermaid diagrams with Mermaid's own parser (npm ``mermaid`` under ``jsdom``).

``parse_mermaid`` sends every source to one ``node tests/mermaid/parse.mjs`` process and returns, per source,
``None`` when it parses or Mermaid's error message when it does not. ``mermaid_blocks`` pulls the
```` ```mermaid ```` fenced blocks out of a Markdown document.

The node dependencies are pinned in package.json / package-lock.json; install them with ``make node``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PARSE_SCRIPT = REPO_ROOT / "tests" / "mermaid" / "parse.mjs"
NODE_MODULES = REPO_ROOT / "node_modules"
TIMEOUT_SECONDS = 120.0

# An opening fence of three or more backticks or tildes whose info string starts with "mermaid",
# indented by at most three spaces (CommonMark); the block runs to a closing fence of the same character
# that is at least as long, or to the end of the document.
_OPEN_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*mermaid(?:[ \t].*)?$")


class MermaidHarnessError(RuntimeError):
    """The harness itself could not run (missing node or node_modules, crashed node process)."""


def mermaid_blocks(markdown: str) -> list[str]:
    """Return the body of every ```mermaid fenced block in ``markdown``, in document order."""
    blocks: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        match = _OPEN_FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        fence = match.group("fence")
        indent = len(match.group("indent"))
        close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        i += 1
        while i < len(lines) and close.match(lines[i]) is None:
            line = lines[i]
            # Strip up to the opening fence's indentation from each content line (CommonMark).
            strip = min(indent, len(line) - len(line.lstrip(" ")))
            body.append(line[strip:])
            i += 1
        blocks.append("\n".join(body) + "\n" if body else "")
        i += 1  # skip the closing fence
    return blocks


def _check_setup() -> str:
    node = shutil.which("node")
    if node is None:
        raise MermaidHarnessError("`node` is not on PATH; the Mermaid harness needs Node.js 20+.")
    for package in ("mermaid", "jsdom"):
        if not (NODE_MODULES / package / "package.json").is_file():
            raise MermaidHarnessError(
                f"{NODE_MODULES / package} is missing: run `make node` (npm ci) in {REPO_ROOT} first."
            )
    return node


Mermaid = Callable[[list[str]], list["str | None"]]  # what the `mermaid` fixture gives


def parse_mermaid(sources: list[str]) -> list[str | None]:
    """Parse each Mermaid source with Mermaid's parser in a single node process.

    Returns a list as long as ``sources``: ``None`` where the diagram is valid, otherwise the error message.
    Raises ``MermaidHarnessError`` when the harness cannot run.
    """
    if not sources:
        return []
    node = _check_setup()
    try:
        proc = subprocess.run(
            [node, str(PARSE_SCRIPT)],
            input=json.dumps(sources),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=REPO_ROOT,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise MermaidHarnessError(f"{PARSE_SCRIPT.name} timed out after {TIMEOUT_SECONDS:.0f}s") from exc
    if proc.returncode != 0:
        raise MermaidHarnessError(
            f"{PARSE_SCRIPT.name} exited with status {proc.returncode}:\n{proc.stderr.strip()}"
        )
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise MermaidHarnessError(
            f"{PARSE_SCRIPT.name} printed invalid JSON: {proc.stdout[:500]!r}\n{proc.stderr.strip()}"
        ) from exc
    if (
        not isinstance(results, list)
        or len(results) != len(sources)
        or not all(r is None or isinstance(r, str) for r in results)
    ):
        raise MermaidHarnessError(f"{PARSE_SCRIPT.name} returned an unexpected result: {results!r}")
    return results
