"""The Mermaid harness really validates: broken diagrams are rejected, valid ones pass.

Later tests assert that generated Markdown has no Mermaid errors; they only mean something if the harness
rejects bad input, which is what this module proves (with Mermaid's own parser, via node + jsdom).
"""

from __future__ import annotations

from pathlib import Path

import helpers.mermaid as mermaid_parser
import pytest
from helpers.mermaid import Mermaid, MermaidHarnessError, mermaid_blocks

VALID_ER = """erDiagram
  %% a comment line
  USERS ||--o{ POSTS : "writes"
  POSTS }o--|| USERS : author
  POSTS ||--|{ POST_TAGS : "tagged, by"
  TAGS ||..o{ POST_TAGS : has
  USERS {
    integer id PK "surrogate key"
    text email UK "unique, lower-cased"
    text display_name "may be <b>empty</b>"
    varchar(255) bio
  }
  POSTS {
    integer id PK
    integer user_id FK "-> users.id"
    decimal(10,2) price
  }
  POST_TAGS {
    integer post_id PK, FK "-> posts.id"
    integer tag_id PK, FK "-> tags.id"
  }
  TAGS["Tag names"] {
    integer id PK
    text name UK
  }
"""

# Subgraphs, quoted and unquoted edge labels, <br/> in labels. Mermaid sanitises these labels with
# DOMPurify while parsing, which fails outright ("DOMPurify.addHook is not a function") without jsdom.
VALID_FLOWCHART = """flowchart LR
  subgraph core["Core tables"]
    direction TB
    users["users<br/>id, email"] -->|"1:N"| posts[("posts")]
  end
  subgraph tagging [Tagging]
    tags{{tags}} -- labels --> post_tags
  end
  core --> tagging
  posts -.->|fk post_id| post_tags
  classDef table fill:#eef,stroke:#336
  class users,posts table
"""

BROKEN_ER = {
    "missing entity": "erDiagram\n  A ||--o{ : bad\n",
    "missing relationship label": "erDiagram\n  A ||--o{ B\n",
    "bad cardinality": "erDiagram\n  A ||--x B : r\n",
    "unclosed attribute block": "erDiagram\n  A {\n    int id PK\n",
    "attribute without name": "erDiagram\n  A {\n    int\n  }\n",
    "unknown key": "erDiagram\n  A {\n    int id PX\n  }\n",
}

BROKEN_FLOWCHART = {
    "dangling edge": "flowchart TD\n  A -->\n",
    "unclosed node shape": "flowchart TD\n  A --> B[unclosed\n",
    "unclosed subgraph": "flowchart TD\n  subgraph S\n  A --> B\n",
    "end without subgraph": "flowchart TD\n  A --> B\n  end\n",
    "bad direction": "flowchart XY\n  A --> B\n",
}


@pytest.fixture(scope="module")
def results(mermaid: Mermaid) -> dict[str, str | None]:
    """Every sample above, parsed in one node process (one process per test would cost ~0.8 s each)."""
    sources = {"valid er": VALID_ER, "valid flowchart": VALID_FLOWCHART}
    sources |= {f"er: {name}": src for name, src in BROKEN_ER.items()}
    sources |= {f"flowchart: {name}": src for name, src in BROKEN_FLOWCHART.items()}
    return dict(zip(sources, mermaid(list(sources.values())), strict=True))


def test_valid_er_diagram_passes(results: dict[str, str | None]) -> None:
    assert results["valid er"] is None


def test_valid_flowchart_passes(results: dict[str, str | None]) -> None:
    assert results["valid flowchart"] is None


@pytest.mark.parametrize("name", sorted(BROKEN_ER))
def test_broken_er_diagram_is_rejected(results: dict[str, str | None], name: str) -> None:
    error = results[f"er: {name}"]
    assert error is not None, f"Mermaid accepted a broken erDiagram ({name})"
    assert error.strip()


@pytest.mark.parametrize("name", sorted(BROKEN_FLOWCHART))
def test_broken_flowchart_is_rejected(results: dict[str, str | None], name: str) -> None:
    error = results[f"flowchart: {name}"]
    assert error is not None, f"Mermaid accepted a broken flowchart ({name})"
    assert error.strip()


def test_error_message_is_mermaids_parse_error(results: dict[str, str | None]) -> None:
    error = results["er: missing entity"]
    assert error is not None
    assert "Parse error on line 2" in error
    assert "got 'COLON'" in error


def test_unknown_and_empty_diagrams_are_rejected(mermaid: Mermaid) -> None:
    unknown, empty = mermaid(["notADiagram\n  A --> B\n", ""])
    assert unknown is not None and "No diagram type detected" in unknown
    assert empty is not None


def test_results_keep_order_and_no_state_leaks_between_diagrams(mermaid: Mermaid) -> None:
    sources = [
        VALID_ER,
        BROKEN_ER["missing entity"],
        VALID_ER,
        BROKEN_FLOWCHART["dangling edge"],
        VALID_FLOWCHART,
    ]
    results = mermaid(sources)
    assert [r is None for r in results] == [True, False, True, False, True]


def test_no_sources_needs_no_node(mermaid: Mermaid) -> None:
    assert mermaid([]) == []


def test_missing_node_modules_gives_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mermaid: Mermaid
) -> None:
    monkeypatch.setattr(mermaid_parser, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(MermaidHarnessError, match="make node"):
        mermaid([VALID_ER])


def test_mermaid_blocks_extracts_only_mermaid_fences() -> None:
    markdown = (
        "# Schema\n\n"
        "```mermaid\nerDiagram\n  A ||--o{ B : has\n```\n\n"
        "```sql\nCREATE TABLE a (id INTEGER);\n```\n\n"
        "Text with `mermaid` inline.\n\n"
        "````mermaid\nflowchart LR\n  A --> B\n```\nstill inside\n````\n\n"
        "~~~ mermaid title\nflowchart TD\n  X --> Y\n~~~\n\n"
        "```mermaidx\nnot mermaid\n```\n"
    )
    assert mermaid_blocks(markdown) == [
        "erDiagram\n  A ||--o{ B : has\n",
        "flowchart LR\n  A --> B\n```\nstill inside\n",
        "flowchart TD\n  X --> Y\n",
    ]


def test_mermaid_blocks_feed_the_parser(mermaid: Mermaid) -> None:
    broken = BROKEN_ER["missing entity"]
    markdown = f"## ER\n\n```mermaid\n{VALID_ER}```\n\n## Broken\n\n```mermaid\n{broken}```\n"
    blocks = mermaid_blocks(markdown)
    assert blocks == [VALID_ER, broken]
    valid_result, broken_result = mermaid(blocks)
    assert valid_result is None
    assert broken_result is not None
