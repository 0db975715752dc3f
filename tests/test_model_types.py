"""Constructs are types, not strings: column keys with named fields, UNIQUE constraints matched as objects,
problem and CHECK kinds as enums, and a table's docs and app names apart from its physical structure."""

from __future__ import annotations

import ast
import json
import sqlite3
from pathlib import Path

import msgspec.structs
import pytest

from generator.data.audit import Severity, audit_database
from generator.data.checks import ProblemKind, RowProblem, input_check
from generator.data.statements import Counted, StatementBuilder, WriteRow
from generator.db import connect
from generator.migrate.compare import (
    CheckOrigin,
    ColumnKey,
    DefaultKey,
    GeneratedKey,
    IndexKey,
    KeyColumn,
    column_changes,
    column_key,
    index_key,
    table_checks,
    unique_diff,
)
from generator.migrate.plan import plan_migration
from generator.migrate.push import PushOptions, Reached, push_spec
from generator.migrate.report import event_lines
from generator.migrate.steps import CheckKind
from generator.model import (
    Column,
    ColumnApp,
    ColumnDocs,
    DrizzleExports,
    FkAction,
    Index,
    IndexColumn,
    ObjectDocs,
    Schema,
    Table,
    TableDocs,
    Trigger,
    TriggerEvent,
    TriggerTiming,
    Unique,
    View,
    ViewColumn,
    ViewDocs,
    VirtualTable,
    Volumes,
)
from generator.spec import check_spec, load_spec
from generator.spec.dump import spec_data
from generator.sqlite.ddl import schema_statements
from generator.sqlite.introspect import INTROSPECTION, build_live
from generator.sqlite.parse import parse_create_table
from generator.sqlite.tokens import SqlSyntaxError


def live(*ddl: str) -> Schema:
    """Run DDL in SQLite and read it back the way introspection does."""
    conn = sqlite3.connect(":memory:")
    for sql in ddl:
        conn.execute(sql)
    results = [conn.execute(sql).fetchall() for sql in INTROSPECTION]
    conn.close()
    return build_live(results)


def spec(text: str) -> Schema:
    return load_spec("inline.yaml", text=text)


# 1. column_key: a named type compared field by field


def test_a_column_key_has_named_fields() -> None:
    table = spec(
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      a: {type: integer, not_null: true, default: 0}\n"
        "      b: {type: integer, generated: {sql: a + 1, stored: true}}\n"
    ).table("t")
    key = column_key(table, table.column("b"))
    assert isinstance(key, ColumnKey)
    assert key.generated == GeneratedKey("a + 1", stored=True) and key.type == "INTEGER"
    assert not key.not_null and key.default is None
    a = column_key(table, table.column("a"))
    assert a.not_null and a.default == DefaultKey(number=0.0) != DefaultKey(text="0") and a.generated is None


def test_column_changes_read_the_generated_field() -> None:
    before = spec(
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      a: {type: integer}\n      b: {type: integer, generated: {sql: a + 1}}\n"
    ).table("t")
    stored = msgspec.structs.replace(
        before,
        columns=tuple(
            msgspec.structs.replace(c, generated=msgspec.structs.replace(c.generated, stored=True))
            if c.generated
            else c
            for c in before.columns
        ),
    )
    plain = msgspec.structs.replace(
        before, columns=tuple(msgspec.structs.replace(c, generated=None) for c in before.columns)
    )
    b = before.column("b")
    assert column_changes(before, b, stored, stored.column("b")) == ["generated (stored) AS (a + 1)"]
    assert column_changes(before, b, plain, plain.column("b")) == ["no longer generated"]
    # Another default is no generated change (the field, not a position, is compared).
    defaulted = msgspec.structs.replace(b, default=1)
    assert column_changes(before, b, before, defaulted) == ["default none -> 1"]


def test_an_index_key_has_named_fields_and_folds_names() -> None:
    table = spec(
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      a: {type: text}\n    indexes:\n"
        "      t_a: {columns: [{column: a, desc: true, collate: NoCase}], where: a IS NOT NULL}\n"
    ).table("t")
    (ix,) = table.indexes
    key = index_key(ix)
    assert key == IndexKey(
        (KeyColumn("a", "", desc=True, collate="nocase"),), unique=False, where="a is not null"
    )
    renamed = msgspec.structs.replace(
        ix, columns=(msgspec.structs.replace(ix.columns[0], name="A", collate="NOCASE"),)
    )
    assert index_key(renamed) == key


