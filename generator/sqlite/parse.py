"""Parse SQLite CREATE statements into the model (lang_createtable.html and friends).

Introspection reads PRAGMAs first; this parser supplies what no PRAGMA tells: CHECK constraints, generated
and default expressions, collations, ON CONFLICT clauses, constraint names, AUTOINCREMENT, DEFERRABLE,
index expressions and WHERE clauses, and view, trigger and virtual-table definitions. The spec loader
uses the same parser to check the SQL fragments a spec holds.
"""

from __future__ import annotations

from msgspec import Struct, field
from msgspec.structs import replace

from generator.model import (
    Check,
    FkAction,
    ForeignKey,
    Generated,
    Index,
    IndexColumn,
    PrimaryKey,
    Trigger,
    TriggerEvent,
    TriggerTiming,
    Unique,
    View,
    VirtualTable,
)
from generator.sqlite.cursor import Cursor, create_prefix, qualified_name
from generator.sqlite.tokens import (
    SqlSyntaxError,
    Tok,
    split_top,
    sqlite_number,
    strip_parens,
    tokenize,
)

# A column's declared type ends at the first of these words (lang_createtable.html, column-def).
_COLUMN_CONSTRAINTS = frozenset(
    {
        "CONSTRAINT",
        "PRIMARY",
        "NOT",
        "NULL",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "COLLATE",
        "REFERENCES",
        "GENERATED",
        "AS",
        "DEFERRABLE",
    }
)
_TABLE_CONSTRAINTS = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"})


class ParsedColumn(Struct):
    """One column definition as written."""

    name: str
    type: str = ""
    not_null: bool = False
    not_null_conflict: str = ""
    primary_key: bool = False
    pk_desc: bool = False
    pk_conflict: str = ""
    pk_name: str = ""
    autoincrement: bool = False
    unique: Unique | None = None
    checks: list[Check] = field(default_factory=list)
    default: str | None = None  # the DEFAULT text as written, outer parentheses removed
    collate: str = ""
    generated: Generated | None = None
    foreign_keys: list[ForeignKey] = field(default_factory=list)  # a column may say REFERENCES twice


class ParsedTable(Struct):
    """A CREATE TABLE statement: its columns and table constraints, in order, and its options."""

    name: str
    columns: list[ParsedColumn] = field(default_factory=list)
    primary_key: PrimaryKey | None = None  # a table-level PRIMARY KEY (...)
    uniques: list[Unique] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    without_rowid: bool = False
    strict: bool = False
    random_rowid: bool = False  # libSQL


def parse_create_table(sql: str) -> ParsedTable:
    """Parse `CREATE TABLE name (...) [options]` (not `AS SELECT`)."""
    toks = tokenize(sql)
    cur = Cursor(sql, toks)
    create_prefix(cur, "TABLE")
    table = ParsedTable(qualified_name(cur))
    if cur.peek("AS"):
        raise SqlSyntaxError("CREATE TABLE ... AS SELECT has no column definitions")
    constraints = False  # columns come first; after the first table constraint, only constraints
    for item in split_top(cur.group()):
        if not item:
            raise SqlSyntaxError(f"an empty definition between commas in table {table.name}")
        if constraints or (item[0].kind == "word" and item[0].text.upper() in _TABLE_CONSTRAINTS):
            constraints = True
            for piece in _constraint_pieces(item):
                _table_constraint(Cursor(sql, piece), table)
        else:
            table.columns.append(_column(Cursor(sql, item)))
    for option in split_top(cur.toks[cur.i :]):
        words = " ".join(t.text.upper() for t in option if t.text != ";")
        if words == "WITHOUT ROWID":
            table.without_rowid = True
        elif words == "STRICT":
            table.strict = True
        elif words == "RANDOM ROWID":  # libSQL's table option
            table.random_rowid = True
        elif words:
            raise SqlSyntaxError(f"unknown table option {words}")
    return table


