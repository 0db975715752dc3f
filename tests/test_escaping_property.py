"""Property test: whatever names and texts a spec holds, every output says only what the spec says.

Seeded random specs whose names and texts hold newlines, U+2028/U+2029, quotes of every kind, `*/`, `-->`,
`<!--`, backslashes, `${`, control characters, bidi overrides and long words go through generate, review and
inspect; the real parsers referee each output: SQLite runs schema.sql twice on a database holding rows (the
second run changes nothing), the TypeScript parser finds only the declarations the spec asks for and tsc
accepts the module, Python's `ast` parses rows.py into declarations only and mypy --strict accepts it,
Mermaid's parser accepts every diagram, and markdown-it finds no raw HTML that a template did not write.
"""

from __future__ import annotations

import ast
import itertools
import json
import os
import random
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from helpers.mermaid import mermaid_blocks, parse_mermaid
from markdown_it import MarkdownIt

from generator.emit.render import render_all
from generator.emit.review import review_markdown
from generator.inspect import inspect_target
from generator.migrate.review import review_schemas
from generator.model import Schema
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SEED = 19
SPECS = 8

# Pieces of hostile text: LINE_ATOMS on one line (comments inside SQL the spec writes), TEXT_ATOMS with every
# kind of line break and control character for names (anything but NUL, as SQLite's) and texts.
LINE_ATOMS = [
    '"',
    "'",
    "`",
    "```",
    '"""',
    "*/",
    "/*",
    "-->",
    "<!--",
    "<b>",
    "</x>",
    "\\",
    "${",
    "}",
    "{",
    "[/b]",
    "[bold red]",
    "#",
    "%%",
    "|",
    "--",
    ";",
    "DELETE FROM t;",
    "require('fs')",
    "&amp;",
    "&lt;",
    "*",
    "_",
    "(",
    ")",
    "[",
    "]",
    "- ",
    "1. ",
    "> ",
    "# ",
    "é",
    "名",
    "🙂",
    " ",
    "x",
    "word",
    "end",
    "-->|",
    ":::",
]
TEXT_ATOMS = [
    *LINE_ATOMS,
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    "\u2029",
    "\x85",
    "\x07",
    "\x1b[31m",
    "\x0b",
    "\x0c",
    "\x1f",
    "\u202e",
    "\u2066",
    "\u200f",
    "\t",
    "\n# heading\n",
    "\n```\n",
    "\n<!-- hidden\n",
    "\n- item\n",
    "\n\n",
]
LONG_WORD = "w" * 3000
ALLOWED_HTML = {"<details><summary>JSON shape diff</summary>", "</details>"}


def _text(rng: random.Random, atoms: list[str], most: int = 7, long: bool = True) -> str:
    parts = [rng.choice(atoms) for _ in range(rng.randint(1, most))]
    if long and rng.random() < 0.1:
        parts.append(LONG_WORD)
    return "".join(parts)


@dataclass
class Names:
    """Hands out distinct names (SQLite compares them without regard to case)."""

    rng: random.Random
    taken: set[str]

    def __call__(self) -> str:
        while True:
            name = _text(self.rng, TEXT_ATOMS, 4, long=False) + str(len(self.taken))
            if name.strip() and name.lower() not in self.taken and not name.lower().startswith("sqlite_"):
                self.taken.add(name.lower())
                return name


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def random_spec(rng: random.Random) -> dict[str, object]:
    """A spec whose every name and text is hostile, and which validates."""
    name, text = Names(rng, set()), lambda: _text(rng, TEXT_ATOMS)
    oneline = lambda: _text(rng, LINE_ATOMS)  # noqa: E731 (a comment inside SQL: no line break)
    category = text()
    t1, t2, view, actor = name(), name(), name(), "actor_" + str(rng.randint(0, 9))
    c_id, c_text, c_enum, c_json, c_ref = name(), name(), name(), name(), name()
    enum_values = list(dict.fromkeys(text() for _ in range(3)))
    json_key = _text(rng, TEXT_ATOMS, 3, long=False)
    set_text = f"{_q(c_text)} = {_q(c_text)}"
    spec: dict[str, object] = {
        "version": 1,
        "name": "hostile",
        "title": text(),
        "description": text(),
        "categories": [{"name": category, "description": text()}],
        "tables": {
            t1: {
                "category": category,
                "description": text(),
                "notes": [text(), text()],
                "primary_key": {"columns": [c_id], "name": name()},
                "unique": [{"columns": [c_text], "name": name()}],
                "checks": [{"sql": f"{_q(c_id)} >= 0 -- {oneline()}", "name": name(), "description": text()}],
                "columns": {
                    c_id: {"type": "integer", "description": text()},
                    c_text: {"type": "text", "description": text(), "default": text()},
                    c_enum: {"type": "text", "description": text(), "enum": {"values": enum_values}},
                    c_json: {
                        "type": "json",
                        "description": text(),
                        "json": {
                            "type": "object",
                            "description": text(),
                            "properties": {json_key: {"type": "string", "description": text()}},
                        },
                        "example": {json_key: text()},
                    },
                },
                "indexes": {
                    name(): {
                        "columns": [c_text],
                        "where": f"{_q(c_text)} IS NOT NULL -- {oneline()}",
                        "description": text(),
                    }
                },
            },
            t2: {
                "description": text(),
                "columns": {
                    c_id: {"type": "integer", "primary_key": True},
                    c_ref: {
                        "type": "integer",
                        "description": text(),
                        "references": {"table": t1, "column": c_id, "name": name(), "label": "refers to"},
                    },
                },
            },
        },
        "views": {
            view: {
                "description": text(),
                "sql": f"SELECT {_q(c_id)} FROM {_q(t1)} -- {oneline()}",
                "columns": {c_id: {"description": text()}},
            }
        },
        "triggers": {
            name(): {
                "description": text(),
                "table": t1,
                "timing": "after",
                "event": "insert",
                "when": f"new.{_q(c_id)} > 0 -- {oneline()}",
                "sql": f"UPDATE {_q(t1)} SET {set_text} WHERE {_q(c_id)} = new.{_q(c_id)}; -- {oneline()}",
            }
        },
        "data_flow": {
            "actors": {actor: text()},
            "flows": [
                {
                    "name": text(),
                    "steps": [
                        {"from": actor, "to": t1, "label": text().replace('"', "'")},
                        {"from": t2, "to": actor, "label": text().replace('"', "'")},
                    ],
                }
            ],
        },
        "docs": {
            "security": [text()],
            "troubleshooting": [{"symptom": text(), "fix": text()}],
        },
    }
    return spec


