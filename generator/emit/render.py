"""Render every generated file in memory from the model, then write them (or diff them for --check)."""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from pathlib import Path

import jinja2

from generator.data.rowschema import row_schema
from generator.emit import docs
from generator.errors import SchemagenError
from generator.model import Schema
from generator.sqlite import ddl

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# output file -> template; each template sees `schema` and `view` (precomputed in generator.docs).
PAGES: dict[str, str] = {
    "schema.sql": "schema.sql.j2",
    "TURSO_SCHEMA_DIAGRAM.md": "diagram.md.j2",
    "TURSO_DATABASE_SCHEMA.md": "reference.md.j2",
    "TURSO_QUICK_REFERENCE.md": "quick_reference.md.j2",
}
GENERATED_GLOBS = ("*.sql", "*.md", "validators/*.schema.json")


def make_env() -> jinja2.Environment:
    """The one Jinja environment, for production and tests alike."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["qi"] = ddl.quote_identifier
    env.filters["md"] = docs.md_cell
    env.filters["code"] = docs.md_code
    env.filters["json_pretty"] = docs.json_pretty
    return env


def _tidy(text: str) -> str:
    """`\\n` endings, no trailing spaces, exactly one trailing newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def render_all(schema: Schema) -> dict[str, str]:
    """Every generated file, path relative to the output dir -> content."""
    env = make_env()
    view = docs.build_view(schema)
    out: dict[str, str] = {}
    for path, template in PAGES.items():
        out[path] = _tidy(env.get_template(template).render(schema=schema, view=view))
    for table in schema.tables:
        out[f"validators/{table.name}.schema.json"] = (
            json.dumps(row_schema(table, schema.name), indent=2, ensure_ascii=False) + "\n"
        )
    return dict(sorted(out.items()))


def existing_files(out_dir: Path) -> dict[str, str]:
    """The generated files now on disk (same globs as render_all produces)."""
    found: dict[str, str] = {}
    for pattern in GENERATED_GLOBS:
        for path in sorted(out_dir.glob(pattern)):
            found[path.relative_to(out_dir).as_posix()] = path.read_text(encoding="utf-8")
    return found


def diff_files(out_dir: Path, files: dict[str, str]) -> str:
    """A unified diff from what is on disk to what would be written ('' when up to date)."""
    current = existing_files(out_dir)
    chunks: list[str] = []
    for name in sorted(set(current) | set(files)):
        old, new = current.get(name), files.get(name)
        if old == new:
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"a/{out_dir.as_posix()}/{name}" if old is not None else "/dev/null",
                tofile=f"b/{out_dir.as_posix()}/{name}" if new is not None else "/dev/null",
            )
        )
    return "".join(chunks)


def write_files(out_dir: Path, files: dict[str, str]) -> list[str]:
    """Write changed files atomically (temp file + rename) and remove stale ones; returns changed paths."""
    current = existing_files(out_dir) if out_dir.exists() else {}
    changed: list[str] = []
    try:
        for name, content in files.items():
            if current.get(name) == content:
                continue
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(target, content)
            changed.append(name)
        for name in sorted(set(current) - set(files)):
            (out_dir / name).unlink()
            changed.append(name)
    except OSError as exc:
        raise SchemagenError(f"{exc.filename or out_dir}: cannot write: {exc.strerror}") from None
    return changed


def _atomic_write(target: Path, content: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
