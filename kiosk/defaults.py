"""Every default of a kiosk's settings, declared once, by the settings file's sections.

The settings file (kiosk.settings), `KioskSettings`, and the keyword defaults of the parts
(SyncWorker, HubClient, KioskParts, the display) all read their defaults from `DEFAULTS`;
firmware_config/kiosk.example.toml shows the same values (tests/kiosk/test_defaults.py
checks it). The button panel's pins and debounce are the panel's own defaults
(hardware.buttons), read here rather than written twice. The hardware backend has no
default here: it comes from STORYWALL_HARDWARE, as gpiozero's pins come from
GPIOZERO_PIN_FACTORY (see hardware.buttons.default_backend).

Tuning constants that are not settings (batch sizes, back-off, coalescing) stay next to
the code they tune, each declared once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hardware.buttons import DEFAULT_BUTTON_PINS, DEFAULT_DEBOUNCE_MS, DEFAULT_LED_PINS
from hardware.camera import CameraBackend
from hardware.door import DEFAULT_DOOR_PIN
from hardware.thermometer import W1_DEVICES, ThermometerBackend

DisplayMode = Literal["auto", "fullscreen", "window", "headless"]
# How the panel is mounted; "auto": as it was made (kiosk.ui.rotation turns the others).
Orientation = Literal["auto", "landscape", "portrait", "landscape-flipped", "portrait-flipped"]
Pin = int | str


@dataclass(frozen=True)
class KioskDefaults:
    """`[kiosk]`: where the kiosk keeps its files and how often it says it is alive."""

    data_dir: str = "/var/lib/storywall"
    heartbeat_interval_s: float = 300.0
    assume_clock_synced: bool = False
    # The language the kiosk starts in; None: the site's first language (from the hub).
    language: str | None = None


@dataclass(frozen=True)
class HardwareDefaults:
    """`[hardware]`: the arcade buttons (BCM numbers) and their debounce."""

    buttons: tuple[Pin, ...] = DEFAULT_BUTTON_PINS
    leds: tuple[Pin, ...] = DEFAULT_LED_PINS
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    # The safe-shutdown button (held 3 s); None: no such button.
    shutdown_pin: Pin | None = None
    # What a held shutdown button runs: an argument list, never through a shell.
    shutdown_command: tuple[str, ...] = ("systemctl", "poweroff")


@dataclass(frozen=True)
class DisplayDefaults:
    """`[display]`: how and how large to draw."""

    mode: DisplayMode = "auto"
    width: int = 800
    height: int = 480
    # Seconds without a touch or press before the kiosk goes back to the attract screen.
    idle_timeout_s: float = 45.0
    # A short sound on each press.
    sound: bool = False
    orientation: Orientation = "auto"
    # The backlight during the site's quiet hours, as a fraction of full (1.0: not dimmed).
    quiet_brightness: float = 0.3

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)


@dataclass(frozen=True)
class SyncDefaults:
    """`[sync]`: how often to talk to the hub, and how long to wait for it."""

    idle_interval_s: float = 30.0
    config_interval_s: float = 60.0
    timeout_s: float = 15.0
    # How often a kiosk whose token the hub refused (401/403) asks again.
    paused_interval_s: float = 600.0


@dataclass(frozen=True)
class FridgeDefaults:
    """`[fridge]`: a kiosk at a community fridge: thermometer, door switch, shelf camera."""

    enabled: bool = False
    # None: follow hardware.backend ("gpio" -> "w1" / "picamera2", "mock" -> "mock").
    thermometer: ThermometerBackend | None = None
    w1_devices: str = str(W1_DEVICES)
    # DS18B20 ids ("28-0316a2795cff"); empty: every sensor found on the bus.
    sensors: tuple[str, ...] = ()
    sample_interval_s: float = 60.0
    door: bool = True
    door_pin: Pin = DEFAULT_DOOR_PIN
    camera: CameraBackend | None = None
    # A push button that opens the drop-off screen; None: the touchscreen only.
    dropoff_button_pin: Pin | None = None


@dataclass(frozen=True)
class Defaults:
    """One attribute per section of the settings file."""

    kiosk: KioskDefaults = field(default_factory=KioskDefaults)
    hardware: HardwareDefaults = field(default_factory=HardwareDefaults)
    display: DisplayDefaults = field(default_factory=DisplayDefaults)
    sync: SyncDefaults = field(default_factory=SyncDefaults)
    fridge: FridgeDefaults = field(default_factory=FridgeDefaults)


DEFAULTS = Defaults()
