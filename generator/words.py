"""How a count reads in a message: `1 table`, `2 tables`, `1,000 rows`, `3 indexes` (imports nothing, so any
stage and the CLI can use it without loading another)."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 step`, `2 steps`, `1,000 rows`, `2 indexes`."""
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {noun}{'es' if noun.endswith(('x', 's', 'ch', 'sh')) else 's'}"


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """`text`'s words packed greedily into lines of at most `width` (a longer word gets a line of its own).

    What textwrap.wrap does with break_on_hyphens=False and break_long_words=False, in linear time (textwrap
    takes seconds on one word of a few megabytes, and breaking a long word could split an escape).
    """
    lines: list[str] = []
    line, size = [initial_indent], len(initial_indent)
    for word in text.split():
        if len(line) > 1 and size + 1 + len(word) > width:
            lines.append(line[0] + " ".join(line[1:]))
            line, size = [subsequent_indent], len(subsequent_indent)
        size += len(word) + (1 if len(line) > 1 else 0)
        line.append(word)
    if len(line) > 1:
        lines.append(line[0] + " ".join(line[1:]))
    return lines
