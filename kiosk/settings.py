"""The kiosk's settings, read from one TOML file (see firmware_config/kiosk.example.toml).

Every mistake is reported as a SettingsError naming the file and the key, e.g.
``/etc/storywall/kiosk.toml: hardware.leds: 4 buttons need 4 LEDs (or leds = [])``.
Relative paths in the file are relative to the file's own folder. Every default is
kiosk.defaults.DEFAULTS.

`hardware.backend` left out of the file comes from the STORYWALL_HARDWARE environment
variable (`gpio` or `mock`), else "gpio", the way gpiozero's pins come from
GPIOZERO_PIN_FACTORY: a value written in the file wins over the environment, and
`storywall kiosk --mock-hardware` wins over both.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hardware.buttons import Backend, default_backend
from hardware.camera import CameraBackend
from hardware.errors import HardwareConfigError
from hardware.thermometer import ThermometerBackend
from kiosk.defaults import DEFAULTS, DisplayMode, Orientation, Pin
from kiosk.errors import SettingsError
from storywall.protocol.limits import (
    DS18B20_ID_PATTERN,
    LANGUAGE_PATTERN,
    MAX_EMOJI_PER_PROMPT,
    SLUG_PATTERN,
)

HardwareBackend = Backend
# config.txt's dtoverlay=w1-gpio holds this pin for the thermometers' 1-wire bus.
ONE_WIRE_PIN = 4
_BCM_NAME = re.compile(r"(?:GPIO|BCM)?(\d{1,2})", re.IGNORECASE)

_Positive = Annotated[float, Field(gt=0)]


class _Section(BaseModel):
    # strict: TOML is typed, so "300" where a number belongs is a mistake to report.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _KioskSection(_Section):
    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    hub_url: str
    token: Annotated[str, Field(min_length=1)] | None = None
    token_file: str | None = None
    data_dir: str = DEFAULTS.kiosk.data_dir
    heartbeat_interval_s: _Positive = DEFAULTS.kiosk.heartbeat_interval_s
    assume_clock_synced: bool = DEFAULTS.kiosk.assume_clock_synced
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] | None = DEFAULTS.kiosk.language


class _HardwareSection(_Section):
    backend: HardwareBackend | None = None  # None: STORYWALL_HARDWARE, else "gpio"
    buttons: Annotated[list[Pin], Field(min_length=1, max_length=MAX_EMOJI_PER_PROMPT)] = list(
        DEFAULTS.hardware.buttons
    )
    leds: Annotated[list[Pin], Field(max_length=MAX_EMOJI_PER_PROMPT)] = list(
        DEFAULTS.hardware.leds
    )
    debounce_ms: Annotated[int, Field(ge=0, le=5000)] = DEFAULTS.hardware.debounce_ms
    shutdown_pin: Pin | None = DEFAULTS.hardware.shutdown_pin
    shutdown_command: Annotated[
        list[Annotated[str, Field(min_length=1)]], Field(min_length=1, max_length=32)
    ] = list(DEFAULTS.hardware.shutdown_command)


class _DisplaySection(_Section):
    mode: DisplayMode = DEFAULTS.display.mode
    width: Annotated[int, Field(gt=0, le=8192)] = DEFAULTS.display.width
    height: Annotated[int, Field(gt=0, le=8192)] = DEFAULTS.display.height
    idle_timeout_s: Annotated[float, Field(ge=5, le=3600)] = DEFAULTS.display.idle_timeout_s
    sound: bool = DEFAULTS.display.sound
    orientation: Orientation = DEFAULTS.display.orientation
    quiet_brightness: Annotated[float, Field(ge=0, le=1)] = DEFAULTS.display.quiet_brightness


class _SyncSection(_Section):
    idle_interval_s: _Positive = DEFAULTS.sync.idle_interval_s
    config_interval_s: _Positive = DEFAULTS.sync.config_interval_s
    timeout_s: _Positive = DEFAULTS.sync.timeout_s
    paused_interval_s: Annotated[float, Field(ge=1, le=86_400)] = DEFAULTS.sync.paused_interval_s


class _FridgeSection(_Section):
    enabled: bool = DEFAULTS.fridge.enabled
    thermometer: ThermometerBackend | None = DEFAULTS.fridge.thermometer
    w1_devices: Annotated[str, Field(min_length=1)] = DEFAULTS.fridge.w1_devices
    sensors: Annotated[
        list[Annotated[str, Field(pattern=DS18B20_ID_PATTERN)]], Field(max_length=8)
    ] = list(DEFAULTS.fridge.sensors)
    sample_interval_s: Annotated[float, Field(ge=5, le=3600)] = DEFAULTS.fridge.sample_interval_s
    door: bool = DEFAULTS.fridge.door
    door_pin: Pin = DEFAULTS.fridge.door_pin
    camera: CameraBackend | None = DEFAULTS.fridge.camera
    dropoff_button_pin: Pin | None = DEFAULTS.fridge.dropoff_button_pin


class _File(_Section):
    kiosk: _KioskSection
    hardware: _HardwareSection = _HardwareSection()
    display: _DisplaySection = _DisplaySection()
    sync: _SyncSection = _SyncSection()
    fridge: _FridgeSection = _FridgeSection()


def setting_keys() -> frozenset[str]:
    """Every key the settings file accepts, as "section.key", read from the models
    themselves (so a key added to a model is a key the docs must name)."""
    keys: set[str] = set()
    for section, info in _File.model_fields.items():
        model = info.annotation
        assert isinstance(model, type) and issubclass(model, _Section), section
        keys.update(f"{section}.{name}" for name in model.model_fields)
    return frozenset(keys)


@dataclass(frozen=True)
class FridgeSettings:
    """A fridge kiosk's devices (present only when `[fridge] enabled = true`)."""

    thermometer: ThermometerBackend = "w1"
    w1_devices: Path = Path(DEFAULTS.fridge.w1_devices)
    sensors: tuple[str, ...] = DEFAULTS.fridge.sensors
    sample_interval_s: float = DEFAULTS.fridge.sample_interval_s
    door_pin: Pin | None = DEFAULTS.fridge.door_pin  # None: no door switch
    camera: CameraBackend = "picamera2"
    dropoff_button_pin: Pin | None = DEFAULTS.fridge.dropoff_button_pin


