"""`schemagen inspect`: a live database -> a spec that describes it exactly, plus what its data suggests.

The schema comes from introspection (generator.sqlite.introspect: PRAGMAs first), written by the spec
writer (generator.spec.dump); loading the spec gives back the live schema, so pushing it to an empty
database creates the same one and planning it against the source is a no-op. Profiling (generator.inspect
.profile, .propose) reads at most `rows` rows per table and adds proposals marked `# inferred ...`: JSON
columns and their shapes, open enums, booleans, timestamp formats; never a CHECK.

Read-only: no write probe, nothing written; a database file that does not exist is an error, never created.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from generator.db import Database, open_resolved, resolve_target
from generator.errors import EmptyDatabase, SchemagenError, SpecError
from generator.files import write_atomically
from generator.inspect.appdefined import declare_app_defined, uses_app_collation
from generator.inspect.live import database_name, spec_model
from generator.inspect.profile import DEFAULT_ROWS, Progress, TableProfile, profile_database
from generator.inspect.propose import Comment, propose
from generator.model import Schema
from generator.spec import load_spec
from generator.spec.dump import dump_spec
from generator.sqlite.introspect import introspect
from generator.words import plural

SPEC_DISPLAY = "spec"  # how problems of the written spec name it (`spec:26:15: ...`)


class Inspection(Struct, frozen=True):
    """What inspect found: the live schema, the spec model (with proposals), profiles and comments."""

    url: str
    live: Schema
    schema: Schema
    profiles: tuple[TableProfile, ...] = ()
    comments: tuple[Comment, ...] = ()
    rows: int | None = None  # the row limit per table when profiled, else None
    problems: tuple[str, ...] = ()  # what the loader says of the written spec (nothing, normally)

    def to_yaml(self) -> str:
        """The spec as YAML text: the same bytes for the same database and options."""
        header = [f"The schema of {self.url}, read by `schemagen inspect`."]
        if self.rows is not None:
            limit = f"at most {self.rows:,} rows per table"
            header.append(  # one comment, wrapped by the writer
                f"Comments marked `inferred` are proposals from the data ({limit}), not facts of the schema: "
                "keep, change or drop them; closing an enum is your decision."
            )
        return dump_spec(self.schema, comments=dict(self.comments), header=header)

    @property
    def summary(self) -> str:
        """One line: what was read."""
        s = self.schema
        parts = [plural(len(s.tables), "table"), plural(s.column_count, "column")]
        parts += [plural(len(s.views), "view"), plural(len(s.triggers), "trigger")]
        parts.append(plural(len(s.virtual_tables), "virtual table"))
        if self.rows is not None:
            parts.append(f"{plural(sum(p.rows for p in self.profiles), 'row')} profiled")
        return f"{self.url}: " + ", ".join(parts)


def inspect_database(
    db: Database,
    *,
    profile: bool = True,
    rows: int = DEFAULT_ROWS,
    progress: Progress | None = None,
    name: str = "",
) -> Inspection:
    """Read `db`'s schema (one request) and, with `profile`, at most `rows` rows of each table."""
    if rows < 1:
        raise SchemagenError(f"--rows must be at least 1 (got {rows})")
    live = declare_app_defined(introspect(db))
    if not live.tables:
        held = [(len(live.views), "view"), (len(live.triggers), "trigger")]
        held.append((len(live.virtual_tables), "virtual table"))
        raise EmptyDatabase(db.url, ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for n, kind in held if n))
    schema = spec_model(live, name or database_name(db.url))
    if not profile:
        return _checked(Inspection(db.url, live, schema))
    skipped = () if db.add_stand_ins(live) else uses_app_collation(live)
    profiles = profile_database(db, live, limit=rows, progress=progress, skip=skipped)
    proposed, comments = propose(schema, profiles)
    return _checked(Inspection(db.url, live, proposed, profiles, comments, rows))


def _checked(found: Inspection) -> Inspection:
    """The inspection with what loading its spec says: a database can hold what a spec refuses (a view of a
    dropped table, a trigger on UPDATE OF a column that does not exist, which SQLite takes unchecked)."""
    try:
        loaded = load_spec(SPEC_DISPLAY, text=found.to_yaml())
    except SpecError as err:  # its errors (warnings are not what stops it loading)
        errors = getattr(err, "errors", None)
        return replace(found, problems=tuple(map(str, errors)) if errors else tuple(err.problems))
    if loaded != found.schema:  # the writer's contract; a failure here is a bug in schemagen
        return replace(
            found, problems=(f"{SPEC_DISPLAY}: does not load back to the schema it was written from",)
        )
    return found


def inspect_target(
    url: str | None,
    token: str | None,
    *,
    profile: bool = True,
    rows: int = DEFAULT_ROWS,
    progress: Progress | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
) -> Inspection:
    """Inspect the database `--url`/`--token` (else the environment, .env, local.db) names; never creates
    one (a missing file is an error)."""
    if rows < 1:
        raise SchemagenError(f"--rows must be at least 1 (got {rows})")
    with open_resolved(resolve_target(url, token, cwd, timeout=timeout)) as db:
        return inspect_database(db, profile=profile, rows=rows, progress=progress)


def write_spec(path: Path, text: str) -> None:
    """Write the spec atomically (all of it or nothing), creating its folder."""
    write_atomically(path, text)


__all__ = ["DEFAULT_ROWS", "Inspection", "TableProfile", "inspect_database", "inspect_target", "write_spec"]
