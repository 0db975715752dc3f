"""The one Jinja environment (templates ship inside the package) and the tidy-up every output gets."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from generator.emit import docs
from generator.sqlite import ddl

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@cache
def make_env() -> jinja2.Environment:
    """The one Jinja environment, for production and tests alike (built once; templates compile once)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["qi"] = ddl.quote_identifier
    env.filters["md"] = docs.md_cell
    env.filters["code"] = docs.md_code
    env.filters["json_pretty"] = docs.json_pretty
    return env


def tidy(text: str) -> str:
    """`\\n` endings, no trailing spaces, exactly one trailing newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"
