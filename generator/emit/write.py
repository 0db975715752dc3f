"""Write generated files atomically (or diff them for --check); nothing half-written on any error."""

from __future__ import annotations

from pathlib import Path

from generator.emit.render import Options, generated_globs
from generator.errors import SchemagenError
from generator.files import write_atomically


def existing_files(out_dir: Path, options: Options | None = None) -> dict[str, str]:
    """The files of the output folder that the registry owns, as they are on disk now."""
    found: dict[str, str] = {}
    try:
        for pattern in generated_globs(options):
            for path in sorted(out_dir.glob(pattern)):
                if path.is_file():
                    found[path.relative_to(out_dir).as_posix()] = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        where = getattr(exc, "filename", None) or out_dir
        raise SchemagenError(f"{where}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    return found


def diff_files(out_dir: Path, files: dict[str, str], options: Options | None = None) -> str:
    """A unified diff from what is on disk to what would be written ('' when up to date)."""
    import difflib  # only --check needs it: not imported on every start

    current = existing_files(out_dir, options)
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


def write_files(out_dir: Path, files: dict[str, str], options: Options | None = None) -> list[str]:
    """Write changed files atomically (temp file + rename) and remove stale ones; returns changed paths."""
    current = existing_files(out_dir, options) if out_dir.exists() else {}
    changed: list[str] = []
    try:
        for name, content in files.items():
            if current.get(name) == content:
                continue
            write_atomically(out_dir / name, content)
            changed.append(name)
        for name in sorted(set(current) - set(files)):
            (out_dir / name).unlink()
            changed.append(name)
    except OSError as exc:
        raise SchemagenError(f"{exc.filename or out_dir}: cannot write: {exc.strerror}") from None
    return changed
