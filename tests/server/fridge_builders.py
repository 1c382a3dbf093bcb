"""Drop-off, check and telemetry events of the harbour fridge's kiosk, for the update
and feed tests."""

from __future__ import annotations

import uuid
from typing import Any

from tests.server.factories import NOW_MS, iso

KIOSK = "harbour-1"
# A nickname the volunteer typed: it must never reach a public update or feed.
NICKNAME = "Zebedee Q"


def fridge_event(
    type_name: str,
    payload: dict[str, Any],
    *,
    seq: int,
    wall_ms: int = NOW_MS,
    clock_synced: bool = True,
    event_id: str | None = None,
) -> dict[str, Any]:
    """An event of harbour-1 as its kiosk sends it."""
    return {
        "v": 1,
        "id": event_id or str(uuid.uuid4()),
        "kiosk_id": KIOSK,
        "boot_id": "boot-a",
        "seq": seq,
        "mono_ms": 60_000 + seq,
        "wall_time": iso(wall_ms),
        "clock_synced": clock_synced,
        "type": type_name,
        "payload": payload,
    }


def dropoff_payload(**more: Any) -> dict[str, Any]:
    """A kiosk drop-off of 6 produce and 2 bread, by a volunteer with a nickname."""
    payload: dict[str, Any] = {
        "via": "kiosk",
        "items": {"produce": 6, "bread": 2},
        "rules_confirmed": True,
        "nickname": NICKNAME,
    }
    payload.update(more)
    return payload


def dropoff(*, seq: int, wall_ms: int = NOW_MS, **more: Any) -> dict[str, Any]:
    """A drop-off event of harbour-1."""
    return fridge_event("dropoff", dropoff_payload(**more), seq=seq, wall_ms=wall_ms)


def check(*, seq: int, wall_ms: int = NOW_MS, **more: Any) -> dict[str, Any]:
    """A cleaning check of harbour-1 (shelves wiped, temperature read)."""
    payload: dict[str, Any] = {
        "via": "kiosk",
        "done": ["shelves_wiped", "temperature_read"],
        "celsius_read": 4.0,
        "nickname": NICKNAME,
    }
    payload.update(more)
    return fridge_event("check", payload, seq=seq, wall_ms=wall_ms)


def temperature(*, seq: int, wall_ms: int, celsius: float) -> dict[str, Any]:
    """A thermometer reading of harbour-1."""
    payload = {"sensor_id": "28-0316a2795cff", "celsius": celsius}
    return fridge_event("temperature", payload, seq=seq, wall_ms=wall_ms)


def door(*, seq: int, wall_ms: int, state: str, **more: Any) -> dict[str, Any]:
    """A door event of harbour-1."""
    return fridge_event("door", {"state": state, **more}, seq=seq, wall_ms=wall_ms)
