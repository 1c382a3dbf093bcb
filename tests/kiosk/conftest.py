"""Fixtures for the kiosk core tests: real files in tmp_path, a clock moved by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.outbox import Outbox
from tests.support.live_hub import LiveHub

KIOSK_ID = "riverside-1"
BOOT_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


class ManualTime:
    """Wall and monotonic time that advance only when a test says so."""

    def __init__(self) -> None:
        self.wall_now = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
        self.mono_now = 1234.5

    def wall(self) -> datetime:
        return self.wall_now

    def mono(self) -> float:
        return self.mono_now

    def advance(self, seconds: float) -> None:
        self.wall_now += timedelta(seconds=seconds)
        self.mono_now += seconds


@pytest.fixture
def manual_time() -> ManualTime:
    return ManualTime()


@pytest.fixture
def boot_id_file(tmp_path: Path) -> Path:
    path = tmp_path / "boot_id"
    path.write_text(BOOT_ID + "\n")
    return path


@pytest.fixture
def sync_flag(tmp_path: Path) -> Path:
    """Where the 'clock synchronised' flag lives; absent until a test creates it."""
    return tmp_path / "timesync" / "synchronized"


@pytest.fixture
def kiosk_clock(boot_id_file: Path, sync_flag: Path, manual_time: ManualTime) -> KioskClock:
    return KioskClock(
        boot_id_path=boot_id_file,
        sync_flag_path=sync_flag,
        wall=manual_time.wall,
        mono=manual_time.mono,
    )


@pytest.fixture
def outbox_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "outbox.sqlite3"


@pytest.fixture
def outbox(outbox_path: Path) -> Iterator[Outbox]:
    with Outbox(outbox_path, kiosk_id=KIOSK_ID) as outbox:
        yield outbox


@pytest.fixture
def config_store(tmp_path: Path) -> ConfigStore:
    return ConfigStore(tmp_path / "data" / "config.json")


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    hub = LiveHub(tmp_path / "hub")
    hub.add_site()
    hub.start()
    yield hub
    hub.stop()


@pytest.fixture
def token(hub: LiveHub) -> str:
    return hub.add_kiosk(KIOSK_ID)