def _constraint_pieces(item: list[Tok]) -> list[list[Tok]]:
    """Table constraints need no comma between them (parse.y: `conslist ::= conslist tconscomma tcons`,
    `tconscomma ::= COMMA | .`): split at each word that starts one, outside parentheses. A name given by
    `CONSTRAINT name` stays with the constraint that follows it."""
    pieces: list[list[Tok]] = []
    depth = 0
    for tok in item:
        if tok.kind == "op" and tok.text in "()":
            depth += 1 if tok.text == "(" else -1
        starts = depth == 0 and tok.kind == "word" and tok.text.upper() in _TABLE_CONSTRAINTS
        named = bool(pieces) and len(pieces[-1]) == 2 and pieces[-1][0].kw("CONSTRAINT")
        if not pieces or (starts and (not named or tok.kw("CONSTRAINT"))):
            pieces.append([tok])
        else:
            pieces[-1].append(tok)
    return pieces


def _column(cur: Cursor) -> ParsedColumn:
    col = ParsedColumn(cur.next().name)
    start = cur.i
    while not cur.done and not _constraint_starts(cur):
        if cur.at_op("("):
            cur.group()
        else:
            cur.i += 1
    col.type = cur.text(cur.toks[start : cur.i])
    if cur.peek("GENERATED") and not (cur.i > start and cur.toks[cur.i - 1].text == ")"):
        # SQLite reads GENERATED ALWAYS as more words of a type name (not after `(n)`), then cuts them off
        col.type = _without_generated_always(cur.text(cur.toks[start : cur.i + 2]))
    name = ""
    while not cur.done:
        if cur.take("CONSTRAINT"):
            name = cur.next().name
            continue
        if cur.take("PRIMARY"):
            cur.expect("KEY")
            col.primary_key, col.pk_name = True, name
            if cur.take("DESC"):
                col.pk_desc = True
            cur.take("ASC")
            col.pk_conflict = cur.conflict()
            col.autoincrement = cur.take("AUTOINCREMENT")
        elif _at_deferrable(cur):  # applies to the column's foreign key (parse.y: ccons ::= defer_subclause)
            deferred = _deferrable(cur)
            if col.foreign_keys:
                col.foreign_keys[-1] = replace(col.foreign_keys[-1], deferred=deferred)
        elif cur.take("NOT"):
            cur.expect("NULL")
            col.not_null, col.not_null_conflict = True, cur.conflict()
        elif cur.take("NULL"):
            cur.conflict()  # `NULL` is accepted and means nothing
        elif cur.take("UNIQUE"):
            col.unique = Unique((IndexColumn(name=col.name),), name=name, on_conflict=cur.conflict())
        elif cur.take("CHECK"):
            col.checks.append(Check(cur.text(strip_parens(cur.group())), name=name))
        elif cur.take("DEFAULT"):
            col.default = _default(cur)
        elif cur.take("COLLATE"):
            col.collate = cur.next().name
        elif cur.peek("REFERENCES"):
            col.foreign_keys.append(_references(cur, (col.name,), name))
        elif cur.peek("GENERATED", "AS") and _constraint_starts(cur):
            if cur.take("GENERATED"):
                cur.expect("ALWAYS")
            cur.expect("AS")
            expr = cur.text(strip_parens(cur.group()))
            stored = cur.take("STORED")
            cur.take("VIRTUAL")
            col.generated = Generated(expr, stored=stored)
        else:
            raise SqlSyntaxError(f"unexpected {cur.next().text!r} in the definition of column {col.name}")
        name = ""
    return col


def _without_generated_always(text: str) -> str:
    """The declared type SQLite keeps for `<type> GENERATED ALWAYS` (build.c, sqlite3AddColumn): a trailing
    `always`, then `generated`, cut off with the whitespace before each (a comment between them stays)."""
    if len(text) < 16 or text[-6:].lower() != "always":
        return text
    text = text[:-6].rstrip(_SPACE)
    if text[-9:].lower() == "generated":
        text = text[:-9].rstrip(_SPACE)
    return text


_SPACE = " \t\n\f\r"


