"""The checker of the generated pages: every sentence it can check, against SQLite, the CLI and the spec.

`check_pages(schema, files)` returns the false claims it finds (an empty list: none):
- index claims: the Relationships table of the reference, the index table of the diagram page and the
  foreign-key bullet of Performance, against SQLite's own foreign-key code (tests/helpers/fkscan.py) and,
  for a logical link, the plan of the join it documents;
- quoted messages: each symptom the Troubleshooting table quotes is a message of generator/messages.py;
- commands: every `schemagen ...` the pages show (code spans and shell blocks) parses with the CLI's parser;
- counts: "At a glance", the diagram page's counts, the statistics totals, the number of indexes, the DDL
  header, a view's column count, the rows of the key and relationship tables;
- keys: what an INSERT without each key does (tests/helpers/inserts.py), where a row can be made.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sqlite3

from generator import messages
from generator.cli.parser import parse
from generator.emit import erd
from generator.model import Schema, fold
from generator.sqlite import ddl
from generator.sqlite.memory import schema_in_memory
from helpers.fkscan import sought
from helpers.inserts import insert_without, insertable

CELL = re.compile(r"(?<!\\) \| ")
SPAN = re.compile(r"(`+)(.+?)\1")
OUTCOMES = {
    "SQLite assigns it (also when NULL is given)": "filled",
    "SQLite assigns the rowid": "filled",
    "libSQL assigns a random rowid": "filled",
    "the default": "filled",
    "the INSERT fails (`NOT NULL`)": "refused",
    "the INSERT fails (a `WITHOUT ROWID` key is never NULL)": "refused",
    "NULL is stored as the key (SQLite allows it in a rowid table's non-integer key)": "null",
    "the row is not inserted, silently (`NOT NULL ON CONFLICT IGNORE`)": "skipped",
}


def section(page: str, title: str) -> str:
    """The text of a `## title` section ('' when the page has none)."""
    head = f"\n## {title}\n"
    return page.split(head, 1)[1].split("\n## ", 1)[0] if head in page else ""


def rows(text: str) -> list[list[str]]:
    """The body rows of the Markdown tables in `text`, as cells."""
    out: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("| ---") or line.startswith("|---"):
            out.pop()  # the header row
        elif line.startswith("| "):
            out.append([c.strip() for c in CELL.split(line.strip()[2:-2])])
    return out


def check_pages(schema: Schema, files: dict[str, str], names: tuple[str, str, str]) -> list[str]:
    """Every false claim found in the pages `names` (reference, diagram, quick reference) of `files`."""
    reference, diagram, quick = (files[n] for n in names)
    problems: list[str] = []
    problems += _index_claims(schema, reference, diagram)
    problems += _quoted(reference + quick + diagram, {t.symptom for t in schema.docs.troubleshooting})
    problems += _commands(reference + quick + diagram)
    problems += _counts(schema, reference, diagram, quick, files.get("schema.sql", ""))
    problems += _keys(schema, quick)
    return problems


def _truth(schema: Schema, rel: erd.Relationship) -> str:
    """What SQLite seeks to find the rows of `rel` ('' for a scan), by its own code or its join plan."""
    if not schema.has_table(rel.parent):
        return "?"
    columns = tuple(c.strip() for c in rel.column.split(","))
    if not rel.logical:
        return sought(schema, rel.child, columns)
    child, parent = schema.table(rel.child), schema.table(rel.parent)
    on = f"c.{ddl.quote_identifier(rel.column)} = p.{ddl.quote_identifier(rel.target)}"
    sql = (
        f"SELECT 1 FROM {ddl.quote_identifier(parent.name)} AS p "
        f"JOIN {ddl.quote_identifier(child.name)} AS c ON {on} WHERE p.rowid = 1"
    )
    with schema_in_memory(schema) as memory:
        plan = [str(r[3]) for r in memory.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    line = next((p for p in plan if re.match(r"(SEARCH|SCAN) c\b", p)), "")
    found = re.search(r"USING (?:COVERING )?INDEX (\S+)", line)
    if line.startswith("SEARCH") and found:
        return found.group(1)
    return child.name if line.startswith("SEARCH") else ""


def _said(cell: str, rel: erd.Relationship, schema: Schema) -> str:
    """The b-tree a page's cell names ('' for none)."""
    if cell in ("none", "—", ""):
        return ""
    if cell.startswith("the rowid"):
        return rel.child
    if cell.startswith("the primary key"):
        table = schema.table(rel.child)
        if table.without_rowid:
            return table.name
        return f"sqlite_autoindex_{table.name}_1"
    found = SPAN.search(cell)
    return found.group(2) if found else f"? {cell}"


