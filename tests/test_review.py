"""`schemagen review`: golden reports per transition case, classes proven on a real database, git revisions.

Every case of tests/data/transitions is reviewed through the CLI and compared with its `review.md`
(`UPDATE_GOLDEN=1 make test` rewrites them). The same case is then applied to a real SQLite file with
rows the old schema accepts, including rows crafted to break each new constraint: a data-dependent plan must
fail on some of them, a safe or rebuild plan on none, and the planner's data checks must flag exactly the
seeds the SQL fails on.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec.structs
import pytest
from helpers.cli import cli
from helpers.golden import assert_golden
from helpers.mermaid import Mermaid, mermaid_blocks

from generator.emit.review import review_markdown
from generator.migrate.plan import Plan, Risk, plan_migration
from generator.migrate.review import review_schemas
from generator.model import Column, Enum, Schema, Table, canonical_json
from generator.model.types import value_kind
from generator.spec import load_spec
from generator.sqlite.ddl import dependency_order, quote_identifier, schema_statements
from generator.sqlite.queries import split_statements

ROOT = Path(__file__).resolve().parent.parent
TRANSITIONS = ROOT / "tests" / "data" / "transitions"
CASES = (
    sorted(p.name for p in TRANSITIONS.iterdir() if (p / "after.yaml").exists())
    if TRANSITIONS.exists()
    else []
)
SCHEMAGEN = Path(sys.executable).parent / "schemagen"


def _case(name: str) -> tuple[Schema, Schema]:
    return load_spec(TRANSITIONS / name / "before.yaml"), load_spec(TRANSITIONS / name / "after.yaml")


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 5, f"expected the transition corpus in {TRANSITIONS}"


# ---------------------------------------------------------------- golden reports through the CLI


@pytest.mark.parametrize("case", CASES)
def test_golden_review(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TRANSITIONS / case)
    result = cli("review", "before.yaml", "after.yaml")
    plan = plan_migration(*_case(case))
    blocking = not plan.is_empty and plan.risk in (Risk.DATA, Risk.DESTRUCTIVE)
    assert result.exit_code == (1 if blocking else 0), result.output
    assert_golden(TRANSITIONS / case / "review.md", result.stdout)


@pytest.mark.parametrize("case", CASES)
def test_json_report_agrees_with_the_planner(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TRANSITIONS / case)
    result = cli("review", "before.yaml", "after.yaml", "--format", "json")
    report = json.loads(result.stdout)
    plan = plan_migration(*_case(case))
    assert report["risk"] == (None if plan.is_empty else str(plan.risk))
    assert report["sql"] == list(plan.statements())
    assert [s["summary"] for s in report["steps"]] == [s.summary for s in plan.steps]
    assert report["exit_code"] == result.exit_code
    # Each change is classed alone; together they must come to the plan's own class.
    classes = [Risk(c["risk"]) for c in report["changes"] if c["risk"] is not None]
    if not plan.is_empty:
        assert max(classes, key=lambda r: r.severity) == plan.risk
    assert list(report) == sorted(report)


def test_every_report_diagram_parses_with_mermaid(mermaid: Mermaid) -> None:
    blocks = []
    for case in CASES:
        blocks += mermaid_blocks((TRANSITIONS / case / "review.md").read_text(encoding="utf-8"))
    assert blocks
    errors = mermaid(blocks)
    assert errors == [None] * len(blocks), [e for e in errors if e]


def test_reports_do_not_depend_on_hash_seed(tmp_path: Path) -> None:
    case = TRANSITIONS / CASES[-1]
    outputs = set()
    for seed in ("0", "1", "12345"):
        result = subprocess.run(
            [str(SCHEMAGEN), "review", "before.yaml", "after.yaml", "--format", "json"],
            cwd=case,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode in (0, 1), result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


# ---------------------------------------------------------------- the class, proven on a real database


FIRST = 1001  # generated rows are numbered far from the hand-written seed rows


def _value(schema: Schema, table: Table, col: Column, row: int, other: Schema) -> Any:
    """A value the old schema accepts and, where possible, the new one too (foreign keys: row FIRST)."""
    new = other.table(table.name).column(col.name) if _has(other, table.name, col.name) else col
    ref = table.foreign_key_of(col.name)
    if ref is None and other.has_table(table.name):
        ref = other.table(table.name).foreign_key_of(col.name)
    if ref is not None and _has(schema, ref.table, ref.column):
        parent = schema.table(ref.table)
        return _value(schema, parent, parent.column(ref.column), FIRST, other)
    wanted = new.closed_enum or col.closed_enum
    if wanted is not None:
        allowed = col.closed_enum
        return next((v for v in wanted if allowed is None or v in allowed), wanted[0])
    if col.json or new.json:
        return col.docs.example or new.docs.example or "{}"
    kind = value_kind(col.type)
    if kind in ("integer", "numeric", "any"):
        return int(col.minimum or 0) + row
    if kind == "real":
        return row + 0.5
    if kind == "blob":
        return bytes([row % 256])
    return f"{col.name}-{row}"


def _has(schema: Schema, table: str, column: str) -> bool:
    return schema.has_table(table) and schema.table(table).has_column(column)


def _row(before: Schema, table: Table, n: int, after: Schema) -> dict[str, Any]:
    return {c.name: _value(before, table, c, n, after) for c in table.columns if c.generated is None}


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    cols = ", ".join(quote_identifier(c) for c in row)
    conn.execute(
        f"INSERT INTO {quote_identifier(table)} ({cols}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )


def _base_db(path: Path, before: Schema, after: Schema, seed: Path | None) -> None:
    """The old schema with the case's own seed rows, plus one generated row per table (row 1)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=ON")
    for stmt in schema_statements(before):
        conn.execute(stmt)
    if seed is not None:
        for stmt in split_statements(seed.read_text(encoding="utf-8")) if seed.exists() else ():
            conn.execute(stmt)
        for table in dependency_order(before):
            _insert(conn, table.name, _row(before, table, FIRST, after))
    conn.commit()
    conn.close()


