"""Seeded fuzz of the spec loader: 3,000 mutated specs, and every outcome is a Schema or a SpecError.

Half the mutants break the YAML text (characters deleted, inserted, swapped), half keep valid YAML but
put odd values in its tree (wrong types, NaN, huge numbers, lone surrogates, deleted keys), which is
what reaches the semantic checks. Plain `random` with a fixed seed: the same 3,000 specs on every run.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml

from generator.errors import SpecError
from generator.model import Schema
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "tests" / "data" / "golden" / "mini" / "spec.yaml").read_text(encoding="utf-8")
MUTANTS = 3000
SEED = 8_2026
ODD: list[Any] = [
    None, True, 0, -1, 2**70, 1.5, float("nan"), float("inf"), "", "x", "text", "json", "integer",
    [], {}, [1], {"a": 1}, "\ud800", "a" * 300, "questions", "id", {"table": "questions", "column": "id"},
    {"type": "array"}, [None], "SELECT 1", "DROP TABLE questions", "\x00",
]  # fmt: skip
TEXT_NOISE = ":-[]{}\"'\t\n #&*!|>%@`,?\\x0"


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def mutate_tree(rng: random.Random, data: Any, spots: list[tuple[Any, ...]]) -> str | None:
    tree = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        spot = rng.choice(spots[1:])
        node = tree
        try:
            for part in spot[:-1]:
                node = node[part]
            if isinstance(node, dict) and rng.random() < 0.3:
                node.pop(spot[-1], None)
            elif isinstance(node, dict) and rng.random() < 0.2:
                node[rng.choice(["extra", "type", "json", 7, "references"])] = rng.choice(ODD)
            else:
                node[spot[-1]] = rng.choice(ODD)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the spot
    try:
        return yaml.safe_dump(tree, allow_unicode=True)
    except yaml.YAMLError:
        return None


def mutate_text(rng: random.Random) -> str:
    chars = list(BASE)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(chars))
        roll = rng.random()
        if roll < 0.4:
            del chars[at]
        elif roll < 0.7:
            chars.insert(at, rng.choice(TEXT_NOISE))
        else:
            chars[at] = rng.choice("ab:- \n")
    return "".join(chars)


def test_mutated_specs_load_or_fail_with_a_spec_error() -> None:
    assert isinstance(load_spec("mini.yaml", text=BASE), Schema)
    rng = random.Random(SEED)
    data = yaml.safe_load(BASE)
    spots = paths(data)
    outcomes = {"schema": 0, "error": 0}
    for number in range(MUTANTS):
        text = mutate_text(rng) if number % 2 else mutate_tree(rng, data, spots)
        if text is None:
            continue
        try:
            result = load_spec("mutant.yaml", text=text)
        except SpecError as exc:
            assert str(exc).strip(), number
            outcomes["error"] += 1
            continue
        assert isinstance(result, Schema), number
        outcomes["schema"] += 1
    assert outcomes["schema"] > MUTANTS // 20 and outcomes["error"] > MUTANTS // 4, outcomes
