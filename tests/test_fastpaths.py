"""Faster forms of things the package does on every start, each proved equal to the plain form it replaced."""

from __future__ import annotations

import re

from generator.emit import erd


def test_the_bare_attribute_pattern_matches_what_the_plain_character_class_matches() -> None:
    plain = re.compile(r"^[*A-Za-z_\u00C0-\uFFFF][A-Za-z0-9\-_\[\]().,\u00C0-\uFFFF*]*$")
    for code in [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        char = chr(code)
        for word in (char, f"a{char}", f"{char}\n", f"a{char}b", char * 2):
            assert bool(erd._BARE_ATTRIBUTE.match(word)) == bool(plain.match(word)), hex(code)


def test_the_spec_loader_builds_what_pyyaml_builds() -> None:
    """Strings are taken straight from their nodes; the data equals what the loader constructs itself."""
    from pathlib import Path

    import yaml

    from generator.spec.load import _Loader, parse_yaml

    root = Path(__file__).resolve().parent.parent
    texts = [
        p.read_text(encoding="utf-8")
        for p in [root / "spec/schema.yaml", *root.glob("tests/data/golden/*/spec.yaml")]
    ]
    texts.append(
        "a: &x foo\nb: *x\nc: !!str 12\nd: '12'\ne: 12\nf: null\ng: 2024-01-01\n"
        "h: [yes, no, ~, 0x1f, 1_000, 1.5e3]\n"
        "j: |\n  block\nk: !!binary aGk=\n'12': quoted key\n13: int key\n"
    )
    for text in texts:
        _marked, data = parse_yaml(text, "x.yaml")
        expected = yaml.load(text, Loader=_Loader)  # the project's SafeLoader subclass
        assert data == {str(k): v for k, v in expected.items()}


def test_a_table_sqlite_takes_whole_has_no_fragment_sqlite_refuses() -> None:
    """spec/sqlcheck.py tries the fragments one by one only when the whole table fails: sound only if a
    table SQLite takes whole never has a fragment it refuses alone (checked on every table we have)."""
    import sqlite3
    from pathlib import Path

    from generator.spec.build import build_model
    from generator.spec.load import parse_yaml
    from generator.spec.sqlcheck import _fragment_errors, _run
    from generator.sqlite.ddl import create_table_sql

    root = Path(__file__).resolve().parent.parent
    paths = [root / "spec/schema.yaml", *root.glob("tests/data/golden/*/spec.yaml")]
    paths += sorted((root / "tests/data/invalid").glob("*.yaml"))
    tables, refused = 0, 0
    for path in paths:
        try:
            schema = build_model(parse_yaml(path.read_text(encoding="utf-8"), path.name)[1])
        except Exception:  # input that fails before the SQL checks
            continue
        for table in schema.tables:
            whole = sqlite3.connect(":memory:")
            taken = not _run(whole, create_table_sql(table, if_not_exists=False))
            alone = _fragment_errors(sqlite3.connect(":memory:"), table)
            assert not (taken and alone), (path.name, table.name, alone)
            tables += 1
            refused += not taken
    assert tables > 30 and refused >= 3, (tables, refused)


def test_fold_lowers_ascii_letters_only() -> None:
    from generator.model.rules import _ASCII_FOLD, fold

    for code in range(0x3000):
        for text in (chr(code), f"Ab{chr(code)}", f"{chr(code)}Z_1"):
            assert fold(text) == text.translate(_ASCII_FOLD), hex(code)
