"""The kiosk's settings, read from one TOML file (see firmware_config/kiosk.example.toml).

Every mistake is reported as a SettingsError naming the file and the key, e.g.
``/etc/storywall/kiosk.toml: hardware.leds: 4 buttons need 4 LEDs (or leds = [])``.
Relative paths in the file are relative to the file's own folder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.errors import SettingsError
from storywall.protocol.limits import MAX_EMOJI_PER_PROMPT, SLUG_PATTERN

# A kiosk's files inside its data folder.
OUTBOX_FILE = "outbox.sqlite3"
CONFIG_FILE = "config.json"

HardwareBackend = Literal["gpio", "mock"]
DisplayMode = Literal["auto", "fullscreen", "window", "headless"]
Pin = int | str

DEFAULT_BUTTON_PINS: tuple[Pin, ...] = (5, 6, 13, 19)
DEFAULT_LED_PINS: tuple[Pin, ...] = (12, 16, 20, 21)

_Positive = Annotated[float, Field(gt=0)]


class _Section(BaseModel):
    # strict: TOML is typed, so "300" where a number belongs is a mistake to report.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _KioskSection(_Section):
    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    hub_url: str
    token: Annotated[str, Field(min_length=1)] | None = None
    token_file: str | None = None
    data_dir: str = "/var/lib/storywall"
    heartbeat_interval_s: _Positive = 300.0
    assume_clock_synced: bool = False


class _HardwareSection(_Section):
    backend: HardwareBackend = "gpio"
    buttons: Annotated[list[Pin], Field(min_length=1, max_length=MAX_EMOJI_PER_PROMPT)] = list(
        DEFAULT_BUTTON_PINS
    )
    leds: Annotated[list[Pin], Field(max_length=MAX_EMOJI_PER_PROMPT)] = list(DEFAULT_LED_PINS)
    debounce_ms: Annotated[int, Field(ge=0, le=5000)] = 250


class _DisplaySection(_Section):
    mode: DisplayMode = "auto"
    width: Annotated[int, Field(gt=0, le=8192)] = 800
    height: Annotated[int, Field(gt=0, le=8192)] = 480


class _SyncSection(_Section):
    idle_interval_s: _Positive = 30.0
    config_interval_s: _Positive = 60.0
    timeout_s: _Positive = 15.0


class _File(_Section):
    kiosk: _KioskSection
    hardware: _HardwareSection = _HardwareSection()
    display: _DisplaySection = _DisplaySection()
    sync: _SyncSection = _SyncSection()


@dataclass(frozen=True)
class KioskSettings:
    """Everything a kiosk needs to start, validated."""

    kiosk_id: str
    hub_url: str
    token: str = field(repr=False)
    data_dir: Path
    hardware_backend: HardwareBackend = "gpio"
    button_pins: tuple[Pin, ...] = DEFAULT_BUTTON_PINS
    led_pins: tuple[Pin | None, ...] = DEFAULT_LED_PINS
    debounce_ms: int = 250
    display_mode: DisplayMode = "auto"
    screen_size: tuple[int, int] = (800, 480)
    assume_clock_synced: bool = False
    heartbeat_interval_s: float = 300.0
    sync_idle_interval_s: float = 30.0
    config_interval_s: float = 60.0
    http_timeout_s: float = 15.0
    source: Path | None = None

    @property
    def outbox_path(self) -> Path:
        """The SQLite outbox."""
        return self.data_dir / OUTBOX_FILE

    @property
    def config_path(self) -> Path:
        """The last configuration pulled from the hub."""
        return self.data_dir / CONFIG_FILE

    @classmethod
    def load(cls, path: Path | str) -> KioskSettings:
        """Read and check the TOML file at `path`."""
        return load_settings(path)


def load_settings(path: Path | str) -> KioskSettings:
    """Read and check the TOML file at `path`; raise SettingsError naming the bad key."""
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
    return _build(path, parsed)


def _build(path: Path, parsed: _File) -> KioskSettings:
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
    pins = [*hardware.buttons, *hardware.leds]
    if len(set(pins)) != len(pins):
        raise SettingsError(path, "hardware", "a pin is used twice among buttons and leds")
    leds: tuple[Pin | None, ...] = (
        tuple(hardware.leds) if hardware.leds else (None,) * len(hardware.buttons)
    )

    return KioskSettings(
        kiosk_id=kiosk.id,
        hub_url=kiosk.hub_url.rstrip("/"),
        token=token,
        data_dir=base / kiosk.data_dir,
        hardware_backend=hardware.backend,
        button_pins=tuple(hardware.buttons),
        led_pins=leds,
        debounce_ms=hardware.debounce_ms,
        display_mode=parsed.display.mode,
        screen_size=(parsed.display.width, parsed.display.height),
        assume_clock_synced=kiosk.assume_clock_synced,
        heartbeat_interval_s=kiosk.heartbeat_interval_s,
        sync_idle_interval_s=parsed.sync.idle_interval_s,
        config_interval_s=parsed.sync.config_interval_s,
        http_timeout_s=parsed.sync.timeout_s,
        source=path,
    )
