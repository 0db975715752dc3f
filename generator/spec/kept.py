"""Checked specs kept in the user's cache, so that a spec loaded before is not parsed and checked again.

Loading a spec (YAML with marks, its JSON Schema, the semantic rules, its SQL run in an in-memory SQLite,
the model built) costs a command about 25 ms plus 15 ms of imports (PyYAML and the checks), paid before it
does anything; a fleet check pays it while the server waits. The result is a pure function of the spec's
text and the name it is shown by, the options of the load, and the code and libraries that read it: this
package's files, PyYAML, msgspec, jsonschema, the Python and SQLite versions. So the model and the warnings
of a spec that loaded without errors are kept, one file per spec, named by the SHA-256 of all of those
(`$XDG_CACHE_HOME/schemagen/specs/`, else `~/.cache/schemagen/specs/`, beside the templates' bytecode and the
SQL readings). A spec with errors is never kept: its problems are always worked out, with their places.

The code and the libraries enter the name by where they are and each file's size and time (an edit, a
reinstall or an upgrade changes them); the text by its bytes. An entry is used only when its file is this
user's own and not writable by others, and when what it holds has the right types; anything else (a
missing, unreadable, foreign or damaged file, a cache that cannot be written) is ignored and the spec
loaded as if there were no cache. So the cache can make a run faster, never its output different
(tests/test_kept.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from generator.files import cache_home, library_state, package_state, read_kept, write_kept
from generator.model import Schema

MAX_BYTES = 64 << 20  # a larger file is not read (the reference spec's entry is 60 KB)
KEEP = 32  # specs kept; the least recently written go first
# What the load reads besides this package: the libraries whose code decides what a spec means.
LIBRARIES = ("yaml", "msgspec", "jsonschema")


def kept_spec(key: str) -> tuple[Schema, list[str]] | None:
    """The model and the warnings kept under `key` (see `spec_key`), or None."""
    raw = read_kept(_folder() / f"{key}.pickle", MAX_BYTES)
    if raw is None:
        return None
    try:
        value = pickle.loads(raw)  # noqa: S301: a file of this user's own cache, checked above
    except Exception:  # a damaged file: any error pickle can raise
        return None
    if not (isinstance(value, tuple) and len(value) == 2):
        return None
    schema, warnings = value
    if not isinstance(schema, Schema) or not isinstance(warnings, list):
        return None
    if not all(isinstance(w, str) for w in warnings):
        return None
    return schema, warnings


def keep_spec(key: str, schema: Schema, warnings: Sequence[str]) -> None:
    """Keep a spec that loaded without errors (silently nothing when the cache cannot be written)."""
    folder = _folder()
    try:
        data = pickle.dumps((schema, list(warnings)), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, RecursionError):
        return
    write_kept(folder / f"{key}.pickle", data)
    with contextlib.suppress(OSError):
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)


def spec_key(text: str, display: str, options: tuple[object, ...]) -> str | None:
    """The name of a spec's entry: what decides the load's result, hashed; None when the code's own files
    cannot be found (nothing is kept then)."""
    code = _code_state()
    if code is None:
        return None
    digest = hashlib.sha256()
    for part in (code, display, repr(options)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _folder() -> Path:
    return cache_home() / "specs"


@cache
def _code_state() -> str | None:
    """Python's and SQLite's versions, and where this package and the libraries are, with every file's size
    and time: once per process."""
    import sqlite3

    package = Path(__file__).resolve().parent.parent  # generator/
    state = [sys.version, sqlite3.sqlite_version, str(getattr(sqlite3, "__file__", ""))]
    try:
        state += package_state(package)
        for name in LIBRARIES:
            state += library_state(name) or [f"{name}: none"]
    except (OSError, ImportError, ValueError):
        return None
    return "\n".join(state)
