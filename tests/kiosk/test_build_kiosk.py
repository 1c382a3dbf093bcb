"""build_kiosk wires the shutdown button, the heartbeat's last error and the wall image."""

from __future__ import annotations

import dataclasses
import logging
import sys
import threading
import time
from pathlib import Path

import pytest

from hardware.door import MockFridgeDoor
from hardware.errors import BackendUnavailable
from hardware.shutdown import ShutdownButton
from kiosk.app import build_kiosk
from kiosk.health import LastErrorHandler
from kiosk.outbox import Outbox
from kiosk.power import run_shutdown_command
from kiosk.settings import FridgeSettings, KioskSettings


def settings(tmp_path: Path, **extra: object) -> KioskSettings:
    return KioskSettings(
        kiosk_id="riverside-1",
        hub_url="http://127.0.0.1:9",
        token="sw_k_test",
        data_dir=tmp_path / "data",
        hardware_backend="mock",
        screen_size=(720, 1280),
        **extra,  # type: ignore[arg-type]
    )


def writes(marker: Path) -> tuple[str, ...]:
    code = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text('off')"
    return (sys.executable, "-c", code, str(marker))


def test_a_held_shutdown_button_runs_the_command_from_the_settings(tmp_path: Path) -> None:
    marker = tmp_path / "powered-off"
    app = build_kiosk(settings(tmp_path, shutdown_pin=26, shutdown_command=writes(marker)))
    try:
        button = app.shutdown_button
        assert isinstance(button, ShutdownButton) and button.hold_seconds == 3.0
        assert repr(button).startswith("<ShutdownButton pin=26")
        button._held()  # what gpiozero's hold thread calls after 3 s (tests/hardware)
        assert marker.read_text() == "off"
        assert app.parts.wall_image.size == (720, 1280)
        assert app.parts.media.folder == tmp_path / "data" / "media"
    finally:
        app.close()
        app.close()
    assert button.closed


def test_no_shutdown_pin_no_button(tmp_path: Path) -> None:
    app = build_kiosk(settings(tmp_path))
    try:
        assert app.shutdown_button is None
    finally:
        app.close()


def test_the_last_error_is_collected_while_the_kiosk_runs(tmp_path: Path) -> None:
    def handlers() -> list[LastErrorHandler]:
        return [h for h in logging.getLogger().handlers if isinstance(h, LastErrorHandler)]

    before = handlers()
    app = build_kiosk(settings(tmp_path))
    try:
        logging.getLogger("kiosk.somewhere").error("the outbox disk is full")
        assert app.parts.health.fields()["last_error"] == "the outbox disk is full"
    finally:
        app.close()
    assert handlers() == before


def test_a_failing_shutdown_command_is_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    failing = (sys.executable, "-c", "import sys; sys.exit('systemctl: access denied')")
    assert run_shutdown_command(failing) is False
    assert run_shutdown_command([str(tmp_path / "no-such-program")]) is False
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2
    assert "exited 1: systemctl: access denied" in errors[0]


def fridge_settings(tmp_path: Path, **changes: object) -> KioskSettings:
    fridge = FridgeSettings(
        thermometer="mock",
        camera="mock",
        sample_interval_s=5,
        door_pin=17,
        dropoff_button_pin=22,
    )
    return settings(tmp_path, fridge=dataclasses.replace(fridge, **changes))  # type: ignore[arg-type]


def test_a_fridge_kiosk_samples_its_thermometer_while_it_runs(tmp_path: Path) -> None:
    app = build_kiosk(fridge_settings(tmp_path))
    fridge = app.fridge
    assert fridge is not None and fridge.button is not None
    assert isinstance(fridge.telemetry.door, MockFridgeDoor)
    assert set(app.watchdog_checks()) == {"the sync thread", "the fridge sampler"}
    stop = threading.Event()
    runner = threading.Thread(target=app.run, args=(stop,), kwargs={"mode": "headless"})
    runner.start()
    try:
        deadline = time.monotonic() + 10
        while fridge.telemetry.samplings == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert fridge.telemetry.samplings >= 1
        assert app.watchdog_checks()["the fridge sampler"]()
        fridge.telemetry.door.open_door()  # type: ignore[union-attr]
        fridge.button.press(0)  # no screen (headless): the drop-off button does nothing
    finally:
        stop.set()
        runner.join(15)
    assert not runner.is_alive()
    assert not fridge.telemetry.running and fridge.camera.closed
    with Outbox(app.parts.outbox.path, kiosk_id="riverside-1") as outbox:
        types = [event.type for event in outbox.take_batch()]
    assert "temperature" in types and "door" in types


def test_a_dead_sampler_stops_the_watchdog(tmp_path: Path) -> None:
    app = build_kiosk(fridge_settings(tmp_path, door_pin=None, dropoff_button_pin=None))
    try:
        assert app.fridge is not None and app.fridge.button is None
        assert app.fridge.telemetry.door is None
        check = app.watchdog_checks()["the fridge sampler"]
        app.fridge.start()
        assert check()
        app.fridge.telemetry._stop.set()  # the thread ends as if it had died
        assert app.fridge.telemetry._thread is not None
        app.fridge.telemetry._thread.join(5)
        assert not check()
    finally:
        app.close()


def test_a_fridge_device_that_cannot_start_releases_the_rest(tmp_path: Path) -> None:
    bad = fridge_settings(tmp_path, thermometer="w1", w1_devices=tmp_path / "no-bus")
    with pytest.raises(BackendUnavailable, match=r"\[fridge\] thermometer: no 1-wire bus"):
        build_kiosk(bad)
    # Every pin it took is free again: the same kiosk builds once the bus is there.
    (tmp_path / "no-bus").mkdir()
    build_kiosk(bad).close()


def test_a_camera_that_cannot_start_closes_the_door_switch_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.fridge_kit

    built: list[object] = []
    real = kiosk.fridge_kit.build_fridge_door

    def keep(*args: object, **kwargs: object) -> object:
        door = real(*args, **kwargs)  # type: ignore[arg-type]
        built.append(door)
        return door

    monkeypatch.setattr(kiosk.fridge_kit, "build_fridge_door", keep)
    monkeypatch.setitem(sys.modules, "picamera2", None)  # not installed
    with pytest.raises(BackendUnavailable, match=r"\[fridge\] camera: picamera2"):
        build_kiosk(fridge_settings(tmp_path, camera="picamera2"))
    [door] = built
    assert door.closed  # type: ignore[attr-defined]
