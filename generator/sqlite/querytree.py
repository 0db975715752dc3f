"""A documented query read into a small tree: its tables, column references, WHERE, ON and ORDER BY.

Just enough of SQLite's grammar for the docs' index analysis (generator/sqlite/queries.py): SELECT with
joins, subqueries, compound selects, CTEs and window functions; UPDATE; DELETE; INSERT. Expressions are
read at the precedence sqlglot's SQLite dialect gives them (the analysis was first written on sqlglot,
and tests/test_queries.py checks that this tree gives the same answers on thousands of queries), built
on the project's own tokenizer. What the analysis does not look at (types, literals, aliases of result
columns) is read and dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.errors import SchemagenError
from generator.sqlite.tokens import SqlSyntaxError, Tok, tokenize

# Node kinds: the analysis reads these; everything else is "other".
COL, TABLE, WHERE, ON, ORDER, PAREN, LIT = "col", "table", "where", "on", "order", "paren", "lit"
EQ, IN, BETWEEN, IS = "eq", "in", "between", "is"
_COMPARISONS = {"<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
# Words that end an expression or a table reference (never an alias or a column written bare).
_CLAUSE_WORDS = frozenset(
    "FROM WHERE GROUP HAVING WINDOW ORDER LIMIT OFFSET UNION INTERSECT EXCEPT ON USING JOIN INNER LEFT "
    "RIGHT FULL CROSS NATURAL OUTER AS AND OR NOT IS IN BETWEEN LIKE GLOB MATCH REGEXP ESCAPE COLLATE SET "
    "VALUES RETURNING THEN WHEN ELSE END CASE SELECT INDEXED ISNULL NOTNULL ASC DESC NULLS DO FILTER OVER "
    "PARTITION ROWS RANGE GROUPS EXCLUDE DEFAULT".split()
)
_LITERAL_WORDS = frozenset({"NULL", "TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"})
_LIKE_WORDS = ("LIKE", "GLOB", "MATCH", "REGEXP")


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


def read_statements(sql: str) -> list[Node]:
    """Each statement of `sql` as a tree; QuerySyntaxError when it does not read as SQLite."""
    try:
        toks = tokenize(sql)
    except SqlSyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from None
    reader = _Reader(toks)
    out = []
    while not reader.done():
        if reader.op(";"):
            continue
        out.append(reader.statement())
        if not reader.done() and not reader.op(";"):
            raise QuerySyntaxError(
                f"unexpected {reader.peek().text!r} at character {reader.peek().start + 1}"
            )
    return out


def _other(*children: Node | None) -> Node:
    return Node("other", tuple(c for c in children if c is not None))


class _Reader:
    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.i = 0

    # --- tokens ---------------------------------------------------------------------------------------

    def done(self) -> bool:
        return self.i >= len(self.toks)

    def peek(self, ahead: int = 0) -> Tok:
        j = self.i + ahead
        return (
            self.toks[j] if j < len(self.toks) else Tok("end", "", self.toks[-1].end if self.toks else 0, 0)
        )

    def kw(self, *words: str, ahead: int = 0) -> bool:
        return self.peek(ahead).kw(*words)

    def take_kw(self, *words: str) -> bool:
        if self.kw(*words):
            self.i += 1
            return True
        return False

    def op(self, *ops: str) -> bool:
        """Take the next token when it is one of these operators."""
        tok = self.peek()
        if tok.kind == "op" and tok.text in ops:
            self.i += 1
            return True
        return False

    def is_op(self, *ops: str, ahead: int = 0) -> bool:
        tok = self.peek(ahead)
        return tok.kind == "op" and tok.text in ops

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
        if tok.kind in ("qident", "string") or (tok.kind == "word" and tok.text.upper() not in _CLAUSE_WORDS):
            self.i += 1
            return tok.name
        return ""

    # --- statements -----------------------------------------------------------------------------------

    def statement(self) -> Node:
        ctes: list[Node] = []
        if self.take_kw("WITH"):
            self.take_kw("RECURSIVE")
            while True:
                self.name()
                if self.is_op("("):
                    self.skip_group()
                self.expect_kw("AS")
                self.take_kw("NOT")
                self.take_kw("MATERIALIZED")
                self.expect_op("(")
                ctes.append(self.select())
                self.expect_op(")")
                if not self.op(","):
                    break
        if self.kw("SELECT", "VALUES"):
            body = self.select()
        elif self.take_kw("UPDATE"):
            body = self.update()
        elif self.take_kw("DELETE"):
            self.expect_kw("FROM")
            body = _other(self.target(), *self.where(), *self.returning(), *self.order_limit())
        elif self.kw("INSERT", "REPLACE"):
            body = self.insert()
        else:
            self.fail("SELECT, UPDATE, DELETE or INSERT")
        return _other(*ctes, body)

    def select(self) -> Node:
        """A compound select with its ORDER BY and LIMIT."""
        parts = [self.select_core()]
        while self.take_kw("UNION", "INTERSECT", "EXCEPT"):
            self.take_kw("ALL")
            parts.append(self.select_core())
        return _other(*parts, *self.order_limit())

    def select_core(self) -> Node:
        if self.take_kw("VALUES"):
            return self.values_rows()
        self.expect_kw("SELECT")
        self.take_kw("DISTINCT", "ALL")
        parts: list[Node] = []
        while True:
            if self.op("*"):
                pass
            elif (
                self.peek().kind in ("word", "qident")
                and self.is_op(".", ahead=1)
                and self.is_op("*", ahead=2)
            ):
                self.i += 3
            else:
                parts.append(self.expr())
                self.alias()
            if not self.op(","):
                break
        if self.take_kw("FROM"):
            parts += self.from_clause()
        parts += self.where()
        if self.take_kw("GROUP"):
            self.expect_kw("BY")
            parts += self.exprs()
        if self.take_kw("HAVING"):
            parts.append(self.expr())
        if self.take_kw("WINDOW"):
            while True:
                self.name()
                self.expect_kw("AS")
                parts.append(self.window())
                if not self.op(","):
                    break
        return _other(*parts)

    def values_rows(self) -> Node:
        rows = []
        while True:
            self.expect_op("(")
            rows += self.exprs()
            self.expect_op(")")
            if not self.op(","):
                return _other(*rows)

    def where(self) -> list[Node]:
        return [Node(WHERE, (self.expr(),))] if self.take_kw("WHERE") else []

    def order_limit(self) -> list[Node]:
        out = []
        if self.kw("ORDER") and self.kw("BY", ahead=1):
            self.i += 2
            out.append(self.ordering())
        if self.take_kw("LIMIT"):
            out.append(self.expr())
            if self.take_kw("OFFSET") or self.op(","):
                out.append(self.expr())
        return out

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

    def returning(self) -> list[Node]:
        if not self.take_kw("RETURNING"):
            return []
        out = []
        while True:
            if not self.op("*"):
                out.append(self.expr())
                self.alias()
            if not self.op(","):
                return out

    def from_clause(self) -> list[Node]:
        items = [self.table_or_subquery()]
        while True:
            if not self.op(","):
                self.take_kw("NATURAL")
                if self.take_kw("LEFT", "RIGHT", "FULL"):
                    self.take_kw("OUTER")
                else:
                    self.take_kw("INNER", "CROSS")
                if not self.take_kw("JOIN"):
                    return items
            items.append(self.table_or_subquery())
            if self.take_kw("ON"):
                items.append(Node(ON, (self.expr(),)))
            elif self.take_kw("USING"):
                self.skip_group()

    def table_or_subquery(self) -> Node:
        if self.op("("):
            if self.kw("SELECT", "VALUES", "WITH"):
                inner = self.statement()
            else:
                inner = _other(*self.from_clause())
            self.expect_op(")")
            self.alias()
            return inner
        name = self.name()
        while self.op("."):
            name = self.name()
        if self.op("("):  # a table-valued function: json_each(x)
            args = [] if self.is_op(")") else self.exprs()
            self.expect_op(")")
            return Node(TABLE, tuple(args), name=name, alias=self.alias())
        table = Node(TABLE, name=name, alias=self.alias())
        if self.take_kw("INDEXED"):
            self.expect_kw("BY")
            self.name()
        elif self.kw("NOT") and self.kw("INDEXED", ahead=1):
            self.i += 2
        return table

    def target(self) -> Node:
        """The table an UPDATE, DELETE or INSERT writes."""
        name = self.name()
        while self.op("."):
            name = self.name()
        table = Node(TABLE, name=name, alias=self.alias())
        if self.take_kw("INDEXED"):
            self.expect_kw("BY")
            self.name()
        elif self.kw("NOT") and self.kw("INDEXED", ahead=1):
            self.i += 2
        return table

    def update(self) -> Node:
        if self.take_kw("OR"):
            self.name()
        parts = [self.target()]
        self.expect_kw("SET")
        parts += self.assignments()
        if self.take_kw("FROM"):
            parts += self.from_clause()
        return _other(*parts, *self.where(), *self.returning(), *self.order_limit())

    def assignments(self) -> list[Node]:
        out = []
        while True:
            if self.is_op("("):
                self.skip_group()
            else:
                self.name()
            self.expect_op("=")
            out.append(self.expr())
            if not self.op(","):
                return out

    def insert(self) -> Node:
        if self.take_kw("INSERT") and self.take_kw("OR"):
            self.name()
        else:
            self.take_kw("REPLACE")
        self.expect_kw("INTO")
        parts = [self.target()]
        if self.is_op("("):
            self.skip_group()
        if self.take_kw("DEFAULT"):
            self.expect_kw("VALUES")
        else:
            parts.append(self.statement() if self.kw("WITH") else self.select())
        while self.take_kw("ON"):  # upserts
            self.expect_kw("CONFLICT")
            if self.is_op("("):
                self.skip_group()
                parts += self.where()
            self.expect_kw("DO")
            if not self.take_kw("NOTHING"):
                self.expect_kw("UPDATE")
                self.expect_kw("SET")
                parts += self.assignments()
                parts += self.where()
        return _other(*parts, *self.returning())

    # --- expressions, loosest first (sqlglot's SQLite precedence) --------------------------------------

    def exprs(self) -> list[Node]:
        out = [self.expr()]
        while self.op(","):
            out.append(self.expr())
        return out

    def expr(self) -> Node:
        this = self.conjunction()
        while self.take_kw("OR"):
            this = _other(this, self.conjunction())
        return this

    def conjunction(self) -> Node:
        this = self.equality()
        while self.take_kw("AND"):
            this = _other(this, self.equality())
        return this

    def equality(self) -> Node:
        this = self.comparison()
        while True:
            if self.op("=", "=="):
                this = Node(EQ, (this, self.comparison()))
            elif self.op("!=", "<>"):
                this = _other(this, self.comparison())
            elif self.is_predicate_ahead():
                this = self.comparison(self.range(this, with_is=True))
            else:
                return this

    def is_predicate_ahead(self) -> bool:
        """IS, ISNULL, NOTNULL and NOT NULL: read at the precedence of `=` in SQLite."""
        return self.kw("IS", "ISNULL", "NOTNULL") or (self.kw("NOT") and self.kw("NULL", ahead=1))

    def comparison(self, this: Node | None = None) -> Node:
        this = this or self.range()
        while self.peek().kind == "op" and self.peek().text in _COMPARISONS:
            kind = _COMPARISONS[self.peek().text]
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
                this = _other(this, self.bitwise())
                if self.take_kw("ESCAPE"):
                    this = _other(this, self.bitwise())
            elif self.take_kw("IS"):
                this = self.is_(this)
            elif self.take_kw("ISNULL", "NOTNULL") or (negate and self.take_kw("NULL")):
                this = Node(IS, (this, Node(LIT)))
            else:
                self.i = start
                return this
            if negate:
                this = _other(this)

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
        """`x IS [NOT] y`: a null test (IS NULL, IS TRUE, ...) or, with anything else, a null-safe equality."""
        self.take_kw("NOT")
        if self.take_kw("DISTINCT"):
            self.expect_kw("FROM")
        right = self.bitwise()
        while self.peek().kind == "op" and self.peek().text in _COMPARISONS:
            self.i += 1
            right = _other(right, self.bitwise())
        bare = right
        while bare.kind == PAREN:
            bare = bare.children[0]
        return Node(
            IS if bare.kind == LIT and bare.name in ("NULL", "TRUE", "FALSE") else "other", (this, right)
        )

    def bitwise(self) -> Node:
        this = self.term()
        while self.op("&", "|", "<<", ">>"):
            this = _other(this, self.term())
        return this

    def term(self) -> Node:
        this = self.factor()
        while self.op("+", "-"):
            this = _other(this, self.factor())
        return this

    def factor(self) -> Node:
        this = self.concat()
        while self.op("*", "/", "%"):
            this = _other(this, self.concat())
        return this

    def concat(self) -> Node:
        """`||`, `->` and `->>`, which bind tighter than `*` in SQLite (and COLLATE tighter still)."""
        this = self.collated()
        while self.op("||", "->", "->>"):
            this = _other(this, self.collated())
        return this

    def collated(self) -> Node:
        this = self.unary()
        while self.take_kw("COLLATE"):
            self.name()
            this = _other(this)
        return this

    def unary(self) -> Node:
        if self.take_kw("NOT"):
            return _other(self.equality())
        if self.op("+"):
            return self.unary()  # a no-op
        if self.op("-", "~"):
            return _other(self.unary())
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
                inner = Node(PAREN, (items[0],)) if len(items) == 1 else _other(*items)
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
                return _other(inner)
            if word == "EXISTS" and self.is_op("(", ahead=1):
                self.i += 2
                inner = self.statement()
                self.expect_op(")")
                return _other(inner)
            if word == "RAISE" and self.is_op("(", ahead=1):
                self.i += 1
                self.skip_group()
                return Node(LIT)
            if word in _CLAUSE_WORDS:
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
        return _other(*parts)

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
        return _other(*parts)

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
        return _other(*parts)
