"""dashboard_stats_1m_events_ms: every chart of the dashboard for one site over a year,
with a million events in the database.

On a migrated SQLite file, 1,000,000 events are bulk-inserted (the ingest's own
executemany, in chunks): a community fridge in Europe/London with a kiosk that
answers prompts all year (emoji prompts and polls, play presses, notes and doodles
after some presses, a heartbeat every ten minutes, a thermometer reading every
minute, drop-offs), and four other sites sharing the rest. The rollup is then built
from the raw events (its time is in the note), and the figure is the median of
several runs of what the charts page does for that fridge over its last 365 local
days: the refresh (nothing marked, so one look) and every chart's query
(services/charts.py `build_charts`). The same again on a scratch PostgreSQL
database (bench/scratch_pg.py) when one is configured, else that figure is skipped.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from bench.common import Figure, Target
from bench.scratch_pg import POSTGRES_ENVS, ScratchDatabase, postgres_server
from server import crud
from server.core.db import make_engine
from server.core.migrate import upgrade
from server.fridges import make_fridge
from server.models import EVENT_TABLE, Site
from server.models_charts import CHART_ROLLUP_TABLE
from server.services.charts import ChartFilter, build_charts
from server.services.event_insert import insert_events
from server.services.rollup import rebuild_sites, refresh
from server.services.tallies import today_at

TOTAL_EVENTS = 1_000_000
MIN = 60_000
DAY = 24 * 60 * MIN
# 2026-11-30 12:00 UTC.
NOW_MS = 1_796_040_000_000
START_MS = NOW_MS - 366 * DAY
RUNS = 15
CHUNK = 50_000
EMOJI = ["😀", "😐", "😢", "🌳"]
OTHER_SITES = 4


def _row(
    kiosk_id: str,
    site_id: int,
    seq: int,
    at_ms: int,
    type_name: str,
    payload: str,
    prompt_id: int | None = None,
    choice: str | None = None,
    play: bool = False,
) -> tuple[Any, ...]:
    # INSERT_COLUMNS order (server/services/event_insert.py).
    return (
        str(uuid.uuid4()),
        kiosk_id,
        site_id,
        "bench-boot",
        seq,
        seq * 1000,
        at_ms,
        True,
        type_name,
        1,
        payload,
        at_ms + 5_000,
        at_ms,
        "kiosk",
        prompt_id,
        choice,
        play,
    )


def _seed(engine: Engine) -> tuple[int, list[tuple[int, str, int]]]:
    """The fridge (its site id) and every site's (id, kiosk, prompt ids...)."""
    sites: list[tuple[int, str, int]] = []
    with Session(engine) as session:
        for n in range(OTHER_SITES + 1):
            slug = "bench-fridge" if n == 0 else f"bench-park-{n}"
            site = crud.create_site(session=session, slug=slug, name=slug, timezone="Europe/London")
            crud.create_kiosk(session=session, site_slug=slug, kiosk_id=f"{slug}-1", name=slug)
            assert site.id is not None
            sites.append((site.id, f"{slug}-1", 0))
        make_fridge(session=session, site_slug="bench-fridge", created_ms=START_MS)
        session.commit()
    return sites[0][0], sites


def _prompts(engine: Engine, slug: str) -> list[tuple[int, str, list[str]]]:
    """A new prompt each month: emoji prompts, every third a poll. (id, kind, choices)."""
    prompts: list[tuple[int, str, list[str]]] = []
    with Session(engine) as session:
        for month in range(13):
            created = START_MS + month * 30 * DAY - DAY
            if month % 3 == 2:
                prompt = crud.set_prompt(
                    session=session,
                    site_slug=slug,
                    text=f"Poll {month}",
                    kind="poll",
                    options=["More benches", "More bins", "More trees"],
                    created_ms=created,
                )
                choices = ["#0", "#1", "#2"]
            else:
                prompt = crud.set_prompt(
                    session=session,
                    site_slug=slug,
                    text=f"Question {month}",
                    emoji=EMOJI,
                    created_ms=created,
                )
                choices = list(EMOJI)
            assert prompt.id is not None
            prompts.append((prompt.id, prompt.kind, choices))
        session.commit()
    return prompts


