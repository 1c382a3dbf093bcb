"""Temperature and door events through the hub's push: taken, stored once, refused one by
one with their reason, and in no tally, wall or kiosk config (docs/protocol.md)."""

from __future__ import annotations

import json
import math
from typing import Any

import httpx
from sqlalchemy import Engine

from server.events import anchoring_types, kinds
from server.models import PLACED_BY_HUB, PLACED_BY_NTP
from tests.server.conftest import Seed
from tests.server.factories import (
    NOW_MS,
    auth,
    door,
    heartbeat,
    push,
    reaction,
    temperature,
)
from tests.server.helpers import event_count, stored_event, stored_ids

KIOSK = "riverside-1"
CONFIG = "/api/v1/kiosk/config"
WALL_PNG = "/api/v1/kiosk/wall.png"


def _fridge_events() -> list[dict[str, Any]]:
    return [
        temperature(kiosk_id=KIOSK, seq=1, celsius=4.062),
        temperature(kiosk_id=KIOSK, seq=2, fault="read_error"),
        door(kiosk_id=KIOSK, seq=3, state="opened"),
        door(kiosk_id=KIOSK, seq=4, state="closed", open_for_s=12.4),
        temperature(kiosk_id=KIOSK, seq=5, celsius=-0.5),
    ]


def test_the_hub_takes_both_types_unmoderated_without_media_or_anchor() -> None:
    temperature_kind, door_kind = kinds()["temperature"], kinds()["door"]
    for kind in (temperature_kind, door_kind):
        assert (kind.moderated, kind.has_media, kind.anchors_boot) == (False, False, False)
    assert anchoring_types() == ["heartbeat"]


