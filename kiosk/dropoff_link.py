"""The drop-off screen's QR link: a short-lived link from the hub, fetched off the screen's
thread while the screen asks for it, and fetched again before it runs out.

`url(fallback)` never blocks: it answers the link held now while it has life left, else
`fallback` (the fridge's sticker link from its configuration, which never expires), and
asks the fetcher thread for a new one when none is held or half the held one's life has
passed. A hub that is out of reach, answers an error, or has no such route (404, an older
hub) leaves the fallback on screen; the thread tries again later, only while asked.

A link's life is measured on the monotonic clock from when it was fetched: a Pi's wall
clock may be days off before NTP syncs, so `expires_at` is compared with the kiosk's
wall clock once, at the fetch, and a life that makes no sense is taken as DEFAULT_LIFE_S.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from kiosk.errors import KioskError
from storywall.closing import ClosesOnExit
from storywall.protocol.fridge_config import DropoffLink

logger = logging.getLogger(__name__)

DEFAULT_LIFE_S = 120.0
MAX_LIFE_S = 30 * 60.0
# Never show a link in its last seconds: a phone needs a moment to open it.
MARGIN_S = 10.0
RETRY_S = 30.0
# A hub that has no such route will not grow one in a minute.
NO_ROUTE_RETRY_S = 600.0


class LinkSource(Protocol):
    """Where links come from (kiosk.hub_client.HubClient)."""

    def dropoff_link(self) -> DropoffLink | None: ...


@dataclass(frozen=True)
class _Held:
    url: str
    fetched: float  # monotonic
    life_s: float


class DropoffLinks(ClosesOnExit):
    """Holds the current drop-off link and a thread that fetches the next one."""

    def __init__(
        self,
        source: LinkSource,
        *,
        mono: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._source = source
        self._mono = mono
        self._wall = wall
        self._held: _Held | None = None
        self._retry_at: float | None = None
        self._ask = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.fetches = 0

    def url(self, fallback: str | None) -> str | None:
        """The link to show now (see the module docstring); never blocks."""
        now = self._mono()
        with self._lock:
            held = self._held
            if self._stop.is_set():
                return fallback
            due = held is None or now - held.fetched >= held.life_s / 2
            if due and (self._retry_at is None or now >= self._retry_at):
                self._start()
                self._ask.set()
        if held is not None and now < held.fetched + held.life_s - MARGIN_S:
            return held.url
        return fallback

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="dropoff-link", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            self._ask.wait()
            if self._stop.is_set():
                return
            self._ask.clear()
            self.fetch()

    def fetch(self) -> None:
        """Ask the hub for a link now (the thread's work; tests call it directly)."""
        try:
            link = self._source.dropoff_link()
        except KioskError as error:
            logger.info("no fresh drop-off link (%s): showing the sticker's", error)
            self._later(RETRY_S)
            return
        self.fetches += 1
        if link is None:
            logger.info("the hub gives no drop-off links: showing the sticker's")
            self._later(NO_ROUTE_RETRY_S)
            return
        life = (link.expires_at - self._wall()).total_seconds()
        if not MARGIN_S * 2 < life <= MAX_LIFE_S:
            life = DEFAULT_LIFE_S  # the kiosk's wall clock is off: trust the usual life
        with self._lock:
            self._held = _Held(link.url, self._mono(), life)
            self._retry_at = None

    def _later(self, seconds: float) -> None:
        with self._lock:
            self._retry_at = self._mono() + seconds

    def close(self) -> None:
        """Stop the fetcher thread (joined). Safe to call more than once."""
        with self._lock:
            self._stop.set()
            thread, self._thread = self._thread, None
        self._ask.set()
        if thread is not None:
            thread.join(5.0)

    def __repr__(self) -> str:
        held = "a link" if self._held is not None else "no link"
        return f"<DropoffLinks {held} fetches={self.fetches}>"
