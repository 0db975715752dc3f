"""Shared by the bench scripts: each owns one marked section of bench/RESULTS.md."""

from __future__ import annotations

import datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = "# Benchmarks\n\nEach section is written by its script in `bench/` (`make bench` runs them all).\n"


def write_section(name: str, body: str) -> None:
    """Replace the section between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    stamp = f"_Measured {datetime.date.today().isoformat()} on this machine, in one run._"
    block = f"{start}\n## {name}\n\n{stamp}\n\n{body.strip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")
