"""What each chart counts, from events pushed through the API (docs/charts.md).

Riverside is in Europe/London (BST, UTC+1 in June); Harbour, a fridge, in
America/New_York. NOW_MS is Saturday 2025-06-21 12:00 UTC.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from server import crud
from server.models_fridge import Fridge
from server.services.charts import ChartFilter, Charts, build_charts
from server.services.replies import ReplyStats
from server.services.rollup import refresh
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, iso, push

MIN = 60_000
HOUR = 60 * MIN
DAY = 24 * HOUR
TODAY = date(2025, 6, 21)


class Outbox:
    """Events of one kiosk and boot, numbered as a kiosk numbers them."""

    def __init__(
        self, kiosk_id: str, boot_id: str = "boot-a", *, booted_ms: int = NOW_MS - 10 * DAY
    ) -> None:
        self.kiosk_id, self.boot_id, self.seq = kiosk_id, boot_id, 0
        self.booted_ms = booted_ms
        self.events: list[dict[str, Any]] = []

    def add(
        self, type_name: str, payload: dict[str, Any], at_ms: int, *, synced: bool = True
    ) -> None:
        self.seq += 1
        self.events.append(
            {
                "v": 1,
                "id": str(uuid.uuid4()),
                "kiosk_id": self.kiosk_id,
                "boot_id": self.boot_id,
                "seq": self.seq,
                "mono_ms": at_ms - self.booted_ms,
                "wall_time": iso(at_ms if synced else 978_307_200_000),
                "clock_synced": synced,
                "type": type_name,
                "payload": payload,
            }
        )


def _push(client: TestClient, token: str, outbox: Outbox, push_boot: str | None = None) -> None:
    response = push(client, token, outbox.events, boot_id=push_boot or outbox.boot_id)
    assert response.status_code == 200, response.text
    assert response.json()["rejected"] == 0, response.json()
    outbox.events = []


def _charts(engine: Engine, site_ids: list[int] | None, first: date, last: date) -> Charts:
    with Session(engine) as session:
        refresh(session, now_ms=NOW_MS, site_ids=site_ids)
        session.commit()
        return build_charts(session, ChartFilter(site_ids, first, last), now_ms=NOW_MS)


def test_reactions_play_notes_heatmap_and_follow_ups(
    client: TestClient, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    box = Outbox("riverside-1")
    pid = seed.prompt_id
    yesterday_9 = NOW_MS - DAY - 4 * HOUR  # Fri 08:00 UTC = 09:00 in London
    box.add("reaction", {"prompt_id": pid, "emoji": "😀"}, yesterday_9)
    box.add("note", {"text": "lovely", "language": "en"}, yesterday_9 + 2 * MIN)  # follows
    box.add("reaction", {"prompt_id": pid, "emoji": "😀"}, yesterday_9 + 10 * MIN)
    box.add("reaction", {"prompt_id": pid, "emoji": "😢", "play": True}, yesterday_9 + 11 * MIN)
    box.add("reaction", {"prompt_id": pid, "emoji": "😢", "play": True}, yesterday_9 + 11 * MIN)
    # A play press between does not count as what came before the doodle.
    doodle = {"media": "ab" * 32, "width": 64, "height": 64, "bytes": 90}
    box.add("doodle", doodle, yesterday_9 + 12 * MIN)  # follows the 😀 at +10
    box.add("reaction", {"prompt_id": pid, "emoji": "😢"}, NOW_MS - HOUR)  # Sat 12:00 London
    box.add("note", {"text": "late", "language": "en"}, NOW_MS - HOUR + 6 * MIN)  # too late
    # 23:30 UTC on Friday is already Saturday 00:30 in London.
    box.add("reaction", {"prompt_id": pid, "emoji": "🌳"}, NOW_MS - 12 * HOUR - 30 * MIN)
    box.add("heartbeat", {"outbox": {"pending": 0, "in_flight": 0}}, NOW_MS - 2 * HOUR)
    _push(client, seed.token, box)

    charts = _charts(engine, [seed.site.id or 0], TODAY - timedelta(days=1), TODAY)
    assert charts.days == [TODAY - timedelta(days=1), TODAY]
    assert charts.reactions == {"😀": [2, 0], "😢": [0, 1], "🌳": [0, 1]}
    assert charts.opinion == [2, 2]
    assert charts.play == [2, 0]
    assert charts.notes == [1, 1]
    assert charts.doodles == [1, 0]
    friday, saturday = 4, 5
    assert charts.heatmap[friday][9] == 6  # 2 presses, 2 play, a note, a doodle
    assert charts.heatmap[saturday][12] == 2
    assert charts.heatmap[saturday][0] == 1
    assert sum(map(sum, charts.heatmap)) == 9  # the heartbeat is nobody
    health = charts.health
    assert health is not None
    assert (health.presses, health.followed) == (4, 2)
    assert health.followed_share == 0.5
    # Its notes are held, so none is counted among the notes to answer.
    assert health.replies == ReplyStats(notes=0, answered=0, median_reply_ms=None)
    assert charts.undated == {}

    only_today = _charts(engine, [seed.site.id or 0], TODAY, TODAY)
    assert only_today.reactions == {"😢": [1], "🌳": [1]}


def test_undated_events_are_counted_apart_and_move_when_their_clock_syncs(
    client: TestClient, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    # Boot "old" never pushed as itself: its events arrive in boot "new"'s push.
    old = Outbox("riverside-1", boot_id="old")
    old.add(
        "reaction", {"prompt_id": seed.prompt_id, "emoji": "😐"}, NOW_MS - 2 * HOUR, synced=False
    )
    old.add("note", {"text": "hello", "language": "en"}, NOW_MS - 2 * HOUR + MIN, synced=False)
    _push(client, seed.token, old, push_boot="new")
    charts = _charts(engine, [seed.site.id or 0], TODAY, TODAY)
    assert charts.undated == {"reaction": 1, "note": 1}
    assert charts.opinion == [0] and charts.notes == [0]

    # Its synchronised heartbeat, arriving later, dates the boot: they move into today.
    old.add("heartbeat", {"outbox": {"pending": 0, "in_flight": 0}}, NOW_MS - HOUR)
    _push(client, seed.token, old, push_boot="new")
    charts = _charts(engine, [seed.site.id or 0], TODAY, TODAY)
    assert charts.undated == {}
    assert charts.reactions == {"😐": [1]}
    assert charts.notes == [1]
    assert charts.health is not None and charts.health.followed == 1


def test_polls_dropoffs_and_temperature_with_its_threshold(
    client: TestClient, engine: Engine, session: Session, seed: Seed, fridge: Fridge
) -> None:
    poll = crud.set_prompt(
        session=session,
        site_slug="harbour",
        text="What should we stock?",
        kind="poll",
        options=["Bread", "Fruit", "Milk"],
        created_ms=NOW_MS - 2 * DAY,
    )
    assert poll.id is not None
    box = Outbox("harbour-1")
    morning = NOW_MS - 3 * HOUR  # 05:00 in New York
    for option in (0, 1, 1, 2, 1):
        box.add("reaction", {"prompt_id": poll.id, "option": option}, morning)
    items = {"produce": 6, "bread": 2}
    for offset in (0, HOUR):
        box.add(
            "dropoff", {"via": "kiosk", "items": items, "rules_confirmed": True}, morning + offset
        )
    for minute, celsius in enumerate((4.0, 6.0, 85.0, 5.0)):
        reading = {"sensor_id": "28-0316a2795cff", "celsius": celsius}
        box.add("temperature", reading, morning + minute * MIN)
    _push(client, seed.other_token, box)

    charts = _charts(engine, [seed.other_site.id or 0], TODAY, TODAY)
    assert [(p.text, p.labels, p.counts) for p in charts.polls] == [
        ("What should we stock?", ["Bread", "Fruit", "Milk"], [1, 3, 1])
    ]
    assert charts.reactions == {}  # a poll's answers are not emoji
    assert charts.dropoffs == {"Harbour Fridge": [2]}
    assert charts.dropoff_items == {"Harbour Fridge": 16}
    [series] = charts.temperatures
    assert series.site_name == "Harbour Fridge"
    assert series.threshold_c == fridge.warm_above_c
    assert series.by_hour
    [point] = series.points
    assert point.label == "2025-06-21 05:00"
    assert (point.mean, point.low, point.high) == (5.0, 4.0, 6.0)  # 85 °C is no reading

    longer = _charts(engine, [seed.other_site.id or 0], TODAY - timedelta(days=30), TODAY)
    [daily] = longer.temperatures
    assert not daily.by_hour
    assert [p.label for p in daily.points] == ["2025-06-21"]


def test_every_site_together_and_fresh_prompts(
    client: TestClient, engine: Engine, session: Session, seed: Seed
) -> None:
    crud.set_prompt(
        session=session, site_slug="riverside", text="Today's question", emoji=["😀", "😢"],
        created_ms=NOW_MS - HOUR,
    )  # fmt: skip
    for token, kiosk, prompt in (
        (seed.token, "riverside-1", seed.prompt),
        (seed.other_token, "harbour-1", seed.other_prompt),
    ):
        box = Outbox(kiosk)
        box.add("reaction", {"prompt_id": prompt.id, "emoji": prompt.emoji[0]}, NOW_MS - HOUR)
        _push(client, token, box)
    charts = _charts(engine, None, TODAY, TODAY)
    assert charts.opinion == [2]
    assert charts.health is not None
    assert [(f.site_name, f.fresh) for f in charts.health.fresh] == [
        ("Harbour Fridge", False),
        ("Riverside Park", True),
    ]
