"""The food-safety rule on synthetic series (server/services/food_safety.py): spikes,
sustained excursions, recovery, dips, silent and faulty sensors, impossible values,
doors left open, and late arrivals in any order."""

from __future__ import annotations

import random

import pytest

from server.services.food_safety import (
    Episode,
    Evaluation,
    Sample,
    Thresholds,
    evaluate,
)

MIN = 60_000
T0 = 1_750_507_200_000
# The defaults: too warm above 5 °C for 15 min, recovered after 30 min, door 5 min,
# sensor silent after 15 min.
RULE = Thresholds(
    warm_above_c=5.0,
    warm_for_min=15,
    recover_for_min=30,
    door_open_limit_min=5,
    silent_after_min=15,
)


def series(celsius: list[float], *, start: int = T0, step: int = MIN) -> list[Sample]:
    """One reading a minute (by default) from `start`."""
    return [reading(start + n * step, value, n) for n, value in enumerate(celsius)]


def reading(at: int, celsius: float, seq: int) -> Sample:
    return Sample(at, ("k", "boot", seq), "temperature", celsius=celsius)


def fault(at: int, seq: int) -> Sample:
    return Sample(at, ("k", "boot", seq), "temperature", fault="read_error")


def door(at: int, seq: int, state: str, open_for_s: float | None = None) -> Sample:
    assert state in ("opened", "closed")
    return Sample(
        at,
        ("k", "boot", seq),
        "door",
        door="opened" if state == "opened" else "closed",
        open_for_s=open_for_s,
    )


def episodes(samples: list[Sample], now_ms: int, kind: str | None = None) -> list[Episode]:
    found = evaluate(RULE, samples, now_ms).episodes
    return [e for e in found if kind is None or e.kind == kind]


def last(samples: list[Sample]) -> int:
    return max(s.placed_ms for s in samples)


def test_a_cold_fridge_has_no_episode() -> None:
    cold = series([3.5, 4.0, 4.9, 5.0, 4.2] * 12)
    assert evaluate(RULE, cold, last(cold)) == Evaluation([], last(cold) + 15 * MIN)


def test_a_spike_is_not_an_excursion() -> None:
    # Door opened on a hot day: 14 minutes above 5 °C, then back.
    spiky = series([4.0] * 5 + [9.0] * 14 + [4.0] * 40)
    assert episodes(spiky, last(spiky)) == []
    # One reading above in every five, for hours: never continuously warm.
    flicker = series(([6.0] + [4.5] * 4) * 40)
    assert episodes(flicker, last(flicker)) == []


def test_a_sustained_excursion_starts_at_its_first_warm_reading() -> None:
    warm = series([4.0] * 5 + [7.5] * 15)
    # 15 readings a minute apart span 14 minutes: not yet.
    assert episodes(warm, last(warm)) == []
    warm = series([4.0] * 5 + [7.5] * 10 + [9.25] * 6 + [8.0] * 3)
    assert episodes(warm, last(warm)) == [Episode("too_warm", T0 + 5 * MIN, None, peak_c=9.25)]


def test_recovery_needs_the_recover_time_at_or_below_the_threshold() -> None:
    values = [4.0] * 5 + [8.0] * 20 + [5.0] * 30
    almost = series(values)
    # 30 readings at 5.0 °C span 29 minutes: still too warm.
    assert episodes(almost, last(almost)) == [Episode("too_warm", T0 + 5 * MIN, None, peak_c=8.0)]
    recovered = series([*values, 4.0])
    assert episodes(recovered, last(recovered)) == [
        Episode("too_warm", T0 + 5 * MIN, T0 + 25 * MIN, peak_c=8.0)
    ]


