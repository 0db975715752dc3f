"""Expressions, at the precedence sqlglot's SQLite dialect gives their operators (see __init__.py).

Only what the index analysis looks at becomes a node of its own: column references, comparisons and
the clauses holding them (WHERE of FILTER, ORDER BY of a window); the rest is "other" with its parts.
"""

from __future__ import annotations

from generator.sqlite.querytree.cursor import (
    BETWEEN,
    CLAUSE_WORDS,
    COL,
    EQ,
    IN,
    IS,
    LIT,
    ORDER,
    PAREN,
    WHERE,
    Cursor,
    Node,
    other,
)

_COMPARISONS = {"<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
_LITERAL_WORDS = frozenset({"NULL", "TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"})
_LIKE_WORDS = ("LIKE", "GLOB", "MATCH", "REGEXP")


class ExpressionReader(Cursor):
    """Reads expressions; the statements inside them (subqueries) are read by the subclass."""

    def statement(self) -> Node:
        """A whole statement (a subquery inside an expression); see querytree._Reader."""
        raise NotImplementedError

    def ordering(self) -> Node:
        """ORDER BY's terms (each child is a term's expression)."""
        terms = []
        while True:
            terms.append(self.expr())
            self.take_kw("ASC", "DESC")
            if self.take_kw("NULLS") and not self.take_kw("FIRST", "LAST"):
                self.fail("FIRST or LAST")
            if not self.op(","):
                return Node(ORDER, tuple(terms))

    # --- expressions, loosest first (sqlglot's SQLite precedence) --------------------------------------

    def exprs(self) -> list[Node]:
        out = [self.expr()]
        while self.op(","):
            out.append(self.expr())
        return out

    def expr(self) -> Node:
        this = self.conjunction()
        while self.take_kw("OR"):
            this = other(this, self.conjunction())
        return this

    def conjunction(self) -> Node:
        this = self.equality()
        while self.take_kw("AND"):
            this = other(this, self.equality())
        return this

    def equality(self) -> Node:
        this = self.comparison()
        while True:
            if self.op("=", "=="):
                this = Node(EQ, (this, self.comparison()))
            elif self.op("!=", "<>"):
                this = other(this, self.comparison())
            elif self.is_predicate_ahead():
                this = self.comparison(self.range(this, with_is=True))
            else:
                return this

    def is_predicate_ahead(self) -> bool:
        """IS, ISNULL, NOTNULL and NOT NULL: read at the precedence of `=` in SQLite."""
        return self.kw("IS", "ISNULL", "NOTNULL") or (self.kw("NOT") and self.kw("NULL", ahead=1))

    def comparison(self, this: Node | None = None) -> Node:
        this = this or self.range()
        while self.ops[self.i] in _COMPARISONS:
            kind = _COMPARISONS[self.ops[self.i]]
            self.i += 1
            this = Node(kind, (this, self.range()))
        return this

    def range(self, this: Node | None = None, *, with_is: bool = False) -> Node:
        this = this or self.bitwise()
        while True:
            if not with_is and self.is_predicate_ahead():
                return this
            start = self.i
            negate = self.take_kw("NOT")
            if self.take_kw("BETWEEN"):
                low = self.bitwise()
                self.expect_kw("AND")
                this = Node(BETWEEN, (this, low, self.bitwise()))
            elif self.take_kw("IN"):
                this = Node(IN, (this, *self.in_list()))
            elif self.take_kw(*_LIKE_WORDS):
                this = other(this, self.bitwise())
                if self.take_kw("ESCAPE"):
                    this = other(this, self.bitwise())
            elif self.take_kw("IS"):
                this = self.is_(this)
            elif self.take_kw("ISNULL", "NOTNULL") or (negate and self.take_kw("NULL")):
                this = Node(IS, (this, Node(LIT)))
            else:
                self.i = start
                return this
            if negate:
                this = other(this)

    def in_list(self) -> list[Node]:
        if not self.op("("):
            name = self.name()  # `x IN table`
            while self.op("."):
                name = self.name()
            return [Node(COL, name=name)]
        if self.op(")"):
            return []
        items = [self.statement()] if self.kw("SELECT", "VALUES", "WITH") else self.exprs()
        self.expect_op(")")
        return items

    def is_(self, this: Node) -> Node:
        """`x IS [NOT] y`: a null test (IS NULL, IS TRUE, ...), else a null-safe equality (not a filter)."""
        self.take_kw("NOT")
        if self.take_kw("DISTINCT"):
            self.expect_kw("FROM")
        right = self.bitwise()
        while self.ops[self.i] in _COMPARISONS:
            self.i += 1
            right = other(right, self.bitwise())
        bare = right
        while bare.kind == PAREN:
            bare = bare.children[0]
        return Node(
            IS if bare.kind == LIT and bare.name in ("NULL", "TRUE", "FALSE") else "other", (this, right)
        )

    def bitwise(self) -> Node:
        this = self.term()
        while self.op("&", "|", "<<", ">>"):
            this = other(this, self.term())
        return this

    def term(self) -> Node:
        this = self.factor()
        while self.op("+", "-"):
            this = other(this, self.factor())
        return this

    def factor(self) -> Node:
        this = self.concat()
        while self.op("*", "/", "%"):
            this = other(this, self.concat())
        return this

    def concat(self) -> Node:
        """`||`, `->` and `->>`, which bind tighter than `*` in SQLite (and COLLATE tighter still)."""
        this = self.collated()
        while self.op("||", "->", "->>"):
            this = other(this, self.collated())
        return this

    def collated(self) -> Node:
        this = self.unary()
        while self.take_kw("COLLATE"):
            self.name()
            this = other(this)
        return this

    def unary(self) -> Node:
        if self.take_kw("NOT"):
            return other(self.equality())
        if self.op("+"):
            return self.unary()  # a no-op
        if self.op("-", "~"):
            return other(self.unary())
        return self.primary()

    def primary(self) -> Node:
        tok = self.peek()
        if tok.kind in ("number", "string", "blob", "param"):
            self.i += 1
            return Node(LIT)
        if tok.kind == "op" and tok.text == "(":
            self.i += 1
            if self.kw("SELECT", "VALUES", "WITH"):
                inner = self.statement()
            else:
                items = self.exprs()
                inner = Node(PAREN, (items[0],)) if len(items) == 1 else other(*items)
            self.expect_op(")")
            return inner
        if tok.kind == "word" and not (
            self.is_op("(", ahead=1) and tok.text.upper() not in ("CAST", "EXISTS", "RAISE")
        ):
            word = tok.text.upper()
            if word in _LITERAL_WORDS:
                self.i += 1
                return Node(LIT, name=word)
            if word == "CASE":
                self.i += 1
                return self.case()
            if word == "CAST" and self.is_op("(", ahead=1):
                self.i += 2
                inner = self.expr()
                self.expect_kw("AS")
                while not self.is_op(")") and not self.done():
                    self.skip_group() if self.is_op("(") else self.name()
                self.expect_op(")")
                return other(inner)
            if word == "EXISTS" and self.is_op("(", ahead=1):
                self.i += 2
                inner = self.statement()
                self.expect_op(")")
                return other(inner)
            if word == "RAISE" and self.is_op("(", ahead=1):
                self.i += 1
                self.skip_group()
                return Node(LIT)
            if word in CLAUSE_WORDS:
                self.fail("an expression")
        if tok.kind in ("word", "qident"):
            if self.is_op("(", ahead=1):
                return self.function()
            parts = [self.name()]
            while self.op("."):
                parts.append("*" if self.op("*") else self.name())
            qualifier = parts[-2] if len(parts) >= 2 else ""
            return Node(COL, qualifier=qualifier, name=parts[-1])
        self.fail("an expression")
        return Node(LIT)

    def case(self) -> Node:
        parts = []
        if not self.kw("WHEN"):
            parts.append(self.expr())
        while self.take_kw("WHEN"):
            parts.append(self.expr())
            self.expect_kw("THEN")
            parts.append(self.expr())
        if self.take_kw("ELSE"):
            parts.append(self.expr())
        self.expect_kw("END")
        return other(*parts)

    def function(self) -> Node:
        self.name()
        self.expect_op("(")
        parts: list[Node] = []
        if not self.op(")"):
            self.take_kw("DISTINCT", "ALL")
            if not self.op("*"):
                parts += self.exprs()
            if self.kw("ORDER") and self.kw("BY", ahead=1):  # group_concat(x ORDER BY y)
                self.i += 2
                parts.append(self.ordering())
            self.expect_op(")")
        if self.take_kw("FILTER"):
            self.expect_op("(")
            self.expect_kw("WHERE")
            parts.append(Node(WHERE, (self.expr(),)))
            self.expect_op(")")
        if self.take_kw("OVER"):
            if self.is_op("("):
                parts.append(self.window())
            else:
                self.name()
        return other(*parts)

    def window(self) -> Node:
        """`(base PARTITION BY ... ORDER BY ... frame)`; the frame is skipped."""
        self.expect_op("(")
        parts: list[Node] = []
        if self.peek().kind in ("word", "qident") and not self.kw(
            "PARTITION", "ORDER", "ROWS", "RANGE", "GROUPS"
        ):
            self.name()
        if self.take_kw("PARTITION"):
            self.expect_kw("BY")
            parts += self.exprs()
        if self.kw("ORDER") and self.kw("BY", ahead=1):
            self.i += 2
            parts.append(self.ordering())
        depth = 1
        while depth:
            if self.done():
                self.fail(")")
            tok = self.toks[self.i]
            self.i += 1
            if tok.kind == "op" and tok.text in "()":
                depth += 1 if tok.text == "(" else -1
        return other(*parts)
