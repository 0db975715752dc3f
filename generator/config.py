"""Project settings: `[tool.schemagen]` in pyproject.toml or a schemagen.toml, found as ruff finds its own.

Precedence, highest first: command-line flags; the one configuration file (`--config FILE`, else the
first folder from the working directory upwards that holds a schemagen.toml, or a pyproject.toml with a
`[tool.schemagen]` table; in one folder schemagen.toml wins); the built-in defaults below. Files are never
merged. Paths in a file are relative to the folder that holds it (the project root); paths given as flags
are relative to the working directory.
"""

from __future__ import annotations

import os
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from msgspec.structs import fields

from generator.errors import ConfigError

DEFAULT_SPEC = Path("spec/schema.yaml")
DEFAULT_OUT = Path("generated")
DEFAULT_CONCURRENCY = 8  # fleet: databases worked on at once
DEFAULT_PLATFORM_API = "https://api.turso.tech"  # Turso's Platform API (fleets from --platform-org)
CONFIG_FILES = ("schemagen.toml", "pyproject.toml")  # the order they are looked for in one folder
GENERATE = "schemagen generate"
_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


class PageNames(Struct, frozen=True):
    """The file names of the three generated pages (inside the output folder)."""

    reference: str = "SCHEMA.md"
    diagram: str = "DIAGRAM.md"
    quick_reference: str = "QUICK_REFERENCE.md"


class Database(Struct, frozen=True):
    """Where the project's database is: a URL, or the name of the environment variable holding it, and
    the name of the variable holding its token (a token itself never goes in a file)."""

    url: str = ""
    url_env: str = ""
    token_env: str = ""

    @property
    def given(self) -> bool:
        """True when the configuration names the database."""
        return bool(self.url or self.url_env)


class Config(Struct, frozen=True):
    """The project's settings, with paths usable from the working directory."""

    root: Path = field(default_factory=Path)  # the folder of the file (the working directory when none)
    file: Path | None = None  # where the settings came from (None: the built-in defaults)
    spec: Path = DEFAULT_SPEC
    out: Path = DEFAULT_OUT
    outputs: tuple[str, ...] | None = None  # emitter names (None: every emitter of the registry)
    pages: PageNames = field(default_factory=PageNames)
    regenerate: str = ""  # the command the generated files name ('' = `schemagen generate` + flags)
    lint: tuple[tuple[str, str], ...] = ()  # `[lint]`: rule id -> severity (checked by generator.lint)
    explicit: bool = False  # the file was named with --config
    database: Database = field(default_factory=lambda: Database())

    def label(self, path: Path) -> str:
        """How generated files name a path: relative to the project root when inside it."""
        absolute = Path(os.path.abspath(path))
        root = Path(os.path.abspath(self.root))
        return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else path.as_posix()

    def generate_command(self, spec: Path, out: Path) -> str:
        """The command that regenerates files written from `spec` into `out`, run at the project root."""
        if self.regenerate:
            return self.regenerate
        words = [GENERATE]
        if self.explicit and self.file is not None:
            words.append(f"--config {shlex.quote(self.label(self.file))}")
        if not _same(spec, self.spec):
            words.append(f"--spec {shlex.quote(self.label(spec))}")
        if not _same(out, self.out):
            words.append(f"--out {shlex.quote(self.label(out))}")
        return " ".join(words)


