"""push --online without a writer process: the copy's pace (ranges sized by the time they held the lock),
the copy's skipping of mirrored rows (and only of those), and which indexes are built during the copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from generator.migrate.online import Pacing, online_table
from generator.migrate.pace import (
    CHUNK_SECONDS,
    FIRST_CHUNK_ROWS,
    MAX_CHUNK_ROWS,
    MIN_CHUNK_ROWS,
    MIN_PAUSE,
    PAUSE_SHARE,
)
from generator.model import Table
from generator.spec import load_spec

BASE = """version: 1
tables:
  events:
    columns:
      id: {type: integer, primary_key: true}
      kind: {type: text}
      code: {type: text}
      n: {type: integer}
    indexes:
      events_kind: {columns: [kind]}
      events_code: {columns: [code], unique: true}
"""
# NOT NULL (a rebuild), one index kept, one added, the unique one kept
HEAD = BASE.replace("kind: {type: text}", "kind: {type: text, not_null: true}").replace(
    "      events_code:", "      events_n: {columns: [n]}\n      events_code:"
)


def _table(text: str) -> Table:
    return load_spec("spec.yaml", text=text).table("events")


def test_the_next_range_is_sized_to_hold_the_lock_for_the_target_time() -> None:
    pace = Pacing()
    assert pace.first() == FIRST_CHUNK_ROWS
    rows, pause = pace.after(10_000, CHUNK_SECONDS)  # on target: the same size again
    assert rows == 10_000 and pause == pytest.approx(PAUSE_SHARE * CHUNK_SECONDS)
    assert pace.after(10_000, CHUNK_SECONDS / 10)[0] == 20_000  # far too fast: at most doubled
    assert pace.after(10_000, CHUNK_SECONDS * 1.6)[0] == 6_250  # too slow: scaled down
    assert pace.after(10_000, CHUNK_SECONDS * 100)[0] == 2_500  # a spike: a quarter, not 1/100
    assert pace.after(MIN_CHUNK_ROWS, 10.0)[0] == MIN_CHUNK_ROWS
    assert pace.after(MAX_CHUNK_ROWS, 0.0)[0] == MAX_CHUNK_ROWS
    assert pace.after(10_000, 0.0)[1] == MIN_PAUSE  # the app's queued writes still go first
    assert Pacing(seconds=0.2).after(10_000, 0.1)[0] == 20_000


def test_fixed_rows_and_pause_are_kept_as_given() -> None:
    pace = Pacing(rows=300, pause=0.0)
    assert pace.first() == 300
    assert pace.after(300, 5.0) == (300, 0.0)
    assert pace.after(300, 0.0001) == (300, 0.0)


def test_indexes_are_built_during_the_copy_unless_kept_or_unique_or_their_name_is_taken() -> None:
    live, target = _table(BASE), _table(HEAD)
    table = online_table(live, target)
    assert not isinstance(table, str)
    assert sorted(ix.name for ix in table.moved) == ["events_kind", "events_n"]
    assert table.dropped == ("events_kind",)  # the old one, dropped at setup; the unique one stays
    assert table.upsert  # an INTEGER PRIMARY KEY: the copy skips mirrored rows by ON CONFLICT
    kept = online_table(live, target, keep_indexes=True)
    assert not isinstance(kept, str)
    assert [ix.name for ix in kept.moved] == ["events_n"] and kept.dropped == ()  # a free name only
    taken = online_table(live, target, taken=frozenset({"events_n"}))  # another table's index
    assert not isinstance(taken, str)
    assert [ix.name for ix in taken.moved] == ["events_kind"]


def test_the_copy_skips_rows_the_triggers_mirrored_and_fails_on_any_other_conflict(tmp_path: Path) -> None:
    table = online_table(_table(BASE), _table(HEAD))
    assert not isinstance(table, str)
    conn = sqlite3.connect(tmp_path / "app.db")
    conn.execute("CREATE TABLE events (id integer PRIMARY KEY, kind text, code text, n integer)")
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", [(i, "k", f"c{i}", i) for i in range(1, 7)])
    for sql in table.setup_sql():
        conn.execute(sql)
    conn.execute("UPDATE events SET n = 30 WHERE id = 3")  # mirrored by the trigger
    conn.execute(table.copy_sql(last=False), (1, 5))
    copied = conn.execute(f'SELECT id, n FROM "{table.shadow}" ORDER BY id').fetchall()
    assert copied == [(1, 1), (2, 2), (3, 30), (4, 4)]  # 3 once, as the app last wrote it
    # A row of the old table that breaks the new table's NOT NULL is not skipped: the range fails.
    conn.execute("DROP TRIGGER _schemagen_online_events_upd")
    conn.execute("UPDATE events SET kind = NULL WHERE id = 5")
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        conn.execute(table.copy_sql(last=True), (5, 6))
    # Nor is one whose unique code another row of the new table holds (only the key's conflict is skipped).
    conn.execute("UPDATE events SET kind = 'k' WHERE id = 5")
    conn.execute(f'CREATE UNIQUE INDEX shadow_code ON "{table.shadow}" (code)')
    conn.execute(f"INSERT INTO \"{table.shadow}\" (id, kind, code, n) VALUES (99, 'w', 'c6', 0)")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(table.copy_sql(last=True), (5, 6))
    conn.close()


def _base_pushed(tmp_path: Path, rows: int) -> tuple[Path, str]:
    """A file pushed from BASE (kind nullable, so HEAD rebuilds `events`) holding `rows` events; HEAD's
    spec beside it as head.yaml. Returns the file and its URL."""
    from helpers.cli import cli

    db = tmp_path / "app.db"
    (tmp_path / "base.yaml").write_text(BASE.replace("kind: {type: text}", "kind: {type: text, default: x}"))
    (tmp_path / "head.yaml").write_text(HEAD)
    url = f"file:{db}"
    assert cli("push", "--spec", str(tmp_path / "base.yaml"), "--url", url).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO events (kind, code) VALUES ('k', ?)", [(str(i),) for i in range(rows)])
    return db, url


@pytest.mark.parametrize("keep", [False, True])
def test_the_push_says_which_indexes_the_app_lacks_during_the_copy(tmp_path: Path, keep: bool) -> None:
    """Moving an index trades the app's reads by it for a short swap: the push says so, in text and JSON."""
    import json

    from helpers.cli import cli

    db, url = _base_pushed(tmp_path, 50)
    extra = ("--keep-indexes",) if keep else ()
    ran = cli(
        "push", "--online", *extra, "--spec", str(tmp_path / "head.yaml"), "--url", url, "--format", "json"
    )
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout)["online"]["moved_indexes"] == ({} if keep else {"events": ["events_kind"]})
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET kind = 'y'")
    back = cli(
        "push", "--online", *extra, "--allow-destructive", "--spec", str(tmp_path / "base.yaml"), "--url", url
    )
    assert back.exit_code == 0, back.output
    said = [
        line
        for line in back.stdout.splitlines()
        if line.startswith("indexes moved for the online copy of events")
    ]
    if keep:
        assert said == []
    else:
        assert said == [
            "indexes moved for the online copy of events: until the swap, events_kind index the new table "
            "(filled as rows are copied), so the app's queries that used them scan events (`push --online "
            "--keep-indexes` keeps them, and builds the new ones in the swap)"
        ]


def test_the_plan_says_how_long_the_online_swap_would_hold_the_lock(tmp_path: Path) -> None:
    """Above ONLINE_ROWS the plan proposes push --online and says what its swap still does under the
    lock: an estimate from the rows, and the unique indexes it builds (a non-unique one is filled during
    the copy)."""
    from helpers.cli import cli

    from generator.migrate.online import ONLINE_ROWS

    _db, url = _base_pushed(tmp_path, ONLINE_ROWS)
    ran = cli("plan", "--spec", str(tmp_path / "head.yaml"), "--url", url)
    (line,) = [s for s in ran.stdout.splitlines() if s.startswith("rebuild events: ")]
    assert line.startswith(
        "rebuild events: 100,000 rows copied inside the transaction: the app's writes wait"
    )
    assert line.endswith(
        "; `schemagen push --online` copies them while the app writes and holds the lock only for the swap "
        "(about 50 ms, building events_code)"
    ), line