# 2. UNIQUE constraints carried as objects, matched as SQLite compares names


UNIQUE_SPEC = """\
version: 1
tables:
  users:
    columns:
      id: {{type: integer, primary_key: true}}
      email: {{type: text}}
    unique:
{uniques}
"""


def with_uniques(schema: Schema, *uniques: Unique) -> Schema:
    """The schema with these UNIQUE constraints on `users` (the spec's checker wants names as declared:
    the model is built here to compare names the way SQLite does)."""
    table = msgspec.structs.replace(schema.table("users"), uniques=uniques)
    return msgspec.structs.replace(schema, tables=(table,))


def test_a_unique_constraint_whose_columns_differ_only_in_case_is_the_same() -> None:
    database = live("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, UNIQUE (email))")
    target = with_uniques(
        spec(UNIQUE_SPEC.format(uniques="      - [email]")), Unique((IndexColumn("EMAIL"),))
    )
    assert unique_diff(database.table("users"), target.table("users")) == ([], [])
    assert plan_migration(database, target).is_empty


@pytest.mark.parametrize("spelled", ["email", "Email"])
def test_a_new_unique_constraint_gets_one_data_check_each(spelled: str) -> None:
    """The data check follows the constraint the plan adds, not its re-rendered text: two constraints
    on the same column, one already there, give one check (and its key columns may differ in case)."""
    database = live("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, CONSTRAINT u1 UNIQUE (email))")
    target = with_uniques(
        spec(UNIQUE_SPEC.format(uniques="      - [email]")),
        Unique((IndexColumn("email"),), name="u1"),
        Unique((IndexColumn(spelled),), name="u2"),
    )
    added, removed = unique_diff(database.table("users"), target.table("users"))
    assert [u.name for u in added] == ["u2"] and removed == []
    (step,) = plan_migration(database, target).steps
    checks = [c for c in step.checks if c.kind is CheckKind.UNIQUE]
    assert [c.description for c in checks] == [f"UNIQUE ({spelled})"]
    assert f"add UNIQUE ({spelled})" in step.summary
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
    conn.executemany("INSERT INTO users (email) VALUES (?)", [("a@x",), ("a@x",), ("b@x",)])
    assert conn.execute(checks[0].count_sql).fetchone() == (2,)


def test_a_rebuild_names_what_changes_on_a_column_the_database_spells_otherwise() -> None:
    """The live CHECK and foreign key sit on `Status` and `Ref`, the spec says `status` and `ref`: the
    summary still says the enum changes and the foreign key goes (it used to say `add`, and nothing)."""
    database = live(
        "CREATE TABLE p (id INTEGER PRIMARY KEY)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, Status TEXT CHECK (Status IN ('a', 'b')),"
        " Ref INTEGER REFERENCES p(id))",
    )
    target = spec(
        "version: 1\ntables:\n  p:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      status: {type: text, enum: {values: [a, b, c]}}\n      ref: {type: integer}\n"
    )
    (step,) = plan_migration(database, target).steps
    assert step.summary == "rebuild t: status: change CHECK IN (a, b, c); ref: drop foreign key"


def test_an_index_the_database_spells_otherwise_is_the_same_index() -> None:
    database = live("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)", "CREATE INDEX IX_A ON t (a)")
    target = spec(
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      a: {type: text}\n    indexes:\n      ix_a: {columns: [a]}\n"
    )
    assert plan_migration(database, target).is_empty
    unique = msgspec.structs.replace(
        target,
        tables=(
            msgspec.structs.replace(
                target.table("t"),
                indexes=(msgspec.structs.replace(target.table("t").indexes[0], unique=True),),
            ),
        ),
    )
    (step,) = plan_migration(database, unique).steps
    assert step.summary == "recreate unique index ix_a on t (a)" and len(step.checks) == 1


# 3. Kinds are enums whose values are the strings the JSON output has always shown


def test_check_origins_are_an_enum() -> None:
    table = spec(
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      s: {type: text, enum: {values: [a, b]}}\n"
        "      j: {type: json, json: {type: array}, example: []}\n"
        "      n: {type: integer, checks: ['n > 0']}\n"
    ).table("t")
    origins = [(r.column, r.origin) for r in table_checks(table)]
    assert origins == [("s", CheckOrigin.ENUM), ("j", CheckOrigin.JSON), ("n", CheckOrigin.CHECK)]
    assert [r.implied for r in table_checks(table)] == [True, True, False]
    assert [str(o) for o in CheckOrigin] == ["enum", "json", "check"]


