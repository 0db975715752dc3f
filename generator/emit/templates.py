"""The one Jinja environment (templates ship inside the package) and the tidy-up every output gets.

Compiling a template is most of the cost of a run (Jinja lexes, parses and writes Python for each), so the
compiled code is kept in Jinja's own bytecode cache (`FileSystemBytecodeCache`) in a user cache folder:
`$XDG_CACHE_HOME/schemagen/` (else `~/.cache/schemagen/`), one subfolder per Jinja version, Python version and
environment settings. Jinja reuses an entry only for the very source it came from (it keeps a checksum), so
the cache can make a run faster, never its output different; when the folder cannot be written the templates
are compiled in memory, silently.

A wheel carries its templates compiled already (`generator/emit/prebuild.py`, a step of the wheel build;
nothing compiled is kept in the repository): Python modules next to the templates, with a stamp naming the
Jinja version, the environment's settings and each template's checksum. pip compiles them as it installs, so
even the first run after an install compiles no template. They are used only while the stamp matches the
Jinja that runs and the very source of the template; otherwise (another Jinja, an edited template, an
editable install, which has none) the bytecode cache serves as above.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import pickle
import sys
from collections.abc import Callable, Mapping, MutableMapping
from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from generator.errors import SchemagenError
from generator.files import cache_home

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


STAMP = "_jinja_stamp"  # the module, in the templates' package, describing the compiled templates


def compiled_name(template: str) -> str:
    """The module name (in the templates' package) of a template compiled at wheel build time."""
    return "_jinja_" + hashlib.sha1(template.encode("utf-8")).hexdigest()


def source_sum(source: str) -> str:
    """The checksum a compiled template is matched with its source by."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class _Loader(jinja2.BaseLoader):
    """The packaged templates: compiled at wheel build time when that matches, else compiled by Jinja's
    own `load`, through the bytecode cache."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, None]:
        source, path = _source(template)
        return source, path, None

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        module = _compiled(environment, name)
        if module is None:
            return super().load(environment, name, globals)
        return environment.template_class.from_module_dict(environment, vars(module), globals or {})


def _compiled(environment: jinja2.Environment, name: str) -> ModuleType | None:
    """The module compiled from template `name` at wheel build time, if the wheel has one for this Jinja,
    these settings and this very source; None otherwise."""
    stamp = _stamp()
    if stamp is None or stamp.get("settings") != settings_key(environment):
        return None
    try:
        source, _path = _source(name)
    except jinja2.TemplateNotFound:
        return None
    if stamp.get("sources", {}).get(name) != source_sum(source):
        return None  # an edited template: compiled from its source, as ever
    try:
        return importlib.import_module(f"{TEMPLATE_PACKAGE}.{compiled_name(name)}")
    except ImportError:
        return None


@cache
def _stamp() -> dict[str, Any] | None:
    """What the wheel's compiled templates were made with; None without them or for another Jinja."""
    try:
        module = importlib.import_module(f"{TEMPLATE_PACKAGE}.{STAMP}")
    except ImportError:
        return None  # an editable install, a checkout: none
    stamp: dict[str, Any] = getattr(module, "STAMP", {})
    return stamp if stamp.get("jinja") == jinja2.__version__ else None


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
    version = f"jinja-{jinja2.__version__}-{sys.implementation.cache_tag}-{settings_key(env)}"
    return cache_home() / version


def _bytecode_cache(env: jinja2.Environment) -> FileSystemBytecodeCache | None:
    folder = cache_folder(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no cache folder: compile in memory
    return _Cache(str(folder))


# The filters the templates use: name -> "module:function" (imported when the environment is built).
# The escaping functions (generator.emit.escape), one per output language and place.
FILTERS = {
    "qi": "generator.sqlite.ddl:quote_identifier",
    "sql_comment": "generator.emit.escape:sql_comment",
    "py_doc": "generator.emit.escape:py_doc",
    "line": "generator.emit.escape:one_line",
    "md": "generator.emit.escape:md_cell",
    "text": "generator.emit.escape:md_text",
    "heading": "generator.emit.escape:md_heading",
    "code": "generator.emit.escape:md_code",
    "span": "generator.emit.escape:md_span",
    "fence": "generator.emit.escape:md_fence",
    "info": "generator.emit.escape:md_info",
    "json_pretty": "generator.emit.docs:json_pretty",
}


def environment(filters: Mapping[str, Callable[..., Any]]) -> jinja2.Environment:
    """A Jinja environment with the settings of the one below (what compiled templates depend on)."""
    env = jinja2.Environment(
        loader=_Loader(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # loaded once per process: the templates are part of the installed package
    )
    env.filters.update(filters)
    return env


@cache
def make_env() -> jinja2.Environment:
    """The one Jinja environment, for production and tests alike (built once; templates load once)."""
    from generator.emit.header import generated_by

    filters = {}
    for name, where in FILTERS.items():
        module, _, function = where.partition(":")
        filters[name] = getattr(importlib.import_module(module), function)
    env = environment(filters)
    env.bytecode_cache = _bytecode_cache(env)
    env.globals["generated_by"] = generated_by
    return env


def write_compiled(folder: Path) -> list[Path]:
    """Compile every template in `folder` (the templates' package of a wheel being built) into a module
    beside it, and write the stamp; the files written. Run by the wheel build (generator/emit/prebuild.py)."""
    env = environment({name: _unused for name in FILTERS})  # compiled code looks filters up when it runs
    sources: dict[str, str] = {}
    written: list[Path] = []
    for path in sorted(folder.glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        code = env.compile(source, path.name, path.name, raw=True, defer_init=True)
        target = folder / f"{compiled_name(path.name)}.py"
        target.write_text(code, encoding="utf-8")
        written.append(target)
        sources[path.name] = source_sum(source)
    stamp = {"jinja": jinja2.__version__, "settings": settings_key(env), "sources": sources}
    target = folder / f"{STAMP}.py"
    target.write_text(f'"""Written by the wheel build."""\n\nSTAMP = {stamp!r}\n', encoding="utf-8")
    return [*written, target]


def _unused(*args: object, **kwargs: object) -> object:
    raise AssertionError("only compiled, never rendered")


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
