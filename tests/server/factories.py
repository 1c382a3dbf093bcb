"""Builders for wire events and pushes, shared by the hub's tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

# 2025-06-21 12:00:00 UTC, a Saturday; 13:00 in Europe/London (BST).
NOW_MS = 1_750_507_200_000


def iso(ms: int) -> str:
    """RFC 3339 UTC text for epoch milliseconds."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat()


def reaction(
    *,
    kiosk_id: str,
    prompt_id: int,
    emoji: str,
    seq: int = 1,
    boot_id: str = "boot-a",
    mono_ms: int = 60_000,
    wall_ms: int = NOW_MS,
    clock_synced: bool = True,
    event_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A reaction event as a kiosk sends it."""
    event = {
        "v": 1,
        "id": event_id or str(uuid.uuid4()),
        "kiosk_id": kiosk_id,
        "boot_id": boot_id,
        "seq": seq,
        "mono_ms": mono_ms,
        "wall_time": iso(wall_ms),
        "clock_synced": clock_synced,
        "type": "reaction",
        "payload": {"prompt_id": prompt_id, "emoji": emoji, "source": "button"},
    }
    event.update(extra)
    return event


def heartbeat(
    *,
    kiosk_id: str,
    seq: int,
    boot_id: str = "boot-a",
    mono_ms: int = 60_000,
    wall_ms: int = NOW_MS,
    clock_synced: bool = True,
) -> dict[str, Any]:
    """A heartbeat event as a kiosk sends it."""
    return {
        "v": 1,
        "id": str(uuid.uuid4()),
        "kiosk_id": kiosk_id,
        "boot_id": boot_id,
        "seq": seq,
        "mono_ms": mono_ms,
        "wall_time": iso(wall_ms),
        "clock_synced": clock_synced,
        "type": "heartbeat",
        "payload": {"outbox": {"pending": 0, "in_flight": 1}, "software": "0.1.0"},
    }


def auth(token: str) -> dict[str, str]:
    """The Authorization header for a kiosk token."""
    return {"Authorization": f"Bearer {token}"}


def push(
    client: httpx.Client,
    token: str,
    events: list[Any],
    *,
    boot_id: str = "boot-a",
    sent_mono_ms: int = 120_000,
) -> httpx.Response:
    """POST a batch and return the raw response."""
    body = {"protocol": 1, "boot_id": boot_id, "sent_mono_ms": sent_mono_ms, "events": events}
    return client.post("/api/v1/events", json=body, headers=auth(token))


def _envelope(kiosk_id: str, seq: int, type_name: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "v": 1,
        "id": str(uuid.uuid4()),
        "kiosk_id": kiosk_id,
        "boot_id": "boot-a",
        "seq": seq,
        "mono_ms": 60_000 + seq,
        "wall_time": iso(NOW_MS),
        "clock_synced": True,
        "type": type_name,
        "payload": payload,
    }


def note(*, kiosk_id: str, text: str, seq: int = 1, language: str = "en") -> dict[str, Any]:
    """A note event as a kiosk sends it."""
    return _envelope(kiosk_id, seq, "note", {"text": text, "language": language})


def doodle(*, kiosk_id: str, media: str, size: int, side: int = 64, seq: int = 1) -> dict[str, Any]:
    """A doodle event naming its PNG by hash."""
    payload = {"media": media, "width": side, "height": side, "bytes": size}
    return _envelope(kiosk_id, seq, "doodle", payload)


def temperature(
    *, kiosk_id: str, seq: int = 1, sensor_id: str = "28-0316a2795cff", **reading: Any
) -> dict[str, Any]:
    """A temperature sampling: pass celsius=4.062 or fault="read_error"."""
    return _envelope(kiosk_id, seq, "temperature", {"sensor_id": sensor_id, **reading})


def door(*, kiosk_id: str, state: str, seq: int = 1, **more: Any) -> dict[str, Any]:
    """A door event: state="opened", or state="closed" with open_for_s=12.4."""
    return _envelope(kiosk_id, seq, "door", {"state": state, **more})


def dropoff(*, kiosk_id: str, seq: int = 1, **more: Any) -> dict[str, Any]:
    """A drop-off from a fridge kiosk: 6 produce and 2 bread unless `items` says otherwise."""
    payload = {"via": "kiosk", "items": {"produce": 6, "bread": 2}, "rules_confirmed": True}
    return _envelope(kiosk_id, seq, "dropoff", {**payload, **more})


def check(*, kiosk_id: str, seq: int = 1, **more: Any) -> dict[str, Any]:
    """A cleaning check from a fridge kiosk: shelves wiped unless `done` says otherwise."""
    return _envelope(kiosk_id, seq, "check", {"via": "kiosk", "done": ["shelves_wiped"], **more})
