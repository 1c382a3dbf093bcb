"""Quiet logs while the hub is away: state changes and a periodic summary, never a line
per retry.

A kiosk offline for a week retries thousands of times; its journal should say when
the hub went away, every so often how long it has been and how much is waiting, and
when it came back::

    hub unreachable (HubUnavailable: POST /api/v1/events: ConnectError); 3 events waiting
    hub unreachable for 42 min; 1,234 events waiting
    hub reachable again after 3 h 5 min; 1,310 events sent
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

DEFAULT_SUMMARY_INTERVAL_S = 600.0


def duration(seconds: float) -> str:
    """A short human duration: "45 s", "42 min", "3 h 5 min"."""
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


class SyncLog:
    """Turns every round's outcome into at most a few log lines (see the module docstring)."""

    def __init__(
        self,
        logger: logging.Logger,
        *,
        summary_interval_s: float = DEFAULT_SUMMARY_INTERVAL_S,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._summary_interval_s = summary_interval_s
        self._timer = timer
        self._away_since: float | None = None
        self._paused = False
        self._next_summary = 0.0

    def failed(self, error: str, waiting: int, *, paused: bool, retry_s: float) -> None:
        """A round did not reach the hub (or the hub refused the token: `paused`)."""
        now = self._timer()
        if paused and not self._paused:
            self._logger.warning(
                "the hub refused this kiosk's token: paused, asking again every %s;"
                " %s events kept (%s)",
                duration(retry_s),
                f"{waiting:,}",
                error,
            )
        elif self._away_since is None and not paused:
            self._logger.warning(
                "hub unreachable (%s); %s events waiting, retrying quietly",
                error,
                f"{waiting:,}",
            )
        elif now >= self._next_summary:
            since = self._away_since if self._away_since is not None else now
            what = "paused" if paused else "hub unreachable"
            self._logger.warning(
                "%s for %s; %s events waiting", what, duration(now - since), f"{waiting:,}"
            )
        else:
            self._paused = self._paused or paused
            return
        if self._away_since is None:
            self._away_since = now
        self._paused = self._paused or paused
        self._next_summary = now + self._summary_interval_s

    def succeeded(self, sent: int) -> None:
        """A round reached the hub (and sent `sent` events): say so once if it had been
        away or paused."""
        if self._away_since is None and not self._paused:
            return
        since = self._away_since if self._away_since is not None else self._timer()
        what = "the hub accepts this kiosk's token again" if self._paused else "hub reachable again"
        self._logger.info(
            "%s after %s; %s events sent",
            what,
            duration(self._timer() - since),
            f"{sent:,}",
        )
        self._away_since = None
        self._paused = False

    def __repr__(self) -> str:
        state = "paused" if self._paused else "away" if self._away_since is not None else "ok"
        return f"<SyncLog {state}>"
