"""Quiet hours dim the backlight: the kiosk's own screen loop, a fake sysfs backlight."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hardware.backlight import Backlight
from kiosk.app import build_kiosk
from kiosk.dimming import QuietDimmer
from tests.kiosk.offline import offline_settings
from tests.kiosk.ui.flow import make_config
from tests.support.fake_sysfs import fake_backlight


def quiet_now() -> dict[str, str]:
    now = datetime.now(UTC)
    return {
        "start": (now - timedelta(hours=1)).strftime("%H:%M"),
        "end": (now + timedelta(hours=1)).strftime("%H:%M"),
    }


@pytest.mark.parametrize(("quiet", "expected"), [(True, "51\n"), (False, "255\n")])
def test_the_screen_loop_dims_the_backlight_in_quiet_hours_and_restores_it(
    tmp_path: Path, quiet: bool, expected: str
) -> None:
    device = fake_backlight(tmp_path / "sys")
    settings = offline_settings(tmp_path, quiet_brightness=0.2)
    app = build_kiosk(settings, backlight_root=tmp_path / "sys")
    assert app.backlight is not None and app.backlight.device == device
    hours = quiet_now() if quiet else {"start": "00:00", "end": "00:00"}  # none at all
    app.parts.config_store.save(
        make_config(site={**make_config().site.model_dump(), "timezone": "UTC"}, quiet_hours=hours),
        etag='"1"',
    )
    stop = threading.Event()
    seen: list[str] = []

    def watch() -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not seen and not stop.is_set():
            text = (device / "brightness").read_text()
            if text != "255\n":
                seen.append(text)
            time.sleep(0.02)
        stop.set()

    watcher = threading.Thread(target=watch, daemon=True)
    if not quiet:
        # Nothing will change: give the loop a second to prove it.
        threading.Timer(1.0, stop.set).start()
    watcher.start()
    app.run(stop, mode="window")
    watcher.join(10)
    assert (seen[0] if seen else "255\n") == expected
    assert (device / "brightness").read_text() == "255\n"  # full again once stopped


def test_a_backlight_that_cannot_be_written_is_left_alone_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    device = fake_backlight(tmp_path)
    backlight = Backlight(device)
    (device / "brightness").unlink()
    (device / "brightness").mkdir()
    dimmer = QuietDimmer(backlight, 0.2)
    for quiet in (True, False, True, False):
        dimmer.follow(quiet)
    dimmer.close()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "cannot dim the screen" in warnings[0].getMessage()


def test_without_a_backlight_the_dimmer_does_nothing() -> None:
    dimmer = QuietDimmer(None, 0.2)
    dimmer.follow(True)
    dimmer.close()
    assert dimmer.quiet is False
