"""A pseudo-terminal's output, read to the end (the command under test wrote to its other side)."""

from __future__ import annotations

import os


def drain(leader: int) -> bytes:
    """Everything written to the terminal whose leader side is `leader`; closes it."""
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side is closed: Linux says EIO
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return shown
