"""The CREATE statement parser against SQLite itself, on generated statements (seeded, bounded).

Every construct of parse.y's CREATE TABLE / INDEX / VIEW / TRIGGER grammar is drawn at random, with the
optional commas between table constraints, optional keywords, odd spacing, any case, and comments between
any two tokens. What SQLite accepts, ours must parse, to the structure SQLite's PRAGMAs report; what
SQLite refuses is not asked of ours.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from generator.sqlite.parse import (
    ParsedTable,
    default_value,
    parse_create_index,
    parse_create_table,
    parse_create_trigger,
    parse_create_view,
)
from generator.sqlite.tokens import canonical

SEED = 23
STATEMENTS = 1500  # per kind; seeded, so every run draws the same ones

PARENT = "CREATE TABLE p (a INTEGER PRIMARY KEY, b TEXT UNIQUE, c INT, UNIQUE (b, c))"
GAPS = (" ", " ", " ", "\n", "\t", "  ", " /* c */ ", "/**/", " -- c\n", "\n\t ", " /* a\n b */")
NAMES = ("x", "y", "z", "w", '"odd name"', "[br]", "`bt`", "'str'", "key", "replace", "abort", "Mixed")
TYPES = ("", "", "INT", "INTEGER", "text", "VARCHAR ( 10 )", "DECIMAL(10, 2)", "UNSIGNED BIG INT", "BLOB")
CONFLICTS = ("", "", "ON CONFLICT ROLLBACK", "ON CONFLICT ABORT", "ON CONFLICT FAIL", "ON CONFLICT IGNORE",
             "ON CONFLICT REPLACE")  # fmt: skip
DEFAULTS = ("DEFAULT 1", "DEFAULT -1", "DEFAULT +2.5", "DEFAULT 'a b'", "DEFAULT NULL", "DEFAULT (1 + 2)",
            "DEFAULT CURRENT_TIMESTAMP", "DEFAULT x'00ff'", "DEFAULT TRUE", "DEFAULT pending",
            "DEFAULT (lower('X'))", "DEFAULT 0x10", "DEFAULT -'3'")  # fmt: skip
CHECKS = ("x > 0", "length(y) < 10", "z IN (1, 2, 3)", "(x)", "x IS NOT NULL AND (y <> 'a, b')", "1")
DEFERRALS = (
    "DEFERRABLE INITIALLY DEFERRED",
    "NOT DEFERRABLE",
    "DEFERRABLE",
    "NOT DEFERRABLE INITIALLY IMMEDIATE",
    "DEFERRABLE INITIALLY IMMEDIATE",
)
ACTIONS = ("SET NULL", "SET DEFAULT", "CASCADE", "RESTRICT", "NO ACTION")


_PIECES = re.compile(r"[xX]'[^']*'|\"[^\"]*\"|'[^']*'|`[^`]*`|\[[^\]]*\]|[^\s\"'`\[]+")


def _gap(rng: random.Random) -> str:
    return rng.choice(GAPS)


def _case(rng: random.Random, text: str) -> str:
    """Keywords in any case (identifiers keep theirs: their case is part of what is compared)."""
    return text if rng.random() < 0.5 else text.lower() if rng.random() < 0.5 else text.title()


def _join(rng: random.Random, words: list[str]) -> str:
    """Words joined with odd spacing and comments between any two tokens."""
    out = [part for word in words for part in _PIECES.findall(word)]
    return "".join(part + _gap(rng) for part in out).strip()


def _refargs(rng: random.Random) -> str:
    args = []
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice(("ON DELETE", "ON UPDATE", "MATCH SIMPLE", "ON INSERT"))
        args.append(kind if kind.startswith("MATCH") else f"{kind} {rng.choice(ACTIONS)}")
    if rng.random() < 0.3:
        args.append(rng.choice(DEFERRALS))
    return " ".join(args)


def _column_constraint(rng: random.Random, name: str, typ: str) -> str:
    kind = rng.randrange(12)
    prefix = f"CONSTRAINT c{rng.randrange(99)} " if rng.random() < 0.2 else ""
    if kind == 0:
        auto = " AUTOINCREMENT" if typ.upper() == "INTEGER" and rng.random() < 0.4 else ""
        order = rng.choice(("", "ASC", "DESC"))
        return f"{prefix}PRIMARY KEY {order} {rng.choice(CONFLICTS)}{auto}"
    if kind == 1:
        return f"{prefix}NOT NULL {rng.choice(CONFLICTS)}"
    if kind == 2:
        return f"{prefix}NULL {rng.choice(CONFLICTS)}"
    if kind == 3:
        return f"{prefix}UNIQUE {rng.choice(CONFLICTS)}"
    if kind == 4:
        return f"{prefix}CHECK ({rng.choice(CHECKS)})"
    if kind == 5:
        return prefix + rng.choice(DEFAULTS)
    if kind == 6:
        return f"{prefix}COLLATE {rng.choice(('NOCASE', 'rtrim', 'BINARY'))}"
    if kind == 7:
        target = rng.choice(("p", "p (a)", "p(b)", "self", "p ( c )"))
        return f"{prefix}REFERENCES {target} {_refargs(rng)}"
    if kind == 8:
        how = rng.choice(("GENERATED ALWAYS AS", "AS"))
        return f"{prefix}{how} (1 + 2) {rng.choice(('', 'STORED', 'VIRTUAL'))}"
    if kind == 9:
        return f"{prefix}DEFERRABLE INITIALLY DEFERRED" if rng.random() < 0.5 else prefix.strip()
    return ""


def _column(rng: random.Random, name: str) -> str:
    typ = rng.choice(TYPES)
    constraints = [_column_constraint(rng, name, typ) for _ in range(rng.randint(0, 3))]
    return " ".join([name, typ, *constraints])


def _key_list(rng: random.Random, names: list[str], *, keyed: bool) -> str:
    chosen = rng.sample(names, rng.randint(1, min(2, len(names))))
    parts = []
    for name in chosen:
        extra = ""
        if keyed and rng.random() < 0.3:
            extra += f" COLLATE {rng.choice(('NOCASE', 'RTRIM'))}"
        if rng.random() < 0.3:
            extra += " " + rng.choice(("ASC", "DESC"))
        parts.append(name + extra)
    return "(" + ", ".join(parts) + ")"


def _table_constraint(rng: random.Random, names: list[str]) -> str:
    prefix = f"CONSTRAINT t{rng.randrange(99)} " if rng.random() < 0.3 else ""
    kind = rng.randrange(5)
    if kind == 0:
        return f"{prefix}PRIMARY KEY {_key_list(rng, names, keyed=True)} {rng.choice(CONFLICTS)}"
    if kind == 1:
        return f"{prefix}UNIQUE {_key_list(rng, names, keyed=True)} {rng.choice(CONFLICTS)}"
    if kind == 2:
        return f"{prefix}CHECK ({rng.choice(CHECKS)}) {rng.choice(CONFLICTS)}"
    if kind == 3:
        cols = rng.sample(names, rng.randint(1, min(2, len(names))))
        to = ("(b, c)" if len(cols) == 2 else rng.choice(("(a)", "", "(b)"))) if rng.random() < 0.9 else ""
        return f"{prefix}FOREIGN KEY ({', '.join(cols)}) REFERENCES p {to} {_refargs(rng)}"
    return prefix.strip()  # CONSTRAINT name alone is a table constraint too


def create_tables(rng: random.Random) -> Iterator[str]:
    """CREATE TABLE statements drawn from the grammar."""
    for _ in range(STATEMENTS):
        names = ["x", "y", "z", *rng.sample(NAMES[3:], rng.randint(0, 2))]  # CHECKs read x, y and z
        columns = [_column(rng, name) for name in names]
        body = ", ".join(columns)
        for _ in range(rng.randint(0, 3)):
            body += rng.choice((", ", ", ", " ")) + _table_constraint(rng, names)  # the optional comma
        options = rng.choice(
            ("", "", "", "", "WITHOUT ROWID", "STRICT", "WITHOUT ROWID, STRICT", "STRICT , WITHOUT ROWID")
        )
        head = rng.choice(
            ("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", "CREATE TABLE main.", "CREATE TEMP TABLE")
        )
        name = rng.choice(("t", '"t"', "[t]", "T"))
        text = f"{head} {name}" if not head.endswith(".") else f"{head}{name}"
        yield _case(rng, "") + _join(rng, [text, "(", body, ")", options])


_NO_COMMA = re.compile(
    r"\)(?:\s|/\*.*?\*/|--[^\n]*\n)*(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)", re.I | re.S
)


def _accepted(conn: sqlite3.Connection, sql: str) -> bool:
    try:
        conn.execute(sql)
    except sqlite3.Error:
        return False
    return True


def _structure(conn: sqlite3.Connection, schema: str) -> dict[str, Any]:
    """What SQLite's PRAGMAs say about table t."""
    xinfo = conn.execute(
        f"SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM {schema}.pragma_table_xinfo('t')"
    )
    fks = conn.execute(
        'SELECT id, seq, "table", "from", "to", on_update, on_delete '
        f"FROM {schema}.pragma_foreign_key_list('t')"
    )
    uniques = []
    for name, origin in conn.execute(
        f"SELECT name, origin FROM {schema}.pragma_index_list('t') WHERE origin <> 'c'"
    ):
        keys = conn.execute(
            f'SELECT name, "desc", coll FROM {schema}.pragma_index_xinfo(?) WHERE key', (name,)
        )
        uniques.append((origin, tuple((k, d, c.lower()) for k, d, c in keys)))
    return {
        "columns": [(n, t, nn, _default(d), pk, h) for n, t, nn, d, pk, h in xinfo],
        "foreign_keys": [(i, s, t, f, to, u.lower(), d.lower()) for i, s, t, f, to, u, d in fks],
        "uniques": sorted(uniques),
    }


