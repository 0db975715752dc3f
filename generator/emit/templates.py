"""The one Jinja environment (templates ship inside the package) and the tidy-up every output gets.

Compiling a template is most of the cost of a run (Jinja lexes, parses and writes Python for each), so the
compiled code is kept in Jinja's own bytecode cache (`FileSystemBytecodeCache`) in a user cache folder:
`$XDG_CACHE_HOME/schemagen/` (else `~/.cache/schemagen/`), one subfolder per Jinja version, Python version and
environment settings. Jinja reuses an entry only for the very source it came from (it keeps a checksum), so
the cache can make a run faster, never its output different; when the folder cannot be written the templates
are compiled in memory, silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
from functools import cache
from importlib import import_module
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from generator.errors import SchemagenError

# templates/ at the top of the repository, installed as this package (see pyproject.toml).
TEMPLATE_PACKAGE = "generator.templates"


def _source(name: str) -> tuple[str, str]:
    """A template's source and file name, read by the loader of its package (a folder, a wheel, a zip).

    The loader's `get_data` rather than importlib.resources, whose import costs more than the read.
    """
    package = import_module(TEMPLATE_PACKAGE)
    path = os.path.join(os.path.dirname(package.__file__ or ""), name)
    try:
        data = package.__spec__.loader.get_data(path)  # type: ignore[union-attr]
    except OSError:
        raise jinja2.TemplateNotFound(name) from None
    return data.decode("utf-8"), path


class _Loader(jinja2.BaseLoader):
    """The packaged templates (Jinja's own `load` compiles them, through the bytecode cache)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, None]:
        source, path = _source(template)
        return source, path, None


class _Cache(FileSystemBytecodeCache):
    """Jinja's file cache, which never fails a run: an unreadable or unwritable entry is compiled again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def settings_key(env: jinja2.Environment) -> str:
    """What compiled code depends on besides the source: Jinja, Python and the environment's settings."""
    settings = [
        jinja2.__version__,
        sys.implementation.cache_tag,
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
    return hashlib.sha256(json.dumps(settings).encode("utf-8")).hexdigest()[:16]


def cache_folder(env: jinja2.Environment) -> Path:
    """The bytecode cache folder for this Jinja, Python and set of settings (under the user's cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = f"jinja-{jinja2.__version__}-{sys.implementation.cache_tag}-{settings_key(env)}"
    return Path(base) / "schemagen" / version


def _bytecode_cache(env: jinja2.Environment) -> FileSystemBytecodeCache | None:
    folder = cache_folder(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no cache folder: compile in memory
    return _Cache(str(folder))


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
    env.bytecode_cache = _bytecode_cache(env)
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