def test_a_dip_shorter_than_the_recover_time_does_not_end_the_excursion() -> None:
    dipped = series([4.0] * 5 + [8.0] * 20 + [4.0] * 29 + [6.0] + [4.0] * 31)
    # The dip of 29 minutes ends at a warm reading; recovery counts from after it.
    assert episodes(dipped, last(dipped)) == [
        Episode("too_warm", T0 + 5 * MIN, T0 + 55 * MIN, peak_c=8.0)
    ]
    # Two separate excursions when the recovery between them was long enough.
    twice = series([8.0] * 20 + [4.0] * 31 + [8.0] * 20)
    assert [(e.start_ms, e.end_ms) for e in episodes(twice, last(twice))] == [
        (T0, T0 + 20 * MIN),
        (T0 + 51 * MIN, None),
    ]


def test_a_higher_threshold_changes_the_outcome() -> None:
    warm = series([7.0] * 30)
    assert len(episodes(warm, last(warm))) == 1
    uk_limit = Thresholds(8.0, 15, 30, 5, 15)
    assert evaluate(uk_limit, warm, last(warm)).episodes == []


def test_a_silent_sensor_is_flagged_until_it_reports_again() -> None:
    readings = series([4.0] * 10)
    quiet_since = last(readings)
    # Not yet silent: due when it would be.
    assert evaluate(RULE, readings, quiet_since + 14 * MIN) == Evaluation(
        [], quiet_since + 15 * MIN
    )
    assert episodes(readings, quiet_since + 15 * MIN) == [
        Episode("sensor", quiet_since, None, cause="silent")
    ]
    back = [*readings, reading(quiet_since + 40 * MIN, 4.1, 99)]
    assert episodes(back, quiet_since + 41 * MIN) == [
        Episode("sensor", quiet_since, quiet_since + 40 * MIN, cause="silent")
    ]


def test_a_fridge_without_a_thermometer_is_never_silent() -> None:
    assert evaluate(RULE, [], T0 + 1000 * MIN) == Evaluation([], None)
    doors = [door(T0, 1, "opened"), door(T0 + MIN, 2, "closed", 60.0)]
    assert evaluate(RULE, doors, T0 + 1000 * MIN) == Evaluation([], None)


def test_faults_that_persist_are_a_sensor_episode_and_one_fault_is_not() -> None:
    one = series([4.0] * 5)
    one.append(fault(T0 + 5 * MIN, 5))
    one += series([4.0] * 20, start=T0 + 6 * MIN)
    assert episodes(one, last(one)) == []
    persisting = series([4.0] * 5) + [fault(T0 + (5 + n) * MIN, 5 + n) for n in range(20)]
    assert episodes(persisting, last(persisting)) == [
        Episode("sensor", T0 + 4 * MIN, None, cause="fault")
    ]
    # Never one good reading: flagged from its first sampling.
    only_faults = [fault(T0 + n * MIN, n) for n in range(16)]
    assert episodes(only_faults, last(only_faults)) == [Episode("sensor", T0, None, cause="fault")]


@pytest.mark.parametrize("impossible", [85.0, 40.5, -30.5, -55.0])
def test_impossible_values_are_a_sensor_fault_and_never_too_warm(impossible: float) -> None:
    nonsense = series([4.0] * 5 + [impossible] * 20)
    assert episodes(nonsense, last(nonsense)) == [
        Episode("sensor", T0 + 4 * MIN, None, cause="impossible")
    ]
    # The edges of the possible range are readings like any other.
    edge = series([4.0] * 5 + [40.0] * 20)
    assert [e.kind for e in episodes(edge, last(edge))] == ["too_warm"]


def test_a_door_left_open_is_flagged_while_open_and_when_closed_late() -> None:
    opened = [door(T0, 1, "opened")]
    # Not yet over the limit: due just after it.
    assert evaluate(RULE, opened, T0 + 5 * MIN) == Evaluation([], T0 + 5 * MIN + 1)
    assert episodes(opened, T0 + 5 * MIN + 1) == [Episode("door_open", T0, None)]
    closed = [*opened, door(T0 + 7 * MIN, 2, "closed", 420.0)]
    assert episodes(closed, T0 + 8 * MIN) == [
        Episode("door_open", T0, T0 + 7 * MIN, open_for_s=420.0)
    ]


