"""Quoted messages: every message a page quotes is one the CLI prints, shown by making the CLI print it.

The pages quote messages from generator/messages.py, where the printing code formats them too. Here each
quoted symptom of the Troubleshooting table is (1) one of those messages, and (2) matched against what the
real CLI prints in the situation: a destructive push, rows that break a new CHECK, a `ws://` URL, a stale
output folder, a server that never answers or cannot be reached, and on a real sqld a read-only token and a
forged one. The corpus (goldens, Code Reels, random specs) is checked by tests/test_docs_claims.py.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.sqld import SqldServer

from generator import messages

BEFORE = """\
version: 1
name: notes
tables:
  notes:
    columns:
      id: {type: integer, primary_key: true}
      state: {type: text}
  tags:
    columns:
      id: {type: integer, primary_key: true}
"""
AFTER = """\
version: 1
name: notes
tables:
  notes:
    columns:
      id: {type: integer, primary_key: true}
      state: {type: text, enum: {values: [draft, done]}}
"""


def _code_spans(cell: str) -> list[str]:
    return [m.group(2) for m in re.finditer(r"(`+)(.+?)\1", cell)]


def troubleshooting_quotes(page: str) -> list[str]:
    """The code spans of the Symptom cells of a page's Troubleshooting table that are not commands."""
    if "\n## Troubleshooting\n" not in page:
        return []
    section = page.split("\n## Troubleshooting\n", 1)[1].split("\n## ", 1)[0]
    rows = [x for x in section.splitlines() if x.startswith("| ") and not x.startswith("| Symptom")]
    out = []
    for row in rows:
        spans = [s.strip() for s in _code_spans(row.split(" | ")[0][2:])]
        if spans and spans[0].startswith("schemagen "):
            continue  # a command and what it does (its exit code, where it points): see test_docs_claims.py
        out += [s for s in spans if not s.startswith(("local.db", "TURSO_"))]
    return out


def _render(tmp_path: Path, spec: str) -> dict[str, str]:
    (tmp_path / "spec").mkdir(exist_ok=True)
    (tmp_path / "spec" / "schema.yaml").write_text(spec)
    assert cli("generate", "--output", "pages", cwd=tmp_path).exit_code == 0
    return {p.name: p.read_text() for p in (tmp_path / "generated").glob("*.md")}


def _is_a_message(quote: str) -> bool:
    return any(messages.pattern(messages.quote(m)).fullmatch(quote) for m in messages.QUOTED)


def test_every_quoted_message_is_one_the_code_formats(tmp_path: Path) -> None:
    pages = _render(tmp_path, BEFORE)
    quotes = {q for page in pages.values() for q in troubleshooting_quotes(page)}
    assert len(quotes) >= 8, quotes
    for quote in quotes:
        assert _is_a_message(quote), quote
    assert "every problem is listed at once" not in "".join(pages.values())
    assert not _is_a_message("refused: destructive changes need --allow-destructive")  # the old false quote


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()


def _printed(tmp_path: Path, silent_port: int) -> str:
    """What the CLI prints on stderr in every situation the Troubleshooting table names (but tokens)."""
    out: list[str] = []
    _render(tmp_path, BEFORE)
    db = f"file:{tmp_path / 'notes.db'}"
    assert cli("push", "--url", db, cwd=tmp_path).exit_code == 0
    with sqlite3.connect(tmp_path / "notes.db") as conn:
        conn.executemany("INSERT INTO notes (id, state) VALUES (?, ?)", [(1, "x"), (2, "y")])
    (tmp_path / "spec" / "schema.yaml").write_text(AFTER)
    refused = cli("push", "--url", db, cwd=tmp_path)
    assert refused.exit_code == 1, refused.output
    out.append(refused.output)
    (tmp_path / "spec" / "schema.yaml").write_text(BEFORE)
    (tmp_path / "generated" / "SCHEMA.md").write_text("stale\n")
    stale = cli("generate", "--check", "--output", "pages", cwd=tmp_path)
    assert stale.exit_code == 1
    out.append(stale.stderr)
    ws = cli("plan", "--url", "ws://127.0.0.1:9", cwd=tmp_path)
    assert ws.exit_code == 2
    out.append(ws.stderr)
    silent = cli("plan", "--url", f"http://127.0.0.1:{silent_port}", "--timeout", "1", cwd=tmp_path)
    assert silent.exit_code == 2
    out.append(silent.stderr)
    # The listen queue full: a new connection is never accepted, so connecting times out.
    queued = []
    for _ in range(3):
        c = socket.socket()
        c.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            c.connect(("127.0.0.1", silent_port))
        queued.append(c)
    try:
        unreachable = cli("plan", "--url", f"http://127.0.0.1:{silent_port}", "--timeout", "1", cwd=tmp_path)
    finally:
        for c in queued:
            c.close()
    assert unreachable.exit_code == 2
    out.append(unreachable.stderr)
    return "\n".join(out)


def test_quoted_messages_are_what_the_cli_prints(tmp_path: Path, silent_port: int, sqld: SqldServer) -> None:
    printed = _printed(tmp_path, silent_port)
    shutil.rmtree(tmp_path / "generated")
    pages = _render(tmp_path, BEFORE)
    read_only = cli("push", "--url", sqld.url, "--token", sqld.tokens.ro, cwd=tmp_path)
    forged = cli("plan", "--url", sqld.url, "--token", sqld.tokens.forged, cwd=tmp_path)
    assert read_only.exit_code == forged.exit_code == 2
    printed += "\n" + read_only.stderr + "\n" + forged.stderr
    quotes = {q for page in pages.values() for q in troubleshooting_quotes(page)}
    missing = [q for q in sorted(quotes) if not messages.pattern(q).search(printed)]
    assert not missing, f"quoted but never printed: {missing}\n--- printed:\n{printed}"
