"""The screen's backlight, through the kernel's backlight class: /sys/class/backlight/<name>/.

The official Raspberry Pi touch displays (and many DSI panels) appear there with
`brightness` (read and write, 0..max) and `max_brightness`. HDMI screens do not: then there
is no backlight and the kiosk dims only its picture. The folder is a parameter with the real
default, as gpiozero's CPUTemperature takes its sensor file, so tests use a fake tree.

Writing `brightness` needs write access to it: the installer adds a udev rule giving the
video group (the kiosk's service user is in it) that access.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from hardware.errors import DeviceClosed, HardwareError

BACKLIGHT_CLASS = Path("/sys/class/backlight")


class BacklightError(HardwareError):
    """The backlight's files cannot be read or written."""


class Backlight:
    """One backlight device: `brightness` in its own steps, `level` as a fraction of full."""

    def __init__(self, device: Path | str) -> None:
        self.device = Path(device)
        self._closed = False
        self.max_brightness = self._read("max_brightness")
        if self.max_brightness <= 0:
            raise BacklightError(f"{self.device}: max_brightness is {self.max_brightness}")

    def _read(self, name: str) -> int:
        path = self.device / name
        try:
            return int(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError) as error:
            raise BacklightError(f"cannot read {path}: {error}") from error

    @property
    def brightness(self) -> int:
        """The current brightness, 0..max_brightness."""
        self._check_open()
        return self._read("brightness")

    @brightness.setter
    def brightness(self, value: int) -> None:
        self._check_open()
        value = max(0, min(self.max_brightness, int(value)))
        path = self.device / "brightness"
        try:
            path.write_text(f"{value}\n", encoding="ascii")
        except OSError as error:
            raise BacklightError(f"cannot write {path}: {error}") from error

    @property
    def level(self) -> float:
        """The brightness as a fraction of full (0.0-1.0)."""
        return self.brightness / self.max_brightness

    @level.setter
    def level(self, fraction: float) -> None:
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"a backlight level is between 0 and 1, not {fraction}")
        # Never all the way off for a fraction above zero: a dark panel looks broken.
        steps = round(self.max_brightness * fraction)
        self.brightness = max(steps, 1) if fraction > 0 else 0

    @property
    def closed(self) -> bool:
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise DeviceClosed(f"{self!r} is closed")

    def close(self) -> None:
        """Stop using the device; the panel keeps its brightness. Safe to call twice."""
        self._closed = True

    def __enter__(self) -> Backlight:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"max={self.max_brightness}"
        return f"<Backlight {self.device.name} {state}>"


def find_backlight(root: Path | str = BACKLIGHT_CLASS) -> Backlight | None:
    """The first backlight under `root` (sorted by name), or None when there is none
    (an HDMI screen, a laptop) or none that can be read."""
    try:
        devices = sorted(path for path in Path(root).iterdir() if (path / "brightness").exists())
    except OSError:
        return None
    for device in devices:
        try:
            return Backlight(device)
        except BacklightError:
            continue
    return None