def _index_claims(schema: Schema, reference: str, diagram: str) -> list[str]:
    problems = []
    rels = {f"{r.child}.{_key(r.column)}": r for r in erd.relationships(schema)}
    served: dict[str, set[str]] = {}
    table = rows(section(reference, "Relationships"))
    if len(table) != len(rels):
        problems.append(f"Relationships lists {len(table)} rows, the spec has {len(rels)} links")
    for cells in table:
        source = cells[0].strip("`")
        rel = rels.get(source)
        if rel is None:
            problems.append(f"Relationships: {source} is no link of the spec")
            continue
        truth = _truth(schema, rel)
        if truth == "?":
            continue
        said = _said(cells[-1], rel, schema)
        if fold(said) != fold(truth):
            problems.append(
                f"Relationships: {source} served by {cells[-1]!r}, SQLite uses {truth or 'a scan'}"
            )
        if truth:
            served.setdefault(fold(truth), set()).add(source)
    for cells in rows(section(diagram, "Indexing strategy")):
        if len(cells) < 5:
            continue
        index = cells[0].strip("`")
        claimed = {m.group(2).strip() for m in SPAN.finditer(cells[4]) if "." in m.group(2)}
        actual = served.get(fold(index), set())
        if claimed != actual:
            problems.append(
                f"Indexing strategy: {index} said to serve {claimed}, SQLite uses it for {actual}"
            )
    bullet = next(
        (x for x in reference.splitlines() if "Foreign keys are not indexed automatically" in x), ""
    )
    for source, rel in rels.items():
        if rel.logical or not bullet:
            continue
        scans = (
            f"`{source}`" in bullet.split(" it scans the child", 1)[0].rsplit("or ", 1)[-1]
            if " it scans" in bullet
            else False
        )
        truth = _truth(schema, rel)
        if truth != "?" and (truth == "") != scans:
            problems.append(
                f"Performance: {source} {'scans' if scans else 'indexed'}, SQLite: {truth or 'scan'}"
            )
    return problems


def _key(columns: str) -> str:
    names = [c.strip() for c in columns.split(",")]
    return names[0] if len(names) == 1 else f"({', '.join(names)})"


def _quoted(text: str, projects: set[str]) -> list[str]:
    """The generic rows' quotes (a project's own rows, from its `docs:`, quote what it likes)."""
    problems = []
    for cells in rows(section(text, "Troubleshooting")):
        if cells[0].replace("\\|", "|") in projects:
            continue
        spans = [m.group(2).strip() for m in SPAN.finditer(cells[0])]
        if not spans or spans[0].startswith("schemagen "):
            continue
        for quote in spans:
            if quote.startswith(("local.db", "TURSO_")):
                continue
            if not any(messages.pattern(messages.quote(m)).fullmatch(quote) for m in messages.QUOTED):
                problems.append(f"Troubleshooting quotes {quote!r}, which the CLI never prints")
    return problems


_PLACEHOLDER = {
    "BASE": "main",
    "HEAD": "HEAD",
    "TABLE": "t",
    "FILE": "f.json",
    "FILE...": "f.json",
    "DIR": "d",
    "SHELL": "bash",
    "TOPIC": "format",
}


def _commands(text: str) -> list[str]:
    found = {m.group(2).strip() for m in SPAN.finditer(text) if m.group(2).startswith("schemagen ")}
    for block in re.findall(r"```(?:sh|console|bash)\n(.*?)```", text, re.S):
        found |= {line.split("#")[0].strip() for line in block.splitlines() if line.startswith("schemagen ")}
    problems = []
    for command in sorted(found):
        words = [w.strip("[]") for w in shlex.split(command)[1:]]
        words = [_PLACEHOLDER.get(w, w) for w in words if w not in ("...",)]
        if "exits" in words:
            words = words[: words.index("exits")]
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err):
                parse(words)
        except SystemExit as stop:
            named = len(words) == 1 and "arguments are required" in err.getvalue()  # a command named, not run
            if stop.code and not named:
                problems.append(f"command {command!r} does not parse: {err.getvalue().strip()}")
    return problems