def test_row_problem_kinds_are_an_enum_with_the_old_strings() -> None:
    table = spec("version: 1\ntables:\n  t:\n    columns:\n      n: {type: integer, not_null: true}\n").table(
        "t"
    )
    check = input_check(table.column("n"), not_null=True)
    _value, problem = check("x")
    assert problem is not None and problem.kind is ProblemKind.TYPE
    _value, missing = check(None)
    assert missing is not None and missing.kind is ProblemKind.NOT_NULL
    assert RowProblem("", "odd").kind is ProblemKind.INVALID
    assert json.dumps({"kind": problem.kind}) == '{"kind": "type"}'
    assert {str(k) for k in ProblemKind} >= {"missing", "not-null", "type", "enum", "range", "refused"}


def test_audit_findings_carry_kind_and_severity_and_print_the_same(tmp_path: Path) -> None:
    schema = spec(
        "version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
        "      n: {type: integer}\n    checks:\n      - {sql: n > 0, name: positive}\n"
    )
    url = f"file:{tmp_path / 'a.db'}"
    with connect(url, create=True) as db:
        db.apply(["CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, extra TEXT)"])
        db.apply(["INSERT INTO t (id, n) VALUES (1, -1), (2, 'x'), (3, 5)"])
        report = audit_database(db, schema)
    found = {(f.column, f.kind, f.subject): f for f in report.tables[0].findings}
    assert found[("", ProblemKind.CHECK, "positive")].severity is Severity.ERROR
    assert found[("n", ProblemKind.TYPE, "")].count == 1
    assert found[("extra", ProblemKind.EXTRA_COLUMN, "")].severity is Severity.WARNING
    shown = json.loads(report.to_json())["tables"][0]["findings"]
    assert [(f["column"], f["check"], f["severity"]) for f in shown] == [
        ("", "check positive", "error"),
        ("extra", "extra-column", "warning"),
        ("n", "type", "error"),
    ]
    assert (report.errors, report.warnings) == (2, 1)


# 4. A table's docs and app names sit apart from its physical structure


DOCUMENTED = """\
version: 1
categories:
  - {{name: core, description: The core.}}
  - {{name: other, description: The rest.}}
tables:
  users:
    category: {category}
    description: {description}
    variable: {variable}
    estimated_rows: {rows}
    growth: slow
    storage: low
    migration_phase: {phase}
    volumes: {{small: '10', medium: '100', large: '1000'}}
    notes: [{note}]
    drizzle: {{select_type: {select}}}
    columns:
      id: {{type: integer, primary_key: true}}
      email: {{type: text, not_null: true}}
"""


def documented(**values: object) -> Schema:
    fields: dict[str, object] = {
        "category": "core",
        "description": "People.",
        "variable": "users",
        "rows": "1k",
        "phase": 1,
        "note": "one note",
        "select": "User",
    }
    return spec(DOCUMENTED.format(**(fields | values)))


def test_docs_and_app_names_are_kept_apart() -> None:
    table = documented().table("users")
    assert table.docs == TableDocs(
        category="core",
        description="People.",
        estimated_rows="1k",
        growth="slow",
        storage="low",
        migration_phase=1,
        volumes=Volumes("10", "100", "1000"),
        notes=("one note",),
    )
    assert table.drizzle == DrizzleExports(variable="users", select_type="User")
    physical = {f.name for f in msgspec.structs.fields(Table)} - {"docs", "drizzle"}
    assert not physical & {f.name for f in msgspec.structs.fields(TableDocs)}
    assert "variable" not in physical
    assert spec_data(documented())["tables"]["users"]["category"] == "core"


def test_a_change_of_docs_metadata_is_a_no_op_plan() -> None:
    database = live(*schema_statements(documented()))
    changed = documented(
        category="other",
        description="Everyone.",
        variable="people",
        rows="1M",
        phase=2,
        note="another note",
        select="Person",
    )
    assert changed.table("users").docs != documented().table("users").docs
    assert changed.table("users").drizzle != documented().table("users").drizzle
    assert plan_migration(database, changed).is_empty
    assert plan_migration(database, documented()).is_empty


