"""check_params: a value SQLite cannot hold is named by its parameter number, however many good values
surround it (the import sends hundreds of thousands through the fast path)."""

from __future__ import annotations

import pytest

from generator.db.base import Value, check_params
from generator.errors import DatabaseError

GOOD: list[Value] = ["plain", "naïve ☃", 0, -(2**63), 2**63 - 1, 1.5, b"\x00", None, True]


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (2**63, "an integer beyond SQLite's 64-bit range"),
        (-(2**63) - 1, "an integer beyond SQLite's 64-bit range"),
        ("ok \ud800", "text that is not valid Unicode"),
        (float("nan"), "NaN"),
        ([1], "a value of type list"),
    ],
)
def test_a_bad_value_among_many_is_named_by_its_number(bad: Value, why: str) -> None:
    params = GOOD * 1000
    check_params("file:x.db", "INSERT INTO t VALUES (?)", params)  # all good: no error
    params.insert(4321, bad)
    with pytest.raises(DatabaseError, match=f"parameter 4322 is {why}"):
        check_params("file:x.db", "INSERT INTO t VALUES (?)", params)
