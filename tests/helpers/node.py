"""Run the pinned node tools (tsc, drizzle-kit, tsx) from node_modules/.bin; a clear error when absent."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_BIN = ROOT / "node_modules" / ".bin"
TS_DIR = ROOT / "tests" / "ts"
TIMEOUT_SECONDS = 300.0


class NodeToolError(RuntimeError):
    """A node tool is missing (run `make node`)."""


def node_tool(name: str) -> Path:
    """The executable of a pinned npm package's command."""
    if shutil.which("node") is None:
        raise NodeToolError("`node` is not on PATH; the TypeScript checks need Node.js 20+.")
    path = NODE_BIN / name
    if not path.exists():
        raise NodeToolError(f"{path} is missing: run `make node` (npm ci) in {ROOT} first.")
    return path


def run_tool(name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a node tool from the repository root; output captured, never raising on a non-zero exit."""
    return subprocess.run(
        [str(node_tool(name)), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