@dataclass(frozen=True)
class Case:
    """One random spec: its text, its model, and every file generate writes for it."""

    seed: int
    data: dict[str, object]
    schema: Schema
    files: dict[str, str]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    out = []
    folder = tmp_path_factory.mktemp("specs")
    for seed in range(SEED, SEED + SPECS):
        data = random_spec(random.Random(seed))
        path = folder / f"spec{seed}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        schema = load_spec(path, check_queries=True)
        out.append(Case(seed, data, schema, render_all(schema)))
    return out


def _tables(case: Case) -> dict[str, dict[str, object]]:
    return case.data["tables"]  # type: ignore[return-value]


def test_sqlite_runs_schema_sql_and_a_second_run_changes_nothing(cases: list[Case], tmp_path: Path) -> None:
    for case in cases:
        db = sqlite3.connect(tmp_path / f"{case.seed}.db")
        db.executescript(case.files["schema.sql"])
        objects = {(kind, name) for kind, name in db.execute("SELECT type, name FROM sqlite_master")}
        wanted = {("table", t) for t in _tables(case)} | {("view", v.name) for v in case.schema.views}
        wanted |= {("trigger", t.name) for t in case.schema.triggers}
        wanted |= {("index", ix.name) for t in case.schema.tables for ix in t.indexes}
        assert wanted <= objects, (case.seed, wanted - objects)
        assert {o for o in objects if not o[1].startswith("sqlite_autoindex_")} - wanted <= {
            ("index", ix.name) for t in case.schema.tables for ix in t.all_indexes
        }, case.seed
        t1, t2 = case.schema.tables
        db.execute(f"INSERT INTO {_q(t1.name)} ({_q(t1.columns[0].name)}) VALUES (1)")
        db.execute(f"INSERT INTO {_q(t2.name)} VALUES (1, 1)")
        db.commit()
        before = _snapshot(db)
        db.executescript(case.files["schema.sql"])
        assert _snapshot(db) == before, case.seed
        db.close()


def _snapshot(db: sqlite3.Connection) -> list[object]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    rows = [sorted(db.execute(f"SELECT * FROM {_q(t)}").fetchall(), key=repr) for t in tables]
    return [sorted(db.execute("SELECT type, name, sql FROM sqlite_master").fetchall(), key=repr), rows]


