"""The nodes a documented query is read into, and the cursor over its tokens (see __init__.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.errors import SchemagenError
from generator.sqlite.tokens import Tok

# Node kinds: the analysis reads these; everything else is "other".
COL, TABLE, WHERE, ON, ORDER, PAREN, LIT = "col", "table", "where", "on", "order", "paren", "lit"
EQ, IN, BETWEEN, IS = "eq", "in", "between", "is"
# Words that end an expression or a table reference (never an alias or a column written bare).
CLAUSE_WORDS = frozenset({
    "FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT",
    "EXCEPT", "ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "OUTER", "AS",
    "AND", "OR", "NOT", "IS", "IN", "BETWEEN", "LIKE", "GLOB", "MATCH", "REGEXP", "ESCAPE", "COLLATE",
    "SET", "VALUES", "RETURNING", "THEN", "WHEN", "ELSE", "END", "CASE", "SELECT", "INDEXED", "ISNULL",
    "NOTNULL", "ASC", "DESC", "NULLS", "DO", "FILTER", "OVER", "PARTITION", "ROWS", "RANGE", "GROUPS",
    "EXCLUDE", "DEFAULT",
})  # fmt: skip


class QuerySyntaxError(SchemagenError):
    """A documented query this reader cannot follow."""


@dataclass(frozen=True, slots=True)
class Node:
    """One piece of a statement: a column reference (`qualifier.name`), a table (`name`, `alias`), or a
    clause or operator over its children (for a comparison, children[0] is its left operand)."""

    kind: str
    children: tuple[Node, ...] = ()
    qualifier: str = ""
    name: str = ""
    alias: str = ""

    def walk(self) -> Iterator[Node]:
        """This node, then every node under it."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def find(self, *kinds: str) -> Iterator[Node]:
        """Every node of these kinds, this one included."""
        return (n for n in self.walk() if n.kind in kinds)


def other(*children: Node | None) -> Node:
    """A node the analysis looks through (an operator, a clause, a function call)."""
    return Node("other", tuple(c for c in children if c is not None))


class Cursor:
    """A place in a statement's tokens, and the small steps every reader takes."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.i = 0
        # Each token's keyword (an unquoted word, upper-cased) and operator text, asked at every level of
        # an expression: looked up once here. Padded so a look ahead (at most 2) past the end finds neither.
        pad = ["", "", ""]
        self.words = [t.text.upper() if t.kind == "word" else "" for t in toks] + pad
        self.ops = [t.text if t.kind == "op" else "" for t in toks] + pad

    # --- tokens ---------------------------------------------------------------------------------------

    def done(self) -> bool:
        return self.i >= len(self.toks)

    def peek(self, ahead: int = 0) -> Tok:
        j = self.i + ahead
        return (
            self.toks[j] if j < len(self.toks) else Tok("end", "", self.toks[-1].end if self.toks else 0, 0)
        )

    def kw(self, *words: str, ahead: int = 0) -> bool:
        """True when the token `ahead` is one of these keywords."""
        word = self.words[self.i + ahead]
        return bool(word) and word in words

    def take_kw(self, *words: str) -> bool:
        """Take the next token when it is one of these keywords."""
        word = self.words[self.i]
        if word and word in words:
            self.i += 1
            return True
        return False

    def op(self, *ops: str) -> bool:
        """Take the next token when it is one of these operators."""
        found = self.ops[self.i]
        if found and found in ops:
            self.i += 1
            return True
        return False

    def is_op(self, *ops: str, ahead: int = 0) -> bool:
        """True when the token `ahead` is one of these operators."""
        found = self.ops[self.i + ahead]
        return bool(found) and found in ops

    def expect_kw(self, word: str) -> None:
        if not self.take_kw(word):
            self.fail(word)

    def expect_op(self, op: str) -> None:
        if not self.op(op):
            self.fail(op)

    def fail(self, wanted: str) -> None:
        tok = self.peek()
        found = repr(tok.text) if tok.kind != "end" else "the end"
        raise QuerySyntaxError(f"expected {wanted} but found {found} at character {tok.start + 1}")

    def name(self) -> str:
        """An identifier (quotes removed)."""
        tok = self.peek()
        if tok.kind in ("word", "qident") or (tok.kind == "string"):
            self.i += 1
            return tok.name
        self.fail("a name")
        return ""

    def skip_group(self) -> None:
        """Skip a parenthesized group (the `(` is next)."""
        depth = 0
        while not self.done():
            tok = self.toks[self.i]
            self.i += 1
            if tok.kind == "op" and tok.text == "(":
                depth += 1
            elif tok.kind == "op" and tok.text == ")":
                depth -= 1
                if depth == 0:
                    return
        self.fail(")")

    def alias(self) -> str:
        """`[AS] name` after a table or a result column, or ''."""
        if self.take_kw("AS"):
            return self.name()
        tok = self.peek()
        if tok.kind in ("qident", "string") or (tok.kind == "word" and tok.text.upper() not in CLAUSE_WORDS):
            self.i += 1
            return tok.name
        return ""
