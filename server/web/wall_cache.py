"""The wall page as drawn, per worker, keyed by the wall's change marker.

Many screens show the same wall, and it changes every few seconds at most, so a worker
keeps the last pages it drew. Every request still reads the marker from the database
(server/services/wall_changes.py), so a page is reused only while nothing it shows has
changed, whichever worker or command made the change: this is a cache of the database's
answer, never a second source of it. One per app (app.state), bounded, thread-safe (the
page route runs in the thread pool).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

# Pages kept per worker: one per site view and the network's, with room for a change.
MAX_PAGES = 64


class PageCache:
    """The newest pages drawn, by (view, marker); the least recently used go first."""

    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self._pages: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_pages

    def get(self, view: str, marker: str) -> bytes | None:
        """The page drawn for `view` at `marker`, if this worker has it."""
        with self._lock:
            page = self._pages.get((view, marker))
            if page is not None:
                self._pages.move_to_end((view, marker))
            return page

    def put(self, view: str, marker: str, page: bytes) -> None:
        """Keep a page drawn for `view` at `marker`."""
        with self._lock:
            self._pages[(view, marker)] = page
            self._pages.move_to_end((view, marker))
            while len(self._pages) > self._max:
                self._pages.popitem(last=False)
