"""Hostile YAML: a few bytes may not cost unbounded time or memory; each limit is one line with its place."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers.cli import cli

from generator.errors import SpecError
from generator.spec import load_spec
from generator.spec.load import MAX_DEPTH

TABLE = "tables:\n  t:\n    columns:\n      id: {type: integer}\n"


def _laughs() -> str:
    """The 'billion laughs': ten levels of nine aliases each (9^9 strings once expanded)."""
    lines = ["version: 1", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join([*lines, "tables: *a9", ""])


CASES = {
    "aliases": (_laughs(), "2:", "YAML aliases expand to too many values"),
    "flow_5k": (
        "version: 1\ntables: " + "[" * 5000 + "]" * 5000 + "\n",
        "2:",
        f"more than {MAX_DEPTH} levels",
    ),
    "flow_100k": ("version: 1\ntables: " + "[" * 100_000 + "]" * 100_000 + "\n", "2:", "levels deep"),
    "block_3k": ("version: 1\ntables:\n" + "".join(" " * i + "- \n" for i in range(3000)), "", "levels deep"),
    "long_word": (
        f"version: 1\nname: x\ndescription: {'a' * 8_000_000}\n{TABLE}",
        "3:14:",
        "8,000,000 characters",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_yaml_is_one_line_exit_2_within_a_second(name: str, tmp_path: Path) -> None:
    text, place, words = CASES[name]
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    # The work itself, in CPU seconds (a machine busy with other work must not fail the test).
    started = time.process_time()
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert time.process_time() - started < 1.0, f"{name} took {time.process_time() - started:.1f} s of CPU"
    assert len(caught.value.problems) == 1
    # A real process: libyaml's recursion once killed it (SIGSEGV); now one line on stderr and exit 2.
    result = cli("validate", "--spec", str(spec), process=True)
    assert result.exit_code == 2, result.output[:500]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines[:3]
    assert lines[0].startswith(f"{spec}:{place}"), lines[0][:200]
    assert words in lines[0]


def test_a_spec_file_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    with spec.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    result = cli("validate", "--spec", str(spec))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{spec}: 17,825,792 bytes: a spec may have at most 16,777,216"


def test_anchors_within_the_budget_still_work(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "version: 1\ntables:\n  a:\n    columns:\n      id: &id {type: integer, description: Key.}\n"
        "  b:\n    columns:\n      id: *id\n",
        encoding="utf-8",
    )
    result = cli("validate", "--spec", str(spec))
    assert result.exit_code == 0, result.output
