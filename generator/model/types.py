"""Column types: the spec's short names, declared SQL types kept as written, and SQLite's affinity rules."""

from __future__ import annotations

import enum

# The spec's short type names -> the declared type the DDL writes (sqlglot keeps dialect differences alike).
SHORT_TYPES: dict[str, str] = {
    "text": "text",
    "integer": "integer",
    "real": "real",
    "blob": "blob",
    "json": "text",
}

# The types a STRICT table accepts (lang_createtable.html, "STRICT Tables"), upper-cased.
STRICT_TYPES = frozenset({"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"})


class Affinity(enum.StrEnum):
    """A column's type affinity (lang_datatype3.html section 3)."""

    INTEGER = "INTEGER"
    TEXT = "TEXT"
    BLOB = "BLOB"
    REAL = "REAL"
    NUMERIC = "NUMERIC"


def affinity(declared: str) -> Affinity:
    """SQLite's affinity of a declared type, by the documented rules, in their order (section 3.1)."""
    upper = declared.upper()
    if "INT" in upper:
        return Affinity.INTEGER
    if "CHAR" in upper or "CLOB" in upper or "TEXT" in upper:
        return Affinity.TEXT
    if not upper.strip() or "BLOB" in upper:
        return Affinity.BLOB
    if "REAL" in upper or "FLOA" in upper or "DOUB" in upper:
        return Affinity.REAL
    return Affinity.NUMERIC


def same_declared_type(a: str, b: str) -> bool:
    """Declared types compare case-insensitively with whitespace normalised (SQLite reads them so)."""
    return _norm(a) == _norm(b)


def _norm(declared: str) -> str:
    return "".join(declared.upper().split())


def value_kind(declared: str) -> str:
    """What values a column of this declared type holds once SQLite applied its affinity.

    'text', 'integer', 'real', 'blob' (declared BLOB), 'numeric' (NUMERIC affinity: numbers, or text that
    is not a number, such as DATETIME values) or 'any' (no declared type: anything, stored as given).
    """
    if not declared.strip():
        return "any"
    return {
        Affinity.TEXT: "text",
        Affinity.INTEGER: "integer",
        Affinity.REAL: "real",
        Affinity.BLOB: "blob",
        Affinity.NUMERIC: "numeric",
    }[affinity(declared)]
