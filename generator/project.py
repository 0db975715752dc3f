"""`schemagen init`: start a project: its spec (inspected from a live database, or a starter) and its config.

Nothing is overwritten: an existing spec or configuration file is an error naming it (`--force` replaces
the spec; an existing configuration is kept and reported, never rewritten). Every file is written
atomically, and the spec written is checked by loading it before anything lands. The project's .gitignore
gets `local.db*` and `.env` (created or extended, never a line twice), so the first commit holds no
database and no token.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from msgspec import Struct, field

from generator.config import DEFAULT_OUT, DEFAULT_SPEC, Database, find_config
from generator.errors import EmptyDatabase, SchemagenError, SpecError
from generator.files import write_atomically
from generator.spec import load_spec

CONFIG_NAME = "schemagen.toml"

STARTER = """\
# yaml-language-server: $schema={schema_uri}
# The spec of this project's database: the one source the DDL, the docs, the validators, the app's
# code and `schemagen push` are built from. Every key: `schemagen docs format`.
version: 1
name: {name}
title: {title}
description: >-
  What this database is for, in one paragraph (shown at the top of the reference page).
tables:
  notes:
    description: A first table (replace it with yours).
    columns:
      id: {{type: integer, primary_key: true, autoincrement: true}}
      title: {{type: text, not_null: true, description: Shown in lists.}}
      body: {{type: text}}
      tags:
        type: json
        json: {{type: array, items: {{type: string}}}}
        example: [first, draft]
      created_at: {{type: text, not_null: true, default: {{sql: CURRENT_TIMESTAMP}}}}
    indexes:
      idx_notes_created: {{columns: [created_at]}}
