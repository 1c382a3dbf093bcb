"""The hardware layer's exceptions: one hierarchy, so callers can catch HardwareError."""

from __future__ import annotations


class HardwareError(Exception):
    """Something went wrong between the kiosk and its devices."""


class HardwareConfigError(HardwareError, ValueError):
    """Pins or options given to a device do not make sense together."""


class BackendUnavailable(HardwareError):
    """The requested backend cannot run on this machine (no GPIO, missing library)."""


class DeviceClosed(HardwareError):
    """A device was used after close()."""


class UnknownButton(HardwareError, IndexError):
    """A button index outside the panel."""


class ThermometerError(HardwareError):
    """A temperature sensor gave no reading to trust; `sensor_id` names it."""

    def __init__(self, sensor_id: str, message: str) -> None:
        super().__init__(f"{sensor_id}: {message}")
        self.sensor_id = sensor_id


class SensorNotFound(ThermometerError, LookupError):
    """The sensor is not on the 1-wire bus: never there, unplugged, or gone silent."""


class SensorReadError(ThermometerError):
    """The sensor answered, but every attempt failed (CRC, power-on value, garbage)."""

    def __init__(self, sensor_id: str, message: str, failures: tuple[str, ...] = ()) -> None:
        super().__init__(sensor_id, message)
        self.failures = failures


class TemperatureOutOfRange(SensorReadError, ValueError):
    """A value the sensor cannot measure (a DS18B20 reads -55..125 °C): a corrupt read."""


class CameraError(HardwareError):
    """The camera gave no photo (it failed to capture, or the photo cannot be made small)."""
