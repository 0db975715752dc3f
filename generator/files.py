"""A file written whole or not at all: a temporary file beside it, renamed over it (POSIX rename is atomic).

generate's outputs, `init`'s spec and configuration and `inspect`'s spec are all written this way, so an
error or a kill leaves the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from generator.errors import SchemagenError


def write_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8, `\\n` line ends) to `path`, creating its folder; one-line error naming it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a file stands where a folder would be made
        raise SchemagenError(f"{path}: cannot write: {exc.filename} is a file, not a folder") from None
    except OSError as exc:
        raise SchemagenError(f"{exc.filename or path}: cannot write: {exc.strerror}") from None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SchemagenError(f"{exc.filename or path}: cannot write: {exc.strerror}") from None


@contextlib.contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Inside, SIGTERM raises SystemExit(143) in the main thread, so `finally` blocks remove temporary files
    (the default action would end the process on the spot, leaving them behind)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
