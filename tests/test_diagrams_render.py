"""Readable at any size: the pages' diagrams of a 7-, 25- and 100-table spec, drawn by Mermaid in a real
headless Chromium at GitHub's page width (tests/helpers/browser.py), have entity names at least 9 px high.

Past 12 tables the diagram page draws one diagram per category (the whole schema is folded below them,
kept available, not measured) and the reference draws each linked table with its neighbours. The PNGs are
kept in the test's temporary folder (`pytest --basetemp DIR` keeps them where you like) to be looked at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.browser import GITHUB_WIDTH, render
from helpers.mermaid import Mermaid, mermaid_blocks
from helpers.randomspec import random_spec

from generator.emit import erd
from generator.emit.docs.view import SPLIT_AT
from generator.emit.render import Options, render_all
from generator.spec import load_spec

LEGIBLE = 9.0  # px: the smallest entity name allowed on screen
SIZES = (7, 25, 100)


def _pages(tables: int) -> tuple[dict[str, str], object]:
    schema = load_spec(f"random-{tables}.yaml", text=random_spec(tables, tables))
    return render_all(schema, ("pages",), Options(outputs=("pages",))), schema


def _shown(page: str) -> list[str]:
    """The diagrams a reader sees without unfolding anything."""
    return mermaid_blocks(re.sub(r"<details>.*?</details>", "", page, flags=re.S))


@pytest.mark.parametrize("tables", SIZES)
def test_diagrams_read_at_page_width(tables: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    files, schema = _pages(tables)
    out = tmp_path_factory.mktemp(f"diagrams-{tables}")
    diagram, reference = files["DIAGRAM.md"], files["SCHEMA.md"]
    sources = _shown(diagram)
    if tables > SPLIT_AT:
        # a sample of the reference's per-table diagrams: the most linked tables and a few others
        per_table = _shown(reference)
        busiest = sorted(per_table, key=lambda s: -s.count("--"))[:4]
        sources += busiest + per_table[:: max(1, len(per_table) // 4)]
    drawn = render(sources, out, f"tables-{tables}")
    assert len(drawn) == len(sources) and all(d.png.stat().st_size > 1000 for d in drawn)
    for d in drawn:
        assert d.names, d.png
        assert d.width <= GITHUB_WIDTH + 1, d.png
        assert d.smallest >= LEGIBLE, f"{d.png}: entity names {d.smallest:.1f} px high"
    assert schema is not None


def test_big_schemas_are_split_and_the_whole_stays_available(mermaid: Mermaid) -> None:
    files, schema = _pages(25)
    diagram, reference = files["DIAGRAM.md"], files["SCHEMA.md"]
    assert "<details>" in diagram and "The whole schema in one diagram (25 tables)" in diagram
    parts = _shown(diagram)
    entities = [set(re.findall(r"^  (\w+) \{$", p, re.M)) for p in parts]
    tables = {t.name for t in schema.tables}  # type: ignore[attr-defined]
    drawn = [e & tables for e in entities]
    assert set().union(*drawn) == tables  # every table drawn in full once, in one part
    assert sum(len(d) for d in drawn) == len(tables)
    assert all(len(d) <= 8 for d in drawn)
    linked = {n for r in erd.relationships(schema) for n in (r.parent, r.child)}  # type: ignore[arg-type]
    assert len(_shown(reference)) == len(linked)  # a diagram per linked table
    blocks = mermaid_blocks(diagram) + mermaid_blocks(reference)
    assert mermaid(blocks) == [None] * len(blocks)


def test_small_schemas_keep_one_diagram() -> None:
    files, _schema = _pages(7)
    assert len(mermaid_blocks(files["DIAGRAM.md"])) == 1 and "<details>" not in files["DIAGRAM.md"]
    assert not mermaid_blocks(files["SCHEMA.md"])


def test_what_the_diagram_says_about_edges_views_virtual_tables_and_triggers() -> None:
    schema = load_spec(Path(__file__).parent / "data/golden/every_construct/spec.yaml")
    page = render_all(schema, ("pages",), Options(outputs=("pages",)))["DIAGRAM.md"]
    (er,) = mermaid_blocks(page)
    assert '  Artist ||--o{ Album : "ArtistId"' in er  # labelled by the foreign-key column
    assert "}o..o{" not in er and "(none)" not in er  # a view reads, it holds no many-to-many key
    assert 'album_search["album_search (fts5 virtual table)"]:::virtual {' in er
    assert "computed units" in er  # an expression column of a view
    assert "Triggers (2) are not drawn" in page
