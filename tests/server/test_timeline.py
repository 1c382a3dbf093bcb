"""Placing events in time (docs/protocol.md, "Time")."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from server import prompts
from server.models import BootAnchor
from server.services.timeline import replace_boot
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, heartbeat, push, reaction
from tests.server.helpers import stored_event

MINUTE_MS = 60_000
EPOCH_1970_MS = 0  # a Pi that booted without network believes it is 1970


def _unsynced(seed: Seed, *, boot_id: str, seq: int, mono_ms: int) -> dict[str, Any]:
    return reaction(
        kiosk_id="riverside-1",
        prompt_id=seed.prompt_id,
        emoji="😀",
        seq=seq,
        boot_id=boot_id,
        mono_ms=mono_ms,
        wall_ms=EPOCH_1970_MS + mono_ms,
        clock_synced=False,
    )


def _placement(engine: Engine, event: dict[str, Any]) -> tuple[int | None, str | None]:
    stored = stored_event(engine, event["id"])
    return stored.placed_ms, stored.placed_by


def _riverside(client: httpx.Client) -> dict[str, Any]:
    sites = client.get("/wall.json").json()["sites"]
    site: dict[str, Any] = next(s for s in sites if s["slug"] == "riverside")
    return site


def test_synced_clock_is_trusted(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    wall_ms = NOW_MS - 5 * MINUTE_MS
    event = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", wall_ms=wall_ms)
    push(client, seed.token, [event])
    assert _placement(engine, event) == (wall_ms, "kiosk")


def test_hub_anchor_places_events_of_the_push_boot(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    mine = _unsynced(seed, boot_id="boot-a", seq=1, mono_ms=50_000)
    older_boot = _unsynced(seed, boot_id="boot-z", seq=2, mono_ms=50_000)
    push(client, seed.token, [mine, older_boot], boot_id="boot-a", sent_mono_ms=80_000)
    # received at NOW when the kiosk's clock read 80 s: the press was 30 s before at most.
    assert _placement(engine, mine) == (NOW_MS - 30_000, "hub")
    assert _placement(engine, older_boot) == (None, None)


def test_better_hub_bound_replaces_earlier_events(
    client: httpx.Client, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    first = _unsynced(seed, boot_id="boot-a", seq=1, mono_ms=50_000)
    push(client, seed.token, [first], sent_mono_ms=80_000)  # a slow network: 40 s late
    assert _placement(engine, first) == (NOW_MS - 30_000, "hub")
    clock.now_ms = NOW_MS + 10_000
    push(client, seed.token, [], sent_mono_ms=130_000)  # offset bound now NOW - 120 s
    assert _placement(engine, first) == (NOW_MS - 120_000 + 50_000, "hub")
    clock.now_ms = NOW_MS + 500_000
    push(client, seed.token, [], sent_mono_ms=140_000)  # a worse bound changes nothing
    assert _placement(engine, first) == (NOW_MS - 70_000, "hub")


def test_ntp_heartbeat_replaces_earlier_unsynced_events(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    # Boot X never reached the hub while it ran; its events arrive after a reboot.
    early = [_unsynced(seed, boot_id="boot-x", seq=n, mono_ms=n * 10_000) for n in (1, 2)]
    push(client, seed.token, early, boot_id="boot-y")
    assert [_placement(engine, e) for e in early] == [(None, None), (None, None)]
    site = _riverside(client)
    assert site["undated"] == 2
    assert site["tallies"][0] == {"choice": "😀", "label": "😀", "today": 0, "total": 2}

    # Then boot X's heartbeat after NTP synced: real time = mono + offset, exactly.
    beat_wall = NOW_MS - 5 * MINUTE_MS
    beat = heartbeat(
        kiosk_id="riverside-1", seq=3, boot_id="boot-x", mono_ms=30_000, wall_ms=beat_wall
    )
    push(client, seed.token, [beat], boot_id="boot-y")
    offset = beat_wall - 30_000
    assert [_placement(engine, e) for e in early] == [
        (offset + 10_000, "ntp"),
        (offset + 20_000, "ntp"),
    ]
    site = _riverside(client)
    assert site["undated"] == 0
    assert site["tallies"][0] == {"choice": "😀", "label": "😀", "today": 2, "total": 2}


def test_ntp_beats_the_hub_bound_and_stays(
    client: httpx.Client, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    early = _unsynced(seed, boot_id="boot-a", seq=1, mono_ms=10_000)
    beat = heartbeat(
        kiosk_id="riverside-1", seq=2, boot_id="boot-a", mono_ms=20_000, wall_ms=NOW_MS - 100_000
    )
    # Same batch: the heartbeat after the event still places it by NTP.
    push(client, seed.token, [early, beat], sent_mono_ms=25_000)
    assert _placement(engine, early) == (NOW_MS - 110_000, "ntp")
    clock.now_ms = NOW_MS - 1_000_000  # an absurdly small hub bound arrives later
    push(client, seed.token, [], sent_mono_ms=30_000)
    assert _placement(engine, early) == (NOW_MS - 110_000, "ntp")


def test_a_1970_clock_is_never_counted_on_the_wrong_day(
    client: httpx.Client, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    clock.now_ms = 12 * 3_600_000  # the hub itself at 1970-01-01 12:00Z: "today" is 1 Jan
    with Session(engine) as session:  # the prompt runs then too
        prompts.set_runs(session=session, prompt_id=seed.prompt_id, runs={"riverside": (0, None)})
    stale = _unsynced(seed, boot_id="boot-old", seq=1, mono_ms=5_000)
    push(client, seed.token, [stale], boot_id="boot-new")
    site = _riverside(client)
    assert site["today"] == "1970-01-01"
    assert site["tallies"][0]["today"] == 0  # its own clock says 1 Jan, but it is undated
    assert site["undated"] == 1


def _boot_x_with_a_synced_heartbeat(
    client: httpx.Client, seed: Seed
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Push an unsynced reaction of boot-x and the boot's synced heartbeat, from boot-y."""
    early = _unsynced(seed, boot_id="boot-x", seq=1, mono_ms=10_000)
    beat = heartbeat(
        kiosk_id="riverside-1", seq=2, boot_id="boot-x", mono_ms=20_000, wall_ms=NOW_MS
    )
    push(client, seed.token, [early, beat], boot_id="boot-y")
    return early, beat