def _same(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in `start` (default: the working directory), or None."""
    here = Path(os.path.abspath(start or Path.cwd()))
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _has_table(pyproject: Path) -> bool:
    """True when a pyproject.toml has a `[tool.schemagen]` table (a broken file counts: it is reported)."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        return isinstance(tomllib.loads(text).get("tool", {}).get("schemagen"), dict)
    except tomllib.TOMLDecodeError:
        return "[tool.schemagen" in text


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The settings of `path` (named with --config), else of the file found from `start`, else defaults."""
    file = path if path is not None else find_config(start)
    if file is None:
        return Config(root=_relative(Path(os.path.abspath(start or Path.cwd()))))
    where = _relative(file)
    data = _read(file, where)
    table = data if file.name != "pyproject.toml" else data.get("tool", {}).get("schemagen")
    prefix = "" if file.name != "pyproject.toml" else "tool.schemagen."
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: no [tool.schemagen] table")
    return _build(table, file, where, prefix, explicit=path is not None)


def _relative(path: Path) -> Path:
    """`path` as the user reads it: relative to the working directory when inside it."""
    absolute = Path(os.path.abspath(path))
    cwd = Path.cwd()
    if absolute == cwd:
        return Path()
    return absolute.relative_to(cwd) if absolute.is_relative_to(cwd) else Path(os.path.relpath(absolute, cwd))


def _read(file: Path, where: Path) -> dict[str, Any]:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{where}: no such configuration file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: not valid UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read: {exc.strerror}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib (3.11) puts the place in the message: "Invalid value (at line 3, column 7)".
        found = _TOML_PLACE.search(str(exc))
        at = f"{found[1]}:{found[2]}:" if found and found[1] else ""
        message = _TOML_PLACE.sub("", str(exc)).strip()
        raise ConfigError(f"{where}:{at} invalid TOML: {message}") from None


KEYS = ("spec", "out", "outputs", "pages", "regenerate", "lint", "url", "url_env", "token_env")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TOKEN_IN_URL = re.compile(r"(?i)[?&](authToken|auth_token|token)=")


def _build(table: dict[str, Any], file: Path, where: Path, prefix: str, *, explicit: bool) -> Config:
    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where}: {prefix}{key}: {message}")

    for key in table:
        if key in ("token", "auth_token", "authToken"):
            raise fail(key, "a token never goes in a file: name the environment variable holding it with "
                       "`token_env` (e.g. token_env = \"TURSO_AUTH_TOKEN\")")  # fmt: skip
        if key not in KEYS:
            import difflib  # only for a hint: not imported on every start

            hint = difflib.get_close_matches(key, KEYS, n=1)
            more = f"; did you mean '{hint[0]}'?" if hint else f" (known: {', '.join(KEYS)})"
            raise fail(key, f"unknown key{more}")
    root = _relative(file.parent)

    def path(key: str, default: Path) -> Path:
        value = table.get(key)
        if value is None:
            return root / default
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "must be a non-empty path string")
        return root / value

    outputs = table.get("outputs")
    if outputs is not None and (
        not isinstance(outputs, list) or not outputs or not all(isinstance(o, str) and o for o in outputs)
    ):
        raise fail("outputs", "must be a non-empty list of output names")
    regenerate = table.get("regenerate", "")
    if not isinstance(regenerate, str) or ("regenerate" in table and not regenerate.strip()):
        raise fail("regenerate", "must be a non-empty command string")
    return Config(
        root=root,
        file=where,
        spec=_tidy(path("spec", DEFAULT_SPEC)),
        out=_tidy(path("out", DEFAULT_OUT)),
        outputs=tuple(outputs) if outputs is not None else None,
        pages=_pages(table.get("pages", {}), fail),
        regenerate=regenerate.strip(),
        lint=_lint(table.get("lint", {}), fail),
        explicit=explicit,
        database=_database(table, fail),
    )


def _database(table: dict[str, Any], fail: Any) -> Database:
    """`url` / `url_env` / `token_env`: where the database is and which variable holds its token."""
    values: dict[str, str] = {}
    for key in ("url", "url_env", "token_env"):
        value = table.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "must be a non-empty string")
        if key != "url" and not _ENV_NAME.match(value):
            raise fail(key, "must be the name of an environment variable, like TURSO_DATABASE_URL")
        values[key] = value.strip()
    if "url" in values and "url_env" in values:
        raise fail("url_env", "give `url` or `url_env`, not both")
    if _TOKEN_IN_URL.search(values.get("url", "")):
        raise fail("url", "a token never goes in a file: remove it from the URL and set `token_env`")
    return Database(**values)


def _tidy(path: Path) -> Path:
    """`./spec/x.yaml` -> `spec/x.yaml`, `a/../b` -> `b` (paths are shown in messages and pages)."""
    return Path(os.path.normpath(path))


def _lint(value: Any, fail: Any) -> tuple[tuple[str, str], ...]:
    """`[lint]`: rule ids to severities, as strings (generator.lint knows the rules and checks them)."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise fail("lint", 'must be a table of rule = "off" | "notice" | "warning" | "error"')
    return tuple((str(k), v) for k, v in value.items())


def _pages(value: Any, fail: Any) -> PageNames:
    names = [f.name for f in fields(PageNames)]
    if not isinstance(value, dict):
        raise fail("pages", f"must be a table of {', '.join(names)}")
    chosen: dict[str, str] = {}
    for key, name in value.items():
        if key not in names:
            import difflib  # only for a hint: not imported on every start

            hint = difflib.get_close_matches(key, names, n=1)
            more = f"; did you mean '{hint[0]}'?" if hint else f" (known: {', '.join(names)})"
            raise fail(f"pages.{key}", f"unknown page{more}")
        if not isinstance(name, str) or not name.endswith(".md") or "/" in name or "\\" in name:
            raise fail(f"pages.{key}", "must be a file name ending in .md (no folders)")
        chosen[key] = name
    pages = PageNames(**chosen)
    every = [getattr(pages, n) for n in names]
    if len(set(every)) != len(every):
        raise fail("pages", "two pages have the same file name")
    return pages
