"""SQLite's tokenizer (tokenize.c's rules), and the canonical form SQL fragments are compared in.

Schemas are compared by structure, never by raw text: two fragments are the same when their tokens are,
with identifiers (quoted or not) and keywords case-folded, numbers read as numbers, `==`/`!=` spelled
`=`/`<>`, comments and whitespace dropped, and redundant outer parentheses removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from msgspec import Struct

from generator.errors import SchemagenError
from generator.model.rules import fold

_SPACE = " \t\n\f\r"
_OPERATORS = ("->>", "->", "||", "<=", ">=", "<>", "!=", "==", "<<", ">>")
_SINGLE = "=<>+-*/%&|~,();."
_NUMBER = re.compile(r"0[xX][0-9A-Fa-f_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?")
_PARAM = re.compile(r"\?\d*|[:@$][A-Za-z0-9_$]+(?:::[A-Za-z0-9_$]+)*(?:\([^)]*\))?")


class SqlSyntaxError(SchemagenError):
    """A fragment of SQL that SQLite's tokenizer would reject (an unterminated string, say)."""


class Tok(Struct, frozen=True):
    """One token: its kind (word, qident, string, blob, number, param, op), text and place in the source."""

    kind: str
    text: str
    start: int
    end: int

    def kw(self, *words: str) -> bool:
        """True for an unquoted word equal (case-insensitively) to one of `words`."""
        return self.kind == "word" and self.text.upper() in words

    @property
    def name(self) -> str:
        """The identifier this token names: quotes removed (a quoted string serves as a name too)."""
        if self.kind in ("qident", "string"):
            return unquote(self.text)
        return self.text


def unquote(text: str) -> str:
    """`"a""b"` -> `a"b`; also `[x]`, backticks and single quotes."""
    if len(text) >= 2 and text[0] in "\"'`" and text[-1] == text[0]:
        return text[1:-1].replace(text[0] * 2, text[0])
    if len(text) >= 2 and text[0] == "[" and text[-1] == "]":
        return text[1:-1]
    return text


def tokenize(sql: str) -> list[Tok]:
    """The tokens of `sql`, without whitespace and comments."""
    out: list[Tok] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in _SPACE:
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "'\"`":
            end = _closing(sql, i, ch)
            out.append(Tok("string" if ch == "'" else "qident", sql[i:end], i, end))
            i = end
        elif ch == "[":
            end = sql.find("]", i)
            if end < 0:
                raise SqlSyntaxError(f"unterminated [identifier at character {i + 1}")
            out.append(Tok("qident", sql[i : end + 1], i, end + 1))
            i = end + 1
        elif ch in "xX" and sql.startswith("'", i + 1):
            end = _closing(sql, i + 1, "'")
            out.append(Tok("blob", sql[i:end], i, end))
            i = end
        elif ch.isdigit() or (ch == "." and i + 1 < n and sql[i + 1].isdigit()):
            match = _NUMBER.match(sql, i)
            assert match is not None
            out.append(Tok("number", match.group(), i, match.end()))
            i = match.end()
        elif ch in "?:@$" and (param := _PARAM.match(sql, i)) is not None:
            out.append(Tok("param", param.group(), i, param.end()))
            i = param.end()
        elif ch.isalpha() or ch == "_" or ord(ch) > 127:
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] in "_$" or ord(sql[j]) > 127):
                j += 1
            out.append(Tok("word", sql[i:j], i, j))
            i = j
        else:
            op = next((o for o in _OPERATORS if sql.startswith(o, i)), ch if ch in _SINGLE else "")
            if not op:
                raise SqlSyntaxError(f"unexpected character {ch!r} at character {i + 1}")
            out.append(Tok("op", op, i, i + len(op)))
            i += len(op)
    return out


def _closing(sql: str, start: int, quote: str) -> int:
    """The index just past the quote closing the one at `start` (doubled quotes are escapes)."""
    i = start + 1
    while True:
        end = sql.find(quote, i)
        if end < 0:
            raise SqlSyntaxError(f"unterminated {quote} at character {start + 1}")
        if sql.startswith(quote * 2, end):
            i = end + 2
            continue
        return end + 1


def matching(toks: Sequence[Tok], i: int) -> int:
    """The index of the `)` closing the `(` at `i`."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text == "(" and toks[j].kind == "op":
            depth += 1
        elif toks[j].text == ")" and toks[j].kind == "op":
            depth -= 1
            if depth == 0:
                return j
    raise SqlSyntaxError("unbalanced parentheses")


def split_top(toks: Sequence[Tok], sep: str = ",") -> list[list[Tok]]:
    """Split tokens at `sep` outside parentheses."""
    parts: list[list[Tok]] = [[]]
    depth = 0
    for tok in toks:
        if tok.kind == "op" and tok.text == "(":
            depth += 1
        elif tok.kind == "op" and tok.text == ")":
            depth -= 1
        if depth == 0 and tok.kind == "op" and tok.text == sep:
            parts.append([])
            continue
        parts[-1].append(tok)
    return parts if parts != [[]] else []


def span(sql: str, toks: Sequence[Tok]) -> str:
    """The source text the tokens cover, as written (comments inside kept)."""
    return sql[toks[0].start : toks[-1].end].strip() if toks else ""


def strip_parens(toks: Sequence[Tok]) -> list[Tok]:
    """Remove parentheses that wrap the whole token list."""
    out = list(toks)
    while len(out) >= 2 and out[0].text == "(" and out[0].kind == "op" and matching(out, 0) == len(out) - 1:
        out = out[1:-1]
    return out


def canonical(sql: str) -> str:
    """The comparison form of an SQL fragment (see the module docstring)."""
    toks = strip_parens(tokenize(sql))
    # `LEFT OUTER JOIN` is `LEFT JOIN` (the Turso engine stores the one it was given as the other).
    kept = [
        t for i, t in enumerate(toks) if not (t.kw("OUTER") and i and toks[i - 1].kw("LEFT", "RIGHT", "FULL"))
    ]
    return " ".join(_canonical_token(t) for t in kept)


def _canonical_token(tok: Tok) -> str:
    if tok.kind in ("word", "qident"):
        return fold(tok.name)
    if tok.kind == "number":
        return _number_text(tok.text)
    if tok.kind == "blob":
        return "x" + tok.text[1:].lower()
    if tok.kind == "op":
        return {"==": "=", "!=": "<>"}.get(tok.text, tok.text)
    return tok.text


def _number_text(text: str) -> str:
    value = sqlite_number(text)
    return text.lower() if value is None else repr(value)


@lru_cache(maxsize=4096)  # a pure function of the text, asked of the same views by every stage of a run
def references(sql: str) -> frozenset[str]:
    """Every identifier an SQL text mentions, case-folded (what a view or trigger may depend on)."""
    return frozenset(fold(t.name) for t in tokenize(sql) if t.kind in ("word", "qident"))


_INT64 = 2**63


def sqlite_number(text: str) -> int | float | None:
    """The value SQLite gives a numeric literal: hex wraps to a signed 64-bit integer, a decimal integer
    too large for 64 bits is a REAL; None for a REAL SQLite would read as infinity (kept as written)."""
    clean = text.replace("_", "")
    if clean[:2] in ("0x", "0X"):
        value = int(clean, 16)
        if value >= 2**64:
            return None  # SQLite refuses hex literals wider than 64 bits; keep the text
        return value - 2**64 if value >= _INT64 else value
    try:
        value = int(clean)
    except ValueError:
        number = float(clean)
        return number if abs(number) != float("inf") else None
    if -_INT64 <= value < _INT64:
        return value
    number = float(value)
    return number if abs(number) != float("inf") else None