def _constraint_starts(cur: Cursor) -> bool:
    """True at the first word of a column constraint (GENERATED only before ALWAYS, AS only before `(`)."""
    if not cur.peek(*_COLUMN_CONSTRAINTS):
        return False
    following = cur.toks[cur.i + 1] if cur.i + 1 < len(cur.toks) else None
    if cur.peek("GENERATED"):
        return following is not None and following.kw("ALWAYS")
    if cur.peek("AS"):
        return following is not None and following.kind == "op" and following.text == "("
    return True


def _default(cur: Cursor) -> str:
    """The DEFAULT value as written: a literal, a signed number, or an expression without its parentheses."""
    if cur.at_op("("):
        return cur.text(strip_parens(cur.group()))
    first = cur.next()
    if first.kind == "op" and first.text in "+-":
        return cur.text([first, cur.next()])
    return first.text


def _references(cur: Cursor, columns: tuple[str, ...], name: str) -> ForeignKey:
    """`REFERENCES parent [(cols)] [ON DELETE|UPDATE action] [MATCH x] [[NOT] DEFERRABLE [INITIALLY ...]]`."""
    cur.expect("REFERENCES")
    parent = cur.next().name
    to: tuple[str, ...] = ()
    if cur.at_op("("):
        to = tuple(part[0].name for part in split_top(cur.group()) if part)
    actions = {"DELETE": FkAction.NO_ACTION, "UPDATE": FkAction.NO_ACTION}
    deferred = False
    while not cur.done:
        if cur.take("ON"):
            event = cur.next().text.upper()
            words = [cur.next().text.lower()]
            if words[0] in ("set", "no"):
                words.append(cur.next().text.lower())
            try:
                actions[event] = FkAction(" ".join(words))
            except ValueError:
                raise SqlSyntaxError(
                    f"unknown foreign key action ON {event} {' '.join(words).upper()}"
                ) from None
        elif cur.take("MATCH"):
            cur.next()
        elif _at_deferrable(cur):
            deferred = _deferrable(cur)
        else:
            break
    return ForeignKey(
        columns=columns,
        table=parent,
        to=to,
        on_delete=actions["DELETE"],
        on_update=actions["UPDATE"],
        deferred=deferred,
        name=name,
    )


def _at_deferrable(cur: Cursor) -> bool:
    """At `DEFERRABLE` or `NOT DEFERRABLE` (not at `NOT NULL`)."""
    if cur.peek("DEFERRABLE"):
        return True
    return cur.peek("NOT") and cur.i + 1 < len(cur.toks) and cur.toks[cur.i + 1].kw("DEFERRABLE")


def _deferrable(cur: Cursor) -> bool:
    """`[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`: True when the checks wait for COMMIT."""
    negated = cur.take("NOT")
    cur.expect("DEFERRABLE")
    initially = ""
    if cur.take("INITIALLY"):
        initially = cur.next().text.upper()
    return not negated and initially == "DEFERRED"


def _key_columns(cur: Cursor, group: list[Tok]) -> tuple[IndexColumn, ...]:
    """Indexed columns of a PRIMARY KEY / UNIQUE / CREATE INDEX: names or expressions, COLLATE, ASC/DESC."""
    out = []
    for part in split_top(group):
        if not part:
            continue
        desc = bool(part) and part[-1].kw("DESC")
        if part and part[-1].kw("ASC", "DESC"):
            part = part[:-1]
        collate = ""
        if len(part) >= 2 and part[-2].kw("COLLATE") and is_primary(part[:-2]):
            # `a || b COLLATE x` collates b alone (COLLATE binds tighter): it stays in the expression
            collate, part = part[-1].name, part[:-2]
        bare = strip_parens(part)
        if len(bare) == 1 and bare[0].kind in ("word", "qident", "string") and len(part) == 1:
            out.append(IndexColumn(name=bare[0].name, desc=desc, collate=collate))
        else:
            out.append(IndexColumn(expr=cur.text(part), desc=desc, collate=collate))
    return tuple(out)


