"""Fridge telemetry: thermometer samplings and door events land in a real outbox file."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gpiozero.pins.mock import MockFactory

from hardware.door import FridgeDoor
from hardware.thermometer import MockThermometer, W1Thermometer
from kiosk.clock import KioskClock
from kiosk.fridge_telemetry import FridgeTelemetry
from kiosk.outbox import Outbox
from storywall.protocol.door import DoorEvent
from storywall.protocol.limits import MAX_DOOR_OPEN_S
from storywall.protocol.temperature import TemperatureEvent
from tests.hardware.conftest import FakeClock
from tests.kiosk.conftest import KIOSK_ID
from tests.support.fake_sysfs import FakeW1Bus, w1_slave_text

SENSOR = "28-0316a2795cff"
OTHER = "28-3c01d607d1a2"
DOOR_PIN = 17


def reopened(outbox: Outbox) -> list[object]:
    """Every pending event, read back from the file by a second connection."""
    with Outbox(outbox.path, kiosk_id=KIOSK_ID) as again:
        return list(again.take_batch())


class Wakes:
    def __init__(self) -> None:
        self.count = 0

    def wake(self) -> None:
        self.count += 1


def test_a_sampling_records_a_reading_per_sensor(outbox: Outbox, kiosk_clock: KioskClock) -> None:
    thermometer = MockThermometer(3.5, sensor_ids=(SENSOR, OTHER))
    thermometer.set_temperature(6.25, OTHER)
    wakes = Wakes()
    with FridgeTelemetry(outbox, kiosk_clock, thermometer=thermometer, worker=wakes) as telemetry:
        telemetry.sample()
    events = reopened(outbox)
    assert all(isinstance(event, TemperatureEvent) for event in events)
    readings = {e.payload.sensor_id: e.payload.celsius for e in events}  # type: ignore[attr-defined]
    assert readings == {SENSOR: 3.5, OTHER: 6.25}
    assert wakes.count == 2
    assert thermometer.closed  # closing the telemetry closes its devices


@pytest.mark.parametrize(
    ("script", "fault"),
    [
        ([None, None, None], "read_error"),  # CRC NO three times
        ([85.0, 85.0, 85.0], "read_error"),  # the power-on value that persists
        ([130.0, 130.0, 130.0], "out_of_range"),
    ],
)
def test_a_failed_sampling_is_a_fault_event(
    outbox: Outbox, kiosk_clock: KioskClock, script: list[float | None], fault: str
) -> None:
    thermometer = MockThermometer(sensor_ids=(SENSOR,))
    thermometer.script(script)
    with FridgeTelemetry(outbox, kiosk_clock, thermometer=thermometer) as telemetry:
        telemetry.sample()
        telemetry.sample()  # the script has played: a good reading again
    first, second = reopened(outbox)
    assert first.payload.fault == fault and first.payload.celsius is None  # type: ignore[attr-defined]
    assert second.payload.celsius == 4.0  # type: ignore[attr-defined]


def test_a_named_sensor_that_is_unplugged_is_not_found(
    outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    thermometer = MockThermometer(sensor_ids=(SENSOR, OTHER))
    thermometer.unplug(OTHER)
    with FridgeTelemetry(
        outbox, kiosk_clock, thermometer=thermometer, sensor_ids=(SENSOR, OTHER)
    ) as telemetry:
        telemetry.sample()
    payloads = {e.payload.sensor_id: e.payload for e in reopened(outbox)}  # type: ignore[attr-defined]
    assert payloads[SENSOR].celsius == 4.0
    assert payloads[OTHER].fault == "not_found"


def test_the_w1_bus_on_a_fake_sysfs_tree(
    tmp_path: Path, outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    bus = FakeW1Bus(tmp_path / "sys" / "bus" / "w1" / "devices")
    bus.add(SENSOR, w1_slave_text(4_812))
    bus.add(OTHER, w1_slave_text(2_000, crc_ok=False))  # a noisy wire: NO every time
    thermometer = W1Thermometer(bus.root, retry_delay_s=0, sleep=bus.tick)
    with FridgeTelemetry(outbox, kiosk_clock, thermometer=thermometer) as telemetry:
        assert telemetry.sensors() == sorted([SENSOR, OTHER])  # discovered on the bus
        telemetry.sample()
        bus.remove(SENSOR)
        telemetry.sensor_ids = (SENSOR,)  # as kiosk.toml names it: now gone
        telemetry.sample()
    events = reopened(outbox)
    found = [(e.payload.sensor_id, e.payload.celsius, e.payload.fault) for e in events]  # type: ignore[attr-defined]
    assert found == [
        (SENSOR, 4.812, None),
        (OTHER, None, "read_error"),
        (SENSOR, None, "not_found"),
    ]


def test_the_sampler_thread_samples_at_once_and_then_every_interval(
    outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    clock = FakeClock()
    thermometer = MockThermometer(sensor_ids=(SENSOR,))
    telemetry = FridgeTelemetry(
        outbox, kiosk_clock, thermometer=thermometer, interval_s=60.0, timer=clock
    )
    telemetry.start()
    _wait_for(lambda: telemetry.samplings == 1)
    assert telemetry.running
    clock.now += 30  # not yet due: the thread keeps waiting
    time.sleep(0.05)
    assert telemetry.samplings == 1
    clock.now += 31
    _wait_for(lambda: telemetry.samplings == 2)
    telemetry.close()
    assert not telemetry.running
    telemetry.close()  # idempotent
    assert len(reopened(outbox)) == 2
    with pytest.raises(RuntimeError):
        telemetry.start()


def test_a_closed_outbox_does_not_kill_the_sampler(
    outbox: Outbox, kiosk_clock: KioskClock, caplog: pytest.LogCaptureFixture
) -> None:
    thermometer = MockThermometer(sensor_ids=(SENSOR,))
    telemetry = FridgeTelemetry(outbox, kiosk_clock, thermometer=thermometer)
    outbox.close()
    assert telemetry.sample() == []
    assert "temperature event not recorded" in caplog.text
    telemetry.close()


@pytest.fixture
def factory() -> Iterator[MockFactory]:
    factory = MockFactory()
    yield factory
    factory.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def door(factory: MockFactory, clock: FakeClock) -> Iterator[FridgeDoor]:
    door = FridgeDoor(DOOR_PIN, pin_factory=factory, debounce_ms=0, clock=clock)
    factory.pin(DOOR_PIN).drive_low()  # shut (the pull-up leaves it high: open)
    yield door
    door.close()


def test_door_openings_and_closings_are_recorded(
    outbox: Outbox,
    kiosk_clock: KioskClock,
    door: FridgeDoor,
    factory: MockFactory,
    clock: FakeClock,
) -> None:
    telemetry = FridgeTelemetry(outbox, kiosk_clock, door=door)
    factory.pin(DOOR_PIN).drive_high()
    clock.now += 42.5
    factory.pin(DOOR_PIN).drive_low()
    # A door propped open for longer than the protocol allows is capped, not refused.
    factory.pin(DOOR_PIN).drive_high()
    clock.now += MAX_DOOR_OPEN_S + 3600
    factory.pin(DOOR_PIN).drive_low()
    telemetry.close()
    assert door.closed
    events = reopened(outbox)
    assert all(isinstance(event, DoorEvent) for event in events)
    states = [(e.payload.state, e.payload.open_for_s) for e in events]  # type: ignore[attr-defined]
    assert states == [
        ("opened", None),
        ("closed", 42.5),
        ("opened", None),
        ("closed", float(MAX_DOOR_OPEN_S)),
    ]


def test_no_door_events_after_close(
    outbox: Outbox, kiosk_clock: KioskClock, factory: MockFactory, clock: FakeClock
) -> None:
    door = FridgeDoor(DOOR_PIN, pin_factory=factory, debounce_ms=0, clock=clock)
    factory.pin(DOOR_PIN).drive_low()
    telemetry = FridgeTelemetry(outbox, kiosk_clock, door=door)
    assert telemetry.running  # nothing to sample: healthy as far as the watchdog goes
    telemetry.close()
    factory.pin(DOOR_PIN).drive_high()
    assert reopened(outbox) == []
    assert "closed" in repr(telemetry)


def _wait_for(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    done = threading.Event()
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        done.wait(0.01)
    raise AssertionError("the condition never held")