def test_the_ddl_and_the_plan_read_only_the_physical_part() -> None:
    """The real spec with every table's docs and app names emptied: the same DDL, the same (empty) plan."""
    schema = load_spec(Path(__file__).resolve().parent.parent / "spec" / "schema.yaml")
    bare = msgspec.structs.replace(
        schema,
        tables=tuple(
            msgspec.structs.replace(t, docs=TableDocs(), drizzle=DrizzleExports()) for t in schema.tables
        ),
    )
    assert any(t.docs != TableDocs() for t in schema.tables)
    assert schema_statements(bare) == schema_statements(schema)
    database = live(*(s for s in schema_statements(schema) if not s.startswith("PRAGMA")))
    assert plan_migration(database, bare).is_empty and plan_migration(database, schema).is_empty


def test_the_planner_and_the_dialect_never_read_docs_or_app_names() -> None:
    """The planner (migrate/), the DDL, the CREATE parser and introspection reach no `.docs` or `.drizzle`:
    what they compare and write is the physical part only."""
    root = Path(__file__).resolve().parent.parent / "generator"
    # The review of a spec change (review.py, units.py, compat.py) says what the app's code sees change (a
    # property renamed, an old example that fails a new shape): it reads the app part on purpose, never plans.
    review = {"review.py", "units.py", "compat.py"}
    files = [p for p in sorted((root / "migrate").glob("*.py")) if p.name not in review]
    files += [root / "sqlite" / name for name in ("ddl.py", "parse.py", "introspect.py")]
    found = [
        f"{path.relative_to(root)}:{node.lineno}: .{node.attr}"
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("docs", "drizzle", "app")
    ]
    assert found == []


# 5. A column's and a view's docs and app metadata sit apart too


COLUMNS = """version: 1
tables:
  users:
    columns:
      id: {{type: integer, primary_key: true, description: {id_doc}}}
      email: {{type: text, not_null: true, property: {prop}, description: {doc}}}
      meta: {{type: json, json: {{type: object}}, example: {example}}}
      created_at: {{type: text, not_null: true, app_default: {app_default}}}
    indexes:
      users_by_email: {{columns: [email], description: {index_doc}}}
views:
  people:
    sql: SELECT id, email FROM users
    category: {category}
    description: {view_doc}
    columns:
      email: {{description: {view_col}}}
triggers:
  stamp:
    table: users
    timing: after
    event: insert
    sql: SELECT 1;
    description: {trigger_doc}
virtual_tables:
  search:
    module: fts5
    arguments: [body]
    description: {virtual_doc}
"""


def columns_spec(**values: object) -> Schema:
    fields: dict[str, object] = {
        "id_doc": "The key.",
        "prop": "mail",
        "doc": "Where to write.",
        "example": "{a: 1}",
        "app_default": "now",
        "category": "core",
        "view_doc": "Everyone.",
        "view_col": "The address.",
        "index_doc": "By address.",
        "trigger_doc": "Stamps.",
        "virtual_doc": "Finds.",
    }
    return spec(COLUMNS.format(**(fields | values)))


def test_column_and_view_docs_and_app_metadata_are_kept_apart() -> None:
    schema = columns_spec()
    users = schema.table("users")
    assert users.column("email").docs == ColumnDocs(description="Where to write.")
    assert users.column("email").app == ColumnApp(prop="mail")
    assert users.column("meta").docs.example == '{"a":1}' and users.column("meta").app.prop == "meta"
    assert users.column("created_at").app == ColumnApp(prop="createdAt", default="now")
    assert schema.view("people").docs == ViewDocs(
        category="core", description="Everyone.", columns=(ViewColumn("email", "The address."),)
    )
    physical = {f.name for f in msgspec.structs.fields(Column)} - {"docs", "app"}
    assert not physical & ({"description", "example", "prop", "app_default"})
    assert not {f.name for f in msgspec.structs.fields(View)} & {"description", "category", "columns"}
    assert schema.table("users").indexes[0].docs == ObjectDocs("By address.")
    assert schema.triggers[0].docs == ObjectDocs("Stamps.") and schema.virtual_tables[0].docs == ObjectDocs(
        "Finds."
    )
    for kind in (Index, Trigger, VirtualTable):
        assert "description" not in {f.name for f in msgspec.structs.fields(kind)}
    dumped = spec_data(schema)
    assert dumped["tables"]["users"]["columns"]["email"]["property"] == "mail"
    assert dumped["tables"]["users"]["columns"]["created_at"]["app_default"] == "now"
    assert dumped["views"]["people"]["category"] == "core"
    assert load_spec("again.yaml", text=json.dumps(dumped)) == schema