def _default(text: str | None) -> Any:
    if text is None:
        return None
    literal, expr = default_value(text)
    return ("literal", literal) if expr is None else ("expr", canonical(expr))


_STANDARD_TYPES = frozenset({"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"})  # SQLite reports these upper


def _ours(parsed: ParsedTable, collations: dict[str, str]) -> dict[str, Any]:
    """The same structure from our parse (what PRAGMAs derive, derived the way SQLite does)."""
    pk_cols = [k.name for k in parsed.primary_key.columns] if parsed.primary_key else []
    inline = [c.name for c in parsed.columns if c.primary_key]
    pk_order = pk_cols or inline[-1:]  # SQLite keeps the last inline PRIMARY KEY it accepted (only one is)
    columns = []
    for col in parsed.columns:
        hidden = 0 if col.generated is None else (3 if col.generated.stored else 2)
        pk = pk_order.index(col.name) + 1 if col.name in pk_order else 0
        not_null = col.not_null or ((parsed.without_rowid or parsed.strict) and pk > 0)
        typ = col.type.upper() if col.type.upper() in _STANDARD_TYPES else col.type  # as SQLite reports it
        columns.append((col.name, typ, int(not_null), _default(col.default), pk, hidden))
    fks = []
    fk_list = [fk for c in parsed.columns for fk in c.foreign_keys] + parsed.foreign_keys
    for i, fk in enumerate(reversed(fk_list)):  # SQLite lists the last foreign key first
        for seq, col in enumerate(fk.columns):
            to = fk.to[seq] if seq < len(fk.to) else None
            fks.append((i, seq, fk.table, col, to, fk.on_update, fk.on_delete))
    return {"columns": columns, "foreign_keys": fks, "collations": collations}


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute(PARENT)
    yield conn
    conn.close()


