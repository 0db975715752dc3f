"""`schemagen push` / `plan` end to end: a real SQLite file and the real sqld, through the CLI."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.loopback import free_port
from helpers.sqld import SqldServer

from generator.db import connect
from generator.errors import SchemagenError
from generator.migrate.plan import plan_migration
from generator.migrate.push import PushOptions, push_spec
from generator.migrate.report import event_lines, result_lines
from generator.spec import load_spec
from generator.sqlite.introspect import introspect

ROOT = Path(__file__).parent.parent
REAL_SPEC = ROOT / "spec" / "schema.yaml"
PUSH = [sys.executable, "-m", "generator", "push"]
DRIZZLE_DDL = Path(__file__).parent / "data" / "drizzle_push.sql"  # upstream-schema.md section 11

MINI = """\
version: 1
tables:
  questions:
    columns:
      id: {type: text, primary_key: true}
      status: {type: text, default: active, enum: {values: [active, deleted]}}
      tags:
        type: json
        json: {type: array}
        example: [a]
    indexes:
      idx_q_status: {columns: [status]}
  links:
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
      question_id: {type: text, not_null: true, references: {table: questions, column: id}}
"""


def run(spec: Path, url: str | None, token: str | None, *, write: bool, echo: Callable[[str], None]) -> int:
    """A plan or push through the library, its lines handed to `echo` as the CLI shows them."""
    report = push_spec(
        load_spec(spec), url, token, PushOptions(write=write, spec_label=str(spec)),
        on_event=lambda event: [echo(line) for line in event_lines(event)],
    )  # fmt: skip
    for line in result_lines(report):
        echo(line)
    if report.reason:
        raise SchemagenError(report.reason)
    return report.exit_code


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- file databases -------------------------------------------------------------------------------------


def test_real_spec_first_push_creates_everything_and_second_writes_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "app.db"
    code, out, _err = cli("push", "--spec", str(REAL_SPEC), "--url", str(db_path))
    assert code == 0, out
    assert "applied: 16 steps" in out  # 12 tables (with their indexes), 3 views, 1 trigger
    schema = load_spec(REAL_SPEC)
    conn = sqlite3.connect(db_path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")}
    conn.close()
    expected = {t.name for t in schema.tables} | {ix.name for t in schema.tables for ix in t.all_indexes}
    expected |= {v.name for v in schema.views} | {t.name for t in schema.triggers}
    assert names == expected
    before, mtime = digest(db_path), db_path.stat().st_mtime_ns
    code, out, _err = cli("push", "--spec", str(REAL_SPEC), "--url", str(db_path))
    assert code == 0 and "nothing to do" in out
    assert digest(db_path) == before and db_path.stat().st_mtime_ns == mtime
    assert cli("plan", "--check", "--spec", str(REAL_SPEC), "--url", str(db_path)).exit_code == 0


def test_default_target_is_local_db_and_dotenv_is_read(
    tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TURSO_DATABASE_URL", raising=False)
    monkeypatch.delenv("TURSO_AUTH_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("push", "--spec", str(mini))
    assert code == 0
    assert "using the embedded file local.db" in out and (tmp_path / "local.db").exists()
    (tmp_path / ".env").write_text(f"TURSO_DATABASE_URL={tmp_path / 'other.db'}\n")
    code, out, _ = cli("push", "--spec", str(mini))
    assert code == 0 and "TURSO_DATABASE_URL in .env" in out and (tmp_path / "other.db").exists()


def test_drift_is_seen_by_plan_check_and_fixed_by_push(tmp_path: Path, mini: Path) -> None:
    url = str(tmp_path / "d.db")
    assert cli("push", "--spec", str(mini), "--url", url).exit_code == 0
    conn = sqlite3.connect(url)
    conn.execute("INSERT INTO questions (id, status, tags) VALUES ('q-1', 'active', '[]')")
    conn.execute("DROP INDEX idx_q_status")
    conn.commit()
    conn.close()
    code, out, _ = cli("plan", "--check", "--spec", str(mini), "--url", url)
    assert code == 1 and "create index idx_q_status" in out and "drift" in out
    assert cli("push", "--spec", str(mini), "--url", url).exit_code == 0
    assert cli("plan", "--check", "--spec", str(mini), "--url", url).exit_code == 0
    # A default changed by hand is a rebuild that keeps the row.
    conn = sqlite3.connect(url)
    conn.executescript(
        'PRAGMA foreign_keys=OFF; CREATE TABLE q2 ("id" text PRIMARY KEY NOT NULL, "status" text DEFAULT '
        "'deleted' CHECK (\"status\" IN ('active', 'deleted')), \"tags\" text);"
        " INSERT INTO q2 SELECT * FROM questions; DROP TABLE questions; ALTER TABLE q2 RENAME TO questions;"
        " CREATE INDEX idx_q_status ON questions(status);"
    )
    conn.close()
    code, out, _ = cli("plan", "--check", "--spec", str(mini), "--url", url)
    assert code == 1 and "default 'deleted' -> 'active'" in out
    assert cli("push", "--spec", str(mini), "--url", url).exit_code == 0
    conn = sqlite3.connect(url)
    assert conn.execute("SELECT id, status, tags FROM questions").fetchall() == [("q-1", "active", "[]")]
    conn.close()


def test_extra_column_is_destructive_and_refused_with_its_name(tmp_path: Path, mini: Path) -> None:
    url = str(tmp_path / "x.db")
    assert cli("push", "--spec", str(mini), "--url", url).exit_code == 0
    conn = sqlite3.connect(url)
    conn.execute('ALTER TABLE questions ADD COLUMN review_status TEXT DEFAULT "pending"')
    conn.execute("INSERT INTO questions (id) VALUES ('q-1')")
    conn.commit()
    conn.close()
    before = digest(Path(url))
    code, _out, err = cli("push", "--spec", str(mini), "--url", url)
    assert code == 1
    assert "questions.review_status" in err and "--allow-destructive" in err
    assert digest(Path(url)) == before
    code, _out, err = cli("push", "--spec", str(mini), "--url", url, "--allow-destructive")
    assert code == 0, err
    conn = sqlite3.connect(url)
    assert [r[1] for r in conn.execute("PRAGMA table_info(questions)")] == ["id", "status", "tags"]
    assert conn.execute("SELECT id FROM questions").fetchall() == [("q-1",)]


def test_data_dependent_change_refused_with_count_and_sample_keys(tmp_path: Path, mini: Path) -> None:
    url = str(tmp_path / "v.db")
    loose = MINI.replace("enum: {values: [active, deleted]}", "description: free text")
    (tmp_path / "loose.yaml").write_text(loose)
    assert cli("push", "--spec", str(tmp_path / "loose.yaml"), "--url", url).exit_code == 0
    conn = sqlite3.connect(url)
    conn.executemany(
        "INSERT INTO questions (id, status) VALUES (?, ?)", [(f"q-{i}", "weird") for i in range(7)]
    )
    conn.execute("INSERT INTO questions (id, status) VALUES ('q-ok', 'active')")
    conn.commit()
    conn.close()
    before = digest(Path(url))
    code, _out, err = cli("push", "--spec", str(mini), "--url", url)
    assert code == 1
    assert "7 rows would violate CHECK status IN ('active', 'deleted')" in err
    assert "q-0, q-1, q-2, q-3, q-4" in err and "q-5" not in err
    assert digest(Path(url)) == before


def test_destructive_and_data_dependent_reasons_come_all_at_once(tmp_path: Path, mini: Path) -> None:
    """A push that is both destructive and data-dependent names both reasons in one refusal, and `plan`
    says what to do instead of suggesting a push that would be refused."""
    url = str(tmp_path / "both.db")
    loose = MINI.replace("enum: {values: [active, deleted]}", "description: free text")
    (tmp_path / "loose.yaml").write_text(loose + "      legacy: {type: text}\n")
    assert cli("push", "--spec", str(tmp_path / "loose.yaml"), "--url", url).exit_code == 0
    conn = sqlite3.connect(url)
    conn.execute("INSERT INTO questions (id, status) VALUES ('q-1', 'weird')")
    conn.commit()
    conn.close()
    before = digest(Path(url))
    code, out, err = cli("push", "--spec", str(mini), "--url", url)
    assert code == 1 and digest(Path(url)) == before
    assert "needs --allow-destructive: drop column links.legacy" in err
    assert "1 row would violate CHECK status IN ('active', 'deleted') (e.g. q-1)" in err
    code, out, _err = cli("plan", "--spec", str(mini), "--url", url)
    assert code == 0
    last = out.strip().splitlines()[-2]  # the line before `elapsed:`
    assert last == (
        "next: fix the rows listed above (`schemagen audit` finds them too) or the spec, take a backup, "
        "then run `schemagen push --allow-destructive`"
    )
    assert "run `schemagen push` to apply them" not in out


def test_rebuild_keeps_rows_and_foreign_keys(tmp_path: Path, mini: Path) -> None:
    url = str(tmp_path / "r.db")
    assert cli("push", "--spec", str(mini), "--url", url).exit_code == 0
    conn = sqlite3.connect(url)
    conn.executemany(
        "INSERT INTO questions (id, tags) VALUES (?, ?)", [(f"q-{i}", f'["{i}"]') for i in range(500)]
    )
    conn.executemany("INSERT INTO links (question_id) VALUES (?)", [(f"q-{i}",) for i in range(0, 500, 5)])
    conn.commit()
    rows = conn.execute("SELECT * FROM questions ORDER BY id").fetchall()
    links = conn.execute("SELECT * FROM links ORDER BY id").fetchall()
    conn.close()
    changed = MINI.replace("[active, deleted]", "[active, deleted, flagged]")
    (tmp_path / "changed.yaml").write_text(changed)
    code, out, err = cli("push", "--spec", str(tmp_path / "changed.yaml"), "--url", url)
    assert code == 0, err
    assert "[rebuild] rebuild questions" in out
    conn = sqlite3.connect(url)
    assert conn.execute("SELECT * FROM questions ORDER BY id").fetchall() == rows
    assert conn.execute("SELECT * FROM links ORDER BY id").fetchall() == links
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert [r[2] for r in conn.execute("PRAGMA foreign_key_list(links)")] == ["questions"]


def test_bad_spec_and_bad_url_exit_2(tmp_path: Path, mini: Path) -> None:
    code, _out, err = cli("push", "--spec", str(tmp_path / "nope.yaml"), "--url", str(tmp_path / "a.db"))
    assert code == 2 and "no such file" in err
    code, _out, err = cli("push", "--spec", str(mini), "--url", "ftp://example.invalid/db")
    assert code == 2 and "unsupported URL scheme" in err


def test_drizzle_ddl_then_plan_shows_only_check_additions(tmp_path: Path) -> None:
    """The app's drizzle-kit DDL (upstream-schema.md section 11): only CHECKs, missing indexes, and the
    views and trigger the spec adds differ."""
    ddl = DRIZZLE_DDL.read_text()
    url = tmp_path / "drizzle.db"
    conn = sqlite3.connect(url)
    conn.executescript(ddl)
    conn.close()
    with connect(str(url)) as db:
        plan = plan_migration(introspect(db), load_spec(REAL_SPEC))
    assert plan.steps
    for step in plan.steps:
        assert step.kind in ("rebuild_table", "create_index", "create_view", "create_trigger"), step.summary
        if step.kind == "rebuild_table":
            changes = step.summary.split(": ", 1)[1].split("; ")
            for change in changes:
                assert "CHECK" in change or change.startswith("create index"), change
            assert step.risk == "data-dependent"
    assert not any(s.table == "users" for s in plan.steps)


# --- the real server ------------------------------------------------------------------------------------


def test_sqld_first_push_two_requests_then_noop_one_request(sqld_fresh: SqldServer, mini: Path) -> None:
    lines: list[str] = []
    assert run(mini, sqld_fresh.url, sqld_fresh.tokens.rw, write=True, echo=lines.append) == 0
    assert lines[-1].endswith(", 2 requests")
    assert set(sqld_fresh.schema()) >= {"questions", "links", "idx_q_status"}
    lines.clear()
    assert run(mini, sqld_fresh.url, sqld_fresh.tokens.rw, write=True, echo=lines.append) == 0
    assert "nothing to do" in lines and lines[-1].endswith(", 1 request")
    assert not any(sqld_fresh.tokens.rw in line for line in lines)


def test_sqld_rebuild_with_data_checks_costs_two_requests_and_refusal_changes_nothing(
    sqld_fresh: SqldServer, mini: Path, tmp_path: Path
) -> None:
    """Data checks run as guards inside the apply batch: a data-dependent migration is still 2 requests."""
    assert run(mini, sqld_fresh.url, sqld_fresh.tokens.rw, write=True, echo=lambda _m: None) == 0
    sqld_fresh.run(["INSERT INTO questions (id, status) VALUES ('q-1', 'active'), ('q-2', 'deleted')"])
    narrowed = tmp_path / "narrowed.yaml"
    narrowed.write_text(MINI.replace("[active, deleted]", "[active, flagged]"))
    before = sqld_fresh.schema()
    lines: list[str] = []
    with pytest.raises(SchemagenError, match=r"1 row would violate CHECK status IN .*\(e\.g\. q-2\)"):
        run(narrowed, sqld_fresh.url, sqld_fresh.tokens.rw, write=True, echo=lines.append)
    assert sqld_fresh.schema() == before
    sqld_fresh.run(["DELETE FROM questions WHERE id = 'q-2'"])
    lines.clear()
    assert run(narrowed, sqld_fresh.url, sqld_fresh.tokens.rw, write=True, echo=lines.append) == 0
    assert "rebuilt questions: 1 row copied" in lines
    assert lines[-1].endswith(", 2 requests")
    assert sqld_fresh.run(["SELECT id FROM questions"])[0] == [("q-1",)]


@pytest.mark.parametrize("which", ["ro", "expired", "garbage", "forged"])
def test_sqld_bad_tokens_exit_2_without_leaking(sqld_fresh: SqldServer, mini: Path, which: str) -> None:
    token = getattr(sqld_fresh.tokens, which)
    code, out, err = cli("push", "--spec", str(mini), "--url", sqld_fresh.url, "--token", token)
    assert code == 2
    assert token not in out + err
    assert ("read-only" in err) if which == "ro" else ("rejected" in err or "token" in err)
    assert "questions" not in sqld_fresh.schema()


def test_unreachable_port_exits_2_quickly(mini: Path) -> None:
    started = time.monotonic()
    code, _out, err = cli("push", "--spec", str(mini), "--url", f"http://127.0.0.1:{free_port()}")
    assert code == 2 and "cannot reach" in err
    assert time.monotonic() - started < 10


def test_two_pushes_at_once_end_in_the_right_schema(sqld_fresh: SqldServer, mini: Path) -> None:
    codes: list[int | str] = []

    def push() -> None:
        try:
            codes.append(run(mini, sqld_fresh.url, sqld_fresh.tokens.rw, write=True, echo=lambda _m: None))
        except SchemagenError as err:  # pragma: no cover - the assertion below shows it
            codes.append(str(err))

    threads = [threading.Thread(target=push) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert codes == [0, 0]
    with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
        assert plan_migration(introspect(db), load_spec(mini)).is_empty


def test_concurrent_additive_changes_replan_instead_of_failing(
    sqld_fresh: SqldServer, mini: Path, tmp_path: Path
) -> None:
    """Both processes race to add the same column: one applies, the other re-plans to a no-op."""
    assert run(mini, sqld_fresh.url, sqld_fresh.tokens.rw, write=True, echo=lambda _m: None) == 0
    wider = tmp_path / "wider.yaml"
    wider.write_text(MINI.replace("      tags:\n", "      note: {type: text}\n      tags:\n"))
    command = [*PUSH, "--spec", str(wider), "--url", sqld_fresh.url, "--token", sqld_fresh.tokens.rw]
    procs = [subprocess.Popen(command, stdout=subprocess.DEVNULL) for _ in range(2)]
    assert [p.wait(60) for p in procs] == [0, 0]
    with connect(sqld_fresh.url, sqld_fresh.tokens.rw) as db:
        assert plan_migration(introspect(db), load_spec(wider)).is_empty


def test_sqld_killed_mid_rebuild_keeps_old_schema_and_rows(
    sqld_factory: Callable[[], SqldServer], mini: Path, tmp_path: Path
) -> None:
    server = sqld_factory()
    assert run(mini, server.url, server.tokens.rw, write=True, echo=lambda _m: None) == 0
    batch = [
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999) "
        "INSERT INTO questions (id, status, tags) SELECT 'q-' || i, 'active', '[\"x\",\"y\",\"z\"]' FROM n"
    ]
    server.run(batch)
    old_schema = server.schema()
    old_digest = server.run(["SELECT count(*), sum(length(id)), max(id) FROM questions"])
    changed = tmp_path / "changed.yaml"
    changed.write_text(MINI.replace("[active, deleted]", "[active, deleted, flagged]"))
    proc = subprocess.Popen(
        [*PUSH, "--spec", str(changed), "--url", server.url, "--token", server.tokens.rw],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    killed = False
    for line in proc.stdout:  # kill the server once the apply request is on its way
        if line.startswith("rebuilding questions:"):
            time.sleep(0.05)
            server.kill()
            killed = True
            break
    proc.wait(60)
    assert killed and proc.returncode in (0, 2)
    assert proc.stderr is not None and server.tokens.rw not in proc.stderr.read()
    server.start()
    after = server.run(["SELECT count(*), sum(length(id)), max(id) FROM questions"])
    assert after == old_digest, "rows must be intact whatever happened"
    with connect(server.url, server.tokens.rw) as db:
        live = introspect(db)
    # Either the whole migration committed before the kill or none of it did: never half.
    statuses = live.table("questions").column("status").closed_enum
    assert statuses in (("active", "deleted"), ("active", "deleted", "flagged"))
    if statuses == ("active", "deleted"):
        assert server.schema() == old_schema
    assert len(live.tables) == 2 and not any(t.name.startswith("_schemagen") for t in live.tables)


def test_token_inside_the_url_is_used_and_never_shown(sqld_fresh: SqldServer, mini: Path) -> None:
    lines: list[str] = []
    url = f"{sqld_fresh.url}?authToken={sqld_fresh.tokens.rw}"
    assert run(mini, url, None, write=True, echo=lines.append) == 0
    assert "token: present" in lines
    assert not any(sqld_fresh.tokens.rw in line or "authToken" in line for line in lines)
    assert {"questions", "links"} <= set(sqld_fresh.schema())


FTS_SPEC = """\
version: 1
tables:
  docs:
    columns:
      id: {type: integer, primary_key: true}
      body: {type: text}