def test_a_change_of_column_or_view_docs_or_app_metadata_is_a_no_op_plan() -> None:
    database = live(*schema_statements(columns_spec()))
    changed = columns_spec(
        id_doc="Another key.",
        prop="address",
        doc="Elsewhere.",
        example="{b: 2}",
        app_default="uuid",
        category="other",
        view_doc="Nobody.",
        view_col="Something else.",
        index_doc="Lookups.",
        trigger_doc="Nothing.",
        virtual_doc="Searches.",
    )
    before, after = columns_spec(), changed
    assert before.table("users").columns != after.table("users").columns
    assert before.view("people") != after.view("people")
    assert before.triggers != after.triggers and before.virtual_tables != after.virtual_tables
    assert before.table("users").indexes != after.table("users").indexes
    assert schema_statements(after) == schema_statements(before)
    assert plan_migration(database, after).is_empty
    assert plan_migration(database, before).is_empty
    bare = msgspec.structs.replace(
        after,
        tables=tuple(
            msgspec.structs.replace(
                t,
                columns=tuple(
                    msgspec.structs.replace(c, docs=ColumnDocs(), app=ColumnApp()) for c in t.columns
                ),
                indexes=tuple(msgspec.structs.replace(i, docs=ObjectDocs()) for i in t.indexes),
            )
            for t in after.tables
        ),
        views=tuple(msgspec.structs.replace(v, docs=ViewDocs()) for v in after.views),
        triggers=tuple(msgspec.structs.replace(t, docs=ObjectDocs()) for t in after.triggers),
        virtual_tables=tuple(msgspec.structs.replace(v, docs=ObjectDocs()) for v in after.virtual_tables),
    )
    assert schema_statements(bare) == schema_statements(before)
    assert plan_migration(database, bare).is_empty


# 6. Closed sets of SQLite's language and of the push are StrEnums with the spellings they replace


TRIGGERED = """\
version: 1
tables:
  parents:
    columns:
      id: {type: integer, primary_key: true}
  children:
    columns:
      id: {type: integer, primary_key: true}
      parent_id:
        type: integer
        references: {table: parents, column: id, on_delete: set null, on_update: cascade}
      n: {type: integer}
triggers:
  bump:
    table: children
    timing: instead of
    event: update
    columns: [n]
    sql: SELECT 1;
  early:
    table: children
    timing: before
    event: delete
    sql: SELECT 2;
"""


def test_trigger_timing_event_and_fk_actions_are_enums_from_the_spec_and_from_sqlite() -> None:
    schema = spec(TRIGGERED.replace("instead of", "after"))
    fk = schema.table("children").foreign_keys[0]
    assert (fk.on_delete, fk.on_update) == (FkAction.SET_NULL, FkAction.CASCADE)
    assert type(fk.on_delete) is FkAction and type(fk.on_update) is FkAction
    triggers = {t.name: t for t in schema.triggers}
    assert (triggers["bump"].timing, triggers["bump"].event) == (TriggerTiming.AFTER, TriggerEvent.UPDATE)
    assert (triggers["early"].timing, triggers["early"].event) == (TriggerTiming.BEFORE, TriggerEvent.DELETE)
    statements = schema_statements(schema)
    assert any("ON UPDATE cascade ON DELETE set null" in s for s in statements), statements
    assert any("AFTER UPDATE OF" in s for s in statements) and any(
        "BEFORE DELETE ON" in s for s in statements
    )
    read = live(*statements)
    back = read.table("children").foreign_keys[0]
    assert type(back.on_delete) is FkAction and (back.on_delete, back.on_update) == (
        fk.on_delete,
        fk.on_update,
    )
    read_triggers = {t.name: t for t in read.triggers}
    assert (
        type(read_triggers["bump"].timing) is TriggerTiming
        and type(read_triggers["bump"].event) is TriggerEvent
    )
    assert (
        read_triggers["bump"].timing is TriggerTiming.AFTER
        and read_triggers["early"].event is TriggerEvent.DELETE
    )
    assert plan_migration(read, schema).is_empty
    dumped = spec_data(schema)
    assert (
        dumped["triggers"]["bump"]["timing"] == "after" and type(dumped["triggers"]["bump"]["timing"]) is str
    )
    assert dumped["tables"]["children"]["columns"]["parent_id"]["references"]["on_delete"] == "set null"
    assert load_spec("again.yaml", text=json.dumps(dumped)) == schema


