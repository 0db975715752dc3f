"""Templates compiled at wheel build time (issue 29: the first `generate` after an install compiles nothing).

The wheel build (generator/emit/prebuild.py) runs `templates.write_compiled` on the package's templates; here
it runs on a copy of them, made an importable package of its own, and `generate` runs from it: the output
is the same as when Jinja compiles the sources, no template reaches the bytecode cache, and a template whose
source no longer matches the stamp, or a stamp from another Jinja, is compiled from its source as ever.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.cli import cli

from generator.emit import templates

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the templates as the package `compiled_templates_test`, its templates compiled."""
    name = "compiled_templates_test"
    folder = tmp_path / "site" / name
    shutil.copytree(ROOT / "templates", folder, ignore=shutil.ignore_patterns("__pycache__"))
    written = templates.write_compiled(folder)
    assert {p.name for p in written} >= {"_jinja_stamp.py"} and len(written) == len(
        list(folder.glob("*.j2"))
    ) + 1
    monkeypatch.syspath_prepend(str(folder.parent))
    monkeypatch.setattr(templates, "TEMPLATE_PACKAGE", name)
    _fresh()
    yield folder
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]
    _fresh()


def _fresh() -> None:
    """Forget the environment and the stamp (both are built once per process)."""
    templates.make_env.cache_clear()
    templates._stamp.cache_clear()


def generate(out: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Run `generate` with an empty template cache; every output file's text by its relative path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    _fresh()
    code, _out, err = cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert code == 0, err
    return {str(p.relative_to(out)): p.read_text() for p in sorted(out.rglob("*")) if p.is_file()}


def cached(cache: Path) -> list[Path]:
    """The templates Jinja compiled into the bytecode cache."""
    return list(cache.rglob("*.cache"))


def test_compiled_templates_give_the_same_output_and_compile_nothing(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = generate(tmp_path / "a", tmp_path / "cache-a", monkeypatch)
    assert cached(tmp_path / "cache-a") == []  # nothing compiled: every template came from its module
    (package / "_jinja_stamp.py").unlink()  # no stamp: the package has no compiled templates
    sys.modules.pop(f"{templates.TEMPLATE_PACKAGE}._jinja_stamp", None)
    from_source = generate(tmp_path / "b", tmp_path / "cache-b", monkeypatch)
    assert cached(tmp_path / "cache-b") != []  # compiled from source, through the cache
    assert compiled == from_source and len(compiled) > 5


def test_an_edited_template_or_another_jinja_is_compiled_from_its_source(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = package / "schema.sql.j2"
    sql.write_text(sql.read_text() + "-- edited after the build\n")
    out = generate(tmp_path / "a", tmp_path / "cache-a", monkeypatch)
    assert [p.name for p in cached(tmp_path / "cache-a")] and len(cached(tmp_path / "cache-a")) == 1
    assert (
        next(text for name, text in out.items() if name.endswith(".sql"))
        .rstrip()
        .endswith("-- edited after the build")
    )

    stamp = package / "_jinja_stamp.py"
    stamp.write_text(
        stamp.read_text().replace(f"'jinja': '{templates.jinja2.__version__}'", "'jinja': '0.0'")
    )
    sys.modules.pop(f"{templates.TEMPLATE_PACKAGE}._jinja_stamp", None)
    generate(tmp_path / "b", tmp_path / "cache-b", monkeypatch)
    stamp.unlink()
    sys.modules.pop(f"{templates.TEMPLATE_PACKAGE}._jinja_stamp", None)
    generate(tmp_path / "c", tmp_path / "cache-c", monkeypatch)
    # Another Jinja's compiled templates: none used, every template compiled as with none at all.
    assert len(cached(tmp_path / "cache-b")) == len(cached(tmp_path / "cache-c")) > 1
