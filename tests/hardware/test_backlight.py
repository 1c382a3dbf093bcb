"""The backlight device on a fake /sys/class/backlight tree built in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from hardware.backlight import Backlight, BacklightError, find_backlight
from hardware.errors import DeviceClosed
from tests.support.fake_sysfs import fake_backlight


def test_brightness_and_level_read_and_write_the_files(tmp_path: Path) -> None:
    device = fake_backlight(tmp_path)
    with Backlight(device) as backlight:
        assert backlight.max_brightness == 255
        assert backlight.brightness == 255 and backlight.level == 1.0
        backlight.level = 0.3
        assert (device / "brightness").read_text() == "76\n"
        assert backlight.brightness == 76
        backlight.brightness = 999  # beyond the panel's range: clamped
        assert (device / "brightness").read_text() == "255\n"
        backlight.level = 0.001  # above zero never means dark
        assert backlight.brightness == 1
        backlight.level = 0.0
        assert backlight.brightness == 0
        with pytest.raises(ValueError, match="between 0 and 1"):
            backlight.level = 1.5
        assert repr(backlight) == "<Backlight 10-0045 max=255>"
    assert backlight.closed
    with pytest.raises(DeviceClosed):
        backlight.brightness = 10
    backlight.close()


def test_find_backlight_takes_the_first_usable_device(tmp_path: Path) -> None:
    assert find_backlight(tmp_path / "missing") is None
    assert find_backlight(tmp_path) is None
    broken = tmp_path / "0-broken"
    broken.mkdir()
    (broken / "brightness").write_text("1\n")  # no max_brightness: not usable
    fake_backlight(tmp_path, "rpi_backlight", max_brightness=31)
    found = find_backlight(tmp_path)
    assert found is not None and found.device.name == "rpi_backlight"
    assert found.max_brightness == 31


def test_an_unreadable_or_unwritable_device_says_which_file(tmp_path: Path) -> None:
    device = tmp_path / "bad"
    device.mkdir()
    (device / "max_brightness").write_text("lots\n")
    with pytest.raises(BacklightError, match="max_brightness"):
        Backlight(device)
    device = fake_backlight(tmp_path)
    backlight = Backlight(device)
    (device / "brightness").unlink()
    (device / "brightness").mkdir()  # a write fails the way a read-only sysfs file does
    with pytest.raises(BacklightError, match=r"cannot write .*brightness"):
        backlight.level = 0.5