def test_instead_of_is_one_timing_and_an_unknown_fk_action_is_refused_by_name() -> None:
    view = "CREATE VIEW v AS SELECT 1 AS n"
    trigger = "CREATE TRIGGER t INSTEAD OF INSERT ON v BEGIN SELECT 1; END"
    read = live(view, trigger)
    assert (
        read.triggers[0].timing is TriggerTiming.INSTEAD_OF and read.triggers[0].event is TriggerEvent.INSERT
    )
    with pytest.raises(SqlSyntaxError, match="unknown foreign key action ON DELETE SET NOTHING"):
        parse_create_table("CREATE TABLE c (p INTEGER REFERENCES t(id) ON DELETE SET NOTHING)")


def test_what_a_plan_reached_is_an_enum_and_its_text_is_unchanged(tmp_path: Path) -> None:
    schema = spec("version: 1\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n")
    missing = tmp_path / "absent.db"
    shown: list[str] = []
    report = push_spec(
        schema, f"file:{missing}", None, on_event=lambda event: shown.extend(event_lines(event))
    )
    assert report.kind is Reached.MISSING_FILE and not missing.exists()
    assert shown[0] == f"target: {report.target} (does not exist yet: the plan starts from an empty database)"
    pushed = push_spec(schema, f"file:{missing}", None, PushOptions(write=True))
    assert pushed.kind is Reached.FILE and missing.exists()
    assert [str(k) for k in Reached] == ["file", "turso", "http", "missing-file"]


def test_a_statement_says_what_its_count_means_with_an_enum() -> None:
    table = spec(
        "version: 1\ntables:\n  t:\n    columns:\n"
        "      id: {type: integer, primary_key: true}\n      n: {type: integer}\n"
    ).table("t")
    builder = StatementBuilder(table, "replace")
    rows = [
        WriteRow(seq=i, file_no=0, index=i, line=i + 1, values={"id": i, "n": i}, filled=()) for i in range(3)
    ]
    kinds = [p.kind for p in builder.plan(rows)]
    assert kinds == [Counted.REPLACED, Counted.NEW] and all(type(k) is Counted for k in kinds)


# 7. One severity for a spec's problems and an audit's findings; the linter's levels are another type


def test_spec_problems_and_audit_findings_share_one_severity(tmp_path: Path) -> None:
    from generator import severity
    from generator.lint.rules import Severity as LintLevel
    from generator.spec.problems import Problem

    assert Severity is severity.Severity
    assert [str(s) for s in severity.Severity] == ["error", "warning"]
    problem = Problem("s.yaml", ("tables", "t"), (3, 5), Severity.WARNING, "looks odd")
    assert str(problem) == "s.yaml:3:5: warning: tables.t: looks odd" and not problem.is_error
    assert json.loads(json.dumps(problem.severity)) == "warning"
    path = tmp_path / "s.yaml"
    path.write_text("version: 1\ntables:\n  t:\n    columns:\n      id: {type: integr, primary_key: true}\n")
    found = check_spec(path).problems
    assert [(type(p.severity), p.severity) for p in found] == [(severity.Severity, Severity.WARNING)], found
    assert {s.value for s in LintLevel} - {s.value for s in severity.Severity} == {"off", "notice"}


def test_table_lookups_fold_names_and_follow_a_replaced_schema() -> None:
    """Schema.table / has_table use an index built on first use: it folds as SQLite does, finds the first
    table of a name, and a schema made by msgspec.structs.replace gets its own (never a stale one)."""
    import msgspec.structs

    from generator.spec import load_spec

    schema = load_spec(
        "inline.yaml",
        text="version: 1\ntables:\n  Users:\n    columns:\n      id: {type: integer, primary_key: true}\n",
    )
    assert schema.table("USERS").name == "Users" and schema.has_table("users")
    assert not schema.has_table("Üsers")
    renamed = msgspec.structs.replace(
        schema, tables=(msgspec.structs.replace(schema.tables[0], name="people"),)
    )
    assert renamed.has_table("PEOPLE") and not renamed.has_table("users") and schema.has_table("users")
