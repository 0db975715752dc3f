"""Files schemagen writes: whole or not at all, with the mode a user expects, named safely, in their folder.

A file is written into a temporary file beside it and renamed over it (POSIX rename is atomic): generate's
outputs, `init`'s spec and configuration and `inspect`'s spec are all written this way, so an error or a
kill leaves the old file or the new one, never half of either. The new file keeps the mode of the file it
replaces; a file that did not exist gets what the umask gives (0644 under the usual 022), as `open` would.

`safe_file_name` is the ONE way a name from a spec or a database becomes a file name.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from generator.errors import SchemagenError

_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.")
# Windows refuses these names whatever follows the first dot (CON.schema.json is the console).
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{d}{n}" for d in ("COM", "LPT") for n in [*"123456789", "\u00b9", "\u00b2", "\u00b3"]]
)
MAX_NAME_BYTES = 255  # a file name's limit on every common file system (ext4, APFS, NTFS counts UTF-16)
_umask_lock = threading.Lock()


def safe_file_name(name: str, suffix: str = "") -> str:
    """`name` + `suffix` as a file name safe on every platform, one to one and readable where it can be.

    Letters, digits, `_`, `-` and `.` are kept; any other character (a separator, a space, `:`, a control
    or non-ASCII character) is percent-encoded as its UTF-8 bytes (`a/b` -> `a%2Fb`), and so is `%` itself,
    so two names never meet. A leading or trailing dot and the first letter of a reserved Windows name
    (CON, NUL, COM1 ...) are encoded too: no hidden file, no `..`, no device. A name longer than the limit
    is cut and ends in a hash of the whole name. Case is kept: `names_collide` finds the names that a
    case-insensitive file system would take for one.
    """
    encoded = "".join(c if c in _SAFE else "".join(f"%{b:02X}" for b in c.encode()) for c in name)
    if not encoded:
        encoded = "%"  # a lone % is no other name's encoding (a % in a name is %25)
    if encoded.startswith("."):
        encoded = "%2E" + encoded[1:]
    if encoded.endswith("."):
        encoded = encoded[:-1] + "%2E"
    if encoded.split(".", 1)[0].upper() in _RESERVED:
        encoded = f"%{ord(encoded[0]):02X}" + encoded[1:]
    if len((encoded + suffix).encode()) > MAX_NAME_BYTES:
        import hashlib

        tag = "~" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        keep = MAX_NAME_BYTES - len(suffix.encode()) - len(tag)
        cut = encoded[:keep]
        if "%" in cut[-2:]:  # never cut an escape in half
            cut = cut[: cut.rindex("%")]
        encoded = cut + tag
    return encoded + suffix


def names_collide(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of file names that a case-insensitive file system (macOS, Windows) would take for one file."""
    seen: dict[str, str] = {}
    clashes: list[tuple[str, str]] = []
    for name in names:
        folded = name.casefold()
        if folded in seen and seen[folded] != name:
            clashes.append((seen[folded], name))
        seen.setdefault(folded, name)
    return clashes


def inside(folder: Path, name: str) -> Path:
    """`folder/name`, refused (SchemagenError) if it could lead anywhere else: an absolute name, a `..`, or
    a symbolic link on the way (a linked subfolder or file would be written through, outside the folder)."""
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or any(p in ("..", ".", "") for p in parts) or "\\" in name:
        raise SchemagenError(f"{folder}: refusing to write '{name}': not a plain path inside the folder")
    path = folder
    for part in parts:
        path = path / part
        if path.is_symlink():
            raise SchemagenError(
                f"{path}: is a symbolic link: refusing to write through it (remove the link)"
            )
    return path


def cache_home() -> Path:
    """schemagen's folder in the user's cache: `$XDG_CACHE_HOME/schemagen`, else `~/.cache/schemagen` (what a
    run keeps only to be faster: the templates' bytecode, generator/emit/templates.py; SQL readings,
    generator/sqlite/readings.py; checked specs, generator/spec/kept.py)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "schemagen"


def package_state(folder: Path, *, top_only: bool = False) -> list[str]:
    """`path size mtime` of every file of a package (its own folder alone with `top_only`): what a cache
    entry made by that code depends on (an edit, a reinstall or an upgrade changes it). OSError if the
    folder cannot be read."""
    out = []
    walk = [(str(folder), [], os.listdir(folder))] if top_only else os.walk(folder)
    for root, dirs, names in walk:
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".tmp")):
                continue
            info = os.stat(os.path.join(root, name))
            out.append(f"{root}/{name} {info.st_size} {info.st_mtime_ns}")
    return out


def library_state(name: str) -> list[str] | None:
    """`package_state` of an installed package's own folder, found without importing it; None when it is
    not installed as a package. OSError or ValueError if it cannot be read."""
    import importlib.util

    found = importlib.util.find_spec(name)
    if found is None or not found.submodule_search_locations:
        return None
    return package_state(Path(next(iter(found.submodule_search_locations))), top_only=True)


def read_kept(path: Path, max_bytes: int) -> bytes | None:
    """A file of the user cache, or None: missing, unreadable, not a regular file, larger than `max_bytes`,
    or not one this user wrote for itself (another owner, or writable by others: its contents are not to be
    trusted)."""
    try:
        # Not through a link; and a FIFO put there must not block the open (it is refused below).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
                return None
            if info.st_mode & 0o022 or info.st_uid != os.getuid():
                return None
            return handle.read(max_bytes + 1)
        except OSError:
            return None


def write_kept(path: Path, data: bytes) -> None:
    """Write a file of the user cache whole (a temporary file renamed over it), readable by this user only;
    a cache that cannot be written is no error (the next run works it out again)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)


def _umask() -> int:
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def file_mode(path: Path) -> int:
    """The mode a rewritten `path` gets: its own if it exists, else what the umask gives a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def write_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8, `\\n` line ends) to `path`, creating its folder; one-line error naming it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a file stands where a folder would be made
        raise SchemagenError(f"{path}: cannot write: {exc.filename} is a file, not a folder") from None
    except OSError as exc:
        raise SchemagenError(f"{exc.filename or path}: cannot write: {exc.strerror}") from None
    try:
        mode = file_mode(path)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                os.fchmod(handle.fileno(), mode)  # mkstemp made it 0600
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
    import signal

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
