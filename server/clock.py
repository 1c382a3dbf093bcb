"""The hub's notion of "now", in epoch milliseconds (one place to fake it in tests)."""

from __future__ import annotations

import time


def now_ms() -> int:
    """The current UTC time in integer epoch milliseconds."""
    return time.time_ns() // 1_000_000
