"""A fridge kiosk's telemetry: thermometer samplings and door events, into the outbox.

A sampling reads every sensor (the ids from kiosk.toml, or the ones on the bus) and
records one `temperature` event each: a reading, or the fault that stopped it
(SensorNotFound -> "not_found", SensorReadError -> "read_error",
TemperatureOutOfRange -> "out_of_range"), so a silent or broken sensor reaches the hub
as such. A read blocks for a conversion or more (hardware.thermometer), so samplings
run on their own thread, never on the screen's, every `interval_s` by the monotonic
clock; the first runs as soon as the thread starts.

The door's callbacks (gpiozero's thread, or a settle timer's) record `door` events
directly: `opened`, then `closed` with how long it stood open (capped at
MAX_DOOR_OPEN_S, the protocol's bound). The outbox is shared behind its own lock and
each record is one short transaction, so these threads never wait on the screen.

Example::

    telemetry = FridgeTelemetry(outbox, clock, thermometer=thermometer, door=door)
    telemetry.start()          # samples now, then every minute
    ...
    telemetry.close()          # stops and joins the thread; safe twice
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from hardware.door import FridgeDoor
from hardware.errors import (
    HardwareError,
    SensorNotFound,
    SensorReadError,
    TemperatureOutOfRange,
    ThermometerError,
)
from hardware.thermometer import Thermometer
from kiosk.errors import OutboxError
from kiosk.outbox import EventClock, Outbox
from storywall.closing import ClosesOnExit
from storywall.protocol.door import DoorPayload
from storywall.protocol.events import Event
from storywall.protocol.limits import MAX_DOOR_OPEN_S
from storywall.protocol.temperature import SensorFault, TemperaturePayload

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 60.0
JOIN_TIMEOUT_S = 5.0
# The thread looks at its clock at least this often, so a clock that jumps (a test's,
# or a Pi's monotonic clock after a suspend) is noticed within a second.
LOOK_S = 1.0


class Waker(Protocol):
    """Something to nudge after a new event (kiosk.sync_worker.SyncWorker)."""

    def wake(self) -> None: ...


def fault_of(error: ThermometerError) -> SensorFault:
    """The wire's name for why a sampling gave no temperature."""
    if isinstance(error, TemperatureOutOfRange):
        return "out_of_range"
    if isinstance(error, SensorReadError):
        return "read_error"
    if isinstance(error, SensorNotFound):
        return "not_found"
    return "read_error"


class FridgeTelemetry(ClosesOnExit):
    """Samples the thermometer on a thread of its own and records the door's events."""

    def __init__(
        self,
        outbox: Outbox,
        clock: EventClock,
        *,
        thermometer: Thermometer | None = None,
        door: FridgeDoor | None = None,
        sensor_ids: Sequence[str] = (),
        interval_s: float = DEFAULT_INTERVAL_S,
        worker: Waker | None = None,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        if interval_s <= 0:
            raise ValueError("interval_s must be > 0")
        self.outbox = outbox
        self.clock = clock
        self.thermometer = thermometer
        self.door = door
        self.sensor_ids = tuple(sensor_ids)
        self.interval_s = interval_s
        self.worker = worker
        self._timer = timer
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.samplings = 0
        self.last_sampled: float | None = None
        if door is not None:
            door.when_opened = self._door_opened
            door.when_closed = self._door_closed

    # -- the sampler -------------------------------------------------------------------

    def start(self) -> None:
        """Start sampling on a daemon thread (no thread without a thermometer)."""
        if self._closed:
            raise RuntimeError(f"{self!r} is closed")
        if self.thermometer is None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="fridge-sampler", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        """True while the sampler thread lives, or when there is nothing to sample (the
        watchdog asks this: a sampler that died stops the kiosk's heartbeat to systemd)."""
        if self.thermometer is None or self._thread is None:
            return not self._closed
        return self._thread.is_alive()

    def _run(self) -> None:
        next_at = self._timer()
        while not self._stop.is_set():
            now = self._timer()
            if now >= next_at:
                self.sample()
                # Keep to the schedule, but never sample twice to catch up after a stall.
                next_at = max(next_at + self.interval_s, self._timer())
            self._stop.wait(min(LOOK_S, max(0.0, next_at - self._timer())))

    def sensors(self) -> list[str]:
        """The sensors to sample: those kiosk.toml names, else those on the bus now."""
        if self.sensor_ids:
            return list(self.sensor_ids)
        if self.thermometer is None:
            return []
        try:
            return self.thermometer.sensors()
        except HardwareError as error:
            logger.warning("cannot list the thermometers: %s", error)
            return []

    def sample(self) -> list[Event]:
        """Read every sensor once and record one temperature event each (any thread).

        A bus with no sensor at all (none named, none found) has nobody to blame by id:
        that is logged, and the hub notices the silence."""
        thermometer = self.thermometer
        if thermometer is None:
            return []
        sensors = self.sensors()
        if not sensors:
            logger.warning("no DS18B20 thermometer on the bus of %r", thermometer)
        events: list[Event] = []
        for sensor_id in sensors:
            try:
                reading = thermometer.read(sensor_id)
            except ThermometerError as error:
                logger.warning("thermometer %s: %s", sensor_id, error)
                payload = TemperaturePayload(sensor_id=sensor_id, fault=fault_of(error))
            except HardwareError as error:  # closed while we slept, a bad id: not a reading
                logger.warning("thermometer %s not read: %s", sensor_id, error)
                continue
            else:
                payload = TemperaturePayload(sensor_id=sensor_id, celsius=reading.celsius)
            event = self._record("temperature", payload)
            if event is not None:
                events.append(event)
        self.samplings += 1
        self.last_sampled = self._timer()
        return events

    # -- the door (its callback thread) --------------------------------------------------

    def _door_opened(self) -> None:
        self._record("door", DoorPayload(state="opened"))

    def _door_closed(self, open_for_s: float) -> None:
        seconds = round(min(max(0.0, open_for_s), float(MAX_DOOR_OPEN_S)), 3)
        self._record("door", DoorPayload(state="closed", open_for_s=seconds))

    def _record(self, type_: str, payload: TemperaturePayload | DoorPayload) -> Event | None:
        try:
            event = self.outbox.record(type_, payload, clock=self.clock)
        except OutboxError as error:
            # A full disk or a closed outbox at shutdown: say so, keep the thread alive.
            logger.error("%s event not recorded: %s", type_, error)
            return None
        if self.worker is not None:
            self.worker.wake()
        return event

    # -- closing ----------------------------------------------------------------------------

    def close(self) -> None:
        """Stop sampling (join the thread), stop listening to the door, and close both
        devices. Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(JOIN_TIMEOUT_S)
            if thread.is_alive():
                logger.warning("the fridge sampler did not stop within %.0f s", JOIN_TIMEOUT_S)
        if self.door is not None:
            self.door.when_opened = None
            self.door.when_closed = None
            self.door.close()
        if self.thermometer is not None:
            self.thermometer.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("running" if self._thread else "idle")
        return (
            f"<FridgeTelemetry {state} every {self.interval_s:g}s"
            f" sensors={self.sensor_ids or 'bus'}"
            f" door={'yes' if self.door is not None else 'no'} samplings={self.samplings}>"
        )