def _candidates(before: Schema, after: Schema) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Extra rows to try: one more row per changed table, one column set to a value likely to break a rule."""
    for table in before.tables:
        if not after.has_table(table.name) or after.table(table.name) == table:
            continue
        first = _row(before, table, FIRST, after)
        for col in table.writable_columns:
            odd: list[Any] = [None, first[col.name], "not json {", "zzz-not-allowed", "no-such-parent", 10**6]
            odd += [0, -1, -(10**6)]
            odd += list(col.closed_enum or ())
            for value in odd:
                row = _row(before, table, FIRST + 1, after)
                row[col.name] = value
                yield table.name, f"{table.name}.{col.name}={value!r}", row
        twin = {**first, **{c.name: v for c, v in _key_values(before, table, after)}}
        yield table.name, f"{table.name}: a copy of row {FIRST} under a new key", twin


def _key_values(before: Schema, table: Table, after: Schema) -> Iterator[tuple[Column, Any]]:
    """The primary-key values of a fresh row (so a copy of another row differs only in its key)."""
    fresh = _row(before, table, FIRST + 2, after)
    for col in table.primary_key:
        yield col, fresh[col.name]


def _apply(path: Path, plan: Plan) -> bool:
    """Apply the plan as push does (one transaction, FKs off for rebuilds then checked); True if it worked."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA foreign_keys={'OFF' if plan.rebuilds else 'ON'}")
        conn.execute("BEGIN")
        try:
            for stmt in plan.statements():
                conn.execute(stmt)
            if conn.execute("PRAGMA foreign_key_check").fetchall():
                raise sqlite3.IntegrityError("foreign key violations")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            return False
        conn.execute("COMMIT")
        return True
    finally:
        conn.close()


def _flagged(path: Path, plan: Plan) -> bool:
    conn = sqlite3.connect(path)
    try:
        return any(conn.execute(check.count_sql).fetchone()[0] > 0 for check in plan.checks)
    finally:
        conn.close()


def _counts(path: Path, schema: Schema) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            t.name: conn.execute(f"SELECT count(*) FROM {quote_identifier(t.name)}").fetchone()[0]
            for t in schema.tables
        }
    finally:
        conn.close()


def _columns(path: Path, table: str) -> set[str] | None:
    conn = sqlite3.connect(path)
    try:
        found = {r[1] for r in conn.execute(f"PRAGMA table_info({quote_identifier(table)})")}
        return found or None
    finally:
        conn.close()