def test_replace_boot_reruns_the_rule_over_history(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    early, beat = _boot_x_with_a_synced_heartbeat(client, seed)
    expected = (NOW_MS - 10_000, "ntp")
    assert _placement(engine, early) == expected

    # Lose the derived data: the placement and the anchor.
    with engine.begin() as connection:
        connection.execute(text("UPDATE event SET placed_ms = NULL, placed_by = NULL"))
        connection.execute(text("DELETE FROM boot_anchor"))
    with Session(engine) as session:
        touched = replace_boot(session, "riverside-1", "boot-x", now_ms=NOW_MS)
        session.commit()
    assert touched == 2
    assert _placement(engine, early) == expected
    assert _placement(engine, beat) == (NOW_MS, "kiosk")
    with Session(engine) as session:
        anchors = session.exec(select(BootAnchor)).all()
    assert [(a.boot_id, a.source, a.offset_ms) for a in anchors] == [
        ("boot-x", "ntp", NOW_MS - 20_000)
    ]


def test_replace_boot_corrects_a_stored_ntp_anchor_upwards(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    early, _beat = _boot_x_with_a_synced_heartbeat(client, seed)
    # A wrong, too-small NTP anchor (only the hub's bound is lower-only).
    with engine.begin() as connection:
        connection.execute(text("UPDATE boot_anchor SET offset_ms = offset_ms - 999"))
    with Session(engine) as session:
        replace_boot(session, "riverside-1", "boot-x", now_ms=NOW_MS)
        session.commit()
    assert _placement(engine, early) == (NOW_MS - 10_000, "ntp")
    with Session(engine) as session:
        anchors = session.exec(select(BootAnchor).where(BootAnchor.boot_id == "boot-x")).all()
    assert [(a.source, a.offset_ms) for a in anchors] == [("ntp", NOW_MS - 20_000)]