def _fridge_events(
    site_id: int, kiosk_id: str, prompts: list[Any], rng: random.Random
) -> list[Any]:
    rows: list[tuple[Any, ...]] = []
    seq = 0
    heartbeat = json.dumps({"outbox": {"pending": 0, "in_flight": 0}, "software": "0.1.0"})
    readings = [
        json.dumps({"sensor_id": "28-0316a2795cff", "celsius": c}) for c in (3.5, 4.0, 4.5, 6.5)
    ]
    dropoff = json.dumps(
        {"via": "kiosk", "items": {"produce": 6, "bread": 2}, "rules_confirmed": True}
    )
    note = json.dumps({"text": "Thank you for the bread", "language": "en"})
    doodle = json.dumps({"media": "ab" * 32, "width": 64, "height": 64, "bytes": 900})
    for minute in range(365 * 24 * 60):
        at = START_MS + minute * MIN
        seq += 1
        warm = 2 if minute % 1440 // 60 == 15 else minute % 2
        rows.append(
            _row(kiosk_id, site_id, seq, at, "temperature", readings[warm + (minute % 7 == 0)])
        )
        if minute % 10 == 0:
            seq += 1
            rows.append(_row(kiosk_id, site_id, seq, at + 1, "heartbeat", heartbeat))
        if minute % 360 == 0:
            seq += 1
            rows.append(_row(kiosk_id, site_id, seq, at + 2, "dropoff", dropoff))
    # The rest are presses, in the kiosk's busy hours, with a note or doodle after some.
    month_ms = 30 * DAY
    target = TOTAL_EVENTS * 9 // 10 - len(rows)
    presses = 0
    while presses < target:
        day = rng.randrange(365)
        hour = rng.choice([8, 9, 10, 12, 12, 13, 15, 16, 17, 17, 18, 19])
        at = START_MS + day * DAY + hour * 60 * MIN + rng.randrange(60 * MIN)
        prompt_id, _kind, choices = prompts[min(12, (at - START_MS + DAY) // month_ms)]
        choice = rng.choice(choices)
        answer: dict[str, Any] = (
            {"option": int(choice[1:])} if choice.startswith("#") else {"emoji": choice}
        )
        payload = json.dumps({"prompt_id": prompt_id, **answer})
        seq += 1
        play = rng.random() < 0.05
        rows.append(_row(kiosk_id, site_id, seq, at, "reaction", payload, prompt_id, choice, play))
        presses += 1
        if rng.random() < 0.04:
            seq += 1
            follow = note if rng.random() < 0.8 else doodle
            kind = "note" if follow is note else "doodle"
            rows.append(_row(kiosk_id, site_id, seq, at + 40_000, kind, follow, prompt_id))
            presses += 1
    return rows


def _other_events(sites: list[tuple[int, str, int]], count: int, rng: random.Random) -> list[Any]:
    rows = []
    heartbeat = json.dumps({"outbox": {"pending": 0, "in_flight": 0}, "software": "0.1.0"})
    for n in range(count):
        site_id, kiosk_id, _ = sites[n % len(sites)]
        at = START_MS + rng.randrange(365 * DAY)
        rows.append(_row(kiosk_id, site_id, n + 1, at, "heartbeat", heartbeat))
    return rows


def _insert(engine: Engine, rows: list[Any]) -> None:
    for start in range(0, len(rows), CHUNK):
        with Session(engine) as session:
            insert_events(session, rows[start : start + CHUNK])
            session.commit()


def _charts_ms(engine: Engine, fridge_id: int) -> tuple[float, int]:
    with Session(engine) as session:
        site = session.get(Site, fridge_id)
        assert site is not None
        today = today_at(site, NOW_MS).day
    chart_filter = ChartFilter([fridge_id], today - timedelta(days=364), today)
    times = []
    presses = 0
    for _ in range(RUNS):
        with Session(engine) as session:
            started = time.perf_counter()
            refreshed = refresh(session, now_ms=NOW_MS, site_ids=[fridge_id])
            charts = build_charts(session, chart_filter, now_ms=NOW_MS)
            times.append((time.perf_counter() - started) * 1000)
            session.commit()
        if refreshed.days or refreshed.rebuilt:
            raise RuntimeError("the rollup was not up to date before the timed runs")
        assert charts.health is not None
        presses = charts.health.presses
    return statistics.median(times), presses


@dataclass(frozen=True)
class _Measured:
    median_ms: float
    presses: int
    events: int
    rollup_rows: int
    insert_s: float
    rebuild_s: float

    def note(self, database: str) -> str:
        return (
            f"every chart for one fridge over 365 days, {database} ({self.events:,} events "
            f"stored, {self.presses:,} opinion presses in range; {self.rollup_rows:,} daily "
            f"rollup rows), median of {RUNS}; bulk insert {self.insert_s:.0f} s, rollup built "
            f"from raw in {self.rebuild_s:.0f} s"
        )


def _measure(url: str) -> _Measured:
    """Seed a migrated database at `url` with the million events and time the charts."""
    rng = random.Random(16)
    upgrade(url)
    engine = make_engine(url)
    try:
        fridge_id, sites = _seed(engine)
        prompts = _prompts(engine, "bench-fridge")
        for n in range(1, OTHER_SITES + 1):
            _prompts(engine, f"bench-park-{n}")
        rows = _fridge_events(fridge_id, sites[0][1], prompts, rng)
        rows += _other_events(sites[1:], TOTAL_EVENTS - len(rows), rng)
        started = time.perf_counter()
        _insert(engine, rows)
        insert_s = time.perf_counter() - started
        del rows
        started = time.perf_counter()
        with Session(engine) as session:
            rebuild_sites(session, site_ids=None, now_ms=NOW_MS)
            session.commit()
            connection = session.connection()
            rollup_rows = connection.execute(
                select(func.count())
                .select_from(CHART_ROLLUP_TABLE)
                .where(CHART_ROLLUP_TABLE.c.site_id == fridge_id)
            ).scalar_one()
            events = connection.execute(select(func.count()).select_from(EVENT_TABLE)).scalar_one()
        rebuild_s = time.perf_counter() - started
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                # What autovacuum would do soon after a load this size.
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "ANALYZE"
                )
        median, presses = _charts_ms(engine, fridge_id)
    finally:
        engine.dispose()
    return _Measured(median, presses, events, rollup_rows, insert_s, rebuild_s)


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="storywall-bench-charts-") as folder:
        sqlite = _measure(f"sqlite:///{Path(folder) / 'hub.sqlite3'}")
    figures = [
        Figure(
            "dashboard_stats_1m_events_ms",
            sqlite.median_ms,
            "ms",
            Target("<=", 100.0),
            note=sqlite.note("SQLite"),
        )
    ]
    server = postgres_server()
    if server is None:
        reason = f"no PostgreSQL: set {' or '.join(POSTGRES_ENVS)}"
        figures.append(
            Figure(
                "dashboard_stats_1m_events_pg_ms", 0.0, "ms", Target("<=", 100.0), skipped=reason
            )
        )
        return figures
    with ScratchDatabase(server, prefix="storywall_bench_charts") as database:
        postgres = _measure(database.url)
    figures.append(
        Figure(
            "dashboard_stats_1m_events_pg_ms",
            postgres.median_ms,
            "ms",
            Target("<=", 100.0),
            note=postgres.note("PostgreSQL"),
        )
    )
    return figures
