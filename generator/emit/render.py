"""The output registry: every generated file comes from one emitter, and all share one --check.

An emitter turns the model into files (path relative to the output folder -> content) and names the
files it owns, so a stale file of a switched-off output is seen and removed. An emitter owns exact names
or globs inside folders of its own, never a pattern such as `*.md` that could match a file someone wrote
by hand in the output folder. `{pages.reference}`-style fields in a glob are filled from the Options.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from generator.config import DEFAULT_SPEC, GENERATE, Config, PageNames
from generator.data.rowschema import row_schema
from generator.emit import docs
from generator.emit.codegen import drizzle, python
from generator.emit.docs.markdown import squeeze
from generator.emit.docs.pages import build_pages
from generator.emit.header import generated_by
from generator.emit.templates import render_template
from generator.errors import SchemagenError
from generator.files import names_collide, safe_file_name
from generator.model import Schema

# page -> template; each template sees `schema`, `view` (generator.emit.docs) and `options`.
PAGES: dict[str, str] = {
    "diagram": "diagram.md.j2",
    "reference": "reference.md.j2",
    "quick_reference": "quick_reference.md.j2",
}


class Options(Struct, frozen=True):
    """What the generated files say about themselves: the page names, the spec, how to regenerate them."""

    pages: PageNames = field(default_factory=PageNames)
    spec: str = DEFAULT_SPEC.as_posix()  # the spec path the headers name
    regenerate: str = GENERATE  # the command the headers name
    outputs: tuple[str, ...] = ()  # the emitters switched on (so a page mentions validators only if written)


class Emitter(Struct, frozen=True):
    """One kind of generated output."""

    name: str  # the key that switches it on or off
    globs: tuple[str, ...]  # the files it owns, relative to the output folder
    render: Callable[[Schema, Options], dict[str, str]]


def _ddl(schema: Schema, options: Options) -> dict[str, str]:
    view = docs.build_view(schema)
    return {"schema.sql": render_template("schema.sql.j2", schema=schema, view=view, options=options)}


def _pages(schema: Schema, options: Options) -> dict[str, str]:
    view = docs.build_view(schema)
    pages = build_pages(schema, view, options.pages, options.spec, options.regenerate, options.outputs)
    return {
        getattr(options.pages, page): squeeze(
            render_template(
                template, schema=schema, view=view, options=options, page=getattr(pages, page), pages=pages
            )
        )
        for page, template in PAGES.items()
    }


def _validators(schema: Schema, options: Options) -> dict[str, str]:
    names = {table.name: safe_file_name(table.name, ".schema.json") for table in schema.tables}
    for first, second in names_collide(names.values()):
        raise SchemagenError(
            f"validators: {first} and {second} would be one file on a case-insensitive file system"
        )
    comment = generated_by(options.spec, options.regenerate)
    out: dict[str, str] = {}
    for table in schema.tables:
        row = row_schema(table, schema.name)
        head: dict[str, Any] = {k: row.pop(k) for k in ("$schema", "$id") if k in row}
        document: dict[str, Any] = {**head, "$comment": comment, **row}
        out[f"validators/{names[table.name]}"] = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return out


def _drizzle(schema: Schema, options: Options) -> dict[str, str]:
    return drizzle.render(schema, generated_by(options.spec, options.regenerate))


def _python(schema: Schema, options: Options) -> dict[str, str]:
    return python.render(schema, generated_by(options.spec, options.regenerate))


EMITTERS: tuple[Emitter, ...] = (
    Emitter("ddl", ("schema.sql",), _ddl),
    Emitter("pages", ("{pages.reference}", "{pages.diagram}", "{pages.quick_reference}"), _pages),
    Emitter("validators", ("validators/*.schema.json",), _validators),
    Emitter("drizzle", ("drizzle/*.ts",), _drizzle),
    Emitter("python", ("python/*.py",), _python),
)


def project_options(config: Config, spec: Path, out: Path, outputs: Iterable[str] | None = None) -> Options:
    """The Options of one run: page names from the config; the spec and the regenerate command as named.

    `outputs` are the names given on the command line (None: the config's, else every emitter); an
    unknown name is an error.
    """
    chosen = emitters(outputs if outputs is not None else config.outputs)
    command = config.generate_command(spec, out)
    if outputs is not None:
        command += "".join(f" --output {name}" for name in outputs)
    return Options(
        pages=config.pages,
        spec=config.label(spec),
        regenerate=command,
        outputs=tuple(e.name for e in chosen),
    )


def emitter_names() -> tuple[str, ...]:
    """The name of every emitter, in registry order."""
    return tuple(e.name for e in EMITTERS)


def emitters(names: Iterable[str] | None = None) -> tuple[Emitter, ...]:
    """The emitters switched on (all when `names` is None); an unknown name is an error."""
    if names is None:
        return EMITTERS
    wanted = set(names)
    unknown = sorted(wanted - set(emitter_names()))
    if unknown:
        raise SchemagenError(f"unknown output {', '.join(unknown)} (known: {', '.join(emitter_names())})")
    return tuple(e for e in EMITTERS if e.name in wanted)


def render_all(
    schema: Schema, outputs: Iterable[str] | None = None, options: Options | None = None
) -> dict[str, str]:
    """Every generated file of the chosen outputs, path relative to the output dir -> content."""
    chosen = emitters(outputs)
    options = options or Options()
    if not options.outputs:
        options = _with_outputs(options, chosen)
    out: dict[str, str] = {}
    for emitter in chosen:
        out.update(emitter.render(schema, options))
    return dict(sorted(out.items()))


def _with_outputs(options: Options, chosen: tuple[Emitter, ...]) -> Options:
    return Options(
        pages=options.pages,
        spec=options.spec,
        regenerate=options.regenerate,
        outputs=tuple(e.name for e in chosen),
    )


def generated_globs(options: Options | None = None) -> tuple[str, ...]:
    """The files every emitter owns (all of them: a switched-off output's files are stale)."""
    pages = (options or Options()).pages
    return tuple(g.format(pages=pages) for e in EMITTERS for g in e.globs)