"""


class Started(Struct, frozen=True):
    """What init wrote (paths relative to the project folder) and what it found already there."""

    spec: Path
    config: Path | None  # None: an existing configuration was kept
    kept_config: Path | None
    source: str  # the database inspected, or "" for the starter spec
    summary: str
    ignored: tuple[str, ...] = ()  # the lines added to .gitignore (none when all were there)
    database: Database = field(
        default_factory=Database
    )  # what the configuration written says about the database
    spec_kept: bool = False  # the spec was there already: only the configuration was written


def init_project(
    folder: Path,
    *,
    url: str | None = None,
    token: str | None = None,
    spec: Path | None = None,
    force: bool = False,
    profile: bool = True,
    timeout: float | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Started:
    """Write the spec (from `url` when given, else a starter) and a schemagen.toml in `folder`.

    The configuration remembers the database: `url` (without any token), or `url_env` when the URL came
    from TURSO_DATABASE_URL, and `token_env` when a token was used (a token itself is never written).
    A folder that already has the spec gets just the configuration. `spec`: where, relative to `folder`
    (default: the configuration's default, DEFAULT_SPEC).
    """
    spec = DEFAULT_SPEC if spec is None else spec
    spec_path = folder / spec
    existing = find_config(folder)
    settings = _remembered(folder, url, token)
    if spec_path.exists() and not force:
        if existing is not None:
            raise SchemagenError(f"{spec_path}: already exists (--force replaces it), and so does {existing}")
        only = folder / CONFIG_NAME
        write_atomically(only, _config_text(spec, settings))
        ignored = ignore_secrets(folder)
        return Started(
            spec, only.relative_to(folder), None, "", "kept as it is", ignored, settings, spec_kept=True
        )
    if url or _database_configured(folder):
        from generator.inspect import inspect_target

        try:
            found = inspect_target(
                url, token, profile=profile, progress=progress, timeout=timeout, cwd=folder
            )
        except EmptyDatabase as empty:  # a new project's database: start from the starter, push fills it
            if empty.others:  # views without tables: a starter pushed there would drop them
                raise
            text = _starter(folder)
            source, summary = "", f"{empty.url} has no tables yet: a starter spec with one example table"
        else:
            text, source, summary = found.to_yaml(), found.url, found.summary
            if found.problems:
                details = "; ".join(found.problems)
                raise SchemagenError(
                    f"{found.url}: the database holds what a spec refuses, nothing written: {details}"
                )
    else:
        text, source, summary = _starter(folder), "", "a starter spec with one example table"
    if not text.startswith("# yaml-language-server:"):  # editors check the spec as it is typed
        text = f"# yaml-language-server: $schema={_schema_uri()}\n" + text
    try:
        load_spec(spec, text=text, display=str(spec))
    except SpecError as err:  # pragma: no cover - the writer's contract; a failure is a schemagen bug
        raise SchemagenError(f"{spec}: the spec written would not load: {err.problems[0]}") from None
    write_atomically(spec_path, text)
    config = None
    if existing is None:
        config = folder / CONFIG_NAME
        write_atomically(config, _config_text(spec, settings))
    ignored = ignore_secrets(folder)
    return Started(
        spec=spec,
        config=config.relative_to(folder) if config is not None else None,
        kept_config=existing,
        source=source,
        summary=summary,
        ignored=ignored,
        database=settings,
    )


def ignore_secrets(folder: Path) -> tuple[str, ...]:
    """Add the embedded database (`local.db*`: with its -wal and -shm files) and `.env` (the token) to the
    folder's .gitignore, creating or extending it; a line already there (also as `/name`) is not repeated.
    Returns the lines added."""
    from generator.db import DEFAULT_DATABASE

    path = folder / ".gitignore"
    try:
        text = path.read_bytes().decode("utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemagenError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    present = {line.strip().removeprefix("/") for line in text.splitlines()}
    wanted = (f"{DEFAULT_DATABASE}*", ".env")
    missing = tuple(line for line in wanted if line not in present)
    if not missing:
        return ()
    if text and not text.endswith("\n"):
        text += "\n"
    text += "# schemagen: the embedded database and the environment file that holds the token\n"
    text += "".join(f"{line}\n" for line in missing)
    write_atomically(path, text)
    return missing


def _remembered(folder: Path, url: str | None, token: str | None) -> Database:
    """What the configuration says about the database init reads: the URL without a token (or the
    variable it came from), and the variable that holds the token."""
    from generator.db import resolve_target

    url_env = ""
    if url is None and _database_configured(folder):
        url_env = "TURSO_DATABASE_URL"
    resolved = resolve_target(url, token, folder)
    token_used = bool(resolved.token) or bool(url and _TOKEN_PARAM.search(url))
    clean = _TOKEN_PARAM.sub("", url).rstrip("?&") if url else ""
    return Database(url=clean, url_env=url_env, token_env="TURSO_AUTH_TOKEN" if token_used else "")


_TOKEN_PARAM = re.compile(r"(?i)(?<=[?&])(authToken|auth_token|token)=[^&#]*&?")


def _starter(folder: Path) -> str:
    """The starter spec, named after the folder; its first line points editors at the packaged JSON Schema."""
    name = _name(folder)
    title = name.replace("-", " ").replace("_", " ").capitalize()
    return STARTER.format(name=name, title=title, schema_uri=_schema_uri())


def _schema_uri() -> str:
    """The file: URI of the spec format's JSON Schema in this installation (`schemagen schema-path --uri`)."""
    from generator.spec.check import schema_file

    return schema_file().as_uri()


def _database_configured(folder: Path) -> bool:
    """True when the environment or the folder's .env names a database (TURSO_DATABASE_URL)."""
    from generator.db import DEFAULT_DATABASE, resolve_target

    return not resolve_target(None, None, folder).source.endswith(f"embedded file {DEFAULT_DATABASE}")


def _name(folder: Path) -> str:
    """A database name from the folder's name (letters, digits, `-` and `_`), `app` when none is left."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(os.path.abspath(folder)).name)
    cleaned = cleaned.strip("-_")
    return cleaned if cleaned[:1].isalpha() else f"app-{cleaned}" if cleaned else "app"


def _config_text(spec: Path, database: Database) -> str:
    lines = [
        "# schemagen's settings for this project (flags override them).",
        f"spec = {_toml_string(spec.as_posix())}",
        f"out = {_toml_string(DEFAULT_OUT.as_posix())}",
    ]
    if database.url:
        lines.append(
            f"url = {_toml_string(database.url)}  # the database every command uses (--url overrides)"
        )
    if database.url_env:
        lines.append(f"url_env = {_toml_string(database.url_env)}  # the variable holding the database URL")
    if database.token_env:
        lines.append(f"token_env = {_toml_string(database.token_env)}  # the variable holding the token")
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML)."""
    return json.dumps(text, ensure_ascii=False)
