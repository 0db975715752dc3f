"""The docs' index analysis reads SQL on the project's tokenizer (generator/sqlite/querytree.py) and gives
the answers it gave when it was written on sqlglot (kept here, as a test dependency, as the reference):
on every documented query of the repository and on 1,500 seeded random queries over the Code Reels
schema (joins, subqueries, CTEs, compound selects, every predicate form, functions, CASE, CAST, COLLATE,
JSON arrows, window functions, UPDATE and DELETE).

One simplification both share: a statement's aliases form one map, so the generated queries bind each
alias to one table (sqlglot's walk order would decide between two bindings, ours is not the same walk).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from generator.errors import SchemagenError
from generator.model import Query, Schema
from generator.spec import load_spec
from generator.sqlite.queries import IndexUse, index_uses

ROOT = Path(__file__).resolve().parent.parent
SPECS = [ROOT / "spec/schema.yaml", *sorted((ROOT / "tests/data/golden").glob("*/spec.yaml"))]
_FILTERS = (exp.EQ, exp.In, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between, exp.Is)


def sqlglot_index_uses(schema: Schema, query: Query) -> tuple[IndexUse, ...]:
    """The analysis as it was written on sqlglot (generator/sqlite/queries.py before it moved off it)."""
    used: dict[tuple[str, str, str], str] = {}
    for statement in sqlglot.parse(query.sql, read="sqlite"):
        if statement is None:
            continue
        for (table, column), how in _sqlglot_columns(schema, statement).items():
            if not schema.has_table(table):
                continue
            for index in schema.table(table).all_indexes:
                if index.columns[0].name == column:
                    used.setdefault((index.name, table, column), how)
    return tuple(IndexUse(index=n, table=t, column=c, how=h) for (n, t, c), h in sorted(used.items()))


def _sqlglot_columns(schema: Schema, statement: exp.Expr) -> dict[tuple[str, str], str]:
    aliases: dict[str, str] = {}
    tables: list[str] = []
    for table in statement.find_all(exp.Table):
        aliases[table.alias_or_name] = table.name
        tables.append(table.name)
    rank = {"filter": 0, "join": 1, "sort": 2}
    found: dict[tuple[str, str], str] = {}

    def note(col: exp.Column, how: str) -> None:
        if col.table:
            owner = aliases.get(col.table)
        else:
            owners = [
                t
                for t in dict.fromkeys(tables)
                if schema.has_table(t) and schema.table(t).has_column(col.name)
            ]
            owner = owners[0] if len(owners) == 1 else None
        if owner is None:
            return
        key = (owner, col.name)
        if key not in found or rank[how] < rank[found[key]]:
            found[key] = how

    for join in statement.find_all(exp.Join):
        on = join.args.get("on")
        if on is not None:
            for eq in on.find_all(exp.EQ):
                for col in eq.find_all(exp.Column):
                    note(col, "join")
    for where in statement.find_all(exp.Where):
        for predicate in where.find_all(*_FILTERS):
            if isinstance(predicate.this, exp.Column):
                note(predicate.this, "filter")
            right = predicate.args.get("expression")
            if isinstance(predicate, exp.EQ) and isinstance(right, exp.Column):
                note(right, "filter")
    for order in statement.find_all(exp.Order):
        first = order.expressions[0].this if order.expressions else None
        if isinstance(first, exp.Column):
            note(first, "sort")
    return found


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_every_documented_query_gets_the_sqlglot_answer(spec: Path) -> None:
    schema = load_spec(spec)
    for query in schema.queries:
        assert index_uses(schema, query) == sqlglot_index_uses(schema, query), query.id


class _Random:
    """Random SQL over a schema, from a small grammar of what documented queries hold."""

    def __init__(self, schema: Schema, rng: random.Random) -> None:
        self.schema, self.rng = schema, rng
        self.names = [t.name for t in schema.tables]
        self.aliases = 0

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def table(self, scope: list[tuple[str, str]]) -> str:
        name = self.rng.choice(self.names)
        if self.chance(0.6):
            self.aliases += 1
            alias = f"a{self.aliases}"
            scope.append((name, alias))
            return f"{name} {'AS ' if self.chance(0.7) else ''}{alias}"
        scope.append((name, name))
        return name

    def column(self, scope: list[tuple[str, str]]) -> str:
        if not scope or self.chance(0.05):
            return self.pick("id", "nope", "status")
        name, alias = self.rng.choice(scope)
        columns = [c.name for c in self.schema.table(name).columns]
        column = self.rng.choice(columns) if self.chance(0.9) else "missing_col"
        roll = self.rng.random()
        if roll < 0.45:
            return column
        if roll < 0.9:
            return f"{alias}.{column}"
        return f'"{alias}"."{column}"' if alias == name else f"{alias}.{column}"

    def literal(self) -> str:
        return self.pick("1", "0", "2.5", "'aws'", "'active'", "NULL", "?", ":name", "x'00'", "TRUE")

    def operand(self, scope: list[tuple[str, str]], depth: int = 0) -> str:
        roll = self.rng.random()
        col = self.column(scope)
        if roll < 0.45 or depth > 2:
            return col
        if roll < 0.55:
            return self.literal()
        options: list[Callable[[], str]] = [
            lambda: f"lower({col})", lambda: f"{col} + 1", lambda: f"{col} || 'x'", lambda: f"{col} -> '$.a'",
            lambda: f"{col} ->> '$.a'", lambda: f"({col})", lambda: f"CAST({col} AS TEXT)",
            lambda: f"{col} COLLATE NOCASE", lambda: f"-{col}", lambda: f"+{col}", lambda: f"datetime({col})",
            lambda: f"coalesce({col}, {self.operand(scope, depth + 1)})", lambda: f"{col} * 2",
            lambda: f"CASE WHEN {self.condition(scope, depth + 1)} THEN {col} ELSE 0 END",
            lambda: f"count(DISTINCT {col})", lambda: f"({self.select(depth + 1, scalar=True)})",
            lambda: f"{col} & 1", lambda: f"abs({col}) % 3",
        ]  # fmt: skip
        return self.rng.choice(options)()

    def predicate(self, scope: list[tuple[str, str]], depth: int) -> str:
        a, b = self.operand(scope, depth), self.operand(scope, depth)
        kind = self.rng.randrange(12)
        if kind < 4:
            return f"{a} {self.pick('=', '==', '<', '<=', '>', '>=', '!=', '<>')} {b}"
        if kind == 4:
            return f"{a} {self.pick('IN', 'NOT IN')} ({self.literal()}, {self.literal()})"
        if kind == 5 and depth < 2:
            return f"{a} IN ({self.select(depth + 1, scalar=True)})"
        if kind == 6:
            return f"{a} {self.pick('BETWEEN', 'NOT BETWEEN')} {self.literal()} AND {b}"
        if kind == 7:
            return f"{a} {self.pick('IS NULL', 'IS NOT NULL', 'ISNULL', 'NOTNULL', 'NOT NULL', 'IS TRUE')}"
        if kind == 8:
            return f"{a} {self.pick('LIKE', 'NOT LIKE', 'GLOB')} 'x%'"
        if kind == 9 and depth < 2:
            return f"{self.pick('EXISTS', 'NOT EXISTS')} ({self.select(depth + 1)})"
        if kind == 10:
            return f"{a} IS {self.pick('NOT ', '')}{b}"
        return f"{a} = {b}"

    def condition(self, scope: list[tuple[str, str]], depth: int = 0) -> str:
        roll = self.rng.random()
        if roll < 0.5 or depth > 2:
            return self.predicate(scope, depth)
        if roll < 0.8:
            left, right = self.condition(scope, depth + 1), self.condition(scope, depth + 1)
            return f"{left} {self.pick('AND', 'OR')} {right}"
        if roll < 0.9:
            return f"NOT {self.condition(scope, depth + 1)}"
        return f"({self.condition(scope, depth + 1)})"

    def ordering(self, scope: list[tuple[str, str]]) -> str:
        terms = [
            f"{self.operand(scope, 2)}{self.pick('', ' ASC', ' DESC', ' DESC NULLS LAST')}"
            for _ in range(self.rng.randint(1, 3))
        ]
        return ", ".join(terms)

    def select(self, depth: int = 0, *, scalar: bool = False) -> str:
        scope: list[tuple[str, str]] = []
        parts = [self.table(scope)]
        for _ in range(self.rng.randint(0, 2 if depth < 2 else 0)):
            if self.chance(0.15):
                parts.append(f", {self.table(scope)}")
                continue
            join = self.pick("JOIN", "LEFT JOIN", "INNER JOIN", "LEFT OUTER JOIN", "CROSS JOIN")
            target = self.table(scope)
            if self.chance(0.15) and depth < 1:
                self.aliases += 1
                target = f"({self.select(depth + 1)}) AS s{self.aliases}"
            on = f" ON {self.operand(scope)} = {self.operand(scope)}" if join != "CROSS JOIN" else ""
            if on and self.chance(0.3):
                on += f" AND {self.condition(scope, 2)}"
            parts.append(f" {join} {target}{on}")
        if scalar:
            results = self.operand(scope, 2)
        else:
            results = self.pick("*", f"{self.column(scope)}, {self.operand(scope, 1)} AS v", "count(*) AS n")
            if self.chance(0.15):
                results += (
                    f", row_number() OVER (PARTITION BY {self.column(scope)} ORDER BY {self.ordering(scope)})"
                )
        sql = f"SELECT {self.pick('', 'DISTINCT ')}{results} FROM {''.join(parts)}"
        if self.chance(0.8):
            sql += f" WHERE {self.condition(scope, depth)}"
        if self.chance(0.15):
            sql += f" GROUP BY {self.column(scope)}"
            if self.chance(0.5):
                sql += f" HAVING count(*) > {self.literal()}"
        if self.chance(0.1) and not scalar:
            sql += f" UNION {self.pick('', 'ALL ')}SELECT * FROM {self.table(scope)}"
        if self.chance(0.5):
            sql += f" ORDER BY {self.ordering(scope)}"
        if self.chance(0.4):
            sql += f" LIMIT {self.rng.randint(1, 100)}"
        return sql

    def statement(self) -> str:
        roll = self.rng.random()
        if roll < 0.1:
            scope: list[tuple[str, str]] = []
            target = self.rng.choice(self.names)
            scope.append((target, target))
            column = self.rng.choice(self.schema.table(target).columns).name
            return f"UPDATE {target} SET {column} = {self.literal()} WHERE {self.condition(scope)}"
        if roll < 0.2:
            target = self.rng.choice(self.names)
            return f"DELETE FROM {target} WHERE {self.condition([(target, target)])}"
        if roll < 0.3:
            return f"WITH c AS ({self.select(1)}) {self.select()}"
        return self.select()


def test_random_queries_get_the_sqlglot_answer() -> None:
    schema = load_spec(ROOT / "spec/schema.yaml")
    rng = random.Random(29_2026)
    credited = 0
    for number in range(1500):
        sql = _Random(schema, rng).statement()
        query = Query(id=f"q{number}", section="essential", title="q", sql=sql)
        ours = index_uses(schema, query)
        assert ours == sqlglot_index_uses(schema, query), sql
        credited += bool(ours)
    assert credited > 600


def test_sql_it_cannot_read_is_one_error_naming_the_query() -> None:
    schema = load_spec(ROOT / "spec/schema.yaml")
    with pytest.raises(SchemagenError, match=r"^queries\.bad: cannot read it: expected "):
        index_uses(schema, Query(id="bad", section="essential", title="x", sql="SELECT FROM WHERE"))
