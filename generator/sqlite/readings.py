"""What sqlglot reads in a piece of SQL, kept in the user's cache by the very text it was read from.

Every use of sqlglot lives here: the tables a view's SELECT names (generator/sqlite/reads.py decides what
they mean) and the columns a documented query joins, filters and sorts on (generator/sqlite/queries.py
matches them with the schema's indexes). Both are pure functions of the text. Importing sqlglot costs a
process about 130 ms, a quarter of a whole `generate`, so the readings are kept in one JSON file in the
user cache folder (`$XDG_CACHE_HOME/schemagen/`, else `~/.cache/schemagen/`, beside the templates'
bytecode): a run whose views and queries were all read before never imports sqlglot.

The file's name carries what a reading depends on besides the text: a checksum of this module's source
(the code that walks the tree) and where sqlglot is installed and its files' size and time (a reinstall
or an upgrade changes them). An entry is found by the SHA-256 of its text and used only when its shape is
right; a cache that cannot be read or written is ignored, silently, and the text read again. So the cache
can make a run faster, never its output different (tests/test_readings.py).
"""

from __future__ import annotations

import atexit
import contextlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlglot import exp

MAX_ENTRIES = 2048  # the oldest entries go first beyond this (a spec has tens of views and queries)
MAX_BYTES = 16 << 20  # a larger file is not read
HOWS = ("filter", "join", "sort")  # how a query uses a column, the strongest first

# A view: the (database, name) of every table a scope of its SELECT reads, then every `x IN name`
# (database ""); None when sqlglot cannot read it.
Sources = list[tuple[str, str]] | None
# A query: one entry per statement, the tables it names as (alias or name, name) and its columns as
# (qualifier, column, how); or the parse error in one line.
Statement = tuple[list[tuple[str, str]], list[tuple[str, str, str]]]
Facts = list[Statement] | str


def view_sources(sql: str) -> Sources:
    """The tables and views a SELECT's scopes read, as sqlglot names them (its CTEs and aliases left out)."""
    value = _cached("view", sql, _read_view, _is_sources)
    return None if value is None else [(db, name) for db, name in value]


def query_facts(sql: str) -> Facts:
    """Per statement of a documented query, its tables and the columns it joins, filters and sorts on;
    the parse error's text when sqlglot cannot read it."""
    value = _cached("query", sql, _read_query, _is_facts)
    if isinstance(value, str):
        return value
    return [([(a, n) for a, n in tables], [(q, c, h) for q, c, h in uses]) for tables, uses in value]


# --- reading (sqlglot) ----------------------------------------------------------------------------------


def _read_view(sql: str) -> Sources:
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError
    from sqlglot.optimizer.scope import traverse_scope

    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
        scopes = traverse_scope(tree)
    except (SqlglotError, RecursionError, ValueError, KeyError):
        return None
    found: list[tuple[str, str]] = []
    for scope in scopes:
        for source in scope.sources.values():
            if isinstance(source, exp.Table) and source.name:
                found.append((source.db, source.name))
    for node in tree.find_all(exp.In):  # SQLite's `x IN table`
        field = node.args.get("field")
        if (isinstance(field, exp.Column) and not field.table) or isinstance(field, exp.Table):
            found.append(("", field.name))
    return found


def _read_query(sql: str) -> Facts:
    import sqlglot

    try:
        statements = sqlglot.parse(sql, read="sqlite")
    except sqlglot.errors.ParseError as exc:
        return _parse_error(exc)
    return [_statement(statement) for statement in statements if statement is not None]


def _parse_error(exc: Exception) -> str:
    """sqlglot's first error in one line: `Expected table name but got 'WHERE' (line 1, column 17)`."""
    import re

    errors = getattr(exc, "errors", None) or [{"description": str(exc).splitlines()[0]}]
    first = errors[0]
    text = re.sub(r"<Token token_type: [^,]*, text: ([^,]*),[^>]*>", r"'\1'", str(first.get("description")))
    where = f" (line {first['line']}, column {first['col']})" if first.get("line") else ""
    return text + where


