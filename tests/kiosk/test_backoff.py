"""Back-off: full jitter under a ceiling that doubles from 1 s to 300 s."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.backoff import Backoff


def test_ceiling_doubles_to_the_cap() -> None:
    backoff = Backoff(rand=lambda: 1.0)
    delays = [backoff.next_delay() for _ in range(12)]
    assert delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]


def test_full_jitter_can_draw_anything_under_the_ceiling() -> None:
    backoff = Backoff(rand=lambda: 0.5)
    assert [backoff.next_delay() for _ in range(4)] == [0.5, 1.0, 2.0, 4.0]
    assert Backoff(rand=lambda: 0.0).next_delay() == 0.0


def test_reset_on_success() -> None:
    backoff = Backoff(rand=lambda: 1.0)
    for _ in range(5):
        backoff.next_delay()
    assert backoff.failures == 5
    backoff.reset()
    assert backoff.failures == 0
    assert backoff.next_delay() == 1.0


def test_retry_after_is_a_floor() -> None:
    backoff = Backoff(rand=lambda: 0.1)
    assert backoff.next_delay(retry_after=30) == 30
    assert backoff.next_delay(retry_after=10**9) == 3600


@given(
    failures=st.integers(min_value=0, max_value=5000),
    draw=st.floats(min_value=0.0, max_value=1.0),
)
def test_delay_always_within_bounds(failures: int, draw: float) -> None:
    backoff = Backoff(rand=lambda: draw)
    for _ in range(min(failures, 70)):
        backoff.next_delay()
    delay = backoff.next_delay()
    assert 0.0 <= delay <= 300.0


def test_bad_parameters() -> None:
    with pytest.raises(ValueError):
        Backoff(base_s=0)
    with pytest.raises(ValueError):
        Backoff(base_s=10, cap_s=5)
    assert "failures=0" in repr(Backoff())
