"""Golden-file comparison shared by the tests: `UPDATE_GOLDEN=1 make test` rewrites the expected files."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
HINT = (
    "golden file out of date: if the change is intended, run `UPDATE_GOLDEN=1 make test` and review the diff"
)


def assert_golden(expected_path: Path, actual: str) -> None:
    """Compare `actual` with the file (or write it when UPDATE_GOLDEN=1)."""
    if UPDATE:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        if not expected_path.exists() or expected_path.read_text(encoding="utf-8") != actual:
            expected_path.write_text(actual, encoding="utf-8")
        return
    assert expected_path.exists(), f"{expected_path} is missing: run `UPDATE_GOLDEN=1 make test`"
    expected = expected_path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=str(expected_path),
                tofile="actual",
            )
        )
        raise AssertionError(f"{HINT}\n{diff}")
