"""Kiosk health: the newest heartbeat of each kiosk is kept in one row, through the
heartbeat kind's after_store, and an older one arriving later (a replay, a week of
catch-up, an earlier boot) never replaces it. Events the hub rejects are counted per
kiosk. Through the push API, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from server.models_fleet import KioskHealth
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, heartbeat, push, reaction

MINUTE = 60_000


def beat(seed: Seed, seq: int, *, boot_id: str = "boot-a", wall_ms: int = NOW_MS,
         clock_synced: bool = True, **payload: Any) -> dict[str, Any]:  # fmt: skip
    event = heartbeat(
        kiosk_id=seed.kiosk.id,
        seq=seq,
        boot_id=boot_id,
        mono_ms=10_000 + seq * 1000,
        wall_ms=wall_ms,
        clock_synced=clock_synced,
    )
    event["payload"] = {
        "outbox": {"pending": seq, "in_flight": 0, "acked": 5, "rejected": 1},
        "software": f"0.9.{seq}",
        **payload,
    }
    return event


def health(engine: Engine, kiosk_id: str) -> KioskHealth | None:
    with Session(engine) as session:
        return session.get(KioskHealth, kiosk_id)


def sent(client: TestClient, seed: Seed, events: list[dict[str, Any]], **kwargs: Any) -> None:
    response = push(client, seed.token, events, **kwargs)
    assert response.status_code == 200, response.text
    assert response.json()["rejected"] == 0


def test_the_newest_heartbeat_of_a_push_becomes_the_kiosks_health(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    assert health(engine, seed.kiosk.id) is None
    sent(client, seed, [
        beat(seed, 3, wall_ms=NOW_MS - 2 * MINUTE),
        beat(seed, 5, wall_ms=NOW_MS, cpu_temp_c=61.5, disk_free_mb=2048, uptime_s=3600,
             last_error="OSError: no camera"),
        beat(seed, 4, wall_ms=NOW_MS - MINUTE),
    ])  # fmt: skip
    held = health(engine, seed.kiosk.id)
    assert held is not None
    assert (held.seq, held.software, held.at_ms, held.received_ms) == (5, "0.9.5", NOW_MS, NOW_MS)
    assert (held.cpu_temp_c, held.disk_free_mb, held.uptime_s) == (61.5, 2048, 3600)
    assert held.last_error == "OSError: no camera"
    assert (held.outbox_pending, held.outbox_in_flight, held.outbox_rejected) == (5, 0, 1)
    assert held.clock_synced is True
    # The other kiosk has said nothing.
    assert health(engine, seed.other_kiosk.id) is None


def test_a_later_heartbeat_replaces_it_and_a_replay_or_catch_up_does_not(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    old = [beat(seed, n, wall_ms=NOW_MS - (10 - n) * MINUTE) for n in range(1, 4)]
    sent(client, seed, [beat(seed, 9, wall_ms=NOW_MS - MINUTE, cpu_temp_c=50.0)])
    # The same boot's earlier heartbeats, arriving after (a week of catch-up).
    sent(client, seed, old)
    held = health(engine, seed.kiosk.id)
    assert held is not None and (held.seq, held.cpu_temp_c) == (9, 50.0)
    # A replay of the newest: a duplicate, nothing changes.
    sent(client, seed, old)
    # A later one does replace it.
    sent(client, seed, [beat(seed, 10, wall_ms=NOW_MS, cpu_temp_c=None)])
    held = health(engine, seed.kiosk.id)
    assert held is not None and (held.seq, held.cpu_temp_c) == (10, None)


def test_across_boots_the_placed_time_decides(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    # Boot b, after a restart: a low sequence number, but later in time.
    sent(client, seed, [beat(seed, 2, boot_id="boot-b", wall_ms=NOW_MS)], boot_id="boot-b")
    # Boot a's last heartbeats arrive afterwards, with higher sequence numbers.
    sent(client, seed, [beat(seed, 40, boot_id="boot-a", wall_ms=NOW_MS - 30 * MINUTE)])
    held = health(engine, seed.kiosk.id)
    assert held is not None and (held.boot_id, held.seq) == ("boot-b", 2)
    # An old boot that never synchronised its clock, pushed from another boot: undated,
    # so it cannot be the newest.
    sent(
        client,
        seed,
        [beat(seed, 99, boot_id="boot-0", wall_ms=0, clock_synced=False)],
        boot_id="boot-b",
    )
    held = health(engine, seed.kiosk.id)
    assert held is not None and (held.boot_id, held.seq) == ("boot-b", 2)


def test_the_hub_counts_the_events_it_rejects_per_kiosk(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    good = reaction(kiosk_id=seed.kiosk.id, prompt_id=seed.prompt_id, emoji="😀", seq=1)
    unknown_prompt = reaction(kiosk_id=seed.kiosk.id, prompt_id=99_999, emoji="😀", seq=2)
    foreign = reaction(kiosk_id=seed.other_kiosk.id, prompt_id=seed.prompt_id, emoji="😀", seq=3)
    answer = push(client, seed.token, [good, unknown_prompt, foreign, {"type": "nonsense"}])
    assert answer.json()["rejected"] == 3
    held = health(engine, seed.kiosk.id)
    assert held is not None
    assert (held.hub_rejected, held.hub_rejected_ms, held.seq) == (3, NOW_MS, None)
    # A push the hub takes whole adds nothing; a heartbeat fills the rest of the row.
    sent(client, seed, [beat(seed, 1)])
    held = health(engine, seed.kiosk.id)
    assert held is not None and (held.hub_rejected, held.seq) == (3, 1)
    assert health(engine, seed.other_kiosk.id) is None