@dataclass(frozen=True)
class KioskSettings:
    """Everything a kiosk needs to start, validated."""

    kiosk_id: str
    hub_url: str
    token: str = field(repr=False)
    data_dir: Path
    hardware_backend: HardwareBackend = field(default_factory=default_backend)
    button_pins: tuple[Pin, ...] = DEFAULTS.hardware.buttons
    led_pins: tuple[Pin | None, ...] = DEFAULTS.hardware.leds
    debounce_ms: int = DEFAULTS.hardware.debounce_ms
    display_mode: DisplayMode = DEFAULTS.display.mode
    screen_size: tuple[int, int] = DEFAULTS.display.size
    assume_clock_synced: bool = DEFAULTS.kiosk.assume_clock_synced
    heartbeat_interval_s: float = DEFAULTS.kiosk.heartbeat_interval_s
    sync_idle_interval_s: float = DEFAULTS.sync.idle_interval_s
    config_interval_s: float = DEFAULTS.sync.config_interval_s
    http_timeout_s: float = DEFAULTS.sync.timeout_s
    paused_interval_s: float = DEFAULTS.sync.paused_interval_s
    language: str | None = DEFAULTS.kiosk.language
    idle_timeout_s: float = DEFAULTS.display.idle_timeout_s
    sound: bool = DEFAULTS.display.sound
    shutdown_pin: Pin | None = DEFAULTS.hardware.shutdown_pin
    shutdown_command: tuple[str, ...] = DEFAULTS.hardware.shutdown_command
    orientation: Orientation = DEFAULTS.display.orientation
    quiet_brightness: float = DEFAULTS.display.quiet_brightness
    fridge: FridgeSettings | None = None