def test_create_table_parses_as_sqlite_does(conn: sqlite3.Connection) -> None:
    rng = random.Random(SEED)
    accepted = 0
    without_commas = 0
    for sql in create_tables(rng):
        conn.execute("DROP TABLE IF EXISTS temp.t")
        conn.execute("DROP TABLE IF EXISTS main.t")
        if not _accepted(conn, sql):
            continue
        accepted += 1
        schema = (
            "temp"
            if conn.execute("SELECT 1 FROM temp.sqlite_schema WHERE name = 't' COLLATE NOCASE").fetchone()
            else "main"
        )
        try:
            parsed = parse_create_table(sql)
        except Exception as exc:
            pytest.fail(f"{exc}\n{sql}")
        sqlite_says = _structure(conn, schema)
        ours = _ours(parsed, {})
        assert ours["columns"] == sqlite_says["columns"], sql
        assert ours["foreign_keys"] == sqlite_says["foreign_keys"], sql
        # the constraints SQLite makes indexes for: UNIQUE ('u') and a WITHOUT ROWID or non-INTEGER key ('pk')
        keyed = {k.name for u in parsed.uniques for k in u.columns} | {
            c.name for c in parsed.columns if c.unique
        }
        assert {k for _o, keys in sqlite_says["uniques"] if _o == "u" for k, _d, _c in keys} <= keyed, sql
        for check in parsed.checks + [c for col in parsed.columns for c in col.checks]:
            conn.execute(f"SELECT ({check.sql}) FROM {schema}.t")  # the text is exactly the expression
        options = conn.execute(f"SELECT wr, strict FROM {schema}.pragma_table_list('t')").fetchone()
        assert (parsed.without_rowid, parsed.strict) == (bool(options[0]), bool(options[1])), sql
        without_commas += bool(_NO_COMMA.search(sql))
    assert accepted > STATEMENTS // 4, accepted  # the generator draws mostly valid statements
    assert without_commas > 20, without_commas


