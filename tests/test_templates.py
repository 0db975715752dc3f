"""The templates ship compiled (generator/emit/compiled/); a compiled module is used only when current."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.emit import templates
from generator.emit.docs import build_view
from generator.emit.render import Options
from generator.emit.templates import COMPILED_DIR, compiled_files, make_env
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent


def test_the_compiled_templates_are_current() -> None:
    """Every packaged template has its compiled module, exactly as `make templates` writes it today."""
    wanted = compiled_files()
    present = {p.name: p.read_text(encoding="utf-8") for p in COMPILED_DIR.glob("*.py")}
    assert sorted(present) == sorted(wanted), "run `make templates`"
    stale = [name for name, text in wanted.items() if present[name] != text]
    assert not stale, f"stale compiled templates {stale}: run `make templates`"


def test_a_current_compiled_module_is_what_renders() -> None:
    template = make_env().get_template("schema.sql.j2")
    assert template.root_render_func.__code__.co_filename == str(COMPILED_DIR / "schema_sql.py")


def test_an_edited_template_is_compiled_from_its_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """A template whose source no longer matches its compiled module (an edit not yet compiled) renders
    what the source says: the compiled module is never served for another source."""
    source = templates._source

    def edited(name: str) -> str:
        return source(name) + ("-- edited\n" if name == "schema.sql.j2" else "")

    monkeypatch.setattr(templates, "_source", edited)
    env = templates.make_env.__wrapped__()  # a fresh environment: nothing loaded yet
    template = env.get_template("schema.sql.j2")
    assert template.root_render_func.__code__.co_filename != str(COMPILED_DIR / "schema_sql.py")
    schema = load_spec(ROOT / "spec/schema.yaml")
    text = template.render(schema=schema, view=build_view(schema), options=Options())
    assert text.endswith("-- edited\n")
    assert text.removesuffix("-- edited\n") == make_env().get_template("schema.sql.j2").render(
        schema=schema, view=build_view(schema), options=Options()
    )


def test_settings_are_part_of_the_key() -> None:
    env = make_env()
    other = env.overlay(trim_blocks=False)
    source = "x"
    assert templates.compiled_key(env, "a.j2", source) != templates.compiled_key(other, "a.j2", source)
    assert templates.compiled_key(env, "a.j2", source) != templates.compiled_key(env, "a.j2", source + " ")
