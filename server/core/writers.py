"""One writer at a time per SQLite database, and few pushes at once, inside this process.

SQLite lets one transaction write at a time. Left to itself, a second writer
waits in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and
polls; with twenty kiosks pushing at once most of the time went to those sleeps.
Queuing the hub's own writers on a lock hands the database over the moment it is
free. The wait is bounded like SQLite's own (busy_timeout): past it the request
is answered 503 with Retry-After, as before. Other processes on the same file
(several workers) still meet busy_timeout; PostgreSQL needs no lock and gets none.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Engine

from server.core.db import BUSY_TIMEOUT_MS
from server.errors import RetryLater

# As long as SQLite's own busy_timeout: the same promise either way.
WRITE_WAIT_S = BUSY_TIMEOUT_MS / 1000

_LOCKS: dict[str, threading.Lock] = {}
_GUARD = threading.Lock()


def _lock_for(engine: Engine) -> threading.Lock:
    # Keyed by the database, not the Engine object: engines derived with
    # execution_options() or made twice for one file share the file's lock.
    key = engine.url.render_as_string(hide_password=True)
    with _GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = _LOCKS[key] = threading.Lock()
    return lock


@contextmanager
def _held(
    lock: threading.Lock | threading.BoundedSemaphore, timeout_s: float | None, busy: str
) -> Iterator[None]:
    """`lock` held for the block, waited for at most `timeout_s` (WRITE_WAIT_S by default)."""
    if not lock.acquire(timeout=WRITE_WAIT_S if timeout_s is None else timeout_s):
        raise RetryLater(busy)
    try:
        yield
    finally:
        lock.release()


@contextmanager
def write_lock(engine: Engine, *, timeout_s: float | None = None) -> Iterator[None]:
    """Held around a write transaction on `engine`; RetryLater when the wait is too long."""
    if engine.dialect.name != "sqlite":
        yield
        return
    with _held(_lock_for(engine), timeout_s, "the database is busy; retry later"):
        yield


# Pushes handled at once by one process. Parsing and checking a push is CPU work
# under the GIL: with twenty in flight, the one holding the write lock got a
# twentieth of the CPU and the queue behind it grew past any sane wait. Two keep
# one parsing while the other waits on the disk; the rest wait their turn asleep.
PUSH_SLOTS = 2
_SLOTS = threading.BoundedSemaphore(PUSH_SLOTS)


def push_slot(*, timeout_s: float | None = None) -> AbstractContextManager[None]:
    """Held around the whole handling of one push; RetryLater when the queue is too long."""
    return _held(_SLOTS, timeout_s, "the hub is busy with other pushes; retry later")
