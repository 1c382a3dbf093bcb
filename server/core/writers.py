"""One writer at a time per SQLite database, inside this process.

SQLite lets one transaction write at a time. Left to itself, a second writer
waits in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and
polls; with twenty kiosks pushing at once most of the time went to those sleeps.
Queuing the hub's own writers on a lock hands the database over the moment it is
free. Other processes on the same file (several workers) still meet
busy_timeout; PostgreSQL needs no lock and gets none.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from weakref import WeakKeyDictionary

from sqlalchemy import Engine

_LOCKS: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()
_GUARD = threading.Lock()


def write_lock(engine: Engine) -> AbstractContextManager[object]:
    """A context manager held around a write transaction on `engine`."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _GUARD:
        lock = _LOCKS.get(engine)
        if lock is None:
            lock = _LOCKS[engine] = threading.Lock()
    return lock