def test_a_door_closed_in_time_is_not_flagged_and_the_kiosk_duration_decides() -> None:
    quick = [door(T0, 1, "opened"), door(T0 + 2 * MIN, 2, "closed", 120.0)]
    assert evaluate(RULE, quick, T0 + 60 * MIN) == Evaluation([], None)
    # The placed times say 2 minutes, the kiosk's monotonic clock says 6: it was 6.
    slow = [door(T0, 1, "opened"), door(T0 + 2 * MIN, 2, "closed", 360.0)]
    assert episodes(slow, T0 + 60 * MIN) == [
        Episode("door_open", T0, T0 + 2 * MIN, open_for_s=360.0)
    ]
    # A close whose opening was lost starts its duration before it.
    lone = [door(T0 + 10 * MIN, 1, "closed", 600.0)]
    assert episodes(lone, T0 + 60 * MIN) == [
        Episode("door_open", T0, T0 + 10 * MIN, open_for_s=600.0)
    ]


def test_an_opening_whose_close_was_lost_ends_at_the_next_opening() -> None:
    lost = [door(T0, 1, "opened"), door(T0 + 30 * MIN, 2, "opened")]
    assert episodes(lost, T0 + 31 * MIN) == [Episode("door_open", T0, T0 + 30 * MIN)]


def _day_with_everything() -> list[Sample]:
    samples = series([4.0] * 30 + [8.0] * 40 + [4.0] * 40)
    samples += [fault(T0 + (110 + n) * MIN, 200 + n) for n in range(20)]
    samples += series([4.0] * 30, start=T0 + 130 * MIN)
    samples += [door(T0 + 3 * MIN, 300, "opened"), door(T0 + 4 * MIN, 301, "closed", 60.0)]
    samples += [door(T0 + 50 * MIN, 302, "opened"), door(T0 + 62 * MIN, 303, "closed", 720.0)]
    samples.append(door(T0 + 150 * MIN, 304, "opened"))
    return samples


def test_late_arrivals_in_any_order_give_the_same_episodes() -> None:
    samples = _day_with_everything()
    now = T0 + 170 * MIN
    expected = evaluate(RULE, samples, now)
    assert [(e.kind, e.start_ms, e.end_ms) for e in expected.episodes] == [
        ("too_warm", T0 + 30 * MIN, T0 + 70 * MIN),
        ("door_open", T0 + 50 * MIN, T0 + 62 * MIN),
        ("sensor", T0 + 109 * MIN, T0 + 130 * MIN),
        ("door_open", T0 + 150 * MIN, None),
    ]
    rng = random.Random(8)
    for _ in range(20):
        shuffled = list(samples)
        rng.shuffle(shuffled)
        assert evaluate(RULE, shuffled, now) == expected


def test_equal_placed_times_are_ordered_by_kiosk_boot_and_sequence() -> None:
    # Two readings at the same millisecond: the later sequence is the later reading.
    same = [
        Sample(T0 + 20 * MIN, ("k", "boot", 2), "temperature", celsius=4.0),
        *series([8.0] * 21),
    ]
    forward = evaluate(RULE, same, T0 + 21 * MIN)
    assert evaluate(RULE, list(reversed(same)), T0 + 21 * MIN) == forward


def test_a_fridge_too_warm_stays_too_warm_while_its_sensor_is_silent() -> None:
    warm = series([8.0] * 20)
    hours_later = last(warm) + 6 * 60 * MIN
    assert episodes(warm, hours_later) == [
        Episode("too_warm", T0, None, peak_c=8.0),
        Episode("sensor", last(warm), None, cause="silent"),
    ]
    # Cold readings when it comes back: recovered after the recover time, not before.
    back = warm + series([3.0] * 31, start=hours_later)
    assert episodes(back, last(back), "too_warm") == [
        Episode("too_warm", T0, hours_later, peak_c=8.0)
    ]
