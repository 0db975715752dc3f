"""How a count reads in a message: `1 table`, `2 tables`, `1,000 rows`, `3 indexes` (imports nothing, so any
stage and the CLI can use it without loading another)."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 step`, `2 steps`, `1,000 rows`, `2 indexes`."""
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {noun}{'es' if noun.endswith(('x', 's', 'ch', 'sh')) else 's'}"