virtual_tables:
  docs_search:
    module: fts5
    arguments: [body]
"""


def _push_fts(url: str, token: str | None, spec: Path) -> None:
    """An FTS5 table's shadow tables belong to it: pushing again is a no-op, and dropping it (the spec no
    longer has it) is one destructive DROP of the virtual table, never separate drops of its shadows."""
    first = push_spec(load_spec(spec), url, token, PushOptions(write=True))
    assert first.exit_code == 0, first.reason
    assert push_spec(load_spec(spec), url, token, PushOptions(write=True)).outcome == "nothing to do"
    plain = load_spec("plain.yaml", text=FTS_SPEC.split("virtual_tables:")[0])
    refused = push_spec(plain, url, token, PushOptions(write=True))
    assert refused.exit_code == 1 and [s.summary for s in refused.needs_flag] == [
        "drop virtual table docs_search"
    ]
    dropped = push_spec(plain, url, token, PushOptions(write=True, allow_destructive=True))
    assert dropped.exit_code == 0 and dropped.plan.statements() == ['DROP TABLE IF EXISTS "docs_search";']
    assert push_spec(plain, url, token, PushOptions(write=True)).outcome == "nothing to do"


def test_a_database_with_an_fts5_table_pushes_on_a_file(tmp_path: Path) -> None:
    spec = tmp_path / "fts.yaml"
    spec.write_text(FTS_SPEC)
    _push_fts(str(tmp_path / "fts.db"), None, spec)


def test_a_database_with_an_fts5_table_pushes_on_sqld(sqld_fresh: SqldServer, tmp_path: Path) -> None:
    spec = tmp_path / "fts.yaml"
    spec.write_text(FTS_SPEC)
    _push_fts(sqld_fresh.url, sqld_fresh.tokens.rw, spec)


REBUILT_CONTENT = """\
version: 1
tables:
  docs:
    columns:
      title: {type: text}
      body: {type: text}
