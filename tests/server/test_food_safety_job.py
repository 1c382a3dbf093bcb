"""The food-safety job through the real ingest: readings and door events pushed with
the fridge kiosk's token, the job run on the fake clock, and what it wrote (alerts,
updates as news or history, its episodes). On SQLite and PostgreSQL."""

from __future__ import annotations

import random
import uuid
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server.core.config import Settings
from server.fridges import update_fridge
from server.jobs import run_due_jobs
from server.models_food_safety import FoodSafetyEpisode
from server.models_fridge import Fridge
from server.models_updates import Alert, FridgeUpdate
from server.services.food_safety import Sample, Thresholds, evaluate
from server.services.food_safety_episodes import evaluate_fridge
from server.services.food_safety_state import TOO_WARM_WARNING, current_warning, too_warm_sites
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, iso, push

KIOSK = "harbour-1"
MIN = 60_000
HOLDER = "test-worker"
TITLE_WARM = "Harbour Fridge too warm: please do not drop off chilled food"
TITLE_SAFE = "Harbour Fridge back to safe temperature"


class Kiosk:
    """The fridge kiosk harbour-1: numbers its events, pushes them with its token."""

    def __init__(self, client: httpx.Client, token: str) -> None:
        self.client, self.token, self.seq = client, token, 0

    def event(self, at_ms: int, type_name: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        return {
            "v": 1,
            "id": str(uuid.uuid4()),
            "kiosk_id": KIOSK,
            "boot_id": "boot-a",
            "seq": self.seq,
            "mono_ms": at_ms - (NOW_MS - 10 * 86_400_000),
            "wall_time": iso(at_ms),
            "clock_synced": True,
            "type": type_name,
            "payload": payload,
        }

    def reading(self, at_ms: int, celsius: float) -> dict[str, Any]:
        return self.event(
            at_ms, "temperature", {"sensor_id": "28-0316a2795cff", "celsius": celsius}
        )

    def fault(self, at_ms: int) -> dict[str, Any]:
        return self.event(
            at_ms, "temperature", {"sensor_id": "28-0316a2795cff", "fault": "read_error"}
        )

    def door(self, at_ms: int, state: str, open_for_s: float | None = None) -> dict[str, Any]:
        payload: dict[str, Any] = {"state": state}
        if open_for_s is not None:
            payload["open_for_s"] = open_for_s
        return self.event(at_ms, "door", payload)

    def push(self, events: list[dict[str, Any]]) -> None:
        for start in range(0, len(events), 500):
            batch = events[start : start + 500]
            body = push(self.client, self.token, batch).json()
            assert body["accepted"] == len(batch), body


def _site_id(seed: Seed) -> int:
    assert seed.other_site.id is not None
    return seed.other_site.id


def _alerts(engine: Engine) -> list[tuple[str, str, int, int | None]]:
    with Session(engine) as session:
        rows = session.exec(select(Alert).order_by(col(Alert.id))).all()
        return [(a.kind, a.message, a.raised_ms, a.cleared_ms) for a in rows]


# The food-safety rule's updates; the daily summary, a job of its own, writes others.
SAFETY_KINDS = ("too_warm", "recovered", "door_open", "sensor")


def _updates(engine: Engine) -> list[tuple[str, str, int, bool]]:
    with Session(engine) as session:
        rows = session.exec(
            select(FridgeUpdate)
            .where(col(FridgeUpdate.kind).in_(SAFETY_KINDS))
            .order_by(col(FridgeUpdate.id))
        ).all()
        return [(u.kind, u.title, u.occurred_ms, u.news) for u in rows]


def _episodes(engine: Engine) -> list[tuple[str, int, int | None, bool]]:
    with Session(engine) as session:
        rows = session.exec(select(FoodSafetyEpisode).order_by(col(FoodSafetyEpisode.id))).all()
        return [(e.kind, e.start_ms, e.end_ms, e.news) for e in rows]


def _warning(engine: Engine, site_id: int) -> str | None:
    with Session(engine) as session:
        return current_warning(session, site_id)


def _written(engine: Engine) -> tuple[object, ...]:
    return (_alerts(engine), _updates(engine), _episodes(engine))


def _run(engine: Engine, settings: Settings, now_ms: int) -> None:
    assert run_due_jobs(engine, settings, now_ms, HOLDER, only={"food_safety"}) == ["food_safety"]


def _again_writes_nothing(engine: Engine, settings: Settings, site_id: int, now_ms: int) -> None:
    """A forced re-evaluation, and the job's next run, change nothing."""
    before = _written(engine)
    with Session(engine) as session:
        assert evaluate_fridge(session, site_id, now_ms, force=True)
        session.commit()
    run_due_jobs(engine, settings, now_ms + MIN, HOLDER, only={"food_safety"})
    assert _written(engine) == before


def test_a_sustained_excursion_warns_as_news_until_it_recovers(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    kiosk, site_id = Kiosk(client, seed.other_token), _site_id(seed)
    # A reading a minute, as it happens: cold, 20 minutes at 7-9 °C, then cold again.
    temperatures = [4.0] * 10 + [7.0, 8.5, 9.0, 8.0] * 5 + [4.0] * 40
    start = NOW_MS
    warned_at = recovered_at = None
    for minute, celsius in enumerate(temperatures):
        clock.now_ms = start + minute * MIN
        kiosk.push([kiosk.reading(clock.now_ms, celsius)])
        _run(engine, settings, clock.now_ms)
        warning = _warning(engine, site_id)
        if warning is not None and warned_at is None:
            warned_at = minute
        if warned_at is not None and warning is None and recovered_at is None:
            recovered_at = minute
    # Warm from minute 10; 15 minutes later the warning; back at 30, safe 30 min later.
    assert (warned_at, recovered_at) == (25, 60)
    warm_start, back = start + 10 * MIN, start + 30 * MIN
    assert _alerts(engine) == [("too_warm", TITLE_WARM, start + 25 * MIN, start + 60 * MIN)]
    assert _updates(engine) == [
        ("too_warm", TITLE_WARM, warm_start, True),
        ("recovered", TITLE_SAFE, back, True),
    ]
    assert _episodes(engine) == [("too_warm", warm_start, back, True)]
    with Session(engine) as session:
        body = session.exec(select(FridgeUpdate.body).where(FridgeUpdate.kind == "too_warm")).one()
    # The site's timezone (New York), 24-hour clock, and the highest reading.
    assert body == "Above 5.0 °C from 08:10 on 21 Jun 2025, highest 9.0 °C."
    _again_writes_nothing(engine, settings, site_id, clock.now_ms)


def test_the_warning_is_an_open_too_warm_alert_of_the_fridge(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    kiosk, site_id = Kiosk(client, seed.other_token), _site_id(seed)
    clock.now_ms = NOW_MS + 20 * MIN
    kiosk.push([kiosk.reading(NOW_MS + n * MIN, 9.5) for n in range(21)])
    _run(engine, settings, clock.now_ms)
    assert _warning(engine, site_id) == TOO_WARM_WARNING
    with Session(engine) as session:
        assert too_warm_sites(session) == {site_id}
        assert seed.site.id is not None
        assert current_warning(session, seed.site.id) is None
    # The fridge's organisers raise their threshold above these readings: with no new
    # event, the job's next run judges the same readings again, and the warning goes.
    with Session(engine) as session:
        update_fridge(session=session, site_slug="harbour", warm_above_c=10.0)
        session.commit()
    _run(engine, settings, clock.now_ms + MIN)
    assert _warning(engine, site_id) is None
    # And back: the same excursion is raised and announced again, under a key of its own.
    with Session(engine) as session:
        update_fridge(session=session, site_slug="harbour", warm_above_c=5.0)
        session.commit()
    _run(engine, settings, clock.now_ms + 2 * MIN)
    assert _warning(engine, site_id) == TOO_WARM_WARNING
    assert [(a[0], a[3]) for a in _alerts(engine)] == [
        ("too_warm", clock.now_ms + MIN),
        ("too_warm", None),
    ]
    assert [u[:2] for u in _updates(engine)] == [("too_warm", TITLE_WARM)] * 2
    assert _episodes(engine) == [
        ("too_warm", NOW_MS, NOW_MS, True),
        ("too_warm", NOW_MS, None, True),
    ]


def test_a_long_excursion_stays_one_episode_as_readings_keep_coming(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    kiosk, site_id = Kiosk(client, seed.other_token), _site_id(seed)
    # Ten warm hours arrive at once; then a reading a minute, each run judging only
    # the recent readings, and the excursion that began hours before stays one.
    clock.now_ms = NOW_MS + 600 * MIN
    kiosk.push([kiosk.reading(NOW_MS + n * MIN, 8.0) for n in range(601)])
    _run(engine, settings, clock.now_ms)
    for minute in range(601, 661):
        clock.now_ms = NOW_MS + minute * MIN
        kiosk.push([kiosk.reading(clock.now_ms, 8.0 if minute < 620 else 3.0)])
        _run(engine, settings, clock.now_ms)
        if minute < 650:
            assert _warning(engine, site_id) == TOO_WARM_WARNING, minute
    assert _warning(engine, site_id) is None
    assert _episodes(engine) == [("too_warm", NOW_MS, NOW_MS + 620 * MIN, True)]
    assert _alerts(engine) == [("too_warm", TITLE_WARM, NOW_MS + 600 * MIN, NOW_MS + 650 * MIN)]
    assert [u[0] for u in _updates(engine)] == ["too_warm", "recovered"]


def test_a_day_offline_is_recorded_as_history_whatever_order_it_arrives_in(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    kiosk, site_id = Kiosk(client, seed.other_token), _site_id(seed)
    # Online for an hour, cold.
    online = [kiosk.reading(NOW_MS + n * MIN, 4.0) for n in range(60)]
    clock.now_ms = NOW_MS + 59 * MIN
    kiosk.push(online)
    _run(engine, settings, clock.now_ms)
    assert _written(engine) == ([], [], [])
    # Then nothing: 15 minutes after its last reading the sensor is flagged silent.
    clock.now_ms = NOW_MS + 74 * MIN
    _run(engine, settings, clock.now_ms)
    silent_title = "Harbour Fridge thermometer not reporting"
    assert _alerts(engine) == [("sensor", silent_title, clock.now_ms, None)]
    assert _updates(engine) == [("sensor", silent_title, NOW_MS + 59 * MIN, True)]
    # A day later the kiosk is back with the day it could not send: two hours too
    # warm in the afternoon, a door left open 12 minutes. Its batches arrive out of order.
    day = [4.0] * 300 + [7.5] * 120 + [4.0] * 1020
    offline = [kiosk.reading(NOW_MS + (60 + n) * MIN, c) for n, c in enumerate(day)]
    offline += [
        kiosk.door(NOW_MS + 600 * MIN, "opened"),
        kiosk.door(NOW_MS + 612 * MIN, "closed", 720.0),
    ]
    batches = [offline[i : i + 250] for i in range(0, len(offline), 250)]
    random.Random(8).shuffle(batches)
    clock.now_ms = NOW_MS + (60 + len(day)) * MIN
    for batch in batches:
        kiosk.push(batch)
    _run(engine, settings, clock.now_ms)
    found = clock.now_ms
    warm_start, back = NOW_MS + 360 * MIN, NOW_MS + 480 * MIN
    # The same episodes the rule gives for the whole series, as if it had been online.
    online_view = evaluate(
        Thresholds(5.0, 15, 30, 5, 15),
        [
            Sample(NOW_MS + n * MIN, ("k", "b", n), "temperature", celsius=c)
            for n, c in enumerate([4.0] * 60 + day)
        ]
        + [
            Sample(NOW_MS + 600 * MIN, ("k", "b", 9998), "door", door="opened"),
            Sample(NOW_MS + 612 * MIN, ("k", "b", 9999), "door", door="closed", open_for_s=720.0),
        ],
        found,
    )
    assert [(e.kind, e.start_ms, e.end_ms) for e in online_view.episodes] == [
        ("too_warm", warm_start, back),
        ("door_open", NOW_MS + 600 * MIN, NOW_MS + 612 * MIN),
    ]
    silent_at = NOW_MS + 74 * MIN
    assert _episodes(engine) == [
        # The silence late readings filled: withdrawn (zero-length), alert cleared.
        ("sensor", NOW_MS + 59 * MIN, NOW_MS + 59 * MIN, True),
        ("too_warm", warm_start, back, False),
        ("door_open", NOW_MS + 600 * MIN, NOW_MS + 612 * MIN, False),
    ]
    # Organisers still see what happened (raised and cleared at once); the public
    # reads it as history, never as news, and no warning is shown now.
    assert _alerts(engine) == [
        ("sensor", silent_title, silent_at, found),
        ("too_warm", TITLE_WARM, found, found),
        ("door_open", "Harbour Fridge door left open", found, found),
    ]
    assert _updates(engine)[1:] == [
        ("too_warm", TITLE_WARM, warm_start, False),
        ("recovered", TITLE_SAFE, back, False),
        ("door_open", "Harbour Fridge door left open", NOW_MS + 600 * MIN, False),
    ]
    assert _warning(engine, site_id) is None
    _again_writes_nothing(engine, settings, site_id, found)


def test_a_door_left_open_is_flagged_when_its_limit_passes_and_cleared_on_close(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    kiosk, site_id = Kiosk(client, seed.other_token), _site_id(seed)
    clock.now_ms = NOW_MS
    kiosk.push([kiosk.door(NOW_MS, "opened")])
    _run(engine, settings, NOW_MS)
    _run(engine, settings, NOW_MS + 5 * MIN)
    assert _alerts(engine) == []
    # No new event: the door's limit passing is what makes the job look again.
    _run(engine, settings, NOW_MS + 6 * MIN)
    title = "Harbour Fridge door left open"
    assert _alerts(engine) == [("door_open", title, NOW_MS + 6 * MIN, None)]
    assert _updates(engine) == [("door_open", title, NOW_MS, True)]
    clock.now_ms = NOW_MS + 8 * MIN
    kiosk.push([kiosk.door(clock.now_ms, "closed", 480.0)])
    _run(engine, settings, NOW_MS + 8 * MIN)
    assert _alerts(engine) == [("door_open", title, NOW_MS + 6 * MIN, NOW_MS + 8 * MIN)]
    assert _updates(engine) == [("door_open", title, NOW_MS, True)]
    assert _episodes(engine) == [("door_open", NOW_MS, NOW_MS + 8 * MIN, True)]
    _again_writes_nothing(engine, settings, site_id, NOW_MS + 8 * MIN)


def test_persisting_faults_are_a_sensor_alert_until_a_reading_comes(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    kiosk, site_id = Kiosk(client, seed.other_token), _site_id(seed)
    clock.now_ms = NOW_MS + 20 * MIN
    kiosk.push([kiosk.reading(NOW_MS, 4.0)] + [kiosk.fault(NOW_MS + n * MIN) for n in range(1, 21)])
    _run(engine, settings, clock.now_ms)
    title = "Harbour Fridge thermometer reporting faults"
    assert _alerts(engine) == [("sensor", title, clock.now_ms, None)]
    assert _updates(engine) == [("sensor", title, NOW_MS, True)]
    clock.now_ms = NOW_MS + 21 * MIN
    kiosk.push([kiosk.reading(clock.now_ms, 4.5)])
    _run(engine, settings, clock.now_ms)
    assert _alerts(engine) == [("sensor", title, NOW_MS + 20 * MIN, NOW_MS + 21 * MIN)]
    assert _episodes(engine) == [("sensor", NOW_MS, NOW_MS + 21 * MIN, True)]
    _again_writes_nothing(engine, settings, site_id, clock.now_ms)


def test_a_fridge_without_readings_and_a_park_are_left_alone(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    # The park's kiosk sends readings too: it is no fridge, so no rule applies.
    park = Kiosk(client, seed.token)
    park_events = [park.reading(NOW_MS + n * MIN, 9.0) for n in range(30)]
    for event in park_events:
        event["kiosk_id"] = "riverside-1"
    park.push(park_events)
    for minutes in (30, 120, 24 * 60):
        _run(engine, settings, NOW_MS + minutes * MIN)
    assert _written(engine) == ([], [], [])
