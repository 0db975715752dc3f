"""The one Jinja environment (templates ship inside the package) and the tidy-up every output gets.

Compiling a template is most of the cost of a run (Jinja lexes, parses and writes Python for each), so
each template is also shipped compiled, as a module of generator.emit.compiled written by
`make templates` (tests/test_templates.py fails when one is missing or out of date). A compiled module is
used only when its key, a hash of the template's source, the Jinja version and every environment setting
that changes the compiled code, is the key of what is being loaded now; otherwise the template is
compiled here, as before. So a compiled module can make a run faster, never its output different.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import MutableMapping
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

import jinja2

from generator.errors import SchemagenError

# templates/ at the top of the repository, installed as this package (see pyproject.toml).
TEMPLATE_PACKAGE = "generator.templates"
COMPILED_PACKAGE = "generator.emit.compiled"
COMPILED_DIR = Path(__file__).resolve().parent / "compiled"


def _source(name: str) -> str:
    """A template's source, read by the loader of its package (a folder, a wheel, a zip: any of them).

    The loader's `get_data` rather than importlib.resources, whose import costs more than the read.
    """
    package = import_module(TEMPLATE_PACKAGE)
    folder = os.path.dirname(package.__file__ or "")
    try:
        data = package.__spec__.loader.get_data(os.path.join(folder, name))  # type: ignore[union-attr]
    except OSError:
        raise jinja2.TemplateNotFound(name) from None
    return data.decode("utf-8")  # type: ignore[no-any-return]


class _Loader(jinja2.BaseLoader):
    """The packaged templates: the compiled module when its key matches, else compiled from source."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, None, None]:
        return _source(template), None, None

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        source = _source(name)
        try:
            module = import_module(f"{COMPILED_PACKAGE}.{module_name(name)}")
        except ImportError:
            module = None
        if module is not None and getattr(module, "KEY", None) == compiled_key(environment, name, source):
            return environment.template_class.from_module_dict(environment, vars(module), globals or {})
        code = environment.compile(source, name)
        return environment.template_class.from_code(environment, code, globals or {}, None)


def module_name(template: str) -> str:
    """`reference.md.j2` -> `reference_md` (the compiled module's name)."""
    return template.removesuffix(".j2").replace(".", "_")


def compiled_key(env: jinja2.Environment, name: str, source: str) -> str:
    """What the compiled code of a template depends on: its name and source, Jinja, the settings."""
    settings = [
        jinja2.__version__,
        name,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        repr(env.autoescape),
        sorted(env.extensions),
    ]
    digest = hashlib.sha256(json.dumps(settings).encode("utf-8"))
    digest.update(source.encode("utf-8"))
    return digest.hexdigest()


def compiled_module(name: str) -> str:
    """The source of a template's compiled module (what `make templates` writes)."""
    env = make_env()
    source = _source(name)
    code = env.compile(source, name, raw=True, defer_init=True)
    header = f'"""{name}, compiled by Jinja (`make templates` writes this file; do not edit it)."""\n'
    return f"{header}KEY = {compiled_key(env, name, source)!r}\n{code}\n"


def template_names() -> list[str]:
    """Every packaged template, by name."""
    from importlib.resources import files

    return sorted(p.name for p in files(TEMPLATE_PACKAGE).iterdir() if p.name.endswith(".j2"))


def compiled_files() -> dict[str, str]:
    """The compiled package as `make templates` writes it: file name -> content."""
    out = {"__init__.py": '"""The packaged templates, compiled (see generator/emit/templates.py)."""\n'}
    out.update({f"{module_name(name)}.py": compiled_module(name) for name in template_names()})
    return out


def write_compiled(folder: Path = COMPILED_DIR) -> None:
    """Write the compiled package into `folder`, removing the modules of templates that are gone."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = compiled_files()
    for stale in folder.glob("*.py"):
        if stale.name not in wanted:
            stale.unlink()
    for file_name, text in wanted.items():
        (folder / file_name).write_text(text, encoding="utf-8")


@cache
def make_env() -> jinja2.Environment:
    """The one Jinja environment, for production and tests alike (built once; templates load once)."""
    from generator.emit import docs, escape
    from generator.emit.header import generated_by
    from generator.sqlite import ddl

    env = jinja2.Environment(
        loader=_Loader(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # loaded once per process: the templates are part of the installed package
    )
    env.filters["qi"] = ddl.quote_identifier
    # The escaping functions (generator.emit.escape), one per output language and place.
    env.filters["sql_comment"] = escape.sql_comment
    env.filters["py_doc"] = escape.py_doc
    env.filters["line"] = escape.one_line
    env.filters["md"] = escape.md_cell
    env.filters["text"] = escape.md_text
    env.filters["heading"] = escape.md_heading
    env.filters["code"] = escape.md_code
    env.filters["span"] = escape.md_span
    env.filters["fence"] = escape.md_fence
    env.filters["info"] = escape.md_info
    env.filters["json_pretty"] = docs.json_pretty
    env.globals["generated_by"] = generated_by
    return env


def render_template(name: str, **context: object) -> str:
    """Render one packaged template and tidy the result."""
    try:
        template = make_env().get_template(name)
    except jinja2.TemplateNotFound:
        raise SchemagenError(f"template {name} is missing from the package {TEMPLATE_PACKAGE}") from None
    return tidy(template.render(**context))


def tidy(text: str) -> str:
    """`\\n` endings, no trailing spaces, exactly one trailing newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"