def test_typescript_declares_only_what_the_spec_asks(cases: list[Case], tmp_path: Path) -> None:
    files = []
    for case in cases:
        path = tmp_path / f"schema{case.seed}.ts"
        path.write_text(case.files["drizzle/schema.ts"], encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(
        ["node", str(ROOT / "tests/escaping/ts_outline.cjs")],
        input=json.dumps(files),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outlines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outlines) == len(cases)
    for case, found in zip(cases, outlines, strict=True):
        assert found["diagnostics"] == [], (case.seed, found["diagnostics"])
        tables, views = [], []
        for s in found["statements"]:
            kind = s["kind"]
            if kind == "FirstStatement":  # a variable statement
                assert (
                    s.get("call") in ("sqliteTable", "sqliteView", "customType") or s["name"] == "jsonShape"
                ), s
                (
                    tables
                    if s.get("call") == "sqliteTable"
                    else views
                    if s.get("call") == "sqliteView"
                    else []
                ).append(s.get("first"))
            elif kind == "FunctionDeclaration":
                assert s["name"] in ("parseJson", "toJson"), s
            else:
                assert kind in ("ImportDeclaration", "TypeAliasDeclaration"), s
        assert sorted(tables) == sorted(_tables(case)), case.seed
        assert views == [v.name for v in case.schema.views], case.seed


def test_tsc_and_mypy_strict_accept_the_generated_code(cases: list[Case], tmp_path: Path) -> None:
    """The TypeScript compiler (strict, with drizzle's own types) and mypy --strict accept every module."""
    ts_files, py_files = [], []
    for case in cases:
        ts, py = tmp_path / f"schema{case.seed}.ts", tmp_path / f"rows{case.seed}.py"
        ts.write_text(case.files["drizzle/schema.ts"], encoding="utf-8")
        py.write_text(case.files["python/rows.py"], encoding="utf-8")
        ts_files.append(str(ts))
        py_files.append(str(py))
    modules = ROOT / "node_modules"
    options = {
        "strict": True,
        "noEmit": True,
        "target": "ES2022",
        "lib": ["ES2022"],
        "types": [],
        "module": "ESNext",
        "moduleResolution": "Bundler",
        "isolatedModules": True,
        "skipLibCheck": True,
        "baseUrl": str(ROOT),
        "paths": {"*": [f"{modules}/*"]},  # the modules live outside tmp_path
    }
    config = tmp_path / "tsconfig.json"
    config.write_text(json.dumps({"compilerOptions": options, "files": ts_files}), encoding="utf-8")
    tsc = subprocess.run(
        [str(modules / ".bin" / "tsc"), "-p", str(config)], capture_output=True, text=True, timeout=300
    )
    assert tsc.returncode == 0, tsc.stdout[-3000:]
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file",
            os.devnull,
            *py_files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert mypy.returncode == 0, mypy.stdout[-3000:]


def test_python_rows_parse_into_declarations_only(cases: list[Case]) -> None:
    for case in cases:
        module = ast.parse(case.files["python/rows.py"])
        for node in module.body:
            if isinstance(node, ast.Expr):
                assert isinstance(node.value, ast.Constant) and isinstance(node.value.value, str), ast.dump(
                    node
                )
            elif isinstance(node, ast.Assign):  # the functional TypedDict form
                assert isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "TypedDict"
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    assert isinstance(item, ast.AnnAssign | ast.Expr | ast.Pass), ast.dump(item)
                    if isinstance(item, ast.Expr):
                        assert isinstance(item.value, ast.Constant), ast.dump(item)
            else:
                assert isinstance(node, ast.ImportFrom | ast.AnnAssign), ast.dump(node)
        docs = [ast.get_docstring(n) or "" for n in ast.walk(module) if isinstance(n, ast.ClassDef)]
        assert all("\n\n" not in d for d in docs)


def _html(markdown: str) -> list[str]:
    """The raw HTML markdown-it finds in a document (blocks and inline), as written."""
    found = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "html_block":
            found.append(token.content.strip())
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(child.content)
    return found


def _reviews(cases: list[Case]) -> list[str]:
    return [review_markdown(review_schemas(a.schema, b.schema)) for a, b in itertools.pairwise(cases)]


def test_markdown_holds_no_html_the_templates_did_not_write(cases: list[Case]) -> None:
    pages = [(case.seed, p, text) for case in cases for p, text in case.files.items() if p.endswith(".md")]
    pages += [(0, "review", text) for text in _reviews(cases)]
    assert len(pages) > len(cases)
    for seed, page, text in pages:
        html = [h for h in _html(text) if h not in ALLOWED_HTML]
        assert html == [], (seed, page, html[:3])


def test_mermaid_parses_every_diagram(cases: list[Case]) -> None:
    sources = [
        block
        for text in [t for c in cases for p, t in c.files.items() if p.endswith(".md")] + _reviews(cases)
        for block in mermaid_blocks(text)
    ]
    assert len(sources) >= 2 * len(cases)
    errors = [(s, e) for s, e in zip(sources, parse_mermaid(sources), strict=True) if e is not None]
    assert errors == [], errors[:2]


def test_inspect_reads_the_names_back(cases: list[Case], tmp_path: Path) -> None:
    for case in cases[:3]:
        path = tmp_path / f"inspect{case.seed}.db"
        with sqlite3.connect(path) as db:
            db.executescript(case.files["schema.sql"])
        db.close()
        found = inspect_target(str(path), None, profile=False, cwd=tmp_path)
        spec = yaml.safe_load(found.to_yaml())
        assert sorted(spec["tables"]) == sorted(_tables(case)), case.seed
        assert sorted(spec.get("views", {})) == sorted(v.name for v in case.schema.views)