virtual_tables:
  docs_search:
    module: fts5
    arguments: [body, "content='docs'"]
"""


def test_a_rebuild_keeps_rowids_so_an_external_content_index_still_matches(tmp_path: Path) -> None:
    """A table without an INTEGER PRIMARY KEY is rebuilt with its rows' rowids: an FTS5 index over it
    (content='docs', keyed by rowid) finds the same rows after a rebuild as before."""
    url = str(tmp_path / "fts.db")
    before = tmp_path / "before.yaml"
    before.write_text(REBUILT_CONTENT)
    assert push_spec(load_spec(before), url, None, PushOptions(write=True)).exit_code == 0
    with connect(url) as db:
        db.apply(
            [
                "INSERT INTO docs (rowid, title, body) VALUES (1, 'a', 'alpha'), (5, 'b', 'beta')",
                "INSERT INTO docs (rowid, title, body) VALUES (9, 'g', 'gamma')",
                "INSERT INTO docs_search (docs_search) VALUES ('rebuild')",
            ]
        )
    after = tmp_path / "after.yaml"
    after.write_text(REBUILT_CONTENT.replace("title: {type: text}", "title: {type: text, not_null: true}"))
    report = push_spec(load_spec(after), url, None, PushOptions(write=True))
    assert report.exit_code == 0 and report.plan.rebuilds == ("docs",), report.reason
    match = (
        "SELECT docs.rowid, docs.title FROM docs_search JOIN docs ON docs.rowid = docs_search.rowid "
        "WHERE docs_search MATCH 'gamma'"
    )
    with connect(url) as db:
        assert db.query("SELECT rowid, title FROM docs ORDER BY rowid") == [(1, "a"), (5, "b"), (9, "g")]
        assert db.query(match) == [(9, "g")]
