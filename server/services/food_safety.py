"""The food-safety rule: from a fridge's thermometer and door events, its episodes.

Pure (no database, no clock): `evaluate(thresholds, samples, now_ms)` sorts the
samples by the hub's placed time itself, so the same events give the same episodes
whatever order they arrived in (a kiosk back from a week offline, or one that was
online all along). The job (server/jobs/food_safety.py) feeds it a window of stored
events and reconciles what it returns with the alerts and updates already written.

The rules (docs/fridges.md, "Food safety"):

- too warm: valid readings above `warm_above_c` from a first one at t0 up to a
  reading at least `warm_for_min` later, with no reading at or below the threshold
  between and no gap longer than `silent_after_min` (a gap is not "continuously").
  It starts at t0 and ends at the first reading that is followed by
  `recover_for_min` of readings at or below the threshold; a reading above it
  during recovery starts the recovery over.
- door left open: a `closed` whose `open_for_s` (the kiosk's monotonic clock, so
  right even when its wall clock is not) is longer than the limit; or an `opened`
  with no `closed` yet, once the limit has passed. A later `opened` ends one that
  never closed (the close was lost, the door was shut to be opened again).
- sensor: no valid reading for `silent_after_min`, whether because nothing came
  (silent), faults came (fault), or only impossible values (outside
  -30..40 °C: no working fridge is there, and the DS18B20's power-on 85 °C is one).
  It starts at the last valid reading and ends at the next one. A fridge that has
  never sent a reading has no thermometer, and is never "silent".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

# Readings outside this range are no fridge's temperature: the sensor is wrong.
POSSIBLE_MIN_C = -30.0
POSSIBLE_MAX_C = 40.0

EpisodeKind = Literal["too_warm", "door_open", "sensor"]
SensorCause = Literal["silent", "fault", "impossible"]
_MINUTE_MS = 60_000


@dataclass(frozen=True)
class Thresholds:
    """A fridge's rule, as its `fridge` row holds it (minutes, °C)."""

    warm_above_c: float
    warm_for_min: int
    recover_for_min: int
    door_open_limit_min: int
    silent_after_min: int

    @property
    def warm_for_ms(self) -> int:
        return self.warm_for_min * _MINUTE_MS

    @property
    def recover_for_ms(self) -> int:
        return self.recover_for_min * _MINUTE_MS

    @property
    def door_open_limit_ms(self) -> int:
        return self.door_open_limit_min * _MINUTE_MS

    @property
    def silent_after_ms(self) -> int:
        return self.silent_after_min * _MINUTE_MS


@dataclass(frozen=True)
class Sample:
    """One placed temperature or door event. `order` breaks ties of placed time
    (the hub passes kiosk, boot and sequence), so sorting is total."""

    placed_ms: int
    order: tuple[str, str, int]
    type: Literal["temperature", "door"]
    celsius: float | None = None
    fault: str | None = None
    door: Literal["opened", "closed"] | None = None
    open_for_s: float | None = None

    @property
    def valid_celsius(self) -> float | None:
        """The reading when it is one a fridge can have; None for a fault or nonsense."""
        if self.type != "temperature" or self.celsius is None:
            return None
        if not POSSIBLE_MIN_C <= self.celsius <= POSSIBLE_MAX_C:
            return None
        return self.celsius


@dataclass(frozen=True)
class Episode:
    """Something that went wrong from `start_ms` to `end_ms` (None: still going on)."""

    kind: EpisodeKind
    start_ms: int
    end_ms: int | None
    # too warm: the highest reading; door: how long it stood open (s), when closed.
    peak_c: float | None = None
    open_for_s: float | None = None
    cause: SensorCause | None = None


@dataclass(frozen=True)
class Evaluation:
    """The episodes, oldest first, and when the outcome could next change with no
    new event (a door's limit, a sensor's silence); None when only an event can."""

    episodes: list[Episode] = field(default_factory=list)
    due_ms: int | None = None


