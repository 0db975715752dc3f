"""Templates compile through Jinja's own bytecode cache: reused across runs, never for another source."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2
import pytest

from generator.emit import templates
from generator.emit.docs import build_view
from generator.emit.render import Options
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_spec(ROOT / "spec/schema.yaml")


def _render(env: jinja2.Environment) -> str:
    template = env.get_template("schema.sql.j2")
    return template.render(schema=SCHEMA, view=build_view(SCHEMA), options=Options())


def _fresh(monkeypatch: pytest.MonkeyPatch, cache_home: Path) -> jinja2.Environment:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    return templates.make_env.__wrapped__()  # a new environment: nothing loaded yet


def test_a_second_run_loads_the_compiled_code_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = _fresh(monkeypatch, tmp_path)
    expected = _render(first)
    folder = templates.cache_folder(first)
    assert folder.parent == tmp_path / "schemagen" and len(list(folder.glob("__jinja2_*.cache"))) == 1
    second = _fresh(monkeypatch, tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again although the cache holds it")

    monkeypatch.setattr(second, "compile", refuse)
    assert _render(second) == expected


def test_an_edited_template_is_compiled_from_its_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The cache keeps a checksum of the source: an edit is compiled again, and what it says is rendered."""
    expected = _render(_fresh(monkeypatch, tmp_path))
    source = templates._source

    def edited(name: str) -> tuple[str, str]:
        text, path = source(name)
        return text + ("-- edited\n" if name == "schema.sql.j2" else ""), path

    monkeypatch.setattr(templates, "_source", edited)
    assert _render(_fresh(monkeypatch, tmp_path)) == expected + "-- edited\n"


def test_an_unwritable_or_broken_cache_is_no_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    expected = _render(_fresh(monkeypatch, tmp_path / "ok"))
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _render(_fresh(monkeypatch, blocked)) == expected  # the cache folder cannot even be made
    locked = tmp_path / "locked"
    env = _fresh(monkeypatch, locked)
    folder = templates.cache_folder(env)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if not os.access(folder, os.W_OK):  # root writes anyway; the other cases still hold
            assert _render(env) == expected
    finally:
        folder.chmod(stat.S_IRWXU)
    env = _fresh(monkeypatch, tmp_path / "ok")
    for entry in templates.cache_folder(env).glob("*.cache"):
        entry.write_bytes(entry.read_bytes()[:40])  # cut short: a crash mid-write of another tool
    assert _render(env) == expected


def test_settings_are_part_of_the_folder() -> None:
    env = templates.make_env()
    assert templates.settings_key(env) != templates.settings_key(env.overlay(trim_blocks=False))
