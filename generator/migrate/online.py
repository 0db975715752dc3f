"""The online rebuild: a table rebuilt while the app keeps writing (gh-ost's way, for SQLite).

The offline rebuild (SQLite's 12 steps) copies every row inside the migration's one transaction, so the
app's writes wait (a file) or are refused (sqld) for as long as the copy takes. Online, per rebuilt table:

1. setup, one short transaction: the new table under its rebuild name (`_schemagen_new_<t>`, the name the
   offline rebuild uses) and three triggers on the old table that mirror every INSERT, UPDATE and DELETE
   into it (`_schemagen_online_<t>_ins|_upd|_del`);
2. copy, many short transactions: the rows that were there before, in rowid (or key) ranges of a few
   thousand, each range skipping rows the triggers already mirrored; a pause between ranges lets the
   app's writes through;
3. swap, one transaction: the triggers dropped, then the rest of the plan exactly as the offline rebuild
   runs it (the old table dropped, the new one renamed, its indexes built, dependent views and triggers
   created again, foreign keys checked).

Until the swap commits the old table is the app's and holds every row; the new one is a copy. Names are
deterministic, so a run that was killed leaves something a re-run recognises: the copy is resumed when
the new table is still what the spec asks for, and dropped (with its triggers) when it is not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from msgspec import Struct
from msgspec.structs import replace

from generator.db import Database, Statement
from generator.errors import DatabaseError
from generator.migrate.pace import (
    CHUNK_SECONDS,
    FIRST_CHUNK_ROWS,
    MAX_CHUNK_ROWS,
    MIN_CHUNK_ROWS,
    MIN_PAUSE,
    PAUSE_SHARE,
)
from generator.migrate.steps import REBUILD_PREFIX, Plan, Risk, Step, StepKind
from generator.model import Schema, Table, fold
from generator.model.constraints import Index
from generator.sqlite.ddl import create_index_sql, create_table_sql, quote_identifier

q = quote_identifier
TRIGGER_PREFIX = "_schemagen_online_"
ONLINE_ROWS = 100_000  # a table this big to rebuild: plan proposes push --online
# How fast an offline rebuild copies rows on sqld (docs/live-push.md: about 2.5 s of lock per million rows,
# measured on 2 cores); the plan's and lint's lock-time estimates are rows / this, said as estimates.
OFFLINE_ROWS_PER_SECOND = 400_000
# What the online swap costs under the lock (docs/online.md, measured at 3,000,000 rows on sqld): dropping
# the old table and the count check, about 25 ms per million rows; and each index it builds (a unique one,
# never moved), about 0.5 s per million rows.
SWAP_ROWS_PER_SECOND = 40_000_000
INDEX_ROWS_PER_SECOND = 2_000_000


class Pacing(Struct, frozen=True):
    """How fast the online copy goes: `rows` per range (None: sized to hold the lock about `seconds`, from
    the range before), and `pause` seconds after each (None: `PAUSE_SHARE` of that range's time)."""

    rows: int | None = None
    pause: float | None = None
    seconds: float = CHUNK_SECONDS

    def first(self) -> int:
        """The first range's size."""
        return self.rows if self.rows is not None else FIRST_CHUNK_ROWS

    def after(self, rows: int, took: float) -> tuple[int, float]:
        """The next range's size and the pause before it, after a range of `rows` that took `took` s."""
        pause = self.pause if self.pause is not None else max(MIN_PAUSE, PAUSE_SHARE * took)
        if self.rows is not None:
            return self.rows, pause
        # Aim at `seconds`, at most doubling (a range that went fast by luck) and at least a quarter.
        aimed = rows * self.seconds / max(took, 1e-4)
        return round(min(MAX_CHUNK_ROWS, max(MIN_CHUNK_ROWS, rows / 4, min(aimed, rows * 2)))), pause


PACE = Pacing()  # the default pace
FAST = Pacing(pause=0.0)  # a second pass over the few rows left: no pause


class OnlineTable(Struct, frozen=True):
    """How one table is copied online: the new table's name and DDL, the columns copied, and the key that
    finds a row in both tables (the rowid, or the primary key of a WITHOUT ROWID table)."""

    name: str
    shadow: str
    create_sql: str
    columns: tuple[str, ...]  # copied as they are (shared, not generated)
    key: tuple[str, ...]  # ("rowid",) style: the key as the old table names it
    new_key: tuple[str, ...]  # the same key as the new table names it
    by_rowid: bool
    # The key is a column both tables declare unique (an INTEGER PRIMARY KEY): the copy skips the rows the
    # triggers mirrored with `ON CONFLICT (key) DO NOTHING`, the seek its insert makes anyway, instead of a
    # second one for NOT EXISTS (a third of the copy's time); any other constraint still fails the range.
    upsert: bool = False
    # The new table's non-unique indexes, created on it (empty) at setup under their names, after the old
    # table's index of each name is dropped: filled row by row during the copy, they cost the swap nothing
    # (building one there takes the lock ~0.5 s per million rows); until the swap, queries that used the
    # old ones scan the old table (push --online --keep-indexes keeps them, and builds them in the swap).
    moved: tuple[Index, ...] = ()
    dropped: tuple[str, ...] = ()  # the old table's indexes dropped at setup (their names are moved)

    @property
    def triggers(self) -> tuple[str, str, str]:
        """The names of the three mirroring triggers."""
        return tuple(f"{TRIGGER_PREFIX}{self.name}_{e}" for e in ("ins", "upd", "del"))  # type: ignore[return-value]

    def _targets(self) -> str:
        return ", ".join(
            [q(c) for c in self.new_key if self.by_rowid and c not in self.columns]
            + [q(c) for c in self.columns]
        )

    def _values(self, row: str) -> str:
        keys = (
            [f"{row}.{q(c)}" for c in self.key]
            if self.by_rowid and self.new_key[0] not in self.columns
            else []
        )
        return ", ".join(keys + [f"{row}.{q(c)}" for c in self.columns])

    def _match(self, row: str) -> str:
        return " AND ".join(f"{q(n)} IS {row}.{q(o)}" for n, o in zip(self.new_key, self.key, strict=True))

    def setup_sql(self) -> list[str]:
        """The new table and the triggers that keep it equal to the old one (run in one transaction)."""
        ins, upd, dele = self.triggers
        shadow, table = q(self.shadow), q(self.name)
        insert_new = f"INSERT INTO {shadow} ({self._targets()}) VALUES ({self._values('NEW')});"
        moved = [create_index_sql(replace(ix, table=self.shadow), if_not_exists=False) for ix in self.moved]
        return [
            *(f"DROP INDEX IF EXISTS {q(name)};" for name in self.dropped),
            self.create_sql,
            *moved,
            f"CREATE TRIGGER {q(ins)} AFTER INSERT ON {table} BEGIN "
            f"DELETE FROM {shadow} WHERE {self._match('NEW')}; {insert_new} END;",
            f"CREATE TRIGGER {q(upd)} AFTER UPDATE ON {table} BEGIN "
            f"DELETE FROM {shadow} WHERE {self._match('OLD')}; "
            f"DELETE FROM {shadow} WHERE {self._match('NEW')}; {insert_new} END;",
            f"CREATE TRIGGER {q(dele)} AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM {shadow} WHERE {self._match('OLD')}; END;",
        ]

    def copy_sql(self, *, last: bool) -> str:
        """One range of the copy by the first key column, `?1 <= key < ?2` (the last range: `<= ?2`),
        skipping the rows the triggers already mirrored."""
        first = q(self.key[0])
        exists = " AND ".join(f"s.{q(n)} IS o.{q(k)}" for n, k in zip(self.new_key, self.key, strict=True))
        skip = (
            f" ON CONFLICT ({', '.join(q(n) for n in self.new_key)}) DO NOTHING"
            if self.upsert
            else f" AND NOT EXISTS (SELECT 1 FROM {q(self.shadow)} AS s WHERE {exists})"
        )
        return (
            f"INSERT INTO {q(self.shadow)} ({self._targets()}) SELECT {self._values('o')} FROM "
            f"{q(self.name)} AS o "
            f"WHERE o.{first} >= ?1 AND o.{first} {'<=' if last else '<'} ?2{skip}"
        )

    def boundary_sql(self) -> str:
        """The key value `?2` rows after `?1` (at most `?3`): where the next range starts."""
        first = q(self.key[0])
        return (
            f"SELECT {first} FROM {q(self.name)} WHERE {first} >= ?1 AND {first} <= ?3 "
            f"ORDER BY {first} LIMIT 1 OFFSET ?2"
        )

    def next_sql(self) -> str:
        """The first key value above `?1` (at most `?2`): a range never ends where it starts."""
        first = q(self.key[0])
        return f"SELECT min({first}) FROM {q(self.name)} WHERE {first} > ?1 AND {first} <= ?2"

    def drop_sql(self) -> list[str]:
        """Remove the triggers and the new table (a leftover of an interrupted run, or a cancelled one)."""
        drops = [f"DROP TRIGGER IF EXISTS {q(t)};" for t in self.triggers]
        return [*drops, f"DROP TABLE IF EXISTS {q(self.shadow)};"]


def _rowid_name(table: Table) -> str:
    """How this table's rowid can be named (a column may have taken `rowid`, `_rowid_` or `oid`)."""
    taken = {fold(c.name) for c in table.columns}
    return next((n for n in ("rowid", "_rowid_", "oid") if n not in taken), "")


def online_table(
    live: Table, target: Table, *, keep_indexes: bool = False, taken: frozenset[str] = frozenset()
) -> OnlineTable | str:
    """How `live` is rebuilt into `target` online, or why it cannot be (a sentence). The new table's
    non-unique indexes are built during the copy (`OnlineTable.moved`), the old table's index of the same
    name dropped at setup; with `keep_indexes`, only those whose name is free are (the others are built in
    the swap). `taken`: the folded names of the live schema's other tables, views and indexes."""
    found = _online_table(live, target)
    if isinstance(found, str):
        return found
    own = {fold(ix.name) for ix in live.all_indexes}
    unique = {fold(ix.name) for ix in live.all_indexes if ix.unique}  # the old table keeps enforcing them
    moved = tuple(
        ix
        for ix in target.indexes
        if not ix.unique
        and fold(ix.name) not in taken | unique
        and not (keep_indexes and fold(ix.name) in own)
    )
    names = {fold(ix.name) for ix in moved}
    dropped = tuple(ix.name for ix in live.all_indexes if fold(ix.name) in names)
    return replace(found, moved=moved, dropped=dropped)


def _online_table(live: Table, target: Table) -> OnlineTable | str:
    shadow = f"{REBUILD_PREFIX}{target.name}"
    columns = tuple(c.name for c in target.columns if live.has_column(c.name) and c.generated is None)
    create = create_table_sql(target, name=shadow, if_not_exists=False)
    if not live.without_rowid and not target.without_rowid:
        old, new = _rowid_name(live), _rowid_name(target)
        alias = target.rowid_alias
        if alias is not None:
            live_alias = live.rowid_alias
            if live_alias is None or fold(live_alias.name) != fold(alias.name):
                return f"{target.name}: its INTEGER PRIMARY KEY changes, so the rows' rowids do too"
            return OnlineTable(
                target.name, shadow, create, columns, (alias.name,), (alias.name,), True, upsert=True
            )
        if not old or not new:
            return f"{target.name}: a column has taken every name of the rowid (rowid, _rowid_, oid)"
        return OnlineTable(target.name, shadow, create, columns, (old,), (new,), True)
    same_key = (
        live.pk is not None
        and target.pk is not None
        and [fold(n) for n in live.pk.names] == [fold(n) for n in target.pk.names]
    )
    if live.without_rowid and target.without_rowid and same_key and live.pk and target.pk:
        return OnlineTable(target.name, shadow, create, columns, live.pk.names, target.pk.names, False)
    return f"{target.name}: its rows change their key (rowid <-> WITHOUT ROWID, or a new primary key)"


def online_copies(
    live: Schema, target: Schema, plan: Plan, *, keep_indexes: bool = False
) -> dict[str, OnlineTable | str]:
    """Each table the plan rebuilds -> its online copy, or why it cannot be copied online (a sentence)."""
    copies: dict[str, OnlineTable | str] = {}
    for name in plan.rebuilds:
        taken = frozenset(
            {fold(t.name) for t in live.tables if fold(t.name) != fold(name)}
            | {fold(v.name) for v in live.views}
            | {fold(ix.name) for t in live.tables if fold(t.name) != fold(name) for ix in t.all_indexes}
        )
        copies[name] = online_table(
            live.table(name), target.table(name), keep_indexes=keep_indexes, taken=taken
        )
    return copies


def online_tables(
    live: Schema, target: Schema, plan: Plan, *, keep_indexes: bool = False
) -> tuple[tuple[OnlineTable, ...], tuple[str, ...]]:
    """The plan's rebuilt tables as online copies, and the reasons the others cannot be copied online."""
    copies = online_copies(live, target, plan, keep_indexes=keep_indexes).values()
    return tuple(c for c in copies if not isinstance(c, str)), tuple(c for c in copies if isinstance(c, str))


def swap_statements(plan: Plan, tables: Sequence[OnlineTable]) -> list[str]:
    """The plan's statements as the swap runs them: triggers dropped first, and for each online table the
    offline rebuild's CREATE of the new table and its row copy left out (done already)."""
    online = {fold(t.shadow) for t in tables}
    drops = [f"DROP TRIGGER IF EXISTS {q(name)};" for t in tables for name in t.triggers]
    kept: list[str] = []
    ours = {f"DROP TABLE IF EXISTS {q(t.shadow)};" for t in tables} | set(drops)
    ours |= {create_index_sql(ix, if_not_exists=False) for t in tables for ix in t.moved}  # built already
    for sql in plan.statements():
        if sql in ours:
            continue  # the cleanup of a leftover this run resumed (or set up again)
        head = sql.split("(", 1)[0]
        if any(
            head.startswith(prefix + q(shadow_name))
            for prefix in ("CREATE TABLE ", "INSERT OR ABORT INTO ")
            for shadow_name in (t.shadow for t in tables)
        ):
            continue
        kept.append(sql)
    assert online  # swap_statements is only asked with online tables
    return drops + kept


def leftover_names(rows: Sequence[Sequence[object]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The copy tables and online triggers an interrupted online rebuild left, from sqlite_schema's rows
    (type, name, ...) as the introspection reads them: (tables, triggers)."""
    tables = tuple(str(r[1]) for r in rows if r[0] == "table" and fold(str(r[1])).startswith(REBUILD_PREFIX))
    triggers = tuple(
        str(r[1]) for r in rows if r[0] == "trigger" and fold(str(r[1])).startswith(TRIGGER_PREFIX)
    )
    return tables, triggers


def cleanup_step(tables: Sequence[str], triggers: Sequence[str]) -> Step:
    """The step that removes an interrupted online rebuild's leftovers (the old tables hold every row)."""
    what = ", ".join([*(f"table {t}" for t in tables), *(f"trigger {t}" for t in triggers)])
    sql = (
        *(f"DROP TRIGGER IF EXISTS {q(t)};" for t in triggers),
        *(f"DROP TABLE IF EXISTS {q(t)};" for t in tables),
    )
    summary = (
        f"remove what an interrupted online rebuild left ({what}); `push --online` resumes its copy instead"
    )
    return Step(StepKind.CLEAN_UP, tables[0] if tables else triggers[0], Risk.SAFE, summary, sql)


class Copying(Struct, frozen=True):
    """Progress of the online copy of one table: rows copied so far of about `total`."""

    table: str
    copied: int
    total: int


def leftovers(db: Database) -> tuple[frozenset[str], frozenset[str]]:
    """The rebuild tables and online triggers an interrupted run left behind (folded names)."""
    rows = db.query(
        "SELECT type, name FROM sqlite_schema WHERE (type = 'table' AND name LIKE ?1 ESCAPE '\\') "
        "OR (type = 'trigger' AND name LIKE ?2 ESCAPE '\\')",
        (_like(REBUILD_PREFIX) + "%", _like(TRIGGER_PREFIX) + "%"),
    )
    tables = frozenset(fold(str(r[1])) for r in rows if r[0] == "table")
    triggers = frozenset(fold(str(r[1])) for r in rows if r[0] == "trigger")
    return tables, triggers


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")


def _stored_sql(db: Database, name: str) -> str:
    rows = db.query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", (name,))
    return str(rows[0][0]) if rows else ""


def prepare(db: Database, tables: Sequence[OnlineTable], guard: str) -> dict[str, bool]:
    """Set up each table's copy (one transaction for all, which `guard` must pass: the schema is still the
    one planned from); a leftover that is still what the spec asks for is resumed (True in the answer),
    any other leftover is dropped first."""
    left_tables, left_triggers = leftovers(db)
    statements: list[Statement] = []
    resumed: dict[str, bool] = {}
    for table in tables:
        complete = {fold(t) for t in table.triggers} <= left_triggers
        if (
            fold(table.shadow) in left_tables
            and complete
            and _same_ddl(_stored_sql(db, table.shadow), table)
            and _indexes_of(db, table.shadow) == {fold(ix.name) for ix in table.moved}
        ):
            resumed[table.name] = True
            continue
        resumed[table.name] = False
        if fold(table.shadow) in left_tables or any(fold(t) in left_triggers for t in table.triggers):
            statements += table.drop_sql()
        statements += table.setup_sql()
    db.apply([guard, *statements], foreign_keys_off=True, check_tables=())
    return resumed


def _indexes_of(db: Database, table: str) -> set[str]:
    """The named indexes (not SQLite's own) of a table, folded."""
    rows = db.query(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL", (table,)
    )
    return {fold(str(r[0])) for r in rows}


def _same_ddl(stored: str, table: OnlineTable) -> bool:
    from generator.sqlite.tokens import canonical

    return canonical(stored.rstrip(";")) == canonical(table.create_sql.rstrip(";"))


def copy_rows(
    db: Database,
    table: OnlineTable,
    *,
    pacing: Pacing = PACE,
    on_progress: Callable[[Copying], None] | None = None,
) -> int:
    """Copy the rows that were in the old table when its triggers were set up (keys up to the largest one
    then: every later row is mirrored), range by range, each range its own short transaction, at `pacing`.
    Returns the rows this call copied (rows the triggers mirrored are not counted)."""
    first = q(table.key[0])
    low, high, total = db.query(f"SELECT min({first}), max({first}), count(*) FROM {q(table.name)}")[0]
    if low is None or high is None:
        return 0
    copied, start, rows = 0, low, pacing.first()
    assert start is not None
    resume = 0.0  # when the next range may take the lock: the read of its bounds runs in the pause
    # Each range starts above the last one and holds rows, so the loop ends; rows the app inserts inside
    # the key range meanwhile may add ranges: the bound leaves room for them and still stops a runaway.
    for _ in range(2 * (int(total or 0) // MIN_CHUNK_ROWS) + 1_000):
        row = db.query(table.boundary_sql(), (start, rows, high))
        end = row[0][0] if row else None
        if end is not None and end == start:  # more than a range's rows share one value of the first key
            end = db.query(table.next_sql(), (start, high))[0][0]
        last = end is None
        sql = table.copy_sql(last=last)
        stop = high if end is None else end
        if (wait := resume - time.monotonic()) > 0:
            time.sleep(wait)
        began = time.monotonic()
        changed = db.apply([(sql, (start, stop))], foreign_keys_off=True, check_tables=())
        done = time.monotonic()
        rows, pause = pacing.after(rows, done - began)
        resume = done + pause
        copied += changed[0] if changed else 0
        if on_progress is not None:
            on_progress(Copying(table.name, copied, int(total or 0)))
        if last:
            return copied
        start = stop
    raise DatabaseError(f"{db.url}: {table.name}: the online copy did not reach the end of the table")


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def verify(db: Database, tables: Sequence[OnlineTable]) -> dict[str, tuple[int, int]]:
    """Row counts of each old and new table, each pair read in one statement (one snapshot)."""
    reads = [
        f"SELECT (SELECT count(*) FROM {q(t.name)}), (SELECT count(*) FROM {q(t.shadow)})" for t in tables
    ]
    results = db.pipeline(reads)
    return {t.name: (_count(rows[0][0]), _count(rows[0][1])) for t, rows in zip(tables, results, strict=True)}
