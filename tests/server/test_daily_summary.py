"""The daily summary job (docs/fridges.md, "Updates and feeds"): after the fridge's local
midnight, one update for the local day that ended, written once."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server.core.config import Settings
from server.jobs import run_due_jobs
from server.models_fridge import Fridge
from server.models_updates import FridgeUpdate
from server.services.daily_summary import local_day_bounds
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, push
from tests.server.fridge_builders import check, door, dropoff, fridge_event, temperature

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
# Midnight in New York between Friday 20 and Saturday 21 June 2025 (04:00 UTC).
MIDNIGHT = NOW_MS - 8 * HOUR


def _dailies(engine: Engine) -> list[FridgeUpdate]:
    with Session(engine) as session:
        statement = (
            select(FridgeUpdate)
            .where(col(FridgeUpdate.kind) == "daily")
            .order_by(col(FridgeUpdate.occurred_ms))
        )
        return list(session.exec(statement).all())


def _run(engine: Engine, settings: Settings, now_ms: int) -> list[str]:
    return run_due_jobs(engine, settings, now_ms, "test-holder", only={"daily_summary"})


def test_the_day_that_ended_at_local_midnight_is_summarised_once(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    token = seed.other_token
    clock.now_ms = MIDNIGHT - 6 * MINUTE
    friday = [
        dropoff(seq=1, wall_ms=MIDNIGHT - 10 * HOUR, items={"produce": 1, "dairy": 2}),
        check(seq=2, wall_ms=MIDNIGHT - 4 * HOUR),
        temperature(seq=3, wall_ms=MIDNIGHT - 3 * HOUR, celsius=3.0),
        temperature(seq=4, wall_ms=MIDNIGHT - 2 * HOUR, celsius=4.5),
        temperature(seq=5, wall_ms=MIDNIGHT - HOUR, celsius=6.5),
        fridge_event(
            "temperature",
            {"sensor_id": "28-0316a2795cff", "fault": "read_error"},
            seq=6,
            wall_ms=MIDNIGHT - HOUR,
        ),
        door(seq=7, wall_ms=MIDNIGHT - 5 * HOUR, state="opened"),
        door(seq=8, wall_ms=MIDNIGHT - 5 * HOUR + MINUTE, state="closed", open_for_s=60.0),
        door(seq=9, wall_ms=MIDNIGHT - HOUR, state="opened"),
        dropoff(seq=10, wall_ms=MIDNIGHT - 30 * MINUTE),
    ]
    # Friday 03:30 UTC is still Thursday in New York: in no summary of Friday.
    thursday = [
        dropoff(seq=11, wall_ms=MIDNIGHT - DAY - 30 * MINUTE, items={"other": 9}),
        temperature(seq=12, wall_ms=MIDNIGHT - DAY - 30 * MINUTE, celsius=9.0),
    ]
    assert push(client, token, friday + thursday).json()["accepted"] == len(friday) + 2

    # 23:54 on Friday in New York (03:54 UTC on Saturday): Friday has not ended.
    assert _run(engine, settings, MIDNIGHT - 6 * MINUTE) == ["daily_summary"]
    assert _dailies(engine) == []

    assert _run(engine, settings, MIDNIGHT + MINUTE) == ["daily_summary"]
    (friday_update,) = _dailies(engine)
    assert friday_update.title == "Harbour Fridge on Fri 20 Jun 2025: 2 restocks"
    assert friday_update.body == (
        "2 restocks: 7 produce, 2 bread, 2 dairy and eggs. "
        "Temperature: average 4.7 °C, highest 6.5 °C (3 readings). "
        "Door opened 2 times. 1 cleaning check."
    )
    assert friday_update.key == f"daily:{seed.other_site.id}:2025-06-20"
    assert (friday_update.occurred_ms, friday_update.created_ms, friday_update.news) == (
        MIDNIGHT,
        MIDNIGHT + MINUTE,
        True,
    )

    # A reading of Friday that arrives later, and another run: the summary stands, once.
    clock.now_ms = MIDNIGHT + 30 * MINUTE
    late = [temperature(seq=13, wall_ms=MIDNIGHT - 20 * MINUTE, celsius=8.0)]
    saturday = [temperature(seq=14, wall_ms=MIDNIGHT + 30 * MINUTE, celsius=5.25)]
    assert push(client, token, late + saturday).json()["accepted"] == 2
    assert _run(engine, settings, MIDNIGHT + 30 * MINUTE) == ["daily_summary"]
    assert [(u.key, u.body) for u in _dailies(engine)] == [(friday_update.key, friday_update.body)]

    # Saturday had telemetry and no drop-off: "no restocks". Sunday had nothing: no summary.
    _run(engine, settings, MIDNIGHT + DAY + MINUTE)
    _run(engine, settings, MIDNIGHT + 2 * DAY + MINUTE)
    friday_again, saturday_update = _dailies(engine)
    assert friday_again.id == friday_update.id
    assert saturday_update.title == "Harbour Fridge on Sat 21 Jun 2025: no restocks"
    assert saturday_update.body == (
        "No restocks. Temperature: average 5.2 °C, highest 5.2 °C (1 reading)."
    )
    assert saturday_update.occurred_ms == MIDNIGHT + DAY


def test_days_missed_while_the_hub_was_down_are_written_as_history(
    client: httpx.Client,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
) -> None:
    clock.now_ms = MIDNIGHT + 3 * DAY
    readings = [
        temperature(seq=n + 1, wall_ms=MIDNIGHT + n * DAY + HOUR, celsius=4.0) for n in range(3)
    ]
    assert push(client, seed.other_token, readings).json()["accepted"] == 3
    _run(engine, settings, MIDNIGHT + 3 * DAY + 5 * MINUTE)
    dailies = _dailies(engine)
    # Saturday to Monday; only Monday's, written minutes after its end, is news. Friday
    # (the fridge's first day) had no event, so it has no summary.
    assert [u.key.rsplit(":", 1)[1] for u in dailies] == ["2025-06-21", "2025-06-22", "2025-06-23"]
    assert [u.news for u in dailies] == [False, False, True]


def test_a_local_day_is_23_or_25_hours_when_the_clocks_change() -> None:
    for day, hours in ((date(2025, 3, 9), 23), (date(2025, 11, 2), 25), (date(2025, 6, 20), 24)):
        start, end = local_day_bounds(day, "America/New_York")
        assert end - start == hours * HOUR
    start, _end = local_day_bounds(date(2025, 6, 20), "America/New_York")
    assert start == MIDNIGHT - DAY