def is_primary(toks: list[Tok]) -> bool:
    """True for one operand a trailing COLLATE applies to whole: a name (`t.c`), a literal, a
    parenthesised expression or a function call."""
    if not toks:
        return False
    if toks[-1].kind == "op" and toks[-1].text == ")":
        depth, i = 0, len(toks) - 1
        for i in range(len(toks) - 1, -1, -1):
            if toks[i].kind == "op" and toks[i].text in "()":
                depth += 1 if toks[i].text == ")" else -1
                if depth == 0:
                    break
        return i == 0 or (i == 1 and toks[0].kind in ("word", "qident"))
    names = all(t.kind != "op" for t in toks[::2]) and all(
        t.kind == "op" and t.text == "." for t in toks[1::2]
    )
    return names and len(toks) % 2 == 1


def _table_constraint(cur: Cursor, table: ParsedTable) -> None:
    name = cur.next().name if cur.take("CONSTRAINT") else ""
    if cur.done and name:
        return  # `CONSTRAINT name` alone is a table constraint (parse.y: tcons ::= CONSTRAINT nm)
    if cur.take("PRIMARY"):
        cur.expect("KEY")
        group = cur.group()
        autoincrement = bool(group) and group[-1].kw("AUTOINCREMENT")  # parse.y: LP sortlist autoinc RP
        columns = _key_columns(cur, group[:-1] if autoincrement else group)
        table.primary_key = PrimaryKey(columns, name=name, on_conflict=cur.conflict())
        if autoincrement:
            for col in table.columns:
                if len(columns) == 1 and col.name.lower() == columns[0].name.lower():
                    col.autoincrement = True
    elif cur.take("UNIQUE"):
        columns = _key_columns(cur, cur.group())
        table.uniques.append(Unique(columns, name=name, on_conflict=cur.conflict()))
    elif cur.take("CHECK"):
        table.checks.append(Check(cur.text(strip_parens(cur.group())), name=name))
        cur.conflict()  # accepted and ignored by SQLite
    elif cur.take("FOREIGN"):
        cur.expect("KEY")
        names = tuple(part[0].name for part in split_top(cur.group()) if part)
        table.foreign_keys.append(_references(cur, names, name))
    else:
        raise SqlSyntaxError(f"unexpected {cur.next().text!r} in a table constraint of {table.name}")
    if not cur.done:
        raise SqlSyntaxError(f"unexpected {cur.next().text!r} after a table constraint of {table.name}")


def parse_create_index(sql: str) -> Index:
    """Parse `CREATE [UNIQUE] INDEX name ON table (keys) [WHERE expr]`."""
    cur = Cursor(sql, tokenize(sql))
    unique = len(cur.toks) > 1 and cur.toks[1].kw("UNIQUE")
    create_prefix(cur, "INDEX")
    name = qualified_name(cur)
    cur.expect("ON")
    table = cur.next().name
    columns = _key_columns(cur, cur.group())
    where = ""
    if cur.take("WHERE"):
        where = cur.text([t for t in cur.toks[cur.i :] if t.text != ";"])
    return Index(name=name, table=table, columns=columns, unique=unique, where=where)


def parse_create_view(sql: str) -> View:
    """Parse `CREATE VIEW name [(columns)] AS select`."""
    cur = Cursor(sql, tokenize(sql))
    create_prefix(cur, "VIEW")
    name = qualified_name(cur)
    names: tuple[str, ...] = ()
    if cur.at_op("("):
        names = tuple(part[0].name for part in split_top(cur.group()) if part)
    cur.expect("AS")
    body = [t for t in cur.toks[cur.i :]]
    if body and body[-1].text == ";":
        body = body[:-1]
    return View(name=name, sql=cur.text(body), column_names=names)


