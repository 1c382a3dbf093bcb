"""How the kiosk is doing, for its heartbeats: uptime, CPU temperature, free disk,
outbox backlog and rejected count, the last error it logged.

Readers of OS state take their path as a parameter with the real default (the way
gpiozero's CPUTemperature takes `sensor_file`), so tests point them at a fake sysfs
tree; what a machine cannot tell (no thermal zone on a laptop) is None, not an error.

Example::

    last_error = LastErrorHandler()
    logging.getLogger().addHandler(last_error)
    health = KioskHealth(data_dir, last_error=last_error)
    health.fields()  # {"uptime_s": 12, "cpu_temp_c": 48.3, "disk_free_mb": 2048, ...}
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from storywall.protocol.limits import MAX_LAST_ERROR_CHARS

THERMAL_PATH = Path("/sys/class/thermal/thermal_zone0/temp")


def read_cpu_temp_c(path: Path | str = THERMAL_PATH) -> float | None:
    """The CPU temperature in °C from a sysfs file in millidegrees, or None."""
    try:
        text = Path(path).read_text(encoding="ascii").strip()
        value = int(text) / 1000
    except (OSError, ValueError, UnicodeError):
        return None
    # Outside what the protocol allows is a broken sensor, not a temperature.
    return round(value, 1) if -60 <= value <= 150 else None


def disk_free_mb(path: Path | str) -> int | None:
    """Megabytes free for the kiosk's files on the file system holding `path`, or None."""
    try:
        return shutil.disk_usage(path).free // (1024 * 1024)
    except OSError:
        return None


class LastErrorHandler(logging.Handler):
    """Keeps the first line of the last ERROR (or worse) record, short enough for a
    heartbeat (MAX_LAST_ERROR_CHARS)."""

    def __init__(self, level: int = logging.ERROR) -> None:
        super().__init__(level)
        self._last: str | None = None

    @property
    def last_error(self) -> str | None:
        """The last error's first line, or None when none was logged."""
        return self._last

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not break logging
            message = str(record.msg)
        lines = message.strip().splitlines()
        first = lines[0].strip() if lines else record.levelname
        if record.exc_info and record.exc_info[0] is not None:
            first = f"{first} ({record.exc_info[0].__name__})"
        self._last = first[:MAX_LAST_ERROR_CHARS]


class KioskHealth:
    """The heartbeat's health fields for one kiosk (see HeartbeatPayload)."""

    def __init__(
        self,
        data_dir: Path | str,
        *,
        thermal_path: Path | str = THERMAL_PATH,
        last_error: LastErrorHandler | None = None,
        mono: Callable[[], float] = time.monotonic,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.thermal_path = Path(thermal_path)
        self.last_error = last_error
        self._mono = mono
        self._started = mono()

    def uptime_s(self) -> int:
        """Whole seconds since this kiosk process started."""
        return max(0, int(self._mono() - self._started))

    def fields(self) -> dict[str, object]:
        """uptime_s, cpu_temp_c, disk_free_mb and last_error, as HeartbeatPayload names
        them (the outbox counts are the core's to add)."""
        return {
            "uptime_s": self.uptime_s(),
            "cpu_temp_c": read_cpu_temp_c(self.thermal_path),
            "disk_free_mb": disk_free_mb(self.data_dir),
            "last_error": self.last_error.last_error if self.last_error is not None else None,
        }

    def __repr__(self) -> str:
        return f"<KioskHealth {str(self.data_dir)!r} uptime_s={self.uptime_s()}>"