# --- CREATE INDEX, VIEW, TRIGGER on a fixed table --------------------------------------------------------

BASE = 'CREATE TABLE b (x INTEGER PRIMARY KEY, y TEXT COLLATE NOCASE, "odd name" INT, [when] TEXT)'
KEYS = ("x", "y", '"odd name"', "[when]", "lower(y)", "(x + 1)", "y || 'a, b'", "abs(x)")


def create_indexes(rng: random.Random) -> Iterator[tuple[str, dict[str, Any]]]:
    """CREATE INDEX statements and what they say (the truth the parse is compared with)."""
    for n in range(STATEMENTS):
        keys = []
        for key in rng.sample(KEYS, rng.randint(1, 3)):
            collate = rng.choice(("", "", "NOCASE", "rtrim", "BINARY"))
            order = rng.choice(("", "", "ASC", "DESC"))
            keys.append((key, collate, order))
        written = ", ".join(k + (f" COLLATE {c}" if c else "") + (f" {o}" if o else "") for k, c, o in keys)
        unique = rng.random() < 0.3
        where = rng.choice(("", "", "x > 0", "y IS NOT NULL AND (x < 5)", "[when] <> ''"))
        head = rng.choice(("CREATE", "create", "Create"))
        head += " UNIQUE" if unique else ""
        head += rng.choice((" INDEX", " INDEX IF NOT EXISTS"))
        name = rng.choice((f"i{n}", f'"i {n}"', f"main.i{n}", f"[i{n}]"))
        sql = _join(rng, [head, name, "ON", "b", "(", written, ")"] + (["WHERE", where] if where else []))
        yield sql, {"unique": unique, "where": where, "keys": keys}


def test_create_index_parses_as_sqlite_does(conn: sqlite3.Connection) -> None:
    conn.execute(BASE)
    rng = random.Random(SEED)
    accepted = 0
    for sql, truth in create_indexes(rng):
        if not _accepted(conn, sql):
            continue
        accepted += 1
        index = parse_create_index(sql)
        (name,) = conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchone()
        assert (index.name, index.table, index.unique) == (name, "b", truth["unique"]), sql
        assert canonical(index.where) == canonical(truth["where"]), sql
        xinfo = conn.execute(
            'SELECT cid, name, "desc", coll FROM pragma_index_xinfo(?) WHERE key', (name,)
        ).fetchall()
        assert len(xinfo) == len(index.columns), sql
        for key, (cid, column, desc, coll), (_k, collate, _o) in zip(
            index.columns, xinfo, truth["keys"], strict=True
        ):
            assert (key.name or None, bool(key.desc)) == (column if cid >= 0 else None, bool(desc)), sql
            if "||" in _k:  # `y || 'a' COLLATE x` collates the literal alone: the COLLATE is the expression's
                assert not key.collate and (not collate or key.expr.endswith(collate)), sql
            else:
                assert key.collate == collate and (not collate or coll.lower() == collate.lower()), sql
            if key.expr:
                conn.execute(f"SELECT {key.expr} FROM b")  # the expression exactly
        conn.execute(f'DROP INDEX "{name}"')
    assert accepted > STATEMENTS // 2, accepted


