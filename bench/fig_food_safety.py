"""food_safety_fridge_8d_ms, food_safety_fridge_minute_ms and food_safety_idle_run_ms.

On a migrated SQLite file, through the job's own queries and rule, medians of
several runs:
- 8d: a fridge with a reading a minute for 8 days (11,520) and 40 door openings a
  day judged over the whole window, as on its first run, after a rule change or when
  a kiosk's readings are placed again (rolled back, so each run judges the same);
- minute: the common case, a kiosk online: one new reading since the last run, so
  only the recent readings are judged again;
- idle: a whole job run over 50 fridges when nothing moved (one query).
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session

from bench.common import Figure, Target
from server import crud
from server.core.db import make_engine
from server.core.migrate import upgrade
from server.fridges import make_fridge
from server.models import EVENT_TABLE
from server.services.food_safety_episodes import evaluate_fridge, evaluate_fridges

MIN = 60_000
DAYS = 8
NOW_MS = 1_750_507_200_000
RUNS = 15
IDLE_FRIDGES = 50


def _event(kiosk_id: str, site_id: int, seq: int, at_ms: int, type_name: str, payload: Any) -> Any:
    return {
        "id": str(uuid.uuid4()),
        "kiosk_id": kiosk_id,
        "site_id": site_id,
        "boot_id": "bench-boot",
        "seq": seq,
        "mono_ms": seq,
        "wall_ms": at_ms,
        "clock_synced": True,
        "type": type_name,
        "v": 1,
        "payload": payload,
        "received_ms": at_ms + 5_000,
        "placed_ms": at_ms,
        "placed_by": "kiosk",
        "play": False,
    }


def _seed_fridge(engine: Engine, slug: str, *, history: bool) -> int:
    with Session(engine) as session:
        site = crud.create_site(session=session, slug=slug, name=slug, timezone="Europe/London")
        kiosk_id = f"{slug}-1"
        crud.create_kiosk(session=session, site_slug=slug, kiosk_id=kiosk_id, name=slug)
        make_fridge(session=session, site_slug=slug, created_ms=NOW_MS - 30 * 24 * 60 * MIN)
        session.commit()
        assert site.id is not None
        site_id = site.id
    start = NOW_MS - DAYS * 24 * 60 * MIN
    rows = []
    minutes = DAYS * 24 * 60 if history else 30
    for minute in range(minutes):
        at = start + minute * MIN if history else NOW_MS - (30 - minute) * MIN
        # A cold fridge with an afternoon's warm hour each day.
        celsius = 7.5 if 900 <= minute % 1440 < 960 else 4.0
        payload = {"sensor_id": "28-0316a2795cff", "celsius": celsius}
        rows.append(_event(kiosk_id, site_id, minute, at, "temperature", payload))
        if history and minute % 36 == 0:
            rows.append(_event(kiosk_id, site_id, 10**6 + minute, at, "door", {"state": "opened"}))
            closed = {"state": "closed", "open_for_s": 25.0}
            rows.append(_event(kiosk_id, site_id, 2 * 10**6 + minute, at + 25_000, "door", closed))
    with engine.begin() as connection:
        connection.execute(insert(EVENT_TABLE), rows)
    return site_id


def _fridge_8d_ms(engine: Engine, site_id: int) -> float:
    times = []
    for _ in range(RUNS):
        with Session(engine) as session:
            started = time.perf_counter()
            evaluate_fridge(session, site_id, NOW_MS, force=True)
            times.append((time.perf_counter() - started) * 1000)
            session.rollback()
    return statistics.median(times)


def _minute_ms(engine: Engine, site_id: int) -> float:
    kiosk_id = "bench-fridge-1"
    with Session(engine) as session:
        evaluate_fridge(session, site_id, NOW_MS, force=True)
        session.commit()
    times = []
    for n in range(RUNS):
        at = NOW_MS + (n + 1) * MIN
        payload = {"sensor_id": "28-0316a2795cff", "celsius": 4.0}
        with engine.begin() as connection:
            row = _event(kiosk_id, site_id, 10**7 + n, at - 5_000, "temperature", payload)
            connection.execute(insert(EVENT_TABLE), [row])
        with Session(engine) as session:
            started = time.perf_counter()
            if not evaluate_fridge(session, site_id, at):
                raise RuntimeError("a new reading did not make the fridge be judged")
            session.commit()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _idle_run_ms(engine: Engine) -> float:
    # Every fridge judged, then judged again once its newest arrivals are older than
    # the arrival slack: from then on nothing has moved.
    evaluate_fridges(engine, NOW_MS)
    evaluate_fridges(engine, NOW_MS + 2 * MIN)
    times = []
    for n in range(RUNS):
        # Before any sensor silence falls due.
        at = NOW_MS + 3 * MIN + n * 1000
        started = time.perf_counter()
        evaluated = evaluate_fridges(engine, at)
        times.append((time.perf_counter() - started) * 1000)
        if evaluated:
            raise RuntimeError(f"an idle run evaluated {evaluated} fridges")
    return statistics.median(times)


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="storywall-bench-food-") as folder:
        url = f"sqlite:///{Path(folder) / 'hub.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        try:
            site_id = _seed_fridge(engine, "bench-fridge", history=True)
            one = _fridge_8d_ms(engine, site_id)
            minute = _minute_ms(engine, site_id)
        finally:
            engine.dispose()
        url = f"sqlite:///{Path(folder) / 'idle.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        try:
            for n in range(IDLE_FRIDGES):
                _seed_fridge(engine, f"idle-fridge-{n}", history=False)
            idle = _idle_run_ms(engine)
        finally:
            engine.dispose()
    return [
        Figure(
            "food_safety_fridge_8d_ms",
            one,
            "ms",
            Target("<=", 500.0),
            note="one fridge's 8 days re-judged (11,520 readings, 640 door events), median",
        ),
        Figure(
            "food_safety_fridge_minute_ms",
            minute,
            "ms",
            Target("<=", 50.0),
            note="the same fridge judged after one new reading (its recent hours), median",
        ),
        Figure(
            "food_safety_idle_run_ms",
            idle,
            "ms",
            Target("<=", 100.0),
            note=f"a job run over {IDLE_FRIDGES} fridges with nothing new, median",
        ),
    ]
