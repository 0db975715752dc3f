"""Checked specs kept in the user's cache (generator/spec/kept.py): a spec loaded before gives the same model
and the same warnings without being read again, and nothing but a clean, trusted entry of the same spec,
options, code and libraries is ever used."""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import pytest

from generator.errors import SchemagenError
from generator.files import package_state
from generator.spec import SpecProblems, kept, load_spec

ROOT = Path(__file__).resolve().parent.parent
SPECS = [ROOT / "spec" / "schema.yaml", *sorted((ROOT / "tests" / "data").rglob("*.yaml"))]


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty cache folder of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "schemagen" / "specs"


def fresh(path: Path, **options: object) -> tuple[object, list[str]] | str:
    """What loading `path` gives with no cache at all: the model and warnings, or the problems."""
    warnings: list[str] = []
    real = kept.kept_spec
    kept.kept_spec = lambda key: None  # type: ignore[assignment]
    try:
        return load_spec(path, warnings=warnings, **options), warnings  # type: ignore[arg-type]
    except SchemagenError as exc:  # SpecProblems, or SpecError for what is not even YAML
        return str(exc)
    finally:
        kept.kept_spec = real  # type: ignore[assignment]


def loaded(path: Path, **options: object) -> tuple[object, list[str]] | str:
    warnings: list[str] = []
    try:
        return load_spec(path, warnings=warnings, **options), warnings  # type: ignore[arg-type]
    except SchemagenError as exc:
        return str(exc)


def test_a_kept_spec_is_the_spec_read_again(cache: Path) -> None:
    """Every spec of the repository (the reference, the real projects' corpus, the warning and invalid
    cases): loaded twice through the cache, then without it, the same model, warnings or problems."""
    clean = warned = 0
    for path in SPECS:
        for options in ({}, {"check_queries": True}):
            first, second, none = loaded(path, **options), loaded(path, **options), fresh(path, **options)
            assert first == second == none, path
            clean += not isinstance(first, str)
            warned += not isinstance(first, str) and bool(first[1])
    assert clean > 40 and warned > 5 and len(SPECS) - clean // 2 > 10  # clean, warned and invalid specs
    entries = list(cache.glob("*.pickle"))
    assert 0 < len(entries) <= kept.KEEP
    assert all(e.stat().st_mode & 0o777 == 0o600 for e in entries)


def test_errors_are_never_kept(cache: Path, tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, colour: red}\n")
    for _ in range(2):
        with pytest.raises(SpecProblems, match=r"bad\.yaml:5:"):
            load_spec(spec)
    assert not cache.exists() or not list(cache.glob("*.pickle"))


def test_what_decides_the_result_names_the_entry(cache: Path, tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    text = "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
    spec.write_text(text)
    load_spec(spec)
    load_spec(spec, display="other name")
    load_spec(spec, check_queries=True)
    load_spec(spec, check_engines=True, engines=["turso"])
    spec.write_text(text.replace("id:", "key:"))
    assert load_spec(spec).tables[0].columns[0].name == "key"  # an edited spec is read again
    assert len(list(cache.glob("*.pickle"))) == 5
    # The code and the libraries: every file of this package and of PyYAML, msgspec and jsonschema,
    # with its size and time, and the Python and SQLite versions.
    state = kept._code_state()
    assert state is not None
    for name in ("generator/spec/kept.py", "generator/model/schema.py", "yaml/__init__.py", "msgspec/"):
        assert name in state, name
    assert sys.version in state
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "a.py").write_text("x = 1\n")
    before = package_state(folder)
    os.utime(folder / "a.py", ns=(1, 1))
    assert package_state(folder) != before


def test_an_entry_is_used_only_when_it_is_trusted_and_well_formed(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n")
    model = load_spec(spec)
    (entry,) = cache.glob("*.pickle")
    other = load_spec(ROOT / "spec" / "schema.yaml")
    for damage in (
        b"not a pickle",
        pickle.dumps(("a model", [])),
        pickle.dumps((other, ["a warning", 3])),
        pickle.dumps([other, []]),
    ):
        entry.write_bytes(damage)
        os.chmod(entry, 0o600)
        assert load_spec(spec) == model  # read again (and kept again, whole)
        assert pickle.loads(entry.read_bytes())[0] == model
    # A well-formed entry that others could have written is not trusted either.
    entry.write_bytes(pickle.dumps((other, [])))
    os.chmod(entry, 0o666)
    assert load_spec(spec) == model
    # Neither a link nor a FIFO put in its place is read (the FIFO would block the open forever).
    entry.unlink()
    elsewhere = tmp_path / "elsewhere.pickle"
    elsewhere.write_bytes(pickle.dumps((other, [])))
    os.chmod(elsewhere, 0o600)
    entry.symlink_to(elsewhere)
    assert load_spec(spec) == model
    entry.unlink()
    os.mkfifo(entry, 0o600)
    assert load_spec(spec) == model
    entry.unlink()
    # A cache that cannot be written: the spec is loaded all the same.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert load_spec(spec) == model
