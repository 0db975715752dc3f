"""A cursor over the tokens of one SQL statement, and the pieces every CREATE statement starts with."""

from __future__ import annotations

from generator.sqlite.tokens import SqlSyntaxError, Tok, matching, span


class Cursor:
    """Tokens read left to right, with the SQL they came from."""

    def __init__(self, sql: str, toks: list[Tok]) -> None:
        self.sql = sql
        self.toks = toks
        self.i = 0

    def peek(self, *words: str) -> bool:
        return self.i < len(self.toks) and self.toks[self.i].kw(*words)

    def take(self, *words: str) -> bool:
        if self.peek(*words):
            self.i += 1
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.take(*words):
            found = self.toks[self.i].text if self.i < len(self.toks) else "the end"
            raise SqlSyntaxError(f"expected {' '.join(words)}, found {found}")

    def next(self) -> Tok:
        if self.i >= len(self.toks):
            raise SqlSyntaxError("unexpected end of statement")
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def at_op(self, text: str) -> bool:
        return self.i < len(self.toks) and self.toks[self.i].kind == "op" and self.toks[self.i].text == text

    def group(self) -> list[Tok]:
        """The tokens inside the parenthesised group starting here (the cursor moves past it)."""
        if not self.at_op("("):
            raise SqlSyntaxError("expected (")
        end = matching(self.toks, self.i)
        inner = self.toks[self.i + 1 : end]
        self.i = end + 1
        return inner

    def text(self, toks: list[Tok]) -> str:
        return span(self.sql, toks)

    @property
    def done(self) -> bool:
        return self.i >= len(self.toks)

    def conflict(self) -> str:
        """An optional `ON CONFLICT <resolution>`, lower-cased ('' when absent)."""
        if self.peek("ON") and self.i + 1 < len(self.toks) and self.toks[self.i + 1].kw("CONFLICT"):
            self.i += 2
            return self.next().text.lower()
        return ""


def create_prefix(cur: Cursor, kind: str) -> None:
    """CREATE [TEMP|TEMPORARY] [UNIQUE|VIRTUAL] <kind> [IF NOT EXISTS]."""
    cur.expect("CREATE")
    cur.take("TEMP", "TEMPORARY")
    cur.take("UNIQUE", "VIRTUAL")
    cur.expect(kind)
    if cur.take("IF"):
        cur.expect("NOT")
        cur.expect("EXISTS")


def qualified_name(cur: Cursor) -> str:
    """`[schema.]name` -> name."""
    name = cur.next().name
    if cur.at_op("."):
        cur.i += 1
        name = cur.next().name
    return name
