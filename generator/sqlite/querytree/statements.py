"""Statements: SELECT (compound, CTEs, joins, subqueries), UPDATE, DELETE and INSERT (see __init__.py)."""

from __future__ import annotations

from generator.sqlite.querytree.cursor import ON, TABLE, WHERE, Node, other
from generator.sqlite.querytree.expressions import ExpressionReader


class StatementReader(ExpressionReader):
    """Statements: SELECT (compound, with CTEs), UPDATE, DELETE and INSERT."""

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
            body = other(self.target(), *self.where(), *self.returning(), *self.order_limit())
        elif self.kw("INSERT", "REPLACE"):
            body = self.insert()
        else:
            self.fail("SELECT, UPDATE, DELETE or INSERT")
        return other(*ctes, body)

    def select(self) -> Node:
        """A compound select with its ORDER BY and LIMIT."""
        parts = [self.select_core()]
        while self.take_kw("UNION", "INTERSECT", "EXCEPT"):
            self.take_kw("ALL")
            parts.append(self.select_core())
        return other(*parts, *self.order_limit())

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
        return other(*parts)

    def values_rows(self) -> Node:
        rows = []
        while True:
            self.expect_op("(")
            rows += self.exprs()
            self.expect_op(")")
            if not self.op(","):
                return other(*rows)

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
            subquery = self.kw("SELECT", "VALUES", "WITH")
            inner = self.statement() if subquery else other(*self.from_clause())
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
        self.indexed()
        return table

    def indexed(self) -> None:
        """Skip `INDEXED BY name` or `NOT INDEXED` after a table (a hint, not a read)."""
        if self.take_kw("INDEXED"):
            self.expect_kw("BY")
            self.name()
        elif self.kw("NOT") and self.kw("INDEXED", ahead=1):
            self.i += 2

    def target(self) -> Node:
        """The table an UPDATE, DELETE or INSERT writes."""
        name = self.name()
        while self.op("."):
            name = self.name()
        table = Node(TABLE, name=name, alias=self.alias())
        self.indexed()
        return table

    def update(self) -> Node:
        if self.take_kw("OR"):
            self.name()
        parts = [self.target()]
        self.expect_kw("SET")
        parts += self.assignments()
        if self.take_kw("FROM"):
            parts += self.from_clause()
        return other(*parts, *self.where(), *self.returning(), *self.order_limit())

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
        return other(*parts, *self.returning())