@pytest.mark.parametrize("case", CASES)
def test_class_holds_on_a_real_database(case: str, tmp_path: Path) -> None:
    before, after = _case(case)
    plan = plan_migration(before, after)
    data_steps = [s for s in plan.steps if s.risk is Risk.DATA or s.checks]

    empty = tmp_path / "empty.db"
    _base_db(empty, before, after, None)
    assert _apply(empty, plan), "the plan must apply to empty tables whatever its class"

    seeds: list[tuple[str, Path]] = []
    base = tmp_path / "base.db"
    _base_db(base, before, after, TRANSITIONS / case / "seed.sql")
    seeds.append(("seed.sql and one generated row per table", base))
    for i, (table, label, row) in enumerate(_candidates(before, after)):
        path = tmp_path / f"seed{i}.db"
        shutil.copy(base, path)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA foreign_keys=ON")
        try:
            _insert(conn, table, row)
            conn.commit()
        except sqlite3.IntegrityError:
            path.unlink()  # the old schema refuses this row, so no old app could have written it
            continue
        finally:
            conn.close()
        seeds.append((label, path))

    # Rows valid under both schemas survive, unless every existing row breaks the change (a NOT NULL
    # column without a default), which the planner's check says with `WHERE 1`.
    refusing = (TRANSITIONS / case / "violations.txt").exists()  # its seed rows break the change by design
    if not refusing and not any(c.count_sql.endswith(" WHERE 1") for c in plan.checks):
        assert not _flagged(base, plan), "the generated rows are meant to satisfy both schemas"
    failed = []
    for label, path in seeds:
        counts = _counts(path, before)
        flagged = _flagged(path, plan)
        worked = _apply(path, plan)
        verb = "flag" if flagged else "miss"
        assert flagged != worked, (
            f"{label}: the data checks {verb} a seed the SQL {'accepts' if worked else 'rejects'}"
        )
        if not worked:
            failed.append(label)
            continue
        for table, n in counts.items():
            if after.has_table(table):
                assert _counts(path, after)[table] == n, f"{label}: rows of {table} lost"
    if plan.risk is Risk.DATA:
        assert failed, "a data-dependent plan must fail on some rows the old schema accepts"
    if not data_steps:
        assert not failed, f"a {plan.risk} plan failed on rows the old schema accepts: {failed}"

    # Destructive means data goes: removed tables and columns are really gone after a successful apply.
    if plan.risk is Risk.DESTRUCTIVE:
        done = tmp_path / "destructive.db"
        shutil.copy(base, done)
        if not _apply(done, plan):
            done = empty  # the plan also holds a data-dependent step that rejects row 1; `empty` was applied
        for table in before.tables:
            cols = _columns(done, table.name)
            if not after.has_table(table.name):
                assert cols is None, f"table {table.name} should be dropped"
            else:
                gone = {c.name for c in table.columns} - {c.name for c in after.table(table.name).columns}
                assert cols is not None and not (gone & cols), f"{table.name}: {gone & (cols or set())} kept"


# ---------------------------------------------------------------- git revisions, for real


SPEC = """\
version: 1
name: mini
tables:
  users:
    columns:
      id: {type: integer, primary_key: true}
      email: {type: text, not_null: true}
      nickname: {type: text}
"""


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env)
    return done.stdout.strip()