BODIES = (
    "SELECT x, y FROM b",
    "SELECT * FROM b WHERE x IN (SELECT x FROM b) ORDER BY y",
    "WITH c(v) AS (SELECT x FROM b) SELECT v FROM c",
    "SELECT x AS 'a, b', [when] FROM b UNION ALL SELECT 1, 'END'",
    "VALUES (1, 2)",
    "SELECT CASE WHEN x THEN 'BEGIN' ELSE 'END' END, y FROM b",
)


def test_create_view_parses_as_sqlite_does(conn: sqlite3.Connection) -> None:
    conn.execute(BASE)
    rng = random.Random(SEED)
    for n in range(STATEMENTS // 3):
        body = rng.choice(BODIES)
        width = len(conn.execute(f"SELECT * FROM ({body})").description)
        names = tuple(rng.sample(["p", "q r", "s", "t"], width)) if rng.random() < 0.4 and width <= 4 else ()
        columns = "(" + ", ".join(f'"{c}"' for c in names) + ")" if names else ""
        head = rng.choice(
            ("CREATE VIEW", "CREATE TEMP VIEW", "CREATE VIEW IF NOT EXISTS", "create temporary view")
        )
        sql = _join(rng, [head, f"v{n}", columns, "AS", body]) + rng.choice(("", ";", " ; -- done"))
        if not _accepted(conn, sql):
            continue
        view = parse_create_view(sql)
        assert (view.name, view.column_names) == (f"v{n}", names), sql
        assert canonical(view.sql) == canonical(body), sql
        conn.execute(f"SELECT * FROM ({view.sql})")


STATEMENTS_IN_TRIGGERS = (
    "SELECT 1;",
    "UPDATE b SET y = 'END;' WHERE x = NEW.x;",
    "INSERT INTO b (y) VALUES ('BEGIN'); DELETE FROM b WHERE x < 0;",
    "SELECT CASE WHEN 1 THEN 2 END; SELECT RAISE(IGNORE);",
)


def test_create_trigger_parses_as_sqlite_does(conn: sqlite3.Connection) -> None:
    conn.execute(BASE)
    conn.execute("CREATE VIEW bv AS SELECT * FROM b")
    rng = random.Random(SEED)
    accepted = 0
    for n in range(STATEMENTS // 3):
        timing = rng.choice(("", "BEFORE", "AFTER", "INSTEAD OF"))
        event = rng.choice(("INSERT", "DELETE", "UPDATE", "UPDATE OF y", 'UPDATE OF x, "odd name"'))
        table = "bv" if timing == "INSTEAD OF" else "b"
        when = (
            rng.choice(("", "", "NEW.x > 0", "(1)", "1 AND y LIKE 'BEGIN%'")) if "DELETE" not in event else ""
        )
        body = " ".join(rng.sample(STATEMENTS_IN_TRIGGERS, rng.randint(1, 2)))
        words = ["CREATE", rng.choice(("", "TEMP")), "TRIGGER", rng.choice(("", "IF NOT EXISTS")), f"tr{n}",
                 timing, event, "ON", table, rng.choice(("", "FOR EACH ROW"))]  # fmt: skip
        words += ["WHEN", when] if when else []
        sql = _join(rng, [*words, "BEGIN", body, "END"]) + rng.choice(("", ";"))
        if not _accepted(conn, sql):
            continue
        accepted += 1
        trigger = parse_create_trigger(sql)
        columns = (
            tuple(c.strip().strip('"') for c in event.removeprefix("UPDATE OF ").split(","))
            if " OF " in event
            else ()
        )
        assert (trigger.name, trigger.table, trigger.timing) == (
            f"tr{n}",
            table,
            (timing or "before").lower(),
        ), sql
        assert (trigger.event, trigger.columns) == (event.split()[0].lower(), columns), sql
        assert canonical(trigger.when) == canonical(when), sql
        assert canonical(trigger.body) == canonical(body), sql
        conn.execute(f"DROP TRIGGER tr{n}")
    assert accepted > STATEMENTS // 6, accepted