def evaluate(thresholds: Thresholds, samples: Iterable[Sample], now_ms: int) -> Evaluation:
    """Every episode the samples show, as of `now_ms`."""
    ordered = sorted(samples, key=lambda s: (s.placed_ms, s.order))
    temperatures = [s for s in ordered if s.type == "temperature"]
    doors = [s for s in ordered if s.type == "door"]
    episodes = _too_warm(thresholds, temperatures)
    door_episodes, door_due = _doors(thresholds, doors, now_ms)
    sensor_episodes, sensor_due = _sensor(thresholds, temperatures, now_ms)
    episodes += door_episodes + sensor_episodes
    episodes.sort(key=lambda e: (e.start_ms, e.kind))
    dues = [due for due in (door_due, sensor_due) if due is not None]
    return Evaluation(episodes, min(dues) if dues else None)


def _too_warm(thresholds: Thresholds, temperatures: list[Sample]) -> list[Episode]:
    episodes: list[Episode] = []
    # The current run of warm readings: when it began, and its highest reading.
    run_start: int | None = None
    peak: float | None = None
    # An excursion: when it began, and when the temperature came back (None: still warm).
    start: int | None = None
    back_since: int | None = None
    previous: int | None = None
    for sample in temperatures:
        celsius = sample.valid_celsius
        if celsius is None:
            continue  # the sensor rule judges faults and nonsense
        at = sample.placed_ms
        gap = previous is not None and at - previous > thresholds.silent_after_ms
        previous = at
        warm = celsius > thresholds.warm_above_c
        if start is None:
            if not warm:
                run_start, peak = None, None
                continue
            if run_start is None or gap:
                run_start, peak = at, celsius
            peak = max(celsius, peak if peak is not None else celsius)
            if at - run_start >= thresholds.warm_for_ms:
                start, back_since = run_start, None
            continue
        if warm:
            back_since = None
            peak = max(celsius, peak if peak is not None else celsius)
            continue
        if back_since is None:
            back_since = at
        if at - back_since >= thresholds.recover_for_ms:
            episodes.append(Episode("too_warm", start, back_since, peak_c=peak))
            start, back_since, run_start, peak = None, None, None, None
    if start is not None:
        episodes.append(Episode("too_warm", start, None, peak_c=peak))
    return episodes


def _doors(
    thresholds: Thresholds, doors: list[Sample], now_ms: int
) -> tuple[list[Episode], int | None]:
    limit_ms = thresholds.door_open_limit_ms
    episodes: list[Episode] = []
    opened: int | None = None
    for sample in doors:
        if sample.door == "opened":
            if opened is not None and sample.placed_ms - opened > limit_ms:
                # Its close never came; this opening shows it was shut in between.
                episodes.append(Episode("door_open", opened, sample.placed_ms))
            opened = sample.placed_ms
            continue
        open_for_s = sample.open_for_s or 0.0
        if open_for_s * 1000 > limit_ms:
            # The opening's own placed time when we have it; else the close's less its
            # duration (the opening was lost, or is not placed yet).
            start = opened if opened is not None else sample.placed_ms - round(open_for_s * 1000)
            episodes.append(Episode("door_open", start, sample.placed_ms, open_for_s=open_for_s))
        opened = None
    due: int | None = None
    if opened is not None:
        if now_ms - opened > limit_ms:
            episodes.append(Episode("door_open", opened, None))
        else:
            due = opened + limit_ms + 1
    return episodes, due


def _sensor(
    thresholds: Thresholds, temperatures: list[Sample], now_ms: int
) -> tuple[list[Episode], int | None]:
    if not temperatures:
        return [], None  # no thermometer (or none heard from in the window)
    silent_ms = thresholds.silent_after_ms
    episodes: list[Episode] = []
    # The last valid reading (or the first sampling, when none was valid yet).
    good_at = temperatures[0].placed_ms
    causes: set[SensorCause] = set()
    for sample in temperatures:
        at = sample.placed_ms
        if sample.valid_celsius is None:
            causes.add("fault" if sample.fault is not None else "impossible")
            continue
        if at - good_at >= silent_ms:
            episodes.append(Episode("sensor", good_at, at, cause=_cause(causes)))
        good_at, causes = at, set()
    if now_ms - good_at >= silent_ms:
        episodes.append(Episode("sensor", good_at, None, cause=_cause(causes)))
        return episodes, None
    return episodes, good_at + silent_ms


def _cause(causes: set[SensorCause]) -> SensorCause:
    # Faults say most about what is wrong; nonsense next; nothing at all last.
    if "fault" in causes:
        return "fault"
    if "impossible" in causes:
        return "impossible"
    return "silent"
