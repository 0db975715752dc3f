"""The streaming reader of JSON arrays against json itself: values, the lines records start on, and errors,
whatever the size of the chunks it reads (seeded, bounded)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli

import generator.data.records as records
from generator.data.jsonvalue import JsonProblem, parse_text
from generator.data.records import iter_records
from generator.data.validate import Unreadable
from generator.db import connect
from generator.errors import DataError
from generator.spec import load_spec
from generator.sqlite.ddl import schema_statements

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "schema.yaml"
SPEC = load_spec(SPEC_PATH)

SEED = 20261207
CASES = 60
CHUNKS = (1, 2, 3, 5, 7, 16, 64, 1 << 20)


def _value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.choice([0, -1, 7, 10**12, -(2**63), 2**64])
    if kind == 1:
        return rng.choice([0.5, -1.25e-7, 1e300, 3.0])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind in (3, 4, 5):
        pieces = ["a", ",", "]", "}", "[", "{", '"', "\\", "\n", "é", "\u2028", " ", "1e5"]
        return "".join(rng.choice(pieces) for _ in range(rng.randrange(8)))
    if kind in (6, 7):
        return {f"k{i}": _value(rng, depth + 1) for i in range(rng.randrange(4))}
    return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]


def _document(rng: random.Random) -> tuple[str, list[Any]]:
    """A JSON array of records, laid out with blanks and line breaks anywhere JSON allows them."""
    items = [
        {"id": f"q-{i}", "n": i, "v": _value(rng)} if rng.random() < 0.8 else _value(rng)
        for i in range(rng.randrange(12))
    ]

    def blank() -> str:
        return "".join(rng.choice(["", " ", "\n", "\t", "\r\n", "  \n "]) for _ in range(rng.randrange(3)))

    indent = rng.choice([None, 0, 2])
    texts = [json.dumps(item, indent=indent, ensure_ascii=rng.random() < 0.5) for item in items]
    return blank() + "[" + blank() + (blank() + "," + blank()).join(texts) + blank() + "]" + blank(), items


def _lines(text: str) -> list[int]:
    """The line each element of the array starts on, found by json's own decoder."""
    decoder = json.JSONDecoder()

    def blank(pos: int) -> int:
        while text[pos] in " \t\n\r":
            pos += 1
        return pos

    pos = blank(text.index("[") + 1)
    found = []
    while text[pos] != "]":
        found.append(text.count("\n", 0, pos) + 1)
        pos = blank(decoder.raw_decode(text, pos)[1])
        pos = blank(pos + 1) if text[pos] == "," else pos
    return found


def _read(path: Path, chunk: int, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, Any]] | str:
    monkeypatch.setattr(records, "CHUNK", chunk)
    try:
        return [(r.index, r.line, r.value) for r in iter_records(path)]
    except DataError as exc:
        return str(exc)


def test_arrays_read_as_json_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(SEED)
    path = tmp_path / "records.json"
    for _ in range(CASES):
        text, items = _document(rng)
        path.write_text(text, encoding="utf-8", newline="")
        expected = list(zip(range(len(items)), _lines(text), items, strict=True))
        for chunk in CHUNKS:
            assert _read(path, chunk, monkeypatch) == expected, (text, chunk)


def test_broken_arrays_fail_the_same_way_whatever_the_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(SEED + 1)
    path = tmp_path / "broken.json"
    broken = 0
    for _ in range(CASES):
        text, _items = _document(rng)
        cut = rng.randrange(1, len(text))
        damaged = rng.choice(
            [text[:cut], text[:cut] + rng.choice([",", "]", "x", "{", '"', ",,"]) + text[cut:]]
        )
        path.write_text(damaged, encoding="utf-8", newline="")
        outcomes = {chunk: _read(path, chunk, monkeypatch) for chunk in CHUNKS}
        whole = outcomes[1 << 20]
        assert all(outcome == whole for outcome in outcomes.values()), (damaged, outcomes)
        broken += isinstance(whole, str)
    assert broken > CASES // 3  # most damage is found (a cut after the last bracket is not damage)


def test_an_integer_too_long_to_read_is_one_unreadable_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python refuses to convert more than sys.get_int_max_str_digits() digits (a guard against slow
    conversions): such a record is unreadable, named, and the records after it are read."""
    digits = "7" * (sys.get_int_max_str_digits() + 1)
    reason = f"record holds an integer of more than {sys.get_int_max_str_digits()} digits"
    array = tmp_path / "long.json"
    array.write_text(
        f'[{{"id": "a", "n": [{digits}]}},\n -{digits},\n {{"id": "b"}}, {digits}]', encoding="utf-8"
    )
    lines = tmp_path / "long.jsonl"
    lines.write_text(f'{{"id": "a", "n": {digits}}}\n{{"id": "b"}}\n', encoding="utf-8")
    for chunk in CHUNKS:
        monkeypatch.setattr(records, "CHUNK", chunk)
        read = [(r.index, r.line, r.value) for r in iter_records(array)]
        assert read == [
            (0, 1, Unreadable(reason)),
            (1, 2, Unreadable(reason)),
            (2, 3, {"id": "b"}),
            (3, 3, Unreadable(reason)),
        ], chunk
        assert [(r.index, r.line, r.value) for r in iter_records(lines)] == [
            (0, 1, Unreadable(reason)),
            (1, 2, {"id": "b"}),
        ]


def test_the_import_names_the_record_with_the_long_integer(tmp_path: Path) -> None:
    url = f"file:{tmp_path / 'app.db'}"
    with connect(url, create=True) as db:
        db.apply(schema_statements(SPEC))
    source = tmp_path / "q.json"
    source.write_text('[{"id": "q-1", "n": ' + "1" * 5000 + "}]", encoding="utf-8")
    result = cli("import", "questions", str(source), "--url", url, "--spec", str(SPEC_PATH))
    assert result.exit_code == 1, result.output
    reason = f"record holds an integer of more than {sys.get_int_max_str_digits()} digits"
    assert f"q.json:1: row 1: {reason}" in result.stderr


def test_a_json_column_given_as_text_with_a_long_integer_is_a_problem_of_the_row(tmp_path: Path) -> None:
    url = f"file:{tmp_path / 'app.db'}"
    with connect(url, create=True) as db:
        db.apply(schema_statements(SPEC))
    source = tmp_path / "q.json"
    source.write_text(json.dumps([{"id": "q-1", "tags": "[" + "1" * 5000 + "]"}]), encoding="utf-8")
    result = cli("import", "questions", str(source), "--url", url, "--spec", str(SPEC_PATH))
    assert result.exit_code == 1, result.output
    digits = sys.get_int_max_str_digits()
    assert (
        f"row 1 (key q-1): tags: JSON that cannot be read (holds an integer of more than {digits} digits)"
        in result.stderr
    )
    with pytest.raises(JsonProblem, match=f"holds an integer of more than {digits} digits"):
        parse_text("1" * 5000)
