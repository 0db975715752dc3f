"""What SQLite really reads when a parent row is deleted: the referee for the pages' index claims.

The pages decide "served by" from `EXPLAIN QUERY PLAN` of a query written to compare as fkey.c does
(generator/emit/docs/lookups.py). This referee asks SQLite's own foreign-key code instead: it builds the
parent and the child (that one foreign key kept, its actions dropped so the scan is in the main program),
with `PRAGMA foreign_keys = ON` compiles `DELETE FROM parent WHERE ...` and reads the bytecode: the b-tree
whose read cursor is positioned by a seek is what serves the lookup; a cursor that is rewound scans.
"""

from __future__ import annotations

import sqlite3

from msgspec.structs import replace

from generator.model import FkAction, Schema, Table, fold
from generator.sqlite import ddl
from generator.sqlite.libsql import add_stand_ins, for_sqlite

SEEKS = frozenset(
    {"SeekGE", "SeekGT", "SeekLE", "SeekLT", "SeekRowid", "NotExists", "Found", "NotFound", "NoConflict"}
)
SCANS = frozenset({"Rewind", "Last"})


def sought(schema: Schema, child: str, columns: tuple[str, ...]) -> str:
    """The name of the b-tree SQLite seeks for the child lookup of the foreign key on `columns` of `child`
    (the table's own name for its rowid or a WITHOUT ROWID primary key), or '' when it scans."""
    table = schema.table(child)
    fk = next(f for f in table.foreign_keys if tuple(fold(c) for c in f.columns) == tuple(map(fold, columns)))
    parent = replace(for_sqlite(schema.table(fk.table)), foreign_keys=())
    kept = replace(
        for_sqlite(table),
        foreign_keys=(replace(fk, on_delete=FkAction.NO_ACTION, on_update=FkAction.NO_ACTION),),
    )
    if fold(parent.name) == fold(child):
        # A copy under another name, so the DELETE's own checks of the row as a child do not mix in.
        name = f"{table.name}_child_copy"
        kept = replace(kept, name=name, indexes=tuple(replace(ix, table=name, name=f"{ix.name}_copy")
                                                      for ix in kept.indexes))  # fmt: skip
    conn = sqlite3.connect(":memory:")
    add_stand_ins(conn)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _create(conn, parent)
        _create(conn, kept)
        roots = {int(r): str(n) for r, n in conn.execute("SELECT rootpage, name FROM sqlite_schema")}
        child_roots = {
            int(r)
            for (r,) in conn.execute("SELECT rootpage FROM sqlite_schema WHERE tbl_name = ?", (kept.name,))
        }
        where = _parent_row(parent)
        program = conn.execute(f"EXPLAIN DELETE FROM {ddl.quote_identifier(parent.name)} WHERE {where}",
                               [None] * where.count("?")).fetchall()  # fmt: skip
    finally:
        conn.close()
    cursors = {
        int(r[2]): roots[int(r[3])] for r in program if r[1] == "OpenRead" and int(r[3]) in child_roots
    }
    found = {cursors[int(r[2])] for r in program if r[1] in SEEKS and int(r[2]) in cursors}
    scanned = {cursors[int(r[2])] for r in program if r[1] in SCANS and int(r[2]) in cursors}
    assert len(found) <= 1 and not (found and scanned), (child, columns, program)
    assert found or scanned, f"no lookup of {child}{columns} in the DELETE program"
    tree = found.pop() if found else ""
    return tree.removesuffix("_copy") if tree.endswith("_copy") else tree.replace("_child_copy", "")


def _create(conn: sqlite3.Connection, table: Table) -> None:
    conn.execute(ddl.create_table_sql(table))
    for index in table.all_indexes:
        conn.execute(ddl.create_index_sql(index))


def _parent_row(parent: Table) -> str:
    if not parent.without_rowid:
        return "rowid = ?"
    return " AND ".join(f"{ddl.quote_identifier(n)} = ?" for n in parent.pk.names) if parent.pk else "1"