def test_a_push_of_fridge_events_is_stored_once(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    events = _fridge_events()
    body = push(client, seed.token, events).json()
    assert [r["status"] for r in body["results"]] == ["accepted"] * len(events)
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (len(events), 0, 0)
    assert body["missing_media"] == []
    assert stored_ids(engine) == {event["id"] for event in events}
    for event in events:
        row = stored_event(engine, event["id"])
        # Stored as sent (a null or false default is never written), nothing derived.
        assert (row.type, row.payload) == (event["type"], event["payload"])
        assert (row.prompt_id, row.choice, row.play) == (None, None, False)
        assert (row.placed_ms, row.placed_by) == (NOW_MS, "kiosk")

    # A kiosk that never heard the answer sends the batch again: held once.
    again = push(client, seed.token, events).json()
    assert [r["status"] for r in again["results"]] == ["duplicate"] * len(events)
    assert (again["accepted"], again["duplicate"]) == (0, len(events))
    assert event_count(engine) == len(events)


def test_bad_fridge_events_are_refused_one_by_one_with_their_reason(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    good_reaction = reaction(kiosk_id=KIOSK, prompt_id=seed.prompt_id, emoji="😀", seq=1)
    good_reading = temperature(kiosk_id=KIOSK, seq=2, celsius=3.5)
    good_close = door(kiosk_id=KIOSK, seq=3, state="closed", open_for_s=0.0)
    refused: list[tuple[dict[str, Any], str]] = [
        (
            temperature(kiosk_id=KIOSK, seq=10, sensor_id="28-XYZ", celsius=3.5),
            "payload.sensor_id: String should match pattern '^28-[0-9a-f]{12}$'",
        ),
        (
            temperature(kiosk_id=KIOSK, seq=11),
            "payload: Value error, a temperature carries exactly one of celsius (a reading)"
            " and fault",
        ),
        (
            temperature(kiosk_id=KIOSK, seq=12, celsius=3.5, fault="read_error"),
            "payload: Value error, a temperature carries exactly one of celsius (a reading)"
            " and fault",
        ),
        (
            temperature(kiosk_id=KIOSK, seq=13, celsius=math.nan),
            "payload.celsius: Input should be a finite number",
        ),
        (
            temperature(kiosk_id=KIOSK, seq=14, celsius=math.inf),
            "payload.celsius: Input should be a finite number",
        ),
        (
            temperature(kiosk_id=KIOSK, seq=15, celsius=130.0),
            "payload.celsius: Input should be less than or equal to 125",
        ),
        (
            temperature(kiosk_id=KIOSK, seq=16, celsius="4.5"),
            "payload.celsius: Input should be a valid number",
        ),
        (
            door(kiosk_id=KIOSK, seq=17, state="closed"),
            "payload: Value error, a closed door carries open_for_s (how long it stood open)",
        ),
        (
            door(kiosk_id=KIOSK, seq=18, state="opened", open_for_s=3.0),
            "payload: Value error, an opened door carries no open_for_s (it is sent on close)",
        ),
        (
            door(kiosk_id=KIOSK, seq=19, state="closed", open_for_s=-1.0),
            "payload.open_for_s: Input should be greater than or equal to 0",
        ),
        (
            door(kiosk_id=KIOSK, seq=20, state="closed", open_for_s=8 * 24 * 3600.0),
            "payload.open_for_s: Input should be less than or equal to 604800",
        ),
        (
            door(kiosk_id=KIOSK, seq=21, state="ajar"),
            "payload.state: Input should be 'opened' or 'closed'",
        ),
    ]
    events = [good_reaction, good_reading, *(event for event, _ in refused), good_close]
    # NaN and Infinity are not standard JSON; a kiosk's encoder may still write them.
    body = json.dumps(
        {"protocol": 1, "boot_id": "boot-a", "sent_mono_ms": 120_000, "events": events}
    )
    response = client.post(
        "/api/v1/events",
        content=body,
        headers={**auth(seed.token), "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == [
        "accepted",
        "accepted",
        *(["rejected"] * len(refused)),
        "accepted",
    ]
    reasons = [r["reason"] for r in results[2:-1]]
    assert reasons == [reason for _, reason in refused]
    assert stored_ids(engine) == {good_reaction["id"], good_reading["id"], good_close["id"]}


def test_fridge_events_show_in_no_tally_wall_or_config(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    presses = [
        reaction(kiosk_id=KIOSK, prompt_id=seed.prompt_id, emoji=emoji, seq=seq)
        for seq, emoji in enumerate(["😀", "😀", "🌳"], start=1)
    ]
    assert push(client, seed.token, presses).json()["accepted"] == len(presses)

    def surfaces() -> tuple[Any, ...]:
        wall = client.get("/wall.json").json()
        page = client.get("/").text
        config = client.get(CONFIG, headers=auth(seed.token)).json()
        image = client.get(WALL_PNG, params={"w": 800, "h": 480}, headers=auth(seed.token))
        assert image.status_code == 200
        return wall, page, config, image.content

    before = surfaces()
    [riverside] = [site for site in before[0]["sites"] if site["slug"] == "riverside"]
    totals = {tally["choice"]: tally["total"] for tally in riverside["tallies"]}
    assert totals["😀"] == 2 and totals["🌳"] == 1

    fridge = [dict(event, seq=event["seq"] + 10) for event in _fridge_events()]
    assert push(client, seed.token, fridge).json()["accepted"] == len(fridge)
    assert event_count(engine) == len(presses) + len(fridge)
    assert surfaces() == before


def test_a_synchronised_fridge_event_does_not_date_its_boot(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    # Recorded before NTP synced: the Pi believed it was 1970.
    early = reaction(
        kiosk_id=KIOSK,
        prompt_id=seed.prompt_id,
        emoji="😀",
        seq=1,
        boot_id="boot-b",
        mono_ms=10_000,
        wall_ms=10_000,
        clock_synced=False,
    )
    reading = dict(temperature(kiosk_id=KIOSK, seq=2, celsius=4.0), boot_id="boot-b")
    closed = dict(door(kiosk_id=KIOSK, seq=3, state="closed", open_for_s=5.0), boot_id="boot-b")
    push(client, seed.token, [early, reading, closed], boot_id="boot-b")
    # Only the push's receive-time bound places it; the synchronised samplings do not.
    assert stored_event(engine, early["id"]).placed_by == PLACED_BY_HUB

    beat = heartbeat(kiosk_id=KIOSK, seq=4, boot_id="boot-b", mono_ms=60_000)
    push(client, seed.token, [beat], boot_id="boot-b")
    placed = stored_event(engine, early["id"])
    assert (placed.placed_by, placed.placed_ms) == (PLACED_BY_NTP, NOW_MS - 50_000)
