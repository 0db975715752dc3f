"""The ER diagram of schemas as live databases have them (found while generating pages of inspected specs)."""

from __future__ import annotations

from helpers.mermaid import Mermaid

from generator.emit.erd import er_diagram
from generator.spec import load_spec

SPEC = """\
version: 1
tables:
  Album Art:
    columns:
      Art Id: {type: INTEGER, primary_key: true}
      price: {type: "numeric(10, 2)"}
      anything: {type: {sql: ""}}
      big: {type: UNSIGNED BIG INT}
      'say "hi"': {type: text}
      "multi\\nline": {type: text}
      Größe: {type: VARCHAR(45)}
      PK: {type: integer}
      back`tick: {type: text}
  end:
    columns:
      class: {type: text, references: {table: Album Art, column: Art Id}}
  '100%\\': {columns: {x: {type: text}}}
  日本: {columns: {名前: {type: text}}}
"""


def test_odd_names_and_types_are_quoted_for_mermaid(mermaid: Mermaid) -> None:
    schema = load_spec("odd.yaml", text=SPEC)
    diagram = er_diagram(schema)
    assert '  "Album Art" |o--o{ "end" : "class"\n' in diagram
    assert "    `numeric(10, 2)` price\n" in diagram and "    any anything\n" in diagram
    assert "    integer `PK`\n" in diagram and "    text `multi line`\n" in diagram
    assert "    VARCHAR(45) Größe\n" in diagram and '  "100％＼" {\n' in diagram
    marked = er_diagram(schema, ["Album Art", "end"], {"Album Art": "changed", "end.class": "added"})
    assert mermaid([diagram, marked]) == [None, None]
