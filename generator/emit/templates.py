"""The one Jinja environment (templates ship inside the package) and the tidy-up every output gets."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import jinja2

from generator.emit import docs
from generator.errors import SchemagenError
from generator.sqlite import ddl

# templates/ at the top of the repository, installed as this package (see pyproject.toml).
TEMPLATE_PACKAGE = "generator.templates"


def _load(name: str) -> tuple[str, None, None]:
    """A template's source, read through importlib.resources (works from a wheel, a zip or a checkout)."""
    resource = files(TEMPLATE_PACKAGE).joinpath(name)
    if not resource.is_file():
        raise jinja2.TemplateNotFound(name)
    return resource.read_text(encoding="utf-8"), None, None


@cache
def make_env() -> jinja2.Environment:
    """The one Jinja environment, for production and tests alike (built once; templates compile once)."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # compiled once per process: the templates are part of the installed package
    )
    env.filters["qi"] = ddl.quote_identifier
    env.filters["md"] = docs.md_cell
    env.filters["code"] = docs.md_code
    env.filters["json_pretty"] = docs.json_pretty
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