def load_settings(path: Path | str, *, env: Mapping[str, str] | None = None) -> KioskSettings:
    """Read and check the TOML file at `path`; raise SettingsError naming the bad key.

    `env` (default os.environ) supplies STORYWALL_HARDWARE when the file names no backend.
    """
    path = Path(path)
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except OSError as error:
        raise SettingsError(path, None, f"cannot read: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(path, None, f"not valid TOML: {error}") from error
    try:
        parsed = _File.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or None
        raise SettingsError(path, key, first["msg"]) from error
    return _build(path, parsed, env)


def _build(path: Path, parsed: _File, env: Mapping[str, str] | None) -> KioskSettings:
    kiosk, hardware = parsed.kiosk, parsed.hardware
    base = path.parent

    url = urlsplit(kiosk.hub_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise SettingsError(path, "kiosk.hub_url", "must be an http:// or https:// URL")

    if (kiosk.token is None) == (kiosk.token_file is None):
        raise SettingsError(path, "kiosk.token", "give exactly one of token and token_file")
    token = kiosk.token
    if kiosk.token_file is not None:
        token_path = base / kiosk.token_file
        try:
            token = token_path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise SettingsError(
                path, "kiosk.token_file", f"cannot read {token_path}: {error.strerror or error}"
            ) from error
        if not token:
            raise SettingsError(path, "kiosk.token_file", f"{token_path} is empty")
    assert token is not None

    if hardware.leds and len(hardware.leds) != len(hardware.buttons):
        raise SettingsError(
            path,
            "hardware.leds",
            f"{len(hardware.buttons)} buttons need {len(hardware.buttons)} LEDs (or leds = [])",
        )
    _check_pins(path, parsed)
    leds: tuple[Pin | None, ...] = (
        tuple(hardware.leds) if hardware.leds else (None,) * len(hardware.buttons)
    )

    backend = hardware.backend
    if backend is None:
        try:
            backend = default_backend(env)
        except HardwareConfigError as error:
            raise SettingsError(path, "hardware.backend", f"not set, and {error}") from error

    return KioskSettings(
        fridge=_fridge(parsed.fridge, base, backend),
        kiosk_id=kiosk.id,
        hub_url=kiosk.hub_url.rstrip("/"),
        token=token,
        data_dir=base / kiosk.data_dir,
        hardware_backend=backend,
        button_pins=tuple(hardware.buttons),
        led_pins=leds,
        debounce_ms=hardware.debounce_ms,
        display_mode=parsed.display.mode,
        screen_size=_oriented(
            parsed.display.width, parsed.display.height, parsed.display.orientation
        ),
        assume_clock_synced=kiosk.assume_clock_synced,
        heartbeat_interval_s=kiosk.heartbeat_interval_s,
        sync_idle_interval_s=parsed.sync.idle_interval_s,
        config_interval_s=parsed.sync.config_interval_s,
        http_timeout_s=parsed.sync.timeout_s,
        paused_interval_s=parsed.sync.paused_interval_s,
        language=kiosk.language,
        idle_timeout_s=parsed.display.idle_timeout_s,
        sound=parsed.display.sound,
        shutdown_pin=hardware.shutdown_pin,
        shutdown_command=tuple(hardware.shutdown_command),
        orientation=parsed.display.orientation,
        quiet_brightness=parsed.display.quiet_brightness,
    )


def _bcm(pin: Pin) -> int | str:
    """A pin as one comparable value: 17, "GPIO17" and "BCM17" are all GPIO 17."""
    if isinstance(pin, int):
        return pin
    match = _BCM_NAME.fullmatch(pin.strip())
    return int(match.group(1)) if match else pin.strip().upper()


def _check_pins(path: Path, parsed: _File) -> None:
    """No two devices on one pin, and none on the 1-wire bus's pin."""
    hardware, fridge = parsed.hardware, parsed.fridge
    named: list[tuple[str, Iterable[Pin]]] = [
        ("hardware.buttons", hardware.buttons),
        ("hardware.leds", hardware.leds),
    ]
    if hardware.shutdown_pin is not None:
        named.append(("hardware.shutdown_pin", [hardware.shutdown_pin]))
    if fridge.enabled and fridge.door:
        named.append(("fridge.door_pin", [fridge.door_pin]))
    if fridge.enabled and fridge.dropoff_button_pin is not None:
        named.append(("fridge.dropoff_button_pin", [fridge.dropoff_button_pin]))
    owners: dict[int | str, str] = {}
    for key, pins in named:
        for pin in pins:
            bcm = _bcm(pin)
            if bcm == ONE_WIRE_PIN:
                raise SettingsError(
                    path, key, f"GPIO {ONE_WIRE_PIN} is the thermometers' 1-wire bus (config.txt)"
                )
            owner = owners.get(bcm)
            if owner is not None:
                where = "named twice" if owner == key else f"already used by {owner}"
                raise SettingsError(path, key, f"pin {pin} is {where} (one device per pin)")
            owners[bcm] = key


def _fridge(section: _FridgeSection, base: Path, backend: Backend) -> FridgeSettings | None:
    """The fridge's devices, the backends following the hardware's when not named."""
    if not section.enabled:
        return None
    mock = backend == "mock"
    return FridgeSettings(
        thermometer=section.thermometer or ("mock" if mock else "w1"),
        w1_devices=base / section.w1_devices,
        sensors=tuple(section.sensors),
        sample_interval_s=section.sample_interval_s,
        door_pin=section.door_pin if section.door else None,
        camera=section.camera or ("mock" if mock else "picamera2"),
        dropoff_button_pin=section.dropoff_button_pin,
    )


def _oriented(width: int, height: int, orientation: Orientation) -> tuple[int, int]:
    """The size the screens draw at: width and height in the orientation's order (a
    "portrait" kiosk with the panel's 800 x 480 draws 480 x 800), or as written for "auto"."""
    if orientation == "auto":
        return (width, height)
    long, short = max(width, height), min(width, height)
    return (long, short) if orientation.startswith("landscape") else (short, long)
