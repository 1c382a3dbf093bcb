"""The kiosk's defaults are declared once (kiosk.defaults) and the example file shows them."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from kiosk.defaults import DEFAULTS
from kiosk.hub_client import HubClient
from kiosk.settings import KioskSettings, load_settings
from kiosk.sync_worker import SyncWorker

EXAMPLE = Path(__file__).resolve().parents[2] / "firmware_config" / "kiosk.example.toml"
# Keys of the example with no default: they name this kiosk, or come from the environment.
NO_DEFAULT = {"kiosk.id", "kiosk.hub_url", "kiosk.token", "kiosk.token_file", "hardware.backend"}


def _example() -> dict[str, dict[str, object]]:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def _defaults() -> dict[str, object]:
    flat: dict[str, object] = {}
    for section in dataclasses.fields(DEFAULTS):
        values = getattr(DEFAULTS, section.name)
        for item in dataclasses.fields(values):
            value = getattr(values, item.name)
            flat[f"{section.name}.{item.name}"] = list(value) if isinstance(value, tuple) else value
    return flat


def test_the_example_file_shows_every_default_with_its_value() -> None:
    shown = {
        f"{section}.{key}": value
        for section, keys in _example().items()
        for key, value in keys.items()
    }
    defaults = _defaults()
    assert {key: shown.get(key) for key in defaults} == defaults
    assert set(shown) - set(defaults) <= NO_DEFAULT


def test_a_file_without_optional_keys_gets_the_declared_defaults(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nid = "k-1"\nhub_url = "http://hub"\ntoken = "t"\n')
    settings = load_settings(path, env={})
    built = KioskSettings(kiosk_id="k-1", hub_url="http://hub", token="t", data_dir=tmp_path)
    for name in (
        "button_pins",
        "led_pins",
        "debounce_ms",
        "display_mode",
        "screen_size",
        "assume_clock_synced",
        "heartbeat_interval_s",
        "sync_idle_interval_s",
        "config_interval_s",
        "http_timeout_s",
    ):
        assert getattr(settings, name) == getattr(built, name), name
    assert settings.data_dir == tmp_path / DEFAULTS.kiosk.data_dir
    assert settings.sync_idle_interval_s == DEFAULTS.sync.idle_interval_s
    assert settings.http_timeout_s == DEFAULTS.sync.timeout_s


def test_the_parts_default_to_the_same_values() -> None:
    worker = SyncWorker.__init__.__kwdefaults__ or {}
    assert worker["idle_interval_s"] == DEFAULTS.sync.idle_interval_s
    assert worker["config_interval_s"] == DEFAULTS.sync.config_interval_s
    assert (HubClient.__init__.__kwdefaults__ or {})["timeout"] == DEFAULTS.sync.timeout_s