def _commit(repo: Path, spec: str, message: str, path: str = "spec/schema.yaml") -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(spec, encoding="utf-8")
    _git(repo, "add", path)
    _git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repo with three commits of spec/schema.yaml: base, +bio (safe), -nickname (destructive)."""
    path = tmp_path / "repo"
    path.mkdir()
    _git(path, "init", "-q", "-b", "main")
    _git(path, "config", "user.email", "dev@example.invalid")
    _git(path, "config", "user.name", "Dev")
    _commit(path, SPEC, "base")
    _git(path, "tag", "base")
    _commit(path, SPEC + "      bio: {type: text}\n", "add bio")
    _git(path, "tag", "safe")
    _commit(
        path,
        SPEC.replace("      nickname: {type: text}\n", "") + "      bio: {type: text}\n",
        "drop nickname",
    )
    return path


def _review(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCHEMAGEN), "review", *args], cwd=repo, capture_output=True, text=True, check=False, timeout=60
    )


def test_git_safe_change_exits_0(repo: Path) -> None:
    result = _review(repo, "base", "safe")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Schema review: `base` → `safe`\n\n**✅ safe: 1 additive change**\n")
    assert 'ALTER TABLE "users" ADD COLUMN "bio" text;' in result.stdout


def test_git_destructive_change_exits_1(repo: Path) -> None:
    result = _review(repo, "safe", "HEAD")
    assert result.returncode == 1, result.stderr
    assert "**⚠️ 1 destructive change: review before merging**" in result.stdout
    assert "| column removed | `nickname` |" in result.stdout
    assert result.stderr == ""


def test_git_head_defaults_to_the_working_tree(repo: Path) -> None:
    (repo / "spec" / "schema.yaml").write_text(SPEC + "      age: {type: integer}\n", encoding="utf-8")
    result = _review(repo, "base", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["base"], report["head"]) == ("base", "working tree")
    assert [(c["name"], c["action"], c["risk"]) for c in report["changes"]] == [("age", "added", "safe")]


def test_git_unknown_revision_exits_2(repo: Path) -> None:
    result = _review(repo, "no-such-branch", "HEAD")
    assert result.returncode == 2
    assert result.stderr == "unknown revision or file 'no-such-branch'\n"
    assert result.stdout == ""
    option = _review(repo, "--output=/tmp/x", "HEAD")  # never handed to git as an option
    assert option.returncode == 2


def test_git_broken_spec_names_the_revision(repo: Path) -> None:
    _commit(repo, SPEC.replace("type: text, not_null", "type: qqq, not_null"), "typo")
    result = _review(repo, "base", "HEAD")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "HEAD:spec/schema.yaml:7:21: tables.users.columns.email.type: unknown column type 'qqq'"
    )
    assert result.stdout == ""


def test_git_revision_without_the_spec_exits_2(repo: Path) -> None:
    result = _review(repo, "base", "HEAD", "--spec-path", "db/schema.yaml")
    assert result.returncode == 2
    assert result.stderr == "base:db/schema.yaml: no such file at revision 'base'\n"


def test_spec_path_option_reads_another_file(repo: Path) -> None:
    _commit(repo, SPEC, "other base", path="db/schema.yaml")
    _git(repo, "tag", "other")
    _commit(
        repo,
        SPEC.replace("nickname: {type: text}", "nickname: {type: text, not_null: true}"),
        "nn",
        "db/schema.yaml",
    )
    result = _review(repo, "other", "HEAD", "--spec-path", "db/schema.yaml")
    assert result.returncode == 1, result.stderr
    assert "⚠️ 1 data-dependent change" in result.stdout


def test_spec_is_accepted_as_the_other_commands_spell_it(repo: Path) -> None:
    """`review` takes `--spec` like every other command (and `--spec-path`, its older name)."""
    _commit(repo, SPEC, "other base", path="db/schema.yaml")
    with_spec = _review(repo, "HEAD", "--spec", "db/schema.yaml", "--format", "json")
    with_path = _review(repo, "HEAD", "--spec-path", "db/schema.yaml", "--format", "json")
    assert with_spec.returncode == with_path.returncode == 0, with_spec.stderr
    assert with_spec.stdout == with_path.stdout


def test_a_revision_outside_a_git_repository_says_so(tmp_path: Path) -> None:
    result = _review(tmp_path, "main")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "is not in a git repository" in result.stderr and "'main' is not a file" in result.stderr


def test_an_existing_file_wins_over_a_revision(repo: Path) -> None:
    (repo / "base").write_text(
        SPEC + "      bio: {type: text}\n", encoding="utf-8"
    )  # a file named like the tag
    result = _review(repo, "base", "safe", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changes"] == []


def test_bad_format_exits_2(repo: Path) -> None:
    result = _review(repo, "base", "safe", "--format", "html")
    assert result.returncode == 2
    assert "argument --format: invalid choice: 'html'" in result.stderr


# ---------------------------------------------------------------- JSON shape and enum compatibility


def _spec(column: str) -> Schema:
    head = "version: 1\ntables:\n  docs:\n    columns:\n      id: {type: integer, primary_key: true}\n"
    text = head + column
    return load_spec("inline.yaml", text=text)


def _compat(before: str, after: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    review = review_schemas(_spec(before), _spec(after))
    (compat,) = review.compat
    return compat.readers, compat.old_rows, compat.example


META = "      meta:\n        type: json\n        json: {json}\n        example: {example}\n"


def test_compat_required_key_and_closed_object() -> None:
    before = META.format(json="{type: object, properties: {a: {type: string}}}", example="{b: 1}")
    after = META.format(
        json="{type: object, properties: {a: {type: string}, c: {type: integer}}, required: [c], "
        "additionalProperties: false}",
        example="{c: 1}",
    )
    readers, rows, example = _compat(before, after)
    assert readers == ()
    assert rows == (
        "required key added: `$.c` (old rows may lack it)",
        "`$` additionalProperties turned false: old rows with extra keys fail",
    )
    assert example == (
        "the old example fails the new shape at $: Additional properties are not allowed ('b' was unexpected)"
    )


def test_compat_removed_key_and_narrowed_type() -> None:
    before = META.format(
        json="{type: object, properties: {a: {type: number}, b: {type: string}}}", example="{a: 1.5, b: x}"
    )
    after = META.format(json="{type: object, properties: {a: {type: integer}}}", example="{a: 1}")
    readers, rows, example = _compat(before, after)
    assert readers == ("`$.a` narrowed: number -> integer", "key removed: `$.b`")
    assert rows == ("`$.a` no longer accepts number",)
    assert example == "the old example fails the new shape at $.a: 1.5 is not of type 'integer'"


def test_compat_widened_shape_is_safe_for_old_rows() -> None:
    before = META.format(json="{type: array, items: {type: string}}", example="[a]")
    after = META.format(json="{type: array, items: {type: [string, integer]}}", example="[a, 1]")
    readers, rows, example = _compat(before, after)
    assert readers == ("`$[]` widened: string -> integer | string; readers may get integer",)
    assert rows == ()
    assert example == "the old example validates against the new shape"


def test_compat_enum_value_removed_and_closed_from_open() -> None:
    readers, rows, example = _compat(
        "      status: {type: text, enum: {values: [a, b, c]}}\n",
        "      status: {type: text, enum: {values: [a, b]}}\n",
    )
    assert readers == ("enum value removed: c",)
    assert rows == ("rows holding c fail the new CHECK",)
    assert example == "old documented values rejected by the new CHECK: c"
    readers, rows, example = _compat(
        "      kind: {type: text, enum: {values: [x, y], open: true}}\n",
        "      kind: {type: text, enum: {values: [x, y]}}\n",
    )
    assert readers == ("a closed enum made of an open one: code using other values no longer type-checks",)
    assert rows == ("rows with values outside (x, y) fail the new CHECK",)
    assert example == "every old documented value passes the new CHECK"


def test_compat_section_in_the_markdown() -> None:
    before = META.format(json="{type: object, properties: {a: {type: string}}}", example="{a: x}")
    after = META.format(json="{type: object, properties: {a: {type: string, enum: [y]}}}", example="{a: y}")
    text = review_markdown(review_schemas(_spec(before), _spec(after), "main", "pr"))
    assert "**✅ no database changes (1 app-level change)**" in text
    assert "| column changed | `meta` | JSON shape |" in text
    assert '- Rows written by the old code: ⚠️ may not validate\n  - `$.a` restricted to "y"\n' in text
    assert "- Concretely: the old example fails the new shape at $.a: 'x' is not one of ['y']\n" in text


# ---------------------------------------------------------------- the real spec


def test_real_spec_enum_and_shape_change(mermaid: Mermaid) -> None:
    base = load_spec(ROOT / "spec" / "schema.yaml")
    etable, ecol = next(
        (t, c) for t in base.tables for c in t.columns if c.closed_enum and len(c.closed_enum) > 2
    )
    jtable, jcol = next(
        (t, c) for t in base.tables for c in t.columns if c.json and (c.shape() or {}).get("type") == "object"
    )
    values = ecol.closed_enum or ()
    shape = jcol.shape() or {}
    new_shape = {**shape, "required": [*shape.get("required", []), "review_added_key"]}
    changed = {
        (etable.name, ecol.name): msgspec.structs.replace(ecol, enum=Enum(values[:-1])),
        (jtable.name, jcol.name): msgspec.structs.replace(jcol, json_schema=canonical_json(new_shape)),
    }
    head = msgspec.structs.replace(
        base,
        tables=tuple(
            msgspec.structs.replace(t, columns=tuple(changed.get((t.name, c.name), c) for c in t.columns))
            for t in base.tables
        ),
    )
    review = review_schemas(base, head, "main", "pr")
    assert review.plan.risk is Risk.DATA and review.exit_code == 1
    assert review.verdict == "⚠️ 1 data-dependent change: review before merging"
    by_column = {(c.table, c.column): c for c in review.compat}
    enum_compat = by_column[(etable.name, ecol.name)]
    assert enum_compat.readers == (f"enum value removed: {values[-1]}",)
    assert enum_compat.example == f"old documented values rejected by the new CHECK: {values[-1]}"
    shape_compat = by_column[(jtable.name, jcol.name)]
    assert shape_compat.old_rows == ("required key added: `$.review_added_key` (old rows may lack it)",)
    assert shape_compat.example.endswith("'review_added_key' is a required property")
    spec_order = [(t.name, c.name) for t in base.tables for c in t.columns if (t.name, c.name) in changed]
    assert [(c.table, c.name, c.risk) for c in review.changes] == [
        (t, n, Risk.DATA if (t, n) == (etable.name, ecol.name) else None) for t, n in spec_order
    ]
    (diagram,) = mermaid_blocks(review_markdown(review))
    assert mermaid([diagram]) == [None]
