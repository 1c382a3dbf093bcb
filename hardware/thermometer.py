"""The fridge's DS18B20 thermometers: the interface, the 1-wire sysfs reader, a mock, a factory.

The kernel's w1 driver (`dtoverlay=w1-gpio`, see firmware_config/config.txt) shows each
DS18B20 as /sys/bus/w1/devices/28-<serial>/. Reading its `w1_slave` file runs one conversion
(about 750 ms at 12 bits) and prints the sensor's 9-byte scratchpad twice::

    72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
    72 01 4b 46 7f ff 0e 10 57 t=23125

the first line with the kernel's CRC verdict, the second with the temperature in
millidegrees Celsius. We read `w1_slave` rather than the newer `temperature` file because
only `w1_slave` shows the CRC verdict and the raw bytes, and every kernel has it. The bus
folder is a parameter with the real default, so tests point it at a fake tree.

An attempt that fails is retried (`attempts` in all, `retry_delay_s` apart), because each
read is a fresh conversion and these failures pass:

- `crc=.. NO`: a bit flipped on a long or noisy wire;
- `t=85000`: the scratchpad's power-on value, sent when the sensor has just reset (a
  brown-out, a loose supply wire) and not converted yet. A fridge is never at 85 °C, so
  85000 is never a reading, however often it comes: a persisting one is a SensorReadError;
- an all-zero scratchpad (`00 ... : crc=00 YES`, `t=0`): the data line held low. Its CRC
  passes (the CRC of zeros is zero) and 0 °C is a believable fridge, but a real scratchpad
  is never all zero (its configuration byte always has its low five bits set);
- a value outside the DS18B20's range (-55..125 °C): a corrupt read that slipped past the
  CRC; a persisting one is TemperatureOutOfRange;
- text that is not the two lines above (a driver that stopped mid-write).

A sensor whose folder or file is missing (never there, unplugged, removed by the kernel) is
SensorNotFound at once: waiting a fraction of a second will not bring it back. `read()`
blocks for a conversion or more: a caller with a screen to draw reads off its main thread.

Example (mock sensor)::

    with build_thermometer("mock") as thermometer:
        thermometer.set_temperature(3.5)
        thermometer.read()      # TemperatureReading(sensor_id='28-00000000cafe', celsius=3.5)
"""

from __future__ import annotations

import errno
import re
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hardware.buttons import default_backend
from hardware.errors import (
    BackendUnavailable,
    DeviceClosed,
    HardwareConfigError,
    SensorNotFound,
    SensorReadError,
    TemperatureOutOfRange,
)
from storywall.closing import ClosesOnExit

ThermometerBackend = Literal["w1", "mock"]
THERMOMETER_BACKENDS: tuple[ThermometerBackend, ...] = ("w1", "mock")

W1_DEVICES = Path("/sys/bus/w1/devices")
# Family code 28 is the DS18B20; the kernel names a slave <family>-<48-bit serial in hex>.
SENSOR_ID = re.compile(r"28-[0-9a-f]{12}")
POWER_ON_MILLIDEGREES = 85_000
MIN_CELSIUS = -55.0
MAX_CELSIUS = 125.0
DEFAULT_ATTEMPTS = 3
# Short: the next read starts a fresh 750 ms conversion of its own.
DEFAULT_RETRY_DELAY_S = 0.1
MOCK_SENSOR_ID = "28-00000000cafe"
DEFAULT_MOCK_CELSIUS = 4.0

