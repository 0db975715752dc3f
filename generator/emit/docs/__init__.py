"""The three documentation pages: what they show, computed from the model and the spec's `docs:`.

view.py computes the facts (tables, relations, objects, facts, shapes are its parts), pages.py decides
which sections each page shows and merges the generic prose (text.py) with the project's own.
"""

from __future__ import annotations

from generator.emit.docs.markdown import anchor, json_pretty, md_cell, md_code
from generator.emit.docs.shapes import shape_summary
from generator.emit.docs.view import View, build_view

__all__ = ["View", "anchor", "build_view", "json_pretty", "md_cell", "md_code", "shape_summary"]
