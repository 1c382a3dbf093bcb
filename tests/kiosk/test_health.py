"""Kiosk health for heartbeats, read from a fake sysfs tree in tmp_path."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.health import (
    KioskHealth,
    LastErrorHandler,
    disk_free_mb,
    read_cpu_temp_c,
)
from kiosk.outbox import Outbox
from storywall.protocol.limits import MAX_LAST_ERROR_CHARS
from tests.kiosk.test_core import Timer


def thermal_zone(root: Path, text: str) -> Path:
    path = root / "sys" / "class" / "thermal" / "thermal_zone0" / "temp"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_the_default_sensor_is_the_pis(tmp_path: Path) -> None:
    assert str(KioskHealth(tmp_path).thermal_path) == "/sys/class/thermal/thermal_zone0/temp"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("48312\n", 48.3), ("-5000", -5.0), ("warm", None), ("", None), ("999999", None)],
)
def test_cpu_temperature_from_millidegrees(tmp_path: Path, text: str, expected: object) -> None:
    assert read_cpu_temp_c(thermal_zone(tmp_path, text)) == expected


def test_no_thermal_zone_is_none(tmp_path: Path) -> None:
    assert read_cpu_temp_c(tmp_path / "nothing" / "temp") is None


def test_free_disk_of_the_data_folder(tmp_path: Path) -> None:
    free = disk_free_mb(tmp_path)
    assert free is not None and free >= 0
    assert disk_free_mb(tmp_path / "gone") is None


def test_the_last_error_keeps_its_first_line_short(caplog: pytest.LogCaptureFixture) -> None:
    handler = LastErrorHandler()
    log = logging.getLogger("kiosk.test_health")
    log.addHandler(handler)
    try:
        log.warning("only a warning")
        assert handler.last_error is None
        log.error("outbox %s: disk I/O error\ntraceback follows", "/data/outbox.sqlite3")
        assert handler.last_error == "outbox /data/outbox.sqlite3: disk I/O error"
        try:
            raise OSError("no space")
        except OSError:
            log.exception("x" * 500)
        assert handler.last_error == ("x" * 500 + " (OSError)")[:MAX_LAST_ERROR_CHARS]
    finally:
        log.removeHandler(handler)


def test_heartbeats_carry_the_health_fields(
    tmp_path: Path, outbox: Outbox, kiosk_clock: KioskClock, config_store: ConfigStore
) -> None:
    mono = Timer()
    mono.now = 500.0
    last_error = LastErrorHandler()
    health = KioskHealth(
        tmp_path,
        thermal_path=thermal_zone(tmp_path, "51200"),
        last_error=last_error,
        mono=mono,
    )
    mono.now = 500.0 + 3600.7
    logging.getLogger("kiosk.test_health").addHandler(last_error)
    logging.getLogger("kiosk.test_health").error("media upload refused")
    logging.getLogger("kiosk.test_health").removeHandler(last_error)
    core = KioskCore(outbox, kiosk_clock, config_store, health=health)
    outbox.record("reaction", {"prompt_id": 1, "emoji": "🌳"}, clock=kiosk_clock)
    event = core.heartbeat()
    fields = event.payload.model_dump()
    assert fields["uptime_s"] == 3600
    assert fields["cpu_temp_c"] == 51.2
    assert isinstance(fields["disk_free_mb"], int)
    assert fields["last_error"] == "media upload refused"
    assert fields["outbox"]["pending"] == 1
    assert "uptime_s=3600" in repr(health)
