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
from contextlib import contextmanager

from sqlalchemy import Engine

from server.errors import RetryLater

# As long as SQLite's busy_timeout (server/core/db.py): the same promise either way.
WRITE_WAIT_S = 5.0

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
def write_lock(engine: Engine, *, timeout_s: float | None = None) -> Iterator[None]:
    """Held around a write transaction on `engine`; RetryLater when the wait is too long."""
    if engine.dialect.name != "sqlite":
        yield
        return
    lock = _lock_for(engine)
    if not lock.acquire(timeout=WRITE_WAIT_S if timeout_s is None else timeout_s):
        raise RetryLater("the database is busy; retry later")
    try:
        yield
    finally:
        lock.release()


# Pushes handled at once by one process. Parsing and checking a push is CPU work
# under the GIL: with twenty in flight, the one holding the write lock got a
# twentieth of the CPU and the queue behind it grew past any sane wait. Two keep
# one parsing while the other waits on the disk; the rest wait their turn asleep.
PUSH_SLOTS = 2
_SLOTS = threading.BoundedSemaphore(PUSH_SLOTS)


@contextmanager
def push_slot(*, timeout_s: float | None = None) -> Iterator[None]:
    """Held around the whole handling of one push; RetryLater when the queue is too long."""
    if not _SLOTS.acquire(timeout=WRITE_WAIT_S if timeout_s is None else timeout_s):
        raise RetryLater("the hub is busy with other pushes; retry later")
    try:
        yield
    finally:
        _SLOTS.release()
