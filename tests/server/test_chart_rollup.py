"""The charts' rollup equals a count of the raw events, however the events arrived.

Random kiosk histories are pushed through the API: reactions (some play), notes,
doodles, heartbeats, and at the fridge temperatures and drop-offs; kiosks that go
offline for days, boots whose clock is unsynchronised until a heartbeat syncs it
(their earlier events are then placed again, into other days, or out of the
undated bucket). The rollup job runs now and then between pushes (counting only
the marked days); at the end the rollup must equal a count made here, in a plain
way, from every stored event, and equal a rebuild from scratch.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import datetime
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text
from sqlmodel import Session

from server import crud
from server.core.config import Settings
from server.jobs import run_due_jobs
from server.models import EVENT_TABLE
from server.models_charts import (
    CHART_ROLLUP_HOUR_TABLE,
    CHART_ROLLUP_MARK_TABLE,
    CHART_ROLLUP_TABLE,
)
from server.models_fridge import Fridge
from server.services.rollup import rebuild_sites, refresh
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, iso, push

HOUR = 3_600_000
FOLLOW_MS = 5 * 60_000
MEDIA = "ab" * 32


class Kiosk:
    """One simulated kiosk: its sequence, its boot, its clock and its outbox."""

    def __init__(self, rng: random.Random, kiosk_id: str, token: str, start_ms: int) -> None:
        self.rng = rng
        self.kiosk_id = kiosk_id
        self.token = token
        self.true_ms = start_ms
        self.seq = 0
        self.boot = 0
        self.outbox: list[dict[str, Any]] = []
        self.new_boot()

    def new_boot(self) -> None:
        self.boot += 1
        self.boot_id = f"{self.kiosk_id}-boot-{self.boot}"
        self.mono_ms = 20_000
        # Some boots never sync, some sync after a while, some from the start.
        self.synced = self.rng.random() < 0.3
        self.sync_after = self.rng.choice([0, 3, 10, 40, 10_000])

    def wait(self, ms: int) -> None:
        self.true_ms += ms
        self.mono_ms += ms

    def event(self, type_name: str, payload: dict[str, Any]) -> None:
        self.seq += 1
        if not self.synced and self.seq % 50 >= self.sync_after % 50 and self.sync_after < 100:
            self.synced = True
            self._envelope("heartbeat", {"outbox": {"pending": 0, "in_flight": 0}})
            self.seq += 1
        self._envelope(type_name, payload)

    def _envelope(self, type_name: str, payload: dict[str, Any]) -> None:
        # An unsynchronised clock reads nonsense: 2001 plus the time since boot.
        wall = self.true_ms if self.synced else 978_307_200_000 + self.mono_ms
        self.outbox.append(
            {
                "v": 1,
                "id": str(uuid.uuid4()),
                "kiosk_id": self.kiosk_id,
                "boot_id": self.boot_id,
                "seq": self.seq,
                "mono_ms": self.mono_ms,
                "wall_time": iso(wall),
                "clock_synced": self.synced,
                "type": type_name,
                "payload": payload,
            }
        )


def _act(kiosk: Kiosk, prompt_id: int, emoji: list[str], fridge: bool) -> None:
    rng = kiosk.rng
    roll = rng.random()
    if roll < 0.45:
        payload: dict[str, Any] = {"prompt_id": prompt_id, "emoji": rng.choice(emoji)}
        if rng.random() < 0.15:
            payload["play"] = True
        kiosk.event("reaction", payload)
        if rng.random() < 0.4:
            kiosk.wait(rng.choice([20_000, 90_000, FOLLOW_MS - 1000, FOLLOW_MS + 60_000]))
            if rng.random() < 0.7:
                kiosk.event("note", {"text": "the bench is lovely", "language": "en"})
            else:
                kiosk.event("doodle", {"media": MEDIA, "width": 64, "height": 64, "bytes": 90})
    elif roll < 0.55:
        kiosk.event("note", {"text": "more bins please", "language": "en", "prompt_id": prompt_id})
    elif roll < 0.65:
        kiosk.event("heartbeat", {"outbox": {"pending": 0, "in_flight": 0}})
    elif fridge and roll < 0.85:
        reading = rng.choice([3.5, 4.25, 6.0, 8.5, 85.0, None])
        if reading is None:
            kiosk.event("temperature", {"sensor_id": "28-0316a2795cff", "fault": "read_error"})
        else:
            kiosk.event("temperature", {"sensor_id": "28-0316a2795cff", "celsius": reading})
    elif fridge:
        items = {"produce": rng.randint(1, 9), "bread": rng.randint(1, 3)}
        kiosk.event("dropoff", {"via": "kiosk", "items": items, "rules_confirmed": True})
    kiosk.wait(rng.choice([15_000, 120_000, HOUR, 5 * HOUR, 11 * HOUR]))


def _flush(client: TestClient, clock: FakeClock, kiosk: Kiosk, *, part: bool = False) -> None:
    """Push the outbox (or its first part) as the kiosk's current boot. Now and then
    the push reaches the hub a day or two late (so the hub's bound places an
    unsynchronised boot's events days late, until something better comes)."""
    if not kiosk.outbox:
        return
    rng = kiosk.rng
    lag = rng.choice([50, 900, 4000, 30 * HOUR]) if rng.random() < 0.1 else rng.randint(50, 4000)
    clock.now_ms = max(clock.now_ms, kiosk.true_ms + lag)
    end = rng.randint(1, len(kiosk.outbox)) if part else len(kiosk.outbox)
    pending, kiosk.outbox = kiosk.outbox[:end], kiosk.outbox[end:]
    while pending:
        batch, pending = pending[:40], pending[40:]
        response = push(
            client, kiosk.token, batch, boot_id=kiosk.boot_id, sent_mono_ms=kiosk.mono_ms
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["rejected"] == 0, body


def _plain_count(engine: Engine) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The rollup, counted here from every stored event without the service."""
    with engine.connect() as connection:
        zones: dict[int, str] = dict(
            connection.execute(text("SELECT id, timezone FROM site")).all()
        )
        events = connection.execute(
            select(
                EVENT_TABLE.c.site_id,
                EVENT_TABLE.c.type,
                EVENT_TABLE.c.placed_ms,
                EVENT_TABLE.c.prompt_id,
                EVENT_TABLE.c.choice,
                EVENT_TABLE.c.play,
                EVENT_TABLE.c.kiosk_id,
                EVENT_TABLE.c.boot_id,
                EVENT_TABLE.c.seq,
                EVENT_TABLE.c.mono_ms,
                EVENT_TABLE.c.payload,
            )
        ).all()
    followed: set[tuple[str, int]] = set()
    by_kiosk: dict[str, list[Any]] = defaultdict(list)
    for event in events:
        if event.type in ("reaction", "note", "doodle") and not event.play:
            by_kiosk[event.kiosk_id].append(event)
    for sequence in by_kiosk.values():
        sequence.sort(key=lambda e: e.seq)
        for before, after in pairwise(sequence):
            if (
                after.type in ("note", "doodle")
                and before.type == "reaction"
                and before.boot_id == after.boot_id
                and after.mono_ms - before.mono_ms <= FOLLOW_MS
            ):
                followed.add((after.kiosk_id, after.seq))
    cells: dict[tuple[Any, ...], list[Any]] = {}
    for event in events:
        if event.placed_ms is None:
            day, hour, weekday = 0, None, 0
        else:
            local = datetime.fromtimestamp(event.placed_ms / 1000, ZoneInfo(zones[event.site_id]))
            day = int(local.strftime("%Y%m%d"))
            hour, weekday = local.hour, local.weekday()
        prompted = event.type in ("reaction", "note", "doodle")
        celsius = event.payload.get("celsius") if event.type == "temperature" else None
        valid = celsius is not None and -30 <= celsius <= 40
        if hour is not None and (prompted or event.type == "temperature"):
            kind = "people" if prompted else "temperature"
            hourly = cells.setdefault(
                ("hour", event.site_id, kind, day, hour), [weekday, 0, 0, 0, None, None, 0.0, 0]
            )
            hourly[1] += 1
            if valid:
                hourly[4] = celsius if hourly[4] is None else min(hourly[4], celsius)
                hourly[5] = celsius if hourly[5] is None else max(hourly[5], celsius)
                hourly[6] += celsius
                hourly[7] += 1
        key = (
            "day",
            event.site_id,
            day,
            event.type,
            (event.prompt_id or 0) if prompted else 0,
            (event.choice or "") if prompted else "",
            bool(event.play) if prompted else False,
        )
        cell = cells.setdefault(key, [weekday, 0, 0, 0, None, None, 0.0, 0])
        cell[1] += 1
        if (event.kiosk_id, event.seq) in followed:
            cell[2] += 1
        if event.type == "dropoff":
            cell[3] += sum(event.payload["items"].values())
        if valid:
            cell[4] = celsius if cell[4] is None else min(cell[4], celsius)
            cell[5] = celsius if cell[5] is None else max(cell[5], celsius)
            cell[6] += celsius
            cell[7] += 1
    return {
        key: (w, n, f, q, lo, hi, round(total, 6) if t else None, t)
        for key, (w, n, f, q, lo, hi, total, t) in cells.items()
    }


def _rollup(engine: Engine) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(select(CHART_ROLLUP_TABLE)).all()
        hours = connection.execute(select(CHART_ROLLUP_HOUR_TABLE)).all()
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {
        ("day", row.site_id, row.day, row.type, row.prompt_id, row.choice, bool(row.play)): (
            row.weekday,
            row.n,
            row.followed,
            row.qty,
            row.t_min,
            row.t_max,
            None if row.t_sum is None else round(row.t_sum, 6),
            row.t_n,
        )
        for row in rows
    }
    for row in hours:
        found[("hour", row.site_id, row.kind, row.day, row.hour)] = (
            row.weekday,
            row.n,
            0,
            0,
            row.t_min,
            row.t_max,
            None if row.t_sum is None else round(row.t_sum, 6),
            row.t_n,
        )
    return found


def _run_job(engine: Engine, settings: Settings, clock: FakeClock) -> None:
    # A fresh lease time each run, so the job is due.
    clock.now_ms += 61_000
    assert run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"chart_rollup"}) == [
        "chart_rollup"
    ]


@pytest.mark.parametrize("seed_value", [1, 2, 3])
def test_the_rollup_equals_a_count_of_the_raw_events(
    client: TestClient,
    engine: Engine,
    settings: Settings,
    clock: FakeClock,
    seed: Seed,
    fridge: Fridge,
    seed_value: int,
) -> None:
    rng = random.Random(seed_value)
    start = NOW_MS - 30 * 24 * HOUR
    clock.now_ms = start
    kiosks = [
        (Kiosk(rng, "riverside-1", seed.token, start), seed.prompt, False),
        (Kiosk(rng, "harbour-1", seed.other_token, start), seed.other_prompt, True),
    ]
    _run_job(engine, settings, clock)  # built (empty) before anything arrives
    for step in range(400):
        kiosk, prompt, is_fridge = rng.choice(kiosks)
        assert prompt.id is not None
        _act(kiosk, prompt.id, list(prompt.emoji), is_fridge)
        if rng.random() < 0.02:
            kiosk.wait(rng.choice([2, 3, 6]) * 24 * HOUR)  # offline for days, then back
        if rng.random() < 0.04:
            # Rebooted, maybe before sending everything: the old boot's events then
            # travel in the new boot's pushes (undated, unless a heartbeat of theirs
            # synced), some of them in a later push than others.
            if rng.random() < 0.5:
                _flush(client, clock, kiosk, part=True)
            kiosk.new_boot()
        elif rng.random() < 0.2:
            _flush(client, clock, kiosk, part=rng.random() < 0.3)
        if step % 60 == 59:
            _run_job(engine, settings, clock)
    for kiosk, _prompt, _fridge in kiosks:
        _flush(client, clock, kiosk)
    _run_job(engine, settings, clock)

    with engine.connect() as connection:
        placed = connection.execute(text("SELECT count(placed_ms), count(*) FROM event")).one()
        assert connection.execute(select(CHART_ROLLUP_MARK_TABLE)).all() == []
    # A history of some size (seed 1 also has an undated event).
    assert placed[0] > 300 and placed[1] >= placed[0]
    expected = _plain_count(engine)
    assert any(key[3] == "note" and value[2] for key, value in expected.items())
    assert any(key[2] == "temperature" and value[7] for key, value in expected.items())
    assert _rollup(engine) == expected

    with Session(engine) as session:
        assert rebuild_sites(session, site_ids=None, now_ms=clock.now_ms) == 2
        session.commit()
    assert _rollup(engine) == expected


def test_a_refresh_counts_only_up_to_max_days_and_leaves_the_rest_marked(
    client: TestClient, engine: Engine, clock: FakeClock, seed: Seed
) -> None:
    kiosk = Kiosk(random.Random(7), "riverside-1", seed.token, NOW_MS - 10 * 24 * HOUR)
    kiosk.synced = True
    with Session(engine) as session:
        refresh(session, now_ms=clock.now_ms)
        session.commit()
    for _ in range(5):
        kiosk.event("reaction", {"prompt_id": seed.prompt_id, "emoji": "😀"})
        kiosk.wait(36 * HOUR)
    _flush(client, clock, kiosk)
    with Session(engine) as session:
        first = refresh(session, now_ms=clock.now_ms, max_days=2)
        session.commit()
        assert first.left > 0
        rest = refresh(session, now_ms=clock.now_ms)
        session.commit()
        assert rest.left == 0
    total = sum(
        value[1] for key, value in _rollup(engine).items() if key[:4:3] == ("day", "reaction")
    )
    assert total == 5


def test_a_site_whose_time_zone_changed_is_counted_again_in_its_new_days(
    client: TestClient, engine: Engine, settings: Settings, clock: FakeClock, seed: Seed
) -> None:
    kiosk = Kiosk(random.Random(5), "riverside-1", seed.token, NOW_MS - 3 * 24 * HOUR)
    kiosk.synced = True
    for _ in range(30):
        _act(kiosk, seed.prompt_id, list(seed.prompt.emoji), False)
    _flush(client, clock, kiosk)
    _run_job(engine, settings, clock)
    assert _rollup(engine) == _plain_count(engine)
    with Session(engine) as session:
        crud.update_site(session=session, slug="riverside", timezone="Pacific/Auckland")
    _run_job(engine, settings, clock)
    assert _rollup(engine) == _plain_count(engine)
    assert any(key[3] == "reaction" for key in _rollup(engine) if key[0] == "day")
