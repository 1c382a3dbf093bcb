"""The play rule on synthetic press timelines (milliseconds)."""

from __future__ import annotations

import pytest

from kiosk.play import PlayDetector
from storywall.protocol.config import PlayRules

RULES = PlayRules(min_interval_ms=700, burst_presses=5, burst_window_ms=4000)


def classify(times: list[float], rules: PlayRules = RULES) -> list[bool]:
    detector = PlayDetector()
    return [detector.is_play(at, rules) for at in times]


def test_calm_presses_are_opinion() -> None:
    assert classify([0, 1000, 5000, 9000, 20_000]) == [False] * 5


def test_a_press_faster_than_the_interval_is_play() -> None:
    assert classify([0, 699, 1500, 2200]) == [False, True, False, False]


def test_exactly_the_interval_is_not_too_fast() -> None:
    assert classify([0, 700]) == [False, False]


def test_the_nth_press_within_the_window_is_play_even_when_each_is_slow() -> None:
    # 800 ms apart: never too fast, but the 5th falls within 4 s of the 1st.
    assert classify([0, 800, 1600, 2400, 3200, 4000]) == [False] * 4 + [True, True]


def test_a_burst_spread_wider_than_the_window_is_opinion() -> None:
    assert classify([0, 1000, 2000, 3000, 4000, 5000]) == [False] * 6


def test_play_ends_when_the_mashing_stops() -> None:
    mash = [i * 100.0 for i in range(10)]
    result = classify([*mash, 10_000, 12_000])
    assert result[1:10] == [True] * 9
    assert result[10:] == [False, False]


@pytest.mark.parametrize("burst", [2, 3, 100])
def test_the_burst_size_comes_from_the_rules(burst: int) -> None:
    rules = PlayRules(min_interval_ms=0, burst_presses=burst, burst_window_ms=60_000)
    result = classify([i * 100.0 for i in range(burst + 1)], rules)
    assert result == [False] * (burst - 1) + [True, True]


def test_rules_may_change_between_presses() -> None:
    detector = PlayDetector()
    assert detector.is_play(0, RULES) is False
    assert detector.is_play(500, RULES) is True
    assert detector.is_play(1000, PlayRules(min_interval_ms=0, burst_presses=100)) is False
    assert "presses=3" in repr(detector)