_BYTES = r"((?:[0-9a-f]{2} ){9})"
_CRC_LINE = re.compile(_BYTES + r": crc=[0-9a-f]{2} (YES|NO)", re.IGNORECASE)
_VALUE_LINE = re.compile(_BYTES + r"t=(-?\d{1,7})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TemperatureReading:
    """One good reading: which sensor, and its temperature in degrees Celsius."""

    sensor_id: str
    celsius: float


class _FailedAttempt(Exception):
    """One attempt that gave nothing to trust; read() retries it."""


def _parse_w1_slave(text: str) -> int:
    """The millidegrees in a w1_slave file's text, or _FailedAttempt saying what is wrong."""
    lines = [line.strip() for line in text.strip().splitlines()]
    crc = _CRC_LINE.fullmatch(lines[0]) if len(lines) == 2 else None
    value = _VALUE_LINE.fullmatch(lines[1]) if crc else None
    if crc is None or value is None:
        raise _FailedAttempt(f"unreadable w1_slave {text[:80]!r}")
    if crc.group(2).upper() != "YES":
        raise _FailedAttempt("CRC check failed (NO)")
    if set(crc.group(1).split()) == {"00"}:
        raise _FailedAttempt("all-zero scratchpad (data line held low)")
    return int(value.group(2))


class Thermometer(ClosesOnExit, ABC):
    """Temperature sensors on one bus, each named by its id ("28-0316a2795cff").

    Backends supply one attempt at a raw value; the retries and the checks on the value
    live here, so the mock refuses and retries exactly what the real sensor does.
    """

    def __init__(
        self,
        *,
        attempts: int = DEFAULT_ATTEMPTS,
        retry_delay_s: float = DEFAULT_RETRY_DELAY_S,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        if attempts < 1:
            raise HardwareConfigError("attempts must be >= 1")
        if retry_delay_s < 0:
            raise HardwareConfigError("retry_delay_s must be >= 0")
        self.attempts = attempts
        self.retry_delay_s = retry_delay_s
        self._sleep = sleep
        self._closed = False

    @abstractmethod
    def sensors(self) -> list[str]:
        """The ids of the sensors on the bus now, sorted."""

    @abstractmethod
    def _read_millidegrees(self, sensor_id: str) -> int:
        """One attempt: the value in millidegrees, _FailedAttempt to retry, or SensorNotFound."""

    @property
    def closed(self) -> bool:
        """True once close() has been called."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise DeviceClosed(f"{self!r} is closed")

    def _choose(self, sensor_id: str | None) -> str:
        if sensor_id is not None:
            if not SENSOR_ID.fullmatch(sensor_id):
                raise HardwareConfigError(
                    f"{sensor_id!r} is not a DS18B20 id (28- and 12 hex digits)"
                )
            return sensor_id
        found = self.sensors()
        if not found:
            raise SensorNotFound("28-*", f"no DS18B20 on the bus of {self!r}")
        if len(found) > 1:
            raise HardwareConfigError(f"{len(found)} sensors on the bus {found}: name one")
        return found[0]

    def read(self, sensor_id: str | None = None) -> TemperatureReading:
        """A reading from `sensor_id` (None: the only sensor on the bus), retried as the
        module says; SensorNotFound, SensorReadError or TemperatureOutOfRange otherwise."""
        self._check_open()
        sensor = self._choose(sensor_id)
        failures: list[str] = []
        out_of_range = False
        for attempt in range(self.attempts):
            if attempt:
                self._sleep(self.retry_delay_s)
            self._check_open()
            try:
                millidegrees = self._read_millidegrees(sensor)
            except _FailedAttempt as failure:
                failures.append(str(failure))
                out_of_range = False
                continue
            celsius = millidegrees / 1000
            out_of_range = not MIN_CELSIUS <= celsius <= MAX_CELSIUS
            if millidegrees == POWER_ON_MILLIDEGREES:
                failures.append("85 °C power-on value (the sensor has just reset)")
            elif out_of_range:
                failures.append(f"{celsius:g} °C is outside {MIN_CELSIUS:g}..{MAX_CELSIUS:g} °C")
            else:
                return TemperatureReading(sensor, celsius)
        error = TemperatureOutOfRange if out_of_range else SensorReadError
        plural = "attempt" if self.attempts == 1 else "attempts"
        raise error(
            sensor,
            f"no good reading in {self.attempts} {plural}: {'; '.join(failures)}",
            tuple(failures),
        )

    def close(self) -> None:
        """Stop reading; a later read() is DeviceClosed. Safe to call more than once."""
        self._closed = True


class W1Thermometer(Thermometer):
    """DS18B20s read through the kernel's w1 sysfs files under `devices`."""

    def __init__(
        self,
        devices: Path | str = W1_DEVICES,
        *,
        attempts: int = DEFAULT_ATTEMPTS,
        retry_delay_s: float = DEFAULT_RETRY_DELAY_S,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        super().__init__(attempts=attempts, retry_delay_s=retry_delay_s, sleep=sleep)
        self.devices = Path(devices)
        if not self.devices.is_dir():
            raise BackendUnavailable(
                f"no 1-wire bus at {self.devices}: is dtoverlay=w1-gpio in config.txt?"
                " (elsewhere, use the 'mock' backend)"
            )

    def sensors(self) -> list[str]:
        self._check_open()
        try:
            entries = list(self.devices.iterdir())
        except OSError:
            return []  # the bus went away: no sensors, and read() will say which is missing
        return sorted(
            entry.name
            for entry in entries
            if SENSOR_ID.fullmatch(entry.name) and (entry / "w1_slave").exists()
        )

    def _read_millidegrees(self, sensor_id: str) -> int:
        path = self.devices / sensor_id / "w1_slave"
        try:
            raw = path.read_bytes()
        except OSError as error:
            if error.errno in (errno.ENOENT, errno.ENODEV, errno.ENOTDIR):
                raise SensorNotFound(
                    sensor_id, f"not on the 1-wire bus ({path} is missing)"
                ) from error
            raise _FailedAttempt(f"cannot read {path}: {error.strerror or error}") from error
        return _parse_w1_slave(raw.decode("ascii", errors="replace"))

    def __repr__(self) -> str:
        if self._closed:
            return "<W1Thermometer closed>"
        return f"<W1Thermometer devices='{self.devices}' attempts={self.attempts}>"


class MockThermometer(Thermometer):
    """Sensors in memory: a temperature to set, or a script of attempts to play.

    Its values go through the same checks as the real sensor's: 85.0 is a power-on value,
    130.0 out of range, and `None` in a script is a failed read (a CRC "NO").
    """

    def __init__(
        self,
        celsius: float = DEFAULT_MOCK_CELSIUS,
        *,
        sensor_ids: Sequence[str] = (MOCK_SENSOR_ID,),
        attempts: int = DEFAULT_ATTEMPTS,
        retry_delay_s: float = 0.0,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        super().__init__(attempts=attempts, retry_delay_s=retry_delay_s, sleep=sleep)
        for sensor_id in sensor_ids:
            if not SENSOR_ID.fullmatch(sensor_id):
                raise HardwareConfigError(f"{sensor_id!r} is not a DS18B20 id")
        self._lock = threading.Lock()
        self._celsius: dict[str, float] = dict.fromkeys(sensor_ids, celsius)
        self._scripts: dict[str, deque[float | None]] = {}

    def sensors(self) -> list[str]:
        self._check_open()
        with self._lock:
            return sorted(self._celsius)

    def _the_sensor(self, sensor_id: str | None) -> str:
        with self._lock:
            known = sorted(self._celsius)
        if sensor_id is None and len(known) == 1:
            return known[0]
        if sensor_id not in known:
            raise HardwareConfigError(f"name one of the mock sensors {known}, not {sensor_id!r}")
        return sensor_id

    def set_temperature(self, celsius: float, sensor_id: str | None = None) -> None:
        """What the sensor reads from now on (once any script has played)."""
        sensor = self._the_sensor(sensor_id)
        with self._lock:
            self._celsius[sensor] = celsius

    def script(self, readings: Iterable[float | None], sensor_id: str | None = None) -> None:
        """Attempts to play in order, one per attempt, before the set temperature returns."""
        sensor = self._the_sensor(sensor_id)
        with self._lock:
            self._scripts.setdefault(sensor, deque()).extend(readings)

    def unplug(self, sensor_id: str | None = None) -> None:
        """Take a sensor off the bus: reading it is SensorNotFound, as when a wire is cut."""
        sensor = self._the_sensor(sensor_id)
        with self._lock:
            del self._celsius[sensor]
            self._scripts.pop(sensor, None)

    def plug(self, sensor_id: str, celsius: float = DEFAULT_MOCK_CELSIUS) -> None:
        """Put a sensor (back) on the bus."""
        if not SENSOR_ID.fullmatch(sensor_id):
            raise HardwareConfigError(f"{sensor_id!r} is not a DS18B20 id")
        with self._lock:
            self._celsius[sensor_id] = celsius

    def _read_millidegrees(self, sensor_id: str) -> int:
        with self._lock:
            if sensor_id not in self._celsius:
                raise SensorNotFound(sensor_id, "not on the mock bus")
            script = self._scripts.get(sensor_id)
            value = script.popleft() if script else self._celsius[sensor_id]
        if value is None:
            raise _FailedAttempt("CRC check failed (NO)")
        return round(value * 1000)

    def __repr__(self) -> str:
        if self._closed:
            return "<MockThermometer closed>"
        with self._lock:
            sensors = dict(sorted(self._celsius.items()))
        return f"<MockThermometer sensors={sensors}>"


def default_thermometer_backend(env: Mapping[str, str] | None = None) -> ThermometerBackend:
    """ "mock" when STORYWALL_HARDWARE says mock, else "w1": one switch for all the hardware."""
    return "mock" if default_backend(env) == "mock" else "w1"


def build_thermometer(
    backend: ThermometerBackend | None = None,
    *,
    devices: Path | str = W1_DEVICES,
    attempts: int = DEFAULT_ATTEMPTS,
    retry_delay_s: float = DEFAULT_RETRY_DELAY_S,
) -> Thermometer:
    """The thermometer for `backend` (None: default_thermometer_backend()): "w1" reads the
    sysfs files under `devices`, "mock" is one MockThermometer sensor at 4 °C."""
    if backend is None:
        backend = default_thermometer_backend()
    if backend == "w1":
        return W1Thermometer(devices, attempts=attempts, retry_delay_s=retry_delay_s)
    if backend == "mock":
        return MockThermometer(attempts=attempts)
    raise HardwareConfigError(f"unknown thermometer backend {backend!r}: use 'w1' or 'mock'")


__all__ = [
    "DEFAULT_ATTEMPTS",
    "MAX_CELSIUS",
    "MIN_CELSIUS",
    "MOCK_SENSOR_ID",
    "POWER_ON_MILLIDEGREES",
    "THERMOMETER_BACKENDS",
    "W1_DEVICES",
    "MockThermometer",
    "TemperatureReading",
    "Thermometer",
    "ThermometerBackend",
    "W1Thermometer",
    "build_thermometer",
    "default_thermometer_backend",
]
