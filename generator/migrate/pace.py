"""The online copy's pace (docs/online.md, "Pace"): its own module, so the CLI's help states the defaults
without importing the planner.

Each range is sized so that its transaction holds the write lock about CHUNK_SECONDS (measured on the range
before: the time per row depends on the row's width, the new table's indexes, the server and its load), and
the pause after it is PAUSE_SHARE of that range's time, so the app gets the lock for at least a fifth of the
copy's time and its longest wait is about one range.
"""

from __future__ import annotations

CHUNK_SECONDS = 0.05
PAUSE_SHARE = 0.25
FIRST_CHUNK_ROWS = 1_000  # the first range's size, before any range was measured
MIN_CHUNK_ROWS, MAX_CHUNK_ROWS = 100, 200_000
MIN_PAUSE = 0.01  # even after a range that took no time: the app's queued writes go first
