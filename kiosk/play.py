"""Button mashing is play, not opinion: the rule that tells them apart.

A press is play when it comes faster than `min_interval_ms` after the previous press
(any button), or when it is the `burst_presses`-th press within `burst_window_ms`
across all buttons. A play press is still recorded (flagged `play`), never dropped;
tallies leave it out. The rules come from the hub (KioskConfig.play) and may change
between presses, so they are passed with each press.

Example (the default rules: 700 ms, 5 presses in 4 s)::

    detector = PlayDetector()
    detector.is_play(0, rules)      # False: the first press
    detector.is_play(300, rules)    # True: 300 ms after the previous one
"""

from __future__ import annotations

from collections import deque

from storywall.protocol.config import PlayRules


class PlayDetector:
    """Remembers the recent press times (milliseconds, monotonic) of one kiosk."""

    def __init__(self) -> None:
        # The newest presses, enough for the largest burst a rule can name (100).
        self._times: deque[float] = deque(maxlen=100)

    def is_play(self, at_ms: float, rules: PlayRules) -> bool:
        """Note a press at `at_ms` and say whether it is play under `rules`."""
        times = self._times
        too_fast = bool(times) and at_ms - times[-1] < rules.min_interval_ms
        times.append(at_ms)
        # This press and the burst_presses - 1 before it, all inside the window.
        burst = len(times) >= rules.burst_presses and (
            at_ms - times[-rules.burst_presses] < rules.burst_window_ms
        )
        return too_fast or burst

    def __repr__(self) -> str:
        return f"<PlayDetector presses={len(self._times)}>"
