"""Settings for a whole kiosk built in a test, with a hub it cannot reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.settings import KioskSettings


def offline_settings(tmp_path: Path, **extra: Any) -> KioskSettings:
    """A windowed 400x240 kiosk with mock buttons whose hub is port 9 on loopback: nothing
    answers there, so the sync thread backs off and lives on. `extra` overrides any field."""
    fields: dict[str, Any] = {
        "kiosk_id": "riverside-1",
        "hub_url": "http://127.0.0.1:9",
        "token": "sw_k_test",
        "data_dir": tmp_path / "data",
        "hardware_backend": "mock",
        "display_mode": "window",
        "screen_size": (400, 240),
        **extra,
    }
    return KioskSettings(**fields)
