"""A database under test for the data commands: a SQLite file, a Turso-engine file or the real sqld, seen
through one interface.

`Target.sql` reads back through a path independent of the code under test (stdlib sqlite3 for a file, of
either engine, the helper's own Hrana client for sqld), so a test checks what was really written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.db import Database, connect
from generator.model import Schema
from generator.sqlite.ddl import schema_statements
from helpers.sqld import SqldServer


@dataclass
class Target:
    """Where rows go: `url` and `token` for the CLI and `connect`, `sql` to look at the result."""

    kind: str
    url: str
    token: str | None = None
    server: SqldServer | None = None

    @property
    def args(self) -> list[str]:
        """The CLI options naming this database."""
        return ["--url", self.url] + (["--token", self.token] if self.token else [])

    def connect(self) -> Database:
        return connect(self.url, self.token)

    def create(self, schema: Schema, *extra: str) -> Target:
        """Create the spec's tables (and any extra statements: triggers, indexes the spec does not know)."""
        with connect(self.url, self.token, create=True) as db:
            db.apply([*schema_statements(schema), *extra])
        return self

    def execute(self, *statements: str) -> None:
        """Run statements as they are (a legacy database may hold anything)."""
        if self.server is not None:
            self.server.run(list(statements))
            return
        with sqlite3.connect(self.path) as conn:
            for sql in statements:
                conn.execute(sql)

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        """Rows of one query (sqld sends integers as text: compare through CAST or typeof when it matters)."""
        if self.server is not None:
            (rows,) = self.server.run([query])
            return rows
        with sqlite3.connect(self.path) as conn:
            return [tuple(row) for row in conn.execute(query).fetchall()]

    @property
    def path(self) -> str:
        """The database file (of a file or turso target)."""
        return self.url.split(":", 1)[1]

    def count(self, table: str) -> int:
        return int(self.sql(f'SELECT count(*) FROM "{table}"')[0][0])


def file_target(directory: Path) -> Target:
    """A fresh, empty SQLite file."""
    return Target("file", f"file:{directory / 'app.db'}")


def turso_target(directory: Path) -> Target:
    """A fresh, empty file of the Turso engine (pyturso)."""
    return Target("turso", f"turso:{directory / 'app.db'}")


def sqld_target(server: SqldServer) -> Target:
    """The (already reset) sqld."""
    return Target("sqld", server.url, server.tokens.rw, server)


def typed_rows(target: Target, table: str, columns: Sequence[str], order: str) -> list[tuple[Any, ...]]:
    """Every row as (typeof(c), c as text or hex) pairs, so two databases compare value AND storage type."""
    parts = []
    for c in columns:
        q = f'"{c}"'
        parts += [f"typeof({q})", f"CASE typeof({q}) WHEN 'blob' THEN hex({q}) ELSE CAST({q} AS TEXT) END"]
    return target.sql(f'SELECT {", ".join(parts)} FROM "{table}" ORDER BY {order}')
