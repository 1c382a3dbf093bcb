"""The fridge door's reed switch on gpiozero's MockFactory: real gpiozero code, mock pins.

Shut is the pin driven low (the magnet closes the contact to ground), open is high.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from gpiozero.pins.mock import MockFactory

from hardware.buttons import HARDWARE_ENV
from hardware.door import (
    DEFAULT_DOOR_PIN,
    FridgeDoor,
    MockFridgeDoor,
    build_fridge_door,
)
from hardware.errors import BackendUnavailable, DeviceClosed, HardwareConfigError
from tests.hardware.conftest import FakeClock

PIN = DEFAULT_DOOR_PIN
# Wide enough that a test thread stalled mid-bounce on a busy machine stays inside it.
DEBOUNCE_MS = 250
# Generous: a wait for something that must happen, never an assert on how long it took.
PATIENCE_S = 30.0


class Events:
    """What the door said, in order: "opened", or ("closed", seconds open)."""

    def __init__(self, door: FridgeDoor) -> None:
        self.seen: list[object] = []
        self.changed = threading.Event()
        door.when_opened = self.opened
        door.when_closed = self.closed

    def opened(self) -> None:
        self.seen.append("opened")
        self.changed.set()

    def closed(self, open_for_s: float) -> None:
        self.seen.append(("closed", open_for_s))
        self.changed.set()


@pytest.fixture
def door(factory: MockFactory, clock: FakeClock) -> Iterator[FridgeDoor]:
    with FridgeDoor(PIN, pin_factory=factory, debounce_ms=DEBOUNCE_MS, clock=clock) as door:
        # The pull-up leaves a mock pin high; the magnet pulls it low: the door shuts,
        # and the test starts a minute later.
        shut_door(factory)
        assert not door.is_open
        clock.now += 60.0
        yield door


def open_door(factory: MockFactory) -> None:
    factory.pin(PIN).drive_high()


def shut_door(factory: MockFactory) -> None:
    factory.pin(PIN).drive_low()


def test_opening_and_shutting_are_domain_events(
    door: FridgeDoor, factory: MockFactory, clock: FakeClock
) -> None:
    events = Events(door)
    assert not door.is_open
    open_door(factory)
    assert door.is_open
    assert events.seen == ["opened"]
    clock.now += 12.5
    shut_door(factory)
    assert not door.is_open
    assert events.seen == ["opened", ("closed", 12.5)]
    assert door.openings == 1
    assert door.last_open_s == 12.5


def test_open_for_counts_with_the_doors_clock(
    door: FridgeDoor, factory: MockFactory, clock: FakeClock
) -> None:
    assert door.open_for_s == 0.0
    open_door(factory)
    assert door.open_for_s == 0.0
    clock.now += 90.0
    assert door.open_for_s == 90.0
    clock.now += 210.0
    assert door.open_for_s == 300.0  # five minutes: the hub's rule decides if that is long
    shut_door(factory)
    assert door.open_for_s == 0.0
    assert door.last_open_s == 300.0
    clock.now += 60.0
    open_door(factory)
    clock.now += 4.0
    assert door.open_for_s == 4.0  # a new opening counts from its own start
    assert door.openings == 2


def test_bounce_within_the_debounce_is_one_opening(
    door: FridgeDoor, factory: MockFactory, clock: FakeClock
) -> None:
    events = Events(door)
    open_door(factory)
    for _ in range(3):  # the contact chatters as the magnet moves away
        clock.now += 0.01
        shut_door(factory)
        clock.now += 0.01
        open_door(factory)
    # Past the window the pin still says open: the settle timer has nothing to add.
    time.sleep(2 * DEBOUNCE_MS / 1000)
    assert events.seen == ["opened"]
    assert door.is_open and door.openings == 1
    clock.now += 30.0
    shut_door(factory)
    clock.now += 0.02
    open_door(factory)  # the door rattles as it shuts
    clock.now += 0.02
    shut_door(factory)
    time.sleep(2 * DEBOUNCE_MS / 1000)
    assert events.seen == ["opened", ("closed", pytest.approx(30.06))]
    assert not door.is_open and door.openings == 1


def test_a_change_held_back_as_bounce_is_taken_up_when_it_stays(
    door: FridgeDoor, factory: MockFactory, clock: FakeClock
) -> None:
    # Slammed so hard it sprang open and shut again inside the window: the last edge
    # (shut) was held back as bounce, and the pin still says shut once the window ends.
    events = Events(door)
    open_door(factory)
    events.changed.clear()
    clock.now += 0.05
    shut_door(factory)
    assert door.is_open  # held back for now
    assert events.changed.wait(PATIENCE_S)
    assert events.seen == ["opened", ("closed", pytest.approx(0.05))]
    assert not door.is_open


def test_edges_outside_the_window_all_count(
    door: FridgeDoor, factory: MockFactory, clock: FakeClock
) -> None:
    events = Events(door)
    for _ in range(3):
        open_door(factory)
        clock.now += 1.0
        shut_door(factory)
        clock.now += 1.0
    assert events.seen == ["opened", ("closed", 1.0)] * 3
    assert door.openings == 3


def test_a_door_open_at_the_start_counts_from_the_start(
    factory: MockFactory, clock: FakeClock
) -> None:
    # The pull-up leaves an undriven pin high: what a cut wire or an open door reads.
    with FridgeDoor(PIN, pin_factory=factory, clock=clock) as door:
        events = Events(door)
        assert door.is_open
        assert door.openings == 0
        clock.now += 7.0
        assert door.open_for_s == 7.0
        shut_door(factory)
        assert events.seen == [("closed", 7.0)]


def test_a_failing_callback_does_not_stop_the_door(
    door: FridgeDoor, factory: MockFactory, clock: FakeClock
) -> None:
    calls: list[str] = []

    def explode() -> None:
        calls.append("opened")
        raise RuntimeError("boom")

    door.when_opened = explode
    open_door(factory)
    clock.now += 1
    shut_door(factory)
    clock.now += 1
    open_door(factory)
    assert calls == ["opened", "opened"]
    assert door.openings == 2


def test_close_is_idempotent_and_releases_the_pin(factory: MockFactory, clock: FakeClock) -> None:
    door = FridgeDoor(PIN, pin_factory=factory, clock=clock)
    events = Events(door)
    pin = door.pin
    door.close()
    door.close()
    assert door.closed
    assert repr(door) == "<FridgeDoor closed>"
    shut_door(factory)
    assert events.seen == []  # a closed door switch reports nothing
    FridgeDoor(PIN, pin_factory=factory).close()  # the pin is free again
    assert pin is factory.pin(PIN)


def test_nothing_is_reported_after_close(factory: MockFactory, clock: FakeClock) -> None:
    door = FridgeDoor(PIN, pin_factory=factory, debounce_ms=DEBOUNCE_MS, clock=clock)
    events = Events(door)
    clock.now += 1.0
    shut_door(factory)  # shut: accepted
    open_door(factory)  # within the window: held back, a settle timer armed
    door.close()  # cancels the timer
    time.sleep(2 * DEBOUNCE_MS / 1000)
    door._on_edge()  # an edge already on its way when close() ran
    door._settle()  # and a timer that had already fired
    assert events.seen == [("closed", 1.0)]


def test_repr_says_pin_backend_and_state(
    door: FridgeDoor, factory: MockFactory, clock: FakeClock
) -> None:
    assert repr(door) == "<FridgeDoor pin=17 backend='mock' shut openings=0 debounce_ms=250>"
    open_door(factory)
    assert repr(door) == "<FridgeDoor pin=17 backend='mock' open openings=1 debounce_ms=250>"


def test_bad_settings_are_config_errors(factory: MockFactory) -> None:
    with pytest.raises(HardwareConfigError):
        FridgeDoor(PIN, pin_factory=factory, debounce_ms=-1)
    with pytest.raises(HardwareConfigError, match="door switch"):
        FridgeDoor("not-a-pin", pin_factory=factory)
    with FridgeDoor(PIN, pin_factory=factory), pytest.raises(HardwareConfigError):
        FridgeDoor(PIN, pin_factory=factory)  # the pin is taken


def test_the_mock_door_starts_shut_and_opens_by_hand(clock: FakeClock) -> None:
    with build_fridge_door("mock", debounce_ms=0, clock=clock) as door:
        assert isinstance(door, MockFridgeDoor)
        assert door.backend == "mock"
        events = Events(door)
        assert not door.is_open
        door.open_door()
        clock.now += 3.0
        door.shut_door()
        assert events.seen == ["opened", ("closed", 3.0)]
        assert door.pin_factory.pin(PIN).state is False
    with pytest.raises(DeviceClosed):
        door.open_door()


def test_two_mock_doors_do_not_share_pins() -> None:
    with build_fridge_door("mock") as one, build_fridge_door("mock") as two:
        assert one.pin_factory is not two.pin_factory


def test_gpio_backend_uses_gpiozeros_default_factory() -> None:
    # conftest sets GPIOZERO_PIN_FACTORY=mock, as a laptop would; on a Pi this is lgpio.
    with build_fridge_door("gpio", 27) as door:
        assert door.pin_factory is not None
        assert not isinstance(door, MockFridgeDoor)


def test_no_gpio_on_this_machine_is_backend_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    from gpiozero import Device

    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "no-such-factory")
    monkeypatch.setattr(Device, "pin_factory", None)
    with pytest.raises(BackendUnavailable, match="mock"):
        build_fridge_door("gpio")


def test_no_backend_means_the_environments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HARDWARE_ENV, "mock")
    with build_fridge_door() as door:
        assert isinstance(door, MockFridgeDoor)


def test_unknown_backend() -> None:
    with pytest.raises(HardwareConfigError, match="'gpio' or 'mock'"):
        build_fridge_door("serial")  # type: ignore[arg-type]
