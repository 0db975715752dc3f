"""Every checkable sentence of the pages, on a corpus: the goldens (every construct among them), the Code
Reels spec, and seeded random specs of 3 to 25 tables (every kind of key, foreign keys with indexes that
do and do not serve them). The checker is tests/helpers/claims.py; a false sentence fails with its text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.claims import check_pages
from helpers.randomspec import random_spec

from generator.config import PageNames, load_config
from generator.emit.render import Options, render_all
from generator.model import Schema
from generator.spec import load_spec

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests/data/golden"
NEUTRAL = PageNames()
NAMES = (NEUTRAL.reference, NEUTRAL.diagram, NEUTRAL.quick_reference)
SEEDS = [(seed, 3 + (seed * 5) % 23) for seed in range(14)]


def _render(schema: Schema, pages: PageNames = NEUTRAL) -> dict[str, str]:
    return render_all(schema, ("ddl", "pages"), Options(pages=pages, outputs=("ddl", "pages", "validators")))


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_golden_pages_say_nothing_false(case: str) -> None:
    schema = load_spec(GOLDEN / case / "spec.yaml")
    assert check_pages(schema, _render(schema), NAMES) == []


def test_code_reels_pages_say_nothing_false() -> None:
    config = load_config(start=REPO)
    schema = load_spec(REPO / "spec/schema.yaml")
    pages = config.pages
    files = _render(schema, pages)
    assert check_pages(schema, files, (pages.reference, pages.diagram, pages.quick_reference)) == []


@pytest.mark.parametrize(("seed", "tables"), SEEDS)
def test_random_specs_pages_say_nothing_false(seed: int, tables: int) -> None:
    schema = load_spec(f"random-{seed}.yaml", text=random_spec(seed, tables))
    assert check_pages(schema, _render(schema), NAMES) == []


def test_the_checker_finds_false_claims() -> None:
    """The checker itself: a page with a wrong index, quote, command, count and key outcome is caught."""
    schema = load_spec(f"random-{SEEDS[3][0]}.yaml", text=random_spec(SEEDS[3][0], 12))
    files = _render(schema)
    reference = files[NEUTRAL.reference]
    broken = dict(files)
    broken[NEUTRAL.reference] = (
        reference.replace("| none |", "| `idx_made_up` |", 1)
        .replace("**At a glance:** 12 tables", "**At a glance:** 13 tables")
        .replace("`this token is read-only; push needs a read-write token`", "`refused: destructive changes`")
    )
    broken[NEUTRAL.quick_reference] = (
        files[NEUTRAL.quick_reference]
        .replace("`schemagen audit`", "`schemagen audit --frobnicate`")
        .replace("| SQLite assigns it (also when NULL is given) |", "| the INSERT fails (`NOT NULL`) |", 1)
    )
    found = check_pages(schema, broken, NAMES)
    kinds = {p.split(":")[0].split(" ")[0] for p in found}
    assert {"Relationships", "At", "Troubleshooting", "command", "Primary"} <= kinds, found
