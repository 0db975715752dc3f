"""The output registry: every generated file comes from one emitter, and all share one --check.

An emitter turns the model into files (path relative to the output folder -> content) and names the
globs of the files it owns, so a stale file of a switched-off or renamed output is seen and removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.data.rowschema import row_schema
from generator.emit import docs
from generator.emit.templates import make_env, tidy
from generator.model import Schema

# output file -> template; each template sees `schema` and `view` (precomputed in generator.emit.docs).
PAGES: dict[str, str] = {
    "TURSO_SCHEMA_DIAGRAM.md": "diagram.md.j2",
    "TURSO_DATABASE_SCHEMA.md": "reference.md.j2",
    "TURSO_QUICK_REFERENCE.md": "quick_reference.md.j2",
}


@dataclass(frozen=True)
class Emitter:
    """One kind of generated output."""

    name: str  # the key that switches it on or off
    globs: tuple[str, ...]  # the files it owns, relative to the output folder
    render: Callable[[Schema], dict[str, str]]


def _ddl(schema: Schema) -> dict[str, str]:
    view = docs.build_view(schema)
    return {"schema.sql": tidy(make_env().get_template("schema.sql.j2").render(schema=schema, view=view))}


def _pages(schema: Schema) -> dict[str, str]:
    env = make_env()
    view = docs.build_view(schema)
    return {path: tidy(env.get_template(t).render(schema=schema, view=view)) for path, t in PAGES.items()}


def _validators(schema: Schema) -> dict[str, str]:
    return {
        f"validators/{table.name}.schema.json": json.dumps(
            row_schema(table, schema.name), indent=2, ensure_ascii=False
        )
        + "\n"
        for table in schema.tables
    }


EMITTERS: tuple[Emitter, ...] = (
    Emitter("ddl", ("*.sql",), _ddl),
    Emitter("pages", ("*.md",), _pages),
    Emitter("validators", ("validators/*.schema.json",), _validators),
)


def emitters(names: Iterable[str] | None = None) -> tuple[Emitter, ...]:
    """The emitters switched on (all when `names` is None)."""
    wanted = None if names is None else set(names)
    return tuple(e for e in EMITTERS if wanted is None or e.name in wanted)


def render_all(schema: Schema, outputs: Iterable[str] | None = None) -> dict[str, str]:
    """Every generated file of the chosen outputs, path relative to the output dir -> content."""
    out: dict[str, str] = {}
    for emitter in emitters(outputs):
        out.update(emitter.render(schema))
    return dict(sorted(out.items()))


def generated_globs(outputs: Iterable[str] | None = None) -> tuple[str, ...]:
    """The globs of every file the registry owns (all outputs: a switched-off one's files are stale)."""
    del outputs
    return tuple(g for e in EMITTERS for g in e.globs)
