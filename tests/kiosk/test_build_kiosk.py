"""build_kiosk wires the shutdown button, the heartbeat's last error and the wall image."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from hardware.shutdown import ShutdownButton
from kiosk.app import build_kiosk
from kiosk.health import LastErrorHandler
from kiosk.power import run_shutdown_command
from kiosk.settings import KioskSettings


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