def parse_create_trigger(sql: str) -> Trigger:
    """Parse `CREATE TRIGGER name [BEFORE|AFTER|INSTEAD OF] event ON table [WHEN e] BEGIN ... END`."""
    cur = Cursor(sql, tokenize(sql))
    create_prefix(cur, "TRIGGER")
    name = qualified_name(cur)
    timing = TriggerTiming.BEFORE  # SQLite's default when no timing is written
    if cur.take("BEFORE"):
        timing = TriggerTiming.BEFORE
    elif cur.take("AFTER"):
        timing = TriggerTiming.AFTER
    elif cur.take("INSTEAD"):
        cur.expect("OF")
        timing = TriggerTiming.INSTEAD_OF
    spelled = cur.next().text.lower()
    if spelled not in tuple(TriggerEvent):
        raise SqlSyntaxError(f"trigger {name}: unknown event {spelled}")
    event = TriggerEvent(spelled)
    columns: tuple[str, ...] = ()
    if event is TriggerEvent.UPDATE and cur.take("OF"):
        names = [cur.next().name]
        while cur.at_op(","):
            cur.i += 1
            names.append(cur.next().name)
        columns = tuple(names)
    cur.expect("ON")
    table = qualified_name(cur)
    if cur.take("FOR"):
        cur.expect("EACH")
        cur.expect("ROW")
    when = ""
    if cur.take("WHEN"):
        start = cur.i
        while not cur.peek("BEGIN"):
            cur.next()
        when = cur.text(strip_parens(cur.toks[start : cur.i]))
    cur.expect("BEGIN")
    end = len(cur.toks) - 1
    while end > cur.i and cur.toks[end].text == ";":
        end -= 1
    if not cur.toks[end].kw("END"):
        raise SqlSyntaxError(f"trigger {name}: the body does not end with END")
    return Trigger(
        name=name,
        table=table,
        timing=timing,
        event=event,
        body=cur.text(cur.toks[cur.i : end]),
        columns=columns,
        when=when,
    )


def parse_create_virtual(sql: str) -> VirtualTable:
    """Parse `CREATE VIRTUAL TABLE name USING module [(arguments)]`."""
    cur = Cursor(sql, tokenize(sql))
    create_prefix(cur, "TABLE")
    name = qualified_name(cur)
    cur.expect("USING")
    module = cur.next().text
    arguments: tuple[str, ...] = ()
    if cur.at_op("("):
        arguments = tuple(cur.text(part) for part in split_top(cur.group()) if part)
    return VirtualTable(name=name, module=module, arguments=arguments)


# Bare words SQLite evaluates in a DEFAULT (every other bare word is read as a string: `DEFAULT pending`).
_DEFAULT_KEYWORDS = frozenset({"TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"})


def default_value(text: str) -> tuple[str | int | float | None, str | None]:
    """(literal, expression) of a DEFAULT as written: a literal SQLite stores as is, else the expression.

    Reads what `pragma_table_xinfo` reports and what a spec's `default: {sql: ...}` says the same way, so
    `'x'`, `"x"` (SQLite's string fallback), `x`, `-1`, `0x10` and `(1)` are literals. `NULL` stays the
    expression it is written as (the DDL says `DEFAULT NULL` again, so the pragmas match), though it means
    no default (Column.null_default: the planner never sees a change between the two).
    """
    toks = strip_parens(tokenize(text))
    if len(toks) == 1:
        tok = toks[0]
        if tok.kind in ("string", "qident"):  # SQLite reads DEFAULT "x", [x] and `x` as the string x
            return tok.name, None
        if tok.kind == "number":
            number = sqlite_number(tok.text)
            return (number, None) if number is not None else (None, text.strip())
        if tok.kw("NULL"):
            return None, text.strip()
        if tok.kind == "word" and not tok.kw(*_DEFAULT_KEYWORDS):
            return tok.text, None
    if len(toks) == 2 and toks[0].kind == "op" and toks[0].text in "+-" and toks[1].kind == "number":
        number = sqlite_number(toks[1].text)
        if number is not None and not (
            toks[0].text == "-" and number == -(2**63) and toks[1].text[:2] in ("0x", "0X")
        ):
            return (-number if toks[0].text == "-" else number), None
    return None, text.strip()
