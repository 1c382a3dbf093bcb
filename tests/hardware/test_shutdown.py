"""The safe-shutdown button on gpiozero's MockFactory: hold to shut down, once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from gpiozero.pins.mock import MockFactory

from hardware.errors import HardwareConfigError
from hardware.shutdown import DEFAULT_HOLD_SECONDS, ShutdownButton, build_shutdown_button

PIN = 26
# Generous: a wait for something that must happen, never an assert on how long it took.
PATIENCE_S = 30.0


@pytest.fixture
def factory() -> Iterator[MockFactory]:
    factory = MockFactory()
    yield factory
    factory.close()


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.done = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.done.set()


def wait_until(condition: object) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_holding_the_button_shuts_down_once(factory: MockFactory) -> None:
    calls = Calls()
    with ShutdownButton(PIN, hold_seconds=0.05, on_shutdown=calls, pin_factory=factory) as button:
        factory.pin(PIN).drive_low()
        assert calls.done.wait(PATIENCE_S)
        assert button.fired
        factory.pin(PIN).drive_high()
        # Held again: gpiozero reports the hold, the kiosk is already shutting down.
        factory.pin(PIN).drive_low()
        wait_until(lambda: button._button.is_held)
        factory.pin(PIN).drive_high()
        assert calls.count == 1


def test_a_short_press_does_nothing(factory: MockFactory) -> None:
    calls = Calls()
    with ShutdownButton(PIN, on_shutdown=calls, pin_factory=factory) as button:
        assert button.hold_seconds == DEFAULT_HOLD_SECONDS == 3.0
        for _ in range(5):
            factory.pin(PIN).drive_low()
            factory.pin(PIN).drive_high()
        assert not button._button.is_held
        assert calls.count == 0 and not button.fired


def test_a_failing_action_is_logged_not_raised(
    factory: MockFactory, caplog: pytest.LogCaptureFixture
) -> None:
    done = threading.Event()

    def broken() -> None:
        done.set()
        raise OSError("no systemctl here")

    with ShutdownButton(PIN, hold_seconds=0.05, on_shutdown=broken, pin_factory=factory):
        factory.pin(PIN).drive_low()
        assert done.wait(PATIENCE_S)
        wait_until(lambda: "the shutdown action failed" in caplog.text)


def test_close_is_idempotent_and_repr_says_what_it_is(factory: MockFactory) -> None:
    button = ShutdownButton(PIN, on_shutdown=Calls(), pin_factory=factory)
    assert repr(button) == "<ShutdownButton pin=26 hold_seconds=3.0 fired=False>"
    button.close()
    button.close()
    assert button.closed and repr(button) == "<ShutdownButton closed>"


def test_the_mock_backend_has_its_own_pins() -> None:
    calls = Calls()
    with build_shutdown_button("mock", PIN, on_shutdown=calls, hold_seconds=0.05) as button:
        button.pin.drive_low()
        assert calls.done.wait(PATIENCE_S)


def test_bad_options_are_refused(factory: MockFactory) -> None:
    with pytest.raises(HardwareConfigError, match="hold_seconds"):
        ShutdownButton(PIN, hold_seconds=0, on_shutdown=Calls(), pin_factory=factory)
    with pytest.raises(HardwareConfigError, match="unknown backend"):
        build_shutdown_button("lasers", PIN, on_shutdown=Calls())  # type: ignore[arg-type]
