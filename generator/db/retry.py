"""Waiting for the write lock: a push or an import batch that finds another writer holding the database's
lock is retried, with exponential backoff and jitter, within a bound (`--lock-timeout`).

sqld answers a conflicting write at once with "database is locked" (it does not wait), so an app that
writes steadily makes a one-shot migration fail. Every attempt is still one request and one transaction:
a refused attempt changed nothing (the batch's BEGIN IMMEDIATE asks for the lock before any statement),
so trying again is safe.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import TypeVar

from msgspec import Struct

from generator.errors import DatabaseError

DEFAULT_LOCK_TIMEOUT = 5.0  # seconds; SCHEMAGEN_LOCK_TIMEOUT or --lock-timeout change it
FIRST_DELAY = 0.02  # seconds before the first retry; doubled each time, up to MAX_DELAY
MAX_DELAY = 0.5

_LOCKED = ("database is locked", "database table is locked", "sqlite_busy", "sqlite_locked")
T = TypeVar("T")


class LockedError(DatabaseError):
    """Another connection held the write lock: nothing was changed."""


def lock_timeout_setting(given: float | None) -> float:
    """--lock-timeout, else SCHEMAGEN_LOCK_TIMEOUT, else DEFAULT_LOCK_TIMEOUT (seconds; a bad value in the
    environment is an error naming it)."""
    if given is not None:
        return given
    raw = os.environ.get("SCHEMAGEN_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise DatabaseError(f"SCHEMAGEN_LOCK_TIMEOUT: expected seconds between 0 and 3600, got {raw!r}")
    return value


def is_locked(message: str) -> bool:
    """True when an error message says the database (or a table) was locked or busy."""
    text = message.lower()
    return any(word in text for word in _LOCKED)


class Waited(Struct, frozen=True):
    """How long an action waited for the lock, and how many attempts it took."""

    seconds: float = 0.0
    attempts: int = 1


def retry_locked(
    action: Callable[[], T],
    lock_timeout: float,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
    ours: Callable[[], int] | None = None,
) -> tuple[T, Waited]:
    """Run `action`; while it raises LockedError, wait (backoff with full jitter) and run it again, until
    `lock_timeout` seconds have passed. Then the last LockedError is raised, saying how long it waited.

    `ours` counts the commits of the caller's own other writers (an import's batches in flight): while it
    grows, the lock was held by us, not by another writer, and the wait starts again. Several batches of one
    import contend for the one write lock, and SQLite's lock is not fair: a batch can lose it to its
    siblings for longer than the timeout while the import is going well.
    """
    jitter = rng or random.Random()
    started = first = clock()
    delay = FIRST_DELAY
    attempts = 0
    seen = ours() if ours is not None else 0
    while True:
        attempts += 1
        try:
            result = action()
        except LockedError as err:
            now = ours() if ours is not None else seen
            if now != seen:
                seen, started, delay = now, clock(), FIRST_DELAY
            waited = clock() - started
            left = lock_timeout - waited
            if left <= 0:
                raise LockedError(
                    f"{err} (another writer held the lock: gave up after {attempts} attempt"
                    f"{'' if attempts == 1 else 's'} in {waited:.1f} s; --lock-timeout sets how long to wait)"
                ) from None
            sleep(min(left, delay * (0.5 + jitter.random() / 2)))
            delay = min(delay * 2, MAX_DELAY)
            continue
        return result, Waited(clock() - first, attempts)