def _counts(schema: Schema, reference: str, diagram: str, quick: str, sql: str) -> list[str]:
    problems = []
    tables, columns = len(schema.tables), schema.column_count
    indexes = sum(len(t.all_indexes) for t in schema.tables)
    fks = sum(1 for r in erd.relationships(schema) if not r.logical)
    json_columns = sum(len(t.json_columns) for t in schema.tables)
    glance = re.search(r"\*\*At a glance:\*\* (.*)\.", reference)
    expected = {"table": tables, "column": columns, "foreign key": fks, "index": indexes}
    expected |= {"JSON column": json_columns, "view": len(schema.views), "trigger": len(schema.triggers)}
    expected |= {"virtual table": len(schema.virtual_tables)}
    if glance is None:
        problems.append("no 'At a glance' line")
    else:
        for number, words in re.findall(r"(\d+) ([^,]+)", glance.group(1)):
            noun = "index" if words.strip() in ("index", "indexes") else words.strip().removesuffix("s")
            if noun in expected and int(number) != expected[noun]:
                problems.append(f"At a glance: {number} {noun}, the spec has {expected[noun]}")
    head = diagram.split("\n\n", 2)[1]
    for number, noun in re.findall(r"(\d+) (tables?|columns?|foreign keys?|views?|indexes|index)\b", head):
        want = {"table": tables, "column": columns, "foreign key": fks, "view": len(schema.views)}
        key = noun.rstrip("s") if noun not in ("indexes", "index") else "index"
        want["index"] = indexes
        if key in want and int(number) != want[key]:
            problems.append(f"diagram page: {number} {noun}, the spec has {want[key]}")
    stats = rows(section(diagram, "Statistics"))
    if stats:
        total = stats[-1]
        if f"**{columns}**" not in total or f"**{indexes}**" not in total[-1]:
            problems.append(f"Statistics total {total} != {columns} columns, {indexes} indexes")
    every = re.search(r"Every index in the schema \((\d+)\)", diagram)
    if every and int(every.group(1)) != indexes:
        problems.append(f"Indexing strategy: {every.group(1)} indexes, the spec has {indexes}")
    if sql:
        found = re.search(r"^-- (\d+) tables?, (\d+) index(?:es)?", sql, re.M)
        if found is None or (int(found.group(1)), int(found.group(2))) != (tables, indexes):
            problems.append(f"schema.sql header counts {found and found.groups()} != {tables}, {indexes}")
        conn = sqlite3.connect(":memory:")
        with contextlib.suppress(sqlite3.OperationalError):  # an FTS5 or vector module may be absent here
            conn.executescript(sql)
            made = conn.execute("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
            if made.fetchone()[0] != indexes:
                problems.append("schema.sql creates another number of indexes than the pages say")
        conn.close()
    keys = rows(section(quick, "Primary keys"))
    want_keys = sum(max(1, len(t.primary_key)) for t in schema.tables)
    if keys and len(keys) != want_keys:
        problems.append(f"Primary keys lists {len(keys)} rows, the spec has {want_keys} key columns")
    return problems


def _keys(schema: Schema, quick: str) -> list[str]:
    problems = []
    for cells in rows(section(quick, "Primary keys")):
        table_name, column, without = cells[0].strip("`"), cells[1].strip("`"), cells[-1].replace("\\|", "|")
        table = schema.table(table_name)
        key = "" if column.startswith("none") else column
        if without not in OUTCOMES:
            problems.append(f"Primary keys: {table_name}.{key}: unknown outcome {without!r}")
            continue
        if table.random_rowid or not insertable(table, key):
            continue
        actual = insert_without(table, key)
        if OUTCOMES[without] != actual:
            problems.append(f"Primary keys: {table_name}.{key}: page says {without!r}, SQLite: {actual}")
    return problems
