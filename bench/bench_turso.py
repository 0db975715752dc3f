"""Real schemas on the Turso engine: does the engine profile predict exactly what pyturso refuses?

For each schema of the corpus (the inspect corpus under tests/data/inspect, the real projects' schemas
under tests/data/corpus, drizzle-kit's push of Code Reels, and the DDL schemagen writes for the golden
specs): the schema is built in stock SQLite and read
back into the model; the profile lists what the Turso engine lacks (generator.engines); every statement
schemagen would send is then run on pyturso. A refused statement is `predicted` when the profile named its
object, `follows` when it only needs an object that was refused, else `unpredicted` (a gap in the
profile). Last, the schema the engine stored is prepared by stock SQLite. Prints a Markdown table
(docs/turso.md holds the last run).
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import turso

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.db import connect  # noqa: E402
from generator.engines import unsupported  # noqa: E402
from generator.migrate.push import Outcome, PushOptions, push_spec  # noqa: E402
from generator.model import Schema, fold  # noqa: E402
from generator.spec import load_spec  # noqa: E402
from generator.sqlite.ddl import schema_statements  # noqa: E402
from generator.sqlite.introspect import introspect  # noqa: E402
from generator.sqlite.stock import stock_problems  # noqa: E402
from generator.sqlite.tokens import references  # noqa: E402

_NAME = re.compile(
    r"(?is)^\s*CREATE\s+(?:UNIQUE\s+|VIRTUAL\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r'("(?:[^"]|"")+"|\[[^\]]+\]|`[^`]+`|[^\s(]+)'
)


def corpus() -> dict[str, Schema]:
    """Each schema of the corpus, as stock SQLite reads it back."""
    out: dict[str, Schema] = {}
    data = ROOT / "tests/data"
    scripts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((data / "inspect").glob("*.sql"))}
    scripts["drizzle-kit push (Code Reels)"] = (data / "drizzle_push.sql").read_text(encoding="utf-8")
    # The real projects' schemas of tests/data/corpus (whole schemas; their upgrade scripts are not).
    for path in sorted((data / "corpus").glob("*/*.sql")):
        if "upgrade" not in path.stem:
            scripts[f"{path.parent.name} {path.stem}"] = path.read_text(encoding="utf-8")
    specs = {"Code Reels spec": ROOT / "spec/schema.yaml"}
    specs |= {f"golden {p.parent.name}": p for p in sorted((ROOT / "tests/data/golden").glob("*/spec.yaml"))}
    for name, spec in specs.items():
        scripts[name] = ";\n".join(schema_statements(load_spec(spec))) + ";"
    for name, script in scripts.items():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "db.sqlite"
            conn = sqlite3.connect(path)
            conn.executescript(script)
            conn.close()
            with connect(f"file:{path}") as db:
                out[name] = introspect(db)
    return out


def object_of(sql: str) -> str:
    found = _NAME.match(sql)
    return fold(found.group(1).strip('"[]`').replace('""', '"')) if found else ""


def run(name: str, schema: Schema) -> dict[str, object]:
    """One row of the table."""
    findings = unsupported(schema, ["turso"])
    named = {fold(str(f.path[3] if f.path[2:3] == ("indexes",) else f.path[1])) for f in findings}
    refused: set[str] = set()
    counts = {"predicted": 0, "follows": 0, "unpredicted": []}
    conn = turso.connect(":memory:", isolation_level=None)
    statements = schema_statements(schema)
    for sql in statements:
        try:
            conn.execute(sql).fetchall()
        except turso.Error as err:
            obj = object_of(sql)
            refused.add(obj)
            if obj in named:
                counts["predicted"] += 1  # type: ignore[operator]
            elif references(sql) & (refused - {obj}):
                counts["follows"] += 1  # type: ignore[operator]
            else:
                counts["unpredicted"].append(f"{obj}: {err}")  # type: ignore[union-attr]
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
    conn.close()
    rest = without(schema, refused)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"turso:{Path(tmp) / 'rest.db'}"
        pushed = push_spec(rest, url, None, PushOptions(write=True, engines=("turso",)))
        again = push_spec(rest, url, None, PushOptions(engines=("turso",)))
        applied = pushed.outcome is Outcome.APPLIED and not pushed.unreadable
        noop = applied and again.outcome is Outcome.NOTHING
        why = again.plan.render().splitlines()[0] if again.plan.steps else pushed.reason
    constructs = sorted({f.construct.value for f in findings})
    return {
        "schema": name,
        "statements": len(statements),
        "refused": len(refused),
        "profile": ", ".join(constructs) or "nothing",
        **counts,
        "stock": stock_problems([tuple(r) for r in rows]),
        "rest": "yes" if noop else f"no ({why})",
    }


def without(schema: Schema, names: set[str]) -> Schema:
    """The schema minus the objects named (and the indexes on them)."""
    tables = tuple(
        replace(t, indexes=tuple(ix for ix in t.indexes if fold(ix.name) not in names))
        for t in schema.tables
        if fold(t.name) not in names
    )
    return replace(
        schema,
        tables=tables,
        views=tuple(v for v in schema.views if fold(v.name) not in names),
        triggers=tuple(t for t in schema.triggers if fold(t.name) not in names),
        virtual_tables=tuple(v for v in schema.virtual_tables if fold(v.name) not in names),
        queries=(),
    )


def main() -> None:
    print(
        "| schema | statements | profile refuses | engine refused (predicted / follows) | unpredicted "
        "| stock SQLite opens it | the rest pushed, plan no-op |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, schema in corpus().items():
        r = run(name, schema)
        unpredicted = "; ".join(r["unpredicted"]) or "none"  # type: ignore[arg-type]
        stock = "yes" if not r["stock"] else "; ".join(r["stock"])  # type: ignore[arg-type]
        print(
            f"| {r['schema']} | {r['statements']} | {r['profile']} | {r['predicted']} / {r['follows']} "
            f"| {unpredicted} | {stock} | {r['rest']} |"
        )


if __name__ == "__main__":
    main()
