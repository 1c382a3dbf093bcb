"""Exponential back-off with full jitter: 1 s doubling to a 5 min cap, reset on success.

Full jitter (a uniform draw between 0 and the current ceiling) spreads the retries
of many kiosks that lost the hub at the same moment, so they do not come back in a
herd. A hub's Retry-After is a floor: the kiosk never retries sooner than asked.
"""

from __future__ import annotations

import random
from collections.abc import Callable

DEFAULT_BASE_S = 1.0
DEFAULT_CAP_S = 300.0
# A Retry-After longer than this is more likely a misconfigured proxy than a plan.
MAX_RETRY_AFTER_S = 3600.0


class Backoff:
    """How long to wait after each consecutive failure."""

    def __init__(
        self,
        *,
        base_s: float = DEFAULT_BASE_S,
        cap_s: float = DEFAULT_CAP_S,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if base_s <= 0 or cap_s < base_s:
            raise ValueError("need 0 < base_s <= cap_s")
        self.base_s = base_s
        self.cap_s = cap_s
        self._rand = rand
        self._failures = 0

    @property
    def failures(self) -> int:
        """Consecutive failures since the last success."""
        return self._failures

    def ceiling(self) -> float:
        """The largest delay the next failure can draw."""
        # min() before the power would overflow after ~1000 failures; cap the exponent.
        return min(self.cap_s, self.base_s * 2.0 ** min(self._failures, 64))

    def next_delay(self, retry_after: float | None = None) -> float:
        """Count a failure and return the seconds to wait before the next try."""
        delay = self._rand() * self.ceiling()
        self._failures += 1
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER_S))
        return delay

    def reset(self) -> None:
        """A success: the next failure starts again from base_s."""
        self._failures = 0

    def __repr__(self) -> str:
        return f"<Backoff failures={self._failures} ceiling={self.ceiling():.1f}s>"
