"""Markdown helpers the pages share: table cells, inline code, anchors, sentences, JSON blocks."""

from __future__ import annotations

import json
import re
from typing import Any

# The Markdown escaping functions have their home in generator.emit.escape; imported from here too.
from generator.emit.escape import md_cell as md_cell
from generator.emit.escape import md_code as md_code


def code_list(names: tuple[str, ...] | list[str]) -> str:
    """`a`, `b`, `c`."""
    return ", ".join(md_code(n) for n in names)


def json_pretty(value: Any) -> str:
    """Indented JSON for code blocks."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading (lower case, punctuation dropped, spaces -> '-')."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def first_sentence(text: str) -> str:
    """The first sentence of a description, ending with a full stop."""
    head = text.split(". ")[0].strip()
    return head if head.endswith(".") else head + "."


def and_join(items: list[str] | tuple[str, ...]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def plural(count: int, word: str, many: str = "") -> str:
    """`1 table`, `2 tables` (`many` for irregular plurals)."""
    if count == 1:
        return f"1 {word}"
    return f"{count} {many or word + ('es' if word.endswith(('x', 's', 'ch')) else 's')}"


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def squeeze(text: str) -> str:
    """At most one blank line in a row outside fenced code blocks (templates stay readable)."""
    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        if not fence and not opened and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out)