def _statement(statement: exp.Expr) -> Statement:
    """The tables a statement names and its columns in joins (ON ... = ...), filters (WHERE) and sorts
    (the first ORDER BY term), in the order met."""
    from sqlglot import exp

    tables = [(table.alias_or_name, table.name) for table in statement.find_all(exp.Table)]
    uses: list[tuple[str, str, str]] = []
    for join in statement.find_all(exp.Join):
        on = join.args.get("on")
        if on is not None:
            for eq in on.find_all(exp.EQ):
                uses.extend((col.table, col.name, "join") for col in eq.find_all(exp.Column))
    filters = (exp.EQ, exp.In, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between, exp.Is)
    for where in statement.find_all(exp.Where):
        for predicate in where.find_all(*filters):
            if isinstance(predicate.this, exp.Column):
                uses.append((predicate.this.table, predicate.this.name, "filter"))
            right = predicate.args.get("expression")
            if isinstance(predicate, exp.EQ) and isinstance(right, exp.Column):
                uses.append((right.table, right.name, "filter"))
    for order in statement.find_all(exp.Order):
        first = order.expressions[0].this if order.expressions else None
        if isinstance(first, exp.Column):
            uses.append((first.table, first.name, "sort"))
    return tables, uses


# --- the shape an entry must have to be used -------------------------------------------------------------


def _strings(value: Any, size: int) -> bool:
    return isinstance(value, list | tuple) and len(value) == size and all(isinstance(v, str) for v in value)


def _is_sources(value: Any) -> bool:
    return value is None or (isinstance(value, list) and all(_strings(v, 2) for v in value))


def _is_facts(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if not isinstance(value, list):
        return False
    for statement in value:
        if not (isinstance(statement, list | tuple) and len(statement) == 2):
            return False
        tables, uses = statement
        if not (isinstance(tables, list | tuple) and all(_strings(t, 2) for t in tables)):
            return False
        if not (isinstance(uses, list | tuple) and all(_strings(u, 3) and u[2] in HOWS for u in uses)):
            return False
    return True


# --- the cache ------------------------------------------------------------------------------------------


def entry_key(kind: str, sql: str) -> str:
    """An entry's name in the cache: the SHA-256 of its kind ("view", "query") and its text."""
    import hashlib  # here: a command that reads no SQL (an import over HTTP) never loads it

    return hashlib.sha256(f"{kind}\0{sql}".encode("utf-8", "surrogatepass")).hexdigest()


def _cached(kind: str, sql: str, read: Callable[[str], Any], valid: Callable[[Any], bool]) -> Any:
    name = entry_key(kind, sql)
    entries = _entries()
    if name in entries and valid(entries[name]):
        return entries[name]
    value = read(sql)
    entries[name] = value
    global _dirty
    if not _dirty:
        _dirty = True
        atexit.register(_save)  # once per process, however many texts were read
    return value


@cache
def _file() -> Path | None:
    """The cache file for this reading code and this sqlglot (None when sqlglot cannot be found)."""
    import hashlib

    from generator.files import cache_home, library_state

    try:
        state = library_state("sqlglot")
        if state is None:
            return None
        code = Path(__file__).read_bytes()
    except (OSError, ImportError, ValueError):
        return None
    digest = hashlib.sha256(code + "\0".join(state).encode()).hexdigest()[:16]
    return cache_home() / f"sql-readings-{digest}.json"


_loaded: dict[str, Any] | None = None
_dirty = False


def _entries() -> dict[str, Any]:
    global _loaded
    if _loaded is None:
        _loaded = {}
        from generator.files import read_kept

        path = _file()
        raw = read_kept(path, MAX_BYTES) if path is not None else None  # larger: not a file we wrote
        if raw is not None:
            with contextlib.suppress(ValueError, RecursionError):
                data = json.loads(raw)
                if isinstance(data, dict):
                    _loaded = data
    return _loaded


def _save() -> None:
    """Write the cache whole as the process ends (into a temporary file renamed over it: a reader sees the
    old file or the new one; two processes' entries are not merged, the last one's are kept)."""
    global _dirty
    path, entries = _file(), _loaded
    if path is None or entries is None or not _dirty:
        return
    _dirty = False
    while len(entries) > MAX_ENTRIES:
        del entries[next(iter(entries))]
    from generator.files import write_kept

    with contextlib.suppress(TypeError, ValueError):
        # Readable by this user only: the names come from the user's SQL.
        write_kept(path, json.dumps(entries, separators=(",", ":")).encode("utf-8", "surrogatepass"))
