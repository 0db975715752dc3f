"""The functions and collations a live schema uses that SQLite does not have: the application registers them.

SQLite itself finds them: the inspected schema is built in memory (generator.spec.sqlcheck) and every
`no such function: X` or `no such collation sequence: X` it answers is declared, until it answers none
(one round per name at most). A function's argument count is read from its calls (`any` when they differ);
it is declared deterministic where SQLite demands it (index keys and WHERE clauses, generated columns,
CHECKs), not elsewhere. A collation's stand-in is `binary` unless its name says it ignores case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from msgspec.structs import replace

from generator.model import AppCollation, AppFunction, Schema, fold
from generator.spec.sqlcheck import fragment_problems
from generator.sqlite.tokens import Tok, matching, split_top, tokenize

_FUNCTION = re.compile(r"no such function: (\S+)")
_COLLATION = re.compile(r"no such collation sequence: (\S+)")
_MAX_ROUNDS = 200  # each round declares at least one name; a schema naming more is refused as it stands


def declare_app_defined(schema: Schema) -> Schema:
    """`schema` with every function and collation SQLite lacks declared (functions and collations sorted)."""
    functions = {fold(f.name): f for f in schema.functions}
    collations = {fold(c.name): c for c in schema.collations}
    current = schema
    for _ in range(_MAX_ROUNDS):
        errors, _warnings = fragment_problems(current)
        found = False
        for path, message in errors:
            if match := _FUNCTION.search(message):
                name = match.group(1)
                if fold(name) not in functions:
                    functions[fold(name)] = _function(current, name, path)
                    found = True
                elif _strict(path) and not functions[fold(name)].deterministic:
                    functions[fold(name)] = replace(functions[fold(name)], deterministic=True)
                    found = True
            elif (match := _COLLATION.search(message)) and fold(match.group(1)) not in collations:
                name = match.group(1)
                like = "nocase" if "case" in name.lower() else "binary"  # unicase, nocase_utf8, ...
                collations[fold(name)] = AppCollation(name, like=like)
                found = True
            elif "non-deterministic functions prohibited" in message:
                for key in _called(_fragment_sql(current, path)) & functions.keys():
                    if not functions[key].deterministic:
                        functions[key] = replace(functions[key], deterministic=True)
                        found = True
        if not found:
            break
        current = replace(
            schema,
            functions=tuple(sorted(functions.values(), key=lambda f: (fold(f.name), f.name))),
            collations=tuple(sorted(collations.values(), key=lambda c: (fold(c.name), c.name))),
        )
    return current


def uses_app_collation(schema: Schema) -> tuple[str, ...]:
    """The tables with a column or key in a collation `schema` declares as the app's (which only a
    connection the stand-ins are registered on can read)."""
    names = {fold(c.name) for c in schema.collations}
    out = []
    for table in schema.tables:
        keys = [k.collate for ix in table.all_indexes for k in ix.columns]
        keys += [k.collate for k in (table.pk.columns if table.pk else ())]
        if {fold(c) for c in [*keys, *(c.collate for c in table.columns)] if c} & names:
            out.append(table.name)
    return tuple(out)


def _strict(path: tuple[str | int, ...]) -> bool:
    """True where SQLite takes only deterministic functions: index keys, generated columns, CHECKs."""
    return "indexes" in path or "generated" in path or "checks" in path


def _function(schema: Schema, name: str, path: tuple[str | int, ...]) -> AppFunction:
    counts = set(_arities(_every_sql(schema), fold(name)))
    arguments = counts.pop() if len(counts) == 1 else -1
    return AppFunction(name=name, arguments=arguments, deterministic=_strict(path))


def _every_sql(schema: Schema) -> Iterator[str]:
    """Every SQL fragment of the schema (where a call of an app-defined function can be)."""
    for table in schema.tables:
        for column in table.columns:
            yield column.default_expr or ""
            yield column.generated.sql if column.generated else ""
            yield from (c.sql for c in column.checks)
        yield from (c.sql for c in table.checks)
        for index in table.indexes:
            yield index.where
            yield from (key.expr for key in index.columns)
    yield from (v.sql for v in schema.views)
    yield from (f"{t.when} {t.body}" for t in schema.triggers)


def _fragment_sql(schema: Schema, path: tuple[str | int, ...]) -> str:
    """The SQL of the table, view or trigger a check problem points at (all of a table's fragments)."""
    if len(path) >= 2 and path[0] == "tables":
        table = schema.table(str(path[1]))
        return " ".join(_every_sql(replace(schema, tables=(table,), views=(), triggers=())))
    return ""


def _called(sql: str) -> set[str]:
    """The folded names of the functions `sql` calls."""
    toks = tokenize(sql)
    return {fold(t.name) for i, t in enumerate(toks[:-1]) if _is_call(toks, i)}


def _is_call(toks: list[Tok], i: int) -> bool:
    return toks[i].kind == "word" and toks[i + 1].kind == "op" and toks[i + 1].text == "("


def _arities(texts: Iterator[str], name: str) -> Iterator[int]:
    """The number of arguments of every call of `name` in the texts."""
    for text in texts:
        if name not in text.lower():
            continue
        toks = tokenize(text)
        for i in range(len(toks) - 1):
            if _is_call(toks, i) and fold(toks[i].name) == name:
                inner = toks[i + 2 : matching(toks, i + 1)]
                parts = split_top(inner)
                yield 0 if not parts or parts == [[]] else len(parts)
