"""The spec's text and the places in it: reading the file (bounded, UTF-8, one line naming the place on
error) and how a place is written (`tables.users.columns[0]`). No YAML here: a command whose spec is kept
(generator/spec/kept.py) reads the text and never loads the YAML reader."""

from __future__ import annotations

from pathlib import Path

from generator.errors import SpecError

Path_ = tuple[str | int, ...]
Mark = tuple[int, int]

# Limits on what a few bytes may cost: each is one line naming the place, before the expensive work.
MAX_BYTES = 16 * 1024 * 1024  # a spec file (Code Reels' is 80 KB)


def format_path(path: Path_) -> str:
    """`('tables', 'users', 'columns', 0)` -> `tables.users.columns[0]`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(path: Path, display: str) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SpecError(
                [f"{display}: {path.stat().st_size:,} bytes: a spec may have at most {MAX_BYTES:,}"]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SpecError([f"{display}: no such file"]) from None
    except IsADirectoryError:
        raise SpecError([f"{display}: is a directory, not a spec file"]) from None
    except OSError as exc:
        raise SpecError([f"{display}: cannot read: {exc.strerror}"]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SpecError(
            [f"{display}:{line}:{col}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"]
        ) from None
